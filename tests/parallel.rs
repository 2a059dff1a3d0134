//! Runs split into tasks, sent as text, made in any order by several
//! executors and merged by run index give the same Monte Carlo set, byte for
//! byte, as one thread making every run in order: what lets the page spread
//! a set over Web Workers without changing a number it shows.

use faultline::analysis::batch::{merge, ship, split, Executor, Header, Link, Reply, Rounds, Task};
use faultline::analysis::handoffs::Handoffs;
use faultline::analysis::montecarlo::{aggregate, monte_carlo, RunSummary};
use faultline::engine::rng::run_seed;
use faultline::engine::run;
use faultline::model::presets::{preset, PRESETS};
use faultline::model::validate;

/// Makes `runs` runs of `sc` as `workers` executors would: the indices cut
/// into pieces of `size`, the pieces dealt round-robin, each executor
/// working through its pieces from the last, and every task and reply
/// crossing as text.
fn parallel(
    sc: &faultline::model::Scenario,
    seed: u64,
    runs: u32,
    size: u32,
    workers: usize,
) -> (Vec<RunSummary>, Handoffs) {
    let shipped = ship(sc);
    let tasks: Vec<Task> = split(0..runs, size)
        .into_iter()
        .enumerate()
        .map(|(id, r)| Task::new(id as u64, &shipped, seed, r, true))
        .collect();
    let mut executors: Vec<(Executor, Link)> = (0..workers).map(|_| Default::default()).collect();
    let mut replies = Vec::new();
    for (w, (executor, link)) in executors.iter_mut().enumerate() {
        for task in tasks.iter().skip(w).step_by(workers).rev() {
            let wire = executor.execute_text(&link.encode(task, false)).to_json();
            match Reply::from_json(&wire).expect("replies read back") {
                Reply::Done { id, summaries, handoffs } => {
                    assert_eq!(id, task.header.id);
                    replies.push((summaries, handoffs));
                }
                Reply::Refused { why, .. } => panic!("refused: {why}"),
            }
        }
    }
    merge(runs, replies).expect("every run came back once")
}

#[test]
fn a_set_made_by_several_workers_is_byte_identical_to_one_made_in_order() {
    for (p, (size, workers)) in PRESETS.iter().zip([(7, 3), (50, 2), (1, 4), (33, 1), (64, 7)]) {
        let sc = validate(preset(p.id).unwrap()).unwrap();
        let runs = 120;
        let (serial, serial_agg) = monte_carlo(&sc, 11, runs);
        let (summaries, handoffs) = parallel(&sc, 11, runs, size, workers);
        assert_eq!(summaries, serial, "{}: summaries", p.id);
        let agg = aggregate(&sc, &summaries);
        assert_eq!(
            serde_json::to_string(&agg).unwrap(),
            serde_json::to_string(&serial_agg).unwrap(),
            "{}: the aggregate, byte for byte",
            p.id
        );
        let logs: Vec<_> = (0..runs).map(|i| run(&sc, run_seed(11, i))).collect();
        assert_eq!(handoffs, Handoffs::of(&logs), "{}: the hand-offs tally", p.id);
    }
}

#[test]
fn a_missing_or_repeated_run_is_an_error_not_a_smaller_set() {
    let sc = validate(preset("no-sre").unwrap()).unwrap();
    let (all, _) = monte_carlo(&sc, 3, 6);
    let gap = vec![(all[..2].to_vec(), None), (all[3..].to_vec(), None)];
    assert_eq!(merge(6, gap).unwrap_err(), "run 2 of 6 is missing or was made twice");
    let twice = vec![(all.clone(), None), (all[5..].to_vec(), None)];
    assert!(merge(6, twice).is_err());
    assert_eq!(merge(6, vec![(all.clone(), None)]).unwrap().0, all);
}

#[test]
fn a_task_that_is_not_one_is_refused_with_the_reason() {
    let mut ex = Executor::new();
    let why = |r: Reply| match r {
        Reply::Refused { why, .. } => why,
        Reply::Done { .. } => panic!("ran"),
    };
    assert_eq!(why(ex.execute_text("no newline")), "a task has no scenario");
    assert!(why(ex.execute_text("{\"id\":1}\n{}")).starts_with("a task's header is not readable"));
    let header = Header { id: 4, scenario: 1, seed: 1, from: 0, to: 2, handoffs: false, fault: false };
    let refused = ex.execute(&header, Some("{\"teams\": 3}"));
    assert!(
        matches!(&refused, Reply::Refused { id: Some(4), why } if why.starts_with("the scenario is not readable"))
    );
}

#[test]
#[should_panic(expected = "fault injected by a test")]
fn the_fault_hook_fails_the_executor_as_a_broken_worker_would() {
    let sc = validate(preset("no-sre").unwrap()).unwrap();
    let shipped = ship(&sc);
    let header = Header { fault: true, ..Task::new(1, &shipped, 1, 0..1, false).header };
    Executor::new().execute(&header, Some(&shipped.text));
}

