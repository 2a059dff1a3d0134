//! A/B comparison of two designs on common random numbers: design B is run
//! on design A's failures and run settings, with the same seeds, so every
//! difference comes from where the lines between teams are drawn. Each
//! metric's difference is estimated from the paired per-run differences.

use super::montecarlo::{aggregate, mean_minutes, outcome_index, run_range, Aggregate, Estimate, RunSummary};
use super::report::{budget, duration, md_escape, minus_signs, signed_duration, Format};
use crate::engine::Outcome;
use crate::model::{validate, Problem, Scenario};
use serde::Serialize;
use std::fmt::Write;

/// One metric in both designs and the paired difference B − A.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Delta {
    pub metric: &'static str,
    /// How a person reads it: "silent degradation".
    pub label: &'static str,
    /// Whether it is a share of incidents (shown in percent and points).
    pub is_share: bool,
    /// Whether lower is better.
    pub lower_is_better: bool,
    pub a: f64,
    pub b: f64,
    pub diff: Estimate,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    pub a_title: String,
    pub b_title: String,
    pub runs: u32,
    pub seed: u64,
    pub a: Aggregate,
    pub b: Aggregate,
    pub deltas: Vec<Delta>,
    pub verdict: String,
}

/// Design B with A's failures and run settings, validated.
pub fn aligned(a: &Scenario, b: &Scenario) -> Result<Scenario, Vec<Problem>> {
    let mut file = b.file.clone();
    file.failures = a.file.failures.clone();
    file.settings = a.file.settings.clone();
    validate(file)
}

type Metric = (&'static str, &'static str, bool, bool, fn(&RunSummary) -> Option<f64>);

fn share(o: Outcome) -> impl Fn(&RunSummary) -> Option<f64> {
    move |r| r.share(o)
}

const METRICS: [Metric; 16] = [
    ("silent", "silent degradation", true, true, |r| share(Outcome::Silent)(r)),
    ("within_slo", "degradations the SLO allows", true, false, |r| share(Outcome::WithinSlo)(r)),
    ("deflected", "deflected incidents", true, true, |r| share(Outcome::Deflected)(r)),
    ("stalled", "stalled incidents", true, true, |r| share(Outcome::Stalled)(r)),
    ("unaccountable", "incidents nobody resolved (silent, deflected or stalled)", true, true, |r| {
        r.unaccountable_share()
    }),
    ("resolved", "incidents resolved by accountability", true, false, |r| share(Outcome::Resolved)(r)),
    ("resolved_after_bouncing", "incidents resolved only after bouncing", true, true, |r| {
        share(Outcome::ResolvedAfterBouncing)(r)
    }),
    ("fix_pending", "incidents whose fix is still in a backlog", true, true, |r| {
        share(Outcome::FixPending)(r)
    }),
    ("never_prioritised", "incidents whose fix was never prioritised", true, true, |r| {
        share(Outcome::NeverPrioritised)(r)
    }),
    ("fixed", "root causes fixed within the horizon", true, false, |r| r.fixed_share()),
    ("handoffs", "hand-offs per incident", false, true, |r| {
        (r.incidents > 0).then(|| f64::from(r.handoffs) / f64::from(r.incidents))
    }),
    ("detect_minutes", "mean time to detect", false, true, |r| mean_minutes(&r.detect)),
    ("mitigate_minutes", "mean time to mitigate", false, true, |r| r.mean_mitigate_minutes()),
    ("budget_consumed", "error budget consumed per SLO window", true, true, |r| {
        (!r.budget.is_empty()).then(|| r.budget.iter().sum::<f64>() / r.budget.len() as f64)
    }),
    ("windows_breached", "SLO windows in breach", true, true, |r| r.breach_share()),
    ("pages", "pages and tickets per run", false, true, |r| Some(r.pages as f64)),
];

/// Compares B against A over `runs` paired runs from `seed`.
pub fn compare(a: &Scenario, b: &Scenario, seed: u64, runs: u32) -> Result<Comparison, Vec<Problem>> {
    let b_aligned = aligned(a, b)?;
    let ra = run_range(a, seed, 0..runs);
    let rb = run_range(&b_aligned, seed, 0..runs);
    Ok(from_runs(a, &b_aligned, seed, &ra, &rb))
}

