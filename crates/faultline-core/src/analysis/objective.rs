//! What the advisor and the sensitivity sweep try to improve: one number
//! per run, read from its summary, with the direction that is better.
//!
//! Every objective is a metric the comparison already shows, so a
//! suggestion's effect reads the same way as a comparison's row.

use super::montecarlo::{Estimate, RunSummary};
use super::report::{duration, signed_duration};
use crate::engine::Outcome;
use serde::Serialize;

/// The number a leader wants to move.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Objective {
    /// Share of incidents ending silent, deflected or stalled: nobody
    /// resolved them.
    Silent,
    /// Share of SLO windows, over every service, whose budget ran out.
    Breach,
    /// Mean time from an incident's start to its mitigation.
    Mitigate,
    /// Share of the root causes someone acted on that were fixed in the horizon.
    Fixed,
}

impl Objective {
    pub const ALL: [Objective; 4] =
        [Objective::Silent, Objective::Breach, Objective::Mitigate, Objective::Fixed];

    /// The name on the command line and in JSON.
    pub fn key(self) -> &'static str {
        match self {
            Objective::Silent => "silent",
            Objective::Breach => "breach",
            Objective::Mitigate => "mitigate",
            Objective::Fixed => "fixed",
        }
    }

    /// How a person reads it.
    pub fn label(self) -> &'static str {
        match self {
            Objective::Silent => "incidents ending silent, deflected or stalled",
            Objective::Breach => "SLO windows in breach",
            Objective::Mitigate => "mean time to mitigate",
            Objective::Fixed => "root causes fixed within the horizon",
        }
    }

    /// The objective named `key` (its key, or a few words a person would type).
    pub fn parse(key: &str) -> Option<Objective> {
        let key = key.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        Some(match key.as_str() {
            "silent" | "unaccountable" | "silent_deflected_stalled" => Objective::Silent,
            "breach" | "breaches" | "windows_breached" | "slo" => Objective::Breach,
            "mitigate" | "mitigation" | "time_to_mitigate" | "mttm" => Objective::Mitigate,
            "fixed" | "fixes" | "root_causes_fixed" => Objective::Fixed,
            _ => return None,
        })
    }

    pub fn lower_is_better(self) -> bool {
        !matches!(self, Objective::Fixed)
    }

    /// Whether it is a share (shown in percent, differences in points);
    /// otherwise it is a time in minutes.
    pub fn is_share(self) -> bool {
        !matches!(self, Objective::Mitigate)
    }

    /// Its value in one run; `None` when the run has nothing to measure (no
    /// incident, no mitigation, no SLO window, no root cause acted on).
    pub fn value(self, r: &RunSummary) -> Option<f64> {
        match self {
            Objective::Silent => r.share_of(&[Outcome::Silent, Outcome::Deflected, Outcome::Stalled]),
            Objective::Breach => r.breach_share(),
            Objective::Mitigate => r.mean_mitigate_minutes(),
            Objective::Fixed => r.fixed_share(),
        }
    }

    /// Its mean over runs, with the 95% interval.
    pub fn estimate(self, runs: &[RunSummary]) -> Estimate {
        let v: Vec<f64> = runs.iter().filter_map(|r| self.value(r)).collect();
        Estimate::of(&v)
    }

    /// The paired difference `b − a` over runs made on the same seeds (run
    /// `i` of each side), leaving out pairs where either side has nothing to
    /// measure.
    pub fn paired(self, a: &[RunSummary], b: &[RunSummary]) -> Estimate {
        let d: Vec<f64> =
            a.iter().zip(b).filter_map(|(x, y)| Some(self.value(y)? - self.value(x)?)).collect();
        Estimate::of(&d)
    }

    /// A difference turned so that positive is better.
    pub fn gain(self, diff: f64) -> f64 {
        if self.lower_is_better() {
            -diff
        } else {
            diff
        }
    }

    /// A value as shown: "42.1%" or "3.2 h".
    pub fn show(self, v: f64) -> String {
        if self.is_share() {
            format!("{:.1}%", v * 100.0)
        } else {
            duration(v)
        }
    }

    /// A difference as shown, as the comparison shows one: "-12.4 pts" or "-1.5 h".
    pub fn show_diff(self, d: f64) -> String {
        if self.is_share() {
            format!("{:+.1} pts", d * 100.0)
        } else {
            signed_duration(d)
        }
    }

    /// A difference with its interval: "-12.4 pts (-14.0 to -10.9)".
    pub fn show_estimate(self, e: &Estimate) -> String {
        format!("{} ({} to {})", self.show_diff(e.mean), self.show_diff(e.ci_low), self.show_diff(e.ci_high))
    }
}

impl std::fmt::Display for Objective {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_objective_parses_from_its_key() {
        for o in Objective::ALL {
            assert_eq!(Objective::parse(o.key()), Some(o));
        }
        assert_eq!(Objective::parse("Time to mitigate"), Some(Objective::Mitigate));
        assert_eq!(Objective::parse("speed"), None);
    }

    #[test]
    fn gain_is_positive_when_better() {
        assert!(Objective::Silent.gain(-0.1) > 0.0);
        assert!(Objective::Fixed.gain(0.1) > 0.0);
        assert_eq!(Objective::Silent.show_diff(-0.124), "-12.4 pts");
    }
}
