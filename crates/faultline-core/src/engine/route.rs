//! Routing and response: the holder looks for the root cause's owner
//! (one hand-off to a clear owner, guesses for an orphan, deferral between
//! co-owners, "working as designed" and its overrule, escalation to
//! leadership), then the owner's responders mitigate in turn.

use super::assumptions::A;
use super::sim::{secs, Action, Sim, HOUR, MINUTE};
use super::*;
use crate::model::{Layer, ServiceTime, TeamIx};

impl Sim<'_> {
    fn after(&mut self, i: IncidentIx, median_minutes: f64) -> Time {
        let sigma = self.a.get(A::DelaySigma);
        let d = self.live(i).rng.lognormal(median_minutes * MINUTE, sigma);
        self.now.saturating_add(secs(d))
    }

    /// The holder looks for the owner of the root cause.
    pub(super) fn route(&mut self, i: IncidentIx, at: Option<TeamIx>) {
        let sc = self.sc;
        let a = self.a;
        let owners = sc.owners(self.inc(i).target);
        let Some(team) = at else {
            // Nobody holds it: it goes straight to leadership.
            self.escalate(i);
            return;
        };
        if owners.contains(&team) {
            self.accept(i, team);
            return;
        }
        if self.inc(i).handoffs >= sc.settings.max_hops {
            self.escalate(i);
            return;
        }
        let (to, why, median) = match owners {
            [] => match self.guess(i, team) {
                Some(g) => (g, HandOff::WrongGuess, a.get(A::GuessMinutes)),
                None => {
                    self.escalate(i);
                    return;
                }
            },
            [owner] => (*owner, HandOff::ToOwner, a.get(A::TriageMinutes)),
            _ => {
                let to = owners[self.live(i).rng.below(owners.len())];
                (to, HandOff::ToCoOwner, a.get(A::TriageMinutes))
            }
        };
        let t = self.after(i, median);
        self.schedule(t, Action::Arrive { inc: i, from: Some(team), to, why });
    }

    /// A plausible team for an orphaned capability that has not held the
    /// incident yet: one owning something in the same layer, or of the kind
    /// that usually does.
    fn guess(&mut self, i: IncidentIx, holder: TeamIx) -> Option<TeamIx> {
        let sc = self.sc;
        let layer = sc.cap(self.inc(i).target).layer;
        let live = &mut self.live[i.get()];
        let fresh = |t: &TeamIx| *t != holder && !live.visited.contains(t);
        let mut pool: Vec<TeamIx> = sc.plausible_owners(layer).iter().copied().filter(fresh).collect();
        if pool.is_empty() {
            pool = sc.team_ixs().filter(fresh).collect();
        }
        (!pool.is_empty()).then(|| pool[live.rng.below(pool.len())])
    }

    pub(super) fn arrive(&mut self, i: IncidentIx, from: Option<TeamIx>, to: TeamIx, why: HandOff) {
        if self.is_closed(i) {
            return;
        }
        let now = self.now;
        {
            let inc = self.inc_mut(i);
            inc.handoffs += 1;
            inc.holders.push((now, Some(to)));
        }
        self.live(i).visited.push(to);
        self.log(i, from, What::HandedOff { from, to, why });
        match why {
            HandOff::Overruled | HandOff::Assigned => self.work_on(i, to),
            _ => self.route(i, Some(to)),
        }
    }

    /// Whether the error-budget policy's owner can see this incident burn:
    /// it is enforced and some affected service has a working SLO.
    pub(super) fn policy_sees(&self, i: IncidentIx) -> Option<TeamIx> {
        let enforcer = self.cap.enforcer?;
        self.inc(i).affected.iter().any(|&s| self.cap.working_slo(s)).then_some(enforcer)
    }

    /// An owner has it: a co-owner may defer, a delivery owner may call it
    /// "working as designed", otherwise it goes to the owner's on-call.
    fn accept(&mut self, i: IncidentIx, team: TeamIx) {
        let sc = self.sc;
        let a = self.a;
        let now = self.now;
        let (target, channel, from, has_impact, kind) = {
            let inc = self.inc(i);
            let from = inc.holders.iter().rev().map(|h| h.1).find(|h| *h != Some(team)).flatten();
            (inc.target, inc.channel, from, !inc.affected.is_empty(), inc.kind)
        };
        let owners = sc.owners(target);
        if owners.len() > 1
            && self.inc(i).handoffs < sc.settings.max_hops
            && self.live(i).rng.chance(a.get(A::DeferChance))
        {
            let others: Vec<TeamIx> = owners.iter().copied().filter(|&t| t != team).collect();
            let to = others[self.live(i).rng.below(others.len())];
            let t = self.after(i, a.get(A::DeferMinutes));
            self.schedule(t, Action::Arrive { inc: i, from: Some(team), to, why: HandOff::Deferred });
            return;
        }
        // Only impact reported by others can be called "working as designed";
        // a builder who knows an independent policy owner sees the burn tries
        // it far less often.
        let user_reported = !matches!(channel, Some(Channel::OwnerMonitoring));
        let policy = self.policy_sees(i).filter(|&p| p != team);
        let deflect =
            a.deflect_chance(kind) * if policy.is_some() { a.get(A::DeflectUnderPolicy) } else { 1.0 };
        if sc.cap(target).layer == Layer::Delivery
            && has_impact
            && user_reported
            && !self.live[i.get()].overruled
            && self.live(i).rng.chance(deflect)
        {
            self.log(i, Some(team), What::WorkingAsDesigned { to: from });
            if let Some(back) = from {
                let inc = self.inc_mut(i);
                inc.handoffs += 1;
                inc.holders.push((now, Some(back)));
            }
            match policy {
                Some(ebp) => {
                    self.live(i).overruled = true;
                    let t = self.after(i, a.get(A::OverruleMinutes));
                    self.schedule(
                        t,
                        Action::Arrive { inc: i, from: Some(ebp), to: team, why: HandOff::Overruled },
                    );
                }
                // The deflection stands while users are hurt; an enforced
                // policy may still re-escalate it when the budget runs out.
                None => self.live(i).deflected = true,
            }
            return;
        }
        self.work_on(i, team);
    }

    /// The incident reached the team that will mitigate it.
    pub(super) fn work_on(&mut self, i: IncidentIx, team: TeamIx) {
        let now = self.now;
        self.live(i).deflected = false;
        {
            let inc = self.inc_mut(i);
            inc.routed = Some(now);
            inc.worker = Some(team);
        }
        if self.sc.team(team).on_call {
            self.enqueue(i, team);
        } else {
            let mean = self.a.get(A::NoOnCallPickupHours) * HOUR;
            let d = self.live(i).rng.exponential(mean);
            self.schedule(now.saturating_add(secs(d)), Action::Enqueue { inc: i, team });
        }
    }

    fn escalate(&mut self, i: IncidentIx) {
        let sc = self.sc;
        let now = self.now;
        if self.live[i.get()].escalated {
            return;
        }
        self.live(i).escalated = true;
        let hops = self.inc(i).handoffs;
        // Leadership holds it until it assigns it: the swimlanes show the wait.
        {
            let inc = self.inc_mut(i);
            inc.holders.push((now, None));
            inc.escalated = true;
        }
        self.log(i, None, What::Escalated { hops });
        let target = self.inc(i).target;
        let assignee = sc
            .owners(target)
            .first()
            .copied()
            .or_else(|| sc.layer_owners(sc.cap(target).layer).first().copied())
            .or(self.inc(i).receiver)
            .or_else(|| sc.team_ixs().next());
        if let Some(to) = assignee {
            let t = self.after(i, self.a.get(A::LeadershipHours) * HOUR / MINUTE);
            self.schedule(t, Action::Arrive { inc: i, from: None, to, why: HandOff::Assigned });
        }
    }

    pub(super) fn enqueue(&mut self, i: IncidentIx, team: TeamIx) {
        let now = self.now;
        self.inc_mut(i).queued = Some(now);
        let q = &mut self.queues[team.get()];
        q.advance(now);
        q.stats.arrivals += 1;
        if q.free > 0 {
            q.free -= 1;
            self.begin_mitigation(i, team);
        } else {
            let ahead = q.waiting.len() as u32;
            q.waiting.push_back((i, now));
            self.log(i, Some(team), What::Queued { ahead });
        }
    }

    /// A responder starts on it; the responder was already taken from the pool.
    fn begin_mitigation(&mut self, i: IncidentIx, team: TeamIx) {
        let sc = self.sc;
        let a = self.a;
        let now = self.now;
        self.inc_mut(i).mitigation_started = Some(now);
        self.log(i, Some(team), What::MitigationStarted);
        let (kind, target) = (self.inc(i).kind, self.inc(i).target);
        let rng = &mut self.live[i.get()].rng;
        let mut s = match sc.settings.mitigation {
            Some(ServiceTime::Exponential { mean_minutes }) => rng.exponential(mean_minutes * MINUTE),
            Some(ServiceTime::Lognormal { median_minutes, sigma }) => {
                rng.lognormal(median_minutes * MINUTE, sigma)
            }
            None => rng.lognormal(a.mitigation_minutes(kind) * MINUTE, a.get(A::MitigationSigma)),
        };
        if !sc.owners(target).contains(&team) {
            s *= a.get(A::NonOwnerFactor);
        }
        self.schedule(now.saturating_add(secs(s).max(1)), Action::MitigationDone(i));
    }

    pub(super) fn mitigation_done(&mut self, i: IncidentIx) {
        let now = self.now;
        let Some(team) = self.inc(i).worker else { return };
        {
            let inc = self.inc_mut(i);
            inc.mitigated = Some(now);
            inc.impact_end = now.min(inc.natural_end);
        }
        self.log(i, Some(team), What::Mitigated);
        let q = &mut self.queues[team.get()];
        q.advance(now);
        if let Some((next, since)) = q.waiting.pop_front() {
            q.stats.total_wait += (now - since) as f64;
            self.begin_mitigation(next, team);
        } else {
            q.free += 1;
        }
        self.impact_cut(i);
        self.after_mitigation(i, team);
    }
}
