//! Diagnostics of a design: the simple test answered in words, and every
//! structural finding (orphans, shared ownership, absorbed SRE, missing
//! SLO, incident-management or error-budget owners, owners without on-call,
//! owners that don't exist), each with why it matters and, when paired runs
//! are asked for, its simulated consequence: the difference mending that one
//! finding would make (see [`super::mend`] and [`super::consequence`]).

use super::consequence::paired;
pub use super::consequence::{Consequence, Paired};
use super::mend::mend_scenario;
use super::montecarlo::{run_range, RunSummary};
use super::verdict::hours;
use crate::engine::capacity::TeamHours;
use crate::model::{CapIx, Layer, Role, Scenario, ScenarioFile, TeamIx, TeamKind};
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Critical,
    Warning,
    Info,
}

/// What a finding points at, so the board can highlight it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Subject {
    Team(String),
    Capability(String),
    Design,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    /// Stable name of the rule, e.g. `orphan`.
    pub code: &'static str,
    pub severity: Severity,
    pub subjects: Vec<Subject>,
    pub title: String,
    pub why: String,
    /// What mending it would change, in one sentence, when paired runs were
    /// asked for and the finding can be mended.
    pub consequence: Option<String>,
    /// The same in numbers.
    pub effect: Option<Consequence>,
}

