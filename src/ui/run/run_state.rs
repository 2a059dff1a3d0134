//! The run panel's state and the only way it changes: a [`RunAction`]
//! applied by the reducer. It is kept apart from the editor's
//! [`crate::ui::app::state::AppState`] on purpose: results, the playback cursor
//! and background jobs are not edits, so they never enter the editor's
//! undo history or autosave, and editing the design never throws results
//! away — it only marks them stale (see [`same_design`]).

use super::playback;
use crate::analysis::advisor::Suggestions;
use crate::analysis::compare::Comparison;
use crate::analysis::handoffs::Handoffs;
use crate::analysis::montecarlo::{Aggregate, RunSummary};
use crate::analysis::sensitivity::Sensitivity;
use crate::engine::RunLog;
use crate::model::{Scenario, ScenarioFile};
use std::rc::Rc;
use yew::Reducible;

/// Playback speeds offered, in events per second.
pub const SPEEDS: [u32; 4] = [1, 2, 4, 8];

/// One run of the design, with a verdict per incident computed up front.
#[derive(Debug)]
pub struct SingleRun {
    /// The design as it was run, to tell when the board has moved on.
    pub file: Rc<ScenarioFile>,
    pub scenario: Rc<Scenario>,
    pub log: RunLog,
    /// Indexed by incident id.
    pub verdicts: Vec<String>,
    /// Event sentences, indexed like the log's events.
    pub sentences: Vec<String>,
    /// Milliseconds the run and its verdicts took in this browser.
    pub millis: f64,
}

/// A Monte Carlo set.
#[derive(Debug)]
pub struct MonteCarlo {
    pub file: Rc<ScenarioFile>,
    pub scenario: Rc<Scenario>,
    pub seed: u64,
    pub summaries: Vec<RunSummary>,
    /// Hand-offs tallied over every run, for the hand-offs matrix.
    pub handoffs: Handoffs,
    pub aggregate: Aggregate,
    pub charts: McCharts,
    pub millis: f64,
    /// Where the runs were made: how many workers, or this page's own
    /// thread; `None` for a set of no runs.
    pub made_on: Option<MadeOn>,
}

/// A Monte Carlo set's charts as SVG documents, drawn once when the set is
/// made (by the job, a chart at a time, for a large set takes a while to
/// draw) rather than when the results first render.
#[derive(Clone, Debug, PartialEq)]
pub struct McCharts {
    pub outcomes: Rc<String>,
    pub times: Rc<String>,
    pub handoffs: Rc<String>,
}

impl McCharts {
    /// Every chart of the set, in one go.
    pub fn draw(sc: &Scenario, aggregate: &Aggregate, summaries: &[RunSummary], handoffs: &Handoffs) -> Self {
        let mut drawing = McCharts::drawing(sc, aggregate, summaries, handoffs);
        while drawing.step() {}
        drawing.finish()
    }

    /// The charts drawn one [`Drawing::step`] at a time, for a page that
    /// yields between them.
    pub fn drawing<'a>(
        sc: &'a Scenario,
        aggregate: &'a Aggregate,
        summaries: &'a [RunSummary],
        handoffs: &'a Handoffs,
    ) -> Drawing<'a> {
        Drawing { sc, aggregate, summaries, handoffs, drawn: Vec::with_capacity(3) }
    }
}

/// A Monte Carlo set's charts being drawn, in the order the results show them.
pub struct Drawing<'a> {
    sc: &'a Scenario,
    aggregate: &'a Aggregate,
    summaries: &'a [RunSummary],
    handoffs: &'a Handoffs,
    drawn: Vec<Rc<String>>,
}

impl Drawing<'_> {
    /// Draws the next chart; false once every chart is drawn.
    pub fn step(&mut self) -> bool {
        use crate::charts::{handoffs_svg, outcomes_svg, times_svg};
        use crate::ui::run::run_results::CHART;
        let svg = match self.drawn.len() {
            0 => outcomes_svg(self.sc, self.aggregate, CHART),
            1 => times_svg(self.sc, self.summaries, CHART),
            2 => handoffs_svg(self.sc, self.handoffs, CHART),
            _ => return false,
        };
        self.drawn.push(Rc::new(svg));
        true
    }

    /// The charts, drawing any not drawn yet.
    pub fn finish(mut self) -> McCharts {
        while self.step() {}
        let mut drawn = self.drawn.into_iter();
        let mut next = || drawn.next().expect("three charts drawn");
        McCharts { outcomes: next(), times: next(), handoffs: next() }
    }
}

/// Where a job's runs were made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MadeOn {
    /// On this many Web Workers (one at least), beside the page.
    Workers(u32),
    /// On the page's own thread, between frames: workers could not start.
    Page,
}

