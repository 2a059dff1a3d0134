//! Live diagnostics: the edited file validated on every change and, when it
//! is valid, diagnosed with a short Monte Carlo behind each finding. Pure,
//! with no browser in it; the app times it and picks the number of runs.

use crate::analysis::diagnostics::{diagnose, Diagnosis, Evidence};
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

/// Validates and diagnoses `f`, simulating `runs` runs for the consequences.
pub fn evaluate(f: &ScenarioFile, runs: u32) -> Live {
    match validate(f.clone()) {
        Err(problems) => Live::Invalid(problems),
        Ok(sc) => {
            let evidence = (runs > 0).then(|| Evidence::simulate(&sc, sc.settings.seed, runs));
            Live::Valid { diagnosis: diagnose(&sc, evidence.as_ref()), warnings: sc.warnings.clone(), runs }
        }
    }
}
