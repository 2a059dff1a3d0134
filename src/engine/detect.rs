//! Detection: how an incident gets noticed, or doesn't.
//!
//! Burn-rate alerts are evaluated per service on its combined SLI, seen
//! through the service's measurement coverage, and page the
//! incident-management owner (tickets go to the SLO's owner). Besides
//! them, the failed capability's owner may catch it on its own dashboards
//! (as well as its reliability hours let it watch), owners of dependent
//! systems may notice theirs suffering, and customers complain in
//! proportion to bad requests.

use super::assumptions::A;
use super::rng::{key_of, Family, Stream};
use super::sim::{secs, Action, Sim, HOUR, LOOKAHEAD, MINUTE};
use super::sli::{alert_times_after, last_end, Impact, Series};
use super::*;
use crate::model::{Role, TeamIx};
use std::collections::BTreeMap;

/// Pages, complaints and monitoring of sudden breakage demand action now;
/// dashboards creeping up wait for someone to look.
fn is_urgent(channel: &Channel, shape: Shape) -> bool {
    match channel {
        Channel::BurnRate { page, .. } => *page,
        Channel::Complaint { .. } | Channel::BudgetPolicy { .. } => true,
        Channel::OwnerMonitoring | Channel::DependentMonitoring { .. } => shape == Shape::Sudden,
    }
}

