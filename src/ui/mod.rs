//! The Yew front end and its browser glue. This is the only module that
//! touches `yew`, `web_sys`, `gloo` or `wasm_bindgen`.
