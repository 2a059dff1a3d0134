//! The browser entry point: mounts the Yew app on the page. Trunk builds it
//! for wasm32; built natively it only says where it belongs.

#[cfg(target_arch = "wasm32")]
fn main() {
    // Panics go to the browser console with their message and location,
    // and an overlay offers the last autosaved scenario instead of a dead page.
    faultline::ui::web::panic::install();
    if faultline::ui::web::story::is_facilitator() {
        // The facilitator's second window of a workshop: notes, next step, timer.
        yew::Renderer::<faultline::ui::Facilitator>::new().render();
        return;
    }
    let props = faultline::ui::AppProps { persist: true, ..Default::default() };
    yew::Renderer::<faultline::ui::App>::with_props(props).render();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    println!(
        "faultline-web is the browser build of Faultline: run ./scripts/serve.sh and open the printed URL."
    );
}
