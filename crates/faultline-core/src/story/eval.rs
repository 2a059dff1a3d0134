//! What a chapter's reveal and goal say, computed by running the engine:
//! the chapter's designs on the same failures and seeds, one run at a time
//! so the page can yield between slices and drop a stale evaluation.

use super::{Ask, BoardSource, Change, Chapter, Goal, Measure, Pick, StoryFile};
use crate::analysis::compare::aligned;
use crate::analysis::diagnostics::simple_test;
use crate::analysis::montecarlo::{summarize, Estimate, RunSummary};
use crate::engine::rng::run_seed;
use crate::engine::run;
use crate::model::presets::preset;
use crate::model::{validate, Problem, Scenario, ScenarioFile};

/// One option of a question, as the engine answers it.
#[derive(Clone, Debug, PartialEq)]
pub struct OptionResult {
    pub id: String,
    pub text: String,
    /// The option's design measured (compare), or the chapter's (range).
    pub value: Option<Estimate>,
    /// The engine's answer is this option.
    pub answer: bool,
}

/// The simple test on the chapter's board.
#[derive(Clone, Debug, PartialEq)]
pub struct SimpleAnswer {
    pub paved_road: Vec<String>,
    pub reliability: Vec<String>,
    pub drifting: bool,
    pub sentence: String,
}

/// A question answered.
#[derive(Clone, Debug, PartialEq)]
pub struct Reveal {
    /// "incidents ending silent or deflected"; empty for the simple test.
    pub measure: String,
    /// Whether the measure is a share, shown in percent.
    pub share: bool,
    pub options: Vec<OptionResult>,
    pub simple: Option<SimpleAnswer>,
    pub runs: u32,
    pub seed: u64,
}

impl Reveal {
    /// The option the engine picks, if the question has options.
    pub fn answer(&self) -> Option<&OptionResult> {
        self.options.iter().find(|o| o.answer)
    }
}

/// A goal checked on the learner's design.
#[derive(Clone, Debug, PartialEq)]
pub struct GoalResult {
    pub value: Estimate,
    pub measure: String,
    /// Whether the measure is a share, shown in percent.
    pub share: bool,
    /// "at most 5.0%".
    pub target: String,
    pub measure_met: bool,
    /// `None` when the goal does not ask for the simple test.
    pub line_clear: Option<bool>,
    pub met: bool,
    pub runs: u32,
}

/// What an evaluation is for.
#[derive(Clone, Debug)]
enum Purpose {
    Question { ask: Ask, simple: Option<SimpleAnswer> },
    Goal { goal: Goal, line_clear: bool },
}

/// Runs of one or more designs on the same failures and seeds, made a run
/// at a time, and what they answer.
#[derive(Debug)]
pub struct Evaluation {
    designs: Vec<Scenario>,
    measure: Option<Measure>,
    summaries: Vec<Vec<RunSummary>>,
    runs: u32,
    seed: u64,
    purpose: Purpose,
}

/// The chapter's board: its source with its changes made.
pub fn chapter_board(chapter: &Chapter, own: Option<&ScenarioFile>) -> Result<ScenarioFile, Problem> {
    design(&chapter.board, &chapter.changes, own, "board")
}

/// A design from a source and changes; `at` names where it was written.
pub(super) fn design(
    source: &BoardSource,
    changes: &[Change],
    own: Option<&ScenarioFile>,
    at: &str,
) -> Result<ScenarioFile, Problem> {
    let mut file = match source {
        BoardSource::Preset(id) => {
            preset(id).ok_or_else(|| Problem::new(at, format!("no preset is called \"{id}\"")))?
        }
        BoardSource::Scenario(f) => (**f).clone(),
        BoardSource::Own => own
            .cloned()
            .ok_or_else(|| Problem::new(at, "this opens the learner's own design, and there is none"))?,
    };
    apply_changes(&mut file, changes)?;
    Ok(file)
}

