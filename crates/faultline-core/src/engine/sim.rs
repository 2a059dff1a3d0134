//! The event loop and the state it carries between phases.
//!
//! Teams never own time: every step is an [`Action`] on one heap ordered by
//! (time, sequence number), so ties resolve in the order they were
//! scheduled. The phases live in their own files: `begin` (failures and
//! recurrences), `detect` (signals, SLIs and alerts), `route` (finding the
//! owner, responder queues, mitigation), `settle` (postmortems, fix
//! backlogs, outcomes), `policy` (the error-budget policy) and `horizon`
//! (the end of the run and its report); `state` holds what they share.

use super::assumptions::{Assumptions, A};
use super::capacity::{capacity, Capacity};
use super::rng::Stream;
use super::sli::{Scratch, Series};
use super::*;
use crate::model::TeamIx;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

pub(super) use super::state::{Lane, Live, RootLive, ServiceSli, SliClass, TeamQueue, Work};

pub(super) const MINUTE: f64 = crate::time::MINUTE as f64;
pub(super) const HOUR: f64 = crate::time::HOUR as f64;
pub(super) const DAY: f64 = crate::time::DAY as f64;
pub(super) const WEEK: f64 = crate::time::WEEK as f64;
/// How far ahead one alert check looks before it schedules another. It
/// bounds the work an impact change costs. The next check carries the
/// search on from where this one stopped, so an alert fires at the same
/// second; only its order among actions due in that same second can differ.
pub(super) const LOOKAHEAD: Time = crate::time::HOUR;

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
    Detect {
        inc: IncidentIx,
        channel: Channel,
        to: Option<TeamIx>,
    },
    Ignore {
        inc: IncidentIx,
        channel: Channel,
        team: Option<TeamIx>,
    },
    Alert {
        service: CapIx,
        rule: u32,
        gen: u32,
    },
    /// A round of the policy owner's budget reviews.
    Reviews,
    Arrive {
        inc: IncidentIx,
        from: Option<TeamIx>,
        to: TeamIx,
        why: HandOff,
    },
    Enqueue {
        inc: IncidentIx,
        team: TeamIx,
    },
    MitigationDone(IncidentIx),
    WorkDone {
        team: TeamIx,
        forced: bool,
    },
    Fade(IncidentIx),
    Recur(u32),
    /// An alert search reached its look-ahead without firing: look again.
    Recheck {
        class: usize,
        gen: u32,
    },
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
    pub classes: Vec<SliClass>,
    /// Buffers every tabulation of an SLI works in, reused all run long.
    pub scratch: Scratch,
    /// The series an alert search tabulates ahead of the present, reused
    /// from one search to the next.
    pub future: Series,
    /// Whether classes forget what no window or review reaches (always,
    /// but in the test that forgetting changes nothing).
    pub forget: bool,
    /// Alerts and later looks found by rearming classes, not yet
    /// scheduled, each beside the service it alerts through.
    pub due_alerts: Vec<(CapIx, Time, Action)>,
    /// Counts operations that touch several classes, to visit each once.
    pub stamp: u64,
    /// Work done so far, in [`Budget`] units.
    pub work: u64,
    pub stopped: Option<Stopped>,
    /// Per capability, once found: who watches its dependents.
    pub watchers: Vec<Option<Option<(CapIx, TeamIx)>>>,
    pub events: Vec<Event>,
    pub postmortems: Vec<u32>,
    pub fixes_done: Vec<u32>,
    /// How many capabilities each team owns, counted once per run.
    pub owned: Vec<usize>,
    /// The services the policy owner reviews, in the scenario's order.
    pub reviewing: Vec<CapIx>,
}

/// Runs the scenario once with the given seed, within [`Budget::RUN`].
///
/// The same scenario and seed give the same log, on every machine:
///
/// ```
/// use faultline_core::engine::run;
/// use faultline_core::model::{presets::preset, validate};
///
/// let sc = validate(preset("shared-deploy").unwrap()).unwrap();
/// let log = run(&sc, 42);
/// assert_eq!(log, run(&sc, 42));
/// assert!(!log.incidents.is_empty(), "the preset's failures become incidents");
/// ```
pub fn run(scenario: &Scenario, seed: u64) -> RunLog {
    run_within(scenario, seed, Budget::RUN)
}

