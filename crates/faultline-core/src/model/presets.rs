//! Preset scenarios, each a complete design that tells one story about where
//! the line between Platform Engineering and SRE is drawn. They share the
//! catalog and one failure set (same ids, so the same random streams), which
//! makes any two of them directly comparable.

use super::catalog::catalog;
use super::file::*;
use super::ids::{CapabilityId, FailureId, TeamId};
use super::kinds::FailureKind;
use crate::time::at;
use std::collections::BTreeMap;

/// A preset's id, title and what it teaches, for menus and `faultline presets`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PresetInfo {
    pub id: &'static str,
    pub title: &'static str,
    pub teaches: &'static str,
}

pub const PRESETS: [PresetInfo; 5] = [
    PresetInfo {
        id: "clear-boundary",
        title: "Clear boundary",
        teaches: "Platform Engineering owns the paved road: clusters, CI, deploys, templates. SRE owns how \
                  systems behave: SLOs, UX measurement, incident management and error-budget policy. Pages reach \
                  the owner in one hand-off, and when Platform's system \"works as designed\" while users hurt, \
                  SRE's error-budget policy overrules it.",
    },
    PresetInfo {
        id: "sre-absorbed",
        title: "SRE absorbed into Platform",
        teaches: "SRE has become the support layer for the platform: it operates the pipelines, deploy system and \
                  templates that Platform builds, carries the pager for them and spends three quarters of its time \
                  on toil. It still owns SLOs and UX measurement, but has too few hours left to keep every service \
                  measured, and the team running the road also decides when reliability is acceptable: the simple \
                  test says the structure is drifting.",
    },
    PresetInfo {
        id: "no-sre",
        title: "Reliability is everyone's job",
        teaches: "There is no SRE team. Product teams share incident management and SLO definitions, and nobody \
                  owns error-budget policy. Platform's \"working as designed\" stands unchallenged, and slow \
                  degradations burn budgets without anyone forcing a fix.",
    },
    PresetInfo {
        id: "shared-deploy",
        title: "Shared ownership of the deploy system",
        teaches: "Platform and SRE both own the deploy and rollout system. Each co-owner can defer to the other, \
                  so rollout incidents bounce before anyone acts, and fixes wait while each assumes the other has it.",
    },
    PresetInfo {
        id: "orphaned-provisioning",
        title: "Orphaned cluster provisioning",
        teaches: "Cluster provisioning belongs to nobody since the last re-org. When it slows down, the page \
                  bounces between plausible teams until leadership assigns it, and nobody fixes the root cause, \
                  so it comes back.",
    },
];

/// The preset with this id, as a complete scenario file.
pub fn preset(id: &str) -> Option<ScenarioFile> {
    let info = PRESETS.iter().find(|p| p.id == id)?;
    let mut f = match id {
        "clear-boundary" => clear_boundary(),
        "sre-absorbed" => sre_absorbed(),
        "no-sre" => no_sre(),
        "shared-deploy" => shared_deploy(),
        "orphaned-provisioning" => orphaned_provisioning(),
        _ => return None,
    };
    f.title = info.title.to_owned();
    f.description = info.teaches.to_owned();
    Some(f)
}

/// The preset a new visitor sees first.
pub const DEFAULT_PRESET: &str = "clear-boundary";

fn team(id: &str, name: &str, kind: TeamKind, headcount: u32, on_call: bool, split: [u32; 3]) -> Team {
    Team {
        id: TeamId::new(id),
        name: name.to_owned(),
        kind,
        headcount: f64::from(headcount),
        on_call,
        time_split: TimeSplit {
            feature: f64::from(split[0]),
            reliability: f64::from(split[1]),
            toil: f64::from(split[2]),
        },
        rect: None,
        color: None,
    }
}

fn product_teams() -> Vec<Team> {
    vec![
        team("checkout-team", "Checkout team", TeamKind::Product, 7, true, [70, 20, 10]),
        team("search-team", "Search team", TeamKind::Product, 5, true, [75, 15, 10]),
        team("accounts-team", "Accounts team", TeamKind::Product, 5, true, [75, 15, 10]),
    ]
}

/// Ownership map from (capability, owners) pairs.
fn owners(pairs: &[(&str, &[&str])]) -> BTreeMap<CapabilityId, Vec<TeamId>> {
    pairs
        .iter()
        .map(|(c, ts)| (CapabilityId::new(*c), ts.iter().map(|&t| TeamId::new(t)).collect()))
        .collect()
}

