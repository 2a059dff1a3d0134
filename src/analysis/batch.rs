//! Runs as portable units of work. A [`Task`] names a scenario (its file as
//! JSON), a base seed, a range of run indices and what to bring back; an
//! [`Executor`] makes those runs wherever it lives: on a Web Worker beside
//! the page, on the page's own thread when workers cannot start, or in a
//! native test. A run's seed comes from the base seed and its index alone,
//! so results merged by run index ([`merge`]) are the same however the
//! indices were split and in whatever order the pieces finished: a Monte
//! Carlo set made on four workers is byte-identical to one made on one
//! thread.
//!
//! On the wire a task is one text, a JSON header line, a newline, then the
//! scenario's JSON (kept out of the header so that it is not escaped a
//! second time); a reply is JSON. serde_json is built with
//! `float_roundtrip`, so every `f64` crosses exactly.

use super::handoffs::{Handoffs, Tally};
use super::montecarlo::{run_range, summarize, RunSummary};
use crate::engine::rng::run_seed;
use crate::engine::run;
use crate::model::{validate_with_limits, Limits, Scenario};
use serde::{Deserialize, Serialize};
use std::ops::Range;
use std::rc::Rc;

/// The first message a worker sends, once its wasm is ready for tasks.
pub const READY: &str = "ready";

/// What a task asks for, besides its scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Header {
    /// The sender's name for the task, echoed in the reply.
    pub id: u64,
    /// The set's base seed.
    pub seed: u64,
    /// Run indices `from..to`.
    pub from: u32,
    pub to: u32,
    /// Whether to tally hand-offs over the runs (a Monte Carlo set's chart).
    pub handoffs: bool,
    /// Test hook: the executor panics instead of running, as a worker that
    /// fails would. The end-to-end tests set it (see `ui::run::pool`).
    #[serde(default)]
    pub fault: bool,
}

/// Runs of one scenario, ready to send.
#[derive(Clone, Debug)]
pub struct Task {
    pub header: Header,
    /// The scenario file as compact JSON, shared by a job's tasks.
    pub scenario: Rc<str>,
}

impl Task {
    pub fn runs(&self) -> Range<u32> {
        self.header.from..self.header.to
    }

    /// The task as one text: header, newline, scenario.
    pub fn encode(&self) -> String {
        let header = serde_json::to_string(&self.header).expect("headers always serialize");
        let mut text = String::with_capacity(header.len() + 1 + self.scenario.len());
        text.push_str(&header);
        text.push('\n');
        text.push_str(&self.scenario);
        text
    }
}

/// The scenario file of `sc` as a task carries it.
pub fn scenario_text(sc: &Scenario) -> Rc<str> {
    serde_json::to_string(&sc.file).expect("scenario files always serialize").into()
}

/// Splits `runs` into consecutive pieces of at most `size` runs.
pub fn split(runs: Range<u32>, size: u32) -> Vec<Range<u32>> {
    let size = size.max(1);
    let mut out = Vec::new();
    let mut from = runs.start;
    while from < runs.end {
        let to = from.saturating_add(size).min(runs.end);
        out.push(from..to);
        from = to;
    }
    out
}

/// A task's result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Reply {
    Done {
        id: u64,
        /// In run-index order.
        summaries: Vec<RunSummary>,
        handoffs: Option<Handoffs>,
    },
    /// The task could not run: its text was not a task, or its scenario
    /// did not validate. Never expected from the page, which validates
    /// first; reported rather than dropped if it happens.
    Refused { id: Option<u64>, why: String },
}

impl Reply {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("replies always serialize")
    }

    pub fn from_json(text: &str) -> Result<Reply, String> {
        serde_json::from_str(text).map_err(|e| format!("a worker's reply is not readable: {e}"))
    }
}

/// Scenarios a worker has validated, most recently used last: a job sends
/// the same scenario with each of its tasks, and validating it once per
/// worker instead of once per task is most of a small task's cost.
const CACHED: usize = 8;

/// Makes the runs tasks ask for.
#[derive(Default)]
pub struct Executor {
    cache: Vec<(Rc<str>, Rc<Scenario>)>,
}

impl Executor {
    pub fn new() -> Self {
        Self::default()
    }

    fn scenario(&mut self, text: &str) -> Result<Rc<Scenario>, String> {
        if let Some(i) = self.cache.iter().position(|(t, _)| &**t == text) {
            let hit = self.cache.remove(i);
            let sc = hit.1.clone();
            self.cache.push(hit);
            return Ok(sc);
        }
        let file = serde_json::from_str(text).map_err(|e| format!("the scenario is not readable: {e}"))?;
        // The sender validated it with the user's limits already; limits
        // only refuse, they never change the scenario.
        let sc = validate_with_limits(file, Limits::NONE).map_err(|problems| {
            let first = problems.first().map_or_else(String::new, ToString::to_string);
            format!("the scenario does not validate: {first}")
        })?;
        if self.cache.len() == CACHED {
            self.cache.remove(0);
        }
        let sc = Rc::new(sc);
        self.cache.push((text.into(), sc.clone()));
        Ok(sc)
    }

