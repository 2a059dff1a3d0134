//! The advisor: the boundary moves a leader can make from a design, each
//! run against the design on the same failures and seeds, ranked by the
//! objective the leader picked.
//!
//! Runs go where they matter, by successive halving: every move gets a
//! first pass of `first` paired runs; then the better half of the moves
//! still in the race get twice as many, and so on, until the order of the
//! leaders is settled at 95% confidence (each leader's paired difference
//! from the next excludes zero, or lies wholly inside the indifference zone,
//! where the order does not matter) or the leaders have `max_runs`. Moves
//! whose gains are practically the same are shown least disturbing first. A move
//! dropped from the race keeps the estimate it had, with its interval.
//! A greedy second step then runs every move from the best move's design
//! and reports the best pair.
//!
//! The work is a resumable [`Advisor`]: each [`Advisor::step`] makes one
//! small batch of runs, so the page can run it in time slices with progress
//! and Cancel, and the command line in one loop, with the same numbers.

use super::batch::{Need, Rounds};
use super::diagnostics::{list as join, simple_test, SimpleTest};
use super::montecarlo::{Estimate, RunSummary};
use super::objective::Objective;
use crate::model::{validate, CapabilityId, Layer, Problem, Role, Scenario, ScenarioFile, TeamId, TeamKind};
use serde::Serialize;

/// Whose hours a time move takes reliability points from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Work {
    Toil,
    Feature,
}

impl Work {
    fn label(self) -> &'static str {
        match self {
            Work::Toil => "toil",
            Work::Feature => "feature work",
        }
    }
}

/// One change a leader can make, by ids, so it can be applied to the file
/// it was made for (or shown, or turned into the editor's own edit).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "move", rename_all = "snake_case")]
pub enum Move {
    /// `to` alone owns `cap`, instead of `from` (one owner or several, or
    /// none for an orphan).
    Reassign { cap: CapabilityId, from: Vec<TeamId>, to: TeamId },
    /// `points` of `team`'s time go from `from` to reliability work.
    ShiftTime { team: TeamId, points: u8, from: Work },
    /// `team` starts an on-call rota.
    OnCall { team: TeamId },
    /// `team` grows by `people`.
    Hire { team: TeamId, people: u8 },
}

/// What kind of move it is, for grouping and for the board's drawing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MoveKind {
    /// A capability to another team.
    Move,
    /// A shared capability to one of its co-owners.
    SingleOwner,
    /// An orphan to a team.
    GiveOwner,
    /// The error-budget policy to a team that builds none of the paved road.
    Policy,
    Time,
    OnCall,
    Hire,
}

impl MoveKind {
    /// Among moves whose effects are practically the same, the one that
    /// changes the organisation least comes first: a shared capability kept
    /// by one of its owners before a capability handed to a new team, a
    /// boundary move before hours or people.
    pub fn disturbance(self) -> u8 {
        match self {
            MoveKind::SingleOwner | MoveKind::GiveOwner => 0,
            MoveKind::Policy => 1,
            MoveKind::Move => 2,
            MoveKind::OnCall => 3,
            MoveKind::Time => 4,
            MoveKind::Hire => 5,
        }
    }
}

impl Move {
    /// The design with this move made, or `None` when it no longer applies
    /// (a team or capability gone, a split with too few points to move).
    pub fn apply(&self, file: &ScenarioFile) -> Option<ScenarioFile> {
        let mut f = file.clone();
        match self {
            Move::Reassign { cap, to, .. } => {
                f.capabilities.iter().find(|c| &c.id == cap)?;
                f.teams.iter().find(|t| &t.id == to)?;
                f.ownership.insert(cap.clone(), vec![to.clone()]);
            }
            Move::ShiftTime { team, points, from } => {
                let t = f.teams.iter_mut().find(|t| &t.id == team)?;
                let p = f64::from(*points);
                let source = match from {
                    Work::Toil => &mut t.time_split.toil,
                    Work::Feature => &mut t.time_split.feature,
                };
                if *source < p {
                    return None;
                }
                *source -= p;
                t.time_split.reliability += p;
            }
            Move::OnCall { team } => {
                let t = f.teams.iter_mut().find(|t| &t.id == team)?;
                if t.on_call {
                    return None;
                }
                t.on_call = true;
            }
            Move::Hire { team, people } => {
                let t = f.teams.iter_mut().find(|t| &t.id == team)?;
                t.headcount += f64::from(*people);
            }
        }
        Some(f)
    }
}

