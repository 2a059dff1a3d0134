//! The event loop: incidents move through impact, detection, routing,
//! mitigation and correction, one scheduled action at a time.
//!
//! Teams never own time: every step is an [`Action`] on one heap ordered by
//! (time, sequence number), so ties resolve in the order they were
//! scheduled. The only state shared between incidents is each team's
//! responder queue.

use super::impact::Profile;
use super::rng::{key_of, Family, Stream};
use super::*;
use crate::model::{Layer, Role, ServiceTime, TeamIx};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

const MINUTE: f64 = 60.0;
const HOUR: f64 = 3_600.0;
const DAY: f64 = 86_400.0;

/// How a capability owner's own monitoring does, by shape: the chance it
/// catches the failure at all, and the mean seconds it takes when it does.
/// Strong for sudden breakage, weak for gradual or flapping degradation.
fn owner_monitoring(shape: Shape) -> (f64, f64) {
    match shape {
        Shape::Sudden => (1.0, 8.0 * MINUTE),
        Shape::Intermittent => (0.5, DAY),
        Shape::Ramp => (0.3, 3.0 * DAY),
    }
}
/// Pages, complaints and monitoring of sudden breakage demand action now;
/// tickets and monitoring of gradual degradation wait in someone's backlog.
fn is_urgent(channel: &Channel, shape: Shape) -> bool {
    match channel {
        Channel::BurnRate { page, .. } => *page,
        Channel::Complaint { .. } => true,
        Channel::OwnerMonitoring | Channel::DependentMonitoring { .. } => shape == Shape::Sudden,
    }
}

/// The owners of systems that depend on the failed one see it as their own
/// system misbehaving: a little less often and a little later.
const DEPENDENT_CATCH: f64 = 0.8;
const DEPENDENT_DELAY: f64 = 1.5;
/// Customer complaints arrive at a hazard equal to the bad-event fraction
/// per hour: a total outage draws one within the hour on average, a 0.1%
/// degradation after some six weeks.
const COMPLAINT_SCALE: f64 = HOUR;
const SUPPORT_TRIAGE_MEAN: f64 = 30.0 * MINUTE;
/// Tickets wait for someone to pick them up in working hours.
const TICKET_PICKUP_MEAN: f64 = 8.0 * HOUR;
const TRIAGE_MEDIAN: f64 = 20.0 * MINUTE;
const GUESS_MEDIAN: f64 = 45.0 * MINUTE;
const DEFER_MEDIAN: f64 = 40.0 * MINUTE;
const OVERRULE_MEDIAN: f64 = HOUR;
const LEADERSHIP_MEDIAN: f64 = 6.0 * HOUR;
/// A team without on-call picks work up the next working day.
const NO_ON_CALL_PICKUP_MEAN: f64 = 12.0 * HOUR;
const MITIGATION_SIGMA: f64 = 0.6;
/// A team mitigating a capability it does not own takes this much longer.
const NON_OWNER_FACTOR: f64 = 2.0;
/// How much less often a builder calls user impact "working as designed"
/// when an independent error-budget policy owner can see the burn.
const DEFLECT_UNDER_POLICY: f64 = 0.3;
/// How much a postmortem owner's reliability time adds to the chance that
/// a fix gets done: someone drives the action items.
const POSTMORTEM_PULL: f64 = 0.6;
/// Chance that a co-owner of a shared capability defers to another.
const DEFER_CHANCE: f64 = 0.5;
const FORCED_FIX_MEDIAN: f64 = 2.0 * DAY;
const VOLUNTARY_FIX_MEDIAN: f64 = 6.0 * DAY;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Action {
    Start(u32),
    Detect(u32),
    Ignore { inc: u32, channel: Channel, team: Option<TeamIx> },
    Arrive { inc: u32, from: Option<TeamIx>, to: TeamIx, why: HandOff },
    Enqueue { inc: u32, team: TeamIx },
    MitigationDone(u32),
    Correct { inc: u32, forced: bool },
    Fade(u32),
    Recur(u32),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Scheduled {
    time: Time,
    seq: u64,
    action: Action,
}

impl Pending {
    /// What a consumed entry is left as.
    const EMPTY: Pending = Pending {
        start: 0,
        source: Source::Background(0),
        kind: FailureKind::RolloutOutage,
        target: crate::model::CapIx(0),
        profile: Profile { shape: Shape::Sudden, severity: 0.0, duration: 0 },
        family: Family::Background,
        key: 0,
    };
}

impl Ord for Scheduled {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.time, self.seq).cmp(&(other.time, other.seq))
    }
}

