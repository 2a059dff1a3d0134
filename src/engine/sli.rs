//! A service's SLI: the bad-event fraction of every impact reaching it,
//! combined as independent failures (1 − Π(1 − eᵢ)), with its exact
//! integral over any interval and the first time a burn-rate rule or a
//! budget is reached on it.
//!
//! One impact alone takes the closed forms of [`Profile`]; several are
//! integrated piece by piece: between breakpoints every impact is linear in
//! time, so the product is a polynomial integrated exactly.

use super::impact::{Profile, INTERMITTENT_ON, INTERMITTENT_PERIOD};
use super::Time;
use crate::model::{AlertRuleR, Shape};

/// One failure's impact on a service: `profile` from `start`, cut at `end`
/// (mitigation, a fix, or the failure's natural end).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Impact {
    pub start: Time,
    pub end: Time,
    pub profile: Profile,
}

impl Impact {
    /// Bad-event seconds from the start up to absolute time `t`.
    fn cumulative(&self, t: Time) -> f64 {
        self.profile.integral(t.min(self.end) - self.start)
    }

    /// Bad-event seconds within `[a, b]`.
    fn between(&self, a: Time, b: Time) -> f64 {
        if b <= a {
            return 0.0;
        }
        self.cumulative(b) - self.cumulative(a)
    }

    fn overlaps(&self, a: Time, b: Time) -> bool {
        self.start < b && self.end.min(self.start + self.profile.duration) > a && self.profile.severity > 0.0
    }

    /// Value and slope at the midpoint `m` of a piece with no breakpoint inside.
    fn linear_at(&self, m: f64) -> (f64, f64) {
        let tau = m - self.start as f64;
        let p = &self.profile;
        let end = (self.end.min(self.start + p.duration) - self.start) as f64;
        if tau < 0.0 || tau >= end {
            return (0.0, 0.0);
        }
        match p.shape {
            Shape::Sudden => (p.severity, 0.0),
            Shape::Ramp => {
                let r = (p.duration as f64 / 2.0).max(1.0);
                if tau < r {
                    (p.severity * tau / r, p.severity / r)
                } else {
                    (p.severity, 0.0)
                }
            }
            Shape::Intermittent => {
                let period = INTERMITTENT_PERIOD as f64;
                let phase = tau - period * (tau / period).floor();
                (if phase < INTERMITTENT_ON as f64 { p.severity } else { 0.0 }, 0.0)
            }
        }
    }

    /// Where the impact changes form within `(a, b)`.
    fn breakpoints(&self, a: f64, b: f64, out: &mut Vec<f64>) {
        let s = self.start as f64;
        let end = (self.end.min(self.start + self.profile.duration)) as f64;
        let mut push = |x: f64| {
            if x > a && x < b {
                out.push(x);
            }
        };
        push(s);
        push(end);
        match self.profile.shape {
            Shape::Sudden => {}
            Shape::Ramp => push(s + (self.profile.duration as f64 / 2.0).max(1.0)),
            Shape::Intermittent => {
                let period = INTERMITTENT_PERIOD as f64;
                let first = ((a - s) / period).floor().max(0.0);
                let mut k = first;
                while s + k * period < b.min(end) {
                    push(s + k * period);
                    push(s + k * period + INTERMITTENT_ON as f64);
                    k += 1.0;
                }
            }
        }
    }
}

/// The impacts that hurt within `[a, b)`.
fn live_in(impacts: &[Impact], a: Time, b: Time) -> Vec<&Impact> {
    impacts.iter().filter(|i| i.overlaps(a, b)).collect()
}

