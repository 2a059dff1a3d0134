//! Generated organisations for benchmarks and property tests: divisions of
//! ten teams and a hundred capabilities, some drawn well and some badly,
//! with failures spread over the horizon. Deterministic for a given scale
//! and seed; no randomness from the engine's generators is used here.

use super::file::*;
use super::ids::{CapabilityId, FailureId, TeamId};
use super::kinds::FailureKind;
use std::collections::BTreeMap;

/// Teams, capabilities and failures per division.
const TEAMS: usize = 10;
const CAPABILITIES: usize = 100;
const FAILURES: usize = 20;

/// An organisation of `divisions` divisions (5 divisions = 50 teams, 500
/// capabilities, 100 failures over 90 days).
pub fn organisation(divisions: usize, failures_per_division: usize, seed: u64) -> ScenarioFile {
    let mut state = seed ^ 0x2545_F491_4F6C_DD1D;
    let mut next = |m: usize| -> usize {
        // xorshift64*: tiny, portable and good enough to scatter failures.
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        (state.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % m.max(1)
    };
    let mut teams = Vec::with_capacity(divisions * TEAMS);
    let mut capabilities = Vec::with_capacity(divisions * CAPABILITIES);
    let mut ownership = BTreeMap::new();
    let mut failures = Vec::new();
    let delivery = [
        ("clusters", Role::ClusterProvisioning),
        ("ci", Role::CiPipelines),
        ("deploy", Role::DeployRollout),
        ("templates", Role::ServiceTemplates),
        ("identity", Role::IdentityIntegration),
        ("portal", Role::DeveloperPortal),
    ];
    let reliability = [
        ("ux", Role::UxMeasurement),
        ("slos", Role::SloDefinitions),
        ("incidents", Role::IncidentManagement),
        ("budget", Role::ErrorBudgetPolicy),
        ("postmortems", Role::Postmortems),
    ];
    for d in 0..divisions {
        let t = |name: &str| TeamId::new(format!("d{d}-{name}"));
        let c = |name: &str| CapabilityId::new(format!("d{d}-{name}"));
        let team = |name: &str, kind: TeamKind, split: [f64; 3]| Team {
            id: t(name),
            name: format!("Division {d} {name}"),
            kind,
            headcount: 6.0,
            on_call: true,
            time_split: TimeSplit { feature: split[0], reliability: split[1], toil: split[2] },
            rect: None,
            color: None,
        };
        teams.push(team("platform", TeamKind::Platform, [55.0, 25.0, 20.0]));
        teams.push(team("sre", TeamKind::Sre, [10.0, 70.0, 20.0]));
        for p in 0..TEAMS - 2 {
            teams.push(team(&format!("product{p}"), TeamKind::Product, [70.0, 20.0, 10.0]));
        }
        for (name, role) in delivery {
            let deps = match role {
                Role::DeployRollout => vec![c("clusters"), c("ci")],
                Role::DeveloperPortal => vec![c("templates"), c("identity")],
                _ => Vec::new(),
            };
            capabilities.push(Capability {
                id: c(name),
                name: format!("Division {d} {name}"),
                layer: Layer::Delivery,
                role: Some(role),
                depends_on: deps,
                slo: None,
                traffic_rps: None,
            });
            // Every fifth division has orphaned provisioning, every seventh
            // shares its deploy system: the generated org is not all tidy.
            let owners = match role {
                Role::ClusterProvisioning if d % 5 == 4 => vec![],
                Role::DeployRollout if d % 7 == 6 => vec![t("platform"), t("sre")],
                _ => vec![t("platform")],
            };
            ownership.insert(c(name), owners);
        }
        for (name, role) in reliability {
            capabilities.push(Capability {
                id: c(name),
                name: format!("Division {d} {name}"),
                layer: Layer::Reliability,
                role: Some(role),
                depends_on: Vec::new(),
                slo: None,
                traffic_rps: None,
            });
            ownership.insert(c(name), vec![t("sre")]);
        }
        let services = CAPABILITIES - delivery.len() - reliability.len();
        for s in 0..services {
            let name = format!("svc{s}");
            let extra = if s % 2 == 0 { c("identity") } else { c("templates") };
            capabilities.push(Capability {
                id: c(&name),
                name: format!("Division {d} service {s}"),
                layer: Layer::Service,
                role: None,
                depends_on: vec![c("deploy"), c("clusters"), extra],
                slo: Some(Slo { target: 0.999, window_days: 28.0 }),
                traffic_rps: None,
            });
            ownership.insert(c(&name), vec![t(&format!("product{}", s % (TEAMS - 2)))]);
        }
        for f in 0..failures_per_division {
            let kind = FailureKind::ALL[next(FailureKind::ALL.len())];
            let target = match kind {
                FailureKind::SlowProvisioning | FailureKind::CapacityExhaustion => c("clusters"),
                FailureKind::RolloutOutage => c("deploy"),
                FailureKind::CertificateExpiry => c("identity"),
                FailureKind::ConfigDrift => c("templates"),
                FailureKind::LatencyCreep => c(&format!("svc{}", next(services))),
            };
            failures.push(Failure {
                id: FailureId::new(format!("d{d}-f{f}")),
                kind,
                target,
                start_hours: next(90 * 24) as f64,
                severity: None,
                shape: None,
                duration_hours: None,
            });
        }
    }
    ScenarioFile {
        version: SCHEMA_VERSION,
        title: format!("Generated organisation: {} teams, {} capabilities", teams.len(), capabilities.len()),
        description: "A generated organisation for benchmarks.".into(),
        teams,
        capabilities,
        ownership,
        failures,
        settings: Settings { horizon_days: 90.0, background_rate_per_day: 0.0, ..Settings::default() },
        catalog: None,
    }
}

/// The benchmark's unit: 50 teams, 500 capabilities, 1,000 failures over
/// 90 days, times `scale`.
pub fn benchmark_org(scale: usize) -> ScenarioFile {
    organisation(5 * scale, 10 * FAILURES, 1)
}
