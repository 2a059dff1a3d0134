//! The discrete-event simulation: a validated scenario and a seed in, an
//! event log and per-incident records out.
//!
//! It is pure and deterministic: no I/O, no clock, no browser, integer time
//! in seconds, events ordered by (time, sequence number), and randomness
//! only from per-incident ChaCha streams derived from the seed (see [`rng`]).
//! The same scenario and seed give a byte-identical log on every target.

pub mod assumptions;
mod begin;
pub mod capacity;
mod detect;
mod horizon;
pub mod impact;
mod policy;
pub mod rng;
mod route;
mod settle;
mod sim;
pub mod sli;
mod state;
mod text;

use crate::model::{CapIx, FailureId, FailureKind, Scenario, Shape, TeamIx};
use serde::{Deserialize, Serialize};

pub use capacity::{Capacity, Coverage, TeamHours};
pub use sim::{run, run_remembering_everything, run_within};
pub use text::{format_clock, format_duration, thousands};

/// Seconds, since the start of the run.
pub type Time = i64;

/// An incident's index in [`RunLog::incidents`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct IncidentIx(pub u32);

impl IncidentIx {
    pub fn get(self) -> usize {
        self.0 as usize
    }
}

impl std::fmt::Display for IncidentIx {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// How an incident ended. Every incident ends in exactly one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Detected, routed with at most one hand-off, mitigated and corrected.
    Resolved,
    /// Mitigated and corrected, but only after more than one hand-off.
    ResolvedAfterBouncing,
    /// User impact stopped; the fix is in a backlog with a date past the horizon.
    FixPending,
    /// User impact stopped; no fix was ever scheduled, or nobody has hours for it.
    NeverPrioritised,
    /// Closed as "working as designed" while users were still hurt.
    Deflected,
    /// Detected but still being passed around or waiting at the horizon.
    Stalled,
    /// Burned faster than the SLO allows and nothing acted on it.
    Silent,
    /// Unnoticed, but never burned faster than 1× the SLO's budget: the SLO allows it.
    WithinSlo,
}

impl Outcome {
    pub const ALL: [Outcome; 8] = [
        Self::Resolved,
        Self::ResolvedAfterBouncing,
        Self::FixPending,
        Self::NeverPrioritised,
        Self::Deflected,
        Self::Stalled,
        Self::Silent,
        Self::WithinSlo,
    ];

    /// How many outcomes there are.
    pub const COUNT: usize = Self::ALL.len();

    /// The snake_case name used in JSON and CSV.
    pub fn name(self) -> &'static str {
        match self {
            Self::Resolved => "resolved",
            Self::ResolvedAfterBouncing => "resolved_after_bouncing",
            Self::FixPending => "fix_pending",
            Self::NeverPrioritised => "never_prioritised",
            Self::Deflected => "deflected",
            Self::Stalled => "stalled",
            Self::Silent => "silent",
            Self::WithinSlo => "within_slo",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Resolved => "resolved by accountability",
            Self::ResolvedAfterBouncing => "resolved after bouncing",
            Self::FixPending => "mitigated, fix pending",
            Self::NeverPrioritised => "mitigated, fix never prioritised",
            Self::Deflected => "deflected as working as designed",
            Self::Stalled => "stalled between teams",
            Self::Silent => "degraded silently",
            Self::WithinSlo => "within SLO",
        }
    }

    /// Its position in [`Outcome::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// Outcomes in which users kept being hurt with nobody acting.
    pub fn is_unaccountable(self) -> bool {
        matches!(self, Self::Deflected | Self::Silent | Self::Stalled)
    }
}

/// Where an incident came from.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// One of the scenario's injected failures.
    Injected(FailureId),
    /// The n-th background incident.
    Background(u32),
    /// The comeback of an earlier incident whose root cause was never fixed.
    Recurrence(IncidentIx),
}

/// The detection channel that fired first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// A multiwindow burn-rate alert on an affected service's SLO.
    BurnRate { service: CapIx, rule: u32, page: bool },
    /// The failed capability's owner's own monitoring.
    OwnerMonitoring,
    /// The monitoring of a team owning a capability that depends on the
    /// failed one: it sees its own system suffer and must find the cause.
    DependentMonitoring { via: CapIx },
    /// Customers complaining to the team that owns an affected service.
    Complaint { service: CapIx },
    /// The error-budget-policy owner, looking into an exhausted budget.
    BudgetPolicy { service: CapIx },
}

/// Why an incident moved from one team to another.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HandOff {
    /// To the single clear owner.
    ToOwner,
    /// To a co-owner of a shared capability.
    ToCoOwner,
    /// A co-owner passed it on, assuming another co-owner has it.
    Deferred,
    /// A guess, because nobody owns the capability; the team says "not ours".
    WrongGuess,
    /// The error-budget-policy owner overruled a "working as designed".
    Overruled,
    /// Leadership assigned it after too many hops.
    Assigned,
}

