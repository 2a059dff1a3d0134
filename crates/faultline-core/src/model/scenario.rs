//! The validated scenario: ids resolved into dense indices, defaults filled
//! in, times in integer seconds, and the ownership queries everything else
//! asks ("who owns this?", "what is orphaned?", the simple test).

use super::file::{Layer, Role, ScenarioFile, ServiceTime, Slo, TeamKind, TimeSplit};
use super::ids::{CapIx, CapabilityId, FailureId, TeamId, TeamIx};
use super::kinds::{FailureKind, Shape};
use super::validate::Problem;
use std::collections::BTreeMap;

/// A scenario that passed validation. Only [`super::validate`] builds one
/// (its fields are the core's alone; everyone else reads them through the
/// methods below), so every index in it is in range and the dependency graph
/// has no cycle.
#[derive(Clone, Debug)]
pub struct Scenario {
    /// The file it was validated from, for saving and editing.
    pub(crate) file: ScenarioFile,
    pub(crate) teams: Vec<ResolvedTeam>,
    pub(crate) caps: Vec<ResolvedCapability>,
    pub(crate) failures: Vec<ResolvedFailure>,
    pub(crate) settings: ResolvedSettings,
    pub(super) team_ix: BTreeMap<TeamId, TeamIx>,
    pub(super) cap_ix: BTreeMap<CapabilityId, CapIx>,
    pub(super) roles: BTreeMap<Role, Vec<CapIx>>,
    /// For each capability, the services its failure degrades: shared
    /// with every incident of it, not copied into each. Found when a run
    /// first asks, not at validation: the live check validates on every
    /// edit and needs it only once it simulates (in the largest legal file
    /// it is a third of validation's time).
    pub(super) affected: std::sync::OnceLock<Vec<std::sync::Arc<[CapIx]>>>,
    /// For each capability, the capabilities that depend on it directly.
    pub(super) dependents: Vec<Vec<CapIx>>,
    /// Owners of each role, derived once at validation: the engine asks
    /// these for every incident.
    pub(super) role_owner_cache: BTreeMap<Role, Vec<TeamIx>>,
    /// Owners of each layer, busiest first, in [`Layer::ALL`] order.
    pub(super) layer_owner_cache: Vec<Vec<TeamIx>>,
    /// Teams a page about an orphan of each layer may be guessed at.
    pub(super) plausible_cache: Vec<Vec<TeamIx>>,
    /// Ownership entries naming teams that do not exist.
    pub(super) ghosts: Vec<(CapabilityId, TeamId)>,
    /// Things that are allowed but probably not meant.
    pub(crate) warnings: Vec<Problem>,
}

/// A team as the engine reads it: a whole headcount and its week's split.
#[derive(Clone, Debug, PartialEq)]
pub struct ResolvedTeam {
    pub id: TeamId,
    pub name: String,
    pub kind: TeamKind,
    pub headcount: u32,
    pub on_call: bool,
    pub split: TimeSplit,
}

/// A capability as the engine reads it: dependencies and owners as indices.
#[derive(Clone, Debug, PartialEq)]
pub struct ResolvedCapability {
    pub id: CapabilityId,
    pub name: String,
    pub layer: Layer,
    pub role: Option<Role>,
    pub deps: Vec<CapIx>,
    pub slo: Option<Slo>,
    /// A service's peak requests per second; `None` is the reference
    /// traffic (`reference_traffic_rps`), whatever that is set to.
    pub traffic_rps: Option<f64>,
    /// Owning teams in the order the file lists them; empty for an orphan.
    pub owners: Vec<TeamIx>,
}

/// An injected failure as the engine reads it: its target as an index, its
/// times in whole seconds and its kind's defaults filled in.
#[derive(Clone, Debug, PartialEq)]
pub struct ResolvedFailure {
    pub id: FailureId,
    pub kind: FailureKind,
    pub target: CapIx,
    pub start_s: i64,
    pub severity: f64,
    pub shape: Shape,
    pub duration_s: i64,
}

/// A burn-rate alert rule with its windows in seconds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ResolvedAlertRule {
    pub long_s: i64,
    pub short_s: i64,
    pub burn_rate: f64,
    pub page: bool,
}

