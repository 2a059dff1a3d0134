//! The Yew front end and its browser glue. This is the only module that
//! touches `yew`, `web_sys`, `gloo` or `wasm_bindgen`.
//!
//! [`state`] holds the one app state and its reducer; [`layout`] computes the
//! board's geometry, [`hours`] what the board says about capacity (each
//! team's week, each service's SLO) and [`drawing`] where the text and bars
//! inside its boxes go, as plain data with no Yew in it; [`picture`] draws
//! the same board as a standalone SVG document for reports; every other file
//! is one component that draws what it is given and reports what the user
//! picked.

mod app;
mod board;
mod browser;
mod cap_add;
mod cap_inspector;
mod cap_service;
mod card;
mod design_name;
mod diagnosis;
pub mod drag;
mod failure_form;
mod failures;
mod forms;
mod hooks;
pub mod import_view;
pub mod keys;
mod legend;
mod notice;
mod pace;
pub mod panic;
mod preset_picker;
mod side;
mod split;
mod team;
mod team_inspector;
mod toolbar;
mod tray;

pub mod codec;
pub mod drawing;
pub mod edit;
mod edit_caps;
mod edit_support;
pub mod hours;
pub mod layout;
pub mod live;
pub mod picture;
pub mod run;
pub mod state;
pub mod story;
pub mod text;

pub use app::{App, AppProps};
pub use board::{Board, BoardProps};
pub use cap_add::{AddCapabilityForm, AddCapabilityProps};
pub use cap_inspector::{CapInspector, CapInspectorProps};
pub use diagnosis::{DiagnosisPanel, DiagnosisProps};
pub use failures::{FailuresPanel, FailuresProps};
pub use import_view::{ImportMapping, ImportMappingProps};
pub use notice::{NoticeBox, NoticeProps};
pub use side::{SidePanel, SideProps};
pub use state::{Action, AppState, Notice, Origin, Selection};
pub use story::Facilitator;
pub use team_inspector::{TeamInspector, TeamInspectorProps};
