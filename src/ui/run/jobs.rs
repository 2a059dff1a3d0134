//! Background work that must not freeze the page: Monte Carlo sets,
//! comparisons, the advisor's race and sensitivity sweeps. Each cuts its
//! runs into tasks for the worker pool ([`super::pool`]), reports progress
//! as tasks finish, and stops once cancelled or superseded. Only one job is
//! active at a time; starting one supersedes any other, whose results are
//! then never delivered.
//!
//! The page's own thread only cuts tasks, merges replies by run index and
//! aggregates: the numbers are those a single thread would have made (see
//! `tests/parallel.rs`).

use super::pool::{self, Made};
use super::run_state::{
    AdviceRun, CompareRun, JobKind, MadeOn, McCharts, MonteCarlo, RunAction, SensitivityRun,
};
use crate::analysis::advisor::{Advisor, Plan, Who};
use crate::analysis::batch::{merge, ship, split, Need, Rounds, Shipped, Task};
use crate::analysis::compare::from_runs;
use crate::analysis::montecarlo::{Aggregating, RunSummary};
use crate::analysis::objective::Objective;
use crate::analysis::sensitivity::Sweep;
use crate::model::{Scenario, ScenarioFile};
use crate::ui::web::now_ms;
use crate::ui::web::pace::{yield_now, Every};
use std::cell::Cell;
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;
use yew::Callback;

/// Runs in a task at most: a worker that fails costs little to redo, and
/// reading a reply stays a short task on the page's thread.
pub const MAX_TASK: u32 = 200;
/// Runs in a task at least: sending the scenario stays a small share.
pub const MIN_TASK: u32 = 4;

/// Runs per task when `runs` runs are shared among the pool's workers:
/// about four tasks per worker, so a fast worker takes more of them.
fn task_size(runs: u32) -> u32 {
    let workers = pool::planned() as u32;
    runs.div_ceil(4 * workers.max(1)).clamp(MIN_TASK, MAX_TASK)
}

/// Milliseconds between progress reports at least. Each one renders the
/// run bar on the page's thread, which shares the machine's cores with the
/// workers: reporting every finished task slowed a set on two workers of a
/// two-core machine.
pub const PROGRESS_MS: f64 = 100.0;

thread_local! {
    static NEXT_ID: Cell<u64> = const { Cell::new(1) };
    static ACTIVE: Cell<u64> = const { Cell::new(0) };
}

fn begin() -> u64 {
    let id = NEXT_ID.with(|n| {
        let id = n.get();
        n.set(id + 1);
        id
    });
    ACTIVE.with(|a| a.set(id));
    id
}

fn active(id: u64) -> bool {
    ACTIVE.with(|a| a.get() == id)
}

/// Stops the active job when its next task finishes.
pub fn cancel(dispatch: &Callback<RunAction>) {
    ACTIVE.with(|a| a.set(0));
    dispatch.emit(RunAction::JobCancelled);
}

/// A job's progress reports to the run bar: at most one every
/// [`PROGRESS_MS`], runs made and the runs in all.
struct Reporter<'a> {
    id: u64,
    dispatch: &'a Callback<RunAction>,
    every: Every,
}

impl<'a> Reporter<'a> {
    fn new(id: u64, dispatch: &'a Callback<RunAction>) -> Self {
        Reporter { id, dispatch, every: Every::new(PROGRESS_MS) }
    }

    fn report(&mut self, done: u64, total: u64) {
        if self.every.due() {
            self.dispatch.emit(RunAction::JobProgress {
                id: self.id,
                done: clamp(done),
                total: clamp(total),
            });
        }
    }
}

