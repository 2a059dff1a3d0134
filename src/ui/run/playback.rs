//! Playback of one run's event log as a replay, as plain functions with no
//! Yew in them: what the room sees at step `k`, where step `k` means the
//! first `k` events have happened (0 is before the first, `events.len()` is
//! the end). Every view of the replay — the clock, the open incidents with
//! their holders, the board's highlights and hand-off arrows, the verdicts
//! closed so far — is derived from the log and the step here, so stepping
//! back is as cheap and exact as stepping forward.

use crate::engine::{Event, RunLog, Time, What};
use crate::model::TeamIx;

/// Who holds an open incident at a moment of the replay.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Holder {
    /// It has started but nobody has noticed it yet.
    Unnoticed,
    /// A page or ticket reached nobody (an unowned service, say).
    Nobody,
    Team(TeamIx),
    /// Escalated: leadership holds it until it assigns it.
    Leadership,
}

/// One incident that has started and not yet closed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Open {
    pub incident: u32,
    pub holder: Holder,
}

/// A hand-off as the board draws it: an arrow between two team boundaries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Arrow {
    pub incident: u32,
    pub from: TeamIx,
    pub to: TeamIx,
}

/// Everything the replay shows at one step.
#[derive(Clone, Debug, PartialEq)]
pub struct Frame {
    pub step: usize,
    /// Simulated time: the time of the last event shown, 0 before the first.
    pub time: Time,
    /// Index of the event that the last step showed.
    pub current: Option<usize>,
    /// Open incidents in order of start.
    pub open: Vec<Open>,
    /// Incidents closed so far, in the order they closed.
    pub closed: Vec<u32>,
    /// Hand-offs the last step made.
    pub arrows: Vec<Arrow>,
}

impl Frame {
    /// Teams holding an open incident, each once, in team order: what the
    /// board highlights.
    pub fn holders(&self) -> Vec<TeamIx> {
        let mut teams: Vec<TeamIx> = self
            .open
            .iter()
            .filter_map(|o| match o.holder {
                Holder::Team(t) => Some(t),
                _ => None,
            })
            .collect();
        teams.sort();
        teams.dedup();
        teams
    }
}

/// The replay at `step` (clamped to the log's length).
pub fn frame(log: &RunLog, step: usize) -> Frame {
    let step = step.min(log.events.len());
    let shown = &log.events[..step];
    // Holder per incident id; None while the incident has not started.
    let mut holder: Vec<Option<Holder>> = vec![None; log.incidents.len()];
    let mut closed = Vec::new();
    for e in shown {
        let Some(slot) = holder.get_mut(e.incident.get()) else { continue };
        match e.what {
            What::Started { .. } => *slot = Some(Holder::Unnoticed),
            What::Detected { .. } => {
                *slot = Some(e.team.map_or(Holder::Nobody, Holder::Team));
            }
            What::HandedOff { to, .. } => *slot = Some(Holder::Team(to)),
            What::WorkingAsDesigned { to: Some(back) } => *slot = Some(Holder::Team(back)),
            What::Escalated { .. } => *slot = Some(Holder::Leadership),
            What::Closed { .. } => closed.push(e.incident.0),
            _ => {}
        }
    }
    let mut open: Vec<Open> = holder
        .iter()
        .enumerate()
        .filter(|(id, _)| !closed.contains(&(*id as u32)))
        .filter_map(|(id, h)| h.map(|holder| Open { incident: id as u32, holder }))
        .collect();
    open.sort_by_key(|o| (log.incidents.get(o.incident as usize).map_or(0, |i| i.start), o.incident));
    let current = step.checked_sub(1);
    Frame {
        step,
        time: current.map_or(0, |i| log.events[i].time),
        current,
        open,
        closed,
        arrows: current.and_then(|i| arrow(&log.events[i])).into_iter().collect(),
    }
}

/// The hand-off an event makes between two teams, if it makes one. A hand-off
/// from or to leadership has no boundary on the board to start or end at.
pub fn arrow(e: &Event) -> Option<Arrow> {
    match e.what {
        What::HandedOff { from: Some(from), to, .. } if from != to => {
            Some(Arrow { incident: e.incident.0, from, to })
        }
        What::WorkingAsDesigned { to: Some(back) } => match e.team {
            Some(from) if from != back => Some(Arrow { incident: e.incident.0, from, to: back }),
            _ => None,
        },
        _ => None,
    }
}

/// The step just after the next incident closes, from `step` on: where
/// "next verdict" jumps. `None` when no incident closes later.
pub fn next_close(log: &RunLog, step: usize) -> Option<usize> {
    log.events
        .iter()
        .enumerate()
        .skip(step)
        .find(|(_, e)| matches!(e.what, What::Closed { .. }))
        .map(|(i, _)| i + 1)
}

/// The step just after the previous close before `step`, or 0: where
/// "previous verdict" jumps.
pub fn previous_close(log: &RunLog, step: usize) -> usize {
    let upto = step.min(log.events.len()).saturating_sub(1);
    log.events[..upto].iter().rposition(|e| matches!(e.what, What::Closed { .. })).map_or(0, |i| i + 1)
}

