//! Every constant of the model, in one table: a named assumption with a
//! default, a plausible range, hard limits, a unit and one line of rationale.
//!
//! The engine reads nothing else: no number that shapes an outcome is
//! written anywhere in `engine/` but here. A scenario may override any of
//! them (`settings.assumptions`, validated against `min..=max`), the README
//! prints the table, and sensitivity analysis sweeps `low..=high`.

use crate::model::FailureKind;

/// One assumption of the model.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Assumption {
    /// The key in `settings.assumptions`, e.g. `ticket_pickup_hours`.
    pub key: &'static str,
    pub unit: &'static str,
    pub default: f64,
    /// The plausible range: where a practitioner would put it.
    pub low: f64,
    pub high: f64,
    /// What validation accepts.
    pub min: f64,
    pub max: f64,
    pub why: &'static str,
}

const fn row(
    key: &'static str,
    unit: &'static str,
    default: f64,
    (low, high): (f64, f64),
    (min, max): (f64, f64),
    why: &'static str,
) -> Assumption {
    Assumption { key, unit, default, low, high, min, max, why }
}

const PROB: (f64, f64) = (0.0, 1.0);
const HOURS: (f64, f64) = (0.0, 1_000.0);
const DELAY: (f64, f64) = (0.0, 100_000.0);

/// The scalar assumptions, in table order. Per-kind rows follow them (see
/// [`Assumptions::fix_hours`] and friends).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum A {
    HoursPerWeek,
    OnCallHoursPerWeek,
    SecondResponderHeadcount,
    MeasureHoursPerService,
    SloHoursPerService,
    PolicyHoursPerWeek,
    BudgetReviewHours,
    PostmortemHours,
    MinCoverage,
    SharedCoverageLoss,
    WatchHoursPerCapability,
    CatchSudden,
    CatchIntermittent,
    CatchRamp,
    MonitorMinutesSudden,
    MonitorHoursIntermittent,
    MonitorHoursRamp,
    DependentCatch,
    DependentDelay,
    ComplaintsPerOutageHour,
    ReferenceTrafficRps,
    SupportTriageMinutes,
    TicketPickupHours,
    TriageMinutes,
    GuessMinutes,
    DeferChance,
    DeferMinutes,
    OverruleMinutes,
    LeadershipHours,
    NoOnCallPickupHours,
    MitigationSigma,
    DelaySigma,
    NonOwnerFactor,
    DeflectUnderPolicy,
}

const SCALARS: usize = A::DeflectUnderPolicy as usize + 1;

