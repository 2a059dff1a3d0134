//! One plain-language verdict per incident, naming the teams and the cost:
//! what a workshop reads at the end of each replayed incident.

use super::metrics::worst_budget_share;
use crate::engine::{format_duration, Channel, Event, Incident, Outcome, RunLog, What};
use crate::model::{Scenario, TeamIx};

fn name(sc: &Scenario, t: Option<TeamIx>) -> &str {
    t.map_or("leadership", |t| sc.team(t).name.as_str())
}

/// "Rollout outage on Deploy and rollout system: detected by SRE's burn-rate
/// page after 52 s, handed to Platform Engineering, rolled back the release
/// in 18 min, root cause fixed after 3.1 days — resolved by accountability".
pub fn verdict(sc: &Scenario, log: &RunLog, inc: &Incident) -> String {
    let mut parts: Vec<String> = Vec::new();
    let events: Vec<&Event> = log.events.iter().filter(|e| e.incident == inc.id).collect();
    let burn = worst_budget_share(sc, inc);
    let worst_service = inc
        .affected
        .iter()
        .max_by(|a, b| sc.budget_seconds(**b).total_cmp(&sc.budget_seconds(**a)))
        .map(|&s| sc.cap(s).name.as_str());
    let cost = match worst_service {
        Some(s) if burn > 0.0 => format!("burned {:.0}% of {s}'s error budget", burn * 100.0),
        _ => "no user-facing service was hurt".to_owned(),
    };
    match (inc.detected, inc.channel) {
        (Some(_), Some(ch)) => {
            let receiver = name(sc, inc.receiver);
            let how = match ch {
                Channel::BurnRate { page: true, .. } => format!("{receiver}'s burn-rate page"),
                Channel::BurnRate { page: false, .. } => format!("a burn-rate ticket to {receiver}"),
                Channel::OwnerMonitoring => format!("{receiver}'s own monitoring"),
                Channel::DependentMonitoring { via } => {
                    format!("{receiver}'s monitoring of {}", sc.cap(via).name)
                }
                Channel::Complaint { .. } => format!("customer complaints to {receiver}"),
                Channel::BudgetPolicy { service } => {
                    format!("{receiver}'s review of {}'s exhausted budget", sc.cap(service).name)
                }
            };
            parts.push(format!(
                "detected by {how} after {}",
                format_duration(inc.time_to_detect().unwrap_or(0))
            ));
        }
        _ => {
            let watched = sc.owners(inc.target).iter().any(|&t| sc.team(t).on_call);
            let slo = inc.affected.iter().any(|&s| log.capacity.working_slo(s));
            let ignored = events.iter().any(|e| matches!(e.what, What::Ignored { .. }));
            let target = &sc.cap(inc.target).name;
            let why = match (ignored, slo, watched) {
                (true, _, _) if sc.owners(inc.target).is_empty() => {
                    format!("the signs were there but nobody owns {target}, so nobody acted")
                }
                (true, _, _) => {
                    format!("the signs were there but each owner of {target} assumed another had it")
                }
                (false, false, false) => "no working SLO, no owner watching".to_owned(),
                (false, false, true) if inc.shape == crate::model::Shape::Sudden => {
                    "no working SLO, and the owner's monitoring missed it".to_owned()
                }
                (false, false, true) => {
                    "no working SLO, and the owner's monitoring missed the slow burn".to_owned()
                }
                (false, true, false) => {
                    "the burn stayed under every alert threshold and no owner was watching".to_owned()
                }
                (false, true, true) => "the burn stayed under every alert threshold".to_owned(),
            };
            let verb = if ignored { "degraded" } else { "went unnoticed" };
            parts.push(format!(
                "{why}; {verb} for {} and {cost}",
                format_duration(inc.impact_end - inc.start)
            ));
        }
    }
    let escalated = inc.escalated;
    let deflector = events.iter().find_map(|e| match e.what {
        What::WorkingAsDesigned { .. } => e.team,
        _ => None,
    });
    let chain: Vec<&str> = inc.holders.iter().map(|h| name(sc, h.1)).collect();
    match inc.handoffs {
        0 => {}
        1 => parts.push(format!("handed to {}", chain.last().copied().unwrap_or("leadership"))),
        n => {
            let via = if escalated { " and went to leadership" } else { "" };
            parts.push(format!("bounced {n} times{via} ({})", chain.join(" → ")));
        }
    }
    if let Some(d) = deflector {
        parts.push(match inc.outcome {
            Outcome::Deflected => {
                format!("{} called it working as designed and nobody could overrule", name(sc, Some(d)))
            }
            _ => format!(
                "{} called it working as designed until error-budget policy overruled",
                name(sc, Some(d))
            ),
        });
    }
    if let Some(t) = inc.time_to_mitigate() {
        parts.push(format!(
            "{} {} in {}",
            name(sc, inc.worker),
            inc.kind.mitigation_verb(),
            format_duration(t)
        ));
    }
    match inc.outcome {
        Outcome::Resolved | Outcome::ResolvedAfterBouncing => {
            let forced = events.iter().any(|e| matches!(e.what, What::Corrected { forced: true }));
            let how = if forced { " under error-budget policy" } else { "" };
            parts.push(format!(
                "root cause fixed{how} after {}",
                format_duration(inc.time_to_correct().unwrap_or(0))
            ));
        }
        Outcome::FixPending => {
            let root = &log.root_causes[inc.root as usize];
            let owner = name(sc, root.fix_owner);
            parts.push(match root.due {
                Some(due) => format!(
                    "the fix waits in {owner}'s backlog, due in {} at its pace",
                    format_duration(due - log.horizon)
                ),
                None => format!("the fix waits in {owner}'s backlog"),
            });
        }
        Outcome::NeverPrioritised => {
            let recurred = events.iter().any(|e| matches!(e.what, What::Recurs { .. }));
            parts.push(
                if recurred { "nobody scheduled a fix, so it came back" } else { "nobody scheduled a fix" }
                    .to_owned(),
            );
        }
        Outcome::WithinSlo => parts.push("the SLO allows that much".to_owned()),
        Outcome::Deflected => {
            parts.push(format!("users hurt for {}, {cost}", format_duration(inc.impact_end - inc.start)))
        }
        Outcome::Stalled => parts.push(format!("still unmitigated at the horizon; {cost}")),
        Outcome::Silent => {}
    }
    format!(
        "{} on {}: {} — {}",
        inc.kind.label(),
        sc.cap(inc.target).name,
        parts.join(", "),
        inc.outcome.label()
    )
}
