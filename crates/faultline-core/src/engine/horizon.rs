//! The horizon: whatever is still open gets its outcome, fixes still in a
//! backlog get their dates, and the run reports each team's week and each
//! service's SLO windows.

use super::assumptions::A;
use super::policy::{FORCED, RELIABILITY};
use super::sim::{Sim, Work, HOUR, WEEK};
use super::sli::{window_sums, Impact};
use super::*;
use std::collections::BTreeMap;

impl Sim<'_> {
    /// The horizon: close whatever is still open, settle the queues, and
    /// report teams and services.
    pub(super) fn finish(mut self) -> RunLog {
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
            work: self.work,
            stopped: self.stopped,
        }
    }

    /// Each service's budget consumed per calendar SLO window, from the
    /// combined impact of every incident that reached it. A class's
    /// services saw exactly the same incidents, so each class's incidents
    /// are listed once (from the first of its services) and integrated
    /// once per window length; each service divides by its own budget.
    fn service_loads(&mut self) -> Vec<ServiceLoad> {
        let sc = self.sc;
        let mut scratch = std::mem::take(&mut self.scratch);
        let first: Vec<Option<CapIx>> = self.classes.iter().map(|c| c.services.first().copied()).collect();
        let mut hitting: Vec<Vec<u32>> = vec![Vec::new(); self.classes.len()];
        for (k, inc) in self.incidents.iter().enumerate() {
            for &s in inc.affected.iter() {
                if let Some(c) = self.services[s.get()].class.filter(|&c| first[c] == Some(s)) {
                    hitting[c].push(k as u32);
                }
            }
        }
        let mut done: BTreeMap<(Option<usize>, i64), Vec<f64>> = BTreeMap::new();
        sc.cap_ixs()
            .filter(|&c| sc.cap(c).layer == crate::model::Layer::Service)
            .map(|s| {
                let window = sc.window_seconds(s).max(1);
                let budget = sc.budget_seconds(s);
                let class = self.services[s.get()].class;
                let bad = done.entry((class, window)).or_insert_with(|| {
                    let ids = class.map_or(&[][..], |c| &hitting[c]);
                    let impacts: Vec<Impact> =
                        ids.iter().map(|&k| self.incidents[k as usize].impact()).collect();
                    window_sums(&impacts, self.horizon, window, &mut scratch)
                });
                let windows = bad.iter().map(|b| b / budget).collect();
                ServiceLoad {
                    service: s,
                    windows,
                    frozen: self.services[s.get()].frozen.clone(),
                    class: class.map(|c| c as u32),
                }
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

    /// At the horizon: the dates of fixes still in backlogs, each lane
    /// walked once at its pace.
    pub(super) fn date_backlogs(&mut self) {
        for t in 0..self.lanes.len() {
            for lane in [RELIABILITY, FORCED] {
                let l = &self.lanes[t][lane];
                if l.rate <= 0.0 {
                    continue;
                }
                let mut at = l.current.map_or(self.now, |c| c.1);
                let mut dated: Vec<(u32, Time)> = Vec::new();
                if let Some((Work::Fix { root }, done)) = l.current {
                    dated.push((root, done));
                }
                for &w in &l.queue {
                    at = at.saturating_add(l.duration(self.effort(w)));
                    if let Work::Fix { root } = w {
                        dated.push((root, at));
                    }
                }
                for (root, due) in dated {
                    if self.roots[root as usize].fixed.is_none() {
                        self.roots[root as usize].due = Some(due);
                    }
                }
            }
        }
    }

    pub(super) fn close_at_horizon(&mut self, i: IncidentIx) {
        if self.is_closed(i) {
            return;
        }
        let holder = self.inc(i).holders.last().and_then(|h| h.1);
        let outcome = if self.inc(i).mitigated.is_some() {
            let root = &self.roots[self.inc(i).root as usize];
            if root.due.is_some() {
                Outcome::FixPending
            } else {
                Outcome::NeverPrioritised
            }
        } else {
            self.open_outcome(i)
        };
        self.close(i, outcome, holder);
    }
}
