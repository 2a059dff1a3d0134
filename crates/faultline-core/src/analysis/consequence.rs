//! What a finding costs, counterfactually: the design against the design
//! with that one finding mended (see [`super::mend`]), run on the same
//! failures and the same seeds (common random numbers), reduced to the
//! paired per-run differences of the metrics that tell the finding's story.
//!
//! A raw share ("46% of paved-road incidents deflected") says nothing on its
//! own, since a good design may score the same; the difference mending makes
//! does, and its 95% interval says whether it is distinguishable from none.

use super::compare::Delta;
use super::montecarlo::{Estimate, RunSummary};
use super::report::{duration, minus_signs, signed_duration};
use crate::engine::Outcome;
use serde::Serialize;

/// The paired runs behind the consequences: run `i` of the design and of
/// every mended design uses `run_seed(seed, i)`, for `i` in `0..runs`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Paired {
    pub seed: u64,
    pub runs: u32,
}

/// One finding's simulated consequence.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Consequence {
    /// What was mended, in words: "Platform Engineering alone owning Deploy
    /// and rollout system".
    pub mended: String,
    pub seed: u64,
    pub runs: u32,
    /// The story's metrics: `a` is the design, `b` the mended design, and
    /// `diff` the paired difference b − a with its 95% interval.
    pub deltas: Vec<Delta>,
}

type Metric = (&'static str, &'static str, bool, fn(&RunSummary) -> Option<f64>);

const DEFLECTED_OR_NEVER: Metric =
    ("deflected_or_never_prioritised", "deflected or never-prioritised incidents", true, |r| {
        Some(r.share(Outcome::Deflected)? + r.share(Outcome::NeverPrioritised)?)
    });
const NEVER_PRIORITISED: Metric =
    ("never_prioritised", "never-prioritised incidents", true, |r| r.share(Outcome::NeverPrioritised));
const HANDOFFS: Metric = ("handoffs", "hand-offs per incident", false, |r| {
    (r.incidents > 0).then(|| f64::from(r.handoffs) / f64::from(r.incidents))
});
const UNACCOUNTABLE: Metric =
    ("unaccountable", "incidents nobody resolved (silent, deflected or stalled)", true, |r| {
        r.unaccountable_share()
    });
const SILENT: Metric = ("silent", "silent incidents", true, |r| r.share(Outcome::Silent));
const BREACHED: Metric = ("windows_breached", "SLO windows in breach", true, |r| r.breach_share());
const MITIGATE: Metric = ("mitigate_minutes", "mean time to mitigate", false, |r| r.mean_mitigate_minutes());

/// The metrics that tell a finding's story, headline first; every one of
/// them is better lower. `None` for findings without a consequence.
fn story(code: &str) -> Option<&'static [Metric]> {
    Some(match code {
        "simple_test_drift" | "no_policy_owner" => &[DEFLECTED_OR_NEVER],
        "orphan" | "shared" | "ghost_owner" => &[HANDOFFS, UNACCOUNTABLE],
        // Toil starves the fix lane before coverage: reliability hours pay
        // for on-call, policy and measurement first, and fixes get the rest.
        "sre_toil" => &[NEVER_PRIORITISED, SILENT, BREACHED],
        "no_slo_owner" | "no_ux_owner" | "no_working_slo" => &[SILENT, BREACHED],
        "no_incident_owner" | "owner_without_on_call" => &[MITIGATE],
        _ => return None,
    })
}

