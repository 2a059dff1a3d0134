//! Monte Carlo: many runs of one scenario, each with a seed derived from the
//! base seed and its index, reduced to per-run summaries and then to
//! aggregates with medians, p10/p90 and 95% confidence intervals.
//!
//! Aggregates are computed from the summaries sorted by run index, so the
//! result is the same whether the runs were made in one go, in chunks, or
//! on several threads.

use super::metrics::worst_budget_share;
use crate::engine::rng::run_seed;
use crate::engine::{run, Outcome, RunLog, Time};
use crate::model::{Layer, Scenario};
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// What one run contributes to the aggregates.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunSummary {
    pub index: u32,
    pub seed: u64,
    /// Why the run ended before its horizon, if it reached its budget.
    pub stopped: Option<crate::engine::Stopped>,
    pub events: u32,
    pub incidents: u32,
    /// Count per outcome, in [`Outcome::ALL`] order.
    pub outcomes: [u32; Outcome::COUNT],
    pub handoffs: u32,
    /// Incidents someone acted on (detected); hand-offs only happen to these.
    pub detected: u32,
    /// Seconds to detect, for each detected incident.
    pub detect: Vec<Time>,
    /// Seconds from start to mitigation, for each mitigated incident.
    pub mitigate: Vec<Time>,
    /// Per service (in scenario order): the share of a window's budget
    /// consumed, averaged over the run's SLO windows.
    pub budget: Vec<f64>,
    /// Per service: SLO windows in the run, and how many were breached.
    pub windows: Vec<u32>,
    pub breached: Vec<u32>,
    /// The largest budget share any single incident burned.
    pub worst_incident_burn: f64,
    /// Root causes someone acted on, and of those, how many were fixed
    /// within the horizon or sit in a backlog with a date.
    pub roots_detected: u32,
    pub roots_fixed: u32,
    pub roots_dated: u32,
    /// Pages and tickets that reached a team.
    pub pages: u64,
}

impl RunSummary {
    pub fn share(&self, o: Outcome) -> Option<f64> {
        self.share_of(&[o])
    }

    /// Share of incidents that ended in any of `outcomes`.
    pub fn share_of(&self, outcomes: &[Outcome]) -> Option<f64> {
        (self.incidents > 0).then(|| {
            let n: u32 = outcomes.iter().map(|&o| self.outcomes[outcome_index(o)]).sum();
            f64::from(n) / f64::from(self.incidents)
        })
    }

    /// Share of incidents nobody resolved: silent, deflected or stalled.
    pub fn unaccountable_share(&self) -> Option<f64> {
        (self.incidents > 0).then(|| {
            let n: u32 = Outcome::ALL
                .iter()
                .filter(|o| o.is_unaccountable())
                .map(|&o| self.outcomes[outcome_index(o)])
                .sum();
            f64::from(n) / f64::from(self.incidents)
        })
    }
}

pub fn outcome_index(o: Outcome) -> usize {
    o.index()
}

/// Reduces one run's log to its summary.
pub fn summarize(sc: &Scenario, log: &RunLog, index: u32) -> RunSummary {
    let mut outcomes = [0; Outcome::COUNT];
    for inc in &log.incidents {
        outcomes[outcome_index(inc.outcome)] += 1;
    }
    RunSummary {
        index,
        seed: log.seed,
        stopped: log.stopped,
        events: log.events.len() as u32,
        incidents: log.incidents.len() as u32,
        outcomes,
        handoffs: log.incidents.iter().map(|i| i.handoffs).sum(),
        detected: log.incidents.iter().filter(|i| i.detected.is_some()).count() as u32,
        detect: log.incidents.iter().filter_map(|i| i.time_to_detect()).collect(),
        mitigate: log.incidents.iter().filter_map(|i| i.time_to_mitigate()).collect(),
        budget: log
            .services
            .iter()
            .map(|s| s.windows.iter().sum::<f64>() / s.windows.len().max(1) as f64)
            .collect(),
        windows: log.services.iter().map(|s| s.windows.len() as u32).collect(),
        breached: log
            .services
            .iter()
            .map(|s| s.windows.iter().filter(|&&w| w >= 1.0).count() as u32)
            .collect(),
        worst_incident_burn: log.incidents.iter().map(|i| worst_budget_share(sc, i)).fold(0.0, f64::max),
        roots_detected: log.root_causes.iter().filter(|r| r.detected.is_some()).count() as u32,
        roots_fixed: log.root_causes.iter().filter(|r| r.detected.is_some() && r.fixed.is_some()).count()
            as u32,
        roots_dated: log
            .root_causes
            .iter()
            .filter(|r| r.detected.is_some() && (r.fixed.is_some() || r.due.is_some()))
            .count() as u32,
        pages: log.queues.iter().map(|q| q.pages).sum(),
    }
}

