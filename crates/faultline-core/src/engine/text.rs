//! One plain sentence per event, for the timeline, and the time formats
//! every view shares.

use super::{Channel, Event, HandOff, RunLog, Time, What};
use crate::model::{Scenario, TeamIx};
use crate::time::{DAY, HOUR, MINUTE};

/// "52 s", "18 min", "5.2 h", "3.4 days".
pub fn format_duration(secs: Time) -> String {
    let s = secs.max(0) as f64;
    if s < 90.0 {
        format!("{} s", s as i64)
    } else if s < 90.0 * MINUTE as f64 {
        format!("{} min", (s / MINUTE as f64).round() as i64)
    } else if s < 48.0 * HOUR as f64 {
        format!("{:.1} h", s / HOUR as f64)
    } else {
        format!("{:.1} days", s / DAY as f64)
    }
}

/// A count with thousands separated: "1,000,000".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Simulated wall-clock time: "Day 3 14:02", day 1 being the first.
pub fn format_clock(t: Time) -> String {
    let t = t.max(0);
    let day = t / DAY + 1;
    let rem = t % DAY;
    format!("Day {day} {:02}:{:02}", rem / HOUR, (rem % HOUR) / MINUTE)
}

fn team_name(sc: &Scenario, t: Option<TeamIx>) -> &str {
    t.map(|t| sc.team(t).name.as_str()).unwrap_or("Leadership")
}

