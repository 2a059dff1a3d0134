//! The presets' stories, measured: every preset over the same failures and
//! seeds, each anti-pattern on the measure its story is about, beside the
//! clear boundary on that measure. The README's preset table and the
//! calibration tests both come from here.

use super::montecarlo::{run_range, Estimate, RunSummary};
use crate::engine::Outcome;
use crate::model::{presets, validate, Scenario};
use std::fmt::Write;

/// What a preset's story is about, as a number per run.
#[derive(Clone, Copy)]
pub struct Story {
    pub label: &'static str,
    pub is_share: bool,
    pub lower_is_better: bool,
    pub per_run: fn(&RunSummary) -> Option<f64>,
}

/// The measure each preset's story is told by; None for the clear boundary,
/// which is what the others are measured against.
pub fn story(id: &str) -> Option<Story> {
    Some(match id {
        "sre-absorbed" => Story {
            label: "incidents left unattended (silent, deflected, stalled or never prioritised)",
            is_share: true,
            lower_is_better: true,
            per_run: |r| {
                r.share_of(&[
                    Outcome::Silent,
                    Outcome::Deflected,
                    Outcome::Stalled,
                    Outcome::NeverPrioritised,
                ])
            },
        },
        "no-sre" => Story {
            label: "incidents deflected as working as designed",
            is_share: true,
            lower_is_better: true,
            per_run: |r| r.share_of(&[Outcome::Deflected]),
        },
        "shared-deploy" => Story {
            label: "hand-offs per detected incident",
            is_share: false,
            lower_is_better: true,
            per_run: |r| (r.detected > 0).then(|| f64::from(r.handoffs) / f64::from(r.detected)),
        },
        "orphaned-provisioning" => Story {
            label: "incidents resolved only after bouncing",
            is_share: true,
            lower_is_better: true,
            per_run: |r| r.share_of(&[Outcome::ResolvedAfterBouncing]),
        },
        _ => return None,
    })
}

/// One preset measured over a set of runs.
pub struct PresetRow {
    pub id: &'static str,
    pub title: &'static str,
    pub incidents: Estimate,
    pub silent: Estimate,
    pub deflected: Estimate,
    pub never_prioritised: Estimate,
    pub fixed: Estimate,
    /// Fixed within the horizon, or in a backlog with a date.
    pub fixed_or_dated: Estimate,
    pub breached: Estimate,
    /// The lowest, over its services, share of runs meeting the SLO.
    pub slo_met: f64,
    /// Its story's measure here and on the clear boundary, same seeds.
    pub story: Option<(Story, Estimate, Estimate)>,
}

fn estimate(runs: &[RunSummary], f: impl Fn(&RunSummary) -> Option<f64>) -> Estimate {
    Estimate::of(&runs.iter().filter_map(f).collect::<Vec<_>>())
}

fn scenario(id: &str) -> Scenario {
    // The presets are built in code and tested to validate.
    validate(presets::preset(id).expect("a listed preset")).expect("presets validate")
}

/// Every preset over `runs` runs from `seed`.
pub fn preset_rows(seed: u64, runs: u32) -> Vec<PresetRow> {
    let clear = run_range(&scenario(presets::DEFAULT_PRESET), seed, 0..runs);
    presets::PRESETS
        .iter()
        .map(|p| {
            let rs = if p.id == presets::DEFAULT_PRESET {
                clear.clone()
            } else {
                run_range(&scenario(p.id), seed, 0..runs)
            };
            let services = rs.first().map_or(0, |r| r.breached.len());
            let slo_met = (0..services)
                .map(|k| rs.iter().filter(|r| r.breached[k] == 0).count() as f64 / rs.len().max(1) as f64)
                .fold(1.0, f64::min);
            PresetRow {
                id: p.id,
                title: p.title,
                incidents: estimate(&rs, |r| Some(f64::from(r.incidents))),
                silent: estimate(&rs, |r| r.share(Outcome::Silent)),
                deflected: estimate(&rs, |r| r.share(Outcome::Deflected)),
                never_prioritised: estimate(&rs, |r| r.share(Outcome::NeverPrioritised)),
                fixed: estimate(&rs, RunSummary::fixed_share),
                fixed_or_dated: estimate(&rs, |r| {
                    (r.roots_detected > 0).then(|| f64::from(r.roots_dated) / f64::from(r.roots_detected))
                }),
                breached: estimate(&rs, RunSummary::breach_share),
                slo_met,
                story: story(p.id).map(|s| (s, estimate(&rs, s.per_run), estimate(&clear, s.per_run))),
            }
        })
        .collect()
}

fn pct(e: &Estimate) -> String {
    format!("{:.1}%", e.mean * 100.0)
}

fn with_ci(e: &Estimate, is_share: bool) -> String {
    if is_share {
        format!("{:.1}% ({:.1}–{:.1})", e.mean * 100.0, e.ci_low * 100.0, e.ci_high * 100.0)
    } else {
        format!("{:.2} ({:.2}–{:.2})", e.mean, e.ci_low, e.ci_high)
    }
}

/// The preset table as Markdown.
pub fn markdown(rows: &[PresetRow], seed: u64, runs: u32) -> String {
    let mut s = format!(
        "Every preset over the same {runs} runs from seed {seed} (30-day horizon, one 30-day SLO window); \
         shares are means of per-run shares with 95% intervals.\n\n"
    );
    s.push_str(
        "| Preset | Its story's measure | Preset (95% CI) | Clear boundary (95% CI) | Incidents a run | Silent | Deflected | Never prioritised | Root causes fixed | SLO windows breached | Runs meeting every SLO (worst service) |\n\
         | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n",
    );
    for r in rows {
        let (measure, here, there) = match &r.story {
            Some((st, here, there)) => {
                (st.label.to_owned(), with_ci(here, st.is_share), with_ci(there, st.is_share))
            }
            None => ("(the baseline)".to_owned(), "".to_owned(), "".to_owned()),
        };
        let _ = writeln!(
            s,
            "| {} | {measure} | {here} | {there} | {:.1} | {} | {} | {} | {} | {} | {:.0}% |",
            r.title,
            r.incidents.mean,
            pct(&r.silent),
            pct(&r.deflected),
            pct(&r.never_prioritised),
            pct(&r.fixed),
            pct(&r.breached),
            r.slo_met * 100.0
        );
    }
    s
}