/// A move as the advisor shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Described {
    #[serde(flatten)]
    pub mv: Move,
    pub kind: MoveKind,
    /// "Give Deploy and rollout system to Platform alone (from Platform and SRE)".
    pub label: String,
    /// What it costs: "no headcount: a boundary move", "1 more person on SRE".
    pub cost: String,
    /// Whether a capability goes to the kind of team its layer calls for
    /// (the paved road to Platform, reliability to SRE, a service to a
    /// product team); true for moves that are not boundary moves.
    pub natural: bool,
}

/// Every move a leader can make from `sc`, in a stable order: boundary moves
/// capability by capability, then each team's time, on-call and headcount.
///
/// A product service moves only between product teams (and teams of no
/// kind); the paved road and the reliability capabilities may go to any
/// team. A shared capability may go to each co-owner alone or to another
/// team; an orphan to each team. Time moves take 10 or 20 points from toil
/// or from feature work, when there are that many; on-call is offered to a
/// team without it that owns something; every team may hire one or two.
pub fn moves(sc: &Scenario) -> Vec<Described> {
    let mut out = Vec::new();
    let builders = sc.paved_road_owners();
    for c in sc.cap_ixs() {
        let cap = sc.cap(c);
        let owners = sc.owners(c);
        let from: Vec<TeamId> = owners.iter().map(|&t| sc.team(t).id.clone()).collect();
        let from_names: Vec<String> = owners.iter().map(|&t| sc.team(t).name.clone()).collect();
        for t in sc.team_ixs() {
            let team = sc.team(t);
            if owners.len() == 1 && owners[0] == t {
                continue;
            }
            if cap.layer == Layer::Service && !matches!(team.kind, TeamKind::Product | TeamKind::Other) {
                continue;
            }
            let (kind, label) = if owners.is_empty() {
                (MoveKind::GiveOwner, format!("Give {} an owner: {}", cap.name, team.name))
            } else if owners.len() > 1 && owners.contains(&t) {
                (
                    MoveKind::SingleOwner,
                    format!("Make {} single-owned by {} (from {})", cap.name, team.name, join(&from_names)),
                )
            } else if cap.role == Some(Role::ErrorBudgetPolicy) && !builders.contains(&t) {
                (
                    MoveKind::Policy,
                    format!(
                        "Give the error-budget policy{} to {}, who builds none of the paved road",
                        if cap.name.eq_ignore_ascii_case("error-budget policy") {
                            String::new()
                        } else {
                            format!(" ({})", cap.name)
                        },
                        team.name
                    ),
                )
            } else {
                (MoveKind::Move, format!("Move {} from {} to {}", cap.name, join(&from_names), team.name))
            };
            let natural = team.kind
                == match cap.layer {
                    Layer::Delivery => TeamKind::Platform,
                    Layer::Reliability => TeamKind::Sre,
                    Layer::Service => TeamKind::Product,
                };
            out.push(Described {
                mv: Move::Reassign { cap: cap.id.clone(), from: from.clone(), to: team.id.clone() },
                kind,
                label,
                cost: "no headcount: a boundary move".to_owned(),
                natural,
            });
        }
    }
    for t in sc.team_ixs() {
        let team = sc.team(t);
        for from in [Work::Toil, Work::Feature] {
            let have = match from {
                Work::Toil => team.split.toil,
                Work::Feature => team.split.feature,
            };
            for points in [10u8, 20] {
                if have >= f64::from(points) {
                    out.push(Described {
                        mv: Move::ShiftTime { team: team.id.clone(), points, from },
                        kind: MoveKind::Time,
                        natural: true,
                        label: format!(
                            "Move {points} points of {}'s time from {} to reliability",
                            team.name,
                            from.label()
                        ),
                        cost: format!(
                            "{:.0} h a week of {}'s {}",
                            f64::from(team.headcount) * f64::from(points) / 100.0 * hours_per_week(sc),
                            team.name,
                            from.label()
                        ),
                    });
                }
            }
        }
        let owns_something = sc.cap_ixs().any(|c| sc.owners(c).contains(&t));
        if !team.on_call && owns_something {
            out.push(Described {
                mv: Move::OnCall { team: team.id.clone() },
                natural: true,
                kind: MoveKind::OnCall,
                label: format!("Put {} on call", team.name),
                cost: format!("an on-call rota out of {}'s reliability hours", team.name),
            });
        }
        for people in [1u8, 2] {
            out.push(Described {
                mv: Move::Hire { team: team.id.clone(), people },
                natural: true,
                kind: MoveKind::Hire,
                label: format!(
                    "Add {people} {} to {}",
                    if people == 1 { "person" } else { "people" },
                    team.name
                ),
                cost: format!(
                    "{people} more {} on {}",
                    if people == 1 { "person" } else { "people" },
                    team.name
                ),
            });
        }
    }
    out
}

