//! Browser glue for the run panel: PNG export, the printable report's tab,
//! and playback ticks. Components call these from callbacks and
//! effects only, which never run when they are rendered on the server, so
//! the native build gets inert stand-ins and the components still render in
//! the native tests.

#[cfg(target_arch = "wasm32")]
mod imp {
    use crate::ui::web::{blob, download_blob, revoke_later};
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
        // The new tab has read the page long before a minute is up.
        revoke_later(url, 60_000);
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
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    //! Natively there is no page: nothing to time, save, open or listen to.
    use yew::Callback;

    pub fn download_png(_name: &str, _svg: &str, _size: (u32, u32)) {}
    pub fn open_html(_html: &str) {}
    pub struct Ticker;
    pub fn ticker(_ms: u32, _tick: Callback<()>) -> Ticker {
        Ticker
    }
    // The guard on the web stops its timer when dropped; this has nothing
    // to stop but keeps the same shape.
    impl Drop for Ticker {
        fn drop(&mut self) {}
    }
    pub fn click_button(_id: &str) {}
    pub fn scroll_into_view(_id: &str) {}
    pub fn scroll_bottom_into_view(_id: &str) {}
}

pub use imp::*;
