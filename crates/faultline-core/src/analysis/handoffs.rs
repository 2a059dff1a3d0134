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
        let mut one = Tally::default();
        one.log(log);
        one.done()
    }

    /// The tally of these runs.
    pub fn of(logs: &[RunLog]) -> Self {
        let mut all = Tally::default();
        for log in logs {
            all.log(log);
        }
        all.done()
    }

    /// Adds the tally of other runs, disjoint from these: the two sorted
    /// lists of pairs merged in one pass.
    pub fn add(&mut self, other: &Handoffs) {
        let mine = std::mem::take(&mut self.pairs);
        let mut theirs = other.pairs.iter().copied().peekable();
        let mut merged = Vec::with_capacity(mine.len().max(other.pairs.len()));
        for (pair, n) in mine {
            while let Some(before) = theirs.next_if(|&(q, _)| q < pair) {
                merged.push(before);
            }
            let same = theirs.next_if(|&(q, _)| q == pair).map_or(0, |(_, m)| m);
            merged.push((pair, n + same));
        }
        merged.extend(theirs);
        self.pairs = merged;
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

/// Hand-offs being counted run by run, in one map: a set of runs is
/// tallied without building and merging a tally per run.
#[derive(Default)]
pub struct Tally {
    counts: BTreeMap<Pair, u64>,
    incidents: u64,
    runs: u32,
    /// The first run's seed.
    seed: Option<u64>,
}

impl Tally {
    /// Counts one run's hand-offs.
    pub fn log(&mut self, log: &RunLog) {
        for inc in &log.incidents {
            for pair in inc.holders.windows(2) {
                *self.counts.entry((pair[0].1, pair[1].1)).or_default() += 1;
            }
        }
        self.incidents += log.incidents.len() as u64;
        self.seed = self.seed.or(Some(log.seed));
        self.runs += 1;
    }

    /// The tally of the runs counted.
    pub fn done(self) -> Handoffs {
        Handoffs {
            pairs: self.counts.into_iter().collect(),
            incidents: self.incidents,
            runs: self.runs,
            seed: self.seed.filter(|_| self.runs == 1),
        }
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
