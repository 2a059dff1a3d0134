//! The page calls, in one place: the autosave in local storage (the design,
//! and the kept baseline under a key of its own), the share link in the URL
//! fragment, downloads through Blob object URLs, reading a chosen file, the
//! clock and User Timing measures, the window's resize and hash-change
//! listeners and the document-wide keyboard listener (through
//! `gloo-events`). Its submodules hold the rest: [`pace`] (slices of work
//! between yields to the browser), [`panic`] (the overlay a panic draws),
//! [`run`] (the run panel's PNG export, report tab, ticks and scrolling) and
//! [`story`] (a story's progress, chapter links and the facilitator's
//! window and channel).
//!
//! Every function here does nothing, or returns what "no browser" means,
//! when built natively, so components keep rendering on the server in
//! tests. Outside this module only the worker pool (`run/pool.rs`, which
//! starts and hears its Workers) names `gloo`, `js_sys`, `web_sys::window`
//! or a `Closure`; components only cast their own events' targets.
//! `scripts/check-architecture.sh` checks it.

pub mod pace;
pub mod panic;
pub mod run;
pub mod story;

use crate::model::ScenarioFile;
use crate::ui::app::codec::{
    compact_json, is_share_fragment, open_fragment, open_text, share_fragment, Rejected,
};
use crate::ui::app::state::{Action, AppState, Origin};
use std::cell::RefCell;
use std::rc::Rc;

/// Where a saved state that could not be opened is kept, untouched.
pub const REJECTED_KEY: &str = "faultline.rejected.v1";

/// The local-storage key of the autosave.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub const SAVE_KEY: &str = "faultline.scenario.v1";

/// The local-storage key of the kept baseline: its scenario JSON, or empty
/// when none is kept. A key of its own, so the design's key still holds
/// plain scenario JSON (a save from before baselines reads unchanged, and
/// the panic overlay offers a file that imports).
pub const BASELINE_KEY: &str = "faultline.baseline.v1";

/// Where a saved baseline that could not be opened is kept, untouched.
pub const REJECTED_BASELINE_KEY: &str = "faultline.rejected-baseline.v1";

/// Saved text that could not be opened: the notice to show, and the key to
/// keep the text aside under so a reload before downloading it loses nothing.
#[derive(Debug)]
pub struct Unopened {
    pub title: &'static str,
    pub rejected: Rejected,
    pub filename: &'static str,
    pub keep_under: Option<&'static str>,
}

/// What the autosave writes under [`BASELINE_KEY`]: the baseline's compact
/// JSON, or an empty text for none. (The design's own text is its compact
/// JSON under [`SAVE_KEY`], as before baselines.)
pub fn baseline_text(baseline: Option<&ScenarioFile>) -> String {
    baseline.map(compact_json).unwrap_or_default()
}

/// The state the autosave's texts give, as [`autosave`] and
/// [`autosave_baseline`] wrote them
/// (or as an older build wrote them: the design alone). A design that
/// cannot be opened leaves the default preset; a baseline that cannot be
/// read is dropped; each is reported. The baseline is only read, not
/// validated: a design kept while it had problems comes back with them,
/// and the comparison lists them.
pub fn restore(
    default_preset: &str,
    saved: Option<&str>,
    baseline: Option<&str>,
) -> (AppState, Vec<Unopened>) {
    let mut state = AppState::with_preset(default_preset);
    let mut unopened = Vec::new();
    if let Some(saved) = saved {
        match open_text(saved) {
            Ok(file) => state = opened(file, Origin::Autosave),
            Err(rejected) => unopened.push(Unopened {
                title: "Your saved work could not be restored",
                rejected,
                filename: "faultline-saved.json",
                keep_under: Some(REJECTED_KEY),
            }),
        }
    }
    match baseline.filter(|t| !t.trim().is_empty()).map(crate::model::read) {
        Some(Ok(file)) => state.baseline = Some(Rc::new(file)),
        Some(Err(problems)) => unopened.push(Unopened {
            title: "Your baseline could not be restored",
            rejected: Rejected { problems, text: baseline.unwrap_or_default().to_owned() },
            filename: "faultline-baseline.json",
            keep_under: Some(REJECTED_BASELINE_KEY),
        }),
        None => {}
    }
    (state, unopened)
}

