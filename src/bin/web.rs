//! The browser entry point: mounts the Yew app on the page. Trunk builds it
//! for wasm32; built natively it only says where it belongs.

#[cfg(target_arch = "wasm32")]
fn main() {
    // Panics go to the browser console with their message and location,
    // instead of an opaque "unreachable executed".
    yew::set_custom_panic_hook(Box::new(console_error_panic_hook::hook));
    yew::Renderer::<faultline::ui::App>::new().render();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    println!(
        "faultline-web is the browser build of Faultline: run ./scripts/serve.sh and open the printed URL."
    );
}
