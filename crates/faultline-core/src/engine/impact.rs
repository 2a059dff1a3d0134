//! User impact of one failure over time, and the detection channels that
//! read it.
//!
//! A [`Profile`] is the bad-event fraction on every affected service as a
//! function of the seconds since the failure began, following its shape.
//! Its exact integral gives error budget burned; windowed averages of the
//! integral give multiwindow burn-rate alerts; its integral as a hazard
//! gives the time of the first customer complaint.

use crate::model::{ResolvedAlertRule, Shape};

/// Seconds in the on/off cycle of an intermittent failure, and how many of
/// them are "on".
pub const INTERMITTENT_PERIOD: i64 = crate::time::HOUR;
pub const INTERMITTENT_ON: i64 = 900;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Profile {
    pub shape: Shape,
    /// Peak bad-event fraction.
    pub severity: f64,
    /// Seconds until it ends on its own.
    pub duration: i64,
}

impl Profile {
    /// Bad-event fraction `tau` seconds after the start.
    pub fn at(&self, tau: i64) -> f64 {
        if tau < 0 || tau >= self.duration {
            return 0.0;
        }
        match self.shape {
            Shape::Sudden => self.severity,
            Shape::Ramp => self.severity * (tau as f64 / self.ramp()).min(1.0),
            Shape::Intermittent => {
                if tau % INTERMITTENT_PERIOD < INTERMITTENT_ON {
                    self.severity
                } else {
                    0.0
                }
            }
        }
    }

    /// Seconds a ramp takes to reach full severity: half its duration.
    fn ramp(&self) -> f64 {
        (self.duration as f64 / 2.0).max(1.0)
    }

    /// Bad-event seconds from the start to `tau`: the integral of [`Self::at`].
    pub fn integral(&self, tau: i64) -> f64 {
        let tau = tau.clamp(0, self.duration);
        let s = self.severity;
        match self.shape {
            Shape::Sudden => s * tau as f64,
            Shape::Ramp => {
                let r = self.ramp();
                let t = tau as f64;
                if t <= r {
                    s * t * t / (2.0 * r)
                } else {
                    s * r / 2.0 + s * (t - r)
                }
            }
            Shape::Intermittent => {
                let full = tau / INTERMITTENT_PERIOD;
                let rest = (tau % INTERMITTENT_PERIOD).min(INTERMITTENT_ON);
                s * (full * INTERMITTENT_ON + rest) as f64
            }
        }
    }

    /// Bad-event seconds in the window `(tau - w, tau]`.
    fn window(&self, tau: i64, w: i64) -> f64 {
        self.integral(tau) - self.integral(tau - w)
    }

    /// The first second, within the failure's duration and `limit`, at which
    /// both windows of a burn-rate rule average above its threshold for an
    /// SLO allowing `budget` bad fraction (1 − target). None if never.
    pub fn alert_time(&self, rule: &ResolvedAlertRule, budget: f64, limit: i64) -> Option<i64> {
        let threshold = rule.burn_rate * budget;
        let end = self.duration.min(limit);
        if self.severity < threshold || end < 1 {
            return None;
        }
        let need_long = threshold * rule.long_s as f64;
        let need_short = threshold * rule.short_s as f64;
        let holds =
            |t: i64| self.window(t, rule.long_s) >= need_long && self.window(t, rule.short_s) >= need_short;
        match self.shape {
            // Windowed averages of a non-decreasing impact never decrease
            // while it lasts, so the condition is monotone: bisect.
            Shape::Sudden | Shape::Ramp => {
                if !holds(end) {
                    return None;
                }
                let (mut lo, mut hi) = (0, end);
                while hi - lo > 1 {
                    let mid = lo + (hi - lo) / 2;
                    if holds(mid) {
                        hi = mid;
                    } else {
                        lo = mid;
                    }
                }
                Some(hi)
            }
            Shape::Intermittent => {
                // A window can hold at most this much of the on-phase; if even
                // that average is below the threshold, the rule never fires.
                let most = |w: i64| {
                    let on = (w / INTERMITTENT_PERIOD) * INTERMITTENT_ON
                        + (w % INTERMITTENT_PERIOD).min(INTERMITTENT_ON);
                    self.severity * on as f64
                };
                if most(rule.long_s) < need_long || most(rule.short_s) < need_short {
                    return None;
                }
                // Each window's bad seconds grow by at most `severity` a
                // second, so no firing can come sooner than the larger deficit
                // allows: jump there and look again.
                let mut t = 1;
                while t <= end {
                    let gap_long = need_long - self.window(t, rule.long_s);
                    let gap_short = need_short - self.window(t, rule.short_s);
                    if gap_long <= 0.0 && gap_short <= 0.0 {
                        return Some(t);
                    }
                    let gap = gap_long.max(gap_short);
                    t += ((gap / self.severity).ceil() as i64).max(1);
                }
                None
            }
        }
    }

