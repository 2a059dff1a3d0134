//! Engine benchmark: prints figures, asserts nothing (machines are shared
//! and noisy). Run with `cargo bench --bench engine`.
//!
//! - one run of a typical preset, averaged over many runs;
//! - 10,000 Monte Carlo runs of a preset on one core, and on every core;
//! - generated organisations at 1×, 10× and 100× of a 50-team,
//!   500-capability, 1,000-failure, 90-day scenario, to show how cost grows.

use faultline::analysis::montecarlo::{run_range, summarize};
use faultline::engine::rng::run_seed;
use faultline::engine::run;
use faultline::model::generate::benchmark_org;
use faultline::model::{presets, validate, validate_with_limits, Limits};
use std::hint::black_box;
use std::time::Instant;

fn main() {
    // `FAULTLINE_BENCH_ONE=<scale>` runs one generated organisation once and
    // exits: a unit to count instructions with `valgrind --tool=callgrind`,
    // which, unlike time, does not depend on what else the machine is doing.
    if let Ok(spec) = std::env::var("FAULTLINE_BENCH_ONE") {
        // "SCALE" or "SCALE:RUNS"; the difference between two run counts is
        // the cost of the runs alone, without building the organisation.
        let mut parts = spec.split(':').map(|p| p.parse::<u64>().unwrap_or(1));
        let (scale, runs) = (parts.next().unwrap_or(1) as usize, parts.next().unwrap_or(1));
        let sc = validate_with_limits(benchmark_org(scale), Limits::NONE).unwrap();
        let mut events = 0;
        for seed in 0..runs {
            events += black_box(run(&sc, seed)).events.len();
        }
        println!("scale {scale}, {runs} runs: {events} events");
        return;
    }
    // `FAULTLINE_BENCH_PRESET=<name>:<runs>` runs a preset that many times
    // (seeds as in the timing below) and exits, for the same use.
    if let Ok(spec) = std::env::var("FAULTLINE_BENCH_PRESET") {
        let (name, runs) = spec.split_once(':').unwrap_or((spec.as_str(), "1"));
        let runs: u32 = runs.parse().unwrap_or(1);
        let sc = validate(presets::preset(name).expect("a preset's name")).unwrap();
        let mut events = 0;
        for i in 0..runs {
            events += black_box(run(&sc, run_seed(1, i))).events.len();
        }
        println!("preset {name}, {runs} runs: {events} events");
        return;
    }
    // `cargo bench` passes --bench; `cargo test --all-targets` runs this
    // binary without it, and then a quick pass only checks it still works.
    let quick = !std::env::args().any(|a| a == "--bench");
    let preset = validate(presets::preset("clear-boundary").unwrap()).unwrap();

    // Warm up, then time single runs of the preset.
    for i in 0..200 {
        black_box(run(&preset, i));
    }
    let n: u32 = if quick { 100 } else { 20_000 };
    let t = Instant::now();
    let mut events = 0usize;
    for i in 0..n {
        events += black_box(run(&preset, run_seed(1, i))).events.len();
    }
    let secs = t.elapsed().as_secs_f64();
    println!("preset clear-boundary, one run: {:.1} µs per run, {:.0} runs/s, {:.0} events/s ({:.1} events per run)",
        secs / f64::from(n) * 1e6, f64::from(n) / secs, events as f64 / secs, events as f64 / f64::from(n));

    let runs: u32 = if quick { 100 } else { 10_000 };
    let t = Instant::now();
    for i in 0..runs {
        let log = run(&preset, run_seed(1, i));
        black_box(summarize(&preset, &log, i));
    }
    let one_core = t.elapsed().as_secs_f64();
    let t = Instant::now();
    black_box(run_range(&preset, 1, 0..runs));
    let all_cores = t.elapsed().as_secs_f64();
    let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
    println!("preset clear-boundary, {runs} Monte Carlo runs with summaries: {one_core:.2} s on one core, {all_cores:.2} s on {cores} cores");

    println!("generated organisations (90 days):");
    println!("| scale | teams | capabilities | failures | incidents | events | validate | one run | events/s | ns/event |");
    println!("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    let scales: &[usize] = if quick { &[1] } else { &[1, 10, 100] };
    for &scale in scales {
        let file = benchmark_org(scale);
        let (teams, caps, failures) = (file.teams.len(), file.capabilities.len(), file.failures.len());
        let t = Instant::now();
        let sc = validate_with_limits(file, Limits::NONE).unwrap();
        let validate_s = t.elapsed().as_secs_f64();
        let reps: u32 = match scale {
            1 => 20,
            10 => 3,
            _ => 1,
        };
        let t = Instant::now();
        let mut last = None;
        for r in 0..reps {
            // Beyond the user limits, so beyond a run's budget too: measure
            // how cost scales, not where a user's run would stop.
            let unlimited = faultline::engine::Budget { events: u64::MAX, work: u64::MAX };
            last = Some(black_box(faultline::engine::run_within(&sc, u64::from(r), unlimited)));
        }
        let secs = t.elapsed().as_secs_f64() / f64::from(reps);
        let log = last.unwrap();
        println!(
            "| {scale}× | {teams} | {caps} | {failures} | {} | {} | {:.0} ms | {:.1} ms | {:.2e} | {:.0} |",
            log.incidents.len(),
            log.events.len(),
            validate_s * 1e3,
            secs * 1e3,
            log.events.len() as f64 / secs,
            secs / log.events.len() as f64 * 1e9
        );
    }
}
