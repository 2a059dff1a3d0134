//! The panic overlay. A Rust panic leaves the Yew app dead, so instead of a
//! frozen page the hook draws a plain DOM overlay (built with web_sys, all
//! text through `textContent`) that says what happened and offers to
//! download the last autosaved scenario and to reload. It keeps the console
//! message with its location for whoever debugs it.

/// Installs the hook. Call once, before mounting the app.
#[cfg(target_arch = "wasm32")]
pub fn install() {
    yew::set_custom_panic_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_overlay(&info.to_string());
    }));
}

#[cfg(not(target_arch = "wasm32"))]
pub fn install() {}

/// Draws the overlay for a panic with this message (once; later calls do
/// nothing). Public so the browser tests can check it without panicking.
#[cfg(target_arch = "wasm32")]
pub fn show_overlay(message: &str) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(body) = doc.body() else { return };
    if doc.get_element_by_id("panic-overlay").is_some() {
        return;
    }
    let el = |tag: &str, text: &str| {
        let e = doc.create_element(tag).ok()?;
        e.set_text_content(Some(text));
        Some(e)
    };
    let Some(overlay) = el("div", "") else { return };
    overlay.set_id("panic-overlay");
    let _ = overlay.set_attribute("role", "alertdialog");
    let _ = overlay.set_attribute("aria-labelledby", "panic-title");
    let Some(card) = el("div", "") else { return };
    card.set_class_name("panic-card");
    let title = el("h2", "Something went wrong inside Faultline");
    if let Some(t) = &title {
        t.set_id("panic-title");
    }
    let saved = crate::ui::web::last_saved();
    let body_text = if saved.is_empty() {
        "The app stopped. Nothing was saved yet, so reloading starts from the default scenario."
    } else {
        "The app stopped. Your scenario was saved just before; download it to keep a copy, then reload."
    };
    let parts = [title, el("p", body_text), el("pre", message)];
    for p in parts.into_iter().flatten() {
        let _ = card.append_child(&p);
    }
    if !saved.is_empty() {
        if let Some(b) = el("button", "Download the scenario") {
            let on = Closure::<dyn Fn()>::new(move || {
                crate::ui::web::download("faultline-scenario.json", &saved, "application/json")
            });
            b.set_id("panic-download");
            let _ = b.add_event_listener_with_callback("click", on.as_ref().unchecked_ref());
            // The overlay lives until the page reloads, so its handler must too.
            on.forget();
            let _ = card.append_child(&b);
        }
    }
    if let Some(b) = el("button", "Reload") {
        let on = Closure::<dyn Fn()>::new(|| {
            if let Some(w) = web_sys::window() {
                let _ = w.location().reload();
            }
        });
        let _ = b.add_event_listener_with_callback("click", on.as_ref().unchecked_ref());
        on.forget();
        let _ = card.append_child(&b);
    }
    let _ = overlay.append_child(&card);
    let _ = body.append_child(&overlay);
}