fn hours_per_week(sc: &Scenario) -> f64 {
    sc.settings.assumptions.get(crate::engine::assumptions::A::HoursPerWeek)
}

/// How the race is run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Plan {
    pub objective: Objective,
    pub seed: u64,
    /// Paired runs every move gets in the first pass.
    pub first: u32,
    /// The most runs a leader gets.
    pub max_runs: u32,
    /// Whether to look for the best second move after the best first one.
    pub pair: bool,
}

impl Plan {
    pub fn new(objective: Objective, seed: u64, first: u32) -> Self {
        let first = first.clamp(MIN_FIRST, MAX_RUNS);
        Self { objective, seed, first, max_runs: (first * 16).min(MAX_RUNS), pair: true }
    }
}

/// Fewer first-pass runs than this give intervals too wide to rank anything.
pub const MIN_FIRST: u32 = 20;
/// Past this a leader's interval is narrower than any difference worth acting on.
pub const MAX_RUNS: u32 = 10_000;
/// How many leaders' order the race settles.
const LEADERS: usize = 3;
/// The race never narrows below this many moves.
const FLOOR: usize = 4;
/// Runs made per step: small enough for a 25 ms slice in the page.
const BATCH: u32 = 8;

/// One move's result.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Suggestion {
    #[serde(flatten)]
    pub described: Described,
    /// The objective's paired difference, the moved design minus the
    /// design, with its 95% interval.
    pub effect: Estimate,
    /// The same turned so that positive is better.
    pub gain: f64,
    /// Whether the interval excludes zero: otherwise the move is not
    /// distinguishable from no change.
    pub distinguishable: bool,
    /// The objective in the moved design.
    pub value: Estimate,
    /// The simple test on the moved design, so a move that makes the
    /// structure drift is visible as such.
    pub simple_test: SimpleTest,
    /// The round of the race it reached (0: the first pass only).
    pub round: u32,
}

/// The best pair of moves found by the greedy second step.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PairResult {
    pub first: Described,
    pub second: Described,
    /// Both moves made, against the design.
    pub effect: Estimate,
    /// The second move, against the design with the first made.
    pub second_effect: Estimate,
    pub distinguishable: bool,
    pub simple_test: SimpleTest,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Suggestions {
    pub title: String,
    pub objective: Objective,
    pub objective_label: &'static str,
    pub seed: u64,
    pub first: u32,
    pub max_runs: u32,
    /// The design's own objective, over the most runs made of it.
    pub design: Estimate,
    /// Whether the leaders' order was settled at 95% before `max_runs`.
    pub settled: bool,
    /// Best first: the moves that went furthest in the race, then by gain.
    pub suggestions: Vec<Suggestion>,
    pub pair: Option<PairResult>,
    /// Engine runs made in all.
    pub runs_made: u64,
}