/// The scenario's settings with every default filled in and times in seconds.
#[derive(Clone, Debug, PartialEq)]
pub struct ResolvedSettings {
    pub horizon_s: i64,
    pub seed: u64,
    pub runs: u32,
    pub background_rate_per_day: f64,
    pub background_kinds: Vec<FailureKind>,
    pub alerts: Vec<ResolvedAlertRule>,
    pub responders: Option<u32>,
    pub mitigation: Option<ServiceTime>,
    pub policy_threshold: f64,
    pub max_hops: u32,
    pub recurrence_mean_days: Option<f64>,
    /// The engine's assumptions with the file's overrides applied.
    pub assumptions: crate::engine::assumptions::Assumptions,
}

impl Scenario {
    /// The file it was validated from, for saving and editing.
    pub fn file(&self) -> &ScenarioFile {
        &self.file
    }

    /// The file it was validated from, without a copy.
    pub fn into_file(self) -> ScenarioFile {
        self.file
    }

    /// Teams in the file's order; [`TeamIx`] indexes them.
    pub fn teams(&self) -> &[ResolvedTeam] {
        &self.teams
    }

    /// Capabilities in the file's order; [`CapIx`] indexes them.
    pub fn caps(&self) -> &[ResolvedCapability] {
        &self.caps
    }

    /// The injected failures in the file's order.
    pub fn failures(&self) -> &[ResolvedFailure] {
        &self.failures
    }

    pub fn settings(&self) -> &ResolvedSettings {
        &self.settings
    }

    /// Things that are allowed but probably not meant.
    pub fn warnings(&self) -> &[Problem] {
        &self.warnings
    }

    pub fn team(&self, t: TeamIx) -> &ResolvedTeam {
        &self.teams[t.get()]
    }

    pub fn cap(&self, c: CapIx) -> &ResolvedCapability {
        &self.caps[c.get()]
    }

    pub fn team_by_id(&self, id: &TeamId) -> Option<TeamIx> {
        self.team_ix.get(id).copied()
    }

    pub fn cap_by_id(&self, id: &CapabilityId) -> Option<CapIx> {
        self.cap_ix.get(id).copied()
    }

    pub fn title(&self) -> &str {
        &self.file.title
    }

    /// Owning teams of a capability; empty for an orphan.
    pub fn owners(&self, c: CapIx) -> &[TeamIx] {
        &self.caps[c.get()].owners
    }

