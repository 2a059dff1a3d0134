//! Background work that must not freeze the page: Monte Carlo sets and
//! comparisons run in chunks, yielding to the browser between chunks (a
//! zero-delay timer, so input and painting get their turn), reporting
//! progress after each and stopping at the next chunk once cancelled. Only
//! one job is active at a time; starting one supersedes any other, whose
//! results are then never delivered.
//!
//! A chunk is time-sliced rather than a fixed count: runs continue until
//! [`SLICE_MS`] have passed (at least [`MIN_CHUNK`] runs, at most
//! [`MAX_CHUNK`]). Browsers clamp nested zero-delay timers to 4 ms, so fixed
//! chunks of a few milliseconds of work would spend much of their time
//! waiting; a slice shorter than two frames keeps the page responsive and
//! the engine busy.

use super::browser::now_ms;
use super::run_state::{AdviceRun, CompareRun, JobKind, MonteCarlo, RunAction, SensitivityRun};
use crate::analysis::advisor::{Advisor, Plan};
use crate::analysis::compare::from_runs;
use crate::analysis::montecarlo::{aggregate, run_range, summarize};
use crate::analysis::objective::Objective;
use crate::analysis::sensitivity::Sweep;
use crate::engine::rng::run_seed;
use crate::engine::run;
use crate::model::{Scenario, ScenarioFile};
use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;
use yew::Callback;

/// Milliseconds of work between yields to the browser.
pub const SLICE_MS: f64 = 25.0;
/// Runs in a chunk whatever the clock says, so progress always moves.
pub const MIN_CHUNK: u32 = 5;
/// Runs in a chunk at most, so a clock that does not advance (natively
/// there is none) still yields.
pub const MAX_CHUNK: u32 = 500;

/// Whether a chunk that started at `start` and has made `made` runs
/// should stop and yield.
fn chunk_done(start: f64, made: u32) -> bool {
    made >= MAX_CHUNK || (made >= MIN_CHUNK && now_ms() - start >= SLICE_MS)
}

/// Monte Carlo logs kept for the hand-offs matrix; beyond this the matrix
/// would not change visibly and memory would grow for nothing.
pub const KEEP_LOGS: usize = 1_000;

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

/// Stops the active job at its next chunk.
pub fn cancel(dispatch: &Callback<RunAction>) {
    ACTIVE.with(|a| a.set(0));
    dispatch.emit(RunAction::JobCancelled);
}

async fn yield_to_browser() {
    yew::platform::time::sleep(Duration::ZERO).await;
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
        yield_to_browser().await;
        let t0 = now_ms();
        let mut summaries = Vec::with_capacity(runs as usize);
        let mut logs = Vec::new();
        let (mut done, mut chunks) = (0, 0);
        while done < runs {
            if !active(id) {
                return;
            }
            let (start, first) = (now_ms(), done);
            while done < runs && !chunk_done(start, done - first) {
                let log = run(&sc, run_seed(seed, done));
                summaries.push(summarize(&sc, &log, done));
                if logs.len() < KEEP_LOGS {
                    logs.push(log);
                }
                done += 1;
            }
            chunks += 1;
            dispatch.emit(RunAction::JobProgress { id, done, total: runs });
            yield_to_browser().await;
        }
        if !active(id) {
            return;
        }
        let aggregate = aggregate(&sc, &summaries);
        let chunk = runs.div_ceil(chunks.max(1));
        let result =
            MonteCarlo { file, scenario: sc, seed, summaries, logs, aggregate, millis: now_ms() - t0, chunk };
        dispatch.emit(RunAction::MonteCarloDone { id, result: Rc::new(result) });
    });
}

/// Compares the proposal `b` (the board's design `file`, already aligned to
/// A's failures and settings) with the baseline `a` over `runs` paired runs
/// from `seed`, alternating chunks of A and B.
#[allow(clippy::too_many_arguments)]
pub fn compare(
    file: Rc<ScenarioFile>,
    a: Rc<Scenario>,
    b: Rc<Scenario>,
    a_source: String,
    seed: u64,
    runs: u32,
    dispatch: Callback<RunAction>,
) {
    let id = begin();
    dispatch.emit(RunAction::JobStarted { id, kind: JobKind::Compare, total: runs });
    yew::platform::spawn_local(async move {
        yield_to_browser().await;
        let t0 = now_ms();
        let (mut ra, mut rb) = (Vec::new(), Vec::new());
        let mut done = 0;
        while done < runs {
            if !active(id) {
                return;
            }
            let (start, first) = (now_ms(), done);
            // A pair of runs at a time, so both sides always hold the same indices.
            while done < runs && !chunk_done(start, done - first) {
                ra.extend(run_range(&a, seed, done..done + 1));
                rb.extend(run_range(&b, seed, done..done + 1));
                done += 1;
            }
            dispatch.emit(RunAction::JobProgress { id, done, total: runs });
            yield_to_browser().await;
        }
        if !active(id) {
            return;
        }
        let comparison = from_runs(&a, &b, seed, &ra, &rb);
        let (a_file, b_file) = (Rc::new(a.file.clone()), Rc::new(b.file.clone()));
        let result = CompareRun { file, a_file, b_file, a_source, comparison, millis: now_ms() - t0 };
        dispatch.emit(RunAction::CompareDone { id, result: Rc::new(result) });
    });
}