    /// The first second at which the accumulated impact reaches `amount`
    /// bad-event seconds, if it does within the duration.
    pub fn time_to_accumulate(&self, amount: f64) -> Option<i64> {
        if self.integral(self.duration) < amount {
            return None;
        }
        let (mut lo, mut hi) = (0, self.duration);
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if self.integral(mid) >= amount {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        Some(hi)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(long_min: i64, short_min: i64, burn: f64) -> ResolvedAlertRule {
        ResolvedAlertRule { long_s: long_min * 60, short_s: short_min * 60, burn_rate: burn, page: true }
    }

    fn sudden(severity: f64) -> Profile {
        Profile { shape: Shape::Sudden, severity, duration: 30 * 86_400 }
    }

    #[test]
    fn workbook_detection_times_for_total_outage() {
        // SRE Workbook, table 5-8: 99.9% SLO, 100% errors.
        let p = sudden(1.0);
        let cases = [(rule(60, 5, 14.4), 52), (rule(360, 30, 6.0), 130), (rule(4_320, 360, 1.0), 260)];
        for (r, expected) in cases {
            assert_eq!(p.alert_time(&r, 0.001, i64::MAX), Some(expected), "{r:?}");
        }
    }

    #[test]
    fn slow_burn_below_threshold_never_fires() {
        let p = sudden(0.0009);
        for r in [rule(60, 5, 14.4), rule(360, 30, 6.0), rule(4_320, 360, 1.0)] {
            assert_eq!(p.alert_time(&r, 0.001, i64::MAX), None);
        }
    }

    #[test]
    fn intermittent_fires_only_when_a_window_can_hold_enough() {
        let p = Profile { shape: Shape::Intermittent, severity: 0.02, duration: 86_400 };
        // 1 h window holds 15 min of 2% = 0.5% average: below 14.4 × 0.1%.
        assert_eq!(p.alert_time(&rule(60, 5, 14.4), 0.001, i64::MAX), None);
        // 6 h window: 0.5% average is below 6 × 0.1% = 0.6%, so never.
        assert_eq!(p.alert_time(&rule(360, 30, 6.0), 0.001, i64::MAX), None);
        // 3 days at 1×: long window needs 259.2 bad seconds, reached on day 1
        // only after 259.2 / (0.02 × 900) = 14.4 on-phases.
        let t = p.alert_time(&rule(4_320, 360, 1.0), 0.001, i64::MAX).unwrap();
        assert!(p.integral(t) >= 259.2 && p.integral(t - 1) < 259.2, "fired at {t}");
    }

    #[test]
    fn integral_of_ramp_matches_sum_of_samples() {
        let p = Profile { shape: Shape::Ramp, severity: 0.3, duration: 7_200 };
        let sum: f64 = (0..7_200).map(|t| p.at(t)).sum();
        assert!((sum - p.integral(7_200)).abs() < 0.3 + 1e-9, "{sum} vs {}", p.integral(7_200));
    }
}
