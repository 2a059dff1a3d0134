//! Live diagnostics: the edited file validated on every change and, when it
//! is valid, diagnosed with a short paired Monte Carlo behind each finding
//! (the design and the design with that finding mended, on the same seeds).
//! Pure, with no browser in it; the app times it and picks the number of runs.

use crate::analysis::diagnostics::{diagnose, simulate_consequences, Diagnosis, Paired};
use crate::engine::{run_within, Budget};
use crate::model::{validate, Problem, ScenarioFile};

/// The work (in [`Budget`] units) the whole live check may spend on runs:
/// 30 paired runs of each preset with its mended designs fit. A design whose one run
/// would not fit is diagnosed without simulated consequences, and says so.
pub const LIVE_WORK: u64 = 16_000_000;

#[derive(Clone, Debug, PartialEq)]
pub enum Live {
    /// The file breaks a rule of the model: every problem, with its path.
    Invalid(Vec<Problem>),
    Valid {
        diagnosis: Diagnosis,
        warnings: Vec<Problem>,
        runs: u32,
        /// Why fewer runs were simulated than asked for, if they were.
        limited: Option<String>,
    },
}

/// Validates and diagnoses `f`, simulating `runs` paired runs for the
/// consequences: `runs` of the design, and `runs` of each mended design.
pub fn evaluate(f: &ScenarioFile, runs: u32) -> Live {
    match validate(f.clone()) {
        Err(problems) => Live::Invalid(problems),
        Ok(sc) => {
            let mut diagnosis = diagnose(&sc, None);
            let designs = 1 + diagnosis.findings.len() as u64;
            let (runs, limited) = if runs == 0 { (0, None) } else { affordable(&sc, runs, designs) };
            simulate_consequences(&sc, Paired { seed: sc.settings.seed, runs }, &mut diagnosis);
            Live::Valid { diagnosis, warnings: sc.warnings.clone(), runs, limited }
        }
    }
}

/// How many of `runs` paired runs the live check can afford for `designs`
/// designs (the design and each mended one, at most): one probe run
/// within [`LIVE_WORK`] measures what a run of this design costs (work is
/// counted, not timed, so the answer is the same on every machine), and the
/// designs share what is left.
fn affordable(sc: &crate::model::Scenario, runs: u32, designs: u64) -> (u32, Option<String>) {
    let probe = run_within(sc, sc.settings.seed, Budget { events: Budget::RUN.events, work: LIVE_WORK });
    if probe.stopped.is_some() {
        return (
            0,
            Some(
                "One run of this design is too large to simulate while you edit; run it once or with Monte Carlo \
                 to see its consequences."
                    .to_owned(),
            ),
        );
    }
    let fit = (LIVE_WORK / probe.work.max(1) / designs).min(u64::from(runs)) as u32;
    if fit >= runs {
        (runs, None)
    } else if fit < 2 {
        (0, Some("Runs of this design are too large to simulate while you edit; run it to see its consequences.".into()))
    } else {
        (fit, Some(format!("{fit} runs per finding, not {runs}: a run of this design is large.")))
    }
}