impl std::fmt::Display for MadeOn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MadeOn::Workers(1) => f.write_str("on 1 worker"),
            MadeOn::Workers(n) => write!(f, "on {n} workers"),
            MadeOn::Page => f.write_str("on the page's own thread (workers could not start)"),
        }
    }
}

/// A finished comparison of a baseline (A: the kept baseline, a preset, a
/// file or the design of the last run) with the board's design, the
/// proposal (B), which ran on the baseline's failures and settings.
#[derive(Debug)]
pub struct CompareRun {
    /// The board's design when compared, to tell when it has moved on.
    pub file: Rc<ScenarioFile>,
    /// The baseline as it ran: the report draws its board.
    pub a_file: Rc<ScenarioFile>,
    /// Design B as it ran, on A's failures and settings: the report draws
    /// its board.
    pub b_file: Rc<ScenarioFile>,
    /// Where the baseline came from: "the kept baseline", "preset Clear
    /// boundary", "file org.json"…
    pub a_source: String,
    pub comparison: Comparison,
    pub millis: f64,
}

/// The advisor's suggestions for a design.
#[derive(Debug)]
pub struct AdviceRun {
    /// The board's design they were made for, to tell when it has moved on.
    pub file: Rc<ScenarioFile>,
    pub result: Suggestions,
    pub millis: f64,
}

/// A sensitivity sweep of the board's design, alone or as the proposal
/// against the kept baseline.
#[derive(Debug)]
pub struct SensitivityRun {
    /// The board's design when swept.
    pub file: Rc<ScenarioFile>,
    /// The baseline it was compared with, if any.
    pub baseline: Option<Rc<ScenarioFile>>,
    pub result: Sensitivity,
    pub millis: f64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobKind {
    MonteCarlo,
    Compare,
    Advise,
    Sensitivity,
}

impl JobKind {
    /// Whether the job's total is revised as it runs.
    pub fn total_is_estimate(self) -> bool {
        matches!(self, JobKind::Advise | JobKind::Sensitivity)
    }

    /// What the progress bar calls it.
    pub fn label(self) -> &'static str {
        match self {
            JobKind::MonteCarlo => "Monte Carlo",
            JobKind::Compare => "Comparing",
            JobKind::Advise => "Weighing moves",
            JobKind::Sensitivity => "Sweeping assumptions",
        }
    }
}

/// Work running in the background, in chunks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Job {
    pub id: u64,
    pub kind: JobKind,
    pub done: u32,
    pub total: u32,
}

#[derive(Clone, Debug)]
pub enum RunAction {
    /// A single run finished: show it from its first event.
    SingleDone(Rc<SingleRun>),
    JobStarted {
        id: u64,
        kind: JobKind,
        total: u32,
    },
    /// Runs done, and the total, which the advisor's race and a sweep's
    /// bisections revise as they go.
    JobProgress {
        id: u64,
        done: u32,
        total: u32,
    },
    /// Something the user should know about how a job's runs were made (a
    /// worker failed and its runs were made again, say); kept until the
    /// next job starts.
    JobNote {
        id: u64,
        text: String,
    },
    /// The user cancelled the job; its partial results are dropped.
    JobCancelled,
    MonteCarloDone {
        id: u64,
        result: Rc<MonteCarlo>,
    },
    CompareDone {
        id: u64,
        result: Rc<CompareRun>,
    },
    AdviceDone {
        id: u64,
        result: Rc<AdviceRun>,
    },
    SensitivityDone {
        id: u64,
        result: Rc<SensitivityRun>,
    },
    /// A job could not run (design B invalid, say): say why.
    Failed(String),
    StepTo(usize),
    StepBy(i64),
    NextVerdict,
    PreviousVerdict,
    TogglePlay,
    /// One timer tick while playing; stops at the end.
    Tick,
    SetSpeed(u32),
    TogglePresenter,
    /// Esc: presenter mode off (nothing when it is off).
    LeavePresenter,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RunState {
    pub single: Option<Rc<SingleRun>>,
    pub step: usize,
    pub playing: bool,
    pub speed: u32,
    pub monte_carlo: Option<Rc<MonteCarlo>>,
    pub compare: Option<Rc<CompareRun>>,
    pub advice: Option<Rc<AdviceRun>>,
    pub sensitivity: Option<Rc<SensitivityRun>>,
    pub job: Option<Job>,
    pub presenter: bool,
    pub error: Option<String>,
    /// What the last job's [`RunAction::JobNote`] said.
    pub note: Option<String>,
}

impl PartialEq for SingleRun {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}
impl PartialEq for MonteCarlo {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}
impl PartialEq for CompareRun {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}
impl PartialEq for AdviceRun {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}
impl PartialEq for SensitivityRun {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Default for RunState {
    fn default() -> Self {
        Self {
            single: None,
            step: 0,
            playing: false,
            speed: 2,
            monte_carlo: None,
            compare: None,
            advice: None,
            sensitivity: None,
            job: None,
            presenter: false,
            error: None,
            note: None,
        }
    }
}

impl RunState {
    fn events(&self) -> usize {
        self.single.as_ref().map_or(0, |s| s.log.events.len())
    }