struct Candidate {
    described: Described,
    sc: Scenario,
    runs: Vec<RunSummary>,
    target: u32,
    round: u32,
}

enum Stage {
    Single,
    Pair { first: usize },
    Done,
}

/// Whose runs a [`Need`] is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Who {
    /// The design as it is.
    Base,
    /// The design after the move at this index.
    Move(usize),
    /// The design after the best move and then this second one.
    Second(usize),
}

/// A race in progress.
pub struct Advisor {
    plan: Plan,
    title: String,
    base: Scenario,
    base_runs: Vec<RunSummary>,
    candidates: Vec<Candidate>,
    /// Indices into `candidates` still racing.
    racing: Vec<usize>,
    round: u32,
    settled: bool,
    stage: Stage,
    singles: Vec<Suggestion>,
    /// Candidates of the second step, from the best single's design.
    seconds: Vec<Candidate>,
    pair: Option<PairResult>,
    runs_made: u64,
}

impl Advisor {
    /// A race over every move from `sc`, run on its failures and settings.
    pub fn new(sc: &Scenario, plan: Plan) -> Self {
        let candidates = candidates(sc, plan.first);
        let racing = (0..candidates.len()).collect();
        Self {
            plan,
            title: sc.title().to_owned(),
            base: sc.clone(),
            base_runs: Vec::new(),
            candidates,
            racing,
            round: 0,
            settled: false,
            stage: Stage::Single,
            singles: Vec::new(),
            seconds: Vec::new(),
            pair: None,
            runs_made: 0,
        }
    }

    /// The plan it runs.
    pub fn plan(&self) -> Plan {
        self.plan
    }

    /// How many moves are being weighed.
    pub fn moves(&self) -> usize {
        self.candidates.len()
    }

    pub fn done(&self) -> bool {
        matches!(self.stage, Stage::Done)
    }

    /// Makes one batch of runs, or takes the next decision of the race.
    /// Returns false once the race is over.
    pub fn step(&mut self) -> bool {
        self.step_with(BATCH)
    }

    /// After a round: narrow the race, or end it.
    fn decide(&mut self) {
        let o = self.plan.objective;
        let base = &self.base_runs;
        let gain = |c: &Candidate| o.gain(o.paired(&base[..c.runs.len()], &c.runs).mean);
        let mut order = self.racing.clone();
        order.sort_by(|&a, &b| {
            gain(&self.candidates[b]).total_cmp(&gain(&self.candidates[a])).then(a.cmp(&b))
        });
        self.racing = order;
        let leaders = &self.racing[..self.racing.len().min(LEADERS)];
        let zone = indifference(o, &self.base_runs);
        // Two leaders are in order when their paired difference excludes
        // zero, or when it lies inside the indifference zone: then either
        // order is as good, and no number of runs would settle it.
        let settled = leaders.windows(2).all(|w| {
            let (x, y) = (&self.candidates[w[0]], &self.candidates[w[1]]);
            let n = x.runs.len().min(y.runs.len());
            let d = o.paired(&y.runs[..n], &x.runs[..n]);
            d.is_clear() || (d.ci_low > -zone && d.ci_high < zone)
        });
        let runs = self.candidates[self.racing[0]].target;
        if settled || runs >= self.plan.max_runs || self.racing.len() <= 1 {
            self.settled = settled;
            self.end_single();
            return;
        }
        // Racing: a move clearly worse than the last leader cannot change
        // the leaders' order, so it drops out; at most half go on.
        let last = self.racing[LEADERS.min(self.racing.len()) - 1];
        let still: Vec<usize> = self
            .racing
            .iter()
            .enumerate()
            .filter(|&(rank, &i)| {
                let (c, l) = (&self.candidates[i], &self.candidates[last]);
                let n = c.runs.len().min(l.runs.len());
                rank < LEADERS || {
                    let d = o.paired(&l.runs[..n], &c.runs[..n]);
                    o.gain(d.ci_low).max(o.gain(d.ci_high)) >= 0.0
                }
            })
            .map(|(_, &i)| i)
            .collect();
        let floor = FLOOR.min(self.racing.len());
        let half = self.racing.len().div_ceil(2).max(floor);
        self.racing = self
            .racing
            .iter()
            .enumerate()
            .filter(|(rank, i)| *rank < floor || still.contains(i))
            .map(|(_, &i)| i)
            .take(half)
            .collect();
        self.round += 1;
        let target = (runs * 2).min(self.plan.max_runs);
        for &i in &self.racing {
            self.candidates[i].target = target;
            self.candidates[i].round = self.round;
        }
    }

