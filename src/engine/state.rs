//! The state the event loop keeps beside the public records: what each
//! incident and root cause needs while in flight, the responder queues,
//! the fix lanes and each service's live SLI.

use super::impact::Profile;
use super::rng::Stream;
use super::sim::secs;
use super::sli::Impact;
use super::*;
use crate::model::TeamIx;
use std::collections::VecDeque;

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

impl Lane {
    /// Seconds this lane takes for `hours` of work (at least one).
    pub fn duration(&self, hours: f64) -> Time {
        secs(hours / self.rate).max(1)
    }
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

/// Alert times already worked out at an instant, by (coverage, SLO target, impacts).
pub(super) type AlertKey = ((u64, u64, Vec<Impact>), Vec<Option<Time>>);
