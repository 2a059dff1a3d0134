//! The scenario file as read and written: plain serde data, version 2
//! (version 1 files, which had no `settings.assumptions`, still read).
//!
//! Numbers a user types are `f64` here so that a negative headcount or a
//! percentage of 250 still parses and can be reported by validation together
//! with every other problem, instead of stopping at the first type error.
//! [`super::validate`] turns this into a resolved [`super::Scenario`].

use super::ids::{CapabilityId, FailureId, TeamId};
use super::kinds::{FailureKind, Shape};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = 2;
/// Versions this build reads: version 1 is version 2 without assumptions.
pub const READABLE_VERSIONS: [u32; 2] = [1, 2];

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    pub version: u32,
    #[serde(default)]
    pub title: String,
    /// What the scenario teaches, in two or three sentences.
    #[serde(default)]
    pub description: String,
    pub teams: Vec<Team>,
    pub capabilities: Vec<Capability>,
    /// Capability id → owning team ids. A capability missing here, or with an
    /// empty list, is an orphan; two or more owners is shared ownership.
    #[serde(default)]
    pub ownership: BTreeMap<CapabilityId, Vec<TeamId>>,
    #[serde(default)]
    pub failures: Vec<Failure>,
    #[serde(default)]
    pub settings: Settings,
    /// Where an imported design came from: the Backstage entity behind each
    /// team and capability, so the proposed ownership can be written back
    /// (`faultline export-catalog`). Absent for a design drawn here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalog: Option<CatalogSource>,
}

/// The Backstage entities an imported design was read from, by the id each
/// became. Ids no longer on the board are ignored when exporting.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogSource {
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub teams: BTreeMap<TeamId, Entity>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub capabilities: BTreeMap<CapabilityId, Entity>,
}

/// One catalog entity as read: enough to write it back with a new owner.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entity {
    /// `Group`, `Component`, `Resource` or `System`.
    pub kind: String,
    pub namespace: String,
    pub name: String,
    /// `spec.type` (`team`, `service`, `website`, `database`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spec_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lifecycle: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system: Option<String>,
    /// `spec.owner` as the catalog had it, so an export can mark what changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TeamKind {
    Platform,
    Sre,
    Product,
    Other,
}

impl TeamKind {
    pub const ALL: [TeamKind; 4] = [Self::Platform, Self::Sre, Self::Product, Self::Other];

    pub fn label(self) -> &'static str {
        match self {
            Self::Platform => "Platform",
            Self::Sre => "SRE",
            Self::Product => "Product",
            Self::Other => "Other",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Team {
    pub id: TeamId,
    pub name: String,
    pub kind: TeamKind,
    pub headcount: f64,
    pub on_call: bool,
    pub time_split: TimeSplit,
    /// Where the board draws the team; absent means "lay it out for me".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rect: Option<Rect>,
    /// CSS colour of the boundary; absent means the colour of its kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
}

/// How a team's time splits, in percent; the three sum to 100.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimeSplit {
    pub feature: f64,
    pub reliability: f64,
    pub toil: f64,
}

/// One of the three shares of a [`TimeSplit`], in the order the split and
/// its sliders list them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Share {
    Feature,
    Reliability,
    Toil,
}

impl Share {
    pub const ALL: [Share; 3] = [Share::Feature, Share::Reliability, Share::Toil];

    /// Its place in `[feature, reliability, toil]`.
    pub fn index(self) -> usize {
        self as usize
    }

    pub fn label(self) -> &'static str {
        match self {
            Share::Feature => "Feature work",
            Share::Reliability => "Reliability work",
            Share::Toil => "Toil and tooling",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layer {
    /// How systems are built and delivered: the paved road.
    Delivery,
    /// How systems behave once running: SLOs, incidents, error budgets.
    Reliability,
    /// User-facing product services.
    Service,
}

impl Layer {
    pub const ALL: [Layer; 3] = [Self::Delivery, Self::Reliability, Self::Service];

    pub fn label(self) -> &'static str {
        match self {
            Self::Delivery => "delivery",
            Self::Reliability => "reliability",
            Self::Service => "service",
        }
    }
}

/// The part a capability plays, which the engine needs to know: who owns
/// SLO definitions, who owns error-budget policy, and so on. A scenario may
/// add capabilities with no role; they take part in dependencies only.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    ClusterProvisioning,
    CiPipelines,
    DeployRollout,
    ServiceTemplates,
    IdentityIntegration,
    DeveloperPortal,
    SloDefinitions,
    UxMeasurement,
    IncidentManagement,
    ErrorBudgetPolicy,
    Postmortems,
}

impl Role {
    /// Every role, in the catalog's order.
    pub const ALL: [Role; 11] = [
        Self::ClusterProvisioning,
        Self::CiPipelines,
        Self::DeployRollout,
        Self::ServiceTemplates,
        Self::IdentityIntegration,
        Self::DeveloperPortal,
        Self::UxMeasurement,
        Self::SloDefinitions,
        Self::IncidentManagement,
        Self::ErrorBudgetPolicy,
        Self::Postmortems,
    ];