/// The mean of some times, in minutes; `None` when there are none.
pub fn mean_minutes(v: &[Time]) -> Option<f64> {
    (!v.is_empty()).then(|| v.iter().map(|&s| crate::time::minutes(s)).sum::<f64>() / v.len() as f64)
}

impl RunSummary {
    /// Mean time to mitigate in minutes, over the incidents mitigated.
    pub fn mean_mitigate_minutes(&self) -> Option<f64> {
        mean_minutes(&self.mitigate)
    }

    /// Share of the root causes someone acted on that were fixed in the horizon.
    pub fn fixed_share(&self) -> Option<f64> {
        (self.roots_detected > 0).then(|| f64::from(self.roots_fixed) / f64::from(self.roots_detected))
    }

    /// Share of SLO windows, over all services, in which the budget ran out.
    pub fn breach_share(&self) -> Option<f64> {
        let n: u32 = self.windows.iter().sum();
        (n > 0).then(|| f64::from(self.breached.iter().sum::<u32>()) / f64::from(n))
    }
}

/// Runs `indices` of the Monte Carlo set; natively on every core.
pub fn run_range(sc: &Scenario, base_seed: u64, indices: Range<u32>) -> Vec<RunSummary> {
    let one = |i: u32| {
        let seed = run_seed(base_seed, i);
        summarize(sc, &run(sc, seed), i)
    };
    #[cfg(not(target_arch = "wasm32"))]
    {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(indices.len().max(1));
        if threads > 1 {
            let all: Vec<u32> = indices.collect();
            let chunk = all.len().div_ceil(threads);
            let mut out: Vec<RunSummary> = std::thread::scope(|s| {
                let handles: Vec<_> = all
                    .chunks(chunk)
                    .map(|c| s.spawn(move || c.iter().map(|&i| one(i)).collect::<Vec<_>>()))
                    .collect();
                // A worker only panics if the engine does, which is a bug worth surfacing.
                handles.into_iter().flat_map(|h| h.join().expect("a Monte Carlo worker panicked")).collect()
            });
            out.sort_by_key(|r| r.index);
            return out;
        }
    }
    indices.map(one).collect()
}

/// A mean with its 95% confidence interval.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Estimate {
    pub mean: f64,
    pub ci_low: f64,
    pub ci_high: f64,
    /// How many values it rests on.
    pub n: u32,
}

impl Estimate {
    /// Mean and normal-approximation 95% interval of independent values.
    pub fn of(values: &[f64]) -> Self {
        let n = values.len();
        if n == 0 {
            return Self { mean: 0.0, ci_low: 0.0, ci_high: 0.0, n: 0 };
        }
        let mean = values.iter().sum::<f64>() / n as f64;
        let half = if n > 1 {
            let var = values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (n - 1) as f64;
            1.96 * (var / n as f64).sqrt()
        } else {
            0.0
        };
        Self { mean, ci_low: mean - half, ci_high: mean + half, n: n as u32 }
    }

    /// True when the interval excludes zero.
    pub fn is_clear(&self) -> bool {
        self.ci_low > 0.0 || self.ci_high < 0.0
    }
}

/// A distribution of pooled values with its percentiles, and the 95%
/// interval of its mean across runs.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Distribution {
    pub p10: f64,
    pub p50: f64,
    pub p90: f64,
    pub mean: f64,
    pub ci_low: f64,
    pub ci_high: f64,
    pub n: u32,
}