/// Makes each change to `file`, or says which one names nothing on it.
pub fn apply_changes(file: &mut ScenarioFile, changes: &[Change]) -> Result<(), Problem> {
    for (i, change) in changes.iter().enumerate() {
        match change {
            Change::Owners { capability, teams } => {
                if !file.capabilities.iter().any(|c| &c.id == capability) {
                    return Err(Problem::new(
                        format!("changes[{i}].owners.capability"),
                        format!("no capability is called \"{capability}\""),
                    ));
                }
                if let Some(t) = teams.iter().find(|t| !file.teams.iter().any(|x| &x.id == *t)) {
                    return Err(Problem::new(
                        format!("changes[{i}].owners.teams"),
                        format!("no team is called \"{t}\""),
                    ));
                }
                file.ownership.insert(capability.clone(), teams.clone());
            }
            Change::Team { id, headcount, on_call, time_split } => {
                let Some(team) = file.teams.iter_mut().find(|t| &t.id == id) else {
                    return Err(Problem::new(
                        format!("changes[{i}].team.id"),
                        format!("no team is called \"{id}\""),
                    ));
                };
                if let Some(h) = headcount {
                    team.headcount = *h;
                }
                if let Some(o) = on_call {
                    team.on_call = *o;
                }
                if let Some(s) = time_split {
                    team.time_split = *s;
                }
            }
        }
    }
    Ok(())
}

/// The problems of a design as written at `at`, with their paths under it.
fn valid(file: ScenarioFile, at: &str) -> Result<Scenario, Vec<Problem>> {
    validate(file)
        .map_err(|ps| ps.into_iter().map(|p| Problem::new(format!("{at}.{}", p.path), p.message)).collect())
}

impl Measure {
    /// The measure of one run, if the run has anything to measure.
    pub fn of(&self, r: &RunSummary) -> Option<f64> {
        match self {
            Self::Outcomes(outcomes) => r.share_of(outcomes),
            Self::HandoffsPerDetected => {
                (r.detected > 0).then(|| f64::from(r.handoffs) / f64::from(r.detected))
            }
            Self::RootCausesFixed => r.fixed_share(),
            Self::WindowsBreached => r.breach_share(),
            Self::Incidents => Some(f64::from(r.incidents)),
            Self::Pages => Some(r.pages as f64),
        }
    }

    /// Mean over runs, with its 95% interval.
    pub fn estimate(&self, runs: &[RunSummary]) -> Estimate {
        let values: Vec<f64> = runs.iter().filter_map(|r| self.of(r)).collect();
        Estimate::of(&values)
    }
}

impl Evaluation {
    /// The runs behind a chapter's reveal. `own` is the learner's design, for
    /// chapters that open it.
    pub fn question(
        story: &StoryFile,
        chapter: &Chapter,
        own: Option<&ScenarioFile>,
    ) -> Result<Self, Vec<Problem>> {
        let board = chapter_board(chapter, own).map_err(|p| vec![p])?;
        let base = valid(board, "board")?;
        let ask = chapter.question.ask.clone();
        let (designs, measure, simple) = match &ask {
            Ask::Range { measure, .. } => (vec![base], Some(measure.clone()), None),
            Ask::Compare { measure, options, .. } => {
                let mut designs = Vec::with_capacity(options.len());
                for (i, o) in options.iter().enumerate() {
                    let at = format!("question.ask.compare.options[{i}]");
                    let source = o.board.as_ref().unwrap_or(&chapter.board);
                    let base_changes: &[Change] = if o.board.is_some() { &[] } else { &chapter.changes };
                    let mut file = design(source, base_changes, own, &at).map_err(|p| vec![p])?;
                    apply_changes(&mut file, &o.changes).map_err(|p| vec![p])?;
                    let sc = valid(file, &at)?;
                    // Every option on the first's failures and settings: the same luck.
                    designs.push(if designs.is_empty() { sc } else { aligned(&designs[0], &sc)? });
                }
                (designs, Some(measure.clone()), None)
            }
            Ask::SimpleTest => {
                let t = simple_test(&base);
                let simple = SimpleAnswer {
                    paved_road: t.paved_road,
                    reliability: t.reliability,
                    drifting: t.drifting,
                    sentence: t.answer,
                };
                (Vec::new(), None, Some(simple))
            }
        };
        Ok(Self::new(designs, measure, story.runs, story.seed, Purpose::Question { ask, simple }))
    }

    /// The runs that check a task's goal on the learner's design.
    pub fn goal(story: &StoryFile, goal: &Goal, design: &ScenarioFile) -> Result<Self, Vec<Problem>> {
        let sc = validate(design.clone())?;
        let line_clear = {
            let t = simple_test(&sc);
            !t.drifting && !t.reliability.is_empty()
        };
        let runs = goal.runs.unwrap_or(story.runs);
        let purpose = Purpose::Goal { goal: goal.clone(), line_clear };
        Ok(Self::new(vec![sc], Some(goal.measure.clone()), runs, story.seed, purpose))
    }

