//! Detection: how an incident gets noticed, or doesn't.
//!
//! Burn-rate alerts are evaluated per service on its combined SLI, seen
//! through the service's measurement coverage, and page the
//! incident-management owner (tickets go to the SLO's owner). Besides
//! them, the failed capability's owner may catch it on its own dashboards
//! (as well as its reliability hours let it watch), owners of dependent
//! systems may notice theirs suffering, and customers complain in
//! proportion to bad requests, about the busiest service the failure reaches.

use super::assumptions::A;
use super::rng::{key_of, Family, Stream};
use super::sim::{secs, Action, Sim, HOUR, LOOKAHEAD, MINUTE};
use super::sli::{alert_times_after, firing_budget, last_end, Impact};
use super::state::SliClass;
use super::*;
use crate::model::{Role, TeamIx};

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
        // Services that have seen the same incidents share a class. Where
        // the failure reaches only some of a class's services, they leave
        // it for a class of their own, with the past they shared.
        self.stamp += 1;
        let mut reached: Vec<(usize, Vec<CapIx>)> = Vec::new();
        for &s in affected {
            let Some(k) = self.services[s.get()].class else { continue };
            if self.classes[k].touched != self.stamp {
                self.classes[k].touched = self.stamp;
                reached.push((k, Vec::new()));
            }
            if let Some(r) = reached.iter_mut().rev().find(|r| r.0 == k) {
                r.1.push(s);
            }
        }
        for (k, members) in reached {
            self.work += self.classes[k].advance(start, &mut self.scratch) + members.len() as u64;
            self.trim(k);
            let k = if members.len() == self.classes[k].services.len() {
                k
            } else {
                let split = self.split_class(k, &members);
                // The alert due on the services that stayed may have been
                // one that left.
                self.rearm_alerts(k);
                split
            };
            let class = &mut self.classes[k];
            class.incidents.push(i);
            class.impacts.push(Impact { start, end, profile });
            self.rearm_alerts(k);
        }
        self.schedule_alerts();
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
        let complaint_luck = live.rng.exponential(1.0);
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
        // Users complain in proportion to the bad requests they see, so
        // the complaint comes from the busiest service the failure reaches
        // (the first of equals), as much sooner as its traffic is above the
        // reference the complaint rate is stated for.
        let reference = a.get(A::ReferenceTrafficRps);
        let traffic = |s: CapIx| sc.cap(s).traffic_rps.unwrap_or(reference);
        let busiest = affected.iter().copied().fold(None, |best: Option<CapIx>, s| match best {
            Some(b) if traffic(s) <= traffic(b) => Some(b),
            _ => Some(s),
        });
        if let Some(service) = busiest {
            // Exactly 1.0 for a service with no traffic of its own, so
            // designs without traffic draw the very same complaints.
            let factor = sc.cap(service).traffic_rps.map_or(1.0, |t| t / reference);
            let rate = a.get(A::ComplaintsPerOutageHour) * factor;
            let complaint_dose = complaint_luck * HOUR / rate.max(1e-9);
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

    /// Moves `members` (some of class `k`'s services, in its order) to a
    /// new class that starts with the same impacts and tabulated past.
    fn split_class(&mut self, k: usize, members: &[CapIx]) -> usize {
        let n = self.classes.len();
        for &s in members {
            self.services[s.get()].class = Some(n);
        }
        let services = &self.services;
        let old = &mut self.classes[k];
        old.services.retain(|s| services[s.get()].class == Some(k));
        let mut class = SliClass {
            services: members.to_vec(),
            incidents: old.incidents.clone(),
            impacts: old.impacts.clone(),
            spent: old.spent.clone(),
            past: old.past.clone(),
            touched: old.touched,
            gen: 0,
        };
        class.services.sort_unstable();
        self.work += (class.impacts.len() + class.past.pieces_kept()) as u64;
        self.classes.push(class);
        n
    }

    /// Forgets a class's impacts and tabulation that left every alert
    /// window and ended before its services' last budget reviews: they can
    /// no longer move an alert or a budget. Memory follows what is in
    /// flight, whatever the horizon.
    fn trim(&mut self, k: usize) {
        if !self.forget {
            return;
        }
        let now = self.now;
        let sc = self.sc;
        let longest = sc.settings.alerts.iter().map(|r| r.long_s).max().unwrap_or(0);
        let services = &self.services;
        let cap = &self.cap;
        let class = &mut self.classes[k];
        // Only services the policy owner reviews count from their last review.
        let reviewed = |s: &&CapIx| cap.enforcer.is_some() && cap.seen(**s) > 0.0;
        let oldest =
            class.services.iter().filter(reviewed).map(|s| services[s.get()].reviewed).min().unwrap_or(now);
        // Where the earliest current budget window begins: exhausting a
        // budget forces the fixes of what hurt the service since then.
        let window = class
            .services
            .iter()
            .filter(reviewed)
            .map(|&s| {
                let w = sc.window_seconds(s).max(1);
                now / w * w
            })
            .min()
            .unwrap_or(now);
        class.forget_before(now.saturating_sub(longest).min(oldest), window);
    }

    /// Schedules the alerts (and later looks) that the classes rearmed by
    /// one action found, in the order of the services they alert through:
    /// classes only group services that have seen the same failures, so of
    /// alerts due in the same second the service listed first in the
    /// catalog goes first, however their pasts split them.
    pub(super) fn schedule_alerts(&mut self) {
        let mut due = std::mem::take(&mut self.due_alerts);
        due.sort_unstable_by_key(|&(service, _, _)| service);
        for (_, t, alert) in due.drain(..) {
            self.schedule(t, alert);
        }
        self.due_alerts = due;
    }

    /// Recomputes when a burn-rate rule next fires on each service of a
    /// class, given every impact on it now; earlier checks go stale. Only
    /// the first rule to fire matters: it sends someone to every impact
    /// there is, and a later one would find none left unalerted. The alert,
    /// or the next look, waits in `due_alerts` for [`Sim::schedule_alerts`].
    pub(super) fn rearm_alerts(&mut self, k: usize) {
        let sc = self.sc;
        let now = self.now;
        self.work += self.classes[k].advance(now, &mut self.scratch);
        self.trim(k);
        self.classes[k].gen += 1;
        for &s in &self.classes[k].services {
            self.services[s.get()].alert_gen += 1;
        }
        if self.unalerted(k).next().is_none() {
            return;
        }
        let class = &self.classes[k];
        let rules = &sc.settings.alerts;
        // A rule needs a window to burn `rate × (1 − target)` of what the
        // SLI sees, so over one series the service that needs least fires
        // first: one search per rule, however many SLOs the class has. The
        // first alert sends every contributor, so it is the only one due.
        let cap = &self.cap;
        let need = |s: CapIx| match sc.cap(s).slo {
            Some(slo) if cap.seen(s) > 0.0 => Some((1.0 - slo.target) / cap.seen(s)),
            _ => None,
        };
        let mut least: Option<(f64, CapIx)> = None;
        for &s in &class.services {
            if let Some(n) = need(s) {
                if least.is_none_or(|(m, _)| n < m) {
                    least = Some((n, s));
                }
            }
        }
        let Some((least_need, first)) = least else { return };
        let future = &mut self.future;
        future.restart(now);
        let limit = self.horizon.min(now.saturating_add(LOOKAHEAD));
        let times = alert_times_after(
            &class.past,
            future,
            &class.impacts,
            1.0,
            least_need,
            rules,
            now,
            limit,
            &mut self.scratch,
        );
        let when = (0..).zip(times).filter_map(|(r, t)| t.map(|t| (t, r))).min();
        // Services before it in the class's order that fire at the same
        // second go first, as they would have been scheduled first.
        let alert = when.map(|(t, rule)| {
            future.extend(&class.impacts, t + 1, &mut self.scratch);
            let fires: Vec<f64> =
                rules.iter().map(|r| firing_budget(&class.past, future, now, r, t)).collect();
            class
                .services
                .iter()
                .take_while(|&&s| s != first)
                .find_map(|&s| {
                    let n = need(s)?;
                    let r = fires.iter().position(|&f| n <= f)?;
                    Some((t, s, r as u32))
                })
                .unwrap_or((t, first, rule))
        });
        let unresolved = when.is_none();
        // Each search takes a few dozen readings of the series per rule,
        // and a pass over the impacts per rule to find the lone ones.
        let per_rule = 64 + class.impacts.len() as u64;
        self.work += future.work + (rules.len() as u64 + 2) * per_rule + class.services.len() as u64;
        // Impacts that outlast the look-ahead may still set an alert off.
        let recheck = unresolved && limit < self.horizon && last_end(&class.impacts) > limit;
        let gen = class.gen;
        if let Some((t, service, rule)) = alert {
            let gen = self.services[service.get()].alert_gen;
            self.due_alerts.push((service, t, Action::Alert { service, rule, gen }));
        }
        if recheck {
            self.due_alerts.push((first, limit, Action::Recheck { class: k, gen }));
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

    /// The policy owner's round of budget reviews: every service with a
    /// working SLO, in the scenario's order, on a fixed rhythm. One action
    /// a round, so a large organisation's reviews cost a pass over its
    /// services, not an event each.
    pub(super) fn reviews(&mut self) {
        for j in 0..self.reviewing.len() {
            self.review(self.reviewing[j]);
        }
        let next = self.now.saturating_add(secs(self.a.get(A::BudgetReviewHours) * HOUR).max(1));
        if next < self.horizon {
            self.schedule(next, Action::Reviews);
        }
    }

    /// The policy owner's budget review of one service: what its SLI has
    /// seen consumed in the current window since the last review. Reviews
    /// run only where someone enforces the policy and the SLO works.
    fn review(&mut self, s: CapIx) {
        let sc = self.sc;
        let seen = self.cap.seen(s);
        if self.cap.enforcer.is_none() || seen <= 0.0 {
            return;
        }
        self.work += 1;
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
            self.work += class.advance(now, &mut self.scratch);
            state.consumed += seen * (class.past.cum(now) - class.past.cum(state.reviewed));
        }
        state.reviewed = now;
        let exhausted = state.consumed >= sc.budget_seconds(s) && state.exhausted_window != Some(index);
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
            self.work += class.advance(now, &mut self.scratch);
            if let Some(j) = class.incidents.iter().rposition(|&x| x == i) {
                class.impacts[j].end = class.impacts[j].end.min(now);
            }
            self.rearm_alerts(k);
        }
        self.schedule_alerts();
    }
}