/// Runs the scenario once with the given seed and budget. A run that
/// reaches its budget ends there, with [`RunLog::stopped`] saying why.
pub fn run_within(scenario: &Scenario, seed: u64, budget: Budget) -> RunLog {
    simulate(scenario, seed, budget, true)
}

/// [`run`], but forgetting nothing a run no longer needs: impacts and
/// tabulation that left every alert window and budget review stay. Only
/// memory and work differ from [`run`], and a test holds it to that; a
/// run that forgot something it still needed would read differently.
#[doc(hidden)]
pub fn run_remembering_everything(scenario: &Scenario, seed: u64) -> RunLog {
    simulate(scenario, seed, Budget::RUN, false)
}

fn simulate(scenario: &Scenario, seed: u64, budget: Budget, forget: bool) -> RunLog {
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
        classes: Vec::new(),
        scratch: Scratch::default(),
        future: Series::empty(0),
        due_alerts: Vec::new(),
        stamp: 0,
        work: 0,
        stopped: None,
        forget,
        watchers: vec![None; scenario.caps.len()],
        events: Vec::new(),
        postmortems: vec![0; teams],
        fixes_done: vec![0; teams],
        owned: {
            let mut owned = vec![0; teams];
            for c in &scenario.caps {
                for t in &c.owners {
                    owned[t.get()] += 1;
                }
            }
            owned
        },
        reviewing: Vec::new(),
        cap,
    };
    sim.classify_services();
    let pending = sim.seed_incidents();
    // The policy owner reviews each service's budget on a fixed rhythm.
    let first = secs(a.get(A::BudgetReviewHours) * HOUR).max(1);
    if sim.cap.enforcer.is_some() && first < sim.horizon {
        sim.reviewing = scenario.cap_ixs().filter(|&c| sim.cap.working_slo(c)).collect();
        if !sim.reviewing.is_empty() {
            sim.schedule(first, Action::Reviews);
        }
    }
    // Merge the failures still to begin with the heap. At equal times a
    // failure begins first, as if it had been scheduled before anything else.
    let mut pending = pending.peekable();
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
        sim.work += 1;
        let events = sim.events.len() as u64;
        if events >= budget.events || sim.work >= budget.work {
            sim.stopped = Some(Stopped {
                at: sim.now,
                events,
                incidents: sim.incidents.len() as u64,
                out_of_events: events >= budget.events,
            });
            // What is still open is closed here, as at a horizon.
            sim.horizon = sim.now.max(1);
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
                debug_assert!(
                    sim.due_alerts.is_empty(),
                    "a failure's start rearmed alerts without scheduling them"
                );
            }
            continue;
        }
        let Some(Reverse(next)) = sim.heap.pop() else { break };
        sim.step(next.action);
        debug_assert!(sim.due_alerts.is_empty(), "an action rearmed alerts without scheduling them");
    }
    sim.finish()
}

impl<'a> Sim<'a> {
    /// Every service a failure can reach starts in one class, having seen
    /// no incidents; each failure then moves the services it reaches to a
    /// class of their own where they part from the rest (see `start`), so a
    /// class is always the services that have seen exactly the same
    /// incidents, and an incident costs one SLI update per class it
    /// reaches, however many services share it.
    fn classify_services(&mut self) {
        let sc = self.sc;
        let mut reachable = vec![false; sc.caps.len()];
        for c in sc.cap_ixs() {
            for &s in sc.affected_services(c) {
                reachable[s.get()] = true;
            }
        }
        let mut all = SliClass::new();
        all.services = sc.cap_ixs().filter(|s| reachable[s.get()]).collect();
        for &s in &all.services {
            self.services[s.get()].class = Some(0);
        }
        if !all.services.is_empty() {
            self.classes.push(all);
        }
    }

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
            Action::Reviews => self.reviews(),
            Action::Arrive { inc, from, to, why } => self.arrive(inc, from, to, why),
            Action::Enqueue { inc, team } => self.enqueue(inc, team),
            Action::MitigationDone(i) => self.mitigation_done(i),
            Action::WorkDone { team, forced } => self.work_done(team, forced),
            Action::Fade(i) => self.fade(i),
            Action::Recur(r) => self.recur(r),
            Action::Recheck { class, gen } => {
                if self.classes[class].gen == gen {
                    self.rearm_alerts(class);
                    self.schedule_alerts();
                }
            }
        }
    }
}