thread_local! {
    /// The last scenario JSON saved, so the panic overlay can offer it even
    /// when the app's state is unreachable.
    static LAST_SAVED: RefCell<String> = const { RefCell::new(String::new()) };
}

/// The state the app opens with: a share link in the fragment wins over the
/// autosave, which wins over the default preset. What could not be opened is
/// reported in a notice, with its text kept, over whatever did open.
pub fn initial_state(default_preset: &str) -> AppState {
    let saved = storage_get();
    let baseline = storage_get_key(BASELINE_KEY);
    let (mut state, mut unopened) = restore(default_preset, saved.as_deref(), baseline.as_deref());
    for u in &unopened {
        // The autosave is about to be overwritten by what opens instead;
        // keep the rejected text aside so a reload before downloading it
        // does not lose it.
        if let Some(key) = u.keep_under {
            storage_set_key(key, &u.rejected.text);
        }
    }
    let fragment = location_hash();
    if is_share_fragment(&fragment) {
        match open_fragment(&fragment) {
            // A link opens a design; the kept baseline stays, to compare it with.
            Ok(file) => state = AppState { baseline: state.baseline.clone(), ..opened(file, Origin::Link) },
            Err(rejected) => unopened.push(Unopened {
                title: "The shared link could not be opened",
                rejected,
                filename: "faultline-link.txt",
                keep_under: None,
            }),
        }
        // The link has done its job; from now on a reload uses the autosave.
        clear_fragment();
    }
    for u in unopened {
        let action =
            Action::Reject { title: u.title.into(), rejected: u.rejected, filename: u.filename.into() };
        state = yew::Reducible::reduce(Rc::new(state), action).as_ref().clone();
    }
    state
}

fn opened(file: ScenarioFile, origin: Origin) -> AppState {
    let mut s = AppState::with_file(Rc::new(file), None);
    s.announcement = match origin {
        Origin::Link => "Opened the shared link".into(),
        _ => "Restored your saved work".into(),
    };
    s
}

/// What the fragment asks for when it changes on an open page: a share link
/// opens (or is rejected with its problems); anything else is ignored.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub fn fragment_action(fragment: &str) -> Option<Action> {
    if !is_share_fragment(fragment) {
        return None;
    }
    Some(match open_fragment(fragment) {
        Ok(file) => Action::Load { file: Rc::new(file), origin: Origin::Link },
        Err(rejected) => Action::Reject {
            title: "The shared link could not be opened".into(),
            rejected,
            filename: "faultline-link.txt".into(),
        },
    })
}

/// Calls `act` with what each new share-link fragment asks for, until the
/// returned guard is dropped.
#[cfg(target_arch = "wasm32")]
pub fn on_hash_change(act: impl Fn(Action) + 'static) -> Option<Box<dyn std::any::Any>> {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    struct Listener(web_sys::Window, Closure<dyn Fn()>);
    impl Drop for Listener {
        fn drop(&mut self) {
            let _ = self.0.remove_event_listener_with_callback("hashchange", self.1.as_ref().unchecked_ref());
        }
    }
    let window = web_sys::window()?;
    let cb = Closure::<dyn Fn()>::new(move || {
        if let Some(action) = fragment_action(&location_hash()) {
            clear_fragment();
            act(action);
        }
    });
    window.add_event_listener_with_callback("hashchange", cb.as_ref().unchecked_ref()).ok()?;
    Some(Box::new(Listener(window, cb)))
}

#[cfg(not(target_arch = "wasm32"))]
pub fn on_hash_change(_act: impl Fn(Action) + 'static) -> Option<Box<dyn std::any::Any>> {
    None
}

