//! Advisor and sensitivity benchmark: prints figures, asserts nothing
//! (machines are shared and noisy). Run with `cargo bench --bench advisor`.
//!
//! - `suggest` on every preset with the command line's default plan (the
//!   share of incidents nobody resolved, the preset's seed, a first pass of
//!   100 paired runs, the pair step): moves weighed, engine runs made, wall
//!   time and CPU time;
//! - a full sensitivity sweep of clear-boundary against shared-deploy at 100
//!   runs: assumptions swept, measurements, engine runs, wall and CPU time.
//!
//! `run_range` runs on every core with `std::thread::scope` (no rayon): the
//! wall time is on as many threads as `available_parallelism` reports, and
//! the CPU time is the whole process's, every thread's. For one thread, run
//! it under `taskset -c 0`: `available_parallelism` follows the CPU affinity.

use faultline::analysis::advisor::{suggest, Plan, MIN_FIRST};
use faultline::analysis::batch::Rounds;
use faultline::analysis::objective::Objective;
use faultline::analysis::sensitivity::Sweep;
use faultline::model::{presets, validate};
use std::hint::black_box;
use std::time::Instant;

/// The process's CPU time so far, every thread's, in seconds (from
/// `/proc/self/stat`; zero where there is none).
fn cpu_seconds(tick: f64) -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // The command name may hold spaces; the fields after it start at the state.
    let fields: Vec<&str> = stat.rsplit_once(')').map_or("", |(_, rest)| rest).split_whitespace().collect();
    let ticks = |k: usize| fields.get(k).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    // utime and stime are fields 14 and 15 of the line, 11 and 12 after the state.
    (ticks(11) + ticks(12)) / tick
}

/// Clock ticks per second of `/proc`'s times.
fn clock_tick() -> f64 {
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse::<f64>().ok())
        .filter(|&t| t > 0.0)
        .unwrap_or(100.0)
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --all-targets` runs this
    // binary without it, and then a quick pass only checks it still works.
    let quick = !std::env::args().any(|a| a == "--bench");
    let tick = clock_tick();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let objective = Objective::Silent;
    println!(
        "run_range on {threads} thread{} (std::thread::scope, no rayon); CPU time is every thread's{}",
        if threads == 1 { "" } else { "s" },
        if quick { "; quick pass" } else { "" }
    );

    let first = if quick { MIN_FIRST } else { 100 };
    println!("suggest, objective {}, first pass {first}:", objective.key());
    println!(
        "| preset | step | moves | runs made | settled | wall | CPU | runs/s (wall) | µs of CPU per run | top move |"
    );
    println!("| --- | --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | --- |");
    let ids: Vec<&str> =
        if quick { vec![presets::DEFAULT_PRESET] } else { presets::PRESETS.map(|p| p.id).to_vec() };
    for id in ids {
        let sc = validate(presets::preset(id).unwrap()).unwrap();
        // Every single move (the race alone), then the whole of it with the
        // pair step, as the command line and the page run it.
        for pair in [false, true] {
            let mut plan = Plan::new(objective, sc.settings().seed, first);
            plan.pair = pair;
            if quick {
                plan.max_runs = plan.first;
                plan.pair = false;
            }
            let (t, c) = (Instant::now(), cpu_seconds(tick));
            let s = black_box(suggest(&sc, plan));
            let (wall, cpu) = (t.elapsed().as_secs_f64(), cpu_seconds(tick) - c);
            let runs = s.runs_made as f64;
            println!(
                "| {id} | {} | {} | {} | {} | {wall:.2} s | {cpu:.2} s | {:.0} | {:.0} | {} |",
                if plan.pair { "singles and pair" } else { "single moves" },
                s.suggestions.len(),
                s.runs_made,
                if s.settled { "yes" } else { "no" },
                runs / wall,
                cpu / runs * 1e6,
                s.suggestions.first().map_or("none", |g| g.described.label.as_str())
            );
            if quick {
                break;
            }
        }
    }

    let runs = if quick { 2 } else { 100 };
    let a = validate(presets::preset("clear-boundary").unwrap()).unwrap();
    let b = validate(presets::preset("shared-deploy").unwrap()).unwrap();
    let (t, c) = (Instant::now(), cpu_seconds(tick));
    let mut sweep = Sweep::new(&a, Some(&b), objective, a.settings().seed, runs).unwrap();
    let mut steps = 0u64;
    while sweep.step() {
        steps += 1;
    }
    let engine_runs = sweep.progress().0;
    let s = black_box(sweep.finish());
    let (wall, cpu) = (t.elapsed().as_secs_f64(), cpu_seconds(tick) - c);
    // Each measurement (the base, one end, one halving) runs both designs.
    let measurements = engine_runs / (u64::from(runs) * 2);
    let flips = s.rows.iter().filter(|r| r.flip.is_some()).count();
    println!(
        "sensitivity, clear-boundary vs shared-deploy, {runs} runs: {} assumptions, {measurements} measurements \
         ({flips} flips bisected), {steps} steps, {engine_runs} engine runs, {wall:.2} s wall, {cpu:.2} s CPU, \
         {:.0} µs of CPU per run",
        s.rows.len(),
        cpu / engine_runs.max(1) as f64 * 1e6
    );
}