    fn end_single(&mut self) {
        let o = self.plan.objective;
        let all: Vec<Suggestion> = self
            .candidates
            .iter()
            .map(|c| {
                let effect = o.paired(&self.base_runs[..c.runs.len()], &c.runs);
                Suggestion {
                    described: c.described.clone(),
                    effect,
                    gain: o.gain(effect.mean),
                    distinguishable: effect.is_clear(),
                    value: o.estimate(&c.runs),
                    simple_test: simple_test(&c.sc),
                    round: c.round,
                }
            })
            .collect();
        // The order of `candidates` is the order of `moves`, so ties keep it.
        let mut order: Vec<usize> = (0..all.len()).collect();
        order.sort_by(|&a, &b| {
            all[b].round.cmp(&all[a].round).then(all[b].gain.total_cmp(&all[a].gain)).then(a.cmp(&b))
        });
        // Within a run of clear improvements of the same round whose gains
        // are all within the indifference zone of the first, the least
        // disturbing first. A move that is not clearly better than no change
        // is never lifted above one that is, nor above a larger gain.
        let zone = indifference(o, &self.base_runs);
        let improves = |g: &Suggestion| g.distinguishable && g.gain > 0.0;
        let mut start = 0;
        while start < order.len() {
            let head = &all[order[start]];
            let end = start
                + if improves(head) {
                    order[start..]
                        .iter()
                        .take_while(|&&i| {
                            all[i].round == head.round && improves(&all[i]) && head.gain - all[i].gain < zone
                        })
                        .count()
                } else {
                    1
                };
            order[start..end]
                .sort_by_key(|&i| (all[i].described.kind.disturbance(), !all[i].described.natural));
            start = end;
        }
        let best = order.first().copied();
        let mut all: Vec<Option<Suggestion>> = all.into_iter().map(Some).collect();
        self.singles = order.iter().filter_map(|&i| all[i].take()).collect();
        match best {
            Some(first) if self.plan.pair && self.singles[0].gain > 0.0 => {
                let lead = &self.candidates[first];
                self.seconds = candidates(&lead.sc, self.plan.first)
                    .into_iter()
                    // The second move may not undo or redo the first.
                    .filter(|c| !same_subject(&c.described.mv, &lead.described.mv))
                    .collect();
                self.stage = Stage::Pair { first };
            }
            _ => self.stage = Stage::Done,
        }
    }

    fn finish_pair(&mut self, first: usize) {
        let o = self.plan.objective;
        let lead = &self.candidates[first];
        let n = self.plan.first as usize;
        let best = self.seconds.iter().map(|c| (c, o.gain(o.paired(&lead.runs[..n], &c.runs).mean))).fold(
            None::<(&Candidate, f64)>,
            |acc, (c, g)| match acc {
                Some((_, bg)) if bg >= g => acc,
                _ => Some((c, g)),
            },
        );
        self.pair = best.filter(|(_, g)| *g > 0.0).map(|(c, _)| {
            let effect = o.paired(&self.base_runs[..n], &c.runs);
            PairResult {
                first: lead.described.clone(),
                second: c.described.clone(),
                effect,
                second_effect: o.paired(&lead.runs[..n], &c.runs),
                distinguishable: effect.is_clear(),
                simple_test: simple_test(&c.sc),
            }
        });
    }

    /// The result; meaningful once [`Self::done`].
    pub fn result(&self) -> Suggestions {
        let o = self.plan.objective;
        Suggestions {
            title: self.title.clone(),
            objective: o,
            objective_label: o.label(),
            seed: self.plan.seed,
            first: self.plan.first,
            max_runs: self.plan.max_runs,
            design: o.estimate(&self.base_runs),
            settled: self.settled,
            suggestions: self.singles.clone(),
            pair: self.pair.clone(),
            runs_made: self.runs_made,
        }
    }
}