/// Progress as the run bar takes it.
fn clamp(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Runs of one scenario a job wants made, with the job's name for them.
struct Want<K> {
    key: K,
    scenario: Shipped,
    seed: u64,
    runs: Range<u32>,
}

/// Makes every run `wants` asks for on the pool and returns them per want,
/// in index order, with where they were made; `None` once the job `id` is
/// no longer active or has failed (the failure is dispatched).
async fn make_all<K>(
    id: u64,
    dispatch: &Callback<RunAction>,
    wants: Vec<Want<K>>,
    handoffs: bool,
    mut on_made: impl FnMut(u32),
) -> Option<(Vec<(K, Vec<Made>)>, Option<MadeOn>)> {
    let all: u32 = wants.iter().map(|w| w.runs.len() as u32).sum();
    let size = task_size(all);
    let mut tasks = Vec::new();
    let mut owner = Vec::new();
    for (w, want) in wants.iter().enumerate() {
        for r in split(want.runs.clone(), size) {
            tasks.push(Task::new(tasks.len() as u64, &want.scenario, want.seed, r, handoffs));
            owner.push(w);
        }
    }
    let note = |text| dispatch.emit(RunAction::JobNote { id, text });
    let made = pool::make(&tasks, &mut on_made, note, || active(id)).await;
    let (made, on) = match made {
        Ok(Some(m)) => m,
        Ok(None) => return None,
        Err(why) => {
            if active(id) {
                dispatch.emit(RunAction::Failed(why));
            }
            return None;
        }
    };
    let mut per: Vec<(K, Vec<Made>)> = wants.into_iter().map(|w| (w.key, Vec::new())).collect();
    for (m, w) in made.into_iter().zip(owner) {
        per[w].1.push(m);
    }
    Some((per, on))
}

/// The runs of one want, in order: tasks of a want come back in task order.
fn runs_of(made: Vec<Made>) -> Vec<RunSummary> {
    made.into_iter().flat_map(|(s, _)| s).collect()
}

/// Runs `runs` Monte Carlo runs of `sc` from `seed`.
pub fn monte_carlo(
    file: Rc<ScenarioFile>,
    sc: Rc<Scenario>,
    seed: u64,
    runs: u32,
    dispatch: Callback<RunAction>,
) {
    let id = begin();
    dispatch.emit(RunAction::JobStarted { id, kind: JobKind::MonteCarlo, total: runs });
    yew::platform::spawn_local(async move {
        yield_now().await;
        let t0 = now_ms();
        let want = Want { key: (), scenario: ship(&sc), seed, runs: 0..runs };
        let (mut done, mut reporter) = (0u64, Reporter::new(id, &dispatch));
        let progress = |n| {
            done += u64::from(n);
            reporter.report(done, u64::from(runs));
        };
        let Some((mut per, made_on)) = make_all(id, &dispatch, vec![want], true, progress).await else {
            return;
        };
        let (summaries, handoffs) = match merge(runs, per.pop().map(|p| p.1).unwrap_or_default()) {
            Ok(m) => m,
            Err(why) => return dispatch.emit(RunAction::Failed(why)),
        };
        // Merging, aggregating and drawing take tens of milliseconds each
        // for a large set: a piece at a time, with the page's turn between.
        yield_now().await;
        if !active(id) {
            return;
        }
        let mut aggregating = Aggregating::new(&sc, &summaries);
        while aggregating.step() {
            yield_now().await;
        }
        let aggregate = aggregating.finish();
        let mut drawing = McCharts::drawing(&sc, &aggregate, &summaries, &handoffs);
        while drawing.step() {
            yield_now().await;
        }
        let charts = drawing.finish();
        if !active(id) {
            return;
        }
        let millis = now_ms() - t0;
        let result =
            MonteCarlo { file, scenario: sc, seed, summaries, handoffs, aggregate, charts, millis, made_on };
        dispatch.emit(RunAction::MonteCarloDone { id, result: Rc::new(result) });
    });
}

/// The runs a job makes of each design: `runs` runs from the base `seed`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sample {
    pub seed: u64,
    pub runs: u32,
}

/// Compares the proposal `b` (the board's design `file`, already aligned to
/// A's failures and settings) with the baseline `a` over the paired runs of
/// `sample`.
pub fn compare(
    file: Rc<ScenarioFile>,
    (a, a_source): (Rc<Scenario>, String),
    b: Rc<Scenario>,
    sample: Sample,
    dispatch: Callback<RunAction>,
) {
    let Sample { seed, runs } = sample;
    let id = begin();
    dispatch.emit(RunAction::JobStarted { id, kind: JobKind::Compare, total: runs });
    yew::platform::spawn_local(async move {
        yield_now().await;
        let t0 = now_ms();
        let wants = vec![
            Want { key: (), scenario: ship(&a), seed, runs: 0..runs },
            Want { key: (), scenario: ship(&b), seed, runs: 0..runs },
        ];
        // Progress counts pairs: half a pair per run made on either side.
        let (mut made, mut reporter) = (0u64, Reporter::new(id, &dispatch));
        let progress = |n| {
            made += u64::from(n);
            reporter.report(made / 2, u64::from(runs));
        };
        let Some((per, _)) = make_all(id, &dispatch, wants, false, progress).await else { return };
        let mut sides = per.into_iter().map(|(_, m)| runs_of(m));
        let (ra, rb) = (sides.next().unwrap_or_default(), sides.next().unwrap_or_default());
        if !active(id) {
            return;
        }
        let comparison = from_runs(&a, &b, seed, &ra, &rb);
        let (a_file, b_file) = (Rc::new(a.file().clone()), Rc::new(b.file().clone()));
        let result = CompareRun { file, a_file, b_file, a_source, comparison, millis: now_ms() - t0 };
        dispatch.emit(RunAction::CompareDone { id, result: Rc::new(result) });
    });
}