/// The scalar rows, indexed by [`A`].
const SCALAR_ROWS: [Assumption; SCALARS] = [
    row("hours_per_week", "hours per person-week", 40.0, (32.0, 45.0), (1.0, 100.0),
        "A working week; a team has headcount × this, split by its time split."),
    row("on_call_hours_per_week", "hours per responder-week", 10.0, (4.0, 20.0), HOURS,
        "Hand-overs, interruptions and follow-up that an on-call shift takes out of reliability time."),
    row("second_responder_headcount", "people", 8.0, (6.0, 12.0), (1.0, 10_000.0),
        "A team this large staffs two responders per shift (primary and secondary); smaller teams one."),
    row("measure_hours_per_service", "hours per service-week", 8.0, (3.0, 16.0), HOURS,
        "Keeping a service's SLIs honest: instrumentation, dashboards, checking them against complaints."),
    row("slo_hours_per_service", "hours per service-week", 4.0, (1.0, 8.0), HOURS,
        "Keeping a service's SLO and its alert rules current with the product."),
    row("policy_hours_per_week", "hours per week", 4.0, (2.0, 8.0), HOURS,
        "Budget reviews and the negotiation with product owners that enforcing a policy needs."),
    row("budget_review_hours", "hours", 24.0, (8.0, 168.0), (0.1, 10_000.0),
        "How often the error-budget policy's owner looks at each service's budget: a daily review."),
    row("postmortem_hours", "hours per postmortem", 6.0, (2.0, 16.0), HOURS,
        "Writing up an incident and turning it into action items, for the postmortem owner."),
    row("min_coverage", "fraction", 0.25, (0.1, 0.8), PROB,
        "Below this share of the measurement and SLO work a service needs, its SLO alerts are not trusted at all."),
    row("shared_coverage_loss", "fraction", 0.25, (0.1, 0.5), PROB,
        "Hours lost to coordination when SLO definitions or measurement are split between co-owners."),
    row("watch_hours_per_capability", "hours per capability-week", 2.0, (1.0, 6.0), (0.01, 1_000.0),
        "Reliability hours at which an owner watches a system's dashboards 63% as well as it could."),
    row("catch_sudden", "probability", 1.0, (0.8, 1.0), PROB,
        "An attentive owner's monitoring catches outright breakage."),
    row("catch_intermittent", "probability", 0.5, (0.3, 0.7), PROB,
        "Flapping failures are often written off as noise."),
    row("catch_ramp", "probability", 0.3, (0.1, 0.5), PROB,
        "Slow creep rarely crosses a static threshold."),
    row("monitor_minutes_sudden", "minutes", 8.0, (2.0, 30.0), DELAY,
        "Mean time for an owner's alerting to notice breakage."),
    row("monitor_hours_intermittent", "hours", 24.0, (8.0, 72.0), DELAY,
        "Mean time for someone to notice a flapping graph."),
    row("monitor_hours_ramp", "hours", 72.0, (24.0, 168.0), DELAY,
        "Mean time for someone to notice a creeping graph."),
    row("dependent_catch", "factor", 0.8, (0.5, 1.0), PROB,
        "Owners of a dependent system notice a little less often than the owner would."),
    row("dependent_delay", "factor", 1.5, (1.0, 3.0), (1.0, 100.0),
        "…and a little later, because the cause is not theirs."),
    row("complaints_per_outage_hour", "complaints per hour at 100% errors", 1.0, (0.2, 5.0), (0.0, 10_000.0),
        "Complaints arrive in proportion to bad requests: a total outage of a service with the reference traffic draws one within the hour."),
    row("reference_traffic_rps", "requests per second at peak", 100.0, (20.0, 500.0), (1.0, 10_000_000.0),
        "The traffic the complaint rate is stated for: a service that gives none has this much, one with ten times it is complained about ten times as fast."),
    row("support_triage_minutes", "minutes", 30.0, (10.0, 120.0), DELAY,
        "Mean time for support to pass a complaint to the service's owner."),
    row("ticket_pickup_hours", "hours", 8.0, (2.0, 24.0), DELAY,
        "Mean wait before a ticket (not a page) is picked up in working hours."),
    row("triage_minutes", "minutes", 20.0, (5.0, 60.0), DELAY,
        "Median time to find and reach the clear owner of a root cause."),
    row("guess_minutes", "minutes", 45.0, (15.0, 120.0), DELAY,
        "Median time a wrong guess costs when nobody owns the capability."),
    row("defer_chance", "probability", 0.5, (0.2, 0.8), PROB,
        "Chance that a co-owner assumes another co-owner has it (diffusion of responsibility)."),
    row("defer_minutes", "minutes", 40.0, (10.0, 120.0), DELAY,
        "Median time lost each time a co-owner defers."),
    row("overrule_minutes", "minutes", 60.0, (15.0, 240.0), DELAY,
        "Median time for the error-budget-policy owner to overrule a \"working as designed\"."),
    row("leadership_hours", "hours", 6.0, (2.0, 24.0), DELAY,
        "Median time for leadership to assign an escalated incident."),
    row("no_on_call_pickup_hours", "hours", 12.0, (4.0, 24.0), DELAY,
        "Mean wait for a team without on-call: the next working day."),
    row("mitigation_sigma", "lognormal shape", 0.6, (0.3, 1.0), (0.0, 3.0),
        "Spread of mitigation times around each kind's median."),
    row("delay_sigma", "lognormal shape", 0.5, (0.3, 1.0), (0.0, 3.0),
        "Spread of hand-off, deferral, overrule and leadership times around their medians."),
    row("non_owner_factor", "factor", 2.0, (1.2, 4.0), (1.0, 100.0),
        "How much longer a team takes to mitigate a system it does not own."),
    row("deflect_under_policy", "factor", 0.3, (0.1, 0.6), PROB,
        "How much less often a builder says \"working as designed\" when an independent policy owner sees the burn."),
];

