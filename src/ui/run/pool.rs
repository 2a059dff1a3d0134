//! The worker pool: a job's runs made on Web Workers beside the page, one
//! per core the browser reports less one (the page keeps a core for
//! itself), each running the same engine compiled into its own small wasm
//! (`src/bin/worker.rs`, built by Trunk as a worker). A job hands [`make`]
//! its runs as [`Task`](crate::analysis::batch::Task)s; workers take one task at a time, so a fast worker
//! takes more of them, and the replies come back in task order whatever
//! order they finished in, so every number is the one a single thread
//! would have made (see `tests/parallel.rs`).
//!
//! A worker that fails (its wasm panics, its script does not load) is
//! reported through `note`, replaced, and its task made again on another;
//! a task that fails twice is the engine's own fault and ends the job with
//! an error, never a set with runs missing. When no worker starts at all,
//! the tasks run on the page's own thread, one per slice between frames.
//!
//! Workers outlive jobs: a job that ends cleanly leaves its workers idle
//! for the next, which then skips loading the wasm; a job cancelled or
//! superseded terminates the workers still busy with its tasks.

use crate::analysis::handoffs::Handoffs;
use crate::analysis::montecarlo::RunSummary;

/// A finished task's results.
pub type Made = (Vec<RunSummary>, Option<Handoffs>);

/// A job's tasks' results in task order, and where they were made (`None`
/// when there were no tasks, so nothing was made anywhere).
pub type Finished = (Vec<Made>, Option<crate::ui::run::run_state::MadeOn>);

/// The path of the worker's loader, which Trunk writes beside the page.
pub const WORKER_LOADER: &str = "./faultline-worker_loader.js";

/// Storage keys the benchmark and the end-to-end tests set: the number of
/// workers to use instead of the browser's core count, and the number of a
/// task (counted from 1, over the page's life) that should fail.
pub const WORKERS_KEY: &str = "faultline-workers";
pub const FAIL_TASK_KEY: &str = "faultline-fail-task";

#[cfg(target_arch = "wasm32")]
pub use imp::{make, planned};

/// Natively (the server-side rendering tests) there are no workers and no
/// jobs run; tasks, if any came, would be made in place.
#[cfg(not(target_arch = "wasm32"))]
pub async fn make(
    tasks: &[crate::analysis::batch::Task],
    mut on_made: impl FnMut(u32),
    _note: impl Fn(String),
    _active: impl Fn() -> bool,
) -> Result<Option<Finished>, String> {
    use crate::analysis::batch::{Executor, Reply};
    let mut executor = Executor::new();
    let mut made = Vec::with_capacity(tasks.len());
    for t in tasks {
        match executor.execute(&t.header, Some(&t.scenario.text)) {
            Reply::Done { summaries, handoffs, .. } => made.push((summaries, handoffs)),
            Reply::Refused { why, .. } => return Err(why),
        }
        on_made(t.runs().len() as u32);
    }
    let on = (!tasks.is_empty()).then_some(crate::ui::run::run_state::MadeOn::Page);
    Ok(Some((made, on)))
}

/// Workers a job will use.
#[cfg(not(target_arch = "wasm32"))]
pub fn planned() -> usize {
    1
}

#[cfg(target_arch = "wasm32")]
mod imp {
    use super::{Finished, Made, FAIL_TASK_KEY, WORKERS_KEY, WORKER_LOADER};
    use crate::analysis::batch::{Executor, Link, Reply, Task, READY};
    use crate::ui::run::run_state::MadeOn;
    use crate::ui::web::pace::{yield_now, Slice};
    use futures::StreamExt;
    use gloo_events::EventListener;
    use std::cell::{Cell, RefCell};
    use std::collections::VecDeque;
    use wasm_bindgen::JsCast;
    use web_sys::Worker;
    use yew::platform::pinned::mpsc::{unbounded, UnboundedSender};