impl PartialOrd for Scheduled {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// What the loop needs about an incident beyond its public record.
struct Live {
    rng: Stream,
    key: u64,
    profile: Profile,
    /// Teams that have held it, so guesses don't revisit them.
    visited: Vec<TeamIx>,
    escalated: bool,
    overruled: bool,
    closed: bool,
    deflected: bool,
    recurrences: u32,
}

#[derive(Default)]
struct TeamQueue {
    free: u32,
    waiting: VecDeque<(u32, Time)>,
    last_change: Time,
    stats: QueueStats,
}

impl TeamQueue {
    /// Accumulates the time-integrals up to `now`; call before any change.
    fn advance(&mut self, now: Time) {
        let dt = (now - self.last_change) as f64;
        self.stats.waiting_area += self.waiting.len() as f64 * dt;
        self.stats.busy_area += f64::from(self.stats.responders - self.free) * dt;
        self.last_change = now;
    }
}

/// A failure that has not begun yet. Incidents are created only when they
/// start, so the heap holds what is in flight, not the whole horizon, and
/// the cost of a run stays proportional to its events.
struct Pending {
    start: Time,
    source: Source,
    kind: FailureKind,
    target: crate::model::CapIx,
    profile: Profile,
    family: Family,
    key: u64,
}

struct Sim<'a> {
    sc: &'a Scenario,
    pending: Vec<Pending>,
    seed: u64,
    horizon: Time,
    now: Time,
    seq: u64,
    heap: BinaryHeap<Reverse<Scheduled>>,
    incidents: Vec<Incident>,
    live: Vec<Live>,
    queues: Vec<TeamQueue>,
    events: Vec<Event>,
}