/// The names the two sides go by in the verdict, the tables and the chart:
/// their titles, unless those would read as one design — the same title
/// (ignoring case and surrounding spaces), as when a design is compared with
/// its own earlier version, or none at all. Then each says which side it is:
/// "Clear boundary (baseline)" and "Clear boundary (proposal)", so no verdict
/// names the same design twice. A is the baseline whose failures both ran
/// on; B is the proposal measured against it.
pub fn side_names(a: &str, b: &str) -> (String, String) {
    let (a, b) = (a.trim(), b.trim());
    let name = |t: &str| if t.is_empty() { "Untitled design".to_owned() } else { t.to_owned() };
    let (a, b) = (name(a), name(b));
    if a.to_lowercase() == b.to_lowercase() {
        (format!("{a} (baseline)"), format!("{b} (proposal)"))
    } else {
        (a, b)
    }
}

/// Builds the comparison from paired summaries (same indices on both sides).
pub fn from_runs(a: &Scenario, b: &Scenario, seed: u64, ra: &[RunSummary], rb: &[RunSummary]) -> Comparison {
    let deltas: Vec<Delta> = METRICS
        .iter()
        .map(|&(metric, label, is_share, lower_is_better, f)| {
            let va: Vec<f64> = ra.iter().filter_map(f).collect();
            let vb: Vec<f64> = rb.iter().filter_map(f).collect();
            let paired: Vec<f64> = ra.iter().zip(rb).filter_map(|(x, y)| Some(f(y)? - f(x)?)).collect();
            Delta {
                metric,
                label,
                is_share,
                lower_is_better,
                a: Estimate::of(&va).mean,
                b: Estimate::of(&vb).mean,
                diff: Estimate::of(&paired),
            }
        })
        .collect();
    let (a_title, b_title) = side_names(a.title(), b.title());
    let verdict = verdict(&a_title, &b_title, ra.len() as u32, &deltas);
    Comparison {
        a_title,
        b_title,
        runs: ra.len() as u32,
        seed,
        a: aggregate(a, ra),
        b: aggregate(b, rb),
        deltas,
        verdict,
    }
}

impl Delta {
    /// Whether the metric is a time in minutes (`detect_minutes`…), written
    /// as a duration.
    pub fn is_time(&self) -> bool {
        self.metric.ends_with("_minutes")
    }

    /// Whether the metric is a share of an error budget, which may pass 100%.
    pub fn is_budget(&self) -> bool {
        self.metric == "budget_consumed"
    }

    /// One side's value as a person reads it: "31%" for shares, "62% used"
    /// or "exhausted 5.8×" for a budget, "5.2 h" for a time, "2.4" otherwise.
    pub fn value_text(&self, x: f64) -> String {
        if self.is_budget() {
            budget(x)
        } else if self.is_share {
            format!("{:.0}%", x * 100.0)
        } else if self.is_time() {
            duration(x)
        } else {
            format!("{x:.1}")
        }
    }

    /// The paired difference with its interval: "+9.3 pts (+8.1 to +11.0)",
    /// "-1.2 h (-1.5 h to -54 min)" for a time.
    pub fn diff_text(&self) -> String {
        let d = &self.diff;
        if self.is_time() {
            let s = signed_duration;
            format!("{} ({} to {})", s(d.mean), s(d.ci_low), s(d.ci_high))
        } else if self.is_share {
            format!("{:+.1} pts ({:+.1} to {:+.1})", d.mean * 100.0, d.ci_low * 100.0, d.ci_high * 100.0)
        } else {
            format!("{:+.2} ({:+.2} to {:+.2})", d.mean, d.ci_low, d.ci_high)
        }
    }
}

fn fmt_ci(d: &Delta) -> String {
    minus_signs(&if d.is_share {
        format!("95% CI {:+.0} to {:+.0} points", d.diff.ci_low * 100.0, d.diff.ci_high * 100.0)
    } else {
        format!("95% CI {:+.1} to {:+.1}", d.diff.ci_low, d.diff.ci_high)
    })
}

