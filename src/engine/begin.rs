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

impl Sim<'_> {
    /// Lists every failure that begins within the horizon, in start order:
    /// the injected ones, then a Poisson stream of background incidents.
    pub(super) fn seed_incidents(&mut self) -> Vec<Pending> {
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