/// What happened, one variant per kind of step in the lifecycle.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum What {
    Started {
        services: u32,
    },
    Detected {
        channel: Channel,
    },
    /// A non-urgent signal that nobody acted on.
    Ignored {
        channel: Channel,
    },
    HandedOff {
        from: Option<TeamIx>,
        to: TeamIx,
        why: HandOff,
    },
    WorkingAsDesigned {
        to: Option<TeamIx>,
    },
    Escalated {
        hops: u32,
    },
    Queued {
        ahead: u32,
    },
    MitigationStarted,
    Mitigated,
    Corrected {
        forced: bool,
    },
    /// Nobody filed a fix for the root cause.
    NotPrioritized,
    /// A postmortem was held; its action item goes to `owner`.
    Postmortem {
        owner: Option<TeamIx>,
    },
    /// A fix item joined `owner`'s backlog, due (at today's pace) at `due`.
    FixFiled {
        owner: TeamIx,
        p0: bool,
        due: Option<Time>,
    },
    /// A service's error budget for this window is exhausted and the policy
    /// is enforced: feature work on it freezes, its fixes are forced.
    BudgetExhausted {
        service: CapIx,
    },
    Recurs {
        next: IncidentIx,
    },
    Faded,
    Closed {
        outcome: Outcome,
    },
}

/// One step in the log: when, which incident, which team acted, and what.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Event {
    pub time: Time,
    pub incident: IncidentIx,
    pub team: Option<TeamIx>,
    pub what: What,
}

impl Event {
    /// One plain sentence for the timeline.
    pub fn sentence(&self, scenario: &Scenario, log: &RunLog) -> String {
        text::sentence(self, scenario, log)
    }
}

/// Everything the run learned about one incident.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Incident {
    pub id: IncidentIx,
    /// Its root cause's index in [`RunLog::root_causes`].
    pub root: u32,
    pub source: Source,
    pub kind: FailureKind,
    pub target: CapIx,
    pub shape: Shape,
    pub severity: f64,
    pub start: Time,
    /// When it would end on its own.
    pub natural_end: Time,
    /// Shared with the scenario and every incident of the same capability.
    pub affected: std::sync::Arc<[CapIx]>,
    pub detected: Option<Time>,
    pub channel: Option<Channel>,
    pub receiver: Option<TeamIx>,
    pub handoffs: u32,
    /// When it reached the team that mitigates it.
    pub routed: Option<Time>,
    pub worker: Option<TeamIx>,
    /// When it joined the worker's responder queue.
    pub queued: Option<Time>,
    pub mitigation_started: Option<Time>,
    pub mitigated: Option<Time>,
    pub corrected: Option<Time>,
    /// When users stopped being hurt: mitigation, natural end or the horizon.
    pub impact_end: Time,
    /// Bad-event seconds on each affected service (the integral of impact).
    pub bad_seconds: f64,
    /// Who held the incident from when: a new entry at every hand-off.
    pub holders: Vec<(Time, Option<TeamIx>)>,
    pub outcome: Outcome,
    /// When the outcome was settled (its `Closed` event).
    pub closed: Time,
    /// Whether it went to leadership after too many hand-offs.
    pub escalated: bool,
    /// The highest bad-event fraction it reached on users.
    pub peak: f64,
}

impl Incident {
    /// Its impact profile, as the engine played it.
    pub fn profile(&self) -> impact::Profile {
        impact::Profile {
            shape: self.shape,
            severity: self.severity,
            duration: self.natural_end - self.start,
        }
    }

    /// Its impact on each affected service, from its start to when users stopped being hurt.
    pub fn impact(&self) -> sli::Impact {
        sli::Impact { start: self.start, end: self.impact_end, profile: self.profile() }
    }

    pub fn time_to_detect(&self) -> Option<Time> {
        self.detected.map(|t| t - self.start)
    }

    pub fn time_to_route(&self) -> Option<Time> {
        Some(self.routed? - self.detected?)
    }

    pub fn time_to_mitigate(&self) -> Option<Time> {
        self.mitigated.map(|t| t - self.start)
    }

    pub fn time_to_correct(&self) -> Option<Time> {
        self.corrected.map(|t| t - self.start)
    }

    /// Seconds spent waiting for a free responder; still waiting at the
    /// horizon counts up to the horizon.
    pub fn queue_wait(&self, horizon: Time) -> Option<Time> {
        Some(self.mitigation_started.unwrap_or(horizon) - self.queued?)
    }
}

/// Responder-queue bookkeeping for one team, for Little's law and load.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct QueueStats {
    pub responders: u32,
    /// Incidents that joined the queue.
    pub arrivals: u64,
    /// Time-integral of the number waiting, in incident-seconds.
    pub waiting_area: f64,
    /// Time-integral of busy responders, in responder-seconds.
    pub busy_area: f64,
    /// Total seconds waited by arrivals, counted up to the horizon.
    pub total_wait: f64,
    /// Pages (detections) that first reached this team.
    pub pages: u64,
}

