//! The app's effects, as hooks: autosave on every change, document-wide
//! keyboard shortcuts, and the live diagnosis timed in the browser. Kept
//! out of the app shell so it stays a list of components.

use super::keys::{belongs_to_control, Focus};
use super::state::{Action, AppState};
use crate::model::ScenarioFile;
use crate::ui::inspector::live::{Check, Live};
use crate::ui::web;
use crate::ui::web::pace::{yield_now, Every, Slice};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use yew::prelude::*;

/// Simulated runs behind each finding's consequence.
pub const LIVE_RUNS: u32 = 30;

/// The User Timing measure of each task of the live check (its start, then
/// each slice of runs), for the browser's performance panel and the
/// end-to-end measurements.
pub const LIVE_MEASURE: &str = "faultline live check";

/// How often the diagnosis shows the runs' progress while they are made.
const PROGRESS_MS: f64 = 250.0;

/// The runs' latest result, beside the design it was made for.
type Later = Option<(Rc<ScenarioFile>, Rc<Live>, f64)>;

/// Saves the scenario to local storage whenever it changes, and the kept
/// baseline whenever it changes (when `persist`): apart, so an edit does
/// not rewrite the baseline too.
#[hook]
pub fn use_autosave(persist: bool, scenario: Rc<ScenarioFile>, baseline: Option<Rc<ScenarioFile>>) {
    use_effect_with(scenario, move |s| {
        if persist {
            web::autosave(s);
        }
    });
    // Keyed by identity: the baseline is replaced, never edited in place,
    // so a new `Rc` is a new baseline and comparing contents is not needed.
    let key = baseline.as_ref().map(|b| Rc::as_ptr(b) as usize);
    use_effect_with(key, move |_| {
        if persist {
            web::autosave_baseline(baseline.as_deref());
        }
    });
}

/// The live diagnosis of the scenario, and the main-thread milliseconds it
/// has taken. Validation and the findings come at once; the paired runs
/// behind the consequences are made in slices between yields to the
/// browser, so editing never waits for them, and a check still running
/// when the design changes stops at its next slice.
#[hook]
pub fn use_live(scenario: Rc<ScenarioFile>) -> (Rc<Live>, f64) {
    let first = use_memo(scenario.clone(), |s| {
        // The measures of the check before this one are of no more use.
        web::forget_measures(LIVE_MEASURE);
        let ((check, live), ms) = web::timed(LIVE_MEASURE, || {
            let check = Check::start(s, LIVE_RUNS);
            let live = Rc::new(check.live());
            (check, live)
        });
        (RefCell::new(Some(check)), live, ms)
    });
    let later = use_state(|| None as Later);
    {
        let (later, first) = (later.clone(), first.clone());
        use_effect_with(scenario.clone(), move |s| {
            let stop = Rc::new(Cell::new(false));
            let check = first.0.borrow_mut().take().filter(|c| !c.done());
            if let Some(check) = check {
                spawn_runs(check, s.clone(), first.2, stop.clone(), later);
            }
            move || stop.set(true)
        });
    }
    // The memo and the effect keep their check while the design is equal
    // in value (choosing the preset already on the board makes a new Rc of
    // the same design), so the check's later results are for it too.
    match &*later {
        Some((s, live, ms)) if Rc::ptr_eq(s, &scenario) || **s == *scenario => (live.clone(), *ms),
        _ => (first.1.clone(), first.2),
    }
}

/// Makes a check's runs a slice at a time until it is done or `stop` is set.
fn spawn_runs(
    mut check: Check,
    scenario: Rc<ScenarioFile>,
    mut ms: f64,
    stop: Rc<Cell<bool>>,
    later: UseStateHandle<Later>,
) {
    yew::platform::spawn_local(async move {
        // The check's start was just shown.
        let mut every = Every::after(PROGRESS_MS);
        loop {
            yield_now().await;
            if stop.get() {
                return;
            }
            let slice = Slice::start();
            let (done, took) = web::timed(LIVE_MEASURE, || {
                // A run is at most `crate::ui::inspector::live::LIVE_RUN_WORK` units,
                // so the slice ends within a run of its time.
                let done = check.step(|| slice.over());
                if every.due() || done {
                    later.set(Some((scenario.clone(), Rc::new(check.live()), ms + slice.elapsed())));
                }
                done
            });
            ms += took;
            if done {
                return;
            }
        }
    });
}

/// The size in CSS pixels of the element behind `node` while `active`,
/// measured after each render that turns it on and on every resize of the
/// window; `None` while inactive. The projected board is arranged to fill it.
#[hook]
pub fn use_box_size(node: NodeRef, active: bool) -> Option<(u32, u32)> {
    let size = use_state_eq(|| None);
    {
        let size = size.clone();
        use_effect_with(active, move |&active| {
            let measure = move || {
                node.cast::<web_sys::Element>()
                    .map(|e| (e.client_width().max(0) as u32, e.client_height().max(0) as u32))
                    .filter(|&(w, h)| w > 0 && h > 0)
            };
            let listener = if active {
                size.set(measure());
                let size = size.clone();
                web::on_resize(move || size.set(measure()))
            } else {
                size.set(None);
                None
            };
            move || drop(listener)
        });
    }
    *size
}

/// Ctrl+Z / Ctrl+Shift+Z (and Ctrl+Y) undo and redo, Escape clears the
/// selection, anywhere on the page except while typing in a text field,
/// where the browser's own undo belongs to the field.
#[hook]
pub fn use_shortcuts(dispatch: UseReducerDispatcher<AppState>) {
    use_effect_with((), move |_| {
        let keys = web::listen_keys(Callback::from(move |e: KeyboardEvent| {
            let ctrl = e.ctrl_key() || e.meta_key();
            let control = belongs_to_control(Focus::of(&e).as_ref(), &e.key(), ctrl);
            if let Some(action) = shortcut(&e.key(), ctrl, e.shift_key(), control) {
                e.prevent_default();
                dispatch.dispatch(action);
            }
        }));
        move || drop(keys)
    });
}

/// A share link pasted into the address bar of an open page changes only
/// the fragment, so the page does not reload: open it here, as on start.
#[hook]
pub fn use_hash_links(persist: bool, dispatch: UseReducerDispatcher<AppState>) {
    use_effect_with(persist, move |&persist| {
        let guard = if persist { web::on_hash_change(move |a| dispatch.dispatch(a)) } else { None };
        move || drop(guard)
    });
}

/// What a key press asks for, if anything.
pub fn shortcut(key: &str, ctrl: bool, shift: bool, for_control: bool) -> Option<Action> {
    if for_control {
        return None;
    }
    match (key.to_ascii_lowercase().as_str(), ctrl, shift) {
        ("z", true, false) => Some(Action::Undo),
        ("z", true, true) | ("y", true, false) => Some(Action::Redo),
        ("escape", _, _) => Some(Action::ClearSelection),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_map_to_actions() {
        let check = |key: &str, ctrl: bool, shift: bool, typing: bool, expected: Option<Action>| {
            assert_eq!(shortcut(key, ctrl, shift, typing), expected, "{key} ctrl={ctrl} shift={shift}");
        };
        check("z", true, false, false, Some(Action::Undo));
        check("Z", true, true, false, Some(Action::Redo));
        check("y", true, false, false, Some(Action::Redo));
        check("Escape", false, false, false, Some(Action::ClearSelection));
        check("z", false, false, false, None);
        check("z", true, false, true, None);
    }
}
