//! The Web Worker entry point: Trunk builds this binary as a worker (see
//! `index.html`), and the page's worker pool (`ui::run::pool`) starts one
//! per core less one. It answers each task text with the reply's JSON,
//! having announced itself ready once its wasm is running. Panics reach the
//! console with their message and location, and the page sees the worker's
//! error event: the pool reports the failure and makes the runs elsewhere.

#[cfg(target_arch = "wasm32")]
fn main() {
    use faultline::analysis::batch::{Executor, Reply, READY};
    use std::cell::RefCell;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let executor = RefCell::new(Executor::new());
    let reply_to = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
        let reply = match e.data().as_string() {
            Some(text) => executor.borrow_mut().execute_text(&text),
            None => Reply::Refused { id: None, why: "a task was not text".into() },
        };
        // Posting a string cannot fail in a worker that is running.
        let _ = reply_to.post_message(&reply.to_json().into());
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    let _ = scope.post_message(&READY.into());
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    println!(
        "faultline-worker is the page's Web Worker: Trunk builds it with the web app (./scripts/serve.sh)."
    );
}
