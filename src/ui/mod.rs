//! The Yew front end and its browser glue. This is the only module that
//! touches `yew`, `web_sys`, `gloo` or `wasm_bindgen`.
//!
//! [`state`] holds the one app state and its reducer; [`layout`] computes the
//! board's geometry as plain data with no Yew in it; every other file is one
//! component that draws what it is given and reports what the user picked.

mod app;
mod board;
mod card;
mod legend;
mod preset_picker;
mod team;
mod tray;

pub mod codec;
pub mod edit;
pub mod layout;
pub mod state;
pub mod text;

pub use app::{App, AppProps};
pub use board::{Board, BoardProps};
pub use state::{Action, AppState, Notice, Origin, Selection};
