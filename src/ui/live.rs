//! Live diagnostics: the edited file validated on every change and, when it
//! is valid, diagnosed with a short paired Monte Carlo behind each finding
//! (the design and the design with that finding mended, on the same seeds).
//! Pure, with no browser in it; the app times it and picks the number of runs.

use crate::analysis::diagnostics::{diagnose, Diagnosis, Paired};
use crate::model::{validate, Problem, ScenarioFile};

#[derive(Clone, Debug, PartialEq)]
pub enum Live {
    /// The file breaks a rule of the model: every problem, with its path.
    Invalid(Vec<Problem>),
    Valid {
        diagnosis: Diagnosis,
        warnings: Vec<Problem>,
        runs: u32,
    },
}

/// Validates and diagnoses `f`, simulating `runs` paired runs for the
/// consequences: `runs` of the design, and `runs` of each mended design.
pub fn evaluate(f: &ScenarioFile, runs: u32) -> Live {
    match validate(f.clone()) {
        Err(problems) => Live::Invalid(problems),
        Ok(sc) => {
            let paired = (runs > 0).then_some(Paired { seed: sc.settings.seed, runs });
            Live::Valid { diagnosis: diagnose(&sc, paired), warnings: sc.warnings.clone(), runs }
        }
    }
}
