//! The scenario: what a user draws and the engine runs. Plain serde data as
//! read from a file ([`ScenarioFile`]), its validation into a resolved
//! [`Scenario`] with every problem reported at its JSON path, the built-in
//! capability catalog, failure kinds with their defaults, and the presets.

pub mod catalog;
pub mod edit;
pub mod file;
pub mod generate;
mod graph;
pub mod ids;
pub(crate) mod json;
pub mod kinds;
pub mod presets;
mod scenario;
pub mod validate;

pub use file::{
    AlertRule, Capability, Failure, Layer, Rect, Role, ScenarioFile, ServiceTime, Settings, Share, Slo, Team,
    TeamKind, TimeSplit, SCHEMA_VERSION,
};
pub use ids::{CapIx, CapabilityId, FailureId, TeamId, TeamIx};
pub use kinds::{FailureKind, KindDefaults, Shape};
pub use scenario::{
    ResolvedAlertRule, ResolvedCapability, ResolvedFailure, ResolvedSettings, ResolvedTeam, Scenario,
};
pub use validate::{parse, read, read_json, validate, validate_with_limits, Limits, Problem};

impl ScenarioFile {
    /// Pretty JSON, the form users save and share.
    pub fn to_json(&self) -> String {
        // Serializing plain data with string keys cannot fail.
        serde_json::to_string_pretty(self).expect("scenario files always serialize")
    }
}