/// The p-quantile of sorted values, by linear interpolation.
pub fn quantile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let pos = p.clamp(0.0, 1.0) * (sorted.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

impl Distribution {
    /// From each run's values: percentiles over all values pooled, interval
    /// from the per-run means.
    pub fn of(per_run: &[Vec<f64>]) -> Self {
        let all: Vec<f64> = per_run.iter().flatten().copied().collect();
        let means: Vec<f64> = per_run
            .iter()
            .filter(|v| !v.is_empty())
            .map(|v| v.iter().sum::<f64>() / v.len() as f64)
            .collect();
        Self::pooled(all, &means)
    }

    /// [`Self::of`] when every run has exactly one value: the same numbers
    /// without a vector per run (a 20,000-run set allocates 20,000 fewer
    /// per service).
    pub fn of_single(values: &[f64]) -> Self {
        Self::pooled(values.to_vec(), values)
    }

    fn pooled(mut all: Vec<f64>, means: &[f64]) -> Self {
        // Values equal under total_cmp have the same bits, so an unstable
        // sort gives the same order as a stable one, faster.
        all.sort_unstable_by(f64::total_cmp);
        let e = Estimate::of(means);
        let mean = if all.is_empty() { 0.0 } else { all.iter().sum::<f64>() / all.len() as f64 };
        Self {
            p10: quantile(&all, 0.1),
            p50: quantile(&all, 0.5),
            p90: quantile(&all, 0.9),
            mean,
            ci_low: e.ci_low,
            ci_high: e.ci_high,
            n: all.len() as u32,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OutcomeShare {
    pub outcome: Outcome,
    pub count: u64,
    /// Mean per-run share with its interval.
    pub share: Estimate,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ServiceBudget {
    pub service: String,
    /// Share of one SLO window's budget consumed, averaged over each run's windows.
    pub consumed: Distribution,
    /// Share of SLO windows in breach (mean per run, with its interval).
    pub breached: Estimate,
    /// Share of runs in which no window was breached: the SLO was met.
    pub met: f64,
}

/// Monte Carlo aggregates over a set of runs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Aggregate {
    pub runs: u32,
    /// Runs that reached their budget and stopped before the horizon, and
    /// why the first of them did.
    pub stopped: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stopped_why: Option<String>,
    pub incidents: u64,
    pub events: u64,
    pub outcomes: Vec<OutcomeShare>,
    pub unaccountable: Estimate,
    /// Hand-offs per incident.
    pub handoffs: Estimate,
    /// Hand-offs per detected incident: how hard routing was once someone
    /// acted, without crediting blindness for the hand-offs it skipped.
    pub handoffs_per_detected: Estimate,
    /// Minutes from start to detection.
    pub detect_minutes: Distribution,
    /// Minutes from start to mitigation.
    pub mitigate_minutes: Distribution,
    pub budgets: Vec<ServiceBudget>,
    /// Share of detected root causes fixed within the horizon.
    pub fixed: Estimate,
    /// …fixed, or in a backlog with a date.
    pub fixed_or_dated: Estimate,
    /// Pages and tickets per run.
    pub pages: Estimate,
}

/// Aggregates summaries, whatever order they come in.
pub fn aggregate(sc: &Scenario, summaries: &[RunSummary]) -> Aggregate {
    let mut a = Aggregating::new(sc, summaries);
    while a.step() {}
    a.finish()
}

/// [`aggregate`] in pieces of bounded work, for a caller that must yield
/// between them: the page, whose thread must never be busy for long, and a
/// 20,000-run set's aggregate takes tens of milliseconds in one go. The
/// result is the same as [`aggregate`]'s.
pub struct Aggregating<'a> {
    sc: &'a Scenario,
    runs: Vec<&'a RunSummary>,
    head: Option<Aggregate>,
    detect: Option<Distribution>,
    mitigate: Option<Distribution>,
    budgets: Option<Vec<ServiceBudget>>,
}

impl<'a> Aggregating<'a> {
    pub fn new(sc: &'a Scenario, summaries: &'a [RunSummary]) -> Self {
        let mut runs: Vec<&RunSummary> = summaries.iter().collect();
        runs.sort_by_key(|r| r.index);
        Self { sc, runs, head: None, detect: None, mitigate: None, budgets: None }
    }

    /// Computes the next piece; false once every piece is computed.
    pub fn step(&mut self) -> bool {
        if self.head.is_none() {
            self.head = Some(head(&self.runs));
        } else if self.detect.is_none() {
            self.detect = Some(minutes(&self.runs, |r| &r.detect));
        } else if self.mitigate.is_none() {
            self.mitigate = Some(minutes(&self.runs, |r| &r.mitigate));
        } else if self.budgets.is_none() {
            self.budgets = Some(budgets(self.sc, &self.runs));
        } else {
            return false;
        }
        true
    }

    /// The aggregate, computing whatever pieces are left first.
    pub fn finish(mut self) -> Aggregate {
        while self.step() {}
        let mut agg = self.head.take().expect("computed");
        agg.detect_minutes = self.detect.take().expect("computed");
        agg.mitigate_minutes = self.mitigate.take().expect("computed");
        agg.budgets = self.budgets.take().expect("computed");
        agg
    }
}

/// Distribution::of over each run's times in minutes, without a vector per
/// run. The seconds are sorted as integers, the cheaper comparison:
/// dividing by 60 keeps their order, so the sorted minutes are the same.
fn minutes(runs: &[&RunSummary], f: fn(&RunSummary) -> &Vec<Time>) -> Distribution {
    let m = |s: &Time| crate::time::minutes(*s);
    let mut seconds: Vec<Time> = runs.iter().flat_map(|r| f(r).iter().copied()).collect();
    seconds.sort_unstable();
    let all: Vec<f64> = seconds.iter().map(m).collect();
    let means: Vec<f64> = runs
        .iter()
        .map(|r| f(r))
        .filter(|v| !v.is_empty())
        .map(|v| v.iter().map(m).sum::<f64>() / v.len() as f64)
        .collect();
    Distribution::pooled(all, &means)
}

fn budgets(sc: &Scenario, runs: &[&RunSummary]) -> Vec<ServiceBudget> {
    let services: Vec<&str> =
        sc.caps.iter().filter(|c| c.layer == Layer::Service).map(|c| c.name.as_str()).collect();
    services
        .iter()
        .enumerate()
        .map(|(k, name)| {
            let breach = |r: &&RunSummary| {
                let n = r.windows.get(k).copied().unwrap_or(0);
                (n > 0).then(|| f64::from(r.breached.get(k).copied().unwrap_or(0)) / f64::from(n))
            };
            let met = runs.iter().filter(|r| r.breached.get(k).copied().unwrap_or(0) == 0).count();
            ServiceBudget {
                service: (*name).to_owned(),
                consumed: Distribution::of_single(
                    &runs.iter().map(|r| r.budget.get(k).copied().unwrap_or(0.0)).collect::<Vec<_>>(),
                ),
                breached: Estimate::of(&runs.iter().filter_map(breach).collect::<Vec<_>>()),
                met: met as f64 / runs.len().max(1) as f64,
            }
        })
        .collect()
}

/// Everything but the time distributions and the budgets, which
/// [`Aggregating`] fills in.
fn head(runs: &[&RunSummary]) -> Aggregate {
    let outcomes = Outcome::ALL
        .iter()
        .map(|&o| OutcomeShare {
            outcome: o,
            count: runs.iter().map(|r| u64::from(r.outcomes[outcome_index(o)])).sum(),
            share: Estimate::of(&runs.iter().filter_map(|r| r.share(o)).collect::<Vec<_>>()),
        })
        .collect();
    let none = Distribution { p10: 0.0, p50: 0.0, p90: 0.0, mean: 0.0, ci_low: 0.0, ci_high: 0.0, n: 0 };
    Aggregate {
        runs: runs.len() as u32,
        stopped: runs.iter().filter(|r| r.stopped.is_some()).count() as u32,
        stopped_why: runs.iter().find_map(|r| r.stopped).map(|s| s.message()),
        incidents: runs.iter().map(|r| u64::from(r.incidents)).sum(),
        events: runs.iter().map(|r| u64::from(r.events)).sum(),
        outcomes,
        unaccountable: Estimate::of(&runs.iter().filter_map(|r| r.unaccountable_share()).collect::<Vec<_>>()),
        handoffs: Estimate::of(
            &runs
                .iter()
                .filter(|r| r.incidents > 0)
                .map(|r| f64::from(r.handoffs) / f64::from(r.incidents))
                .collect::<Vec<_>>(),
        ),
        handoffs_per_detected: Estimate::of(
            &runs
                .iter()
                .filter(|r| r.detected > 0)
                .map(|r| f64::from(r.handoffs) / f64::from(r.detected))
                .collect::<Vec<_>>(),
        ),
        detect_minutes: none,
        mitigate_minutes: none,
        budgets: Vec::new(),
        fixed: Estimate::of(&runs.iter().filter_map(|r| r.fixed_share()).collect::<Vec<_>>()),
        fixed_or_dated: Estimate::of(
            &runs
                .iter()
                .filter(|r| r.roots_detected > 0)
                .map(|r| f64::from(r.roots_dated) / f64::from(r.roots_detected))
                .collect::<Vec<_>>(),
        ),
        pages: Estimate::of(&runs.iter().map(|r| r.pages as f64).collect::<Vec<_>>()),
    }
}

/// Runs the scenario `runs` times from `base_seed` and aggregates. Run `i`
/// has the seed `run_seed(base_seed, i)`, so any range of runs can be made
/// apart and the set is the same.
///
/// ```
/// use faultline_core::analysis::montecarlo::monte_carlo;
/// use faultline_core::model::{presets::preset, validate};
///
/// let sc = validate(preset("no-sre").unwrap()).unwrap();
/// let (runs, aggregate) = monte_carlo(&sc, 7, 40);
/// assert_eq!((runs.len(), aggregate.runs), (40, 40));
/// let ended: u64 = aggregate.outcomes.iter().map(|o| o.count).sum();
/// assert_eq!(ended, aggregate.incidents, "every incident ends one way");
/// ```
pub fn monte_carlo(sc: &Scenario, base_seed: u64, runs: u32) -> (Vec<RunSummary>, Aggregate) {
    let summaries = run_range(sc, base_seed, 0..runs);
    let agg = aggregate(sc, &summaries);
    (summaries, agg)
}