    fn new(designs: Vec<Scenario>, measure: Option<Measure>, runs: u32, seed: u64, purpose: Purpose) -> Self {
        let summaries = designs.iter().map(|_| Vec::with_capacity(runs as usize)).collect();
        Self { designs, measure, summaries, runs, seed, purpose }
    }

    /// Runs made and runs in all.
    pub fn progress(&self) -> (u32, u32) {
        let done: usize = self.summaries.iter().map(Vec::len).sum();
        (done as u32, self.runs * self.designs.len() as u32)
    }

    pub fn done(&self) -> bool {
        let (done, total) = self.progress();
        done >= total
    }

    /// Makes runs, one at a time, until all are made or `enough` says to
    /// stop (checked after each run). True when all are made.
    pub fn step(&mut self, mut enough: impl FnMut() -> bool) -> bool {
        while !self.done() {
            // Run i on every design before run i + 1: the partial results stay paired.
            let (d, i) = self
                .summaries
                .iter()
                .enumerate()
                .min_by_key(|(_, s)| s.len())
                .map(|(d, s)| (d, s.len() as u32))
                .unwrap_or((0, 0));
            let sc = &self.designs[d];
            let log = run(sc, run_seed(self.seed, i));
            self.summaries[d].push(summarize(sc, &log, i));
            if enough() {
                break;
            }
        }
        self.done()
    }

    /// Every run, at once.
    pub fn finish(mut self) -> Self {
        self.step(|| false);
        self
    }

    /// The question's answer, from the runs made so far.
    pub fn reveal(&self) -> Option<Reveal> {
        let Purpose::Question { ask, simple } = &self.purpose else { return None };
        let measure = self.measure.as_ref();
        let estimates: Vec<Estimate> =
            measure.map(|m| self.summaries.iter().map(|s| m.estimate(s)).collect()).unwrap_or_default();
        let options = match ask {
            Ask::Range { options, .. } => {
                let value = estimates.first().copied();
                options
                    .iter()
                    .map(|b| OptionResult {
                        id: b.id.clone(),
                        text: b.text.clone(),
                        value,
                        answer: value.is_some_and(|v| b.holds(v.mean)),
                    })
                    .collect()
            }
            Ask::Compare { options, pick, .. } => {
                let best = estimates
                    .iter()
                    .enumerate()
                    .reduce(|a, b| {
                        let better = match pick {
                            Pick::Highest => b.1.mean > a.1.mean,
                            Pick::Lowest => b.1.mean < a.1.mean,
                        };
                        if better {
                            b
                        } else {
                            a
                        }
                    })
                    .map(|(i, _)| i);
                options
                    .iter()
                    .zip(&estimates)
                    .enumerate()
                    .map(|(i, (o, e))| OptionResult {
                        id: o.id.clone(),
                        text: o.text.clone(),
                        value: Some(*e),
                        answer: best == Some(i),
                    })
                    .collect()
            }
            Ask::SimpleTest => Vec::new(),
        };
        Some(Reveal {
            measure: measure.map(Measure::label).unwrap_or_default(),
            share: measure.is_some_and(Measure::is_share),
            options,
            simple: simple.clone(),
            runs: self.progress().0 / self.designs.len().max(1) as u32,
            seed: self.seed,
        })
    }

    /// The goal's result, from the runs made so far.
    pub fn goal_result(&self) -> Option<GoalResult> {
        let Purpose::Goal { goal, line_clear } = &self.purpose else { return None };
        let value = goal.measure.estimate(&self.summaries[0]);
        let (met_max, met_min) =
            (goal.at_most.is_none_or(|m| value.mean <= m), goal.at_least.is_none_or(|m| value.mean >= m));
        let target = match (goal.at_most, goal.at_least) {
            (Some(hi), Some(lo)) => {
                format!("between {} and {}", goal.measure.format(lo), goal.measure.format(hi))
            }
            (Some(hi), None) => format!("at most {}", goal.measure.format(hi)),
            (None, Some(lo)) => format!("at least {}", goal.measure.format(lo)),
            (None, None) => "anything".to_owned(),
        };
        let line = goal.clear_line.then_some(*line_clear);
        let measure_met = met_max && met_min;
        Some(GoalResult {
            value,
            measure: goal.measure.label(),
            share: goal.measure.is_share(),
            target,
            measure_met,
            line_clear: line,
            met: measure_met && line.unwrap_or(true),
            runs: self.summaries[0].len() as u32,
        })
    }
}