/// Drives a computation that goes by rounds (the advisor's race, a sweep)
/// on the pool: each round's runs, of every design it needs, go out at
/// once. `ship` gives a need's scenario as a task carries it. False if the
/// job stopped before the computation finished.
async fn rounds<R: Rounds>(
    id: u64,
    dispatch: &Callback<RunAction>,
    r: &mut R,
    mut ship: impl FnMut(&Need<'_, R::Key>) -> Shipped,
) -> bool {
    let mut reporter = Reporter::new(id, dispatch);
    loop {
        let wants: Vec<_> = r
            .needs()
            .into_iter()
            .map(|n| Want { key: n.key, scenario: ship(&n), seed: n.seed, runs: n.runs.clone() })
            .collect();
        if wants.is_empty() {
            if !r.advance() {
                return active(id);
            }
            // A decision may validate designs (a sweep's next measurement):
            // the page gets its turn between them.
            yield_now().await;
            if !active(id) {
                return false;
            }
            continue;
        }
        let (before, total) = r.progress();
        let mut made = before;
        let progress = |n| {
            made += u64::from(n);
            reporter.report(made, total.max(made));
        };
        let Some((per, _)) = make_all(id, dispatch, wants, false, progress).await else { return false };
        for (key, m) in per {
            r.give(key, runs_of(m));
        }
    }
}

/// Weighs every move from the board's design `sc` (the advisor's race):
/// each round's runs, of every move still racing, go to the pool at once.
pub fn advise(file: Rc<ScenarioFile>, sc: Rc<Scenario>, plan: Plan, dispatch: Callback<RunAction>) {
    let id = begin();
    let mut advisor = Advisor::new(&sc, plan);
    dispatch.emit(RunAction::JobStarted { id, kind: JobKind::Advise, total: clamp(advisor.progress().1) });
    yew::platform::spawn_local(async move {
        yield_now().await;
        let t0 = now_ms();
        // Each design shipped once: the same moves race round after round,
        // and a worker that holds a design is sent its number alone.
        let mut shipped_designs = HashMap::new();
        let shipped = |n: &Need<'_, Who>| shipped_designs.entry(n.key).or_insert_with(|| ship(n.sc)).clone();
        if !rounds(id, &dispatch, &mut advisor, shipped).await {
            return;
        }
        let result = AdviceRun { file, result: advisor.result(), millis: now_ms() - t0 };
        dispatch.emit(RunAction::AdviceDone { id, result: Rc::new(result) });
    });
}

/// Sweeps every assumption for the board's design `b` alone or, given the
/// kept baseline `a`, for the comparison of the two, each measurement over
/// `sample`; `Err` is why B cannot run on A's failures.
pub fn sensitivity(
    file: Rc<ScenarioFile>,
    baseline: Option<(Rc<ScenarioFile>, Rc<Scenario>)>,
    sc: Rc<Scenario>,
    objective: Objective,
    sample: Sample,
    dispatch: Callback<RunAction>,
) -> Result<(), String> {
    let Sample { seed, runs } = sample;
    let mut sweep = match &baseline {
        Some((_, a)) => Sweep::new(a, Some(&sc), objective, seed, runs),
        None => Sweep::new(&sc, None, objective, seed, runs),
    }
    .map_err(|ps| ps.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))?;
    let id = begin();
    dispatch.emit(RunAction::JobStarted { id, kind: JobKind::Sensitivity, total: clamp(sweep.progress().1) });
    yew::platform::spawn_local(async move {
        yield_now().await;
        let t0 = now_ms();
        // Each measurement is of new designs, needed in one round: each is
        // shipped as it comes.
        if !rounds(id, &dispatch, &mut sweep, |n| ship(n.sc)).await {
            return;
        }
        let result = SensitivityRun {
            file,
            baseline: baseline.map(|(f, _)| f),
            result: sweep.finish(),
            millis: now_ms() - t0,
        };
        dispatch.emit(RunAction::SensitivityDone { id, result: Rc::new(result) });
    });
    Ok(())
}
