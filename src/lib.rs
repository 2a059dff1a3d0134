//! Faultline in the browser: the Yew app over the core. Draw which team owns
//! which capability, inject failures, and watch incidents resolve, bounce
//! between teams or degrade silently while the error budget burns.
//!
//! The core's modules are re-exported, so the UI and the tests name one
//! crate (`faultline::model`, `faultline::engine`…); they are defined in
//! `faultline-core`, which cannot depend on anything here.
//!
//! See `ARCHITECTURE.md` for the map of the code and its invariants.

pub use faultline_core::{analysis, charts, engine, import, model, story, time};

pub mod ui;
