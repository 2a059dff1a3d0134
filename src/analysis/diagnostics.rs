//! Diagnostics of a design: the simple test answered in words, and every
//! structural finding (orphans, shared ownership, absorbed SRE, missing
//! SLO, incident-management or error-budget owners, owners without on-call,
//! owners that don't exist), each with why it matters and, when runs exist,
//! its simulated consequence.

use super::metrics::worst_budget_share;
use crate::engine::rng::run_seed;
use crate::engine::{format_duration, run, Outcome, RunLog};
use crate::model::{CapIx, Layer, Role, Scenario, TeamIx, TeamKind};
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
    /// What the simulation shows it costs, when runs exist.
    pub consequence: Option<String>,
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

/// Per-capability and per-service tallies over a set of runs, from which
/// consequences are phrased.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Evidence {
    pub runs: u32,
    /// Indexed by capability: incidents whose root cause it was.
    pub targets: Vec<Tally>,
    /// Indexed by capability (services only filled): incidents hurting it.
    pub services: Vec<Tally>,
    /// Indexed by team: incidents it mitigated and their total minutes to mitigate.
    pub mitigations: Vec<(u64, f64)>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tally {
    pub incidents: u64,
    pub handoffs: u64,
    pub escalated: u64,
    pub outcomes: [u64; Outcome::COUNT],
    /// Sum over runs of the budget share burned (services), or of the worst
    /// share per incident (targets).
    pub burn: f64,
}

impl Tally {
    fn count(&self, o: Outcome) -> u64 {
        self.outcomes[super::montecarlo::outcome_index(o)]
    }
}

impl Evidence {
    /// Runs the scenario `runs` times from `base_seed` and tallies the results.
    pub fn simulate(sc: &Scenario, base_seed: u64, runs: u32) -> Self {
        let mut ev = Self::empty(sc);
        for i in 0..runs {
            ev.add(sc, &run(sc, run_seed(base_seed, i)));
        }
        ev
    }

    pub fn empty(sc: &Scenario) -> Self {
        Self {
            runs: 0,
            targets: vec![Tally::default(); sc.caps.len()],
            services: vec![Tally::default(); sc.caps.len()],
            mitigations: vec![(0, 0.0); sc.teams.len()],
        }
    }

    pub fn add(&mut self, sc: &Scenario, log: &RunLog) {
        self.runs += 1;
        for inc in &log.incidents {
            let escalated = inc.escalated;
            let t = &mut self.targets[inc.target.get()];
            t.incidents += 1;
            t.handoffs += u64::from(inc.handoffs);
            t.escalated += u64::from(escalated);
            t.outcomes[super::montecarlo::outcome_index(inc.outcome)] += 1;
            t.burn += worst_budget_share(sc, inc);
            for &s in &inc.affected {
                let st = &mut self.services[s.get()];
                st.incidents += 1;
                st.outcomes[super::montecarlo::outcome_index(inc.outcome)] += 1;
                st.burn += inc.bad_seconds / sc.budget_seconds(s);
            }
            if let (Some(w), Some(ttm)) = (inc.worker, inc.time_to_mitigate()) {
                let m = &mut self.mitigations[w.get()];
                m.0 += 1;
                m.1 += ttm as f64 / 60.0;
            }
        }
    }

    fn per_run(&self, n: u64) -> f64 {
        n as f64 / f64::from(self.runs.max(1))
    }

    /// "its 4.0 incidents a run bounced 2.5 times on average, 18% of Checkout's budget burned".
    fn target_story(&self, sc: &Scenario, c: CapIx) -> Option<String> {
        let t = &self.targets[c.get()];
        if self.runs == 0 || t.incidents == 0 {
            return None;
        }
        let mut s = format!(
            "its {:.1} incidents a run were handed off {:.1} times on average",
            self.per_run(t.incidents),
            t.handoffs as f64 / t.incidents as f64
        );
        let bad = t.count(Outcome::Deflected) + t.count(Outcome::Silent) + t.count(Outcome::Stalled);
        if bad > 0 {
            s.push_str(&format!(
                ", {:.0}% ended deflected, stalled or silent",
                100.0 * bad as f64 / t.incidents as f64
            ));
        }
        if t.escalated > 0 {
            s.push_str(&format!(
                ", {:.0}% went to leadership",
                100.0 * t.escalated as f64 / t.incidents as f64
            ));
        }
        let burn = t.burn / f64::from(self.runs);
        if burn > 0.0 && !sc.affected_services(c).is_empty() {
            s.push_str(&format!(
                "; together they burned {:.0}% of a service's error budget a run",
                burn * 100.0
            ));
        }
        Some(s)
    }

