//! The state the event loop keeps beside the public records: what each
//! incident and root cause needs while in flight, the responder queues,
//! the fix lanes and each service's live SLI.

use super::impact::Profile;
use super::rng::Stream;
use super::sim::secs;
use super::sli::{Impact, Scratch, Series};
use super::*;
use crate::model::{CapIx, TeamIx};
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

/// A service's live SLI state: the generation that invalidates stale alert
/// checks, and the policy owner's running count of this window's budget.
/// Its impacts live in its [`SliClass`].
#[derive(Default)]
pub(super) struct ServiceSli {
    /// Its class in `Sim::classes`; services no failure reaches have none.
    pub class: Option<usize>,
    pub alert_gen: u32,
    pub window: i64,
    pub reviewed: Time,
    pub consumed: f64,
    pub exhausted_window: Option<i64>,
    pub alerts: u64,
    pub frozen: Vec<Time>,
}

/// Services behind the same set of capabilities see the same impacts at
/// the same times, so they share one list of impacts and one tabulated
/// past: an incident costs one SLI update per class, not per service.
pub(super) struct SliClass {
    pub services: Vec<CapIx>,
    /// Impacts that may still sit in an alert window or an unreviewed
    /// budget, in the order they began, beside their incidents.
    pub incidents: Vec<IncidentIx>,
    pub impacts: Vec<Impact>,
    /// Incidents whose impacts were forgotten but ended within a service's
    /// current budget window, with when they ended, in the order they
    /// began: exhausting that budget forces the fixes of every incident
    /// that hurt the service in the window.
    pub spent: Vec<(IncidentIx, Time)>,
    /// The combined series up to the last update.
    pub past: Series,
    /// The last operation that touched it (`Sim::stamp`), so a failure
    /// reaching many of its services updates it once.
    pub touched: u64,
    /// Bumped at every alert check, so a stale look-ahead recheck is ignored.
    pub gen: u32,
}

impl SliClass {
    pub fn new() -> Self {
        Self {
            services: Vec::new(),
            incidents: Vec::new(),
            impacts: Vec::new(),
            spent: Vec::new(),
            past: Series::empty(0),
            touched: 0,
            gen: 0,
        }
    }

    /// Tabulates the series up to `now`, with the impacts as they are, and
    /// says how much work that took.
    #[must_use]
    pub fn advance(&mut self, now: Time, scratch: &mut Scratch) -> u64 {
        if now <= self.past.end() {
            return 0;
        }
        let before = self.past.work;
        self.past.extend(&self.impacts, now, scratch);
        self.past.work - before + self.impacts.len() as u64
    }

    /// Drops impacts that ended by `t`, and the tabulation before it;
    /// of the impacts dropped, those that ended after `window` (the
    /// earliest start of its services' current budget windows) stay in
    /// [`SliClass::spent`].
    pub fn forget_before(&mut self, t: Time, window: Time) {
        self.spent.retain(|&(_, end)| end > window);
        let mut kept = 0;
        for j in 0..self.impacts.len() {
            let end = self.impacts[j].end;
            if end > t {
                self.impacts[kept] = self.impacts[j];
                self.incidents[kept] = self.incidents[j];
                kept += 1;
            } else if end > window {
                self.spent.push((self.incidents[j], end));
            }
        }
        self.impacts.truncate(kept);
        self.incidents.truncate(kept);
        self.past.forget_before(t);
    }
}
