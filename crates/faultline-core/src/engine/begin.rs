//! How incidents begin: the failures of the horizon (injected and a Poisson
//! stream of background ones), each a root cause with its first incident,
//! and the comebacks of root causes nobody fixed.

use super::impact::Profile;
use super::rng::{key_of, Family, Stream};
use super::sim::{secs, Action, Live, RootLive, Sim, DAY, HOUR};
use super::*;

/// A failure that has not begun yet. Incidents are created only when they
/// start, so the heap holds what is in flight, not the whole horizon.
pub(super) struct Pending {
    pub start: Time,
    pub source: Source,
    pub kind: FailureKind,
    pub target: CapIx,
    pub profile: Profile,
    pub family: Family,
    pub key: u64,
}

/// The failures still to begin, in start order: the injected ones merged
/// with a Poisson stream of background incidents drawn as they are needed,
/// so memory holds what is in flight, not the whole horizon. At equal times
/// an injected failure comes first, and injected ones keep file order.
pub(super) struct Upcoming<'a> {
    injected: std::iter::Peekable<std::vec::IntoIter<Pending>>,
    background: Option<Background<'a>>,
    next_background: Option<Pending>,
}

impl Iterator for Upcoming<'_> {
    type Item = Pending;

    fn next(&mut self) -> Option<Pending> {
        let injected_first = match (self.injected.peek(), &self.next_background) {
            (Some(i), Some(b)) => i.start <= b.start,
            (Some(_), None) => true,
            (None, _) => false,
        };
        if injected_first {
            return self.injected.next();
        }
        let next = self.background.as_mut().and_then(Background::draw);
        std::mem::replace(&mut self.next_background, next)
    }
}

/// Background incidents: exponential gaps at the scenario's rate, each on a
/// kind and a capability some user depends on, from one stream of the seed.
struct Background<'a> {
    arrivals: Stream,
    rate: f64,
    kinds: &'a [FailureKind],
    targets: Vec<CapIx>,
    t: f64,
    n: u32,
    horizon: Time,
}

impl Background<'_> {
    fn draw(&mut self) -> Option<Pending> {
        self.t += self.arrivals.exponential(DAY / self.rate);
        let start = secs(self.t);
        if start >= self.horizon {
            return None;
        }
        let kind = self.kinds[self.arrivals.below(self.kinds.len())];
        let target = self.targets[self.arrivals.below(self.targets.len())];
        let d = kind.defaults();
        let n = self.n;
        self.n += 1;
        Some(Pending {
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
        })
    }
}

impl<'a> Sim<'a> {
    /// Every failure that begins within the horizon, in start order.
    pub(super) fn seed_incidents(&self) -> Upcoming<'a> {
        let sc: &'a Scenario = self.sc;
        let mut injected = Vec::new();
        for f in &sc.failures {
            if f.start_s < self.horizon {
                injected.push(Pending {
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
        // Stable: at equal times injected failures keep file order.
        injected.sort_by_key(|p| p.start);
        let rate = sc.settings.background_rate_per_day;
        // Background incidents hit capabilities some user depends on; with
        // none, any capability (textbook queueing scenarios have no users).
        let hurting: Vec<CapIx> = sc.cap_ixs().filter(|&c| !sc.affected_services(c).is_empty()).collect();
        let targets: Vec<CapIx> = if hurting.is_empty() { sc.cap_ixs().collect() } else { hurting };
        let mut background = (rate > 0.0 && !targets.is_empty()).then(|| Background {
            arrivals: Stream::new(self.seed, Family::Arrivals, 0),
            rate,
            kinds: &sc.settings.background_kinds,
            targets,
            t: 0.0,
            n: 0,
            horizon: self.horizon,
        });
        let next_background = background.as_mut().and_then(Background::draw);
        Upcoming { injected: injected.into_iter().peekable(), background, next_background }
    }

    pub(super) fn add_root(&mut self, p: &Pending) -> u32 {
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

    pub(super) fn add_incident(&mut self, root: u32, source: Source, start: Time, rng: Stream) -> IncidentIx {
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
            affected: self.sc.affected_shared(target),
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
    pub(super) fn recur(&mut self, r: u32) {
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
    pub(super) fn schedule_recurrence(&mut self, r: u32) {
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
}
