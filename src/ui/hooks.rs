//! The app's effects, as hooks: autosave on every change, document-wide
//! keyboard shortcuts, and the live diagnosis timed in the browser. Kept
//! out of the app shell so it stays a list of components.

use super::browser;
use super::live::{evaluate, Live};
use super::state::{Action, AppState};
use crate::model::ScenarioFile;
use std::rc::Rc;
use yew::prelude::*;

/// Simulated runs behind each finding's consequence, to start with. If a
/// check takes longer than [`BUDGET_MS`] the next one uses fewer runs, so
/// editing stays instant on slow machines.
pub const START_RUNS: u32 = 30;
pub const BUDGET_MS: f64 = 30.0;

/// Saves the scenario to local storage whenever it changes (when `persist`).
#[hook]
pub fn use_autosave(persist: bool, scenario: Rc<ScenarioFile>) {
    use_effect_with(scenario, move |s| {
        if persist {
            browser::autosave(s);
        }
    });
}

/// The live diagnosis of the scenario and how long it took, in ms.
#[hook]
pub fn use_live(scenario: Rc<ScenarioFile>) -> (Rc<Live>, f64) {
    // (runs, checks so far): the first check pays for compiling the wasm's
    // hot paths, so it does not count against the budget.
    let runs = use_mut_ref(|| (START_RUNS, 0u32));
    let result = use_memo(scenario, |s| {
        let (n, checks) = *runs.borrow();
        let t0 = browser::now_ms();
        let live = evaluate(s, n);
        let ms = browser::now_ms() - t0;
        let n = if ms > BUDGET_MS && n > 5 && checks > 0 { (n / 2).max(5) } else { n };
        *runs.borrow_mut() = (n, checks + 1);
        (Rc::new(live), ms)
    });
    (result.0.clone(), result.1)
}

/// Ctrl+Z / Ctrl+Shift+Z (and Ctrl+Y) undo and redo, Escape clears the
/// selection, anywhere on the page except while typing in a text field,
/// where the browser's own undo belongs to the field.
#[hook]
pub fn use_shortcuts(dispatch: UseReducerDispatcher<AppState>) {
    use_effect_with((), move |_| {
        let guard = install(dispatch);
        move || drop(guard)
    });
}

/// A share link pasted into the address bar of an open page changes only
/// the fragment, so the page does not reload: open it here, as on start.
#[hook]
pub fn use_hash_links(persist: bool, dispatch: UseReducerDispatcher<AppState>) {
    use_effect_with(persist, move |&persist| {
        let guard = if persist { browser::on_hash_change(move |a| dispatch.dispatch(a)) } else { None };
        move || drop(guard)
    });
}

/// What a key press asks for, if anything.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub fn shortcut(key: &str, ctrl: bool, shift: bool, in_text_field: bool) -> Option<Action> {
    if in_text_field {
        return None;
    }
    match (key.to_ascii_lowercase().as_str(), ctrl, shift) {
        ("z", true, false) => Some(Action::Undo),
        ("z", true, true) | ("y", true, false) => Some(Action::Redo),
        ("escape", _, _) => Some(Action::ClearSelection),
        _ => None,
    }
}

#[cfg(target_arch = "wasm32")]
fn install(dispatch: UseReducerDispatcher<AppState>) -> Option<Box<dyn std::any::Any>> {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    struct Listener(web_sys::Document, Closure<dyn Fn(web_sys::KeyboardEvent)>);
    impl Drop for Listener {
        fn drop(&mut self) {
            let _ = self.0.remove_event_listener_with_callback("keydown", self.1.as_ref().unchecked_ref());
        }
    }
    let doc = web_sys::window()?.document()?;
    let cb = Closure::<dyn Fn(web_sys::KeyboardEvent)>::new(move |e: web_sys::KeyboardEvent| {
        let typing = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .map(|el| {
                let tag = el.tag_name().to_ascii_lowercase();
                let kind = el.get_attribute("type").unwrap_or_default();
                tag == "textarea"
                    || (tag == "input" && !matches!(kind.as_str(), "range" | "checkbox" | "color" | "file"))
            })
            .unwrap_or(false);
        if let Some(action) = shortcut(&e.key(), e.ctrl_key() || e.meta_key(), e.shift_key(), typing) {
            e.prevent_default();
            dispatch.dispatch(action);
        }
    });
    doc.add_event_listener_with_callback("keydown", cb.as_ref().unchecked_ref()).ok()?;
    Some(Box::new(Listener(doc, cb)))
}

#[cfg(not(target_arch = "wasm32"))]
fn install(_dispatch: UseReducerDispatcher<AppState>) -> Option<Box<dyn std::any::Any>> {
    None
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
