//! Diagnostics of a design: the simple test answered in words, and every
//! structural finding (orphans, shared ownership, absorbed SRE, missing
//! SLO, incident-management or error-budget owners, owners without on-call,
//! owners that don't exist), each with why it matters and, when paired runs
//! are asked for, its simulated consequence: the difference mending that one
//! finding would make (see [`super::mend`] and [`super::consequence`]).

use super::consequence::paired;
pub use super::consequence::{Consequence, Paired};
use super::mend::mend_scenario;
use super::montecarlo::{run_range, summarize, RunSummary};
use super::verdict::hours;
use crate::engine::capacity::TeamHours;
use crate::engine::rng::run_seed;
use crate::engine::run;
use crate::model::{CapIx, Layer, Role, Scenario, TeamIx, TeamKind};
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Critical,
    Warning,
    Info,
}

impl Severity {
    /// Its word, in lower case, as the panel's class and the text report
    /// write it.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
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
    /// Why the consequences were not simulated although runs were asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unsimulated: Option<String>,
}

fn names(sc: &Scenario, teams: &[TeamIx]) -> Vec<String> {
    teams.iter().map(|&t| sc.team(t).name.clone()).collect()
}

/// "nobody", "a", or "a, b and c".
pub(crate) fn list(items: &[String]) -> String {
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
            "{} {} making it easy to deploy and run services and also {} when reliability is no longer \
             acceptable: the structure is drifting.",
            list(&both),
            verb(&both, "owns", "own"),
            verb(&both, "decides", "decide")
        )
    } else if deciders.is_empty() {
        format!(
            "{} {} making it easy to deploy and run services; nobody owns deciding when reliability is no longer \
             acceptable, so nothing forces a fix.",
            list(&rn),
            verb(&rn, "owns", "own")
        )
    } else {
        format!(
            "{} {} making it easy to deploy and run services; {} {} when reliability is no longer \
             acceptable. The line is clear.",
            list(&rn),
            verb(&rn, "owns", "own"),
            list(&dn),
            verb(&dn, "decides", "decide")
        )
    };
    SimpleTest { paved_road: rn, reliability: dn, drifting, answer }
}

/// The verb agreeing with a list of team names: one team owns, two own.
fn verb<'a>(teams: &[String], one: &'a str, many: &'a str) -> &'a str {
    if teams.len() == 1 {
        one
    } else {
        many
    }
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
    let mut d = Diagnosis { simple_test: st, findings: f, unsimulated: None };
    if let Some(p) = runs {
        simulate_consequences(sc, p, &mut d);
    }
    d
}

/// Fills in the consequences of a diagnosis made without runs (see
/// [`diagnose`]), for a caller that first decides how many runs it can afford.
/// A design whose first run reaches its budget is not simulated further:
/// every run of it would, each taking the most a run may, and a
/// consequence of runs cut short would not mean much.
pub fn simulate_consequences(sc: &Scenario, p: Paired, d: &mut Diagnosis) {
    let plan = ConsequencePlan::new(sc, d);
    if p.runs == 0 || plan.mended.is_empty() {
        return;
    }
    let first = run(sc, run_seed(p.seed, 0));
    if let Some(stopped) = first.stopped {
        d.unsimulated = Some(format!(
            "Consequences not simulated, as every run of this design would stop early. {}",
            stopped.message()
        ));
        return;
    }
    let mut design = vec![summarize(sc, &first, 0)];
    design.extend(run_range(sc, p.seed, 1..p.runs));
    let runs: Vec<Vec<RunSummary>> =
        std::iter::once(design).chain(plan.mended.iter().map(|s| run_range(s, p.seed, 0..p.runs))).collect();
    plan.fill(p.seed, &runs, d);
}

/// The designs a diagnosis's consequences are simulated on: the design
/// itself, then each distinct mended design. Two findings mended into the
/// same design (a shared road capability that also makes the simple test
/// drift) share its runs. Made apart from the runs so a caller can make
/// them a few at a time.
pub struct ConsequencePlan {
    /// The mended designs; design `k + 1` of [`ConsequencePlan::designs`].
    pub mended: Vec<Scenario>,
    /// Per finding: its mended design's index in `mended`, and the mend in words.
    mends: Vec<Option<(usize, String)>>,
}

impl ConsequencePlan {
    pub fn new(sc: &Scenario, d: &Diagnosis) -> Self {
        let mut mended: Vec<Scenario> = Vec::new();
        let mends = d
            .findings
            .iter()
            .map(|x| {
                let (design, what) = mend_scenario(sc, x)?;
                let k = match mended.iter().position(|m| m.file == design.file) {
                    Some(k) => k,
                    None => {
                        mended.push(design);
                        mended.len() - 1
                    }
                };
                Some((k, what))
            })
            .collect();
        Self { mended, mends }
    }

    /// How many designs need runs: the design and its mended ones, or none
    /// when no finding can be mended.
    pub fn designs(&self) -> usize {
        if self.mended.is_empty() {
            0
        } else {
            1 + self.mended.len()
        }
    }

    /// Fills in each finding's consequence from `runs`: the design's paired
    /// runs first, then each mended design's, run `i` of each on
    /// `run_seed(seed, i)`.
    pub fn fill(&self, seed: u64, runs: &[Vec<RunSummary>], d: &mut Diagnosis) {
        for (x, mend) in d.findings.iter_mut().zip(&self.mends) {
            let Some((k, what)) = mend else { continue };
            let (Some(design), Some(mended)) = (runs.first(), runs.get(k + 1)) else { continue };
            x.effect = paired(x.code, what.clone(), seed, design, mended);
            x.consequence = x.effect.as_ref().map(Consequence::sentence);
        }
    }
}

/// Plain text for the command line.
pub fn render_text(_sc: &Scenario, d: &Diagnosis) -> String {
    let mut s = format!("\nSimple test: {}\n", d.simple_test.answer);
    if let Some(why) = &d.unsimulated {
        s.push_str(&format!("{why}\n"));
    }
    if d.findings.is_empty() {
        s.push_str("No findings: every capability has one clear owner.\n");
    }
    for x in &d.findings {
        s.push_str(&format!("\n[{}] {}\n  why: {}\n", x.severity.label(), x.title, x.why));
        if let Some(c) = &x.consequence {
            s.push_str(&format!("  simulated: {c}\n"));
        }
    }
    s
}