    pub fn cap_ixs(&self) -> impl Iterator<Item = CapIx> + '_ {
        (0..self.caps.len() as u32).map(CapIx)
    }

    pub fn team_ixs(&self) -> impl Iterator<Item = TeamIx> + '_ {
        (0..self.teams.len() as u32).map(TeamIx)
    }

    /// Owners listed in the file that are not teams of the scenario.
    pub fn ghost_owners(&self) -> impl Iterator<Item = (&CapabilityId, &TeamId)> {
        self.ghosts.iter().map(|(c, t)| (c, t))
    }

    /// Capabilities nobody owns.
    pub fn orphans(&self) -> Vec<CapIx> {
        self.cap_ixs().filter(|&c| self.owners(c).is_empty()).collect()
    }

    /// Capabilities with two or more owners.
    pub fn shared(&self) -> Vec<CapIx> {
        self.cap_ixs().filter(|&c| self.owners(c).len() > 1).collect()
    }

    /// Capabilities that play a role, in file order.
    pub fn with_role(&self, role: Role) -> &[CapIx] {
        self.roles.get(&role).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Teams owning any capability with the role, without repeats, in team order.
    pub fn role_owners(&self, role: Role) -> &[TeamIx] {
        self.role_owner_cache.get(&role).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Services degraded when the capability fails: those depending on it
    /// directly or through others, and the capability itself if it is one.
    pub fn affected_services(&self, c: CapIx) -> &[CapIx] {
        &self.affected()[c.get()]
    }

    /// [`Scenario::affected_services`], shared rather than borrowed.
    pub fn affected_shared(&self, c: CapIx) -> std::sync::Arc<[CapIx]> {
        self.affected()[c.get()].clone()
    }

    fn affected(&self) -> &[std::sync::Arc<[CapIx]>] {
        self.affected.get_or_init(|| {
            super::graph::affected_services(&self.caps, &self.dependents)
                .into_iter()
                .map(Into::into)
                .collect()
        })
    }

    /// Capabilities that list this one among their direct dependencies.
    pub fn dependents(&self, c: CapIx) -> &[CapIx] {
        &self.dependents[c.get()]
    }

    /// The simple test's first question: who owns making it easy to deploy and
    /// run services? The owners of the delivery layer, busiest first.
    pub fn paved_road_owners(&self) -> &[TeamIx] {
        self.layer_owners(Layer::Delivery)
    }

    /// The simple test's second question: who owns deciding when reliability
    /// is no longer acceptable? The owners of error-budget policy.
    pub fn reliability_deciders(&self) -> &[TeamIx] {
        self.role_owners(Role::ErrorBudgetPolicy)
    }

    /// Teams owning capabilities of a layer, ordered by how many they own
    /// (most first), ties by team order.
    pub fn layer_owners(&self, layer: Layer) -> &[TeamIx] {
        let i = Layer::ALL.iter().position(|&l| l == layer).unwrap_or(0);
        &self.layer_owner_cache[i]
    }

    /// Teams a page about an orphaned capability of this layer gets guessed
    /// at: those owning something in the layer, busiest first, then teams of
    /// the kind that usually owns such things.
    pub fn plausible_owners(&self, layer: Layer) -> &[TeamIx] {
        let i = Layer::ALL.iter().position(|&l| l == layer).unwrap_or(0);
        &self.plausible_cache[i]
    }

    /// Fills the derived caches; validation calls it once, last.
    pub(super) fn derive(&mut self) {
        let mut roles: BTreeMap<Role, Vec<TeamIx>> = BTreeMap::new();
        for (role, caps) in &self.roles {
            let mut owners: Vec<TeamIx> =
                caps.iter().flat_map(|&c| self.caps[c.get()].owners.iter().copied()).collect();
            owners.sort();
            owners.dedup();
            roles.insert(*role, owners);
        }
        self.role_owner_cache = roles;
        self.layer_owner_cache = Layer::ALL
            .iter()
            .map(|&layer| {
                let mut count: BTreeMap<TeamIx, usize> = BTreeMap::new();
                for c in self.caps.iter().filter(|c| c.layer == layer) {
                    for &t in &c.owners {
                        *count.entry(t).or_default() += 1;
                    }
                }
                let mut out: Vec<(TeamIx, usize)> = count.into_iter().collect();
                out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                out.into_iter().map(|(t, _)| t).collect()
            })
            .collect();
        self.plausible_cache = Layer::ALL
            .iter()
            .enumerate()
            .map(|(i, &layer)| {
                let usual = match layer {
                    Layer::Delivery => TeamKind::Platform,
                    Layer::Reliability => TeamKind::Sre,
                    Layer::Service => TeamKind::Product,
                };
                let mut out = self.layer_owner_cache[i].clone();
                let known: std::collections::BTreeSet<TeamIx> = out.iter().copied().collect();
                out.extend(self.team_ixs().filter(|t| self.team(*t).kind == usual && !known.contains(t)));
                out
            })
            .collect();
    }

    /// True when one team answers both questions of the simple test: the
    /// structure is drifting.
    pub fn simple_test_drifting(&self) -> bool {
        let deciders = self.reliability_deciders();
        self.paved_road_owners().iter().any(|t| deciders.contains(t))
    }

    /// A service's SLO, or the catalog default for one without: what its
    /// users are owed either way.
    pub fn slo_or_default(&self, service: CapIx) -> super::file::Slo {
        self.cap(service).slo.unwrap_or(super::catalog::DEFAULT_SLO)
    }

    /// A service's error budget for one SLO window, in bad-event seconds. A
    /// service without an SLO is measured against the catalog default, so
    /// its burn can still be shown: that is what silent degradation costs.
    pub fn budget_seconds(&self, service: CapIx) -> f64 {
        let slo = self.slo_or_default(service);
        (1.0 - slo.target) * slo.window_days * crate::time::DAY as f64
    }

    /// The length of a service's SLO window in seconds.
    pub fn window_seconds(&self, service: CapIx) -> i64 {
        let slo = self.slo_or_default(service);
        crate::time::from_days(slo.window_days)
    }
}
