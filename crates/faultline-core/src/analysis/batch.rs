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
//! On the wire a task is one text: a JSON header line, a newline, then the
//! scenario's JSON (kept out of the header so that it is not escaped a
//! second time) or nothing. A scenario is [`Shipped`] with a number, and a
//! [`Link`] (the page's side of one executor) sends its text only to an
//! executor that does not hold it already: a job's scenario crosses to each
//! worker once, not with every task. A reply is JSON; serde_json is built
//! with `float_roundtrip`, so every `f64` crosses exactly.

use super::handoffs::{Handoffs, Tally};
use super::montecarlo::{run_range, summarize, RunSummary};
use crate::engine::rng::run_seed;
use crate::engine::run;
use crate::model::{validate_with_limits, Limits, Scenario};
use serde::{Deserialize, Serialize};
use std::ops::Range;
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};

/// The first message a worker sends, once its wasm is ready for tasks.
pub const READY: &str = "ready";

/// What a task asks for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Header {
    /// The sender's name for the task, echoed in the reply.
    pub id: u64,
    /// The number of the scenario to run ([`Shipped::id`]).
    pub scenario: u64,
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

/// A scenario as tasks carry it: its file as compact JSON, shared by a
/// job's tasks, and a number that names it for the life of the program.
#[derive(Clone, Debug)]
pub struct Shipped {
    pub id: u64,
    pub text: Rc<str>,
}

/// Scenario numbers, never reused.
static SHIPPED: AtomicU64 = AtomicU64::new(1);

/// `sc`'s file made ready to send, under a new number.
pub fn ship(sc: &Scenario) -> Shipped {
    let text = serde_json::to_string(&sc.file).expect("scenario files always serialize").into();
    Shipped { id: SHIPPED.fetch_add(1, Ordering::Relaxed), text }
}

/// Runs of one scenario, ready to send.
#[derive(Clone, Debug)]
pub struct Task {
    pub header: Header,
    pub scenario: Shipped,
}

impl Task {
    /// The runs `runs` of `scenario` from the base seed `seed`, under the
    /// sender's name `id`.
    pub fn new(id: u64, scenario: &Shipped, seed: u64, runs: Range<u32>, handoffs: bool) -> Task {
        let header = Header {
            id,
            scenario: scenario.id,
            seed,
            from: runs.start,
            to: runs.end,
            handoffs,
            fault: false,
        };
        Task { header, scenario: scenario.clone() }
    }

    pub fn runs(&self) -> Range<u32> {
        self.header.from..self.header.to
    }
}

/// Scenarios an executor holds, validated, and that the page knows it
/// holds: the last used, at most this many.
const CACHED: usize = 8;

/// The last [`CACHED`] scenarios used, by number, most recently used last.
/// An executor keeps the validated scenarios in one, and the page's
/// [`Link`] to it the numbers alone in another: both take the same steps
/// for the same tasks in the same order, so they agree on what is held.
#[derive(Debug)]
struct Recent<V>(Vec<(u64, V)>);

impl<V> Default for Recent<V> {
    fn default() -> Self {
        Recent(Vec::new())
    }
}

impl<V> Recent<V> {
    /// The scenario numbered `id`, now the most recently used.
    fn get(&mut self, id: u64) -> Option<&V> {
        let i = self.0.iter().position(|(k, _)| *k == id)?;
        let hit = self.0.remove(i);
        self.0.push(hit);
        self.0.last().map(|(_, v)| v)
    }

    /// Holds `v` as the scenario numbered `id`, forgetting the least
    /// recently used when full. Only for a number not held.
    fn put(&mut self, id: u64, v: V) {
        if self.0.len() == CACHED {
            self.0.remove(0);
        }
        self.0.push((id, v));
    }
}

/// The page's side of one executor: the scenarios it has been sent.
#[derive(Debug, Default)]
pub struct Link {
    sent: Recent<()>,
}

impl Link {
    /// The task as one text for this link's executor: header, newline, and
    /// the scenario's text unless the executor holds it already. `fault`
    /// is the test hook ([`Header::fault`]).
    pub fn encode(&mut self, task: &Task, fault: bool) -> String {
        let header = Header { fault, ..task.header.clone() };
        let header = serde_json::to_string(&header).expect("headers always serialize");
        let holds = self.sent.get(task.scenario.id).is_some();
        if !holds {
            self.sent.put(task.scenario.id, ());
        }
        let scenario = if holds { "" } else { &task.scenario.text };
        let mut text = String::with_capacity(header.len() + 1 + scenario.len());
        text.push_str(&header);
        text.push('\n');
        text.push_str(scenario);
        text
    }
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

/// Makes the runs tasks ask for.
#[derive(Default)]
pub struct Executor {
    /// Scenarios validated: validating a job's scenario once per executor
    /// instead of once per task is most of a small task's cost.
    held: Recent<Rc<Scenario>>,
}

impl Executor {
    pub fn new() -> Self {
        Self::default()
    }

    /// The scenario numbered `id`: the one held, or `text` read and
    /// validated and then held.
    fn scenario(&mut self, id: u64, text: Option<&str>) -> Result<Rc<Scenario>, String> {
        if let Some(sc) = self.held.get(id) {
            return Ok(sc.clone());
        }
        let text = text.ok_or_else(|| format!("scenario {id} was never sent to this worker"))?;
        let file = serde_json::from_str(text).map_err(|e| format!("the scenario is not readable: {e}"))?;
        // The sender validated it with the user's limits already; limits
        // only refuse, they never change the scenario.
        let sc = validate_with_limits(file, Limits::NONE).map_err(|problems| {
            let first = problems.first().map_or_else(String::new, ToString::to_string);
            format!("the scenario does not validate: {first}")
        })?;
        let sc = Rc::new(sc);
        self.held.put(id, sc.clone());
        Ok(sc)
    }

    /// Runs a task given as text, as a worker receives it.
    pub fn execute_text(&mut self, text: &str) -> Reply {
        let Some((header, scenario)) = text.split_once('\n') else {
            return Reply::Refused { id: None, why: "a task has no scenario".into() };
        };
        match serde_json::from_str::<Header>(header) {
            Ok(header) => self.execute(&header, Some(scenario).filter(|s| !s.is_empty())),
            Err(e) => Reply::Refused { id: None, why: format!("a task's header is not readable: {e}") },
        }
    }

    /// Runs the runs `header` asks for of its scenario, given as JSON or,
    /// if `None`, held from an earlier task.
    pub fn execute(&mut self, header: &Header, scenario: Option<&str>) -> Reply {
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
    pub fn start(&mut self, header: &Header, scenario: Option<&str>) -> Result<Making, String> {
        assert!(!header.fault, "fault injected by a test: this worker fails as a broken one would");
        let sc = self.scenario(header.scenario, scenario)?;
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