    /// Runs a task given as text, as a worker receives it.
    pub fn execute_text(&mut self, text: &str) -> Reply {
        let Some((header, scenario)) = text.split_once('\n') else {
            return Reply::Refused { id: None, why: "a task has no scenario".into() };
        };
        match serde_json::from_str::<Header>(header) {
            Ok(header) => self.execute(&header, scenario),
            Err(e) => Reply::Refused { id: None, why: format!("a task's header is not readable: {e}") },
        }
    }

    /// Runs the runs `header` asks for of the scenario given as JSON.
    pub fn execute(&mut self, header: &Header, scenario: &str) -> Reply {
        match self.start(header, scenario) {
            Ok(mut making) => {
                making.step(|| false);
                making.finish()
            }
            Err(why) => Reply::Refused { id: Some(header.id), why },
        }
    }

    /// A task ready to be made a slice at a time, by a thread that must
    /// yield between slices; `Err` is why it is refused.
    pub fn start(&mut self, header: &Header, scenario: &str) -> Result<Making, String> {
        assert!(!header.fault, "fault injected by a test: this worker fails as a broken one would");
        let sc = self.scenario(scenario)?;
        Ok(Making {
            sc,
            id: header.id,
            seed: header.seed,
            next: header.from..header.to,
            summaries: Vec::with_capacity(header.to.saturating_sub(header.from) as usize),
            tally: header.handoffs.then(Tally::default),
        })
    }
}

/// A task being made, run by run.
pub struct Making {
    sc: Rc<Scenario>,
    id: u64,
    seed: u64,
    /// The runs still to make.
    next: Range<u32>,
    summaries: Vec<RunSummary>,
    tally: Option<Tally>,
}

impl Making {
    /// Makes runs until every run is made or, before the next, `over()`
    /// says the caller's time is up (one run at least is made per call);
    /// true once every run is made.
    pub fn step(&mut self, mut over: impl FnMut() -> bool) -> bool {
        let mut first = true;
        while !self.next.is_empty() && (first || !over()) {
            first = false;
            let i = self.next.start;
            let log = run(&self.sc, run_seed(self.seed, i));
            if let Some(t) = &mut self.tally {
                t.log(&log);
            }
            self.summaries.push(summarize(&self.sc, &log, i));
            self.next.start += 1;
        }
        self.next.is_empty()
    }

    /// The reply, once every run is made.
    pub fn finish(self) -> Reply {
        debug_assert!(self.next.is_empty(), "a task finished with runs left to make");
        Reply::Done { id: self.id, summaries: self.summaries, handoffs: self.tally.map(Tally::done) }
    }
}

/// The summaries of runs `0..runs` and their hand-offs, from replies in any
/// order; an error names the first run index missing or repeated.
pub fn merge(
    runs: u32,
    replies: Vec<(Vec<RunSummary>, Option<Handoffs>)>,
) -> Result<(Vec<RunSummary>, Handoffs), String> {
    let mut summaries: Vec<RunSummary> = Vec::with_capacity(runs as usize);
    let mut handoffs = Handoffs::default();
    for (s, h) in replies {
        summaries.extend(s);
        if let Some(h) = h {
            handoffs.add(&h);
        }
    }
    summaries.sort_by_key(|s| s.index);
    if let Some(i) = (0..runs).find(|&i| summaries.get(i as usize).map(|s| s.index) != Some(i)) {
        return Err(format!("run {i} of {runs} is missing or was made twice"));
    }
    if summaries.len() != runs as usize {
        return Err(format!("{} runs came back for a set of {runs}", summaries.len()));
    }
    Ok((summaries, handoffs))
}

/// Runs `runs` (indices) of `sc` from `seed`, which a [`Rounds`] needs
/// before its next decision; `key` says whose runs they are.
pub struct Need<'a, K> {
    pub key: K,
    pub sc: &'a Scenario,
    pub seed: u64,
    pub runs: Range<u32>,
}

/// A computation that goes by rounds of independent runs (the advisor's
/// race, the sensitivity sweep): it says which runs it needs, takes them
/// back from wherever they were made, and takes its next decision once it
/// has them all. A run's seed depends on its index alone, so the result is
/// the same however, wherever and in whatever batches the runs were made.
pub trait Rounds {
    /// Whose runs a need is for.
    type Key: Copy;

    /// The runs needed before the next decision.
    fn needs(&self) -> Vec<Need<'_, Self::Key>>;

    /// Files the next runs, in index order, of `key`.
    fn give(&mut self, key: Self::Key, made: Vec<RunSummary>);

    /// Takes the next decision once nothing is needed; false once finished.
    fn advance(&mut self) -> bool;

    /// Runs made so far, and an estimate of the runs the whole computation makes.
    fn progress(&self) -> (u64, u64);

    /// Makes at most `batch` runs of the first need in place, or takes the
    /// next decision; false once finished.
    fn step_with(&mut self, batch: u32) -> bool {
        let next = self.needs().into_iter().next().map(|n| {
            let to = n.runs.end.min(n.runs.start.saturating_add(batch.max(1)));
            (n.key, run_range(n.sc, n.seed, n.runs.start..to))
        });
        match next {
            Some((key, made)) => {
                self.give(key, made);
                true
            }
            None => self.advance(),
        }
    }
}