/// Drives a computation by rounds as the page does: every need of a round
/// cut into tasks, sent as text to several executors, and handed back.
fn by_rounds<R: Rounds>(r: &mut R) {
    let mut executors: [(Executor, Link); 3] = Default::default();
    loop {
        let wants: Vec<(R::Key, Vec<Task>)> = r
            .needs()
            .into_iter()
            .map(|n| {
                let shipped = ship(n.sc);
                let tasks = split(n.runs.clone(), 7)
                    .into_iter()
                    .map(|p| Task::new(0, &shipped, n.seed, p, false))
                    .collect();
                (n.key, tasks)
            })
            .collect();
        if wants.is_empty() {
            if !r.advance() {
                return;
            }
            continue;
        }
        let mut k = 0;
        for (key, tasks) in wants {
            let mut made = Vec::new();
            for t in tasks {
                k += 1;
                let (executor, link) = &mut executors[k % 3];
                match Reply::from_json(&executor.execute_text(&link.encode(&t, false)).to_json()).unwrap() {
                    Reply::Done { summaries, .. } => made.extend(summaries),
                    Reply::Refused { why, .. } => panic!("refused: {why}"),
                }
            }
            r.give(key, made);
        }
    }
}

#[test]
fn the_advisor_and_a_sweep_made_on_executors_by_rounds_equal_their_serial_results() {
    use faultline::analysis::advisor::{suggest, Advisor, Plan};
    use faultline::analysis::objective::Objective;
    use faultline::analysis::sensitivity::{sensitivity, Sweep};
    let sc = validate(preset("shared-deploy").unwrap()).unwrap();
    let plan = Plan::new(Objective::Silent, 4, 20);
    let mut advisor = Advisor::new(&sc, plan);
    by_rounds(&mut advisor);
    assert_eq!(advisor.result(), suggest(&sc, plan));
    let base = validate(preset("clear-boundary").unwrap()).unwrap();
    let mut sweep = Sweep::new(&base, Some(&sc), Objective::Silent, 2, 12).unwrap();
    by_rounds(&mut sweep);
    let serial = sensitivity(&base, Some(&sc), Objective::Silent, 2, 12).unwrap();
    assert_eq!(serde_json::to_string(&sweep.finish()).unwrap(), serde_json::to_string(&serial).unwrap());
}

#[test]
fn a_task_made_a_slice_at_a_time_replies_as_one_made_at_once() {
    let sc = validate(preset("shared-deploy").unwrap()).unwrap();
    let shipped = ship(&sc);
    let header = Task::new(3, &shipped, 5, 10..23, true).header;
    let whole = Executor::new().execute(&header, Some(&shipped.text));
    let mut executor = Executor::new();
    let mut making = executor.start(&header, Some(&shipped.text)).unwrap();
    // Time is always up: one run a call, as on a page whose slices are spent.
    let mut calls = 1;
    while !making.step(|| true) {
        calls += 1;
    }
    assert_eq!(calls, 13, "one run per call when every slice is over");
    assert_eq!(making.finish(), whole);
}

#[test]
fn a_scenario_crosses_to_an_executor_once_while_it_holds_it() {
    let sc = validate(preset("no-sre").unwrap()).unwrap();
    // How many of `tasks`' texts carry their scenario, every reply a
    // finished task (the link and the executor agree on what is held).
    let sends = |designs: usize, rounds: usize| {
        let shipped: Vec<_> = (0..designs).map(|_| ship(&sc)).collect();
        let (mut executor, mut link) = (Executor::new(), Link::default());
        let mut carried = 0;
        for round in 0..rounds {
            for s in &shipped {
                let text = link.encode(&Task::new(round as u64, s, 1, 0..1, false), false);
                carried += usize::from(!text.ends_with('\n'));
                match executor.execute_text(&text) {
                    Reply::Done { summaries, .. } => assert_eq!(summaries.len(), 1),
                    Reply::Refused { why, .. } => panic!("refused: {why}"),
                }
            }
        }
        carried
    };
    assert_eq!(sends(1, 5), 1, "one design: sent with the first task only");
    assert_eq!(sends(8, 3), 8, "as many designs as are held: each sent once");
    assert_eq!(sends(9, 3), 27, "one more than is held, in turn: each forgotten before its next task");

    let header = Task::new(7, &ship(&sc), 1, 0..1, false).header;
    let text = format!("{}\n", serde_json::to_string(&header).unwrap());
    match Executor::new().execute_text(&text) {
        Reply::Refused { id: Some(7), why } => {
            assert!(why.ends_with("was never sent to this worker"), "{why}")
        }
        other => panic!("ran without its scenario: {other:?}"),
    }
}