/// The simple test: who owns making it easy to deploy and run services, and
/// who owns deciding when reliability is no longer acceptable?
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SimpleTest {
    pub paved_road: Vec<String>,
    pub reliability: Vec<String>,
    pub drifting: bool,
    pub answer: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diagnosis {
    pub simple_test: SimpleTest,
    pub findings: Vec<Finding>,
}

fn names(sc: &Scenario, teams: &[TeamIx]) -> Vec<String> {
    teams.iter().map(|&t| sc.team(t).name.clone()).collect()
}

fn list(items: &[String]) -> String {
    match items {
        [] => "nobody".to_owned(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

pub fn simple_test(sc: &Scenario) -> SimpleTest {
    let road = sc.paved_road_owners();
    let deciders = sc.reliability_deciders();
    let drifting = sc.simple_test_drifting();
    let (rn, dn) = (names(sc, road), names(sc, deciders));
    let answer = if drifting {
        let both: Vec<String> =
            names(sc, &road.iter().copied().filter(|t| deciders.contains(t)).collect::<Vec<_>>());
        format!(
            "{} owns making it easy to deploy and run services and also decides when reliability is no longer \
             acceptable: the structure is drifting.",
            list(&both)
        )
    } else if deciders.is_empty() {
        format!(
            "{} owns making it easy to deploy and run services; nobody owns deciding when reliability is no longer \
             acceptable, so nothing forces a fix.",
            list(&rn)
        )
    } else {
        format!(
            "{} owns making it easy to deploy and run services; {} decides when reliability is no longer \
             acceptable. The line is clear.",
            list(&rn),
            list(&dn)
        )
    };
    SimpleTest { paved_road: rn, reliability: dn, drifting, answer }
}

/// Where a team's reliability hours go, in words: "36 h a week, of which
/// on-call takes 10 and policy and SLO coverage 26, leaving none for
/// postmortems and fixes".
fn week(h: &TeamHours) -> String {
    let left = if h.fix_lane > 0.0 { format!("{} h", hours(h.fix_lane)) } else { "none".to_owned() };
    format!(
        "{} h a week, of which on-call takes {} and policy and SLO coverage {}, leaving {left} for postmortems and \
         fixes",
        hours(h.reliability),
        hours(h.on_call),
        hours(h.coverage)
    )
}

/// Everything wrong with the design, most severe first. With `runs`, each
/// finding that can be mended carries its consequence: the design and the
/// design with that finding mended, run on the same failures and seeds.
pub fn diagnose(sc: &Scenario, runs: Option<Paired>) -> Diagnosis {
    let mut f: Vec<Finding> = Vec::new();
    let capacity = crate::engine::capacity::capacity(sc, &sc.settings.assumptions);
    let cap_subject = |c: CapIx| Subject::Capability(sc.cap(c).id.to_string());
    let team_subject = |t: TeamIx| Subject::Team(sc.team(t).id.to_string());
    let st = simple_test(sc);
    let delivery: Vec<CapIx> = sc.cap_ixs().filter(|&c| sc.cap(c).layer == Layer::Delivery).collect();

    if st.drifting {
        let deciders = sc.reliability_deciders();
        let both: Vec<TeamIx> =
            sc.paved_road_owners().iter().copied().filter(|t| deciders.contains(t)).collect();
        f.push(Finding {
            code: "simple_test_drift",
            severity: Severity::Critical,
            subjects: both.iter().map(|&t| team_subject(t)).collect(),
            title: format!(
                "{} owns the paved road and also decides when reliability is no longer acceptable",
                list(&names(sc, &both))
            ),
            why: "A team that judges its own delivery system will read user impact as \"working as designed\"; nobody \
                  independent can force a fix."
                .into(),
            consequence: None,
            effect: None,
        });
    }

    // Orphaned reliability roles have findings of their own below.
    let role_rule = |c: CapIx| {
        matches!(
            sc.cap(c).role,
            Some(
                Role::SloDefinitions
                    | Role::UxMeasurement
                    | Role::IncidentManagement
                    | Role::ErrorBudgetPolicy
            )
        )
    };
    for c in sc.orphans().into_iter().filter(|&c| !role_rule(c)) {
        let cap = sc.cap(c);
        let severity = if cap.layer == Layer::Delivery
            || cap.layer == Layer::Service
            || cap.role == Some(Role::ErrorBudgetPolicy)
        {
            Severity::Critical
        } else {
            Severity::Warning
        };
        f.push(Finding {
            code: "orphan",
            severity,
            subjects: vec![cap_subject(c)],
            title: format!("Nobody owns {}", cap.name),
            why: "A page about an orphan is passed between plausible teams until leadership assigns it, and nobody \
                  fixes its root cause, so it comes back."
                .into(),
            consequence: None,
            effect: None,
        });
    }

    for c in sc.shared() {
        let cap = sc.cap(c);
        f.push(Finding {
            code: "shared",
            severity: Severity::Warning,
            subjects: std::iter::once(cap_subject(c)).chain(sc.owners(c).iter().map(|&t| team_subject(t))).collect(),
            title: format!("{} is shared by {}", cap.name, list(&names(sc, sc.owners(c)))),
            why: "Each co-owner can defer to another, so incidents bounce before anyone acts, and fixes wait while \
                  each assumes the other has it."
                .into(),
            consequence: None,
            effect: None,
        });
    }

    for t in sc.team_ixs() {
        let team = sc.team(t);
        if team.kind == TeamKind::Sre && team.split.toil >= 50.0 {
            let owns_delivery = delivery.iter().filter(|&&c| sc.owners(c).contains(&t)).count();
            f.push(Finding {
                code: "sre_toil",
                severity: Severity::Warning,
                subjects: vec![team_subject(t)],
                title: format!("{} spends {:.0}% of its time on toil and tooling", team.name, team.split.toil),
                why: format!(
                    "SRE absorbed as a support layer for the platform has few reliability hours left, and they pay \
                     for on-call, error-budget policy and keeping SLOs measured before any fix: {}{}.",
                    week(&capacity.teams[t.get()]),
                    if owns_delivery > 0 { format!("; it also runs {owns_delivery} paved-road capabilities") } else { String::new() }
                ),
                consequence: None,
                effect: None,
            });
        }
    }

    let services: Vec<CapIx> = sc.cap_ixs().filter(|&c| sc.cap(c).layer == Layer::Service).collect();
    let role_rules: [(Role, &str, Severity, &str); 4] = [
        (Role::SloDefinitions, "no_slo_owner", Severity::Critical, "Without SLO definitions no burn-rate alert can fire, so slow degradations go unnoticed."),
        (Role::UxMeasurement, "no_ux_owner", Severity::Critical, "Without measuring user experience there is no SLI, so no SLO works."),
        (Role::IncidentManagement, "no_incident_owner", Severity::Critical, "Nobody runs incident response: pages go to whoever owns the hurt service and have to find the cause from there."),
        (Role::ErrorBudgetPolicy, "no_policy_owner", Severity::Warning, "Nobody decides when reliability is no longer acceptable: \"working as designed\" stands and fixes compete with feature work."),
    ];
    for (role, code, severity, why) in role_rules {
        let caps = sc.with_role(role);
        if sc.role_owners(role).is_empty() {
            let what = match role {
                Role::SloDefinitions => "SLO definitions",
                Role::UxMeasurement => "UX measurement",
                Role::IncidentManagement => "incident management",
                _ => "error-budget policy",
            };
            f.push(Finding {
                code,
                severity,
                subjects: if caps.is_empty() {
                    vec![Subject::Design]
                } else {
                    caps.iter().map(|&c| cap_subject(c)).collect()
                },
                title: format!("Nobody owns {what}"),
                why: why.into(),
                consequence: None,
                effect: None,
            });
        }
    }

    let blind: Vec<CapIx> = services.iter().copied().filter(|&s| !capacity.working_slo(s)).collect();
    if !blind.is_empty() {
        f.push(Finding {
            code: "no_working_slo",
            severity: Severity::Warning,
            subjects: blind.iter().map(|&c| cap_subject(c)).collect(),
            title: format!(
                "{} ha{} no working SLO",
                list(&blind.iter().map(|&c| sc.cap(c).name.clone()).collect::<Vec<_>>()),
                if blind.len() == 1 { "s" } else { "ve" }
            ),
            why: "A service has a working SLO only with a target and owners for both SLO definitions and UX measurement; \
                  without one, only customers and the owner's own monitoring notice a degradation."
                .into(),
            consequence: None,
            effect: None,
        });
    }

    for t in sc.team_ixs() {
        let team = sc.team(t);
        let owned: Vec<CapIx> = sc
            .cap_ixs()
            .filter(|&c| sc.owners(c).contains(&t) && sc.cap(c).layer != Layer::Reliability)
            .collect();
        if !team.on_call && !owned.is_empty() {
            f.push(Finding {
                code: "owner_without_on_call",
                severity: Severity::Warning,
                subjects: vec![team_subject(t)],
                title: format!("{} owns running systems but has no on-call", team.name),
                why: "Its own monitoring pages nobody, and incidents routed to it wait for working hours."
                    .into(),
                consequence: None,
                effect: None,
            });
        }
    }

    for (cap, team) in sc.ghost_owners() {
        f.push(Finding {
            code: "ghost_owner",
            severity: Severity::Critical,
            subjects: vec![Subject::Capability(cap.to_string())],
            title: format!("{cap} is owned by {team}, a team that does not exist"),
            why: "An owner on paper only: pages routed to it reach nobody.".into(),
            consequence: None,
            effect: None,
        });
    }

    for t in sc.team_ixs() {
        if !sc.cap_ixs().any(|c| sc.owners(c).contains(&t)) {
            f.push(Finding {
                code: "owns_nothing",
                severity: Severity::Info,
                subjects: vec![team_subject(t)],
                title: format!("{} owns no capability", sc.team(t).name),
                why: "A team with no ownership cannot be paged for anything; its people help nobody in an incident.".into(),
                consequence: None,
                effect: None,
            });
        }
    }

    f.sort_by_key(|x| x.severity);
    let mut d = Diagnosis { simple_test: st, findings: f };
    if let Some(p) = runs {
        simulate_consequences(sc, p, &mut d);
    }
    d
}

/// Fills in the consequences of a diagnosis made without runs (see
/// [`diagnose`]), for a caller that first decides how many runs it can afford.
pub fn simulate_consequences(sc: &Scenario, p: Paired, d: &mut Diagnosis) {
    if p.runs > 0 {
        simulate(sc, p, &mut d.findings);
    }
}

/// Fills in each finding's consequence: the design's runs are made once and
/// paired with the runs of each mended design, index by index. Two findings
/// mended into the same design (a shared road capability that also makes
/// the simple test drift) share its runs.
fn simulate(sc: &Scenario, p: Paired, findings: &mut [Finding]) {
    let mut design: Option<Vec<RunSummary>> = None;
    let mut made: Vec<(ScenarioFile, Vec<RunSummary>)> = Vec::new();
    for x in findings.iter_mut() {
        let Some((mended, what)) = mend_scenario(sc, x) else { continue };
        let design = design.get_or_insert_with(|| run_range(sc, p.seed, 0..p.runs));
        let k = match made.iter().position(|(f, _)| *f == mended.file) {
            Some(k) => k,
            None => {
                made.push((mended.file.clone(), run_range(&mended, p.seed, 0..p.runs)));
                made.len() - 1
            }
        };
        x.effect = paired(x.code, what, p.seed, design, &made[k].1);
        x.consequence = x.effect.as_ref().map(Consequence::sentence);
    }
}

/// Plain text for the command line.
pub fn render_text(_sc: &Scenario, d: &Diagnosis) -> String {
    let mut s = format!("\nSimple test: {}\n", d.simple_test.answer);
    if d.findings.is_empty() {
        s.push_str("No findings: every capability has one clear owner.\n");
    }
    for x in &d.findings {
        let tag = match x.severity {
            Severity::Critical => "critical",
            Severity::Warning => "warning",
            Severity::Info => "info",
        };
        s.push_str(&format!("\n[{tag}] {}\n  why: {}\n", x.title, x.why));
        if let Some(c) = &x.consequence {
            s.push_str(&format!("  simulated: {c}\n"));
        }
    }
    s
}
