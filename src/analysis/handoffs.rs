//! Hand-offs between teams, tallied over runs: who passed incidents to whom
//! and how often, from consecutive holders of each incident (leadership is
//! a holder of its own, `None`). A tally is a sum, so the tallies of
//! disjoint sets of runs merge, in any order, into the tally of their union:
//! the page's workers tally their own batches of a Monte Carlo set and the
//! page adds the tallies up, instead of shipping every run's log back.

use crate::engine::RunLog;
use crate::model::TeamIx;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Who passed an incident on, and who received it; `None` is leadership.
pub type Pair = (Option<TeamIx>, Option<TeamIx>);

/// Hand-offs counted over a set of runs.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Handoffs {
    /// Count per pair, sorted by pair, zero counts left out.
    pairs: Vec<(Pair, u64)>,
    /// Incidents in the runs, handed off or not.
    pub incidents: u64,
    /// Runs tallied.
    pub runs: u32,
    /// The run's seed, when the tally is of exactly one run.
    pub seed: Option<u64>,
}

impl Handoffs {
    /// The tally of one run.
    pub fn of_log(log: &RunLog) -> Self {
        let mut counts: BTreeMap<Pair, u64> = BTreeMap::new();
        for inc in &log.incidents {
            for pair in inc.holders.windows(2) {
                *counts.entry((pair[0].1, pair[1].1)).or_default() += 1;
            }
        }
        Handoffs {
            pairs: counts.into_iter().collect(),
            incidents: log.incidents.len() as u64,
            runs: 1,
            seed: Some(log.seed),
        }
    }

    /// The tally of these runs.
    pub fn of(logs: &[RunLog]) -> Self {
        let mut all = Handoffs::default();
        for log in logs {
            all.add(&Handoffs::of_log(log));
        }
        all
    }

    /// Adds the tally of other runs, disjoint from these.
    pub fn add(&mut self, other: &Handoffs) {
        let mut counts: BTreeMap<Pair, u64> = self.pairs.drain(..).collect();
        for &(pair, n) in &other.pairs {
            *counts.entry(pair).or_default() += n;
        }
        self.pairs = counts.into_iter().collect();
        self.seed = match (self.runs, other.runs) {
            (0, _) => other.seed,
            (_, 0) => self.seed,
            _ => None,
        };
        self.incidents += other.incidents;
        self.runs += other.runs;
    }

    /// Count per pair, in pair order.
    pub fn pairs(&self) -> impl Iterator<Item = (Pair, u64)> + '_ {
        self.pairs.iter().copied()
    }

    /// Hand-offs in all.
    pub fn total(&self) -> u64 {
        self.pairs.iter().map(|&(_, n)| n).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rng::run_seed;
    use crate::engine::run;
    use crate::model::{presets, validate};

    #[test]
    fn tallies_of_parts_add_up_to_the_tally_of_the_whole_in_any_order() {
        let sc = validate(presets::preset("shared-deploy").unwrap()).unwrap();
        let logs: Vec<RunLog> = (0..12).map(|i| run(&sc, run_seed(9, i))).collect();
        let whole = Handoffs::of(&logs);
        assert!(whole.total() > 0, "the preset should hand incidents off");
        assert_eq!((whole.runs, whole.seed), (12, None));
        let mut parts = Handoffs::of(&logs[8..]);
        parts.add(&Handoffs::of(&logs[..3]));
        parts.add(&Handoffs::of(&logs[3..8]));
        assert_eq!(parts.total(), whole.total());
        assert_eq!(parts.pairs().collect::<Vec<_>>(), whole.pairs().collect::<Vec<_>>());
        assert_eq!(parts.incidents, whole.incidents);
        let one = Handoffs::of(&logs[..1]);
        assert_eq!((one.runs, one.seed), (1, Some(logs[0].seed)));
    }
}
