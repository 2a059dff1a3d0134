//! What the board says about capacity: where each team's week goes (the
//! stacked bar in its box) and how each service's SLO is kept (the badge on
//! its card), in numbers and in words. Before a run it is the engine's
//! weekly plan ([`capacity`]) of the board's design; after a run it is that
//! run's [`RunLog::teams`] and [`RunLog::services`], which add the hours
//! incidents took, the fix backlogs and each SLO window's budget. The rules
//! stay in the engine: this only reads its output. Pure, with no Yew in it.

use super::layout::Card;
pub use crate::analysis::verdict::hours;
use crate::engine::capacity::capacity;
use crate::engine::{Capacity, Coverage, RunLog, TeamHours};
use crate::model::{validate, CapabilityId, Layer, Scenario, ScenarioFile, TeamId};
use std::collections::BTreeMap;

/// One stretch of a team's week, in the order the bar draws them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Feature,
    OnCall,
    /// SLO upkeep, measurement and the error-budget policy.
    Coverage,
    /// The fix lane: postmortems and fixes.
    Fixes,
    Toil,
}

impl Part {
    pub const ALL: [Part; 5] = [Part::Feature, Part::OnCall, Part::Coverage, Part::Fixes, Part::Toil];

    /// The CSS class suffix (`hours-feature`…) shared by the bar and the legend.
    pub fn class(self) -> &'static str {
        match self {
            Part::Feature => "feature",
            Part::OnCall => "on-call",
            Part::Coverage => "coverage",
            Part::Fixes => "fixes",
            Part::Toil => "toil",
        }
    }

    /// Its name in the legend.
    pub fn legend(self) -> &'static str {
        match self {
            Part::Feature => "feature work",
            Part::OnCall => "on-call",
            Part::Coverage => "SLOs and measurement",
            Part::Fixes => "fixes",
            Part::Toil => "toil",
        }
    }
}

/// A team's week as the bar draws it.
#[derive(Clone, Debug, PartialEq)]
pub struct TeamBar {
    /// Hours a week.
    pub total: f64,
    /// Every part with hours, in [`Part::ALL`] order.
    pub parts: Vec<(Part, f64)>,
    /// After a run: responder-hours a week spent mitigating incidents, drawn
    /// over the reliability hours they were taken from.
    pub incidents: Option<f64>,
    /// The line under the bar: the week's hours, or after a run the fix backlog.
    pub caption: String,
    /// The bar in words, for its accessible name and tooltip.
    pub label: String,
}

/// How a service's SLO is kept, from worst to best.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum SloState {
    /// The service has no SLO at all.
    None,
    /// It has one, but too little of its upkeep or measurement is done for
    /// its alerts to work.
    NotMeasured,
    /// Its alerts work but its SLI sees only part of the bad events.
    Weak,
    Measured,
}

impl SloState {
    pub fn class(self) -> &'static str {
        match self {
            SloState::None => "slo-none",
            SloState::NotMeasured => "slo-unmeasured",
            SloState::Weak => "slo-weak",
            SloState::Measured => "slo-measured",
        }
    }
}

/// A service card's badge and, after a run, its budget line.
#[derive(Clone, Debug, PartialEq)]
pub struct ServiceBadge {
    pub state: SloState,
    /// "SLO 99.9% · measured 100%", "SLO not measured (20%)", "no SLO".
    pub text: String,
    /// Who keeps it and with how many hours, said after the visible text.
    pub detail: String,
    /// After a run: "budget 62% used", "budget 134% — breached".
    pub budget: Option<String>,
    pub breached: bool,
}

/// Everything the board shows about hours and SLOs, by team and capability id.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BoardLoad {
    pub teams: BTreeMap<TeamId, TeamBar>,
    pub services: BTreeMap<CapabilityId, ServiceBadge>,
    /// Made from a run (incidents, backlogs and budgets known).
    pub after_run: bool,
}

/// The weekly plan of the board's design, or `None` while it does not validate.
pub fn plan(file: &ScenarioFile) -> Option<BoardLoad> {
    let sc = validate(file.clone()).ok()?;
    Some(planned(&sc))
}

/// The weekly plan of a validated design, before any run.
pub fn planned(sc: &Scenario) -> BoardLoad {
    let cap = capacity(sc, &sc.settings().assumptions);
    let teams = sc
        .team_ixs()
        .map(|t| (sc.team(t).id.clone(), bar(&sc.team(t).name, &cap.teams[t.get()], None)))
        .collect();
    BoardLoad { teams, services: badges(sc, &cap, None), after_run: false }
}

/// What one run measured: the same plan with incident hours, fix backlogs
/// and each service's worst SLO window.
pub fn after_run(sc: &Scenario, log: &RunLog) -> BoardLoad {
    let teams = sc
        .team_ixs()
        .zip(&log.teams)
        .map(|(t, load)| {
            let after = After {
                incidents: load.incident_hours_per_week,
                backlog_items: load.backlog_items,
                backlog_hours: load.backlog_hours,
            };
            (sc.team(t).id.clone(), bar(&sc.team(t).name, &load.hours, Some(after)))
        })
        .collect();
    BoardLoad { teams, services: badges(sc, &log.capacity, Some(log)), after_run: true }
}