/// The headline: the outcome share that moved most, if the move is clear.
fn verdict(a: &str, b: &str, runs: u32, deltas: &[Delta]) -> String {
    if deltas.iter().all(|d| d.diff.mean == 0.0 && d.diff.ci_low == 0.0 && d.diff.ci_high == 0.0) {
        return format!("No difference: {a} and {b} play out identically on these failures and seeds.");
    }
    let headline = [
        "silent",
        "deflected",
        "stalled",
        "unaccountable",
        "resolved",
        "never_prioritised",
        "windows_breached",
    ];
    let candidates = deltas.iter().filter(|d| headline.contains(&d.metric));
    let best = candidates
        .clone()
        .filter(|d| d.diff.is_clear())
        .max_by(|x, y| x.diff.mean.abs().total_cmp(&y.diff.mean.abs()));
    let Some(d) = best else {
        let biggest = candidates.max_by(|x, y| x.diff.mean.abs().total_cmp(&y.diff.mean.abs()));
        return match biggest {
            Some(d) => format!(
                "No clear difference between {a} and {b} over {runs} runs: the largest change, in {}, is within noise \
                 ({} → {}, {}).",
                d.label,
                d.value_text(d.a),
                d.value_text(d.b),
                fmt_ci(d)
            ),
            None => format!("No clear difference between {a} and {b} over {runs} runs."),
        };
    };
    let ratio = if d.a > 0.0 { d.b / d.a } else { f64::INFINITY };
    let verb = if d.b == 0.0 {
        "eliminates"
    } else if (0.4..=0.6).contains(&ratio) {
        "halves"
    } else if ratio < 0.4 {
        "more than halves"
    } else if ratio < 1.0 {
        "reduces"
    } else if (1.8..=2.2).contains(&ratio) {
        "doubles"
    } else {
        "raises"
    };
    let better = (d.diff.mean < 0.0) == d.lower_is_better;
    let of = if d.metric == "windows_breached" { "of SLO windows" } else { "of incidents" };
    format!(
        "{b} {verb} {}: {} → {} {of} ({}), {} than {a}.",
        d.label,
        d.value_text(d.a),
        d.value_text(d.b),
        fmt_ci(d),
        if better { "better" } else { "worse" }
    )
}

impl Comparison {
    pub fn render(&self, format: Format) -> String {
        match format {
            // Plain data with string keys always serializes.
            Format::Json => serde_json::to_string_pretty(self).expect("comparisons serialize") + "\n",
            Format::Csv => {
                let mut s = String::from("metric,a,b,diff,ci95_low,ci95_high\n");
                for d in &self.deltas {
                    let _ = writeln!(
                        s,
                        "{},{},{},{},{},{}",
                        d.metric, d.a, d.b, d.diff.mean, d.diff.ci_low, d.diff.ci_high
                    );
                }
                s
            }
            Format::Md => self.markdown(),
        }
    }

    fn markdown(&self) -> String {
        let (a, b) = (md_escape(&self.a_title), md_escape(&self.b_title));
        let mut s = format!("# {a} vs {b}\n\n**{}**\n\n", md_escape(&self.verdict));
        let _ = writeln!(
            s,
            "Both designs ran on the same failures and the same {} seeds from seed {} (common random numbers); \
             differences are B − A with 95% confidence intervals from the paired runs.\n",
            self.runs, self.seed
        );
        let _ = writeln!(s, "| Metric | A: {a} | B: {b} | B − A (95% CI) |\n| --- | ---: | ---: | ---: |");
        for d in &self.deltas {
            let diff = d.diff_text();
            let _ = writeln!(s, "| {} | {} | {} | {} |", d.label, d.value_text(d.a), d.value_text(d.b), diff);
        }
        let _ = writeln!(s, "\n| Outcome | A incidents | B incidents |\n| --- | ---: | ---: |");
        for o in Outcome::ALL {
            let i = outcome_index(o);
            let _ = writeln!(
                s,
                "| {} | {} | {} |",
                o.label(),
                self.a.outcomes[i].count,
                self.b.outcomes[i].count
            );
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::side_names;

    #[test]
    fn two_sides_never_go_by_one_name() {
        let check = |a: &str, b: &str, expected: (&str, &str)| {
            assert_eq!(side_names(a, b), (expected.0.to_owned(), expected.1.to_owned()), "{a:?} vs {b:?}");
        };
        check("Today's org", "Platform owns SLOs", ("Today's org", "Platform owns SLOs"));
        check("Clear boundary", "Clear boundary", ("Clear boundary (baseline)", "Clear boundary (proposal)"));
        check(
            "Clear boundary ",
            "clear boundary",
            ("Clear boundary (baseline)", "clear boundary (proposal)"),
        );
        check("", "Proposal", ("Untitled design", "Proposal"));
        check("", "  ", ("Untitled design (baseline)", "Untitled design (proposal)"));
        check("Clear boundary", "Clear boundary (edited)", ("Clear boundary", "Clear boundary (edited)"));
    }
}