    /// The replay at the current step, if there is a run.
    pub fn frame(&self) -> Option<playback::Frame> {
        self.single.as_ref().map(|s| playback::frame(&s.log, self.step))
    }

    fn with_step(&self, step: usize) -> Self {
        let step = step.min(self.events());
        Self { step, playing: self.playing && step < self.events(), ..self.clone() }
    }
}

impl Reducible for RunState {
    type Action = RunAction;

    fn reduce(self: Rc<Self>, action: RunAction) -> Rc<Self> {
        use RunAction::*;
        let s = &*self;
        let next = match action {
            SingleDone(run) => Self { single: Some(run), step: 0, playing: false, error: None, ..s.clone() },
            JobStarted { id, kind, total } => {
                Self { job: Some(Job { id, kind, done: 0, total }), error: None, note: None, ..s.clone() }
            }
            JobProgress { id, done, total } => match s.job {
                Some(j) if j.id == id => Self { job: Some(Job { done, total, ..j }), ..s.clone() },
                _ => return self,
            },
            JobNote { id, text } => match s.job {
                Some(j) if j.id == id => Self { note: Some(text), ..s.clone() },
                _ => return self,
            },
            JobCancelled => Self { job: None, ..s.clone() },
            MonteCarloDone { id, result } => match s.job {
                Some(j) if j.id == id => Self { job: None, monte_carlo: Some(result), ..s.clone() },
                _ => return self,
            },
            CompareDone { id, result } => match s.job {
                Some(j) if j.id == id => Self { job: None, compare: Some(result), ..s.clone() },
                _ => return self,
            },
            AdviceDone { id, result } => match s.job {
                Some(j) if j.id == id => Self { job: None, advice: Some(result), ..s.clone() },
                _ => return self,
            },
            SensitivityDone { id, result } => match s.job {
                Some(j) if j.id == id => Self { job: None, sensitivity: Some(result), ..s.clone() },
                _ => return self,
            },
            Failed(why) => Self { job: None, error: Some(why), ..s.clone() },
            StepTo(k) => Self { playing: false, ..s.with_step(k) },
            StepBy(d) => {
                let k = (s.step as i64 + d).max(0) as usize;
                Self { playing: false, ..s.with_step(k) }
            }
            NextVerdict => match &s.single {
                Some(run) => {
                    let k = playback::next_close(&run.log, s.step).unwrap_or(run.log.events.len());
                    Self { playing: false, ..s.with_step(k) }
                }
                None => return self,
            },
            PreviousVerdict => match &s.single {
                Some(run) => {
                    Self { playing: false, ..s.with_step(playback::previous_close(&run.log, s.step)) }
                }
                None => return self,
            },
            TogglePlay => {
                if s.single.is_none() {
                    return self;
                }
                // Play from the start again once the end is reached.
                let step = if !s.playing && s.step >= s.events() { 0 } else { s.step };
                Self { playing: !s.playing, step, ..s.clone() }
            }
            Tick => {
                if !s.playing {
                    return self;
                }
                s.with_step(s.step + 1)
            }
            SetSpeed(v) => Self { speed: if SPEEDS.contains(&v) { v } else { s.speed }, ..s.clone() },
            TogglePresenter => Self { presenter: !s.presenter, ..s.clone() },
            LeavePresenter if s.presenter => Self { presenter: false, ..s.clone() },
            LeavePresenter => return self,
        };
        Rc::new(next)
    }
}

/// Whether two versions of a scenario simulate the same way: everything but
/// where boxes are drawn, their colours and the design's name and
/// description. Moving a team on the board or renaming the design does not
/// make results stale; changing who owns what does.
pub fn same_design(a: &ScenarioFile, b: &ScenarioFile) -> bool {
    if std::ptr::eq(a, b) {
        return true;
    }
    let strip = |f: &ScenarioFile| {
        let mut f = f.clone();
        f.title = String::new();
        f.description = String::new();
        for t in &mut f.teams {
            t.rect = None;
            t.color = None;
        }
        f
    };
    a.teams.len() == b.teams.len() && strip(a) == strip(b)
}

impl RunState {
    /// The single run, when it was made of this design (not stale).
    pub fn current_single(&self, file: &ScenarioFile) -> Option<&Rc<SingleRun>> {
        self.single.as_ref().filter(|s| same_design(&s.file, file))
    }

