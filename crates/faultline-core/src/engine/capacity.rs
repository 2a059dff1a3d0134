//! Where each team's hours go, and what they buy: on-call responders,
//! measurement and SLO coverage of each service, an error-budget policy
//! someone can enforce, and the hours left for postmortems and fixes.
//!
//! A team has `headcount × hours_per_week` hours, split by its time split;
//! toil takes its share first. Reliability hours pay, in order, for the
//! on-call rotation, for enforcing the error-budget policy, for keeping each
//! service's SLO and SLIs (service by service, in catalog order, so a team
//! that runs short leaves the last services unmeasured), and what remains
//! is the fix lane. These are weekly figures; the engine turns them into
//! rates.

use super::assumptions::{Assumptions, A};
use crate::model::{CapIx, Layer, Role, Scenario, TeamIx};
use serde::Serialize;

/// One team's week, in hours.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct TeamHours {
    pub total: f64,
    pub feature: f64,
    pub reliability: f64,
    pub toil: f64,
    /// Taken from reliability hours by the on-call rotation.
    pub on_call: f64,
    /// Given to error-budget policy, SLO upkeep and measurement.
    pub coverage: f64,
    /// Left for postmortems and fixes: the fix lane's speed.
    pub fix_lane: f64,
    /// On-call responders per shift (0 without on-call).
    pub responders: u32,
}

/// How well a service with an SLO is kept: shares of the hours it needs.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Coverage {
    /// Share of its measurement work done (0–1).
    pub measured: f64,
    /// Share of its SLO upkeep done (0–1).
    pub defined: f64,
    /// Whether its SLO alerts work at all (coverage above the minimum).
    pub working: bool,
    /// The team that measures it, if any, and the hours it got.
    pub measurer: Option<TeamIx>,
    pub measure_hours: f64,
}

impl Coverage {
    /// The share of bad events its SLI sees: the weaker of measurement and upkeep.
    pub fn seen(&self) -> f64 {
        self.measured.min(self.defined)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Capacity {
    pub teams: Vec<TeamHours>,
    /// Per capability: `Some` for services with an SLO.
    pub services: Vec<Option<Coverage>>,
    /// A team that owns error-budget policy, builds none of the paved road,
    /// and had its policy hours: the policy is enforced.
    pub enforcer: Option<TeamIx>,
}

impl Capacity {
    pub fn working_slo(&self, c: CapIx) -> bool {
        self.services.get(c.get()).and_then(Option::as_ref).is_some_and(|s| s.working)
    }

    /// The share of bad events the service's SLI sees (0 without a working SLO).
    pub fn seen(&self, c: CapIx) -> f64 {
        match self.services.get(c.get()).and_then(Option::as_ref) {
            Some(s) if s.working => s.seen(),
            _ => 0.0,
        }
    }
}

/// The weekly plan of every team.
pub fn capacity(sc: &Scenario, a: &Assumptions) -> Capacity {
    let week = a.get(A::HoursPerWeek);
    let mut teams: Vec<TeamHours> = sc
        .team_ixs()
        .map(|t| {
            let team = sc.team(t);
            let total = f64::from(team.headcount) * week;
            let responders = if let Some(n) = sc.settings.responders {
                n
            } else if !team.on_call {
                0
            } else if f64::from(team.headcount) >= a.get(A::SecondResponderHeadcount) {
                2
            } else {
                1
            }
            .min(team.headcount.max(1));
            let reliability = total * team.split.reliability / 100.0;
            let on_call =
                if team.on_call { f64::from(responders) * a.get(A::OnCallHoursPerWeek) } else { 0.0 };
            TeamHours {
                total,
                feature: total * team.split.feature / 100.0,
                reliability,
                toil: total * team.split.toil / 100.0,
                on_call: on_call.min(reliability),
                coverage: 0.0,
                fix_lane: (reliability - on_call).max(0.0),
                responders,
            }
        })
        .collect();
    // What remains of a team's reliability hours after what it already gave.
    let take = |teams: &mut Vec<TeamHours>, t: TeamIx, want: f64| -> f64 {
        let h = &mut teams[t.get()];
        let got = want.min(h.fix_lane).max(0.0);
        h.fix_lane -= got;
        h.coverage += got;
        got
    };

    let road = sc.paved_road_owners();
    let mut enforcer = None;
    for &t in sc.reliability_deciders() {
        let got = take(&mut teams, t, a.get(A::PolicyHoursPerWeek));
        let enough = got >= a.get(A::PolicyHoursPerWeek) - 1e-9;
        if enforcer.is_none() && enough && !road.contains(&t) {
            enforcer = Some(t);
        }
    }

    let services: Vec<CapIx> =
        sc.cap_ixs().filter(|&c| sc.cap(c).layer == Layer::Service && sc.cap(c).slo.is_some()).collect();
    let mut out: Vec<Option<Coverage>> = vec![None; sc.caps.len()];
    let slo_owners = sc.role_owners(Role::SloDefinitions);
    let ux_owners = sc.role_owners(Role::UxMeasurement);
    let loss = a.get(A::SharedCoverageLoss);
    for (k, &s) in services.iter().enumerate() {
        // Co-owners split the services between them and lose some of the
        // hours to coordinating who does what.
        let share =
            |owners: &[TeamIx], need: f64, teams: &mut Vec<TeamHours>| -> (Option<TeamIx>, f64, f64) {
                if owners.is_empty() || need <= 0.0 {
                    return (None, 0.0, if need <= 0.0 { 1.0 } else { 0.0 });
                }
                let t = owners[k % owners.len()];
                let efficiency = if owners.len() > 1 { 1.0 - loss } else { 1.0 };
                let got = take(teams, t, need / efficiency.max(1e-9)) * efficiency;
                (Some(t), got, (got / need).min(1.0))
            };
        let (_, _, defined) = share(slo_owners, a.get(A::SloHoursPerService), &mut teams);
        let (measurer, hours, measured) = share(ux_owners, a.get(A::MeasureHoursPerService), &mut teams);
        let seen = measured.min(defined);
        out[s.get()] = Some(Coverage {
            measured,
            defined,
            working: seen >= a.get(A::MinCoverage) && seen > 0.0,
            measurer,
            measure_hours: hours,
        });
    }
    Capacity { teams, services: out, enforcer }
}