/// The consequence of mending `code` (described by `mended`) from paired
/// summaries: `design[i]` and `mended_runs[i]` ran on the same seed.
pub fn paired(
    code: &str,
    mended: String,
    seed: u64,
    design: &[RunSummary],
    mended_runs: &[RunSummary],
) -> Option<Consequence> {
    let deltas = story(code)?
        .iter()
        .map(|&(metric, label, is_share, f)| {
            let va: Vec<f64> = design.iter().filter_map(f).collect();
            let vb: Vec<f64> = mended_runs.iter().filter_map(f).collect();
            let diffs: Vec<f64> =
                design.iter().zip(mended_runs).filter_map(|(a, b)| Some(f(b)? - f(a)?)).collect();
            Delta {
                metric,
                label,
                is_share,
                lower_is_better: true,
                a: Estimate::of(&va).mean,
                b: Estimate::of(&vb).mean,
                diff: Estimate::of(&diffs),
            }
        })
        .collect();
    Some(Consequence { mended, seed, runs: design.len() as u32, deltas })
}

/// A number with a true minus sign, as in "−29".
fn signed(x: f64, decimals: usize) -> String {
    let s = format!("{x:+.decimals$}");
    // "-0" and "+0" read as zero.
    if s[1..].chars().all(|c| c == '0' || c == '.') {
        return s[1..].to_owned();
    }
    minus_signs(&s)
}

/// How one metric's values and differences are written.
struct Unit {
    scale: f64,
    decimals: usize,
    /// After a value ("%").
    value: &'static str,
    /// After a difference (" points").
    diff: &'static str,
}

fn unit(d: &Delta) -> Unit {
    let biggest = |xs: &[f64]| xs.iter().fold(0.0f64, |m, x| m.max(x.abs()));
    if d.is_share {
        // Differences under ten points get a decimal, so that a small but
        // clear change does not read as "from 48% to 48%".
        let change = biggest(&[d.diff.mean, d.diff.ci_low, d.diff.ci_high]);
        let small = change > 0.0 && change < 0.1;
        Unit { scale: 100.0, decimals: usize::from(small), value: "%", diff: " points" }
    } else {
        Unit { scale: 1.0, decimals: 2, value: "", diff: "" }
    }
}

/// One metric's clause: "cut hand-offs per incident from 1.90 to 1.05
/// (−0.85, 95% CI −0.92 to −0.78)".
fn clause(d: &Delta) -> String {
    let u = unit(d);
    // Times are written as every view writes a duration ("5.2 h", "40 min"),
    // each number with its own unit.
    let v = |x: f64| {
        if d.is_time() {
            duration(x)
        } else {
            format!("{:.*}{}", u.decimals, x * u.scale, u.value)
        }
    };
    let sv = |x: f64| {
        if d.is_time() {
            minus_signs(&signed_duration(x))
        } else {
            signed(x * u.scale, u.decimals)
        }
    };
    let diff_unit = if d.is_time() { "" } else { u.diff };
    let e = &d.diff;
    if e.mean == 0.0 && e.ci_low == 0.0 && e.ci_high == 0.0 {
        return format!("leave {} unchanged at {}", d.label, v(d.a));
    }
    let numbers = |tail: &str| {
        format!(
            "from {} to {} ({}{diff_unit}, 95% CI {} to {}{tail})",
            v(d.a),
            v(d.b),
            sv(e.mean),
            sv(e.ci_low),
            sv(e.ci_high)
        )
    };
    if !e.is_clear() {
        format!("change {} {}", d.label, numbers(": not distinguishable from no change"))
    } else if e.mean < 0.0 {
        format!("cut {} {}", d.label, numbers(""))
    } else {
        format!("raise {} {}", d.label, numbers(""))
    }
}

impl Consequence {
    /// "mending it (Platform Engineering alone owning Deploy and rollout
    /// system) would cut deflected or never-prioritised incidents from 31% to
    /// 2% (−29 points, 95% CI −31 to −27) over 100 paired runs".
    pub fn sentence(&self) -> String {
        let clauses: Vec<String> = self.deltas.iter().map(clause).collect();
        let clauses = match clauses.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
            _ => clauses.concat(),
        };
        format!(
            "mending it ({}) would {} over {} paired run{}",
            self.mended,
            clauses,
            self.runs,
            if self.runs == 1 { "" } else { "s" }
        )
    }
}
