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
use super::sim::{Action, Sim, Work};
use super::*;
use crate::model::{Role, TeamIx};

use super::policy::{FORCED, RELIABILITY};

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
        // The owner files a fix for its own system at once, unless it shares
        // it and assumes a co-owner will. The enforced policy's P0 goes to
        // the fix owner whoever mitigated.
        let owners = sc.owners(self.inc(i).target);
        let own = owners.contains(&worker)
            && (owners.len() == 1 || !self.live(i).rng.chance(a.get(A::DeferChance)));
        let filed = match (p0, own) {
            (true, _) => self.fix_owner(i).map(|o| self.file_fix(r, o, true)).is_some(),
            (false, true) => {
                self.file_fix(r, worker, false);
                true
            }
            (false, false) => false,
        };
        // A postmortem finds where the system failed and makes sure the right
        // team owns the correction: it files the fix nobody filed (an orphan,
        // a shared system) and moves a filed one up its owner's backlog.
        // Shared postmortems may have no driver; a postmortem owner with no
        // hours left for them drives nothing.
        let pm: Vec<TeamIx> = sc
            .role_owners(Role::Postmortems)
            .iter()
            .copied()
            .filter(|t| self.lanes[t.get()][RELIABILITY].rate > 0.0)
            .collect();
        let driver = match pm.as_slice() {
            [] => None,
            [one] => Some(*one),
            _ if self.live(i).rng.chance(a.get(A::DeferChance)) => None,
            _ => Some(pm[self.live(i).rng.below(pm.len())]),
        };
        match driver {
            Some(d) => {
                self.root_live[r as usize].postmortem_queued = true;
                self.queue_work(d, RELIABILITY, Work::Postmortem { root: r, p0 }, p0);
            }
            None if !filed => self.log(i, owners.first().copied(), What::NotPrioritized),
            None => {}
        }
    }

    /// Moves a filed fix to the front of its lane: a postmortem's action item.
    fn prioritise(&mut self, r: u32) {
        let Some(owner) = self.roots[r as usize].fix_owner else { return };
        let w = Work::Fix { root: r };
        for lane in [RELIABILITY, FORCED] {
            let q = &mut self.lanes[owner.get()][lane].queue;
            if let Some(pos) = q.iter().position(|&x| x == w) {
                q.remove(pos);
                q.push_front(w);
                return;
            }
        }
    }

    fn last_incident(&self, r: u32) -> IncidentIx {
        *self.roots[r as usize].incidents.last().expect("a root cause has its first incident")
    }

    /// A fix item joins the owner's backlog (on feature hours if the policy
    /// has already forced it).
    fn file_fix(&mut self, r: u32, owner: TeamIx, p0: bool) -> Option<Time> {
        let now = self.now;
        let root = &mut self.roots[r as usize];
        root.fix_owner = Some(owner);
        root.filed = Some(now);
        root.p0 |= p0;
        // A P0 drops feature work, as does a fix the policy already forced.
        let lane = if p0 || self.root_live[r as usize].force_on_file {
            self.roots[r as usize].forced = Some(now);
            FORCED
        } else {
            RELIABILITY
        };
        let due = self.queue_work(owner, lane, Work::Fix { root: r }, p0);
        let i = self.last_incident(r);
        self.log(i, Some(owner), What::FixFiled { owner, p0, due });
        due
    }

    /// Adds work to a lane and returns when it will be done at the lane's
    /// pace (None if the lane has no hours).
    pub(super) fn queue_work(&mut self, team: TeamIx, lane: usize, w: Work, front: bool) -> Option<Time> {
        let effort = self.effort(w);
        let now = self.now;
        let l = &mut self.lanes[team.get()][lane];
        l.queued_hours += effort;
        let ahead = if front { effort } else { l.queued_hours };
        if front {
            l.queue.push_front(w);
        } else {
            l.queue.push_back(w);
        }
        let due = (l.rate > 0.0).then(|| {
            let start = l.current.map_or(now, |c| c.1);
            start.saturating_add(l.duration(ahead))
        });
        self.pump(team, lane);
        match self.lanes[team.get()][lane].current {
            Some((x, done)) if x == w => Some(done),
            _ => due,
        }
    }

    /// Starts the next item of a lane if it is free and has hours.
    fn pump(&mut self, team: TeamIx, lane: usize) {
        let l = &self.lanes[team.get()][lane];
        if l.current.is_some() || l.rate <= 0.0 {
            return;
        }
        let Some(&w) = l.queue.front() else { return };
        let effort = self.effort(w);
        let done = self.now.saturating_add(l.duration(effort));
        let l = &mut self.lanes[team.get()][lane];
        l.queue.pop_front();
        l.queued_hours -= effort;
        l.current = Some((w, done));
        self.schedule(done, Action::WorkDone { team, forced: lane == FORCED });
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
                let root_state = &self.roots[root as usize];
                match owner {
                    _ if root_state.fixed.is_some() => {}
                    _ if root_state.filed.is_some() => self.prioritise(root),
                    Some(o) => {
                        self.file_fix(root, o, p0);
                    }
                    None => self.log(i, None, What::NotPrioritized),
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
    pub(super) fn open_outcome(&self, i: IncidentIx) -> Outcome {
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
        inc.affected.iter().all(|&s| inc.peak <= 1.0 - self.sc.slo_or_default(s).target)
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
}