/// Milliseconds between steps when playing at `speed` events per second.
pub fn tick_ms(speed: u32) -> u32 {
    1_000 / speed.clamp(1, 50)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::run;
    use crate::model::presets::preset;
    use crate::model::validate;

    fn log_of(id: &str, seed: u64) -> (crate::model::Scenario, RunLog) {
        let sc = validate(preset(id).expect("preset")).expect("presets validate");
        let log = run(&sc, seed);
        (sc, log)
    }

    #[test]
    fn the_start_and_the_end_of_the_replay() {
        let (_, log) = log_of("clear-boundary", 1);
        let start = frame(&log, 0);
        assert_eq!((start.time, start.current, start.open.len(), start.closed.len()), (0, None, 0, 0));
        let end = frame(&log, usize::MAX);
        assert_eq!(end.step, log.events.len());
        assert!(end.open.is_empty(), "every incident closes by the end: {:?}", end.open);
        assert_eq!(end.closed.len(), log.incidents.len());
        assert_eq!(end.time, log.events.last().map_or(0, |e| e.time));
    }

    #[test]
    fn each_step_shows_the_state_the_events_so_far_describe() {
        let (_, log) = log_of("orphaned-provisioning", 3);
        for k in 0..=log.events.len() {
            let f = frame(&log, k);
            // Time follows the log and never goes backwards.
            if k > 0 {
                assert_eq!(f.time, log.events[k - 1].time);
                assert!(f.time >= frame(&log, k - 1).time);
            }
            // An incident is open exactly when it started and did not close among the first k events.
            for inc in &log.incidents {
                let ev: Vec<&Event> = log.events[..k].iter().filter(|e| e.incident == inc.id).collect();
                let started = ev.iter().any(|e| matches!(e.what, What::Started { .. }));
                let closed = ev.iter().any(|e| matches!(e.what, What::Closed { .. }));
                let open = f.open.iter().any(|o| o.incident == inc.id.0);
                assert_eq!(open, started && !closed, "incident {} at step {k}", inc.id);
                assert_eq!(f.closed.contains(&inc.id.0), closed, "incident {} at step {k}", inc.id);
            }
            // Every highlighted team holds an open incident.
            for t in f.holders() {
                assert!(f.open.iter().any(|o| o.holder == Holder::Team(t)));
            }
        }
    }

    #[test]
    fn holders_follow_hand_offs_and_escalation() {
        // Orphaned provisioning bounces and escalates: find the steps and check the holder after each.
        let (_, log) = log_of("orphaned-provisioning", 1);
        let mut saw = (false, false);
        for (i, e) in log.events.iter().enumerate() {
            let f = frame(&log, i + 1);
            let held = f.open.iter().find(|o| o.incident == e.incident.0).map(|o| o.holder);
            match e.what {
                What::HandedOff { to, .. } => {
                    saw.0 = true;
                    assert_eq!(held, Some(Holder::Team(to)), "step {}", i + 1);
                }
                What::Escalated { .. } => {
                    saw.1 = true;
                    assert_eq!(held, Some(Holder::Leadership), "step {}", i + 1);
                }
                _ => {}
            }
        }
        assert!(saw.0 && saw.1, "the orphan preset hands off and escalates: {saw:?}");
    }

    #[test]
    fn arrows_are_the_hand_offs_of_the_last_step_only() {
        let (_, log) = log_of("orphaned-provisioning", 1);
        let mut drawn = 0;
        for k in 0..=log.events.len() {
            let f = frame(&log, k);
            let expected: Vec<Arrow> = f.current.and_then(|i| arrow(&log.events[i])).into_iter().collect();
            assert_eq!(f.arrows, expected);
            for a in &f.arrows {
                drawn += 1;
                assert_ne!(a.from, a.to);
                assert!(f.open.iter().any(|o| o.incident == a.incident && o.holder == Holder::Team(a.to)));
            }
        }
        assert!(drawn > 0, "some step draws an arrow");
    }

    #[test]
    fn verdict_jumps_land_just_after_a_close() {
        let (_, log) = log_of("clear-boundary", 1);
        let first = next_close(&log, 0).expect("something closes");
        assert!(matches!(log.events[first - 1].what, What::Closed { .. }));
        assert_eq!(frame(&log, first).closed.len(), 1);
        assert_eq!(frame(&log, first - 1).closed.len(), 0);
        let second = next_close(&log, first).expect("more than one incident");
        assert!(second > first);
        assert_eq!(previous_close(&log, second), first);
        assert_eq!(previous_close(&log, first), 0);
        assert_eq!(next_close(&log, log.events.len()), None);
    }

    #[test]
    fn speeds_tick_faster() {
        assert_eq!(tick_ms(1), 1_000);
        assert_eq!(tick_ms(4), 250);
        assert_eq!(tick_ms(0), 1_000);
    }
}
