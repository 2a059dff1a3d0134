//! Faultline's core: the scenario model, the deterministic simulation
//! engine, the analysis of its runs (Monte Carlo, comparison, diagnosis, the
//! advisor, sensitivity), the charts, the stories' chapters and the importers.
//!
//! The data path runs one way, model → engine → analysis → charts. Nothing
//! here touches a browser: this crate has no browser crate among its
//! dependencies, so the web app (the `faultline` crate) and the command line
//! (`faultline-cli`) build on the same pure code.
//!
//! See `ARCHITECTURE.md` for the map of the code and its invariants.

pub mod analysis;
pub mod charts;
pub mod engine;
pub mod import;
pub mod model;
pub mod story;
pub mod time;