impl Rounds for Advisor {
    type Key = Who;

    /// The runs the race needs before its next decision. They are
    /// independent of each other, so they can be made anywhere, in any
    /// order, and handed back with [`Self::give`]; the decision itself is
    /// [`Self::advance`]. Each run's seed depends on its index alone, so
    /// the race is the same however its runs were made.
    fn needs(&self) -> Vec<Need<'_, Who>> {
        let seed = self.plan.seed;
        let need = |who, sc, have: &Vec<RunSummary>, target: u32| {
            let have = have.len() as u32;
            (have < target).then_some(Need { key: who, sc, runs: have..target, seed })
        };
        let mut out = Vec::new();
        match self.stage {
            Stage::Done => {}
            Stage::Single => {
                let want = self.racing.iter().map(|&i| self.candidates[i].target).max().unwrap_or(0);
                out.extend(need(Who::Base, &self.base, &self.base_runs, want));
                for &i in &self.racing {
                    let c = &self.candidates[i];
                    out.extend(need(Who::Move(i), &c.sc, &c.runs, c.target));
                }
            }
            Stage::Pair { first } => {
                let want = self.seconds.first().map_or(0, |c| c.target);
                let lead = &self.candidates[first];
                out.extend(need(Who::Move(first), &lead.sc, &lead.runs, want));
                out.extend(need(Who::Base, &self.base, &self.base_runs, want));
                for (i, c) in self.seconds.iter().enumerate() {
                    out.extend(need(Who::Second(i), &c.sc, &c.runs, c.target));
                }
            }
        }
        out
    }

    /// Files runs made for a need: the next runs, in index order, of `who`.
    fn give(&mut self, who: Who, made: Vec<RunSummary>) {
        let runs = match who {
            Who::Base => &mut self.base_runs,
            Who::Move(i) => &mut self.candidates[i].runs,
            Who::Second(i) => &mut self.seconds[i].runs,
        };
        debug_assert!(made.first().is_none_or(|r| r.index as usize == runs.len()), "runs given out of order");
        self.runs_made += made.len() as u64;
        runs.extend(made);
    }

    /// Takes the race's next decision, once it [`Self::needs`] nothing;
    /// false once the race is over.
    fn advance(&mut self) -> bool {
        if !self.needs().is_empty() {
            return !self.done();
        }
        match self.stage {
            Stage::Done => false,
            Stage::Single => {
                self.decide();
                true
            }
            Stage::Pair { first } => {
                self.finish_pair(first);
                self.stage = Stage::Done;
                false
            }
        }
    }

    /// Runs made so far and an estimate of the runs the whole race makes.
    fn progress(&self) -> (u64, u64) {
        let n = self.candidates.len() as u64;
        let first = u64::from(self.plan.first);
        // The first pass, the halving rounds (about as much again), and the
        // second step's first pass.
        let mut planned = first * (n + 1) * 2 + if self.plan.pair { first * n } else { 0 };
        planned = planned.max(self.runs_made + 1);
        (self.runs_made, planned)
    }
}

/// The indifference zone: differences in the objective smaller than this
/// are not worth ordering moves by. One point of a share; for a time, 2% of
/// the design's own mean, and at least a minute.
pub fn indifference(o: Objective, base_runs: &[RunSummary]) -> f64 {
    if o.is_share() {
        0.01
    } else {
        (0.02 * o.estimate(base_runs).mean).max(1.0)
    }
}

/// Whether two moves change the same capability, or the same team's same thing.
fn same_subject(a: &Move, b: &Move) -> bool {
    match (a, b) {
        (Move::Reassign { cap: x, .. }, Move::Reassign { cap: y, .. }) => x == y,
        (Move::OnCall { team: x }, Move::OnCall { team: y }) => x == y,
        (Move::Hire { team: x, .. }, Move::Hire { team: y, .. }) => x == y,
        (Move::ShiftTime { team: x, .. }, Move::ShiftTime { team: y, .. }) => x == y,
        _ => false,
    }
}

