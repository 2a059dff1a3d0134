//! Running a design: once with a seed, replayed step by step with a verdict
//! for each incident, many times (Monte Carlo), and against another design;
//! the charts, presenter mode and the exported report.
//!
//! The state lives in [`run_state`], apart from the editor's: the app holds
//! both and gives the run panel the current scenario as a prop. Pure logic —
//! the replay's cursor maths ([`playback`]) and the board overlay's geometry
//! ([`overlay`]) — has no Yew in it and is tested natively; its few calls into
//! the page (PNG export, the report's tab, ticks, scrolling) are in
//! [`crate::ui::web::run`]. `jobs` cuts the background work (Monte Carlo
//! sets, comparisons, the advisor's suggestions and sensitivity sweeps) into
//! tasks for the worker [`pool`]; [`advice`] turns a suggested move into the
//! editor's edit and into the board's marks.

pub mod advice;
mod advice_layer;
mod advisor_view;
mod charts_view;
mod compare_view;
mod jobs;
mod now_panel;
mod overlay_layer;
mod playback_controls;
mod report_export;
mod run_controls;
mod run_panel;
mod run_results;
mod verdicts;

pub mod overlay;
pub mod playback;
pub mod pool;
pub mod run_state;

pub use advice_layer::{AdviceLayer, AdviceLayerProps};
pub use overlay::BoardOverlay;
pub use overlay_layer::{OverlayLayer, OverlayLayerProps};
pub use run_panel::{single_run, Replay, ReplayProps, RunPanel, RunPanelProps};
pub use run_results::{RunResults, RunResultsProps};
pub use run_state::{CompareRun, MadeOn, McCharts, MonteCarlo, RunAction, RunState, SingleRun};