fn services() -> [(&'static str, &'static [&'static str]); 3] {
    [("checkout", &["checkout-team"]), ("search", &["search-team"]), ("accounts", &["accounts-team"])]
}

fn failure(id: &str, kind: FailureKind, target: &str, start_hours: f64) -> Failure {
    Failure {
        id: FailureId::new(id),
        kind,
        target: CapabilityId::new(target),
        start_hours,
        severity: None,
        shape: None,
        duration_hours: None,
    }
}

/// The failure set every preset ships: every kind at least once, spread over
/// a month, with the deploy system and cluster provisioning hit more than once.
pub fn standard_failures() -> Vec<Failure> {
    use FailureKind::*;
    vec![
        failure("slow-provisioning", SlowProvisioning, "clusters", 26.0),
        failure("rollout-outage", RolloutOutage, "deploy", at(4.0, 14.0)),
        failure("latency-creep", LatencyCreep, "search", at(7.0, 9.0)),
        failure("deploy-drift", ConfigDrift, "deploy", at(9.0, 15.0)),
        failure("cert-expiry", CertificateExpiry, "identity", at(12.0, 3.0)),
        failure("capacity", CapacityExhaustion, "clusters", at(16.0, 19.0)),
        failure("config-drift", ConfigDrift, "templates", at(20.0, 11.0)),
        failure("rollout-outage-2", RolloutOutage, "deploy", at(24.0, 16.0)),
    ]
}

fn scenario(teams: Vec<Team>, ownership: BTreeMap<CapabilityId, Vec<TeamId>>) -> ScenarioFile {
    ScenarioFile {
        version: SCHEMA_VERSION,
        title: String::new(),
        description: String::new(),
        teams,
        capabilities: catalog(),
        ownership,
        failures: standard_failures(),
        // On top of the eight injected failures, one unplanned incident every
        // three weeks or so.
        settings: Settings { background_rate_per_day: 0.05, ..Settings::default() },
        catalog: None,
    }
}

fn clear_boundary_ownership() -> Vec<(&'static str, &'static [&'static str])> {
    let mut pairs: Vec<(&str, &[&str])> = vec![
        ("clusters", &["platform"]),
        ("ci", &["platform"]),
        ("deploy", &["platform"]),
        ("templates", &["platform"]),
        ("identity", &["platform"]),
        ("portal", &["platform"]),
        ("ux_measurement", &["sre"]),
        ("slo_definitions", &["sre"]),
        ("incident_management", &["sre"]),
        ("error_budget_policy", &["sre"]),
        ("postmortems", &["sre"]),
    ];
    pairs.extend(services());
    pairs
}

fn platform_and_sre() -> Vec<Team> {
    let mut teams = vec![
        team("platform", "Platform Engineering", TeamKind::Platform, 9, true, [55, 25, 20]),
        team("sre", "SRE", TeamKind::Sre, 6, true, [10, 70, 20]),
    ];
    teams.extend(product_teams());
    teams
}

fn clear_boundary() -> ScenarioFile {
    scenario(platform_and_sre(), owners(&clear_boundary_ownership()))
}

fn sre_absorbed() -> ScenarioFile {
    let mut teams = vec![
        // SRE is the support layer: it carries the pager for the platform.
        team("platform", "Platform Engineering", TeamKind::Platform, 6, false, [75, 5, 20]),
        team("sre", "SRE", TeamKind::Sre, 6, true, [10, 15, 75]),
    ];
    teams.extend(product_teams());
    let mut pairs: Vec<(&str, &[&str])> = vec![
        ("clusters", &["platform"]),
        // SRE operates what Platform builds: both own the pipelines.
        ("ci", &["sre", "platform"]),
        ("deploy", &["sre", "platform"]),
        ("templates", &["sre", "platform"]),
        ("identity", &["platform"]),
        ("portal", &["platform"]),
        // SRE still owns the reliability practice on paper; its hours went to
        // toil, so measurement and SLO upkeep run short.
        ("ux_measurement", &["sre"]),
        ("slo_definitions", &["sre"]),
        ("incident_management", &["sre"]),
        ("error_budget_policy", &["sre"]),
        ("postmortems", &["sre"]),
    ];
    pairs.extend(services());
    scenario(teams, owners(&pairs))
}

fn no_sre() -> ScenarioFile {
    let mut teams = vec![team("platform", "Platform Engineering", TeamKind::Platform, 9, true, [60, 20, 20])];
    teams.extend(product_teams());
    let all_product: &[&str] = &["checkout-team", "search-team", "accounts-team"];
    let mut pairs: Vec<(&str, &[&str])> = vec![
        ("clusters", &["platform"]),
        ("ci", &["platform"]),
        ("deploy", &["platform"]),
        ("templates", &["platform"]),
        ("identity", &["platform"]),
        ("portal", &["platform"]),
        ("ux_measurement", &["checkout-team"]),
        ("slo_definitions", all_product),
        ("incident_management", all_product),
        ("postmortems", all_product),
    ];
    pairs.extend(services());
    scenario(teams, owners(&pairs))
}

fn shared_deploy() -> ScenarioFile {
    let mut pairs = clear_boundary_ownership();
    for p in pairs.iter_mut() {
        if p.0 == "deploy" {
            p.1 = &["platform", "sre"];
        }
    }
    scenario(platform_and_sre(), owners(&pairs))
}

fn orphaned_provisioning() -> ScenarioFile {
    let pairs: Vec<_> = clear_boundary_ownership().into_iter().filter(|p| p.0 != "clusters").collect();
    scenario(platform_and_sre(), owners(&pairs))
}