struct After {
    incidents: f64,
    backlog_items: u32,
    backlog_hours: f64,
}

/// A share as a whole percentage.
fn percent(share: f64) -> String {
    format!("{:.0}%", (share * 100.0).max(0.0))
}

/// An SLO target as a percentage with no trailing zeros: 0.999 is "99.9%".
fn target(t: f64) -> String {
    let s = format!("{:.3}", t * 100.0);
    format!("{}%", s.trim_end_matches('0').trim_end_matches('.'))
}

fn bar(name: &str, h: &TeamHours, after: Option<After>) -> TeamBar {
    let parts: Vec<(Part, f64)> = [
        (Part::Feature, h.feature),
        (Part::OnCall, h.on_call),
        (Part::Coverage, h.coverage),
        (Part::Fixes, h.fix_lane),
        (Part::Toil, h.toil),
    ]
    .into_iter()
    .filter(|&(_, v)| v > 0.0)
    .collect();
    let inner: Vec<String> =
        [(h.on_call, "on-call"), (h.coverage, "SLOs and measurement"), (h.fix_lane, "fixes")]
            .into_iter()
            .filter(|&(v, _)| v > 0.0)
            .map(|(v, what)| format!("{} {what}", hours(v)))
            .collect();
    let reliability = if inner.is_empty() {
        format!("{} reliability", hours(h.reliability))
    } else {
        format!("{} reliability ({})", hours(h.reliability), inner.join(", "))
    };
    let mut label = format!(
        "{name}: {} h a week — {} feature, {reliability}, {} toil",
        hours(h.total),
        hours(h.feature),
        hours(h.toil)
    );
    let caption = match &after {
        None => format!("{} h a week", hours(h.total)),
        Some(a) => {
            let backlog = match a.backlog_items {
                0 => "fix backlog: empty".to_owned(),
                1 => format!("fix backlog: 1 item, {} h", hours(a.backlog_hours)),
                n => format!("fix backlog: {n} items, {} h", hours(a.backlog_hours)),
            };
            label.push_str(&format!("; incidents took {} h a week; {backlog}", hours(a.incidents)));
            backlog
        }
    };
    TeamBar { total: h.total, parts, incidents: after.map(|a| a.incidents), caption, label }
}

fn badges(sc: &Scenario, cap: &Capacity, log: Option<&RunLog>) -> BTreeMap<CapabilityId, ServiceBadge> {
    sc.cap_ixs()
        .filter(|&c| sc.cap(c).layer == Layer::Service)
        .map(|c| {
            let slo = sc.cap(c).slo;
            let cov = cap.services.get(c.get()).and_then(Option::as_ref);
            let (state, text, detail) = match (slo, cov) {
                (Some(slo), Some(cov)) => slo_badge(sc, target(slo.target), cov),
                _ => (SloState::None, "no SLO".to_owned(), "nothing alerts on its users' pain".to_owned()),
            };
            let worst = log
                .and_then(|l| l.services.iter().find(|s| s.service == c))
                .filter(|_| slo.is_some())
                .and_then(|s| s.windows.iter().copied().reduce(f64::max));
            let breached = worst.is_some_and(|w| w >= 1.0);
            let budget = worst.map(|w| {
                if breached {
                    format!("budget {} — breached", percent(w))
                } else {
                    format!("budget {} used", percent(w))
                }
            });
            (sc.cap(c).id.clone(), ServiceBadge { state, text, detail, budget, breached })
        })
        .collect()
}

fn slo_badge(sc: &Scenario, slo: String, cov: &Coverage) -> (SloState, String, String) {
    let who = match cov.measurer {
        Some(t) => format!("measured by {} with {} h a week", sc.team(t).name, hours(cov.measure_hours)),
        None => "nobody owns UX measurement".to_owned(),
    };
    let kept = if cov.defined < 1.0 {
        format!("{who}; {} of its SLO upkeep done", percent(cov.defined))
    } else {
        who
    };
    let seen = cov.seen();
    if !cov.working {
        let text = if seen > 0.0 {
            format!("SLO not measured ({})", percent(seen))
        } else {
            "SLO not measured".to_owned()
        };
        let detail = format!(
            "SLO {slo}, coverage {} of what it needs, so its alerts do not work; {kept}",
            percent(seen)
        );
        (SloState::NotMeasured, text, detail)
    } else if seen < 1.0 - 1e-9 {
        (SloState::Weak, format!("SLO {slo} · measured {}", percent(seen)), kept)
    } else {
        (SloState::Measured, format!("SLO {slo} · measured {}", percent(seen)), kept)
    }
}

/// A card's accessible name: what it shows, in the order it shows it, then
/// its layer, owners and how its SLO is kept.
pub fn card_label(card: &Card, badge: Option<&ServiceBadge>) -> String {
    match badge {
        None => card.aria_label.clone(),
        Some(b) => {
            let rest = card.aria_label.strip_prefix(&card.name).unwrap_or(&card.aria_label);
            let budget = b.budget.as_ref().map(|t| format!(", {t}")).unwrap_or_default();
            format!("{}, {}{budget}{rest}; {}", card.name, b.text, b.detail)
        }
    }
}