/// Calls `f` on every resize of the window until the guard is dropped.
#[cfg(target_arch = "wasm32")]
pub fn on_resize(f: impl Fn() + 'static) -> Option<Box<dyn std::any::Any>> {
    let window = web_sys::window()?;
    Some(Box::new(gloo_events::EventListener::new(&window, "resize", move |_| f())))
}

#[cfg(not(target_arch = "wasm32"))]
pub fn on_resize(_f: impl Fn() + 'static) -> Option<Box<dyn std::any::Any>> {
    None
}

/// Saves the scenario as the autosave.
pub fn autosave(f: &ScenarioFile) {
    let json = compact_json(f);
    storage_set(&json);
    LAST_SAVED.with(|s| *s.borrow_mut() = json);
}

/// Saves the kept baseline beside the autosave (an empty text for none).
pub fn autosave_baseline(baseline: Option<&ScenarioFile>) {
    storage_set_key(BASELINE_KEY, &baseline_text(baseline));
}

/// The full share link for the scenario: this page's address and `#s=…`.
pub fn share_link(f: &ScenarioFile) -> String {
    format!("{}{}", page_address(), share_fragment(f))
}

#[cfg(target_arch = "wasm32")]
mod imp {
    use wasm_bindgen::{JsCast, JsValue};

    pub fn window() -> Option<web_sys::Window> {
        web_sys::window()
    }

    pub fn storage_get() -> Option<String> {
        storage_get_key(super::SAVE_KEY)
    }

    pub fn storage_get_key(key: &str) -> Option<String> {
        window()?.local_storage().ok()??.get_item(key).ok()?
    }

    pub fn storage_set(json: &str) {
        storage_set_key(super::SAVE_KEY, json);
    }

    pub fn storage_set_key(key: &str, text: &str) {
        // Storage can be full or disabled (private windows); the app still
        // works, it just cannot restore after a reload.
        if let Some(Ok(Some(s))) = window().map(|w| w.local_storage()) {
            let _ = s.set_item(key, text);
        }
    }

    pub fn location_hash() -> String {
        window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
    }

    pub fn page_address() -> String {
        let Some(loc) = window().map(|w| w.location()) else { return String::new() };
        let origin = loc.origin().unwrap_or_default();
        let path = loc.pathname().unwrap_or_default();
        format!("{origin}{path}")
    }

    pub fn clear_fragment() {
        set_fragment("");
    }

