//! One plain-language verdict per incident, naming the teams and the cost:
//! what a workshop reads at the end of each replayed incident. When capacity
//! was the cause it says whose hours ran short and how many there were:
//! who measured a service that went unnoticed, and whose fix lane a fix
//! waited in or never reached. The numbers are the run's own
//! ([`RunLog::capacity`], [`RunLog::teams`]); nothing is recomputed here.

use super::metrics::worst_budget_share;
use crate::engine::assumptions::A;
use crate::engine::{format_duration, Channel, Event, Incident, IncidentIx, Outcome, RunLog, What};
use crate::model::{CapIx, Role, Scenario, TeamIx};

fn name(sc: &Scenario, t: Option<TeamIx>) -> &str {
    t.map_or("leadership", |t| sc.team(t).name.as_str())
}

/// What every verdict of one run reads, gathered in one pass: each
/// incident's events, and the measurement hours of each team. Verdicts of
/// a whole run cost one pass over its events, however many incidents and
/// recurrences it has.
pub struct Verdicts<'a> {
    sc: &'a Scenario,
    log: &'a RunLog,
    events: Vec<Vec<&'a Event>>,
    /// Per team: measurement hours a week, and services it measures.
    measuring: Vec<(f64, usize)>,
    /// Per root cause: whether a team said no to its fix, and whether a
    /// postmortem of any of its incidents was held.
    roots: Vec<(bool, bool)>,
}

impl<'a> Verdicts<'a> {
    pub fn new(sc: &'a Scenario, log: &'a RunLog) -> Self {
        let mut events: Vec<Vec<&Event>> = vec![Vec::new(); log.incidents.len()];
        let mut roots = vec![(false, false); log.root_causes.len()];
        for e in &log.events {
            if let Some(v) = events.get_mut(e.incident.get()) {
                v.push(e);
            }
            let root = log.incidents.get(e.incident.get()).and_then(|i| roots.get_mut(i.root as usize));
            if let Some(r) = root {
                r.0 |= matches!(e.what, What::NotPrioritized);
                r.1 |= matches!(e.what, What::Postmortem { .. });
            }
        }
        let mut measuring = vec![(0.0, 0); sc.teams.len()];
        for c in log.capacity.services.iter().flatten() {
            if let Some(m) = c.measurer.and_then(|t| measuring.get_mut(t.get())) {
                m.0 += c.measure_hours;
                m.1 += 1;
            }
        }
        Self { sc, log, events, measuring, roots }
    }

    /// The verdict of one of the run's incidents (see [`verdict`]).
    pub fn of(&self, inc: &Incident) -> String {
        verdict_in(self, inc)
    }

    fn events(&self, i: IncidentIx) -> &[&'a Event] {
        self.events.get(i.get()).map_or(&[], Vec::as_slice)
    }
}

/// Every incident's verdict, in the run's order.
pub fn verdicts(sc: &Scenario, log: &RunLog) -> Vec<String> {
    let v = Verdicts::new(sc, log);
    log.incidents.iter().map(|i| v.of(i)).collect()
}

/// "Rollout outage on Deploy and rollout system: detected by SRE's burn-rate
/// page after 52 s, handed to Platform Engineering, rolled back the release
/// in 18 min, root cause fixed after 3.1 days — resolved by accountability".
/// For many incidents of one run, [`verdicts`] or [`Verdicts`] share the work.
pub fn verdict(sc: &Scenario, log: &RunLog, inc: &Incident) -> String {
    Verdicts::new(sc, log).of(inc)
}

