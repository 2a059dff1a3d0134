#![cfg(target_arch = "wasm32")]
//! Browser tests: the real app mounted in a real page (headless Chromium via
//! wasm-bindgen-test-runner). They prove the wasm build renders the board
//! from the model and reacts to the preset menu, with the DOM events a user's
//! browser sends.

use faultline::model::presets::{preset, DEFAULT_PRESET};
use faultline::ui::{App, AppProps};
use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, Event, EventInit, HtmlSelectElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    // Tests run in a browser page, which always has both.
    web_sys::window().expect("a window").document().expect("a document")
}

/// Mounts the app in a fresh element of its own, so tests don't see each other.
fn mount(preset_id: &str) -> Element {
    let root = document().create_element("div").expect("create a div");
    document().body().expect("a body").append_child(&root).expect("attach the div");
    let props = AppProps { preset: preset_id.to_owned().into(), persist: false };
    yew::Renderer::<App>::with_root_and_props(root.clone(), props).render();
    root
}

/// Waits for Yew's scheduler to render an element matching `selector`,
/// yielding to the browser between looks, and fails after about two seconds.
async fn wait_for(root: &Element, selector: &str) -> Element {
    for _ in 0..200 {
        if let Ok(Some(el)) = root.query_selector(selector) {
            return el;
        }
        TimeoutFuture::new(10).await;
    }
    panic!("{selector} never appeared; the page holds: {}", root.inner_html());
}

fn text_of(root: &Element, selector: &str) -> String {
    root.query_selector(selector)
        .ok()
        .flatten()
        .and_then(|el| el.text_content())
        .unwrap_or_else(|| panic!("no {selector}"))
}

#[wasm_bindgen_test]
async fn the_board_draws_the_default_preset() {
    let root = mount(DEFAULT_PRESET);
    let board = wait_for(&root, "svg.board").await;
    let file = preset(DEFAULT_PRESET).expect("the default preset exists");
    assert!(!file.teams.is_empty());
    for team in &file.teams {
        let boundary = format!("svg.board g.team[data-team=\"{}\"]", team.id);
        assert_eq!(text_of(&root, &format!("{boundary} .team-name")), team.name, "{}", team.id);
    }
    let cards = board.query_selector_all("g.team g.card").expect("a valid selector").length();
    let owned = file.ownership.values().map(Vec::len).sum::<usize>();
    assert_eq!(cards as usize, owned, "one card per (capability, owner)");
    root.remove();
}

#[wasm_bindgen_test]
async fn choosing_a_preset_redraws_the_board() {
    let root = mount(DEFAULT_PRESET);
    wait_for(&root, "svg.board g.team").await;
    assert!(root.query_selector("g.tray g.card").expect("a valid selector").is_none());

    let select: HtmlSelectElement =
        wait_for(&root, "#preset-select").await.dyn_into().expect("the menu is a <select>");
    select.set_value("orphaned-provisioning");
    // Yew listens on the app's root, so the change event must bubble to it.
    let init = EventInit::new();
    init.set_bubbles(true);
    let change = Event::new_with_event_init_dict("change", &init).expect("create an event");
    select.dispatch_event(&change).expect("dispatch the event");

    let orphan = wait_for(&root, "g.tray g.card[data-capability=\"clusters\"]").await;
    assert_eq!(
        orphan.get_attribute("aria-label").as_deref(),
        Some("Cluster provisioning, delivery capability, unowned")
    );
    assert_eq!(text_of(&root, "#scenario-title"), "Orphaned cluster provisioning");
    assert!(root
        .query_selector("g.team[data-team=\"platform\"] g.card[data-capability=\"clusters\"]")
        .expect("a valid selector")
        .is_none());
    root.remove();
}

#[wasm_bindgen_test]
async fn the_panic_overlay_shows_the_message_as_text_and_offers_a_reload() {
    faultline::ui::web::panic::show_overlay("panicked at <img src=x onerror=alert(1)>");
    let overlay = document().get_element_by_id("panic-overlay").expect("the overlay is on the page");
    assert_eq!(overlay.get_attribute("role").as_deref(), Some("alertdialog"));
    let pre = overlay.query_selector("pre").ok().flatten().expect("the message");
    assert_eq!(pre.text_content().as_deref(), Some("panicked at <img src=x onerror=alert(1)>"));
    assert!(overlay.query_selector("img").expect("a valid selector").is_none(), "the message is text");
    let buttons: Vec<String> = (0..overlay.query_selector_all("button").expect("valid").length())
        .filter_map(|i| overlay.query_selector_all("button").ok()?.item(i)?.text_content())
        .collect();
    assert!(buttons.contains(&"Reload".to_owned()), "{buttons:?}");
    // A second panic does not stack another overlay.
    faultline::ui::web::panic::show_overlay("again");
    assert_eq!(document().query_selector_all("#panic-overlay").expect("valid").length(), 1);
    overlay.remove();
}
