//! Fuzzing as part of the tests: an in-process mutation harness (cargo-fuzz
//! needs a nightly compiler). Inputs are mutations of real scenarios
//! (`fuzz/corpus.rs`, with the edits in `tree.rs`, `design.rs` and
//! `bytes.rs`); each runs the whole product path (`fuzz/product.rs`) under
//! `catch_unwind`, with a cap on its time (a watchdog thread, `watch.rs`) and
//! on its memory (a counting allocator, `alloc.rs`). Case *i* of seed *s* is
//! always the same input, so any failure replays.
//!
//! The default pass is sized for CI (about a minute here); environment
//! variables make it longer or replay one input:
//!
//! | variable | default | |
//! | --- | --- | --- |
//! | `FAULTLINE_FUZZ_CASES` | 6,000 | run cases up to this number |
//! | `FAULTLINE_FUZZ_FROM` | 0 | the first case to run (to go on after a case over a cap) |
//! | `FAULTLINE_FUZZ_SEED` | 1 | the seed every case derives from |
//! | `FAULTLINE_FUZZ_THREADS` | all cores | worker threads, each running whole cases |
//! | `FAULTLINE_FUZZ_CASE` | | run only this case of the seed, timing each stage |
//! | `FAULTLINE_FUZZ_REPLAY` | | run only this file (one from `target/fuzz-failures/`), timing each stage |
//! | `FAULTLINE_FUZZ_SEEDS` | 2 | engine runs per valid case |
//! | `FAULTLINE_FUZZ_CASE_SECONDS` | 60 | time cap per case |
//! | `FAULTLINE_FUZZ_MEMORY_MB` | 512 | memory cap per case |
//! | `FAULTLINE_FUZZ_VERBOSE` | | print every case: its input's origin, the edits, how far it got |

#[cfg(not(target_arch = "wasm32"))]
#[path = "fuzz/alloc.rs"]
mod alloc;
#[cfg(not(target_arch = "wasm32"))]
#[path = "fuzz/bytes.rs"]
mod bytes;
#[cfg(not(target_arch = "wasm32"))]
#[path = "fuzz/corpus.rs"]
mod corpus;
#[cfg(not(target_arch = "wasm32"))]
#[path = "fuzz/design.rs"]
mod design;
#[cfg(not(target_arch = "wasm32"))]
#[path = "fuzz/product.rs"]
mod product;
#[cfg(not(target_arch = "wasm32"))]
#[path = "fuzz/tree.rs"]
mod tree;
#[cfg(not(target_arch = "wasm32"))]
#[path = "fuzz/watch.rs"]
mod watch;

#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static ALLOCATOR: alloc::Counting = alloc::Counting;

#[cfg(not(target_arch = "wasm32"))]
mod harness {
    use super::{alloc, corpus, product, watch};
    use std::io::Write;
    use std::panic::{catch_unwind, AssertUnwindSafe};
    use std::process::ExitCode;
    use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
    use std::sync::{Arc, Mutex};
    use std::time::{Duration, Instant};

    struct Config {
        seed: u64,
        cases: std::ops::Range<u64>,
        threads: usize,
        seeds: u32,
        caps: watch::Caps,
        /// One saved input to run instead of the generated cases.
        replay: Option<(std::path::PathBuf, Vec<u8>)>,
        /// Print each stage's time (one case or a replay).
        trace: bool,
        verbose: bool,
        began: Instant,
    }

    fn var<T: std::str::FromStr>(name: &str, default: T) -> T {
        match std::env::var(name) {
            Ok(v) => v.replace('_', "").parse().unwrap_or_else(|_| panic!("{name}={v:?} is not a number")),
            Err(_) => default,
        }
    }