/// Walks `[a, b]` piece by piece (no impact changes form inside a piece)
/// and hands each piece to `f` with the coefficients of Π(1 − eᵢ) as a
/// polynomial in (τ − midpoint). `f` returns false to stop.
fn pieces(live: &[&Impact], a: Time, b: Time, mut f: impl FnMut(f64, f64, f64, &[f64]) -> bool) {
    let (fa, fb) = (a as f64, b as f64);
    let mut cuts = vec![fa, fb];
    for i in live {
        i.breakpoints(fa, fb, &mut cuts);
    }
    cuts.sort_by(f64::total_cmp);
    cuts.dedup();
    // Sweep: only the impacts under a piece enter its product, so the cost
    // follows how many overlap, not how many the span holds.
    let mut order: Vec<&Impact> = live.to_vec();
    order.sort_by_key(|i| i.start);
    let mut next = 0;
    let mut active: Vec<&Impact> = Vec::new();
    let mut poly: Vec<f64> = Vec::with_capacity(live.len() + 1);
    for w in cuts.windows(2) {
        let (u, v) = (w[0], w[1]);
        let m = (u + v) / 2.0;
        while next < order.len() && (order[next].start as f64) <= m {
            active.push(order[next]);
            next += 1;
        }
        active.retain(|i| (i.end.min(i.start + i.profile.duration) as f64) > m);
        poly.clear();
        poly.push(1.0);
        for i in &active {
            let (e, slope) = i.linear_at(m);
            if e == 0.0 && slope == 0.0 {
                continue;
            }
            poly.push(0.0);
            for k in (0..poly.len()).rev() {
                let lower = if k > 0 { poly[k - 1] } else { 0.0 };
                poly[k] = poly[k] * (1.0 - e) - slope * lower;
            }
        }
        if !f(u, v, m, &poly) {
            return;
        }
    }
}

/// Bad-event seconds over `[u, t]` of a piece centred on `m`: the length
/// less the integral of the good-event product.
fn bad_over(poly: &[f64], m: f64, u: f64, t: f64) -> f64 {
    let (x0, x1) = (u - m, t - m);
    // Powers by repeated multiplication: exact to the same bit everywhere.
    let (mut p0, mut p1, mut good) = (1.0, 1.0, 0.0);
    for (n, c) in poly.iter().enumerate() {
        p0 *= x0;
        p1 *= x1;
        good += c * (p1 - p0) / (n + 1) as f64;
    }
    ((t - u) - good).max(0.0)
}

/// The combined series' cumulative bad seconds over `[lo, hi]`, tabulated
/// once piece by piece so any window within it costs a binary search.
pub struct Series {
    lo: Time,
    hi: Time,
    /// Per piece: start, midpoint, cumulative bad seconds at its start, and
    /// where its coefficients begin in `coefficients`.
    pieces: Vec<(f64, f64, f64, usize)>,
    coefficients: Vec<f64>,
    total: f64,
}

impl Series {
    pub fn new(impacts: &[Impact], lo: Time, hi: Time) -> Self {
        let live = live_in(impacts, lo, hi);
        let mut out = Self { lo, hi, pieces: Vec::new(), coefficients: Vec::new(), total: 0.0 };
        if hi > lo && !live.is_empty() {
            pieces(&live, lo, hi, |u, v, m, poly| {
                out.pieces.push((u, m, out.total, out.coefficients.len()));
                out.coefficients.extend_from_slice(poly);
                out.total += bad_over(poly, m, u, v);
                true
            });
        }
        out
    }

    /// Bad-event seconds from `lo` to `t` (clamped to the tabulated span).
    pub fn cum(&self, t: Time) -> f64 {
        let t = t.clamp(self.lo, self.hi) as f64;
        let k = self.pieces.partition_point(|p| p.0 <= t);
        if k == 0 {
            return 0.0;
        }
        let (u, m, before, at) = self.pieces[k - 1];
        let end = self.pieces.get(k).map_or(self.coefficients.len(), |p| p.3);
        before + bad_over(&self.coefficients[at..end], m, u, t)
    }
}

/// Bad-event seconds of the combined series over `[a, b]`.
pub fn combined(impacts: &[Impact], a: Time, b: Time) -> f64 {
    if b <= a {
        return 0.0;
    }
    let live = live_in(impacts, a, b);
    match live.as_slice() {
        [] => 0.0,
        [one] => one.between(a, b),
        _ => {
            let mut total = 0.0;
            pieces(&live, a, b, |u, v, m, poly| {
                total += bad_over(poly, m, u, v);
                true
            });
            total
        }
    }
}

/// The largest combined bad fraction the impacts can reach from `from` on.
fn ceiling(impacts: &[Impact], from: Time) -> f64 {
    1.0 - impacts
        .iter()
        .filter(|i| i.end.min(i.start + i.profile.duration) > from)
        .map(|i| 1.0 - i.profile.severity)
        .product::<f64>()
}

/// When the last of the impacts ends.
fn last_end(impacts: &[Impact]) -> Time {
    impacts.iter().map(|i| i.end.min(i.start + i.profile.duration)).max().unwrap_or(0)
}

