//! The Yew front end and its browser glue, in rooms:
//!
//! - [`app`]: the shell ([`App`]), the one app state and its reducer with
//!   history ([`app::state`]), its effects as hooks, the toolbar, notices,
//!   the preset menu, share links and files in and out ([`app::codec`],
//!   [`app::import_view`]) and whose a key press is ([`app::keys`]).
//! - [`board`]: the drawing of who owns what ([`Board`]): teams, cards, the
//!   unowned tray, the legend, its geometry ([`board::layout`]), drags,
//!   text metrics, capacity on the board ([`board::hours`]) and the same
//!   board as a standalone SVG ([`board::picture`]).
//! - [`inspector`]: the side panel: the team's and the capability's
//!   inspectors, time-split sliders, failures, the diagnosis, typed numbers
//!   and the live check.
//! - [`edit`]: every board edit as a pure function on the scenario file.
//! - [`run`]: running a design: replay, Monte Carlo, comparison, advisor,
//!   the worker pool.
//! - [`story`]: stories and workshops in the page.
//! - [`web`]: the page calls, all of them: storage, the fragment,
//!   downloads, files, clocks and slices, keyboard listeners, the panic
//!   overlay, the run panel's and the story's few calls.
//!
//! Plain data with no Yew in it (layout, drawing, hours, edits, playback,
//! overlay, keys, codec) is tested natively; every component draws what it
//! is given and reports what the user picked.

pub mod app;
pub mod board;
pub mod edit;
pub mod inspector;
pub mod run;
pub mod story;
pub mod web;

pub use app::import_view::{ImportMapping, ImportMappingProps};
pub use app::notice::{NoticeBox, NoticeProps};
pub use app::state::{Action, AppState, Notice, Origin, Selection};
pub use app::{App, AppProps};
pub use board::{Board, BoardProps};
pub use inspector::cap_add::{AddCapabilityForm, AddCapabilityProps};
pub use inspector::cap_inspector::{CapInspector, CapInspectorProps};
pub use inspector::diagnosis::{DiagnosisPanel, DiagnosisProps};
pub use inspector::failures::{FailuresPanel, FailuresProps};
pub use inspector::side::{SidePanel, SideProps};
pub use inspector::team_inspector::{TeamInspector, TeamInspectorProps};
pub use story::Facilitator;
