//! How background work shares the page's thread with the user: work on the
//! thread comes in slices of at most [`SLICE_MS`] between yields to the
//! browser, and progress is shown at most every so often, since each report
//! renders on the same thread. The live check, a story chapter's runs, the
//! run bar of a job and the worker pool's fallback all keep to these.

use crate::ui::web::now_ms;
use std::time::Duration;

/// Milliseconds of work on the page's thread between yields: well under a
/// frame's budget twice over, so the page keeps answering while runs are
/// made on it.
pub const SLICE_MS: f64 = 25.0;

/// A slice of the page's thread, from when it started.
pub struct Slice(f64);

impl Slice {
    pub fn start() -> Self {
        Slice(now_ms())
    }

    /// Whether the slice has had its [`SLICE_MS`]: the work yields.
    pub fn over(&self) -> bool {
        now_ms() - self.0 >= SLICE_MS
    }

    /// Milliseconds since the slice started.
    pub fn elapsed(&self) -> f64 {
        now_ms() - self.0
    }
}

/// Whether a progress report is due: the first one at once, then one every
/// `ms` milliseconds at most.
pub struct Every {
    ms: f64,
    last: Option<f64>,
}

impl Every {
    pub fn new(ms: f64) -> Self {
        Every { ms, last: None }
    }

    /// The same, its first report due only after `ms` (a report was just shown).
    pub fn after(ms: f64) -> Self {
        Every { ms, last: Some(now_ms()) }
    }

    pub fn due(&mut self) -> bool {
        let now = now_ms();
        let due = self.last.is_none_or(|t| now - t >= self.ms);
        if due {
            self.last = Some(now);
        }
        due
    }
}

/// Gives the browser its turn: rendering, input, other tasks.
pub async fn yield_now() {
    yew::platform::time::sleep(Duration::ZERO).await;
}