/// Progress as the run bar takes it.
fn clamp(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Runs `step` until it reports the work done, in slices of [`SLICE_MS`],
/// reporting progress after each slice; false if the job was superseded
/// or cancelled.
async fn sliced(
    id: u64,
    dispatch: &Callback<RunAction>,
    mut step: impl FnMut() -> bool,
    progress: impl Fn() -> (u64, u64),
) -> bool {
    loop {
        if !active(id) {
            return false;
        }
        let start = now_ms();
        let mut more = true;
        // A step makes a small batch of runs; the slice's clock decides how many.
        let mut steps = 0;
        while more && !(steps >= MIN_CHUNK && now_ms() - start >= SLICE_MS) && steps < MAX_CHUNK {
            more = step();
            steps += 1;
        }
        let (done, total) = progress();
        dispatch.emit(RunAction::JobProgress { id, done: clamp(done), total: clamp(total) });
        if !more {
            return active(id);
        }
        yield_to_browser().await;
    }
}

/// Weighs every move from the board's design `sc` (the advisor's race).
pub fn advise(file: Rc<ScenarioFile>, sc: Rc<Scenario>, plan: Plan, dispatch: Callback<RunAction>) {
    let id = begin();
    let advisor = std::cell::RefCell::new(Advisor::new(&sc, plan));
    let total = clamp(advisor.borrow().progress().1);
    dispatch.emit(RunAction::JobStarted { id, kind: JobKind::Advise, total });
    yew::platform::spawn_local(async move {
        yield_to_browser().await;
        let t0 = now_ms();
        let finished =
            sliced(id, &dispatch, || advisor.borrow_mut().step(), || advisor.borrow().progress()).await;
        if !finished {
            return;
        }
        let result = AdviceRun { file, result: advisor.borrow().result(), millis: now_ms() - t0 };
        dispatch.emit(RunAction::AdviceDone { id, result: Rc::new(result) });
    });
}

/// Sweeps every assumption for the board's design `b` alone or, given the
/// kept baseline `a`, for the comparison of the two; `Err` is why B cannot
/// run on A's failures.
#[allow(clippy::too_many_arguments)]
pub fn sensitivity(
    file: Rc<ScenarioFile>,
    baseline: Option<(Rc<ScenarioFile>, Rc<Scenario>)>,
    sc: Rc<Scenario>,
    objective: Objective,
    seed: u64,
    runs: u32,
    dispatch: Callback<RunAction>,
) -> Result<(), String> {
    let sweep = match &baseline {
        Some((_, a)) => Sweep::new(a, Some(&sc), objective, seed, runs),
        None => Sweep::new(&sc, None, objective, seed, runs),
    }
    .map_err(|ps| ps.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))?;
    let id = begin();
    let sweep = std::cell::RefCell::new(Some(sweep));
    let progress = || sweep.borrow().as_ref().map_or((0, 0), Sweep::progress);
    dispatch.emit(RunAction::JobStarted { id, kind: JobKind::Sensitivity, total: clamp(progress().1) });
    yew::platform::spawn_local(async move {
        yield_to_browser().await;
        let t0 = now_ms();
        let step = || sweep.borrow_mut().as_mut().is_some_and(Sweep::step);
        let progress = || sweep.borrow().as_ref().map_or((0, 0), Sweep::progress);
        if !sliced(id, &dispatch, step, progress).await {
            return;
        }
        let Some(done) = sweep.borrow_mut().take() else { return };
        let result = SensitivityRun {
            file,
            baseline: baseline.map(|(f, _)| f),
            result: done.finish(),
            millis: now_ms() - t0,
        };
        dispatch.emit(RunAction::SensitivityDone { id, result: Rc::new(result) });
    });
    Ok(())
}