/// The first second in `[from, limit)` at which both windows of `rule`,
/// read by an SLI that sees `seen` of the bad events, burn the budget
/// `budget` (1 − target) at the rule's rate. None if it never does while the
/// impacts last.
pub fn alert_time(
    impacts: &[Impact],
    seen: f64,
    budget: f64,
    rule: &AlertRuleR,
    from: Time,
    limit: Time,
) -> Option<Time> {
    alert_times(impacts, seen, budget, std::slice::from_ref(rule), from, limit)[0]
}

/// [`alert_time`] for several rules at once, sharing one tabulated series.
pub fn alert_times(
    impacts: &[Impact],
    seen: f64,
    budget: f64,
    rules: &[AlertRuleR],
    from: Time,
    limit: Time,
) -> Vec<Option<Time>> {
    let mut out: Vec<Option<Time>> = vec![None; rules.len()];
    let last = last_end(impacts).min(limit);
    let top = seen * ceiling(impacts, from);
    if top <= 0.0 || from >= last {
        return out;
    }
    let longest = rules.iter().map(|r| r.long_s).max().unwrap_or(0);
    // (rule index, where its search may stop, bad seconds each window needs)
    let mut jobs: Vec<(usize, Time, f64, f64)> = Vec::new();
    for (k, rule) in rules.iter().enumerate() {
        let threshold = rule.burn_rate * budget;
        // Below the threshold rate, only what is already in the long window
        // can make it fire, and that leaves the window within its length.
        let end = if top < threshold { last.min(from + rule.long_s) } else { last };
        let (need_long, need_short) = (threshold * rule.long_s as f64, threshold * rule.short_s as f64);
        // One impact with nothing else in the long window: the closed form.
        if let [one] = live_in(impacts, from - rule.long_s, end).as_slice() {
            if one.end >= one.start + one.profile.duration.min(limit - one.start) {
                // Seeing a share of the bad events is a budget that much larger.
                out[k] = one.profile.alert_time(rule, budget / seen, limit - one.start).and_then(|t| {
                    let t = t + one.start;
                    if t >= from {
                        return Some(t);
                    }
                    let s = Series::new(impacts, from - rule.long_s, from);
                    let (long, short) =
                        (s.cum(from) - s.cum(from - rule.long_s), s.cum(from) - s.cum(from - rule.short_s));
                    (seen * long >= need_long && seen * short >= need_short).then_some(from)
                });
                continue;
            }
        }
        jobs.push((k, end, need_long, need_short));
    }
    // Most alerts fire within hours or not at all: tabulate a short span
    // first and only look further when a search runs past it.
    let Some(end_all) = jobs.iter().map(|j| j.1).max() else { return out };
    let mut span = (from + 2 * longest.max(3_600)).min(end_all);
    loop {
        let series = Series::new(impacts, from - longest, span);
        jobs.retain(|&(k, end, need_long, need_short)| {
            let rule = &rules[k];
            let gap = |t: Time| {
                let now = series.cum(t);
                let long = need_long - seen * (now - series.cum(t - rule.long_s));
                let short = need_short - seen * (now - series.cum(t - rule.short_s));
                long.max(short)
            };
            let stop = span.min(end);
            match search(gap, from, stop, top) {
                Some(t) => {
                    out[k] = Some(t);
                    false
                }
                None => stop < end,
            }
        });
        if jobs.is_empty() || span >= end_all {
            return out;
        }
        span = (from + 4 * (span - from)).min(end_all);
    }
}

/// The first second in `[from, stop)` at which `gap` is not positive, for a
/// gap that closes at most `top` a second.
fn search(gap: impl Fn(Time) -> f64, from: Time, stop: Time, top: f64) -> Option<Time> {
    // Windows gain at most `top` bad seconds a second, so the first firing
    // cannot come sooner than the larger deficit allows: jump there.
    let mut t = from;
    for _ in 0..48 {
        let g = gap(t);
        if g <= 0.0 {
            return Some(t);
        }
        t += ((g / top).ceil() as Time).max(1);
        if t >= stop {
            return None;
        }
    }
    // Slow convergence (a ramp read by a short window): gallop forward to a
    // time that fires, then bisect back to the first that does.
    let mut lo = t;
    let mut step = 60;
    let mut hi = loop {
        let probe = (lo + step).min(stop - 1);
        if gap(probe) <= 0.0 {
            break probe;
        }
        if probe >= stop - 1 {
            return None;
        }
        lo = probe;
        step *= 2;
    };
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if gap(mid) <= 0.0 {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Some(hi)
}

#[cfg(test)]
#[path = "sli_tests.rs"]
mod tests;