/// The moves from `sc` whose designs validate, each with its first target.
fn candidates(sc: &Scenario, first: u32) -> Vec<Candidate> {
    moves(sc)
        .into_iter()
        .filter_map(|d| {
            let file = d.mv.apply(&sc.file)?;
            let moved = validate(file).ok()?;
            Some(Candidate { described: d, sc: moved, runs: Vec::new(), target: first, round: 0 })
        })
        .collect()
}

/// Every suggestion for `sc`, in one go.
pub fn suggest(sc: &Scenario, plan: Plan) -> Suggestions {
    let mut a = Advisor::new(sc, plan);
    // Batches as large as a first pass keep every core busy natively.
    while a.step_with(plan.first) {}
    a.result()
}

/// [`suggest`] on a file: the problems when it does not validate.
pub fn suggest_file(file: ScenarioFile, plan: Plan) -> Result<Suggestions, Vec<Problem>> {
    Ok(suggest(&validate(file)?, plan))
}

/// A suggestion's verdict in words: which way it moves the objective, or
/// that it cannot be told from no change.
pub fn verdict(o: Objective, effect: &Estimate) -> &'static str {
    if !effect.is_clear() {
        "not distinguishable from no change"
    } else if o.gain(effect.mean) > 0.0 {
        "better"
    } else {
        "worse"
    }
}

/// The simple test's verdict on a moved design, in a few words.
pub fn structure(t: &SimpleTest) -> &'static str {
    if t.drifting {
        "drifting"
    } else if t.reliability.is_empty() {
        "nobody decides reliability"
    } else {
        "clear"
    }
}

/// The suggestions as Markdown: what was weighed and how, the best pair,
/// then one table row per move with its effect, interval, cost and the
/// simple test on the design it makes.
pub fn to_markdown(s: &Suggestions) -> String {
    use super::report::md_escape;
    use std::fmt::Write;
    let o = s.objective;
    let mut out = format!("# Suggestions for {} on {}\n\n", md_escape(&s.title), o.label());
    let _ = writeln!(
        out,
        "{} moves weighed by paired runs on the design's failures from seed {}: {} runs each first, then twice as \
         many for the leaders until their order was {} (at most {} runs); {} engine runs in all. The design \
         itself: {} (95% interval {} to {}).\n",
        s.suggestions.len(),
        s.seed,
        s.first,
        if s.settled { "settled at 95% confidence" } else { "as settled as the run limit allows" },
        s.max_runs,
        s.runs_made,
        o.show(s.design.mean),
        o.show(s.design.ci_low),
        o.show(s.design.ci_high),
    );
    match &s.pair {
        Some(p) => {
            let _ = writeln!(
                out,
                "**Best pair:** {}, then {}: {} ({}); the second move adds {} ({}){}.\n",
                md_escape(&p.first.label),
                md_escape(&p.second.label),
                o.show_estimate(&p.effect),
                verdict(o, &p.effect),
                o.show_estimate(&p.second_effect),
                verdict(o, &p.second_effect),
                if p.simple_test.drifting { "; the structure drifts" } else { "" }
            );
        }
        None => out.push_str("**Best pair:** no second move improves on the best first move.\n\n"),
    }
    if !s.suggestions.iter().any(|g| g.distinguishable && g.gain > 0.0) {
        out.push_str("No move is clearly better than the design as it is.\n\n");
    }
    out.push_str(
        "| # | Move | Effect (95% interval) | Verdict | Runs | Cost | Simple test after |\n\
         | ---: | --- | --- | --- | ---: | --- | --- |\n",
    );
    for (i, g) in s.suggestions.iter().enumerate() {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |",
            i + 1,
            md_escape(&g.described.label),
            o.show_estimate(&g.effect),
            verdict(o, &g.effect),
            g.effect.n,
            md_escape(&g.described.cost),
            structure(&g.simple_test)
        );
    }
    out
}