    fn config() -> Config {
        let one = std::env::var_os("FAULTLINE_FUZZ_CASE").map(|_| var("FAULTLINE_FUZZ_CASE", 0u64));
        let replay = std::env::var_os("FAULTLINE_FUZZ_REPLAY").map(|path| {
            let bytes = std::fs::read(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.to_string_lossy()));
            (path.into(), bytes)
        });
        let cases = match (one, &replay) {
            (_, Some(_)) => 0..1,
            (Some(c), None) => c..c + 1,
            (None, None) => var("FAULTLINE_FUZZ_FROM", 0)..var("FAULTLINE_FUZZ_CASES", 6_000),
        };
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Config {
            seed: var("FAULTLINE_FUZZ_SEED", 1),
            threads: var("FAULTLINE_FUZZ_THREADS", cores)
                .clamp(1, cases.end.saturating_sub(cases.start).max(1) as usize),
            cases,
            seeds: var("FAULTLINE_FUZZ_SEEDS", 2),
            caps: watch::Caps {
                time: Duration::from_secs_f64(var("FAULTLINE_FUZZ_CASE_SECONDS", 60.0)),
                memory: var("FAULTLINE_FUZZ_MEMORY_MB", 512) << 20,
            },
            trace: one.is_some() || replay.is_some(),
            replay,
            verbose: std::env::var_os("FAULTLINE_FUZZ_VERBOSE").is_some(),
            began: Instant::now(),
        }
    }

    #[derive(Default)]
    struct Stats {
        cases: u64,
        unreadable: u64,
        invalid: u64,
        valid: u64,
        runs: u64,
        /// The five slowest cases, slowest first.
        slowest: Vec<(Duration, u64)>,
        /// The largest peak of memory in bytes, and its case.
        largest: (u64, u64),
        failures: Vec<String>,
    }

    impl Stats {
        fn keep_slowest(&mut self) {
            self.slowest.sort_by(|a, b| b.cmp(a));
            self.slowest.truncate(5);
        }
    }

    thread_local! {
        /// The last panic on this thread: where, what, and the backtrace.
        static PANIC: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
    }

    /// Panics are caught per case and reported with the case, so the default
    /// hook's printing is replaced by keeping the message for the report.
    fn quiet_panics() {
        std::panic::set_hook(Box::new(|info| {
            let bt = std::backtrace::Backtrace::force_capture();
            let _ = PANIC.try_with(|p| *p.borrow_mut() = Some(format!("{info}\n{bt}")));
        }));
    }

    /// Runs one input through the product; the failure, if any, starts with
    /// its kind (`panic:` or `broken:`).
    fn run_case(
        input: &[u8],
        base: Option<&faultline::model::Scenario>,
        options: product::Options,
    ) -> Result<product::Reached, String> {
        match catch_unwind(AssertUnwindSafe(|| product::exercise(input, base, options))) {
            Ok(Ok(reached)) => Ok(reached),
            Ok(Err(product::Broken(why))) => Err(format!("broken: {why}")),
            Err(_) => Err(format!(
                "panic: {}",
                PANIC.with(|p| p.borrow_mut().take()).unwrap_or_else(|| "(no message)".into())
            )),
        }
    }

    /// Takes cases until there are none left, each from start to end, and
    /// adds each to `total` as it ends (the watchdog may print it and exit).
    fn worker(
        cfg: &Config,
        corpus: &[corpus::Seed],
        next: &AtomicU64,
        slot: &watch::Slot,
        total: &Mutex<Stats>,
    ) {
        loop {
            let case = next.fetch_add(1, Ordering::SeqCst);
            if case >= cfg.cases.end {
                return;
            }
            if case > cfg.cases.start && case.is_multiple_of(10_000) {
                eprintln!("fuzz: starting case {case} after {:.0?}", cfg.began.elapsed());
            }
            let made = match &cfg.replay {
                Some((path, bytes)) => corpus::Case {
                    bytes: bytes.clone(),
                    base: None,
                    what: vec![format!("replayed from {}", path.display())],
                },
                None => corpus::case(corpus, cfg.seed, case),
            };
            let origin = match made.base {
                Some(b) => format!("{} by: {}", corpus[b].name, made.what.join("; ")),
                None => made.what.join("; "),
            };
            let base = made.base.and_then(|b| corpus[b].scenario.as_ref());
            let input = Arc::new(made.bytes);
            let started = Instant::now();
            let replayed = cfg.replay.as_ref().map(|(path, _)| path.clone());
            let running = watch::Running { case, started, input: input.clone(), origin, replayed };
            slot.set(Some(running.clone()));
            alloc::begin(cfg.caps.memory, slot.over_memory);
            let options = product::Options { seeds: cfg.seeds, html: case % 2 == 1, trace: cfg.trace };
            let result = run_case(&input, base, options);
            let peak = alloc::end();
            let took = started.elapsed();
            slot.set(None);
            let mut stats = total.lock().unwrap_or_else(|e| e.into_inner());
            stats.cases += 1;
            stats.slowest.push((took, case));
            stats.keep_slowest();
            stats.largest = stats.largest.max((peak, case));
            if cfg.verbose || cfg.trace {
                let reached = match &result {
                    Ok(r) if r.valid => "valid".to_owned(),
                    Ok(r) => format!(
                        "{}: {:.120}",
                        if r.read { "invalid" } else { "unreadable" },
                        r.problem.as_deref().unwrap_or("")
                    ),
                    Err(_) => "FAILED".to_owned(),
                };
                // Verbose output may go to a pager that quits early; that is
                // no failure of the case.
                let _ = writeln!(
                    std::io::stdout().lock(),
                    "case {case} {took:.2?}, peak {}: {} → {reached}",
                    mb(peak),
                    running.origin
                );
            }
            match result {
                Ok(r) => {
                    stats.runs += r.runs;
                    match (r.read, r.valid) {
                        (false, _) => stats.unreadable += 1,
                        (true, false) => stats.invalid += 1,
                        (true, true) => stats.valid += 1,
                    }
                }
                Err(why) => stats.failures.push(watch::report(cfg.seed, &running, &why)),
            }
        }
    }

    fn mb(bytes: u64) -> String {
        format!("{:.2} MB", bytes as f64 / (1u64 << 20) as f64)
    }

    /// Stops the watchdog when the workers are done, even by panicking, so
    /// the scope that waits for it can end.
    struct Stop<'a>(&'a AtomicBool);

    impl Drop for Stop<'_> {
        fn drop(&mut self) {
            self.0.store(true, Ordering::SeqCst);
        }
    }

    pub fn main() -> ExitCode {
        let cfg = config();
        quiet_panics();
        let corpus = corpus::corpus();
        let slots: Vec<watch::Slot> = (0..cfg.threads).map(|_| watch::Slot::new()).collect();
        let next = AtomicU64::new(cfg.cases.start);
        let done = AtomicBool::new(false);
        let total = Mutex::new(Stats::default());
        let summary = || summarize(&cfg, corpus.len(), &total.lock().unwrap_or_else(|e| e.into_inner()));
        std::thread::scope(|s| {
            s.spawn(|| watch::watchdog(cfg.seed, cfg.caps, &slots, &done, &summary));
            let _stop = Stop(&done);
            let workers: Vec<_> =
                slots.iter().map(|slot| s.spawn(|| worker(&cfg, &corpus, &next, slot, &total))).collect();
            for w in workers {
                // A worker catches every panic of the product; only the
                // harness itself could panic here, and that is a failure.
                w.join().expect("a fuzz worker panicked outside its case");
            }
        });
        let failures = summary();
        if failures == 0 {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        }
    }

    /// Prints the summary; returns the number of failures.
    fn summarize(cfg: &Config, corpus: usize, total: &Stats) -> usize {
        println!(
            "fuzz: seed {}, cases {}..{} on {} thread(s), {} corpus inputs, {} seed(s) per valid case",
            cfg.seed, cfg.cases.start, cfg.cases.end, cfg.threads, corpus, cfg.seeds
        );
        println!(
            "fuzz: {} cases: {} unreadable, {} invalid, {} valid; {} engine runs (diagnostics' paired runs \
             not counted)",
            total.cases, total.unreadable, total.invalid, total.valid, total.runs
        );
        let slowest: Vec<String> = total.slowest.iter().map(|(t, c)| format!("{t:.2?} (case {c})")).collect();
        println!(
            "fuzz: slowest cases {}; largest peak {} (case {}); caps {:?} and {} MB a case",
            slowest.join(", "),
            mb(total.largest.0),
            total.largest.1,
            cfg.caps.time,
            cfg.caps.memory >> 20
        );
        println!(
            "fuzz: {} failures (panics and broken rules); wall time {:.1?}",
            total.failures.len(),
            cfg.began.elapsed()
        );
        total.failures.len()
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    harness::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
