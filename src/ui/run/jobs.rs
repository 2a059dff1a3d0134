//! Background work that must not freeze the page: Monte Carlo sets and
//! comparisons run in chunks of [`CHUNK`] runs, yielding to the browser
//! between chunks (a zero-delay timer, so input and painting get their turn),
//! reporting progress after each and stopping at the next chunk once
//! cancelled. Only one job is active at a time; starting one supersedes any
//! other, whose results are then never delivered.

use super::browser::now_ms;
use super::run_state::{CompareRun, JobKind, MonteCarlo, RunAction};
use crate::analysis::compare::from_runs;
use crate::analysis::diagnostics::Evidence;
use crate::analysis::montecarlo::{aggregate, run_range, summarize};
use crate::engine::rng::run_seed;
use crate::engine::run;
use crate::model::{Scenario, ScenarioFile};
use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;
use yew::Callback;

/// Runs per chunk: about 10–40 ms of work for the presets in a browser,
/// short enough that the page keeps answering between chunks.
pub const CHUNK: u32 = 25;

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
        let mut evidence = Evidence::empty(&sc);
        let mut done = 0;
        while done < runs {
            if !active(id) {
                return;
            }
            let end = done.saturating_add(CHUNK).min(runs);
            for i in done..end {
                let log = run(&sc, run_seed(seed, i));
                summaries.push(summarize(&sc, &log, i));
                evidence.add(&sc, &log);
                if logs.len() < KEEP_LOGS {
                    logs.push(log);
                }
            }
            done = end;
            dispatch.emit(RunAction::JobProgress { id, done });
            yield_to_browser().await;
        }
        if !active(id) {
            return;
        }
        let aggregate = aggregate(&sc, &summaries);
        let result = MonteCarlo {
            file,
            scenario: sc,
            seed,
            summaries,
            logs,
            aggregate,
            evidence,
            millis: now_ms() - t0,
            chunk: CHUNK,
        };
        dispatch.emit(RunAction::MonteCarloDone { id, result: Rc::new(result) });
    });
}

/// Compares `a` with `b` (already aligned to A's failures and settings) over
/// `runs` paired runs from `seed`, alternating chunks of A and B.
#[allow(clippy::too_many_arguments)]
pub fn compare(
    file: Rc<ScenarioFile>,
    a: Rc<Scenario>,
    b: Rc<Scenario>,
    b_source: String,
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
            let end = done.saturating_add(CHUNK / 2).min(runs);
            ra.extend(run_range(&a, seed, done..end));
            rb.extend(run_range(&b, seed, done..end));
            done = end;
            dispatch.emit(RunAction::JobProgress { id, done });
            yield_to_browser().await;
        }
        if !active(id) {
            return;
        }
        let comparison = from_runs(&a, &b, seed, &ra, &rb);
        let result = CompareRun { file, b_source, comparison, millis: now_ms() - t0 };
        dispatch.emit(RunAction::CompareDone { id, result: Rc::new(result) });
    });
}