impl Sim<'_> {
    /// How well a team watches its systems: reliability hours per owned
    /// capability against what watching one takes, saturating.
    fn attentiveness(&self, t: TeamIx) -> f64 {
        let owned = self.owned[t.get()].max(1);
        let per_cap = self.cap.teams[t.get()].reliability / owned as f64;
        1.0 - libm::exp(-per_cap / self.a.get(A::WatchHoursPerCapability))
    }

    /// Who watches a system that depends on `target`: the first owner of a
    /// dependent who does not own `target` too. The same for every incident
    /// on `target`, so it is found once per run.
    fn watcher(&mut self, target: CapIx) -> Option<(CapIx, TeamIx)> {
        let sc = self.sc;
        *self.watchers[target.get()].get_or_insert_with(|| {
            let mut owns = vec![false; sc.teams.len()];
            for &t in sc.owners(target) {
                owns[t.get()] = true;
            }
            sc.dependents(target)
                .iter()
                .find_map(|&d| sc.owners(d).iter().find(|&&t| !owns[t.get()]).map(|&t| (d, t)))
        })
    }

    /// The failure begins: its impact joins each affected service's SLI, and
    /// the private channels draw when (and whether) they notice it.
    pub(super) fn start(&mut self, i: IncidentIx) {
        let sc = self.sc;
        let a = self.a;
        let (target, start, profile) = {
            let inc = self.inc(i);
            (inc.target, inc.start, self.live[i.get()].profile)
        };
        let affected = sc.affected_services(target);
        self.log(i, None, What::Started { services: affected.len() as u32 });
        let end = start.saturating_add(profile.duration);
        self.stamp += 1;
        for &s in affected {
            let Some(k) = self.services[s.get()].class else { continue };
            if self.classes[k].touched == self.stamp {
                continue;
            }
            self.classes[k].touched = self.stamp;
            self.work += self.classes[k].advance(start);
            self.trim(k);
            let class = &mut self.classes[k];
            class.incidents.push(i);
            class.impacts.push(Impact { start, end, profile });
            self.rearm_alerts(k);
        }
        let limit = self.horizon - start;
        let (catch, mean) = match profile.shape {
            Shape::Sudden => (a.get(A::CatchSudden), a.get(A::MonitorMinutesSudden) * MINUTE),
            Shape::Intermittent => (a.get(A::CatchIntermittent), a.get(A::MonitorHoursIntermittent) * HOUR),
            Shape::Ramp => (a.get(A::CatchRamp), a.get(A::MonitorHoursRamp) * HOUR),
        };
        // Draw every detection number up front, in a fixed order, so a
        // design change that disables a channel does not shift the others.
        let live = &mut self.live[i.get()];
        let owner_luck = live.rng.uniform();
        let owner_delay = live.rng.exponential(mean);
        let dependent_luck = live.rng.uniform();
        let dependent_delay = live.rng.exponential(mean * a.get(A::DependentDelay));
        let complaint_dose = live.rng.exponential(1.0) * HOUR / a.get(A::ComplaintsPerOutageHour).max(1e-9);
        let support_delay = live.rng.exponential(a.get(A::SupportTriageMinutes) * MINUTE);
        let pickup_delay = live.rng.exponential(a.get(A::NoOnCallPickupHours) * HOUR);
        let diffusion_luck = live.rng.uniform();

        let mut signals: Vec<(Time, Channel, Option<TeamIx>)> = Vec::new();
        // A team without on-call sees its alerts the next working day.
        let pickup = |t: TeamIx| if sc.team(t).on_call { 0 } else { secs(pickup_delay) };
        let owners = sc.owners(target);
        if let Some(&owner) = owners.first() {
            if owner_luck < catch * self.attentiveness(owner) {
                signals.push((secs(owner_delay) + pickup(owner), Channel::OwnerMonitoring, Some(owner)));
            }
        }
        if let Some((via, team)) = self.watcher(target) {
            if dependent_luck < catch * a.get(A::DependentCatch) * self.attentiveness(team) {
                let t = secs(dependent_delay) + pickup(team);
                signals.push((t, Channel::DependentMonitoring { via }, Some(team)));
            }
        }
        if let Some(&service) = affected.first() {
            if let Some(t) = profile.time_to_accumulate(complaint_dose) {
                signals.push((
                    t + secs(support_delay),
                    Channel::Complaint { service },
                    sc.owners(service).first().copied(),
                ));
            }
        }
        // The first signal someone acts on wins. A dashboard creeping up on
        // a shared capability is each co-owner's to look at, and each may
        // assume another has: metrics exist and nobody acts.
        let end = profile.duration.min(limit);
        signals.sort_by_key(|s| s.0);
        let shared = owners.len();
        let ignored = |ch: &Channel| {
            !is_urgent(ch, profile.shape)
                && matches!(ch, Channel::OwnerMonitoring)
                && shared > 1
                && diffusion_luck < (shared - 1) as f64 / shared as f64
        };
        let mut noticed = None;
        for (t, channel, to) in signals.into_iter().filter(|s| s.0 < end) {
            if ignored(&channel) {
                noticed.get_or_insert((t, channel, to));
                continue;
            }
            self.schedule(start + t.max(0), Action::Detect { inc: i, channel, to });
            break;
        }
        if let Some((t, channel, to)) = noticed {
            self.schedule(start + t.max(0), Action::Ignore { inc: i, channel, team: to });
        }
        if start.saturating_add(profile.duration) < self.horizon {
            self.schedule(start + profile.duration, Action::Fade(i));
        }
    }

    /// Someone acts on a signal: the incident is detected and routed.
    pub(super) fn detect(&mut self, i: IncidentIx, channel: Channel, to: Option<TeamIx>) {
        if self.is_closed(i) || self.inc(i).detected.is_some() {
            return;
        }
        let now = self.now;
        let root = self.inc(i).root as usize;
        self.roots[root].detected.get_or_insert(now);
        {
            let inc = self.inc_mut(i);
            inc.detected = Some(now);
            inc.channel = Some(channel);
            inc.receiver = to;
            inc.holders.push((now, to));
        }
        if let Some(t) = to {
            self.queues[t.get()].stats.pages += 1;
            self.live(i).visited.push(t);
        }
        self.log(i, to, What::Detected { channel });
        self.route(i, to);
    }

    /// Incidents hurting a class's services now that no alert has sent
    /// anyone to yet.
    fn unalerted(&self, k: usize) -> impl Iterator<Item = IncidentIx> + '_ {
        let now = self.now;
        let class = &self.classes[k];
        class.incidents.iter().zip(&class.impacts).filter_map(move |(&i, imp)| {
            (imp.start <= now
                && imp.end > now
                && !self.live[i.get()].alerted
                && !self.is_closed(i)
                && self.inc(i).detected.is_none())
            .then_some(i)
        })
    }

    /// Forgets a class's impacts and tabulation that left every alert
    /// window and ended before its services' last budget reviews: they can
    /// no longer move an alert or a budget. Memory follows what is in
    /// flight, whatever the horizon.
    fn trim(&mut self, k: usize) {
        let now = self.now;
        let longest = self.sc.settings.alerts.iter().map(|r| r.long_s).max().unwrap_or(0);
        let services = &self.services;
        let cap = &self.cap;
        let class = &mut self.classes[k];
        // Only services the policy owner reviews count from their last review.
        let reviewed = |s: &&CapIx| cap.enforcer.is_some() && cap.seen(**s) > 0.0;
        let oldest =
            class.services.iter().filter(reviewed).map(|s| services[s.get()].reviewed).min().unwrap_or(now);
        class.forget_before(now.saturating_sub(longest).min(oldest));
    }

    /// Recomputes when a burn-rate rule next fires on each service of a
    /// class, given every impact on it now; earlier checks go stale. Only
    /// the first rule to fire matters: it sends someone to every impact
    /// there is, and a later one would find none left unalerted.
    pub(super) fn rearm_alerts(&mut self, k: usize) {
        let sc = self.sc;
        let now = self.now;
        self.work += self.classes[k].advance(now);
        self.trim(k);
        self.classes[k].gen += 1;
        for &s in &self.classes[k].services {
            self.services[s.get()].alert_gen += 1;
        }
        if self.unalerted(k).next().is_none() {
            return;
        }
        let class = &self.classes[k];
        // Services of a class with the same SLO and coverage fire together;
        // the series from now on is tabulated once for all of them.
        let mut future = Series::empty(now);
        let mut first: BTreeMap<(u64, u64), Option<(Time, u32)>> = BTreeMap::new();
        let mut alerts = Vec::new();
        let limit = self.horizon.min(now.saturating_add(LOOKAHEAD));
        let mut unresolved = false;
        for &s in &class.services {
            let seen = self.cap.seen(s);
            let Some(slo) = sc.cap(s).slo else { continue };
            if seen <= 0.0 {
                continue;
            }
            let when = *first.entry((seen.to_bits(), slo.target.to_bits())).or_insert_with(|| {
                let times = alert_times_after(
                    &class.past,
                    &mut future,
                    &class.impacts,
                    seen,
                    1.0 - slo.target,
                    &sc.settings.alerts,
                    now,
                    limit,
                );
                (0..).zip(times).filter_map(|(r, t)| t.map(|t| (t, r))).min()
            });
            unresolved |= when.is_none();
            if let Some((t, rule)) = when {
                alerts.push((t, Action::Alert { service: s, rule, gen: self.services[s.get()].alert_gen }));
            }
        }
        // Each search takes a few dozen readings of the series per rule,
        // and a pass over the impacts per rule to find the lone ones.
        let per_rule = 64 + class.impacts.len() as u64;
        self.work += future.work + first.len() as u64 * (sc.settings.alerts.len() as u64 + 2) * per_rule;
        // Impacts that outlast the look-ahead may still set an alert off.
        let recheck = unresolved && limit < self.horizon && last_end(&class.impacts) > limit;
        let gen = class.gen;
        for (t, alert) in alerts {
            self.schedule(t, alert);
        }
        if recheck {
            self.schedule(limit, Action::Recheck { class: k, gen });
        }
    }

    /// A burn-rate rule fires on a service: pages go to the
    /// incident-management owner's on-call, tickets to the SLO's owner, who
    /// triage them to every root cause hurting the service.
    pub(super) fn alert(&mut self, s: CapIx, rule: u32, gen: u32) {
        if self.services[s.get()].alert_gen != gen {
            return;
        }
        let sc = self.sc;
        let a = self.a;
        let Some(k) = self.services[s.get()].class else { return };
        let contributors: Vec<IncidentIx> = self.unalerted(k).collect();
        if contributors.is_empty() {
            return;
        }
        let page = sc.settings.alerts[rule as usize].page;
        let state = &mut self.services[s.get()];
        state.alerts += 1;
        let mut rng =
            Stream::new(self.seed, Family::Service, key_of(sc.cap(s).id.as_str()) ^ (state.alerts << 32));
        let on_call = |ts: &[TeamIx]| ts.iter().copied().find(|&t| sc.team(t).on_call);
        let (to, mut delay) = if page {
            let im = sc.role_owners(Role::IncidentManagement);
            let to = on_call(im).or_else(|| on_call(sc.owners(s))).or_else(|| sc.owners(s).first().copied());
            // Shared incident management: each co-owner may assume another
            // declares it, and the page waits while they do.
            let mut delay = 0.0;
            if im.len() > 1 {
                for _ in 1..im.len() {
                    if !rng.chance(a.get(A::DeferChance)) {
                        break;
                    }
                    delay += rng.lognormal(a.get(A::DeferMinutes) * MINUTE, a.get(A::DelaySigma));
                }
            }
            (to, delay)
        } else {
            let owner = sc.role_owners(Role::SloDefinitions).first().copied();
            (
                owner.or_else(|| sc.owners(s).first().copied()),
                rng.exponential(a.get(A::TicketPickupHours) * HOUR),
            )
        };
        if let Some(t) = to {
            if !sc.team(t).on_call && page {
                delay += rng.exponential(a.get(A::NoOnCallPickupHours) * HOUR);
            }
        }
        let channel = Channel::BurnRate { service: s, rule, page };
        for i in contributors {
            self.live(i).alerted = true;
            self.schedule(self.now + secs(delay), Action::Detect { inc: i, channel, to });
        }
    }

    /// The policy owner's budget review of one service: what its SLI has
    /// seen consumed in the current window since the last review. Reviews
    /// run only where someone enforces the policy and the SLO works.
    pub(super) fn review(&mut self, s: CapIx) {
        let sc = self.sc;
        let seen = self.cap.seen(s);
        if self.cap.enforcer.is_none() || seen <= 0.0 {
            return;
        }
        let now = self.now;
        let window = sc.window_seconds(s).max(1);
        let index = now / window;
        let state = &mut self.services[s.get()];
        if state.window != index {
            // A new window: count from its start.
            state.window = index;
            state.reviewed = index * window;
            state.consumed = 0.0;
        }
        if let Some(k) = state.class {
            let class = &mut self.classes[k];
            self.work += class.advance(now);
            state.consumed += seen * (class.past.cum(now) - class.past.cum(state.reviewed));
        }
        state.reviewed = now;
        let exhausted = state.consumed >= sc.budget_seconds(s) && state.exhausted_window != Some(index);
        let next = now.saturating_add(secs(self.a.get(A::BudgetReviewHours) * HOUR).max(1));
        if next < self.horizon {
            self.schedule(next, Action::Review(s));
        }
        if exhausted {
            self.exhaust(s);
        }
    }

    /// The incident stopped hurting (mitigated): its services' SLIs change.
    pub(super) fn impact_cut(&mut self, i: IncidentIx) {
        let now = self.now;
        self.stamp += 1;
        for j in 0..self.inc(i).affected.len() {
            let s = self.inc(i).affected[j];
            let Some(k) = self.services[s.get()].class else { continue };
            let class = &mut self.classes[k];
            if class.touched == self.stamp {
                continue;
            }
            class.touched = self.stamp;
            // The past is tabulated with the impact as it was before the cut.
            self.work += class.advance(now);
            if let Some(j) = class.incidents.iter().rposition(|&x| x == i) {
                class.impacts[j].end = class.impacts[j].end.min(now);
            }
            self.rearm_alerts(k);
        }
    }
}
