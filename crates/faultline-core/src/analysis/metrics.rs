//! Metrics of one run: per incident, per team, per service, and who held
//! each incident for how long.

use crate::engine::impact::Profile;
use crate::engine::sli::{Impact, Series};
use crate::engine::{Incident, IncidentIx, Outcome, RunLog, Time};
use crate::model::{CapIx, Scenario, TeamIx};
use serde::Serialize;

/// The impact profile of an incident, as the engine played it.
pub fn profile(inc: &Incident) -> Profile {
    inc.profile()
}

/// Bad-event seconds an incident put on each affected service up to `t`.
pub fn bad_seconds_until(inc: &Incident, t: Time) -> f64 {
    profile(inc).integral(t.min(inc.impact_end) - inc.start)
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IncidentMetrics {
    pub id: IncidentIx,
    pub outcome: Outcome,
    pub time_to_detect: Option<Time>,
    pub time_to_route: Option<Time>,
    pub handoffs: u32,
    pub time_to_mitigate: Option<Time>,
    pub time_to_correct: Option<Time>,
    /// The largest share of any affected service's error budget it burned.
    pub budget_burned: f64,
}

pub fn incident_metrics(sc: &Scenario, inc: &Incident) -> IncidentMetrics {
    IncidentMetrics {
        id: inc.id,
        outcome: inc.outcome,
        time_to_detect: inc.time_to_detect(),
        time_to_route: inc.time_to_route(),
        handoffs: inc.handoffs,
        time_to_mitigate: inc.time_to_mitigate(),
        time_to_correct: inc.time_to_correct(),
        budget_burned: worst_budget_share(sc, inc),
    }
}

/// The largest share of an affected service's window budget this incident burned.
pub fn worst_budget_share(sc: &Scenario, inc: &Incident) -> f64 {
    inc.affected.iter().map(|&s| inc.bad_seconds / sc.budget_seconds(s)).fold(0.0, f64::max)
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TeamMetrics {
    pub team: TeamIx,
    /// Detections that reached this team first.
    pub pages: u64,
    /// Hours this team held incidents (from receiving to handing on or closing).
    pub hours_holding: f64,
    /// Responder-hours spent mitigating.
    pub hours_mitigating: f64,
    /// Share of the team's time on toil and tooling, from its time split.
    pub toil_share: f64,
    pub responders: u32,
}

pub fn team_metrics(sc: &Scenario, log: &RunLog) -> Vec<TeamMetrics> {
    let mut holding = vec![0.0; sc.teams.len()];
    for span in holdings(log) {
        if let Some(t) = span.team {
            holding[t.get()] += crate::time::hours(span.until - span.from);
        }
    }
    sc.team_ixs()
        .map(|t| {
            let q = &log.queues[t.get()];
            TeamMetrics {
                team: t,
                pages: q.pages,
                hours_holding: holding[t.get()],
                hours_mitigating: q.busy_area / crate::time::HOUR as f64,
                toil_share: sc.team(t).split.toil / 100.0,
                responders: q.responders,
            }
        })
        .collect()
}

/// One stretch of time during which a team (or leadership, `None`) held an incident.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Holding {
    pub incident: IncidentIx,
    pub team: Option<TeamIx>,
    pub from: Time,
    pub until: Time,
}

/// Who held each incident and for how long: from detection to the close
/// (or mitigation, whichever comes last), split at every hand-off.
pub fn holdings(log: &RunLog) -> Vec<Holding> {
    let mut out = Vec::new();
    for inc in &log.incidents {
        let end = closing_time(log, inc.id).max(inc.mitigated.unwrap_or(0));
        for (k, &(from, team)) in inc.holders.iter().enumerate() {
            let until = inc.holders.get(k + 1).map_or(end, |h| h.0);
            out.push(Holding { incident: inc.id, team, from, until: until.max(from) });
        }
    }
    out
}

/// When the incident's outcome was settled.
pub fn closing_time(log: &RunLog, incident: IncidentIx) -> Time {
    log.incidents.get(incident.get()).map_or(log.horizon, |i| i.closed)
}

/// Every incident's impact on a service, as the engine played it.
pub fn impacts_on(log: &RunLog, service: CapIx) -> Vec<Impact> {
    log.incidents.iter().filter(|i| i.affected.contains(&service)).map(Incident::impact).collect()
}

/// A service's combined bad-event seconds over the whole run, tabulated
/// once: what any SLO window held is the difference of two readings.
pub fn bad_seconds_series(log: &RunLog, service: CapIx) -> Series {
    Series::new(&impacts_on(log, service), 0, log.horizon)
}

/// The tabulated bad seconds (see [`bad_seconds_series`]) of `services`,
/// one class at a time: `f` gets each series with the positions in
/// `services` of the services it is for. Services of one SLI class saw the
/// same incidents ([`crate::engine::ServiceLoad::class`]), so each class's
/// incidents are listed from its first service and tabulated once, and
/// only one class's series is held at a time (a long run's can take tens
/// of megabytes each).
pub fn each_class_bad_seconds(log: &RunLog, services: &[CapIx], mut f: impl FnMut(&Series, &[usize])) {
    use std::collections::BTreeMap;
    let class_of: BTreeMap<CapIx, u32> =
        log.services.iter().filter_map(|l| Some((l.service, l.class?))).collect();
    // Positions in `services` by class, in order of first appearance.
    let mut members: BTreeMap<Option<u32>, Vec<usize>> = BTreeMap::new();
    for (k, s) in services.iter().enumerate() {
        members.entry(class_of.get(s).copied()).or_default().push(k);
    }
    let first: BTreeMap<CapIx, u32> =
        members.iter().filter_map(|(c, m)| Some((services[*m.first()?], (*c)?))).collect();
    let mut hitting: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
    for (k, inc) in log.incidents.iter().enumerate() {
        for s in inc.affected.iter() {
            if let Some(&c) = first.get(s) {
                hitting.entry(c).or_default().push(k as u32);
            }
        }
    }
    for (class, positions) in &members {
        let ids = class.and_then(|c| hitting.get(&c)).map_or(&[][..], Vec::as_slice);
        let impacts: Vec<Impact> = ids.iter().map(|&k| log.incidents[k as usize].impact()).collect();
        f(&Series::new(&impacts, 0, log.horizon), positions);
    }
}

/// Error budget remaining at `t` in the SLO window `t` closes (1 =
/// untouched, below 0 = breached), read off the service's tabulated bad
/// seconds.
pub fn budget_left(sc: &Scenario, bad: &Series, service: CapIx, t: Time) -> f64 {
    let from = window_start(t, sc.window_seconds(service));
    1.0 - (bad.cum(t) - bad.cum(from)) / sc.budget_seconds(service)
}

/// Error budget remaining in the current SLO window (see [`budget_left`])
/// for a service at each of `samples` evenly spaced times from 0 to the
/// horizon; it resets at each window's start.
pub fn budget_series(sc: &Scenario, log: &RunLog, service: CapIx, samples: usize) -> Vec<(Time, f64)> {
    budget_samples(sc, &bad_seconds_series(log, service), service, log.horizon, samples)
}

/// [`budget_series`] from a tabulation already made.
pub fn budget_samples(
    sc: &Scenario,
    bad: &Series,
    service: CapIx,
    horizon: Time,
    samples: usize,
) -> Vec<(Time, f64)> {
    let n = samples.max(2);
    (0..n)
        .map(|k| {
            let t = horizon * k as i64 / (n as i64 - 1);
            (t, budget_left(sc, bad, service, t))
        })
        .collect()
}

/// Where the calendar SLO window that second `t` closes began: a window's
/// last second still counts in it.
pub fn window_start(t: Time, window: Time) -> Time {
    ((t - 1).max(0) / window.max(1)) * window.max(1)
}

/// Each service's budget consumption per SLO window, as shares of a window's budget.
pub fn budget_windows(log: &RunLog) -> Vec<(CapIx, Vec<f64>)> {
    log.services.iter().map(|s| (s.service, s.windows.clone())).collect()
}