pub(super) fn sentence(e: &Event, sc: &Scenario, log: &RunLog) -> String {
    let inc = &log.incidents[e.incident.get()];
    let target = &sc.cap(inc.target).name;
    let team = team_name(sc, e.team);
    match &e.what {
        What::Started { services } => {
            let names: Vec<&str> = inc.affected.iter().map(|&s| sc.cap(s).name.as_str()).collect();
            match services {
                0 => format!("{} on {target} begins; no user-facing service depends on it", inc.kind.label()),
                _ => format!("{} on {target} begins, degrading {}", inc.kind.label(), names.join(", ")),
            }
        }
        What::Detected { channel } => match *channel {
            Channel::BurnRate { service, rule, page } => {
                let r = &sc.settings.alerts[rule as usize];
                let window = format_duration(r.long_s);
                let service = &sc.cap(service).name;
                if page {
                    format!(
                        "{team} paged by the {window} burn-rate alert on {service} ({}× budget)",
                        r.burn_rate
                    )
                } else {
                    format!(
                        "{team} picks up a burn-rate ticket on {service} ({window} window at {}×)",
                        r.burn_rate
                    )
                }
            }
            Channel::OwnerMonitoring => format!("{team}'s own monitoring of {target} fires"),
            Channel::DependentMonitoring { via } => {
                format!(
                    "{team}'s monitoring of {} fires: something it depends on is failing",
                    sc.cap(via).name
                )
            }
            Channel::Complaint { service } => match e.team {
                Some(_) => format!("Customers complain to {team} about {}", sc.cap(service).name),
                None => format!("Customers complain about {}, which nobody owns", sc.cap(service).name),
            },
            Channel::BudgetPolicy { service } => format!(
                "{team} looks into why {}'s error budget ran out and finds this degradation",
                sc.cap(service).name
            ),
        },
        What::Ignored { channel } => {
            let what = match *channel {
                Channel::BurnRate { service, .. } => {
                    format!("A burn-rate ticket on {} is filed", sc.cap(service).name)
                }
                Channel::OwnerMonitoring | Channel::DependentMonitoring { .. } => {
                    format!("{team}'s dashboards show the degradation")
                }
                Channel::Complaint { service } | Channel::BudgetPolicy { service } => {
                    format!("Customers complain about {}", sc.cap(service).name)
                }
            };
            match sc.owners(inc.target).len() {
                0 => format!("{what}, but nobody owns {target}: it sits in a backlog"),
                _ => format!("{what}, but each owner of {target} assumes another has it: nobody acts"),
            }
        }
        What::HandedOff { from, to, why } => {
            let from = team_name(sc, *from);
            let to = team_name(sc, Some(*to));
            match why {
                HandOff::ToOwner => format!("{from} hands it to {to}, owner of {target}"),
                HandOff::ToCoOwner => format!(
                    "{from} hands it to {to}, one of {} co-owners of {target}",
                    sc.owners(inc.target).len()
                ),
                HandOff::Deferred => format!("{from} assumes another co-owner has it and passes it to {to}"),
                HandOff::WrongGuess => format!("{from}: not ours. Nobody owns {target}; guessing {to}"),
                HandOff::Overruled => {
                    format!("{from} invokes error-budget policy: users are hurt, so {to} must act")
                }
                HandOff::Assigned => format!("Leadership assigns it to {to}"),
            }
        }
        What::WorkingAsDesigned { to } => match to {
            Some(_) => format!("{team}: {target} is working as designed; returned to {}", team_name(sc, *to)),
            None => format!("{team}: {target} is working as designed"),
        },
        What::Escalated { hops } => match hops {
            0 => "Nobody holds it: escalated to leadership".to_owned(),
            1 => "Escalated to leadership after 1 hand-off".to_owned(),
            n => format!("Escalated to leadership after {n} hand-offs"),
        },
        What::Queued { ahead } => format!("Waits for a free {team} responder ({ahead} ahead)"),
        What::MitigationStarted => format!("{team} on-call starts mitigating"),
        What::Mitigated => format!(
            "{team} on-call {}; user impact stopped after {}",
            inc.kind.mitigation_verb(),
            format_duration(e.time - inc.start)
        ),
        What::Corrected { forced: true } => {
            format!("{team} fixes the root cause in {target}, prioritised by error-budget policy")
        }
        What::Corrected { forced: false } => format!("{team} fixes the root cause in {target}"),
        What::NotPrioritized => match e.team {
            Some(_) => format!("No fix to {target} is filed: each owner assumes another will, and no postmortem drives it"),
            None => format!("Nobody owns {target}, so nobody files a fix for the root cause"),
        },
        What::Postmortem { owner } => match owner {
            Some(o) => format!("{team} holds the postmortem; the fix to {target} goes to {}", team_name(sc, Some(*o))),
            None => format!("{team} holds the postmortem, but nobody owns {target} to fix it"),
        },
        What::FixFiled { owner, p0, due } => {
            let owner = team_name(sc, Some(*owner));
            let p0 = if *p0 { "a P0 " } else { "a " };
            match due {
                Some(d) => format!(
                    "{owner} puts {p0}fix for {target} in its backlog, done in {} at its pace",
                    format_duration(d - e.time)
                ),
                None => format!("{owner} puts {p0}fix for {target} in its backlog, but has no hours left for it"),
            }
        }
        What::BudgetExhausted { service } => format!(
            "{}'s error budget for this window is exhausted: {team} freezes its feature work and forces the fixes behind it",
            sc.cap(*service).name
        ),
        What::Recurs { .. } => {
            format!("{} on {target} comes back: the root cause was never fixed", inc.kind.label())
        }
        What::Faded => {
            format!("The degradation fades on its own after {}", format_duration(e.time - inc.start))
        }
        What::Closed { outcome } => format!("Verdict: {}", outcome.label()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        let cases = [
            (52, "52 s"),
            (18 * 60, "18 min"),
            (5 * 3_600 + 720, "5.2 h"),
            (3 * 86_400 + 34_560, "3.4 days"),
        ];
        for (secs, text) in cases {
            assert_eq!(format_duration(secs), text);
        }
    }

    #[test]
    fn clock_counts_days_from_one() {
        assert_eq!(format_clock(0), "Day 1 00:00");
        assert_eq!(format_clock(2 * 86_400 + 14 * 3_600 + 2 * 60), "Day 3 14:02");
    }
}
