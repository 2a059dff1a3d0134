//! Browser glue for the run panel: PNG export, the
//! printable report's tab, reading an imported file, playback ticks and the
//! document-wide keyboard listener. Components call these from callbacks and
//! effects only, which never run when they are rendered on the server, so
//! the native build gets inert stand-ins and the components still render in
//! the native tests.

#[cfg(target_arch = "wasm32")]
mod imp {
    use crate::ui::browser::{blob, download_blob};
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::{JsCast, JsValue};
    use yew::Callback;

    /// Rasterizes an SVG document at twice its size (sharp on slides) and
    /// saves it as a PNG.
    pub fn download_png(name: &str, svg: &str, size: (u32, u32)) {
        let _ = try_png(name.to_owned(), svg, size);
    }

    fn try_png(name: String, svg: &str, (w, h): (u32, u32)) -> Option<()> {
        let doc = web_sys::window()?.document()?;
        let img = web_sys::HtmlImageElement::new().ok()?;
        let canvas: web_sys::HtmlCanvasElement = doc.create_element("canvas").ok()?.dyn_into().ok()?;
        let scale = 2;
        canvas.set_width(w * scale);
        canvas.set_height(h * scale);
        let img2 = img.clone();
        let onload = Closure::once_into_js(move || {
            let ctx = canvas
                .get_context("2d")
                .ok()
                .flatten()
                .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok());
            let Some(ctx) = ctx else { return };
            ctx.set_fill_style_str("#ffffff");
            ctx.fill_rect(0.0, 0.0, f64::from(w * scale), f64::from(h * scale));
            let _ = ctx.draw_image_with_html_image_element_and_dw_and_dh(
                &img2,
                0.0,
                0.0,
                f64::from(w * scale),
                f64::from(h * scale),
            );
            let done = Closure::once_into_js(move |b: JsValue| {
                if let Ok(b) = b.dyn_into::<web_sys::Blob>() {
                    let _ = download_blob(&name, &b);
                }
            });
            let _ = canvas.to_blob(done.unchecked_ref());
        });
        img.set_onload(Some(onload.unchecked_ref()));
        img.set_src(&crate::charts::report::svg_data_uri(svg));
        Some(())
    }

    /// Opens an HTML document in a new tab, from a Blob URL (same origin,
    /// nothing fetched).
    pub fn open_html(html: &str) {
        let Some(b) = blob(html, "text/html;charset=utf-8") else { return };
        let Ok(url) = web_sys::Url::create_object_url_with_blob(&b) else { return };
        let Some(w) = web_sys::window() else { return };
        let _ = w.open_with_url_and_target(&url, "_blank");
        // The new tab has read the page long before a minute is up; after
        // that the URL only holds memory.
        let revoke = Closure::once_into_js(move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        });
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 60_000);
    }

    /// Reads a picked file as text; reports (file name, Ok(text) or Err(why)).
    pub fn read_text(file: web_sys::File, done: Callback<(String, Result<String, String>)>) {
        let name = file.name();
        yew::platform::spawn_local(async move {
            let blob = gloo_file::Blob::from(web_sys::Blob::from(file));
            let text = gloo_file::futures::read_as_text(&blob).await.map_err(|e| e.to_string());
            done.emit((name, text));
        });
    }

    /// Calls `tick` every `ms` milliseconds until the guard is dropped.
    pub struct Ticker(#[allow(dead_code)] gloo_timers::callback::Interval);

    pub fn ticker(ms: u32, tick: Callback<()>) -> Ticker {
        Ticker(gloo_timers::callback::Interval::new(ms, move || tick.emit(())))
    }

    /// Scrolls the element with this id to the top of the view.
    pub fn scroll_into_view(id: &str) {
        if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id)) {
            el.scroll_into_view();
        }
    }

    /// Scrolls the element with this id (and the panel holding it) just
    /// far enough that its bottom is in view.
    pub fn scroll_bottom_into_view(id: &str) {
        if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id)) {
            el.scroll_into_view_with_bool(false);
        }
    }

    /// Clicks the button with this id, if it is on the page and enabled.
    pub fn click_button(id: &str) {
        let el = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id));
        if let Some(b) = el.and_then(|e| e.dyn_into::<web_sys::HtmlButtonElement>().ok()) {
            if !b.disabled() {
                b.click();
            }
        }
    }

    /// Listens to key presses anywhere in the page until the guard is dropped.
    /// The listener is not passive, so it may stop Space from scrolling.
    pub struct Keys(#[allow(dead_code)] Option<gloo_events::EventListener>);

    pub fn listen_keys(on_key: Callback<web_sys::KeyboardEvent>) -> Keys {
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return Keys(None) };
        let opts = gloo_events::EventListenerOptions::enable_prevent_default();
        Keys(Some(gloo_events::EventListener::new_with_options(&doc, "keydown", opts, move |e| {
            if let Some(k) = e.dyn_ref::<web_sys::KeyboardEvent>() {
                on_key.emit(k.clone());
            }
        })))
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    //! Natively there is no page: nothing to time, save, open or listen to.
    use yew::Callback;

    pub fn download_png(_name: &str, _svg: &str, _size: (u32, u32)) {}
    pub fn open_html(_html: &str) {}
    pub fn read_text(_file: web_sys::File, _done: Callback<(String, Result<String, String>)>) {}
    pub struct Ticker;
    pub fn ticker(_ms: u32, _tick: Callback<()>) -> Ticker {
        Ticker
    }
    pub struct Keys;
    // Guards on the web stop their timer or listener when dropped; these
    // have nothing to stop but keep the same shape.
    impl Drop for Ticker {
        fn drop(&mut self) {}
    }
    impl Drop for Keys {
        fn drop(&mut self) {}
    }
    pub fn listen_keys(_on_key: Callback<web_sys::KeyboardEvent>) -> Keys {
        Keys
    }
    pub fn click_button(_id: &str) {}
    pub fn scroll_into_view(_id: &str) {}
    pub fn scroll_bottom_into_view(_id: &str) {}
}

pub use imp::*;

/// True when a key press may be a page shortcut: no modifier but Shift, not
/// already used by an element of the page (arrows move a focused team box),
/// and not meant for the focused control ([`crate::ui::keys`]).
pub fn is_page_shortcut(e: &web_sys::KeyboardEvent) -> bool {
    use crate::ui::keys::{belongs_to_control, Focus};
    !(e.default_prevented()
        || e.ctrl_key()
        || e.meta_key()
        || e.alt_key()
        || belongs_to_control(Focus::of(e).as_ref(), &e.key(), false))
}
