//! The words Faultline uses, each defined once, in the project's own terms.
//! The "?" overlay lists them all; a story's prose marks a term with
//! `[[term]]` and the page defines it where it first appears.

/// One term: the key prose marks it with, and its definition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Term {
    pub key: &'static str,
    pub definition: &'static str,
}

const fn t(key: &'static str, definition: &'static str) -> Term {
    Term { key, definition }
}

/// Every term, in the order the overlay lists them.
pub const TERMS: [Term; 24] = [
    t(
        "paved road",
        "The supported way to build and ship a service: clusters, CI, the deploy and rollout system, service \
         templates, identity and the developer portal. Platform Engineering builds and owns it.",
    ),
    t(
        "Platform Engineering",
        "The team that owns how systems are built and delivered: the paved road. It makes deploying and running \
         services easy.",
    ),
    t(
        "SRE",
        "Site Reliability Engineering: the team that owns how systems behave once running. It defines SLOs, \
         measures what users experience, runs incident management and owns the error-budget policy.",
    ),
    t(
        "SLI",
        "Service level indicator: the share of a service's requests that were good, measured as users see them. \
         Faultline combines every failure reaching a service into one bad-event fraction.",
    ),
    t(
        "SLO",
        "Service level objective: the SLI a service promises over a window, such as 99.9% of requests good over \
         30 days. An SLO only works if someone keeps it defined and measured; in Faultline that takes hours of \
         reliability work per service.",
    ),
    t(
        "error budget",
        "What an SLO allows to go wrong: with 99.9% over 30 days, 0.1% of the window's requests may fail. \
         Incidents spend it; when it is gone the window is in breach.",
    ),
    t(
        "burn rate",
        "How fast an incident spends the error budget, as a multiple of the rate that would spend exactly the \
         whole budget over the window. A burn rate of 14.4 spends a 30-day budget in about two days.",
    ),
    t(
        "burn-rate alert",
        "An alert that fires when the burn rate stays above a threshold over a long and a short window at once \
         (14.4× over an hour pages; 1× over three days opens a ticket), as the SRE Workbook describes.",
    ),
    t(
        "error-budget policy",
        "The rules for when reliability stops being acceptable: an incident that burns a fifth of a window's \
         budget gets a postmortem and a top-priority fix; a spent budget freezes the service's feature work until \
         its fixes are done. It only works if a team that builds none of the paved road owns it and has hours \
         to enforce it.",
    ),
    t(
        "simple test",
        "Two questions about any design: who owns making it easy to deploy and run services, and who owns \
         deciding when reliability is no longer acceptable? If both answers are the same team, the structure is \
         drifting.",
    ),
    t(
        "toil",
        "Manual, repetitive operational work that grows with the system: running pipelines by hand, answering \
         tickets, babysitting deploys. A team's toil hours are spent first; what is left goes to features and \
         reliability.",
    ),
    t(
        "on-call",
        "A rotation that answers pages at any hour. A team without one picks work up the next working day.",
    ),
    t(
        "hand-off",
        "An incident passed from one team to another. The first one, from whoever noticed to the owner, is \
         expected; each further hop is a bounce and costs time.",
    ),
    t(
        "orphan",
        "A capability no team owns. When it fails, the page goes to whichever team seems plausible, and each \
         wrong guess is another bounce.",
    ),
    t(
        "shared ownership",
        "A capability owned by two or more teams. Each co-owner may assume another has it: at hand-off, at \
         declaration, in a postmortem's action items.",
    ),
    t(
        "working as designed",
        "What a builder says when its system behaves as specified while users are hurt. Unless a team with the \
         error-budget policy sees the burn and overrules it, the incident is closed as deflected.",
    ),
    t(
        "silent failure",
        "A degradation nobody acts on before the end of the run: no working SLO alerts, nobody's dashboards or \
         complaints reach a team that moves. The error budget burns anyway.",
    ),
    t(
        "root cause",
        "The fault behind an incident, on one capability. Mitigation stops the current harm; only a fix in the \
         owner's backlog removes the root cause. Unfixed, it comes back.",
    ),
    t(
        "postmortem",
        "A review after an incident that files the fix nobody filed and moves it up the owner's backlog, when \
         its owner has the hours.",
    ),
    t(
        "capacity",
        "A team's hours: headcount times the working week, split into feature work, reliability work and toil. \
         In Faultline every response, measurement and fix is paid for out of these hours.",
    ),
    t(
        "seed",
        "The number that fixes the simulation's luck. The same design and seed always give the same run; two \
         designs on the same seed face the same failures at the same moments.",
    ),
    t(
        "Monte Carlo",
        "Running the same design many times with different seeds and reporting the spread, so a conclusion does \
         not rest on one lucky or unlucky month.",
    ),
    t(
        "95% CI",
        "The 95% confidence interval: the range that, over many repetitions of the same set of runs, would hold \
         the true mean 95 times in 100. Two designs whose intervals of the difference exclude zero really differ.",
    ),
    t(
        "p10, p50, p90",
        "Percentiles: a tenth of the runs fall below p10, half below p50 (the median), nine tenths below p90.",
    ),
];

/// The term with this key, ignoring case.
pub fn lookup(key: &str) -> Option<&'static Term> {
    TERMS.iter().find(|t| t.key.eq_ignore_ascii_case(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_found_in_any_case() {
        for (i, a) in TERMS.iter().enumerate() {
            assert!(TERMS[i + 1..].iter().all(|b| !b.key.eq_ignore_ascii_case(a.key)), "{} twice", a.key);
            assert_eq!(lookup(&a.key.to_uppercase()), Some(a));
        }
        assert_eq!(lookup("nonsense"), None);
    }
}