/// Per-kind rows: (prefix, unit, rationale, value per kind in [`FailureKind::ALL`] order).
type KindRows = (&'static str, &'static str, &'static str, [f64; 6]);
const KIND_ROWS: [KindRows; 3] = [
    (
        "fix_hours",
        "engineer-hours",
        "Effort to fix the root cause for good, once someone schedules it.",
        [40.0, 16.0, 24.0, 8.0, 24.0, 12.0],
    ),
    (
        "mitigation_minutes",
        "minutes (median)",
        "Median time for the owner's responder to stop the user impact.",
        [120.0, 20.0, 180.0, 45.0, 90.0, 120.0],
    ),
    (
        "deflect_chance",
        "probability",
        "Chance the owner of a delivery system reads the user impact as \"working as designed\".",
        [0.7, 0.5, 0.6, 0.05, 0.5, 0.6],
    ),
];

/// The whole table, scalar rows then per-kind rows (`fix_hours.rollout_outage`, …).
pub fn table() -> Vec<Assumption> {
    let mut out = SCALAR_ROWS.to_vec();
    // Ranges rounded to six decimals, so 1.5 × 0.6 is the 0.9 a reader
    // expects, not 0.8999999999999999.
    let tidy = |x: f64| (x * 1e6).round() / 1e6;
    for (prefix, unit, why, values) in KIND_ROWS {
        for (k, kind) in FailureKind::ALL.iter().enumerate() {
            let key: &'static str = kind_key(prefix, *kind);
            let d = values[k];
            let (low, high, max) = if unit == "probability" {
                (tidy(d * 0.5).min(1.0), tidy(d * 1.5).min(1.0), 1.0)
            } else {
                (tidy(d * 0.5), tidy(d * 2.0), 1e6)
            };
            out.push(Assumption { key, unit, default: d, low, high, min: 0.0, max, why });
        }
    }
    out
}

/// `prefix.kind` as a static string; the set is small and fixed.
fn kind_key(prefix: &str, kind: FailureKind) -> &'static str {
    macro_rules! keys {
        ($($p:literal),*) => {
            match (prefix, kind) {
                $(
                    ($p, FailureKind::SlowProvisioning) => concat!($p, ".slow_provisioning"),
                    ($p, FailureKind::RolloutOutage) => concat!($p, ".rollout_outage"),
                    ($p, FailureKind::LatencyCreep) => concat!($p, ".latency_creep"),
                    ($p, FailureKind::CertificateExpiry) => concat!($p, ".certificate_expiry"),
                    ($p, FailureKind::CapacityExhaustion) => concat!($p, ".capacity_exhaustion"),
                    ($p, FailureKind::ConfigDrift) => concat!($p, ".config_drift"),
                )*
                _ => "unknown",
            }
        };
    }
    keys!("fix_hours", "mitigation_minutes", "deflect_chance")
}

/// The assumption with this key.
pub fn find(key: &str) -> Option<Assumption> {
    table().into_iter().find(|a| a.key == key)
}

/// The values a run uses: the defaults with a scenario's overrides applied.
#[derive(Clone, Debug, PartialEq)]
pub struct Assumptions {
    values: Vec<f64>,
}

impl Default for Assumptions {
    fn default() -> Self {
        Self { values: table().iter().map(|a| a.default).collect() }
    }
}

impl Assumptions {
    /// Defaults overridden by `(key, value)` pairs; unknown keys are ignored
    /// here because validation has already refused them.
    pub fn with<'a>(overrides: impl IntoIterator<Item = (&'a str, f64)>) -> Self {
        let mut out = Self::default();
        let keys = table();
        for (key, value) in overrides {
            if let Some(i) = keys.iter().position(|a| a.key == key) {
                out.values[i] = value;
            }
        }
        out
    }

    pub fn get(&self, a: A) -> f64 {
        self.values[a as usize]
    }

    /// Sets one value by key; false if there is no such assumption.
    pub fn set(&mut self, key: &str, value: f64) -> bool {
        match table().iter().position(|a| a.key == key) {
            Some(i) => {
                self.values[i] = value;
                true
            }
            None => false,
        }
    }

    fn per_kind(&self, row: usize, kind: FailureKind) -> f64 {
        let k = FailureKind::ALL.iter().position(|&x| x == kind).unwrap_or(0);
        self.values[SCALARS + row * FailureKind::ALL.len() + k]
    }

    /// Engineer-hours to fix a root cause of this kind.
    pub fn fix_hours(&self, kind: FailureKind) -> f64 {
        self.per_kind(0, kind)
    }

    /// Median minutes for the owner to mitigate this kind.
    pub fn mitigation_minutes(&self, kind: FailureKind) -> f64 {
        self.per_kind(1, kind)
    }

    /// Chance a delivery owner calls this kind's user impact "working as designed".
    pub fn deflect_chance(&self, kind: FailureKind) -> f64 {
        self.per_kind(2, kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_is_consistent_and_keys_are_unique() {
        let t = table();
        assert_eq!(t.len(), SCALARS + 3 * FailureKind::ALL.len());
        for a in &t {
            assert!(a.min <= a.low && a.low <= a.default && a.default <= a.high && a.high <= a.max, "{a:?}");
            assert!(!a.why.is_empty() && !a.key.contains("unknown"), "{a:?}");
        }
        let mut keys: Vec<&str> = t.iter().map(|a| a.key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), t.len());
    }

    #[test]
    fn overrides_reach_the_accessors() {
        let a = Assumptions::with([("ticket_pickup_hours", 2.0), ("fix_hours.config_drift", 99.0)]);
        assert_eq!(a.get(A::TicketPickupHours), 2.0);
        assert_eq!(a.fix_hours(FailureKind::ConfigDrift), 99.0);
        assert_eq!(a.fix_hours(FailureKind::RolloutOutage), 16.0);
        assert_eq!(Assumptions::default().get(A::HoursPerWeek), 40.0);
    }
}
