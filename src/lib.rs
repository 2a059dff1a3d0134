//! Faultline: an org-design simulator. Draw which team owns which capability,
//! inject failures, and watch incidents resolve, bounce between teams or
//! degrade silently while the error budget burns.
//!
//! See `ARCHITECTURE.md` for the map of the code and its invariants.

pub mod analysis;
pub mod charts;
pub mod engine;
pub mod import;
pub mod model;
pub mod story;
pub mod ui;