/// A failure that stays until it is fixed: each of its incidents is one
/// episode of user impact.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RootCause {
    pub kind: FailureKind,
    pub target: CapIx,
    pub incidents: Vec<IncidentIx>,
    /// When someone first acted on one of its incidents.
    pub detected: Option<Time>,
    /// Whose backlog its fix item went to, when, and whether as a P0.
    pub fix_owner: Option<TeamIx>,
    pub filed: Option<Time>,
    pub p0: bool,
    /// When the error-budget policy forced it onto feature hours.
    pub forced: Option<Time>,
    pub fixed: Option<Time>,
    /// When a fix still in a backlog at the horizon would be done at the
    /// owner's pace; None if nobody has hours for it.
    pub due: Option<Time>,
}

/// What a team did with its week, measured over the run.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct TeamLoad {
    /// The weekly plan: feature, reliability, toil, on-call, coverage, fix lane.
    pub hours: TeamHours,
    /// Responder-hours a week spent mitigating incidents.
    pub incident_hours_per_week: f64,
    /// Pages per on-call week (0 without on-call).
    pub pages_per_on_call_week: f64,
    pub postmortems: u32,
    pub fixes_done: u32,
    /// Items and engineer-hours still in its backlog at the horizon.
    pub backlog_items: u32,
    pub backlog_hours: f64,
}

/// One service's SLO over the run.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ServiceLoad {
    pub service: CapIx,
    /// Share of each SLO window's budget consumed (calendar windows from
    /// the start; the last may be partial). 1.0 or more is a breach.
    pub windows: Vec<f64>,
    /// Windows whose exhaustion the policy enforced, with when.
    pub frozen: Vec<Time>,
    /// Services of the same class saw exactly the same incidents over the
    /// run (the engine's SLI class at the horizon), so their bad seconds
    /// are one series; `None` for a service no failure can reach.
    #[serde(skip)]
    pub class: Option<u32>,
}

/// The result of one run.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RunLog {
    pub seed: u64,
    pub horizon: Time,
    pub events: Vec<Event>,
    pub incidents: Vec<Incident>,
    pub root_causes: Vec<RootCause>,
    pub queues: Vec<QueueStats>,
    pub teams: Vec<TeamLoad>,
    /// Services with an SLO or users, in capability order.
    pub services: Vec<ServiceLoad>,
    pub capacity: Capacity,
    /// Units of work the run took (see [`Budget`]).
    pub work: u64,
    /// Why the run ended before its horizon, if it did.
    pub stopped: Option<Stopped>,
}

/// What one run may spend. Every run has a budget, checked as it runs: the
/// events it logs (and so its memory) and its work, counted in units that
/// follow time closely (an event handled, a piece of a service's SLI
/// tabulated, a factor of its product updated, a step of an alert search).
/// A run that reaches either stops cleanly with [`RunLog::stopped`] set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Budget {
    pub events: u64,
    pub work: u64,
}

impl Budget {
    /// What any run may spend: about a million events (some 200 MB at
    /// most) and a few seconds of work on a laptop.
    pub const RUN: Budget = Budget { events: 1_000_000, work: 400_000_000 };
}

/// A run stopped before its horizon because it reached its [`Budget`].
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Stopped {
    /// When, in simulated seconds.
    pub at: Time,
    /// Events logged and incidents begun by then.
    pub events: u64,
    pub incidents: u64,
    /// True if it was the event budget, false if the work budget.
    pub out_of_events: bool,
}

impl Stopped {
    /// Why, in words a user can act on.
    pub fn message(&self) -> String {
        let when = format_clock(self.at);
        let why = if self.out_of_events {
            format!(
                "failures begin or recur faster than the teams can handle them, and a run is limited to {} events",
                text::thousands(Budget::RUN.events)
            )
        } else {
            "so many failures hurt the same services at once that working out their SLIs took more than a run may \
             spend"
                .to_owned()
        };
        format!(
            "The run stopped at {when}, after {} events and {} incidents: {why}. What it shows covers only the time \
             before. Lower the background rate, raise recurrence_mean_days, or shorten the horizon.",
            text::thousands(self.events),
            text::thousands(self.incidents),
        )
    }
}

impl RunLog {
    /// The log as JSON lines, one event with its sentence per line: the form
    /// compared byte for byte across targets.
    pub fn to_jsonl(&self, scenario: &Scenario) -> String {
        #[derive(Serialize)]
        struct Line<'a> {
            #[serde(flatten)]
            event: &'a Event,
            text: String,
        }
        let mut out = String::new();
        for e in &self.events {
            let line = Line { event: e, text: e.sentence(scenario, self) };
            // Plain data with string keys always serializes.
            out.push_str(&serde_json::to_string(&line).expect("events serialize"));
            out.push('\n');
        }
        out
    }
}