    /// Shows `fragment` in the address bar without a new history entry or
    /// a `hashchange` (which would reopen what is already open).
    pub fn set_fragment(fragment: &str) {
        if let Some(w) = window() {
            if let Ok(h) = w.history() {
                let url = format!("{}{fragment}", page_address());
                let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(&url));
            }
        }
    }

    pub fn now_ms() -> f64 {
        window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
    }

    /// Runs `f` and records how long it held the page as a User Timing
    /// measure named `name` (the browser's performance panel shows it, and
    /// the end-to-end measurements read it); returns its result and those
    /// milliseconds.
    pub fn timed<T>(name: &str, f: impl FnOnce() -> T) -> (T, f64) {
        let performance = window().and_then(|w| w.performance());
        let start = format!("{name}: start");
        let t0 = now_ms();
        if let Some(p) = &performance {
            let _ = p.mark(&start);
        }
        let out = f();
        let ms = now_ms() - t0;
        if let Some(p) = &performance {
            let _ = p.measure_with_start_mark(name, &start);
            p.clear_marks_with_mark_name(&start);
        }
        (out, ms)
    }

    /// Drops the measures named `name`, so they do not pile up over a session.
    pub fn forget_measures(name: &str) {
        if let Some(p) = window().and_then(|w| w.performance()) {
            p.clear_measures_with_measure_name(name);
        }
    }

    /// Offers `text` as a file download through an object URL: no network.
    pub fn download(filename: &str, text: &str, mime: &str) {
        if let Some(blob) = blob(text, mime) {
            let _ = download_blob(filename, &blob);
        }
    }

    /// `text` as a blob of type `mime`.
    pub fn blob(text: &str, mime: &str) -> Option<web_sys::Blob> {
        let parts = js_sys::Array::of1(&JsValue::from_str(text));
        let opts = web_sys::BlobPropertyBag::new();
        opts.set_type(mime);
        web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts).ok()
    }

    /// Offers `blob` as a file download named `filename`.
    pub fn download_blob(filename: &str, blob: &web_sys::Blob) -> Option<()> {
        let url = web_sys::Url::create_object_url_with_blob(blob).ok()?;
        let doc = window()?.document()?;
        let a: web_sys::HtmlAnchorElement = doc.create_element("a").ok()?.dyn_into().ok()?;
        a.set_href(&url);
        a.set_download(filename);
        a.click();
        // The click has started the download; the object URL can go once
        // the browser has read it, which it has by the next task (revoked
        // at once, some browsers save nothing).
        revoke_later(url, 1_000);
        Some(())
    }

    /// Revokes an object URL after `ms` milliseconds, once whatever was
    /// given it has read it; until then it holds the blob's memory.
    pub fn revoke_later(url: String, ms: i32) {
        let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        });
        if let Some(w) = window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), ms);
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    pub fn storage_get() -> Option<String> {
        None
    }
    pub fn storage_set(_json: &str) {}
    pub fn storage_set_key(_key: &str, _text: &str) {}
    pub fn storage_get_key(_key: &str) -> Option<String> {
        None
    }
    pub fn set_fragment(_fragment: &str) {}
    pub fn location_hash() -> String {
        String::new()
    }
    pub fn page_address() -> String {
        String::new()
    }
    pub fn clear_fragment() {}
    pub fn now_ms() -> f64 {
        0.0
    }
    pub fn timed<T>(_name: &str, f: impl FnOnce() -> T) -> (T, f64) {
        (f(), 0.0)
    }
    pub fn forget_measures(_name: &str) {}
    pub fn download(_filename: &str, _text: &str, _mime: &str) {}
}

#[cfg(target_arch = "wasm32")]
pub use imp::{blob, download_blob, revoke_later};
use imp::{clear_fragment, storage_get, storage_set};
pub use imp::{
    download, forget_measures, location_hash, now_ms, page_address, set_fragment, storage_get_key,
    storage_set_key, timed,
};

/// The last autosaved scenario JSON (for the panic overlay).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub fn last_saved() -> String {
    LAST_SAVED.with(|s| s.borrow().clone())
}

/// Reads a chosen file as text and hands `done` the file's name and the
/// text, or why it could not be read.
#[cfg(target_arch = "wasm32")]
pub fn read_text(file: web_sys::File, done: impl Fn(String, Result<String, String>) + 'static) {
    let name = file.name();
    let file = gloo_file::File::from(file);
    wasm_bindgen_futures::spawn_local(async move {
        let text = gloo_file::futures::read_as_text(&file).await.map_err(|e| e.to_string());
        done(name, text);
    });
}