    fn outcome_story(&self, caps: &[CapIx], outcomes: &[Outcome], what: &str) -> Option<String> {
        let (n, hit) = caps.iter().fold((0, 0), |(n, hit), c| {
            let t = &self.targets[c.get()];
            (n + t.incidents, hit + outcomes.iter().map(|&o| t.count(o)).sum::<u64>())
        });
        (self.runs > 0 && n > 0).then(|| {
            format!(
                "{:.0}% of their {:.1} incidents a run {what}",
                100.0 * hit as f64 / n as f64,
                self.per_run(n)
            )
        })
    }
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

/// Everything wrong with the design, most severe first; consequences are
/// filled in from `evidence` when given.
pub fn diagnose(sc: &Scenario, evidence: Option<&Evidence>) -> Diagnosis {
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
            consequence: evidence.and_then(|e| {
                e.outcome_story(&delivery, &[Outcome::Deflected, Outcome::NeverPrioritised], "on the paved road were deflected or never fixed")
            }),
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
            consequence: evidence.and_then(|e| e.target_story(sc, c)),
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
            consequence: evidence.and_then(|e| e.target_story(sc, c)),
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
                    "SRE absorbed as a support layer for the platform has little capacity left to measure user \
                     experience or enforce SLOs{}.",
                    if owns_delivery > 0 { format!("; it also runs {owns_delivery} paved-road capabilities") } else { String::new() }
                ),
                consequence: evidence.map(|e| {
                    let (n, minutes) = e.mitigations[t.get()];
                    format!(
                        "{} on-call responder{}; it mitigated {:.1} incidents a run{}",
                        capacity.teams[t.get()].responders,
                        if capacity.teams[t.get()].responders == 1 { "" } else { "s" },
                        e.per_run(n),
                        if n > 0 {
                            format!(", taking {} on average", format_duration((minutes / n as f64 * 60.0) as i64))
                        } else {
                            String::new()
                        }
                    )
                }),
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
            let consequence = evidence.and_then(|e| match role {
                Role::ErrorBudgetPolicy => {
                    e.outcome_story(&delivery, &[Outcome::Deflected], "on the paved road were deflected")
                }
                _ => e.outcome_story(
                    &sc.cap_ixs().collect::<Vec<_>>(),
                    &[Outcome::Silent, Outcome::Stalled],
                    "ended silent or stalled",
                ),
            });
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
                consequence,
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
            consequence: evidence.and_then(|e| {
                let (n, silent, burn) = blind.iter().fold((0, 0, 0.0), |(n, s, b), &c| {
                    let t = &e.services[c.get()];
                    (n + t.incidents, s + t.count(Outcome::Silent), b + t.burn)
                });
                (n > 0).then(|| {
                    format!(
                        "{:.0}% of the incidents hurting them went silent; together they burned {:.0}% of a budget a run",
                        100.0 * silent as f64 / n as f64,
                        100.0 * burn / f64::from(e.runs.max(1))
                    )
                })
            }),
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
                consequence: evidence.and_then(|e| {
                    let (n, minutes) = e.mitigations[t.get()];
                    (n > 0).then(|| {
                        format!(
                            "its incidents took {:.1} h to mitigate on average",
                            minutes / n as f64 / 60.0
                        )
                    })
                }),
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
            consequence: sc.cap_by_id(cap).and_then(|c| evidence.and_then(|e| e.target_story(sc, c))),
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
            });
        }
    }

    f.sort_by_key(|x| x.severity);
    Diagnosis { simple_test: st, findings: f }
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