fn verdict_in(v: &Verdicts, inc: &Incident) -> String {
    let (sc, log) = (v.sc, v.log);
    let mut parts: Vec<String> = Vec::new();
    let events = v.events(inc.id);
    let burn = worst_budget_share(sc, inc);
    let worst_service = inc
        .affected
        .iter()
        .max_by(|a, b| sc.budget_seconds(**b).total_cmp(&sc.budget_seconds(**a)))
        .map(|&s| sc.cap(s).name.as_str());
    let cost = match worst_service {
        Some(s) if burn > 0.0 => {
            let of = if s.ends_with('s') { format!("{s}'") } else { format!("{s}'s") };
            // The report's rule for a budget: a share within it is "62%
            // used", one past it "exhausted 5.8×", never "581%".
            if burn > 1.0 {
                format!("exhausted {of} error budget {burn:.1}×")
            } else {
                format!("used {:.0}% of {of} error budget", burn * 100.0)
            }
        }
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
            let gap = coverage_gap(v, inc);
            let no_slo = gap.clone().unwrap_or_else(|| "no working SLO".to_owned());
            let under = |s: &str| match &gap {
                Some(g) => format!("{s}, and {g}"),
                None => s.to_owned(),
            };
            let why = match (ignored, slo, watched) {
                (true, _, _) if sc.owners(inc.target).is_empty() => {
                    format!("the signs were there but nobody owns {target}, so nobody acted")
                }
                (true, _, _) => {
                    format!("the signs were there but each owner of {target} assumed another had it")
                }
                (false, false, false) => format!("{no_slo}, and no owner was watching"),
                (false, false, true) if inc.shape == crate::model::Shape::Sudden => {
                    format!("{no_slo}, and the owner's monitoring missed it")
                }
                (false, false, true) => format!("{no_slo}, and the owner's monitoring missed the slow burn"),
                (false, true, false) => {
                    under("the burn stayed under every alert threshold and no owner was watching")
                }
                (false, true, true) => under("the burn stayed under every alert threshold"),
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
        Outcome::FixPending => parts.push(fix_pending(sc, log, inc)),
        Outcome::NeverPrioritised => {
            let recurred = events.iter().any(|e| matches!(e.what, What::Recurs { .. }));
            let reason = no_fix(v, inc);
            parts.push(if recurred { format!("{reason}, and it came back") } else { reason });
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

/// "A", "A and B", "A, B and C".
fn join(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Hours as a room reads them: whole hours, one decimal below ten.
pub fn hours(v: f64) -> String {
    let v = if v.is_finite() { v.max(0.0) } else { 0.0 };
    if v >= 9.95 || v == v.round() {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// Why the services an unnoticed incident hurt had no working SLO, or a
/// weak one, in terms of who measures them and with how many hours: "SRE
/// had 6 h a week for measurement (24 needed), so Search was not measured".
/// `None` when every affected service was fully measured.
fn coverage_gap(v: &Verdicts, inc: &Incident) -> Option<String> {
    let (sc, log) = (v.sc, v.log);
    let cov = |s: CapIx| log.capacity.services.get(s.get()).and_then(Option::as_ref);
    let (mut no_slo, mut unmeasured, mut weak): (Vec<CapIx>, Vec<CapIx>, Vec<CapIx>) = Default::default();
    for &s in inc.affected.iter() {
        match cov(s) {
            None => no_slo.push(s),
            Some(c) if !c.working => unmeasured.push(s),
            Some(c) if c.seen() < 1.0 - 1e-9 => weak.push(s),
            Some(_) => {}
        }
    }
    let names = |v: &[CapIx]| join(&v.iter().map(|&s| sc.cap(s).name.as_str()).collect::<Vec<_>>());
    let was = |v: &[CapIx]| if v.len() == 1 { "was" } else { "were" };
    let mut out: Vec<String> = Vec::new();
    if !no_slo.is_empty() {
        out.push(format!("{} {} no SLO", names(&no_slo), if no_slo.len() == 1 { "has" } else { "have" }));
    }
    // Whose hours ran short: the measurer's, unless the SLO's upkeep was
    // the weaker half.
    let short = |list: &[CapIx]| -> String {
        let first = list.first().and_then(|&s| cov(s));
        match first {
            Some(c) if c.defined < c.measured => {
                let owners: Vec<&str> =
                    sc.role_owners(Role::SloDefinitions).iter().map(|&t| sc.team(t).name.as_str()).collect();
                if owners.is_empty() {
                    "nobody owns SLO definitions".to_owned()
                } else {
                    format!("{} kept up {:.0}% of the SLO work", join(&owners), c.defined * 100.0)
                }
            }
            Some(c) => match c.measurer {
                Some(t) => {
                    let (had, services) = v.measuring.get(t.get()).copied().unwrap_or_default();
                    let need = sc.settings.assumptions.get(A::MeasureHoursPerService) * services as f64;
                    format!(
                        "{} had {} h a week for measurement ({} needed)",
                        sc.team(t).name,
                        hours(had),
                        hours(need)
                    )
                }
                None => "nobody owns UX measurement".to_owned(),
            },
            None => String::new(),
        }
    };
    let seen = weak.iter().filter_map(|&s| cov(s)).map(|c| c.seen()).fold(1.0, f64::min);
    match (unmeasured.is_empty(), weak.is_empty()) {
        // One team's hours explain both: say it once.
        (false, false) if short(&unmeasured) == short(&weak) => out.push(format!(
            "{}, so {} {} not measured and {} only {:.0}%",
            short(&unmeasured),
            names(&unmeasured),
            was(&unmeasured),
            names(&weak),
            seen * 100.0
        )),
        (unmeasured_none, weak_none) => {
            if !unmeasured_none {
                out.push(format!(
                    "{}, so {} {} not measured",
                    short(&unmeasured),
                    names(&unmeasured),
                    was(&unmeasured)
                ));
            }
            if !weak_none {
                out.push(format!(
                    "{}, so {} {} only {:.0}% measured",
                    short(&weak),
                    names(&weak),
                    was(&weak),
                    seen * 100.0
                ));
            }
        }
    }
    (!out.is_empty()).then(|| out.join("; "))
}

/// A team's fix lane in words: "Search team had 20 h a week for postmortems
/// and fixes" or "… had no hours a week left for fixes".
fn lane(sc: &Scenario, log: &RunLog, t: TeamIx) -> String {
    let h = log.teams.get(t.get()).map_or(0.0, |l| l.hours.fix_lane);
    if h > 0.0 {
        format!("{} had {} h a week for postmortems and fixes", sc.team(t).name, hours(h))
    } else {
        format!("{} had no hours a week left for fixes", sc.team(t).name)
    }
}

/// "the fix waits in Search team's backlog (2 items, 36 h of work at 20 h a
/// week for fixes), due in 2.6 days".
fn fix_pending(sc: &Scenario, log: &RunLog, inc: &Incident) -> String {
    let root = &log.root_causes[inc.root as usize];
    let owner = name(sc, root.fix_owner);
    let queue = root.fix_owner.and_then(|t| log.teams.get(t.get())).map(|l| {
        let items =
            if l.backlog_items == 1 { "1 item".to_owned() } else { format!("{} items", l.backlog_items) };
        if root.forced.is_some() {
            format!(
                " ({items}, {} h of work; forced onto feature hours by the error-budget policy)",
                hours(l.backlog_hours)
            )
        } else {
            format!(
                " ({items}, {} h of work at {} h a week for fixes)",
                hours(l.backlog_hours),
                hours(l.hours.fix_lane)
            )
        }
    });
    let queue = queue.unwrap_or_default();
    match root.due {
        Some(due) => format!(
            "the fix waits in {owner}'s backlog{queue}, due in {}",
            format_duration(due - log.horizon)
        ),
        None => format!("the fix waits in {owner}'s backlog{queue}"),
    }
}

/// Why nobody scheduled a fix: the fix lane that had no hours, the
/// postmortem still waiting, or that no postmortem drove it and nobody
/// filed one.
fn no_fix(v: &Verdicts, inc: &Incident) -> String {
    let (sc, log) = (v.sc, v.log);
    let root = &log.root_causes[inc.root as usize];
    if let Some(o) = root.fix_owner {
        return format!("the fix was filed but {}, so it never got a date", lane(sc, log, o));
    }
    let (said_no, held) = v.roots.get(inc.root as usize).copied().unwrap_or_default();
    let pm = sc.role_owners(Role::Postmortems);
    let target = &sc.cap(inc.target).name;
    if !said_no {
        // A postmortem was queued and had not happened by the horizon.
        return match pm {
            [one] => {
                let items = match log.teams.get(one.get()).map_or(0, |l| l.backlog_items) {
                    1 => "1 item".to_owned(),
                    n => format!("{n} items"),
                };
                format!(
                    "the postmortem still waited: {} and {items} in its backlog, so nobody scheduled a fix",
                    lane(sc, log, *one)
                )
            }
            _ => "the postmortem still waited in its owners' queues, so nobody scheduled a fix".to_owned(),
        };
    }
    let postmortem = if held {
        format!("the postmortem found nobody who owns {target}")
    } else if pm.is_empty() {
        "no postmortem drove it (nobody owns postmortems)".to_owned()
    } else {
        "no postmortem drove it (each owner of postmortems assumed another would)".to_owned()
    };
    let owners = sc.owners(inc.target);
    let filer = match owners {
        [] => format!("nobody owns {target}"),
        [_] => match inc.worker {
            Some(w) if !owners.contains(&w) => {
                format!("{} fixed it but does not own {target}", name(sc, Some(w)))
            }
            _ => format!("{} filed no fix", name(sc, owners.first().copied())),
        },
        _ => format!("each owner of {target} assumed another would file the fix"),
    };
    format!("{postmortem} and {filer}, so nobody scheduled a fix")
}

#[cfg(test)]
#[path = "verdict_tests.rs"]
mod tests;