#[cfg(not(target_arch = "wasm32"))]
pub fn read_text(_file: web_sys::File, _done: impl Fn(String, Result<String, String>) + 'static) {}

/// Reads a chosen file's bytes, at most `limit + 1` of them, and hands them
/// to `done` with the file's whole size: a catalog or a spreadsheet is
/// checked as bytes (size, text or binary) by the import itself.
#[cfg(target_arch = "wasm32")]
pub fn read_bytes(file: web_sys::File, limit: usize, done: impl Fn(Vec<u8>, f64) + 'static) {
    let size = file.size();
    let head = file.slice_with_f64_and_f64(0.0, (limit + 1) as f64).unwrap_or_else(|_| file.into());
    let blob = gloo_file::Blob::from(head);
    wasm_bindgen_futures::spawn_local(async move {
        let bytes = gloo_file::futures::read_as_bytes(&blob).await.unwrap_or_default();
        done(bytes, size);
    });
}

/// Listens to key presses anywhere in the page until the guard is dropped.
/// The listener is not passive, so it may stop Space from scrolling.
#[cfg(target_arch = "wasm32")]
pub struct Keys(#[allow(dead_code)] Option<gloo_events::EventListener>);

#[cfg(target_arch = "wasm32")]
pub fn listen_keys(on_key: yew::Callback<web_sys::KeyboardEvent>) -> Keys {
    use wasm_bindgen::JsCast;
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return Keys(None) };
    let opts = gloo_events::EventListenerOptions::enable_prevent_default();
    Keys(Some(gloo_events::EventListener::new_with_options(&doc, "keydown", opts, move |e| {
        if let Some(k) = e.dyn_ref::<web_sys::KeyboardEvent>() {
            on_key.emit(k.clone());
        }
    })))
}

/// Natively there is no page to listen to; the guard keeps the same shape.
#[cfg(not(target_arch = "wasm32"))]
pub struct Keys;

#[cfg(not(target_arch = "wasm32"))]
impl Drop for Keys {
    fn drop(&mut self) {}
}

#[cfg(not(target_arch = "wasm32"))]
pub fn listen_keys(_on_key: yew::Callback<web_sys::KeyboardEvent>) -> Keys {
    Keys
}

#[cfg(not(target_arch = "wasm32"))]
pub fn read_bytes(_file: web_sys::File, _limit: usize, _done: impl Fn(Vec<u8>, f64) + 'static) {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::presets::preset;

    #[test]
    fn a_new_fragment_opens_a_link_or_says_why_not() {
        let file = preset("no-sre").expect("preset");
        let frag = share_fragment(&file);
        assert_eq!(fragment_action(&frag), Some(Action::Load { file: Rc::new(file), origin: Origin::Link }));
        assert!(matches!(fragment_action("#s=AAAA"), Some(Action::Reject { .. })));
        assert_eq!(fragment_action(""), None);
        assert_eq!(fragment_action("#section-2"), None);
    }
    /// An autosave with a kept baseline comes back as it was saved, through
    /// the texts the page writes; a save from before baselines (the design
    /// alone) still opens; a damaged baseline is reported and kept aside
    /// while the design opens.
    #[test]
    fn an_autosave_with_a_baseline_round_trips() {
        let mut design = preset("sre-absorbed").expect("preset");
        design.title = "Proposal: SRE into Platform".into();
        let mut kept = preset("clear-boundary").expect("preset");
        kept.title = "Today's org".into();
        let (saved, baseline) = (compact_json(&design), baseline_text(Some(&kept)));
        let (state, unopened) = restore("clear-boundary", Some(&saved), Some(&baseline));
        assert!(unopened.is_empty(), "{unopened:?}");
        assert_eq!(*state.scenario, design);
        assert_eq!(state.baseline.as_deref(), Some(&kept));
        assert_eq!(state.preset, None, "a restored design is not a preset");

        // The design's text is what older builds wrote and read.
        let (old, unopened) = restore("clear-boundary", Some(&saved), None);
        assert!(unopened.is_empty());
        assert_eq!((*old.scenario == design, old.baseline), (true, None));
        let (none, _) = restore("clear-boundary", Some(&saved), Some(""));
        assert_eq!(none.baseline, None);
        assert_eq!(baseline_text(None), "");

        let (state, unopened) = restore("clear-boundary", Some(&saved), Some("{\"version\": 2"));
        assert_eq!(*state.scenario, design);
        assert_eq!(state.baseline, None);
        assert_eq!(unopened.len(), 1);
        assert_eq!(unopened[0].title, "Your baseline could not be restored");
        assert_eq!(
            (unopened[0].rejected.text.as_str(), unopened[0].keep_under),
            ("{\"version\": 2", Some(REJECTED_BASELINE_KEY))
        );
    }
}