    /// What the replay draws on the board now, when the run is of the
    /// board's design; a stale run's marks would point at the wrong teams.
    pub fn overlay(&self, file: &ScenarioFile) -> Option<Rc<super::overlay::BoardOverlay>> {
        let run = self.current_single(file)?;
        let frame = playback::frame(&run.log, self.step);
        Some(Rc::new(super::overlay::BoardOverlay::of(&run.scenario, &frame)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::verdict::verdicts;
    use crate::engine::run;
    use crate::model::presets::preset;
    use crate::model::{validate, Rect};

    fn single(id: &str) -> Rc<SingleRun> {
        let file = preset(id).expect("preset");
        let sc = validate(file.clone()).expect("valid");
        let log = run(&sc, 1);
        let verdicts = verdicts(&sc, &log);
        let sentences = log.events.iter().map(|e| e.sentence(&sc, &log)).collect();
        Rc::new(SingleRun {
            file: Rc::new(file),
            scenario: Rc::new(sc),
            log,
            verdicts,
            sentences,
            millis: 0.0,
        })
    }

    fn apply(state: Rc<RunState>, actions: &[RunAction]) -> Rc<RunState> {
        actions.iter().fold(state, |s, a| s.reduce(a.clone()))
    }

    #[test]
    fn stepping_stays_within_the_log() {
        use RunAction::*;
        let run = single("clear-boundary");
        let n = run.log.events.len();
        let s = apply(Rc::new(RunState::default()), &[SingleDone(run.clone())]);
        let check = |actions: &[RunAction], step: usize, playing: bool| {
            let got = apply(s.clone(), actions);
            assert_eq!((got.step, got.playing), (step, playing), "{actions:?}");
        };
        check(&[], 0, false);
        check(&[StepBy(1), StepBy(1)], 2, false);
        check(&[StepBy(-5)], 0, false);
        check(&[StepTo(n + 10)], n, false);
        check(&[StepTo(5), StepBy(-1)], 4, false);
        check(&[TogglePlay, Tick, Tick], 2, true);
        check(&[TogglePlay, Tick, TogglePlay, Tick], 1, false);
        check(&[TogglePlay, StepBy(1)], 1, false);
        // Playing stops at the end, and playing again starts over.
        check(&[StepTo(n - 1), TogglePlay, Tick], n, false);
        check(&[StepTo(n), TogglePlay], 0, true);
        let first = playback::next_close(&run.log, 0).expect("a close");
        check(&[NextVerdict], first, false);
        check(&[NextVerdict, NextVerdict, PreviousVerdict], first, false);
    }

    #[test]
    fn jobs_report_progress_and_only_their_own_result_lands() {
        use RunAction::*;
        let s = apply(
            Rc::new(RunState::default()),
            &[
                JobStarted { id: 2, kind: JobKind::MonteCarlo, total: 200 },
                JobProgress { id: 2, done: 50, total: 200 },
            ],
        );
        assert_eq!(s.job, Some(Job { id: 2, kind: JobKind::MonteCarlo, done: 50, total: 200 }));
        // A stale job's progress changes nothing.
        let same = s.clone().reduce(JobProgress { id: 1, done: 150, total: 200 });
        assert!(Rc::ptr_eq(&s, &same));
        let cancelled = s.clone().reduce(JobCancelled);
        assert_eq!(cancelled.job, None);
        let failed = s.reduce(Failed("design B: teams[0].name: empty".into()));
        assert_eq!((failed.job, failed.error.as_deref()), (None, Some("design B: teams[0].name: empty")));
    }

    #[test]
    fn speed_and_presenter() {
        use RunAction::*;
        let s = apply(Rc::new(RunState::default()), &[SetSpeed(8), SetSpeed(3), TogglePresenter]);
        assert_eq!((s.speed, s.presenter), (8, true));
        // Nothing to play without a run.
        let idle = Rc::new(RunState::default());
        assert!(Rc::ptr_eq(&idle, &idle.clone().reduce(TogglePlay)));
    }

    #[test]
    fn only_changes_that_simulate_differently_make_results_stale() {
        let a = preset("clear-boundary").expect("preset");
        let mut moved = a.clone();
        moved.teams[0].rect = Some(Rect { x: 10.0, y: 10.0, w: 300.0, h: 200.0 });
        moved.teams[1].color = Some("#123456".into());
        moved.title = "Today's org".into();
        moved.description = "What we run now.".into();
        assert!(same_design(&a, &moved));
        let mut renamed = a.clone();
        renamed.teams[0].headcount = 3.0;
        assert!(!same_design(&a, &renamed));
        assert!(!same_design(&a, &preset("shared-deploy").expect("preset")));
    }
}
