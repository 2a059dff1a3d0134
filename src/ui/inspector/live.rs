//! Live diagnostics: the edited file validated on every change and, when it
//! is valid, diagnosed with a short paired Monte Carlo behind each finding
//! (the design and the design with that finding mended, on the same seeds).
//!
//! A [`Check`] has the diagnosis at once and makes its runs a few at a time
//! ([`Check::step`]), each within [`LIVE_RUN_WORK`], so the page can yield
//! between them and no step holds it for long; the app drives the steps
//! from a timer and drops a check the moment the design changes. Pure,
//! with no browser in it: [`evaluate`] runs a check to the end at once.

use crate::analysis::diagnostics::{diagnose, ConsequencePlan, Diagnosis};
use crate::analysis::montecarlo::{summarize, RunSummary};
use crate::engine::rng::run_seed;
use crate::engine::{run_within, Budget};
use crate::model::{validate, Problem, Scenario, ScenarioFile};

/// The work (in [`Budget`] units) the whole live check may spend on runs,
/// so its consequences arrive within a second or so of an edit: 30 paired
/// runs of each preset with its mended designs fit.
pub const LIVE_WORK: u64 = 24_000_000;

/// The work one run of the live check may spend: the most a step holds the
/// page for. The presets' runs take 55,000–121,000 units; a design whose
/// run would not fit is diagnosed without simulated consequences, and says so.
pub const LIVE_RUN_WORK: u64 = 6_000_000;

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
        /// While the runs behind the consequences are being made: how many
        /// of how many are done.
        simulating: Option<(u32, u32)>,
    },
}

/// Validates and diagnoses `f`, simulating `runs` paired runs for the
/// consequences: `runs` of the design, and `runs` of each mended design.
pub fn evaluate(f: &ScenarioFile, runs: u32) -> Live {
    let mut check = Check::start(f, runs);
    while !check.step(|| false) {}
    check.live()
}

/// A live check under way.
pub struct Check {
    state: State,
}

enum State {
    Invalid(Vec<Problem>),
    Valid(Box<Valid>),
}

struct Valid {
    sc: Scenario,
    diagnosis: Diagnosis,
    /// The mended designs, made (and validated) by the first step, not
    /// while the page waits for the findings.
    plan: Option<ConsequencePlan>,
    /// Runs asked for, and runs affordable once the first run has said
    /// what a run of this design costs.
    asked: u32,
    runs: Option<u32>,
    /// Per design (the design, then each mended one): its runs so far.
    made: Vec<Vec<RunSummary>>,
    limited: Option<String>,
    done: bool,
}

impl Check {
    /// Validates and diagnoses `f` (no runs yet).
    pub fn start(f: &ScenarioFile, runs: u32) -> Self {
        let state = match validate(f.clone()) {
            Err(problems) => State::Invalid(problems),
            Ok(sc) => {
                let diagnosis = diagnose(&sc, None);
                let done = runs == 0 || diagnosis.findings.is_empty();
                State::Valid(Box::new(Valid {
                    made: Vec::new(),
                    sc,
                    diagnosis,
                    plan: None,
                    asked: runs,
                    runs: done.then_some(0),
                    limited: None,
                    done,
                }))
            }
        };
        Self { state }
    }

    /// Whether every run the check will make is made.
    pub fn done(&self) -> bool {
        match &self.state {
            State::Invalid(_) => true,
            State::Valid(v) => v.done,
        }
    }

    /// Makes runs, one at a time, until `enough` says the step has taken
    /// long enough (asked after each run, so a step makes at least one) or
    /// the check is done. Returns whether it is done.
    pub fn step(&mut self, mut enough: impl FnMut() -> bool) -> bool {
        let State::Valid(v) = &mut self.state else { return true };
        while !v.done {
            v.one_run();
            if enough() {
                break;
            }
        }
        v.done
    }

    /// What the check shows now: the consequences once every run is made.
    pub fn live(&self) -> Live {
        match &self.state {
            State::Invalid(problems) => Live::Invalid(problems.clone()),
            State::Valid(v) => {
                let mut diagnosis = v.diagnosis.clone();
                let runs = v.runs.unwrap_or(0);
                if let Some(plan) = v.plan.as_ref().filter(|_| v.done && runs > 0) {
                    plan.fill(v.sc.settings().seed, &v.made, &mut diagnosis);
                }
                // Before the first step the designs are not counted yet.
                let simulating = (!v.done).then(|| {
                    let total = v.runs.unwrap_or(v.asked) * v.made.len() as u32;
                    (v.made.iter().map(|m| m.len() as u32).sum(), total)
                });
                Live::Valid {
                    diagnosis,
                    warnings: v.sc.warnings().to_vec(),
                    runs,
                    limited: v.limited.clone(),
                    simulating,
                }
            }
        }
    }
}

impl Valid {
    /// Makes the next run: run `i` of each design in turn, the design's
    /// first run telling how many runs fit in [`LIVE_WORK`].
    fn one_run(&mut self) {
        let Some(plan) = &self.plan else {
            // The first step makes the mended designs.
            let plan = ConsequencePlan::new(&self.sc, &self.diagnosis);
            self.made = vec![Vec::new(); plan.designs()];
            self.done = self.made.is_empty();
            self.runs = self.done.then_some(0).or(self.runs);
            self.plan = Some(plan);
            return;
        };
        let designs = self.made.len();
        let made: usize = self.made.iter().map(Vec::len).sum();
        let (i, k) = ((made / designs) as u32, made % designs);
        let sc = if k == 0 { &self.sc } else { &plan.mended[k - 1] };
        let seed = run_seed(self.sc.settings().seed, i);
        let log = run_within(sc, seed, Budget { events: Budget::RUN.events, work: LIVE_RUN_WORK });
        if log.stopped.is_some() {
            self.give_up(if made == 0 {
                "One run of this design is too large to simulate while you edit; run it once or with Monte Carlo \
                 to see its consequences."
                    .to_owned()
            } else {
                "A run of a mended design is too large to simulate while you edit; run it to see its consequences."
                    .to_owned()
            });
            return;
        }
        if made == 0 {
            // Work is counted, not timed, so the answer is the same on every machine.
            let fit = (LIVE_WORK / log.work.max(1) / designs as u64).min(u64::from(self.asked)) as u32;
            if fit < 2 {
                self.give_up(
                    "Runs of this design are too large to simulate while you edit; run it to see its consequences."
                        .to_owned(),
                );
                return;
            }
            if fit < self.asked {
                self.limited = Some(format!(
                    "{fit} runs per finding, not {}: a run of this design is large.",
                    self.asked
                ));
            }
            self.runs = Some(fit);
        }
        self.made[k].push(summarize(sc, &log, i));
        let runs = self.runs.unwrap_or(0) as usize;
        self.done = self.made.iter().all(|m| m.len() >= runs);
    }

    fn give_up(&mut self, why: String) {
        self.limited = Some(why);
        self.runs = Some(0);
        self.made.iter_mut().for_each(Vec::clear);
        self.done = true;
    }
}
