//! Watching the cases: what each worker is running, the watchdog that ends
//! the process when a case goes past the time or memory cap (neither can be
//! interrupted from outside), and how a failing case is reported: printed
//! with its input and saved under `target/fuzz-failures/` for replay.

use crate::alloc;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A case as the watchdog and the report need it.
#[derive(Clone)]
pub struct Running {
    pub case: u64,
    pub started: Instant,
    pub input: Arc<Vec<u8>>,
    /// Where the input came from and the edits that made it.
    pub origin: String,
    /// The file it was replayed from, if it was: a failure is not saved again.
    pub replayed: Option<PathBuf>,
}

/// What one worker is doing.
pub struct Slot {
    /// `None` between cases.
    pub running: Mutex<Option<Running>>,
    /// Raised by the allocator when the case goes over the memory cap.
    pub over_memory: &'static alloc::Flag,
}

impl Slot {
    pub fn new() -> Self {
        // One flag per worker for the whole run: the allocator needs a
        // `'static` one, and there are only as many as threads.
        Slot { running: Mutex::new(None), over_memory: Box::leak(Box::new(alloc::Flag::new())) }
    }

    pub fn set(&self, running: Option<Running>) {
        // A worker never panics while holding the lock, but a poisoned
        // lock still holds the right value.
        *self.running.lock().unwrap_or_else(|e| e.into_inner()) = running;
    }

    fn get(&self) -> Option<Running> {
        self.running.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// The caps a case runs under.
#[derive(Clone, Copy)]
pub struct Caps {
    pub time: Duration,
    pub memory: usize,
}

/// Checks every worker twenty times a second until `done`; reports the first
/// case over a cap, prints the `summary` of the cases that ended, and exits
/// with a failure.
pub fn watchdog(seed: u64, caps: Caps, slots: &[Slot], done: &AtomicBool, summary: &dyn Fn() -> usize) {
    while !done.load(Ordering::SeqCst) {
        std::thread::sleep(Duration::from_millis(50));
        for slot in slots {
            let Some(r) = slot.get() else { continue };
            let why = if slot.over_memory.is_raised() {
                format!("memory: over the cap of {} MB", caps.memory >> 20)
            } else if r.started.elapsed() > caps.time {
                format!("timeout: still running after the cap of {:?}", caps.time)
            } else {
                continue;
            };
            report(seed, &r, &why);
            summary();
            eprintln!(
                "FUZZ: stopped at the first case over a cap; to go on from the next one, set \
                 FAULTLINE_FUZZ_FROM={}",
                r.case + 1
            );
            std::process::exit(1);
        }
    }
}

fn failures_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"), PathBuf::from)
        .join("fuzz-failures")
}

/// Prints a failing case (its input cut to 2,000 characters) and saves the
/// whole input for replay; returns what it printed.
pub fn report(seed: u64, r: &Running, why: &str) -> String {
    let text = String::from_utf8_lossy(&r.input);
    let shown: String = text.chars().take(2_000).collect();
    let cut = if shown.len() < text.len() {
        format!("… ({} bytes in all)", r.input.len())
    } else {
        String::new()
    };
    if let Some(path) = &r.replayed {
        let message = format!("FUZZ {why}\n  replaying {}\n  input: {shown}{cut}", path.display());
        eprintln!("{message}");
        return message;
    }
    let kind = why.split(':').next().unwrap_or("failure");
    let dir = failures_dir();
    let path = dir.join(format!("seed-{seed}-case-{}-{kind}.json", r.case));
    let saved = std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, r.input.as_slice()));
    let saved = match saved {
        Ok(()) => format!(
            "saved to {path}; replay with FAULTLINE_FUZZ_REPLAY={path} cargo test --test fuzz, or remake with \
             FAULTLINE_FUZZ_SEED={seed} FAULTLINE_FUZZ_CASE={} cargo test --test fuzz",
            r.case,
            path = path.display()
        ),
        Err(e) => format!("could not save it to {}: {e}", path.display()),
    };
    let message = format!(
        "FUZZ {why}\n  seed {seed}, case {}, made from {}\n  input: {shown}{cut}\n  {saved}",
        r.case, r.origin
    );
    eprintln!("{message}");
    message
}
