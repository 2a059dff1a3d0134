//! The event loop and the state it carries between phases.
//!
//! Teams never own time: every step is an [`Action`] on one heap ordered by
//! (time, sequence number), so ties resolve in the order they were
//! scheduled. The phases live in their own files: `detect` (signals, SLIs
//! and alerts), `route` (finding the owner, responder queues, mitigation)
//! and `settle` (postmortems, fix backlogs, the error-budget policy,
//! recurrence and outcomes).

use super::assumptions::{Assumptions, A};
use super::capacity::{capacity, Capacity};
use super::impact::Profile;
use super::rng::{key_of, Family, Stream};
use super::sli::Impact;
use super::*;
use crate::model::TeamIx;
use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap, VecDeque};

pub(super) const MINUTE: f64 = 60.0;
pub(super) const HOUR: f64 = 3_600.0;
pub(super) const DAY: f64 = 86_400.0;
pub(super) const WEEK: f64 = 7.0 * DAY;

/// Seconds from a float, saturating instead of wrapping.
pub(super) fn secs(x: f64) -> Time {
    if x.is_nan() {
        0
    } else {
        x.round().clamp(-(1i64 << 53) as f64, (1i64 << 53) as f64) as Time
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Action {
    Detect { inc: IncidentIx, channel: Channel, to: Option<TeamIx> },
    Ignore { inc: IncidentIx, channel: Channel, team: Option<TeamIx> },
    Alert { service: CapIx, rule: u32, gen: u32 },
    Review(CapIx),
    Arrive { inc: IncidentIx, from: Option<TeamIx>, to: TeamIx, why: HandOff },
    Enqueue { inc: IncidentIx, team: TeamIx },
    MitigationDone(IncidentIx),
    WorkDone { team: TeamIx, forced: bool },
    Fade(IncidentIx),
    Recur(u32),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Scheduled {
    time: Time,
    seq: u64,
    action: Action,
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
pub(super) struct Live {
    pub rng: Stream,
    pub profile: Profile,
    /// Teams that have held it, so guesses don't revisit them.
    pub visited: Vec<TeamIx>,
    pub escalated: bool,
    pub overruled: bool,
    pub closed: bool,
    pub deflected: bool,
    /// A burn-rate alert already sent someone to look at it.
    pub alerted: bool,
}

/// What the loop needs about a root cause.
pub(super) struct RootLive {
    pub key: u64,
    pub profile: Profile,
    pub recurrences: u32,
    pub recur_pending: bool,
    pub postmortem_queued: bool,
    /// The policy wants its fix forced as soon as it is filed.
    pub force_on_file: bool,
}

#[derive(Default)]
pub(super) struct TeamQueue {
    pub free: u32,
    pub waiting: VecDeque<(IncidentIx, Time)>,
    pub last_change: Time,
    pub stats: QueueStats,
}

impl TeamQueue {
    /// Accumulates the time-integrals up to `now`; call before any change.
    pub fn advance(&mut self, now: Time) {
        let dt = (now - self.last_change) as f64;
        self.stats.waiting_area += self.waiting.len() as f64 * dt;
        self.stats.busy_area += f64::from(self.stats.responders - self.free) * dt;
        self.last_change = now;
    }
}

/// A piece of reliability work in a team's backlog.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Work {
    Postmortem { root: u32, p0: bool },
    Fix { root: u32 },
}

/// One of a team's two lanes of planned work: its reliability hours, or
/// the feature hours a budget freeze takes. One item at a time, in order;
/// P0 items go to the front.
#[derive(Default)]
pub(super) struct Lane {
    /// Engineer-hours of work done per second.
    pub rate: f64,
    pub current: Option<(Work, Time)>,
    pub queue: VecDeque<Work>,
    /// Engineer-hours waiting in `queue`.
    pub queued_hours: f64,
}

/// A service's live SLI: impacts that may still sit in an alert or budget
/// window, and the generation that invalidates stale alert checks.
#[derive(Default)]
pub(super) struct ServiceSli {
    pub impacts: Vec<(IncidentIx, Impact)>,
    pub alert_gen: u32,
    /// The policy owner's running count of this window's consumption.
    pub window: i64,
    pub reviewed: Time,
    pub consumed: f64,
    pub exhausted_window: Option<i64>,
    pub alerts: u64,
    pub frozen: Vec<Time>,
}

/// A failure that has not begun yet. Incidents are created only when they
/// start, so the heap holds what is in flight, not the whole horizon.
pub(super) struct Pending {
    start: Time,
    source: Source,
    kind: FailureKind,
    target: CapIx,
    profile: Profile,
    family: Family,
    key: u64,
}

pub(super) struct Sim<'a> {
    pub sc: &'a Scenario,
    pub a: &'a Assumptions,
    pub cap: Capacity,
    pub seed: u64,
    pub horizon: Time,
    pub now: Time,
    seq: u64,
    heap: BinaryHeap<Reverse<Scheduled>>,
    pub incidents: Vec<Incident>,
    pub live: Vec<Live>,
    pub roots: Vec<RootCause>,
    pub root_live: Vec<RootLive>,
    pub queues: Vec<TeamQueue>,
    /// Per team: the reliability lane and the forced (feature-hours) lane.
    pub lanes: Vec<[Lane; 2]>,
    pub services: Vec<ServiceSli>,
    pub events: Vec<Event>,
    pub postmortems: Vec<u32>,
    pub fixes_done: Vec<u32>,
    /// Alert times already worked out at this instant, by (coverage, SLO
    /// target, impacts): many services share all three.
    pub alert_cache: (Time, Vec<AlertKey>),
    /// How many capabilities each team owns, counted once per run.
    pub owned: Vec<usize>,
}

pub(super) type AlertKey = ((u64, u64, Vec<Impact>), Vec<Option<Time>>);

/// Runs the scenario once with the given seed.
pub fn run(scenario: &Scenario, seed: u64) -> RunLog {
    let a = &scenario.settings.assumptions;
    let cap = capacity(scenario, a);
    let teams = scenario.teams.len();
    let mut sim = Sim {
        sc: scenario,
        a,
        seed,
        horizon: scenario.settings.horizon_s,
        now: 0,
        seq: 0,
        heap: BinaryHeap::new(),
        incidents: Vec::new(),
        live: Vec::new(),
        roots: Vec::new(),
        root_live: Vec::new(),
        queues: cap
            .teams
            .iter()
            .map(|h| {
                // A team without on-call still has someone who picks the
                // incident up in working hours.
                let n = h.responders.max(1);
                TeamQueue {
                    free: n,
                    stats: QueueStats { responders: n, ..QueueStats::default() },
                    ..TeamQueue::default()
                }
            })
            .collect(),
        lanes: cap
            .teams
            .iter()
            .map(|h| {
                [
                    Lane { rate: h.fix_lane / WEEK, ..Lane::default() },
                    Lane { rate: h.feature / WEEK, ..Lane::default() },
                ]
            })
            .collect(),
        services: (0..scenario.caps.len()).map(|_| ServiceSli::default()).collect(),
        events: Vec::new(),
        postmortems: vec![0; teams],
        fixes_done: vec![0; teams],
        alert_cache: (-1, Vec::new()),
        owned: {
            let mut owned = vec![0; teams];
            for c in &scenario.caps {
                for t in &c.owners {
                    owned[t.get()] += 1;
                }
            }
            owned
        },
        cap,
    };
    let pending = sim.seed_incidents();
    // The policy owner reviews each service's budget on a fixed rhythm.
    let first = secs(a.get(A::BudgetReviewHours) * HOUR).max(1);
    if sim.cap.enforcer.is_some() && first < sim.horizon {
        let watched: Vec<CapIx> = scenario.cap_ixs().filter(|&c| sim.cap.working_slo(c)).collect();
        for s in watched {
            sim.schedule(first, Action::Review(s));
        }
    }
    // Merge the failures still to begin with the heap. At equal times a
    // failure begins first, as if it had been scheduled before anything else.
    let mut pending = pending.into_iter().peekable();
    loop {
        let next_pending = pending.peek().map(|p| p.start);
        let queued = sim.heap.peek().map(|r| r.0.time);
        let take_pending = match (next_pending, queued) {
            (Some(p), Some(q)) => p <= q,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        let time = if take_pending { next_pending } else { queued }.unwrap_or(sim.horizon);
        if time >= sim.horizon {
            break;
        }
        debug_assert!(time >= sim.now, "time went backwards");
        sim.now = time;
        if take_pending {
            if let Some(p) = pending.next() {
                let root = sim.add_root(&p);
                let rng = Stream::new(sim.seed, p.family, p.key);
                let id = sim.add_incident(root, p.source, p.start, rng);
                sim.start(id);
            }
            continue;
        }
        let Some(Reverse(next)) = sim.heap.pop() else { break };
        sim.step(next.action);
    }
    sim.finish()
}

impl<'a> Sim<'a> {
    pub fn schedule(&mut self, time: Time, action: Action) {
        self.seq += 1;
        self.heap.push(Reverse(Scheduled { time, seq: self.seq, action }));
    }

    pub fn log(&mut self, inc: IncidentIx, team: Option<TeamIx>, what: What) {
        self.events.push(Event { time: self.now, incident: inc, team, what });
    }

    pub fn inc(&self, i: IncidentIx) -> &Incident {
        &self.incidents[i.get()]
    }

    pub fn inc_mut(&mut self, i: IncidentIx) -> &mut Incident {
        &mut self.incidents[i.get()]
    }

    pub fn live(&mut self, i: IncidentIx) -> &mut Live {
        &mut self.live[i.get()]
    }

    pub fn is_closed(&self, i: IncidentIx) -> bool {
        self.live[i.get()].closed
    }

    fn step(&mut self, action: Action) {
        match action {
            Action::Detect { inc, channel, to } => self.detect(inc, channel, to),
            Action::Ignore { inc, channel, team } => {
                if !self.is_closed(inc) && self.inc(inc).detected.is_none() {
                    self.log(inc, team, What::Ignored { channel });
                }
            }
            Action::Alert { service, rule, gen } => self.alert(service, rule, gen),
            Action::Review(service) => self.review(service),
            Action::Arrive { inc, from, to, why } => self.arrive(inc, from, to, why),
            Action::Enqueue { inc, team } => self.enqueue(inc, team),
            Action::MitigationDone(i) => self.mitigation_done(i),
            Action::WorkDone { team, forced } => self.work_done(team, forced),
            Action::Fade(i) => self.fade(i),
            Action::Recur(r) => self.recur(r),
        }
    }

    /// Lists every failure that begins within the horizon, in start order:
    /// the injected ones, then a Poisson stream of background incidents.
    fn seed_incidents(&mut self) -> Vec<Pending> {
        let sc = self.sc;
        let mut pending = Vec::new();
        for f in &sc.failures {
            if f.start_s < self.horizon {
                pending.push(Pending {
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
        let hurting: Vec<CapIx> = sc.cap_ixs().filter(|&c| !sc.affected_services(c).is_empty()).collect();
        let targets: Vec<CapIx> = if hurting.is_empty() { sc.cap_ixs().collect() } else { hurting };
        if rate > 0.0 && !targets.is_empty() {
            let mut arrivals = Stream::new(self.seed, Family::Arrivals, 0);
            let kinds = &sc.settings.background_kinds;
            let mut t = 0.0;
            for n in 0u32.. {
                t += arrivals.exponential(DAY / rate);
                let start = secs(t);
                if start >= self.horizon {
                    break;
                }
                let kind = kinds[arrivals.below(kinds.len())];
                let target = targets[arrivals.below(targets.len())];
                let d = kind.defaults();
                pending.push(Pending {
                    start,
                    source: Source::Background(n),
                    kind,
                    target,
                    profile: Profile {
                        shape: d.shape,
                        severity: d.severity,
                        duration: secs(d.duration_hours * HOUR),
                    },
                    family: Family::Background,
                    key: u64::from(n),
                });
            }
        }
        // Stable: at equal times injected failures keep file order and come
        // before background incidents.
        pending.sort_by_key(|p| p.start);
        pending
    }

    fn add_root(&mut self, p: &Pending) -> u32 {
        let id = self.roots.len() as u32;
        self.roots.push(RootCause {
            kind: p.kind,
            target: p.target,
            incidents: Vec::new(),
            detected: None,
            fix_owner: None,
            filed: None,
            p0: false,
            forced: None,
            fixed: None,
            due: None,
        });
        self.root_live.push(RootLive {
            key: p.key,
            profile: p.profile,
            recurrences: 0,
            recur_pending: false,
            postmortem_queued: false,
            force_on_file: false,
        });
        id
    }

    pub fn add_incident(&mut self, root: u32, source: Source, start: Time, rng: Stream) -> IncidentIx {
        let id = IncidentIx(self.incidents.len() as u32);
        let (kind, target) = (self.roots[root as usize].kind, self.roots[root as usize].target);
        let profile = self.root_live[root as usize].profile;
        self.roots[root as usize].incidents.push(id);
        self.incidents.push(Incident {
            id,
            root,
            source,
            kind,
            target,
            shape: profile.shape,
            severity: profile.severity,
            start,
            natural_end: start.saturating_add(profile.duration),
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
            peak: profile.severity,
        });
        self.live.push(Live {
            rng,
            profile,
            visited: Vec::new(),
            escalated: false,
            overruled: false,
            closed: false,
            deflected: false,
            alerted: false,
        });
        id
    }

    /// A root cause comes back: a new incident with its own stream.
    fn recur(&mut self, r: u32) {
        self.root_live[r as usize].recur_pending = false;
        if self.roots[r as usize].fixed.is_some() {
            return;
        }
        let now = self.now;
        let rl = &mut self.root_live[r as usize];
        rl.recurrences += 1;
        let key = rl.key.wrapping_mul(31).wrapping_add(u64::from(rl.recurrences));
        let rng = Stream::new(self.seed, Family::Recurrence, key);
        let prev = *self.roots[r as usize].incidents.last().expect("a root cause has its first incident");
        let next = IncidentIx(self.incidents.len() as u32);
        self.log(prev, None, What::Recurs { next });
        let id = self.add_incident(r, Source::Recurrence(prev), now, rng);
        self.start(id);
    }

    /// Schedules the root cause's next episode once the current one stopped hurting.
    pub fn schedule_recurrence(&mut self, r: u32) {
        let Some(mean_days) = self.sc.settings.recurrence_mean_days else { return };
        if self.roots[r as usize].fixed.is_some() || self.root_live[r as usize].recur_pending {
            return;
        }
        let last = *self.roots[r as usize].incidents.last().expect("a root cause has its first incident");
        let gap = self.live(last).rng.exponential(mean_days * DAY);
        let t = self.now.saturating_add(secs(gap).max(1));
        if t < self.horizon {
            self.root_live[r as usize].recur_pending = true;
            self.schedule(t, Action::Recur(r));
        }
    }

    /// The horizon: close whatever is still open, settle the queues, and
    /// report teams and services.
    fn finish(mut self) -> RunLog {
        self.now = self.horizon;
        for q in self.queues.iter_mut() {
            q.advance(self.horizon);
            for &(_, since) in &q.waiting {
                q.stats.total_wait += (self.horizon - since) as f64;
            }
        }
        self.date_backlogs();
        for i in 0..self.incidents.len() as u32 {
            self.close_at_horizon(IncidentIx(i));
        }
        let weeks = self.horizon as f64 / WEEK;
        let teams = (0..self.sc.teams.len())
            .map(|t| {
                let hours = self.cap.teams[t].clone();
                let q = &self.queues[t].stats;
                let backlog: Vec<Work> = self.lanes[t]
                    .iter()
                    .flat_map(|l| l.current.map(|c| c.0).into_iter().chain(l.queue.iter().copied()))
                    .collect();
                TeamLoad {
                    incident_hours_per_week: q.busy_area / HOUR / weeks.max(1e-9),
                    pages_per_on_call_week: if hours.responders > 0 {
                        q.pages as f64 / weeks.max(1e-9)
                    } else {
                        0.0
                    },
                    postmortems: self.postmortems[t],
                    fixes_done: self.fixes_done[t],
                    backlog_items: backlog.len() as u32,
                    backlog_hours: backlog.iter().map(|w| self.effort(*w)).sum(),
                    hours,
                }
            })
            .collect();
        let services = self.service_loads();
        RunLog {
            seed: self.seed,
            horizon: self.horizon,
            events: self.events,
            incidents: self.incidents,
            root_causes: self.roots,
            queues: self.queues.into_iter().map(|q| q.stats).collect(),
            teams,
            services,
            capacity: self.cap,
        }
    }

    /// Each service's budget consumed per calendar SLO window, from the
    /// combined impact of every incident that reached it. Services behind
    /// the same systems share their incidents, so each distinct set of
    /// incidents, window and budget is integrated once.
    fn service_loads(&self) -> Vec<ServiceLoad> {
        let sc = self.sc;
        let mut hitting: Vec<Vec<u32>> = vec![Vec::new(); sc.caps.len()];
        for (k, inc) in self.incidents.iter().enumerate() {
            for &s in &inc.affected {
                hitting[s.get()].push(k as u32);
            }
        }
        let mut done: BTreeMap<(Vec<u32>, i64, u64), Vec<f64>> = BTreeMap::new();
        sc.cap_ixs()
            .filter(|&c| sc.cap(c).layer == crate::model::Layer::Service)
            .map(|s| {
                let window = sc.window_seconds(s).max(1);
                let budget = sc.budget_seconds(s);
                let key = (std::mem::take(&mut hitting[s.get()]), window, budget.to_bits());
                let windows = done
                    .entry(key)
                    .or_insert_with_key(|(ids, _, _)| {
                        let impacts: Vec<Impact> = ids
                            .iter()
                            .map(|&k| {
                                let i = &self.incidents[k as usize];
                                Impact {
                                    start: i.start,
                                    end: i.impact_end,
                                    profile: Profile {
                                        shape: i.shape,
                                        severity: i.severity,
                                        duration: i.natural_end - i.start,
                                    },
                                }
                            })
                            .collect();
                        let mut windows = Vec::new();
                        let mut from = 0;
                        while from < self.horizon {
                            let to = (from + window).min(self.horizon);
                            windows.push(super::sli::combined(&impacts, from, to) / budget);
                            from = to;
                        }
                        windows
                    })
                    .clone();
                ServiceLoad { service: s, windows, frozen: self.services[s.get()].frozen.clone() }
            })
            .collect()
    }

    /// Engineer-hours a piece of work takes.
    pub fn effort(&self, w: Work) -> f64 {
        match w {
            Work::Postmortem { .. } => self.a.get(A::PostmortemHours),
            Work::Fix { root } => self.a.fix_hours(self.roots[root as usize].kind),
        }
    }
}