    /// The role in words, as a menu lists it.
    pub fn label(self) -> &'static str {
        match self {
            Self::ClusterProvisioning => "Cluster provisioning",
            Self::CiPipelines => "CI pipelines",
            Self::DeployRollout => "Deploy and rollout",
            Self::ServiceTemplates => "Service templates",
            Self::IdentityIntegration => "Identity integration",
            Self::DeveloperPortal => "Developer portal",
            Self::UxMeasurement => "UX measurement (SLIs)",
            Self::SloDefinitions => "SLO definitions",
            Self::IncidentManagement => "Incident management",
            Self::ErrorBudgetPolicy => "Error-budget policy",
            Self::Postmortems => "Postmortems",
        }
    }

    /// The layer a capability with this role must sit in.
    pub fn layer(self) -> Layer {
        match self {
            Self::ClusterProvisioning
            | Self::CiPipelines
            | Self::DeployRollout
            | Self::ServiceTemplates
            | Self::IdentityIntegration
            | Self::DeveloperPortal => Layer::Delivery,
            Self::SloDefinitions
            | Self::UxMeasurement
            | Self::IncidentManagement
            | Self::ErrorBudgetPolicy
            | Self::Postmortems => Layer::Reliability,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Capability {
    pub id: CapabilityId,
    pub name: String,
    pub layer: Layer,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<CapabilityId>,
    /// Only service capabilities carry an SLO.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slo: Option<Slo>,
    /// A service's peak traffic in requests per second; absent means the
    /// reference traffic the complaint rate is stated for. Users complain in
    /// proportion to bad requests, so a busier service is complained about
    /// sooner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub traffic_rps: Option<f64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Slo {
    /// Fraction of good events, strictly between 0 and 1 (0.999 is "three nines").
    pub target: f64,
    pub window_days: f64,
}

/// An injected failure. Every field but kind, target and start may be left
/// out; validation fills it from the kind's defaults.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Failure {
    pub id: FailureId,
    pub kind: FailureKind,
    pub target: CapabilityId,
    pub start_hours: f64,
    /// Peak fraction of bad events on every affected service, in (0, 1].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shape: Option<Shape>,
    /// How long it lasts if nobody mitigates it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_hours: Option<f64>,
}

/// One multiwindow burn-rate alert rule (SRE Workbook, chapter 5).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlertRule {
    pub long_window_minutes: f64,
    pub short_window_minutes: f64,
    pub burn_rate: f64,
    /// A page wakes someone; a ticket waits for working hours.
    pub page: bool,
}

/// The SRE Workbook's recommended rules for a 30-day window.
pub fn workbook_alerts() -> Vec<AlertRule> {
    vec![
        AlertRule { long_window_minutes: 60.0, short_window_minutes: 5.0, burn_rate: 14.4, page: true },
        AlertRule { long_window_minutes: 360.0, short_window_minutes: 30.0, burn_rate: 6.0, page: true },
        AlertRule { long_window_minutes: 4320.0, short_window_minutes: 360.0, burn_rate: 1.0, page: false },
    ]
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "distribution", rename_all = "snake_case", deny_unknown_fields)]
pub enum ServiceTime {
    Exponential { mean_minutes: f64 },
    Lognormal { median_minutes: f64, sigma: f64 },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    #[serde(default = "default_horizon")]
    pub horizon_days: f64,
    #[serde(default = "default_seed")]
    pub seed: u64,
    #[serde(default = "default_runs")]
    pub runs: f64,
    /// Poisson rate of background incidents on top of the injected failures.
    #[serde(default)]
    pub background_rate_per_day: f64,
    /// Kinds background incidents are drawn from; absent means every kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub background_kinds: Option<Vec<FailureKind>>,
    #[serde(default = "workbook_alerts")]
    pub alerts: Vec<AlertRule>,
    /// Fixed on-call responders per team, overriding the headcount rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responders: Option<f64>,
    /// Mitigation time for every incident, overriding the per-kind defaults.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mitigation: Option<ServiceTime>,
    /// Share of a service's error budget one incident must burn before the
    /// error-budget-policy owner forces a fix.
    #[serde(default = "default_policy_threshold")]
    pub policy_threshold: f64,
    /// Hand-offs after which an incident is escalated to leadership.
    #[serde(default = "default_max_hops")]
    pub max_hops: f64,
    /// Mean days before an uncorrected failure comes back; null disables recurrence.
    #[serde(default = "default_recurrence")]
    pub recurrence_mean_days: Option<f64>,
    /// Overrides of the engine's assumptions, by key (see `faultline assumptions`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub assumptions: BTreeMap<String, f64>,
}

fn default_horizon() -> f64 {
    30.0
}
fn default_seed() -> u64 {
    1
}
fn default_runs() -> f64 {
    200.0
}
fn default_policy_threshold() -> f64 {
    0.2
}
fn default_max_hops() -> f64 {
    4.0
}
fn default_recurrence() -> Option<f64> {
    Some(20.0)
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            horizon_days: default_horizon(),
            seed: default_seed(),
            runs: default_runs(),
            background_rate_per_day: 0.0,
            background_kinds: None,
            alerts: workbook_alerts(),
            responders: None,
            mitigation: None,
            policy_threshold: default_policy_threshold(),
            max_hops: default_max_hops(),
            recurrence_mean_days: default_recurrence(),
            assumptions: BTreeMap::new(),
        }
    }
}
