//! A counting allocator around the system's, so each case's memory can be
//! measured and capped. Counts are per thread: a case runs on one worker
//! thread from start to end (the product path is called with one run per
//! Monte Carlo range, so the library spawns no threads of its own), and
//! per-thread counts stay exact however many workers run side by side.
//!
//! A case that goes over the cap cannot be stopped from inside the allocator
//! (an allocator may not unwind), so the allocating thread raises its flag
//! and parks there; the watchdog sees the flag, reports the case and ends
//! the process before the machine runs out of memory.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

pub struct Counting;

/// Raised by a worker whose case went over the memory cap.
pub struct Flag(AtomicBool);

impl Flag {
    pub const fn new() -> Self {
        Flag(AtomicBool::new(false))
    }

    pub fn is_raised(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

thread_local! {
    /// Bytes allocated minus bytes freed on this thread since the case began;
    /// negative when the case frees what was allocated before it.
    static CURRENT: Cell<i64> = const { Cell::new(0) };
    static PEAK: Cell<i64> = const { Cell::new(0) };
    /// The cap while a case runs on this thread, and the flag to raise.
    static CAP: Cell<Option<(i64, &'static Flag)>> = const { Cell::new(None) };
}

/// Starts measuring a case on this thread: the peak starts from zero, and an
/// allocation that takes the case past `cap` bytes raises `flag`.
pub fn begin(cap: usize, flag: &'static Flag) {
    CURRENT.set(0);
    PEAK.set(0);
    CAP.set(Some((i64::try_from(cap).unwrap_or(i64::MAX), flag)));
}

/// The case's bytes in use now and at its peak so far.
pub fn so_far() -> (u64, u64) {
    (u64::try_from(CURRENT.get()).unwrap_or(0), u64::try_from(PEAK.get()).unwrap_or(0))
}

/// Stops measuring and returns the case's peak in bytes.
pub fn end() -> u64 {
    CAP.set(None);
    u64::try_from(PEAK.get()).unwrap_or(0)
}

fn grew(bytes: usize) {
    // `try_with` because the allocator also runs while a thread's locals are
    // being torn down; const-initialised cells without destructors never are,
    // but there is no reason to rely on it.
    let _ = CURRENT.try_with(|c| {
        let now = c.get().saturating_add(i64::try_from(bytes).unwrap_or(i64::MAX));
        c.set(now);
        let _ = PEAK.try_with(|p| p.set(p.get().max(now)));
        if let Ok(Some((cap, flag))) = CAP.try_with(Cell::get) {
            if now > cap {
                flag.0.store(true, Ordering::SeqCst);
                // Park here: the watchdog reports the case and exits. Sleeping
                // allocates nothing.
                loop {
                    std::thread::sleep(Duration::from_secs(1));
                }
            }
        }
    });
}

fn shrank(bytes: usize) {
    let _ = CURRENT.try_with(|c| c.set(c.get().saturating_sub(i64::try_from(bytes).unwrap_or(i64::MAX))));
}

// SAFETY: every call is passed straight to `System` with the same layout;
// the counting around it touches only thread-local cells and never allocates.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grew(layout.size());
        // SAFETY: the caller's contract is forwarded unchanged.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        grew(layout.size());
        // SAFETY: as above.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        shrank(layout.size());
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() {
            grew(new_size - layout.size());
        } else {
            shrank(layout.size() - new_size);
        }
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}
