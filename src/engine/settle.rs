//! Correction and outcomes: postmortems and fix items queue on teams'
//! reliability hours, the error-budget policy forces what it can, root
//! causes recur until fixed, and every incident gets exactly one outcome.
//!
//! The policy is the SRE Workbook's example, enforced only when a team
//! other than the paved road's builders owns it and has hours to act
//! ([`Capacity::enforcer`]): an incident that burns more than the threshold
//! of a window's budget gets a P0 fix; an exhausted budget freezes the
//! service's feature work and moves the open fixes of its root causes onto
//! feature hours; deflected and unnoticed root causes behind it are
//! re-escalated.

use super::assumptions::A;
use super::sim::{secs, Action, Sim, Work};
use super::*;
use crate::model::{Role, TeamIx};

const RELIABILITY: usize = 0;
const FORCED: usize = 1;

impl Sim<'_> {
    /// The largest share of a window's budget the incident has burned on
    /// any affected service by now.
    fn burn_share(&self, i: IncidentIx) -> f64 {
        let inc = self.inc(i);
        let bad = self.live[i.get()].profile.integral(self.now.min(inc.natural_end) - inc.start);
        inc.affected.iter().map(|&s| bad / self.sc.budget_seconds(s)).fold(0.0, f64::max)
    }

    /// Who fixes a root cause: the owner that mitigated it, else its first
    /// owner; for an orphan, the team that mitigated it.
    fn fix_owner(&self, i: IncidentIx) -> Option<TeamIx> {
        let inc = self.inc(i);
        let owners = self.sc.owners(inc.target);
        match inc.worker {
            Some(w) if owners.contains(&w) || owners.is_empty() => Some(w),
            _ => owners.first().copied(),
        }
    }

    /// The user impact stopped: is a fix filed, by whom, and how urgently?
    pub(super) fn after_mitigation(&mut self, i: IncidentIx, worker: TeamIx) {
        let sc = self.sc;
        let a = self.a;
        let r = self.inc(i).root;
        self.schedule_recurrence(r);
        if self.roots[r as usize].fixed.is_some() {
            self.inc_mut(i).corrected = self.roots[r as usize].fixed;
            self.close_resolved(i);
            return;
        }
        if self.roots[r as usize].filed.is_some() || self.root_live[r as usize].postmortem_queued {
            return;
        }
        let p0 = self.policy_sees(i).is_some() && self.burn_share(i) >= sc.settings.policy_threshold;
        // Shared postmortems: each co-owner may assume another drives the
        // action items, and then nobody does.
        let pm = sc.role_owners(Role::Postmortems);
        let driver = match pm {
            [] => None,
            [one] => Some(*one),
            _ if self.live(i).rng.chance(a.get(A::DeferChance)) => None,
            _ => Some(pm[self.live(i).rng.below(pm.len())]),
        };
        if let Some(d) = driver {
            self.root_live[r as usize].postmortem_queued = true;
            self.queue_work(d, RELIABILITY, Work::Postmortem { root: r, p0 }, p0);
            return;
        }
        if p0 {
            if let Some(owner) = self.fix_owner(i) {
                self.file_fix(r, owner, true);
                return;
            }
        }
        // Without a postmortem, a team files a fix for its own system, unless
        // it shares it and assumes a co-owner will.
        let owners = sc.owners(self.inc(i).target);
        let files = owners.contains(&worker)
            && (owners.len() == 1 || !self.live(i).rng.chance(a.get(A::DeferChance)));
        if files {
            self.file_fix(r, worker, false);
        } else {
            self.log(i, owners.first().copied(), What::NotPrioritized);
        }
    }

    fn last_incident(&self, r: u32) -> IncidentIx {
        *self.roots[r as usize].incidents.last().expect("a root cause has its first incident")
    }

    /// A fix item joins the owner's backlog (on feature hours if the policy
    /// has already forced it).
    fn file_fix(&mut self, r: u32, owner: TeamIx, p0: bool) {
        let now = self.now;
        let root = &mut self.roots[r as usize];
        root.fix_owner = Some(owner);
        root.filed = Some(now);
        root.p0 |= p0;
        let lane = if self.root_live[r as usize].force_on_file {
            self.roots[r as usize].forced = Some(now);
            FORCED
        } else {
            RELIABILITY
        };
        self.queue_work(owner, lane, Work::Fix { root: r }, p0);
        let due = self.due_of(owner, lane, Work::Fix { root: r });
        let i = self.last_incident(r);
        self.log(i, Some(owner), What::FixFiled { owner, p0, due });
    }

    fn queue_work(&mut self, team: TeamIx, lane: usize, w: Work, front: bool) {
        let l = &mut self.lanes[team.get()][lane];
        if front {
            l.queue.push_front(w);
        } else {
            l.queue.push_back(w);
        }
        self.pump(team, lane);
    }

    /// Starts the next item of a lane if it is free and has hours.
    fn pump(&mut self, team: TeamIx, lane: usize) {
        let l = &self.lanes[team.get()][lane];
        if l.current.is_some() || l.rate <= 0.0 {
            return;
        }
        let Some(&w) = l.queue.front() else { return };
        let done = self.now.saturating_add(secs(self.effort(w) / l.rate).max(1));
        let l = &mut self.lanes[team.get()][lane];
        l.queue.pop_front();
        l.current = Some((w, done));
        self.schedule(done, Action::WorkDone { team, forced: lane == FORCED });
    }

    /// When an item would be done at the lane's pace, everything ahead of it first.
    fn due_of(&self, team: TeamIx, lane: usize, w: Work) -> Option<Time> {
        let l = &self.lanes[team.get()][lane];
        if l.rate <= 0.0 {
            return None;
        }
        let mut t = l.current.map_or(self.now, |c| c.1);
        if l.current.map(|c| c.0) == Some(w) {
            return Some(t);
        }
        for &x in &l.queue {
            t = t.saturating_add(secs(self.effort(x) / l.rate).max(1));
            if x == w {
                return Some(t);
            }
        }
        None
    }

    pub(super) fn work_done(&mut self, team: TeamIx, forced: bool) {
        let lane = if forced { FORCED } else { RELIABILITY };
        let Some((w, _)) = self.lanes[team.get()][lane].current.take() else { return };
        match w {
            Work::Postmortem { root, p0 } => {
                self.postmortems[team.get()] += 1;
                self.root_live[root as usize].postmortem_queued = false;
                let i = self.last_incident(root);
                let owner = self.fix_owner(i);
                self.log(i, Some(team), What::Postmortem { owner });
                match owner {
                    Some(o) if self.roots[root as usize].fixed.is_none() => self.file_fix(root, o, p0),
                    _ => self.log(i, None, What::NotPrioritized),
                }
            }
            Work::Fix { root } => {
                self.fixes_done[team.get()] += 1;
                self.root_fixed(root, team);
            }
        }
        self.pump(team, lane);
    }

    /// The root cause is fixed: it will not recur, and its mitigated
    /// incidents are resolved.
    fn root_fixed(&mut self, r: u32, team: TeamIx) {
        let now = self.now;
        self.roots[r as usize].fixed = Some(now);
        let forced = self.roots[r as usize].forced.is_some() || self.roots[r as usize].p0;
        let incidents = self.roots[r as usize].incidents.clone();
        if let Some(&last) = incidents.last() {
            self.log(last, Some(team), What::Corrected { forced });
        }
        for i in incidents {
            if self.inc(i).mitigated.is_some() && !self.is_closed(i) {
                self.inc_mut(i).corrected = Some(now);
                self.close_resolved(i);
            }
        }
    }

    fn close_resolved(&mut self, i: IncidentIx) {
        let outcome =
            if self.inc(i).handoffs <= 1 { Outcome::Resolved } else { Outcome::ResolvedAfterBouncing };
        let worker = self.inc(i).worker;
        self.close(i, outcome, worker);
    }

    /// A service's budget for this window ran out and the policy is enforced.
    pub(super) fn exhaust(&mut self, s: CapIx, gen: u32) {
        if self.services[s.get()].budget_gen != gen {
            return;
        }
        let Some(enforcer) = self.cap.enforcer else { return };
        let window = self.sc.window_seconds(s).max(1);
        let (index, now) = (self.now / window, self.now);
        self.services[s.get()].exhausted_window = Some(index);
        self.services[s.get()].frozen.push(now);
        let hurting: Vec<IncidentIx> = self.services[s.get()]
            .impacts
            .iter()
            .filter(|(_, imp)| imp.end > index * window)
            .map(|(i, _)| *i)
            .collect();
        let Some(&latest) = hurting.last() else { return };
        self.log(latest, Some(enforcer), What::BudgetExhausted { service: s });
        let mut roots: Vec<u32> = hurting.iter().map(|&i| self.inc(i).root).collect();
        roots.sort_unstable();
        roots.dedup();
        for r in roots {
            if self.roots[r as usize].fixed.is_some() {
                continue;
            }
            self.force(r, now);
        }
        for i in hurting {
            let active =
                self.inc(i).natural_end > now && self.inc(i).mitigated.is_none() && !self.is_closed(i);
            if !active {
                continue;
            }
            if self.live[i.get()].deflected {
                let owner = self.sc.owners(self.inc(i).target).first().copied();
                if let Some(to) = owner {
                    self.live(i).deflected = false;
                    self.live(i).overruled = true;
                    let median = self.a.get(A::OverruleMinutes) * 60.0;
                    let d = self.live(i).rng.lognormal(median, 0.5);
                    let t = now.saturating_add(secs(d));
                    self.schedule(
                        t,
                        Action::Arrive { inc: i, from: Some(enforcer), to, why: HandOff::Overruled },
                    );
                }
            } else if self.inc(i).detected.is_none() {
                self.schedule(
                    now,
                    Action::Detect {
                        inc: i,
                        channel: Channel::BudgetPolicy { service: s },
                        to: Some(enforcer),
                    },
                );
            }
        }
    }

    /// Moves a root cause's fix onto its owner's feature hours.
    fn force(&mut self, r: u32, now: Time) {
        let Some(owner) = self.roots[r as usize].fix_owner else {
            // Not filed yet: file it forced as soon as someone does.
            self.root_live[r as usize].force_on_file = true;
            return;
        };
        let lanes = &mut self.lanes[owner.get()];
        let w = Work::Fix { root: r };
        if let Some(pos) = lanes[RELIABILITY].queue.iter().position(|&x| x == w) {
            lanes[RELIABILITY].queue.remove(pos);
            self.roots[r as usize].forced = Some(now);
            self.queue_work(owner, FORCED, w, true);
        }
    }

    /// The failure ends on its own. Unnoticed, it was silent (or within its
    /// SLO); deflected, the deflection stood; still being passed around with
    /// nobody mitigating, it stalled.
    pub(super) fn fade(&mut self, i: IncidentIx) {
        if self.inc(i).mitigation_started.is_some() || self.is_closed(i) {
            return;
        }
        let r = self.inc(i).root;
        self.log(i, None, What::Faded);
        let holder = self.inc(i).holders.last().and_then(|h| h.1);
        let outcome = self.open_outcome(i);
        self.close(i, outcome, holder);
        self.schedule_recurrence(r);
    }

    /// The outcome of an incident nobody is mitigating when it ends.
    fn open_outcome(&self, i: IncidentIx) -> Outcome {
        let inc = self.inc(i);
        if inc.detected.is_none() {
            if self.within_slo(inc) {
                Outcome::WithinSlo
            } else {
                Outcome::Silent
            }
        } else if self.live[i.get()].deflected {
            Outcome::Deflected
        } else {
            Outcome::Stalled
        }
    }

    /// Never burned faster than 1× any affected service's budget rate.
    fn within_slo(&self, inc: &Incident) -> bool {
        inc.affected.iter().all(|&s| {
            let slo = self.sc.cap(s).slo.unwrap_or(crate::model::catalog::DEFAULT_SLO);
            inc.peak <= 1.0 - slo.target
        })
    }

    /// Gives the incident its outcome and logs it; the first close wins.
    pub(super) fn close(&mut self, i: IncidentIx, outcome: Outcome, team: Option<TeamIx>) {
        if self.is_closed(i) {
            return;
        }
        self.live(i).closed = true;
        let now = self.now;
        let profile = self.live[i.get()].profile;
        let horizon = self.horizon;
        let inc = self.inc_mut(i);
        inc.outcome = outcome;
        inc.closed = now;
        if inc.mitigated.is_none() {
            inc.impact_end = inc.natural_end.min(horizon);
        }
        inc.bad_seconds = profile.integral(inc.impact_end - inc.start);
        self.log(i, team, What::Closed { outcome });
    }

    /// At the horizon: the dates of fixes still in backlogs, at each lane's pace.
    pub(super) fn date_backlogs(&mut self) {
        for r in 0..self.roots.len() {
            let root = &self.roots[r];
            if root.fixed.is_some() {
                continue;
            }
            let Some(owner) = root.fix_owner else { continue };
            let w = Work::Fix { root: r as u32 };
            let due = self.due_of(owner, FORCED, w).or_else(|| self.due_of(owner, RELIABILITY, w));
            self.roots[r].due = due;
        }
    }

    pub(super) fn close_at_horizon(&mut self, i: IncidentIx) {
        if self.is_closed(i) {
            return;
        }
        let holder = self.inc(i).holders.last().and_then(|h| h.1);
        let outcome = if self.inc(i).mitigated.is_some() {
            let root = &self.roots[self.inc(i).root as usize];
            if root.due.is_some() {
                Outcome::FixPending
            } else {
                Outcome::NeverPrioritised
            }
        } else {
            self.open_outcome(i)
        };
        self.close(i, outcome, holder);
    }
}