/// Runs the scenario once with the given seed.
pub fn run(scenario: &Scenario, seed: u64) -> RunLog {
    let mut sim = Sim {
        sc: scenario,
        pending: Vec::new(),
        seed,
        horizon: scenario.settings.horizon_s,
        now: 0,
        seq: 0,
        heap: BinaryHeap::new(),
        incidents: Vec::new(),
        live: Vec::new(),
        queues: scenario
            .team_ixs()
            .map(|t| {
                let n = scenario.responders(t);
                TeamQueue {
                    free: n,
                    stats: QueueStats { responders: n, ..QueueStats::default() },
                    ..TeamQueue::default()
                }
            })
            .collect(),
        events: Vec::new(),
    };
    sim.seed_incidents();
    // Merge the failures still to begin with the heap. At equal times a
    // failure begins first, as if it had been scheduled before anything else.
    let mut cursor = 0;
    loop {
        let pending = sim.pending.get(cursor).map(|p| p.start);
        let queued = sim.heap.peek().map(|r| r.0.time);
        let take_pending = match (pending, queued) {
            (Some(p), Some(q)) => p <= q,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        let time = if take_pending { pending } else { queued }.unwrap_or(sim.horizon);
        if time >= sim.horizon {
            break;
        }
        debug_assert!(time >= sim.now, "time went backwards");
        sim.now = time;
        if take_pending {
            let p = std::mem::replace(&mut sim.pending[cursor], Pending::EMPTY);
            cursor += 1;
            let rng = Stream::new(sim.seed, p.family, p.key);
            let id = sim.add_incident(p.source, p.kind, p.target, p.profile, p.start, rng, p.key);
            sim.start(id);
            continue;
        }
        let Some(Reverse(next)) = sim.heap.pop() else { break };
        sim.step(next.action);
    }
    sim.finish();
    RunLog {
        seed,
        horizon: sim.horizon,
        events: sim.events,
        incidents: sim.incidents,
        queues: sim.queues.into_iter().map(|q| q.stats).collect(),
    }
}

impl<'a> Sim<'a> {
    fn schedule(&mut self, time: Time, action: Action) {
        self.seq += 1;
        self.heap.push(Reverse(Scheduled { time, seq: self.seq, action }));
    }

    fn log(&mut self, inc: u32, team: Option<TeamIx>, what: What) {
        self.events.push(Event { time: self.now, incident: inc, team, what });
    }

    /// Lists every failure that begins within the horizon, in start order:
    /// the injected ones, then a Poisson stream of background incidents.
    fn seed_incidents(&mut self) {
        let sc = self.sc;
        for f in &sc.failures {
            if f.start_s < self.horizon {
                self.pending.push(Pending {
                    start: f.start_s,
                    source: Source::Injected(f.id.clone()),
                    kind: f.kind,
                    target: f.target,
                    profile: Profile { shape: f.shape, severity: f.severity, duration: f.duration_s },
                    family: Family::Failure,
                    key: key_of(f.id.as_str()),
                });
            }
        }
        let rate = sc.settings.background_rate_per_day;
        // Background incidents hit capabilities some user depends on; with
        // none, any capability (textbook queueing scenarios have no users).
        let hurting: Vec<crate::model::CapIx> =
            sc.cap_ixs().filter(|&c| !sc.affected_services(c).is_empty()).collect();
        let targets: Vec<crate::model::CapIx> =
            if hurting.is_empty() { sc.cap_ixs().collect() } else { hurting };
        if rate > 0.0 && !targets.is_empty() {
            let mut arrivals = Stream::new(self.seed, Family::Arrivals, 0);
            let kinds = &sc.settings.background_kinds;
            let mut t = 0.0;
            for n in 0u32.. {
                t += arrivals.exponential(DAY / rate);
                let start = t.round() as Time;
                if start >= self.horizon {
                    break;
                }
                let kind = kinds[arrivals.below(kinds.len())];
                let target = targets[arrivals.below(targets.len())];
                let d = kind.defaults();
                self.pending.push(Pending {
                    start,
                    source: Source::Background(n),
                    kind,
                    target,
                    profile: Profile {
                        shape: d.shape,
                        severity: d.severity,
                        duration: (d.duration_hours * HOUR) as Time,
                    },
                    family: Family::Background,
                    key: u64::from(n),
                });
            }
        }
        // Stable: at equal times injected failures keep file order and come
        // before background incidents.
        self.pending.sort_by_key(|p| p.start);
    }

    #[allow(clippy::too_many_arguments)]
    fn add_incident(
        &mut self,
        source: Source,
        kind: FailureKind,
        target: crate::model::CapIx,
        profile: Profile,
        start: Time,
        rng: Stream,
        key: u64,
    ) -> u32 {
        let id = self.incidents.len() as u32;
        self.incidents.push(Incident {
            id,
            source,
            kind,
            target,
            shape: profile.shape,
            severity: profile.severity,
            start,
            natural_end: start + profile.duration,
            affected: self.sc.affected_services(target).to_vec(),
            detected: None,
            channel: None,
            receiver: None,
            handoffs: 0,
            routed: None,
            worker: None,
            queued: None,
            mitigation_started: None,
            mitigated: None,
            corrected: None,
            impact_end: start,
            bad_seconds: 0.0,
            holders: Vec::new(),
            outcome: Outcome::Silent,
            closed: start,
            escalated: false,
        });
        self.live.push(Live {
            rng,
            key,
            profile,
            visited: Vec::new(),
            escalated: false,
            overruled: false,
            closed: false,
            deflected: false,
            recurrences: 0,
        });
        id
    }

    fn step(&mut self, action: Action) {
        match action {
            Action::Start(i) => self.start(i),
            Action::Detect(i) => self.detect(i),
            Action::Ignore { inc, channel, team } => {
                if !self.live[inc as usize].closed && self.inc(inc).detected.is_none() {
                    self.log(inc, team, What::Ignored { channel });
                }
            }
            Action::Arrive { inc, from, to, why } => self.arrive(inc, from, to, why),
            Action::Enqueue { inc, team } => self.enqueue(inc, team),
            Action::MitigationDone(i) => self.mitigation_done(i),
            Action::Correct { inc, forced } => self.correct(inc, forced),
            Action::Fade(i) => self.fade(i),
            Action::Recur(i) => self.recur(i),
        }
    }

    fn inc(&self, i: u32) -> &Incident {
        &self.incidents[i as usize]
    }

    fn live(&mut self, i: u32) -> &mut Live {
        &mut self.live[i as usize]
    }

    /// The failure begins: work out which detection channel fires first.
    fn start(&mut self, i: u32) {
        let sc = self.sc;
        let (target, start, affected) = {
            let inc = self.inc(i);
            (inc.target, inc.start, inc.affected.clone())
        };
        self.log(i, None, What::Started { services: affected.len() as u32 });
        let limit = self.horizon - start;
        let live = &mut self.live[i as usize];
        let profile = live.profile;
        // Draw every detection number up front, in a fixed order, so a
        // design change that disables a channel does not shift the others.
        let (catch, mean) = owner_monitoring(profile.shape);
        let ticket_delay = live.rng.exponential(TICKET_PICKUP_MEAN);
        let owner_luck = live.rng.uniform();
        let owner_delay = live.rng.exponential(mean);
        let dependent_luck = live.rng.uniform();
        let dependent_delay = live.rng.exponential(mean * DEPENDENT_DELAY);
        let complaint_dose = live.rng.exponential(1.0) * COMPLAINT_SCALE;
        let support_delay = live.rng.exponential(SUPPORT_TRIAGE_MEAN);

        let diffusion_luck = live.rng.uniform();
        let mut signals: Vec<(Time, Channel, Option<TeamIx>)> = Vec::new();
        let mut consider = |t: Time, ch: Channel, to: Option<TeamIx>| signals.push((t, ch, to));
        // Every affected service sees the same impact, so services sharing an
        // SLO target alert at the same moment: compute each target once and
        // page about the first service listed with it.
        let mut targets_seen: Vec<u64> = Vec::new();
        for &service in &affected {
            let Some(slo) = sc.cap(service).slo.filter(|_| sc.has_working_slo(service)) else { continue };
            if targets_seen.contains(&slo.target.to_bits()) {
                continue;
            }
            targets_seen.push(slo.target.to_bits());
            for (r, rule) in sc.settings.alerts.iter().enumerate() {
                if let Some(t) = profile.alert_time(rule, 1.0 - slo.target, limit) {
                    let t = if rule.page { t } else { t + ticket_delay.round() as Time };
                    consider(
                        t,
                        Channel::BurnRate { service, rule: r as u32, page: rule.page },
                        self.alert_receiver(service),
                    );
                }
            }
        }
        // A team watching its own systems catches more when it has time for
        // reliability work.
        let attentive = |t: TeamIx| (0.5 + sc.team(t).split.reliability / 100.0).min(1.0);
        let owners = sc.owners(target);
        if let Some(&owner) = owners.iter().find(|&&t| sc.team(t).on_call) {
            if owner_luck < catch * attentive(owner) {
                consider(owner_delay.round() as Time, Channel::OwnerMonitoring, Some(owner));
            }
        }
        let watcher = sc.dependents(target).iter().find_map(|&d| {
            sc.owners(d).iter().find(|&&t| sc.team(t).on_call && !owners.contains(&t)).map(|&t| (d, t))
        });
        if let Some((via, team)) = watcher {
            if dependent_luck < catch * DEPENDENT_CATCH * attentive(team) {
                consider(dependent_delay.round() as Time, Channel::DependentMonitoring { via }, Some(team));
            }
        }
        if let Some(&service) = affected.first() {
            if let Some(t) = profile.time_to_accumulate(complaint_dose) {
                consider(
                    t + support_delay.round() as Time,
                    Channel::Complaint { service },
                    sc.owners(service).first().copied(),
                );
            }
        }
        // The first signal someone acts on wins. A non-urgent signal (a
        // ticket, a dashboard creeping up) about a capability nobody owns sits
        // in a backlog; about a shared one, each co-owner may assume another
        // has it. Metrics exist and nobody acts: that is silent failure.
        let end = profile.duration.min(limit);
        signals.sort_by_key(|s| s.0);
        let owners = sc.owners(target).len();
        let ignored = |ch: &Channel| {
            !is_urgent(ch, profile.shape)
                && (owners == 0 || (owners > 1 && diffusion_luck < (owners - 1) as f64 / owners as f64))
        };
        let mut noticed = None;
        for (t, channel, to) in signals.into_iter().filter(|s| s.0 < end) {
            if ignored(&channel) {
                noticed.get_or_insert((t, channel, to));
                continue;
            }
            let inc = &mut self.incidents[i as usize];
            inc.channel = Some(channel);
            inc.receiver = to;
            self.schedule(start + t.max(0), Action::Detect(i));
            break;
        }
        if let Some((t, channel, to)) = noticed {
            self.schedule(start + t.max(0), Action::Ignore { inc: i, channel, team: to });
        }
        if start + profile.duration < self.horizon {
            self.schedule(start + profile.duration, Action::Fade(i));
        }
    }

    /// Who a burn-rate alert pages: the incident-management owner's on-call,
    /// else the service owner.
    fn alert_receiver(&self, service: crate::model::CapIx) -> Option<TeamIx> {
        let sc = self.sc;
        let on_call = |ts: &[TeamIx]| ts.iter().copied().find(|&t| sc.team(t).on_call);
        on_call(sc.role_owners(Role::IncidentManagement))
            .or_else(|| on_call(sc.owners(service)))
            .or_else(|| sc.owners(service).first().copied())
    }

    fn detect(&mut self, i: u32) {
        let now = self.now;
        let (receiver, channel) = {
            let inc = &mut self.incidents[i as usize];
            inc.detected = Some(now);
            inc.holders.push((now, inc.receiver));
            (inc.receiver, inc.channel.expect("detect is only scheduled with a channel"))
        };
        if let Some(t) = receiver {
            self.queues[t.get()].stats.pages += 1;
            self.live(i).visited.push(t);
        }
        self.log(i, receiver, What::Detected { channel });
        self.route(i, receiver);
    }

    /// The holder looks for the owner of the root cause.
    fn route(&mut self, i: u32, at: Option<TeamIx>) {
        let sc = self.sc;
        let target = self.inc(i).target;
        let owners = sc.owners(target);
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
        let now = self.now;
        match owners {
            [] => {
                let Some(guess) = self.guess(i, team) else {
                    self.escalate(i);
                    return;
                };
                let delay = self.live(i).rng.lognormal(GUESS_MEDIAN, 0.5);
                self.schedule(
                    now + delay.round() as Time,
                    Action::Arrive { inc: i, from: Some(team), to: guess, why: HandOff::WrongGuess },
                );
            }
            [owner] => {
                let delay = self.live(i).rng.lognormal(TRIAGE_MEDIAN, 0.5);
                self.schedule(
                    now + delay.round() as Time,
                    Action::Arrive { inc: i, from: Some(team), to: *owner, why: HandOff::ToOwner },
                );
            }
            _ => {
                let live = &mut self.live[i as usize];
                let to = owners[live.rng.below(owners.len())];
                let delay = live.rng.lognormal(TRIAGE_MEDIAN, 0.5);
                self.schedule(
                    now + delay.round() as Time,
                    Action::Arrive { inc: i, from: Some(team), to, why: HandOff::ToCoOwner },
                );
            }
        }
    }

    /// A plausible team for an orphaned capability that has not held the
    /// incident yet: one owning something in the same layer, or of the kind
    /// that usually does.
    fn guess(&mut self, i: u32, holder: TeamIx) -> Option<TeamIx> {
        let sc = self.sc;
        let layer = sc.cap(self.inc(i).target).layer;
        let live = &mut self.live[i as usize];
        let fresh: Vec<TeamIx> = sc
            .plausible_owners(layer)
            .iter()
            .copied()
            .filter(|t| *t != holder && !live.visited.contains(t))
            .collect();
        let pool: Vec<TeamIx> = if fresh.is_empty() {
            sc.team_ixs().filter(|t| *t != holder && !live.visited.contains(t)).collect()
        } else {
            fresh
        };
        if pool.is_empty() {
            return None;
        }
        Some(pool[live.rng.below(pool.len())])
    }

    fn arrive(&mut self, i: u32, from: Option<TeamIx>, to: TeamIx, why: HandOff) {
        if self.live[i as usize].closed {
            return;
        }
        let now = self.now;
        {
            let inc = &mut self.incidents[i as usize];
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

    /// An owner has it: a co-owner may defer, a delivery owner may call it
    /// "working as designed", otherwise it goes to the owner's on-call.
    fn accept(&mut self, i: u32, team: TeamIx) {
        let sc = self.sc;
        let now = self.now;
        let (target, channel, from, has_impact) = {
            let inc = self.inc(i);
            let from = inc.holders.iter().rev().map(|h| h.1).find(|h| *h != Some(team)).flatten();
            (inc.target, inc.channel, from, !inc.affected.is_empty())
        };
        let owners = sc.owners(target);
        let kind = self.inc(i).kind;
        if owners.len() > 1
            && self.inc(i).handoffs < sc.settings.max_hops
            && self.live(i).rng.chance(DEFER_CHANCE)
        {
            let others: Vec<TeamIx> = owners.iter().copied().filter(|&t| t != team).collect();
            let live = &mut self.live[i as usize];
            let to = others[live.rng.below(others.len())];
            let delay = live.rng.lognormal(DEFER_MEDIAN, 0.5);
            self.schedule(
                now + delay.round() as Time,
                Action::Arrive { inc: i, from: Some(team), to, why: HandOff::Deferred },
            );
            return;
        }
        // Only impact reported by others can be called "working as designed";
        // a builder who knows an independent error-budget policy owner can
        // see the burn tries it far less often.
        let user_reported = !matches!(channel, Some(Channel::OwnerMonitoring));
        let policy = self.policy_owner(i, team);
        let deflect =
            kind.defaults().deflect_chance * if policy.is_some() { DEFLECT_UNDER_POLICY } else { 1.0 };
        if sc.cap(target).layer == Layer::Delivery
            && has_impact
            && user_reported
            && !self.live[i as usize].overruled
            && self.live(i).rng.chance(deflect)
        {
            self.log(i, Some(team), What::WorkingAsDesigned { to: from });
            if let Some(back) = from {
                let inc = &mut self.incidents[i as usize];
                inc.handoffs += 1;
                inc.holders.push((now, Some(back)));
            }
            match policy {
                Some(ebp) => {
                    let live = &mut self.live[i as usize];
                    live.overruled = true;
                    let delay = live.rng.lognormal(OVERRULE_MEDIAN, 0.5);
                    self.schedule(
                        now + delay.round() as Time,
                        Action::Arrive { inc: i, from: Some(ebp), to: team, why: HandOff::Overruled },
                    );
                }
                None => {
                    self.live(i).deflected = true;
                    self.close(i, Outcome::Deflected, from);
                }
            }
            return;
        }
        self.work_on(i, team);
    }

    /// A team other than `besides` that owns error-budget policy and can see
    /// the burn (some affected service has a working SLO).
    fn policy_owner(&self, i: u32, besides: TeamIx) -> Option<TeamIx> {
        let sc = self.sc;
        let visible = self.inc(i).affected.iter().any(|&s| sc.has_working_slo(s));
        if !visible {
            return None;
        }
        sc.reliability_deciders().iter().copied().find(|&t| t != besides)
    }

    /// The incident reached the team that will mitigate it.
    fn work_on(&mut self, i: u32, team: TeamIx) {
        let now = self.now;
        {
            let inc = &mut self.incidents[i as usize];
            inc.routed = Some(now);
            inc.worker = Some(team);
        }
        if self.sc.team(team).on_call {
            self.enqueue(i, team);
        } else {
            let delay = self.live(i).rng.exponential(NO_ON_CALL_PICKUP_MEAN);
            self.schedule(now + delay.round() as Time, Action::Enqueue { inc: i, team });
        }
    }

    fn escalate(&mut self, i: u32) {
        let sc = self.sc;
        let now = self.now;
        if self.live[i as usize].escalated {
            return;
        }
        self.live(i).escalated = true;
        let hops = self.inc(i).handoffs;
        // Leadership holds it until it assigns it: the swimlanes show the wait.
        self.incidents[i as usize].holders.push((now, None));
        self.incidents[i as usize].escalated = true;
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
            let delay = self.live(i).rng.lognormal(LEADERSHIP_MEDIAN, 0.5);
            self.schedule(
                now + delay.round() as Time,
                Action::Arrive { inc: i, from: None, to, why: HandOff::Assigned },
            );
        }
    }

    fn enqueue(&mut self, i: u32, team: TeamIx) {
        let now = self.now;
        self.incidents[i as usize].queued = Some(now);
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
    fn begin_mitigation(&mut self, i: u32, team: TeamIx) {
        let sc = self.sc;
        let now = self.now;
        self.incidents[i as usize].mitigation_started = Some(now);
        self.log(i, Some(team), What::MitigationStarted);
        let (kind, target) = (self.inc(i).kind, self.inc(i).target);
        let rng = &mut self.live[i as usize].rng;
        let mut secs = match sc.settings.mitigation {
            Some(ServiceTime::Exponential { mean_minutes }) => rng.exponential(mean_minutes * MINUTE),
            Some(ServiceTime::Lognormal { median_minutes, sigma }) => {
                rng.lognormal(median_minutes * MINUTE, sigma)
            }
            None => rng.lognormal(kind.defaults().mitigation_median_minutes * MINUTE, MITIGATION_SIGMA),
        };
        if !sc.owners(target).contains(&team) {
            secs *= NON_OWNER_FACTOR;
        }
        self.schedule(now + (secs.round() as Time).max(1), Action::MitigationDone(i));
    }

    fn mitigation_done(&mut self, i: u32) {
        let now = self.now;
        let team = self.inc(i).worker.expect("mitigation needs a worker");
        {
            let inc = &mut self.incidents[i as usize];
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
        self.decide_correction(i, team);
    }

    /// Is the root cause fixed, and when? Forced by a distinct error-budget
    /// policy owner once the burn passes the threshold; otherwise it
    /// competes with feature work by the owner's reliability share.
    fn decide_correction(&mut self, i: u32, worker: TeamIx) {
        let sc = self.sc;
        let now = self.now;
        let target = self.inc(i).target;
        let owners = sc.owners(target);
        let mut fix: Option<(Time, bool)> = None;
        if owners.contains(&worker) {
            let burn = self.worst_budget_share(i, now);
            let forced = burn >= sc.settings.policy_threshold && self.policy_owner(i, worker).is_some();
            let live = &mut self.live[i as usize];
            let driver = sc.postmortem_driver();
            let own = sc.team(worker).split.reliability / 100.0;
            let chance = ((own + POSTMORTEM_PULL * driver) / owners.len() as f64).min(1.0);
            if forced {
                fix = Some((now + live.rng.lognormal(FORCED_FIX_MEDIAN, 0.5).round() as Time, true));
            } else if live.rng.chance(chance) {
                fix = Some((now + live.rng.lognormal(VOLUNTARY_FIX_MEDIAN, 0.6).round() as Time, false));
            }
        }
        match fix {
            Some((t, forced)) if t < self.horizon => self.schedule(t, Action::Correct { inc: i, forced }),
            _ => {
                let owner = owners.first().copied();
                self.log(i, owner, What::NotPrioritized);
            }
        }
        if let Some(mean_days) = sc.settings.recurrence_mean_days {
            let t = now + self.live(i).rng.exponential(mean_days * DAY).round() as Time;
            let fixed_first = fix.is_some_and(|(ft, _)| ft <= t);
            if t < self.horizon && !fixed_first {
                self.schedule(t, Action::Recur(i));
            }
        }
    }

    /// The largest share of any affected service's error budget this
    /// incident has burned by `now` (services without an SLO count against
    /// the catalog default).
    fn worst_budget_share(&self, i: u32, now: Time) -> f64 {
        let inc = self.inc(i);
        let bad = self.live[i as usize].profile.integral(now.min(inc.natural_end) - inc.start);
        inc.affected.iter().map(|&s| bad / self.sc.budget_seconds(s)).fold(0.0, f64::max)
    }

    fn correct(&mut self, i: u32, forced: bool) {
        if self.live[i as usize].closed {
            return;
        }
        let now = self.now;
        let worker = self.inc(i).worker;
        self.incidents[i as usize].corrected = Some(now);
        self.log(i, worker, What::Corrected { forced });
        let outcome =
            if self.inc(i).handoffs <= 1 { Outcome::Resolved } else { Outcome::ResolvedAfterBouncing };
        self.close(i, outcome, worker);
    }

    /// The failure ends on its own. Unnoticed, it was silent; still being
    /// passed around with nobody mitigating, it stalled.
    fn fade(&mut self, i: u32) {
        let inc = self.inc(i);
        if inc.mitigation_started.is_some()
            || self.live[i as usize].closed && !self.live[i as usize].deflected
        {
            return;
        }
        let (detected, holder) = (inc.detected.is_some(), inc.holders.last().and_then(|h| h.1));
        self.log(i, None, What::Faded);
        if !detected {
            self.close(i, Outcome::Silent, None);
        } else if !self.live[i as usize].deflected {
            self.close(i, Outcome::Stalled, holder);
        }
    }

    fn recur(&mut self, parent: u32) {
        let now = self.now;
        let (kind, target, profile) = {
            let inc = self.inc(parent);
            (inc.kind, inc.target, self.live[parent as usize].profile)
        };
        let live = &mut self.live[parent as usize];
        live.recurrences += 1;
        let key = live.key.wrapping_mul(31).wrapping_add(u64::from(live.recurrences));
        let rng = Stream::new(self.seed, Family::Recurrence, key);
        let next = self.incidents.len() as u32;
        self.log(parent, None, What::Recurs { next });
        let id = self.add_incident(Source::Recurrence(parent), kind, target, profile, now, rng, key);
        self.schedule(now, Action::Start(id));
    }

    /// Gives the incident its outcome and logs it; the first close wins.
    fn close(&mut self, i: u32, outcome: Outcome, team: Option<TeamIx>) {
        let live = &mut self.live[i as usize];
        if live.closed {
            return;
        }
        live.closed = true;
        let profile = live.profile;
        let inc = &mut self.incidents[i as usize];
        inc.outcome = outcome;
        inc.closed = self.now;
        if inc.mitigated.is_none() {
            inc.impact_end = inc.natural_end.min(self.horizon);
        }
        inc.bad_seconds = profile.integral(inc.impact_end - inc.start);
        self.log(i, team, What::Closed { outcome });
    }

    /// The horizon: close whatever is still open and settle the queues.
    fn finish(&mut self) {
        self.now = self.horizon;
        for (t, q) in self.queues.iter_mut().enumerate() {
            q.advance(self.horizon);
            for &(i, since) in &q.waiting {
                q.stats.total_wait += (self.horizon - since) as f64;
                let _ = (t, i);
            }
        }
        for i in 0..self.incidents.len() as u32 {
            if self.live[i as usize].closed {
                continue;
            }
            let inc = self.inc(i);
            let outcome = if inc.detected.is_none() {
                Outcome::Silent
            } else if inc.mitigated.is_some() {
                Outcome::MitigatedNotCorrected
            } else {
                Outcome::Stalled
            };
            let holder = inc.holders.last().and_then(|h| h.1);
            self.close(i, outcome, holder);
        }
    }
}