    thread_local! {
        /// Workers left ready by finished jobs, with what they hold.
        static IDLE: RefCell<Vec<(Worker, Link)>> = const { RefCell::new(Vec::new()) };
        /// Set once no worker could start: later jobs go straight to the page.
        static BROKEN: Cell<bool> = const { Cell::new(false) };
        /// Serial numbers tell a replaced worker's late events from its successor's.
        static SERIAL: Cell<u64> = const { Cell::new(0) };
        /// Tasks sent over the page's life, for the failure hook.
        static SENT: Cell<u64> = const { Cell::new(0) };
    }

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.session_storage().ok()?
    }

    /// Workers a job uses: the benchmark's choice, or one per core less one.
    pub fn planned() -> usize {
        let set = storage().and_then(|s| s.get_item(WORKERS_KEY).ok()?).and_then(|v| v.parse::<usize>().ok());
        let cores = web_sys::window().map_or(1.0, |w| w.navigator().hardware_concurrency());
        set.unwrap_or((cores as usize).saturating_sub(1)).clamp(1, 64)
    }

    /// Whether the failure hook asks for this send to fail.
    fn fault_now() -> bool {
        let n = SENT.with(|s| {
            s.set(s.get() + 1);
            s.get()
        });
        let hook =
            storage().and_then(|s| s.get_item(FAIL_TASK_KEY).ok()?).and_then(|v| v.parse::<u64>().ok());
        hook == Some(n)
    }

    enum Event {
        Ready(u64),
        Reply(u64, String),
        Failed(u64, String),
    }

    struct Slot {
        worker: Worker,
        /// The scenarios the worker holds.
        link: Link,
        serial: u64,
        ready: bool,
        /// The task it is making.
        task: Option<usize>,
        _listeners: [EventListener; 3],
    }

    impl Slot {
        fn new(worker: Worker, link: Link, ready: bool, tx: &UnboundedSender<Event>) -> Slot {
            let serial = SERIAL.with(|s| {
                s.set(s.get() + 1);
                s.get()
            });
            let on_message = {
                let tx = tx.clone();
                EventListener::new(&worker, "message", move |e| {
                    let text = e.dyn_ref::<web_sys::MessageEvent>().and_then(|m| m.data().as_string());
                    let _ = tx.send_now(match text {
                        Some(t) if t == READY => Event::Ready(serial),
                        Some(t) => Event::Reply(serial, t),
                        None => Event::Failed(serial, "a worker sent something that is not text".into()),
                    });
                })
            };
            let on_error = {
                let tx = tx.clone();
                EventListener::new(&worker, "error", move |e| {
                    let why =
                        e.dyn_ref::<web_sys::ErrorEvent>().map(|e| e.message()).filter(|m| !m.is_empty());
                    let why = why.unwrap_or_else(|| "its script did not load or it crashed".into());
                    let _ = tx.send_now(Event::Failed(serial, why));
                })
            };
            let on_message_error = {
                let tx = tx.clone();
                EventListener::new(&worker, "messageerror", move |_| {
                    let _ = tx.send_now(Event::Failed(serial, "a message could not be read".into()));
                })
            };
            Slot {
                worker,
                link,
                serial,
                ready,
                task: None,
                _listeners: [on_message, on_error, on_message_error],
            }
        }

        fn spawn(tx: &UnboundedSender<Event>) -> Option<Slot> {
            let options = web_sys::WorkerOptions::new();
            options.set_name("faultline-runs");
            let worker = Worker::new_with_options(WORKER_LOADER, &options).ok()?;
            Some(Slot::new(worker, Link::default(), false, tx))
        }
    }

    /// Makes `tasks` and returns their results in task order, with where
    /// they were made. `on_made(runs)` follows each finished task; `note`
    /// says when a worker failed; `active()` false stops the job, and then
    /// `Ok(None)`.
    pub async fn make(
        tasks: &[Task],
        mut on_made: impl FnMut(u32),
        note: impl Fn(String),
        active: impl Fn() -> bool,
    ) -> Result<Option<Finished>, String> {
        if tasks.is_empty() {
            return Ok(Some((Vec::new(), None)));
        }
        if BROKEN.with(Cell::get) {
            return on_page(tasks, (0..tasks.len()).collect(), Vec::new(), on_made, active).await;
        }
        let (tx, mut rx) = unbounded::<Event>();
        let n = planned().min(tasks.len());
        let mut slots: Vec<Slot> = IDLE.with(|idle| {
            let mut idle = idle.borrow_mut();
            let keep = idle.len().saturating_sub(n);
            idle.drain(keep..).map(|(w, link)| Slot::new(w, link, true, &tx)).collect()
        });
        while slots.len() < n {
            match Slot::spawn(&tx) {
                Some(s) => slots.push(s),
                None => break,
            }
        }
        let mut queue: VecDeque<usize> = (0..tasks.len()).collect();
        let mut made: Vec<Option<Made>> = vec![None; tasks.len()];
        let mut failures = vec![0u8; tasks.len()];
        let (mut left, mut most) = (tasks.len(), slots.len());
        // Workers that failed before their first task: all of them failing
        // means workers cannot run here.
        let mut never_started = 0;
        loop {
            if !active() {
                for s in &slots {
                    if s.task.is_some() {
                        s.worker.terminate();
                    }
                }
                park(slots.into_iter().filter(|s| s.task.is_none() && s.ready));
                return Ok(None);
            }
            for s in slots.iter_mut().filter(|s| s.ready && s.task.is_none()) {
                let Some(i) = queue.pop_front() else { break };
                let text = s.link.encode(&tasks[i], fault_now());
                if s.worker.post_message(&text.into()).is_err() {
                    // It may not have the scenario: send it again next time.
                    s.link = Link::default();
                    queue.push_front(i);
                    break;
                }
                s.task = Some(i);
            }
            if left == 0 {
                park(slots.into_iter());
                let made = made.into_iter().map(|m| m.expect("every task made")).collect();
                return Ok(Some((made, Some(MadeOn::Workers(most as u32)))));
            }
            if slots.is_empty() {
                BROKEN.with(|b| b.set(true));
                note("Workers could not start in this browser; the runs are being made on the page's own thread.".into());
                let rest: Vec<usize> = queue.into_iter().collect();
                let done: Vec<(usize, Made)> =
                    made.into_iter().enumerate().filter_map(|(i, m)| m.map(|m| (i, m))).collect();
                return on_page(tasks, rest, done, on_made, active).await;
            }
            let Some(event) = rx.next().await else { return Err("the worker pool stopped".into()) };
            let serial = match &event {
                Event::Ready(s) | Event::Reply(s, _) | Event::Failed(s, _) => *s,
            };
            let Some(at) = slots.iter().position(|s| s.serial == serial) else { continue };
            match event {
                Event::Ready(_) => slots[at].ready = true,
                Event::Reply(_, text) => {
                    let Some(i) = slots[at].task.take() else { continue };
                    let result = Reply::from_json(&text).and_then(|r| read(&tasks[i], r))?;
                    on_made(tasks[i].runs().len() as u32);
                    made[i] = Some(result);
                    left -= 1;
                }
                Event::Failed(_, why) => {
                    let failed = slots.swap_remove(at);
                    failed.worker.terminate();
                    match failed.task {
                        Some(i) => {
                            failures[i] += 1;
                            let (from, to) = (tasks[i].header.from, tasks[i].header.to);
                            if failures[i] >= 2 {
                                return Err(format!(
                                    "Runs {from}–{} failed on two workers in turn ({why}), so the engine itself fails on them.",
                                    to - 1
                                ));
                            }
                            note(format!(
                                "A worker stopped ({why}); its runs {from}–{} are being made again on another.",
                                to - 1
                            ));
                            queue.push_front(i);
                        }
                        None if !failed.ready => never_started += 1,
                        None => {}
                    }
                    // Replace it, unless workers never start here at all.
                    if never_started < most.max(1) {
                        if let Some(s) = Slot::spawn(&tx) {
                            slots.push(s);
                        }
                    }
                    most = most.max(slots.len());
                }
            }
        }
    }

    /// How a task's result is read back: replies in task order, or the reason
    /// the job cannot finish.
    fn read(task: &Task, reply: Reply) -> Result<Made, String> {
        match reply {
            Reply::Done { summaries, handoffs, .. } if summaries.len() == task.runs().len() => {
                Ok((summaries, handoffs))
            }
            Reply::Done { summaries, .. } => Err(format!(
                "a worker brought back {} runs for runs {}–{}",
                summaries.len(),
                task.header.from,
                task.header.to
            )),
            Reply::Refused { why, .. } => Err(why),
        }
    }

    /// Leaves ready workers for the next job.
    fn park(slots: impl Iterator<Item = Slot>) {
        IDLE.with(|idle| idle.borrow_mut().extend(slots.map(|s| (s.worker, s.link))));
    }

    /// Makes the tasks `rest` on the page's own thread, yielding to the
    /// browser whenever a slice of it is over.
    async fn on_page(
        tasks: &[Task],
        rest: Vec<usize>,
        done: Vec<(usize, Made)>,
        mut on_made: impl FnMut(u32),
        active: impl Fn() -> bool,
    ) -> Result<Option<Finished>, String> {
        let mut made: Vec<Option<Made>> = vec![None; tasks.len()];
        for (i, m) in done {
            made[i] = Some(m);
        }
        let mut executor = Executor::new();
        let mut slice = Slice::start();
        for i in rest {
            let t = &tasks[i];
            let mut making = executor.start(&t.header, Some(&t.scenario.text))?;
            while !making.step(|| slice.over()) {
                yield_now().await;
                if !active() {
                    return Ok(None);
                }
                slice = Slice::start();
            }
            made[i] = Some(read(t, making.finish())?);
            on_made(t.runs().len() as u32);
        }
        Ok(Some((made.into_iter().map(|m| m.expect("every task made")).collect(), Some(MadeOn::Page))))
    }
}
