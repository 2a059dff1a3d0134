//! The mapping step's first guesses, from names, types and tags. A guess is
//! only a starting point the user confirms or changes; what the input states
//! outright (a CSV's role column, an export's annotation) is kept as is.

use super::{CapPlay, Draft, DraftCap, DraftTeam, Mapping, TeamPlay};
use crate::model::{Layer, Role, TeamKind};

/// Words (whole words of a name, type or tag) that point at a role; the
/// first role with a matching word wins, so the more specific come first.
const ROLE_WORDS: [(Role, &[&str]); 11] = [
    (Role::ErrorBudgetPolicy, &["error-budget", "errorbudget", "budget-policy", "error budget"]),
    (Role::SloDefinitions, &["slo", "slos", "objectives", "service-level"]),
    (Role::Postmortems, &["postmortem", "postmortems", "post-mortem", "retrospective", "rca"]),
    (
        Role::IncidentManagement,
        &["incident", "incidents", "pagerduty", "opsgenie", "oncall", "on-call", "paging"],
    ),
    (
        Role::UxMeasurement,
        &["sli", "slis", "rum", "ux-measurement", "telemetry", "observability", "monitoring", "metrics"],
    ),
    (
        Role::DeployRollout,
        &[
            "deploy",
            "deployer",
            "deployment",
            "deployments",
            "rollout",
            "rollouts",
            "argo",
            "argocd",
            "spinnaker",
            "flux",
            "release",
            "releases",
            "cd",
        ],
    ),
    (
        Role::CiPipelines,
        &[
            "ci",
            "ci-pipelines",
            "build-pipeline",
            "build-pipelines",
            "jenkins",
            "buildkite",
            "circleci",
            "github-actions",
            "teamcity",
        ],
    ),
    (
        Role::ClusterProvisioning,
        &[
            "k8s",
            "kubernetes-cluster",
            "cluster-provisioning",
            "kubernetes",
            "eks",
            "gke",
            "aks",
            "provisioning",
            "provisioner",
        ],
    ),
    (
        Role::ServiceTemplates,
        &["template", "templates", "scaffolder", "golden-path", "skeleton", "cookiecutter"],
    ),
    (
        Role::IdentityIntegration,
        &["identity", "sso", "oauth", "oidc", "iam", "auth", "authn", "keycloak", "okta"],
    ),
    (Role::DeveloperPortal, &["portal", "backstage", "devportal", "developer-portal"]),
];

/// Component types that run and serve users.
const SERVICE_TYPES: [&str; 5] = ["service", "website", "mobile-app", "app", "frontend"];
/// Component types with no runtime behaviour of their own.
const STATIC_TYPES: [&str; 3] = ["library", "documentation", "docs"];
/// Group types that are not teams but groups of teams.
const PARENT_TYPES: [&str; 6] =
    ["business-unit", "department", "division", "organization", "organisation", "org"];

/// Lower-case words of a text, split at anything but letters and digits,
/// with each adjacent pair joined by `-` so "error budget" and
/// "error-budget-policy" both hold "error-budget".
fn words(texts: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for t in texts {
        let parts: Vec<String> = t
            .split(|c: char| !c.is_alphanumeric())
            .filter(|p| !p.is_empty())
            .map(str::to_ascii_lowercase)
            .collect();
        for (i, p) in parts.iter().enumerate() {
            out.push(p.clone());
            if let Some(next) = parts.get(i + 1) {
                out.push(format!("{p}-{next}"));
            }
        }
    }
    out
}

/// The role a capability's name, title, type and tags point at, if any.
pub(super) fn role_of(cap: &DraftCap) -> Option<Role> {
    let mut texts: Vec<&str> = vec![&cap.name, cap.id.as_str()];
    texts.extend(cap.spec_type.as_deref());
    texts.extend(cap.tags.iter().map(String::as_str));
    let w = words(&texts);
    ROLE_WORDS.iter().find(|(_, keys)| keys.iter().any(|k| w.iter().any(|x| x == k))).map(|(r, _)| *r)
}

pub(super) fn guess_cap(cap: &DraftCap) -> CapPlay {
    if let Some(p) = cap.plays {
        return p;
    }
    let ty = cap.spec_type.as_deref().unwrap_or("").to_ascii_lowercase();
    match cap.kind.as_str() {
        // A System groups components that are on the board themselves.
        "System" => CapPlay::Omit,
        "Component" if STATIC_TYPES.contains(&ty.as_str()) => CapPlay::Omit,
        _ => match role_of(cap) {
            Some(r) => CapPlay::Role(r),
            None if SERVICE_TYPES.contains(&ty.as_str()) => CapPlay::Layer(Layer::Service),
            None => CapPlay::Layer(Layer::Delivery),
        },
    }
}

pub(super) fn guess_team(team: &DraftTeam) -> TeamPlay {
    if let Some(k) = team.kind {
        return TeamPlay::Kind(k);
    }
    let ty = team.spec_type.as_deref().unwrap_or("").to_ascii_lowercase();
    if PARENT_TYPES.contains(&ty.as_str()) {
        return TeamPlay::Omit;
    }
    let w = words(&[&team.name, team.id.as_str()]);
    let has = |keys: &[&str]| keys.iter().any(|k| w.iter().any(|x| x == k));
    if has(&["sre", "reliability", "site-reliability", "production-engineering"]) {
        TeamPlay::Kind(TeamKind::Sre)
    } else if has(&[
        "platform",
        "infra",
        "infrastructure",
        "devex",
        "developer-experience",
        "devops",
        "tooling",
    ]) {
        TeamPlay::Kind(TeamKind::Platform)
    } else {
        TeamPlay::Kind(TeamKind::Product)
    }
}

/// A first guess for every team and capability of the draft. A resource
/// with no role that only product teams own (a service's own database or
/// cache) is part of their services, not of the paved road, so it is left
/// out rather than making its owners look like platform builders.
pub fn guess_mapping(draft: &Draft) -> Mapping {
    let teams: std::collections::BTreeMap<_, _> =
        draft.teams.iter().map(|t| (t.id.clone(), guess_team(t))).collect();
    let product_only = |c: &DraftCap| {
        !c.owners.is_empty()
            && c.owners.iter().all(|o| teams.get(o) == Some(&TeamPlay::Kind(TeamKind::Product)))
    };
    let capabilities = draft
        .capabilities
        .iter()
        .map(|c| {
            let play = match guess_cap(c) {
                CapPlay::Layer(Layer::Delivery)
                    if c.plays.is_none() && c.kind == "Resource" && product_only(c) =>
                {
                    CapPlay::Omit
                }
                p => p,
            };
            (c.id.clone(), play)
        })
        .collect();
    Mapping { title: String::new(), teams, capabilities }
}
