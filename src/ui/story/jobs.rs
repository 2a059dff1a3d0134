//! A chapter's reveal or goal check, made in slices of main-thread time
//! between yields to the browser, like the live check: the page keeps
//! answering while the runs are made, and a newer request (another chapter,
//! another check) stops the older one at its next slice.

use super::state::Progress;
use crate::story::Evaluation;
use crate::ui::web;
use crate::ui::web::pace::{yield_now, Slice};
use std::cell::Cell;
use std::rc::Rc;
use yew::Callback;

/// The User Timing measure of each slice.
pub const STORY_MEASURE: &str = "faultline story runs";

/// Which request is current: each new one takes the next number, and a job
/// whose number is no longer current stops.
#[derive(Clone, Default)]
pub struct Generation(Rc<Cell<u64>>);

impl PartialEq for Generation {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Generation {
    pub fn next(&self) -> u64 {
        self.0.set(self.0.get() + 1);
        self.0.get()
    }

    /// Stops whatever is running.
    pub fn cancel(&self) {
        self.next();
    }

    fn is(&self, n: u64) -> bool {
        self.0.get() == n
    }
}

/// Makes the evaluation's runs in slices, reporting progress, and hands it
/// over when every run is made, unless a newer request came first.
pub fn spawn(
    mut eval: Evaluation,
    generation: Generation,
    progress: Callback<Progress>,
    done: Callback<Evaluation>,
) {
    let me = generation.next();
    yew::platform::spawn_local(async move {
        loop {
            yield_now().await;
            if !generation.is(me) {
                return;
            }
            let slice = Slice::start();
            let (finished, _) = web::timed(STORY_MEASURE, || eval.step(|| slice.over()));
            let (d, total) = eval.progress();
            if finished {
                done.emit(eval);
                return;
            }
            progress.emit(Progress { done: d, total });
        }
    });
}
