//! The error-budget policy at work when a window's budget runs out: the
//! SRE Workbook's freeze, enforced only where a team off the paved road
//! owns the policy and has hours for it ([`Capacity::enforcer`]).

use super::assumptions::A;
use super::sim::{secs, Action, Sim, Work, MINUTE};
use super::*;

pub(super) const RELIABILITY: usize = 0;
pub(super) const FORCED: usize = 1;

impl Sim<'_> {
    /// A service's budget for this window ran out and the policy is enforced.
    pub(super) fn exhaust(&mut self, s: CapIx) {
        let Some(enforcer) = self.cap.enforcer else { return };
        let window = self.sc.window_seconds(s).max(1);
        let (index, now) = (self.now / window, self.now);
        self.services[s.get()].exhausted_window = Some(index);
        self.services[s.get()].frozen.push(now);
        // Every incident that hurt the service in this window, in the order
        // they began: those still in its class's impacts, and those the
        // class has forgotten since they left its alert windows.
        let hurting: Vec<IncidentIx> = match self.services[s.get()].class {
            Some(k) => {
                let class = &self.classes[k];
                let mut hurting: Vec<IncidentIx> = (class.incidents.iter().zip(&class.impacts))
                    .map(|(&i, imp)| (i, imp.end))
                    .chain(class.spent.iter().copied())
                    .filter(|&(_, end)| end > index * window)
                    .map(|(i, _)| i)
                    .collect();
                hurting.sort_unstable();
                hurting
            }
            None => Vec::new(),
        };
        let Some(&latest) = hurting.last() else { return };
        self.log(latest, Some(enforcer), What::BudgetExhausted { service: s });
        let mut roots: Vec<u32> = hurting.iter().map(|&i| self.inc(i).root).collect();
        roots.sort_unstable();
        roots.dedup();
        for r in roots {
            if self.roots[r as usize].fixed.is_some() {
                continue;
            }
            self.force(r, now);
        }
        for i in hurting {
            let active =
                self.inc(i).natural_end > now && self.inc(i).mitigated.is_none() && !self.is_closed(i);
            if !active {
                continue;
            }
            if self.live[i.get()].deflected {
                let owner = self.sc.owners(self.inc(i).target).first().copied();
                if let Some(to) = owner {
                    self.live(i).deflected = false;
                    self.live(i).overruled = true;
                    let (median, sigma) =
                        (self.a.get(A::OverruleMinutes) * MINUTE, self.a.get(A::DelaySigma));
                    let d = self.live(i).rng.lognormal(median, sigma);
                    let t = now.saturating_add(secs(d));
                    self.schedule(
                        t,
                        Action::Arrive { inc: i, from: Some(enforcer), to, why: HandOff::Overruled },
                    );
                }
            } else if self.inc(i).detected.is_none() {
                self.schedule(
                    now,
                    Action::Detect {
                        inc: i,
                        channel: Channel::BudgetPolicy { service: s },
                        to: Some(enforcer),
                    },
                );
            }
        }
    }

    /// Moves a root cause's fix onto its owner's feature hours.
    fn force(&mut self, r: u32, now: Time) {
        let Some(owner) = self.roots[r as usize].fix_owner else {
            // Not filed yet: file it forced as soon as someone does.
            self.root_live[r as usize].force_on_file = true;
            return;
        };
        let lanes = &mut self.lanes[owner.get()];
        let w = Work::Fix { root: r };
        if let Some(pos) = lanes[RELIABILITY].queue.iter().position(|&x| x == w) {
            lanes[RELIABILITY].queue.remove(pos);
            lanes[RELIABILITY].queued_hours -= self.a.fix_hours(self.roots[r as usize].kind);
            self.roots[r as usize].forced = Some(now);
            self.queue_work(owner, FORCED, w, true);
        }
    }
}
