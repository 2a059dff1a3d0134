//! Sensitivity: how far each assumption of the engine, moved alone to the
//! low and the high end of its plausible range, moves the headline — a
//! design's objective, or the paired difference between two designs — and
//! whether a comparison's conclusion survives every one of those ranges.
//!
//! Every measurement runs on the same seeds, so a row's movement is the
//! assumption's doing and not the luck of the draw: an assumption that cannot
//! touch the designs gives exactly the base headline at both ends. Where a
//! comparison's difference changes sign at an end, bisection on the same seeds
//! finds roughly where inside the range it does, so the sentence can say
//! "unless `defer_chance` is below 0.3".
//!
//! [`Sweep`] does the work a small batch of runs at a time (measuring the
//! base, one end of one assumption on both sides, or one halving of a
//! bisection takes several batches) so the browser can run it in slices
//! with progress and a Cancel; [`sensitivity`] loops it.

use super::batch::{Need, Rounds};
use super::compare::{aligned, side_names};
use super::montecarlo::{Estimate, RunSummary};
use super::objective::Objective;
use super::report::{duration, md_escape};
use crate::engine::assumptions::{table, Assumption};
use crate::model::{validate, Problem, Scenario, ScenarioFile};
use serde::Serialize;
use std::collections::VecDeque;
use std::fmt::Write;

/// Halvings a bisection makes: the threshold is known to 1/64 of the
/// distance from the default to the end where the conclusion flipped.
pub const HALVINGS: u8 = 6;

/// Which end of an assumption's plausible range.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum End {
    Low,
    High,
}

/// Where inside an assumption's range a comparison's conclusion changes:
/// below `threshold` (for the low end) or above it (for the high end).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Flip {
    pub key: &'static str,
    pub end: End,
    pub threshold: f64,
}

/// One assumption swept to both ends of its plausible range.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Row {
    pub key: &'static str,
    pub unit: &'static str,
    /// The value the base design uses: the table's default, or the
    /// scenario's own override of it.
    pub default: f64,
    pub low: f64,
    pub high: f64,
    /// The headline at each end (the base itself where the end is the default).
    pub at_low: Estimate,
    pub at_high: Estimate,
    /// How far the farther end moves the headline's mean from the base's.
    pub swing: f64,
    /// Where the comparison's conclusion flips, if it does at either end
    /// (when both ends flip, the one reached with the smaller share of its
    /// side of the range).
    pub flip: Option<Flip>,
    /// Why an end could not be run (its override failed validation); that
    /// end shows the base.
    pub skipped: Option<String>,
}

/// The whole sweep.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sensitivity {
    pub objective: Objective,
    pub seed: u64,
    pub runs: u32,
    /// The design, or the baseline of a comparison (as [`side_names`] calls it).
    pub a_title: String,
    /// The proposal, when two designs are compared.
    pub b_title: Option<String>,
    /// The headline at the defaults: the objective over the runs, or the
    /// paired difference B − A.
    pub base: Estimate,
    /// Largest swing first; ties in table order.
    pub rows: Vec<Row>,
    pub sentence: String,
}

/// A bisection between a value where the conclusion holds and one where it
/// has flipped. Pure, so its rule is tested without the engine.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Bisection {
    inside: f64,
    outside: f64,
    left: u8,
}

impl Bisection {
    fn new(inside: f64, outside: f64) -> Self {
        Self { inside, outside, left: HALVINGS }
    }

    /// The value to measure next.
    fn next(&self) -> f64 {
        (self.inside + self.outside) / 2.0
    }

    /// Narrows the bracket by what the value from [`Self::next`] showed.
    fn update(&mut self, flipped: bool) {
        let mid = self.next();
        if flipped {
            self.outside = mid;
        } else {
            self.inside = mid;
        }
        self.left = self.left.saturating_sub(1);
    }

    fn threshold(&self) -> f64 {
        self.next()
    }
}

/// Whether a headline mean reverses a clear base conclusion: the difference
/// reached zero or crossed it.
fn flips(base: &Estimate, mean: f64) -> bool {
    base.is_clear() && (mean == 0.0 || (mean > 0.0) != (base.mean > 0.0))
}

/// A bisection in progress on one row's end.
struct Pending {
    row: usize,
    end: End,
    bisection: Bisection,
}

/// What a measurement is for.
#[derive(Clone, Copy)]
enum Unit {
    Base,
    End {
        row: usize,
        end: End,
    },
    /// The value the front bisection asked for.
    Bisect,
}

/// A measurement in progress: both sides' runs so far.
struct Measuring {
    unit: Unit,
    a: Scenario,
    b: Option<Scenario>,
    ra: Vec<RunSummary>,
    rb: Vec<RunSummary>,
}

/// Which side of a comparison a [`Need`] is for: the baseline (or the
/// design alone) or the proposal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    A,
    B,
}

/// Runs per side a [`Sweep::step`] makes: a slice of a few tens of
/// milliseconds in the page.
pub const BATCH: u32 = 8;

/// The sweep, resumable a small batch of runs at a time.
pub struct Sweep {
    objective: Objective,
    seed: u64,
    runs: u32,
    a: ScenarioFile,
    /// B aligned on A's failures and settings.
    b: Option<ScenarioFile>,
    a_title: String,
    b_title: Option<String>,
    table: Vec<Assumption>,
    /// Each assumption's value in the base design.
    current: Vec<f64>,
    /// The base scenarios until the base is measured.
    start: Option<(Scenario, Option<Scenario>)>,
    base: Option<Estimate>,
    /// Per row, per end (low, high): the headline or why it was skipped.
    ends: Vec<[Option<Result<Estimate, String>>; 2]>,
    /// The next end to measure: row × 2 + end.
    next: usize,
    bisecting: VecDeque<Pending>,
    /// Per row, per end: where the conclusion flips.
    thresholds: Vec<[Option<f64>; 2]>,
    measuring: Option<Measuring>,
    /// Engine runs made so far.
    made: u64,
}

fn reason(problems: &[Problem]) -> String {
    let mut s: Vec<String> = problems.iter().take(3).map(|p| p.to_string()).collect();
    if problems.len() > 3 {
        s.push(format!("and {} more", problems.len() - 3));
    }
    s.join("; ")
}

impl Sweep {
    /// A sweep of `a` alone, or of the comparison of `b` (the proposal) with
    /// `a` (the baseline), over `runs` runs from `seed`. B runs on A's
    /// failures and settings; an error is why it cannot.
    pub fn new(
        a: &Scenario,
        b: Option<&Scenario>,
        objective: Objective,
        seed: u64,
        runs: u32,
    ) -> Result<Sweep, Vec<Problem>> {
        let b = b.map(|b| aligned(a, b)).transpose()?;
        let (a_title, b_title) = match &b {
            Some(b) => {
                let (x, y) = side_names(a.title(), b.title());
                (x, Some(y))
            }
            None => (side_names(a.title(), "").0, None),
        };
        let table = table();
        let current = table
            .iter()
            .map(|r| a.file.settings.assumptions.get(r.key).copied().unwrap_or(r.default))
            .collect();
        let rows = table.len();
        Ok(Sweep {
            objective,
            seed,
            runs: runs.max(1),
            a: a.file.clone(),
            b: b.as_ref().map(|b| b.file.clone()),
            a_title,
            b_title,
            table,
            current,
            start: Some((a.clone(), b)),
            base: None,
            ends: vec![[None, None]; rows],
            next: 0,
            bisecting: VecDeque::new(),
            thresholds: vec![[None; 2]; rows],
            measuring: None,
            made: 0,
        })
    }

    fn end_value(&self, row: usize, end: End) -> f64 {
        match end {
            End::Low => self.table[row].low,
            End::High => self.table[row].high,
        }
    }

    /// Both sides with one assumption set to `value`, or why they do not validate.
    fn with(&self, key: &str, value: f64) -> Result<(Scenario, Option<Scenario>), String> {
        let with = |file: &ScenarioFile| {
            let mut f = file.clone();
            f.settings.assumptions.insert(key.to_owned(), value);
            validate(f).map_err(|p| reason(&p))
        };
        Ok((with(&self.a)?, self.b.as_ref().map(with).transpose()?))
    }

    /// Ends still to measure that differ from the base.
    fn ends_left(&self) -> u64 {
        (self.next..self.ends.len() * 2)
            .filter(|&k| {
                let (row, end) = (k / 2, if k.is_multiple_of(2) { End::Low } else { End::High });
                self.end_value(row, end) != self.current[row]
            })
            .count() as u64
    }

    /// Whether the sweep has no work left.
    pub fn done(&self) -> bool {
        self.measuring.is_none()
            && self.base.is_some()
            && self.bisecting.is_empty()
            && self.next >= self.ends.len() * 2
    }

    /// Makes one batch of runs (or takes the next step of the sweep); true
    /// while work remains.
    pub fn step(&mut self) -> bool {
        self.step_with(BATCH)
    }

    /// Files a finished measurement.
    fn complete(&mut self, unit: Unit, measured: Result<Estimate, String>) {
        match unit {
            Unit::Base => self.base = measured.ok(),
            Unit::End { row, end } => {
                if let (Ok(e), Some(base)) = (&measured, self.base) {
                    if self.b.is_some() && flips(&base, e.mean) {
                        let bisection = Bisection::new(self.current[row], self.end_value(row, end));
                        self.bisecting.push_back(Pending { row, end, bisection });
                    }
                }
                self.ends[row][end as usize] = Some(measured);
            }
            Unit::Bisect => {
                let Some(mut p) = self.bisecting.pop_front() else { return };
                match (measured, self.base) {
                    (Ok(e), Some(base)) => p.bisection.update(flips(&base, e.mean)),
                    // Validation refused a value between two it accepted:
                    // keep the bracket found so far.
                    _ => p.bisection.left = 0,
                }
                if p.bisection.left == 0 {
                    self.thresholds[p.row][p.end as usize] = Some(p.bisection.threshold());
                } else {
                    self.bisecting.push_front(p);
                }
            }
        }
    }

    /// The result, doing whatever work is left first.
    pub fn finish(mut self) -> Sensitivity {
        while self.step() {}
        let base = self.base.unwrap_or(Estimate::of(&[]));
        let mut rows: Vec<Row> = self
            .table
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let mut skipped = Vec::new();
                let mut at = |end: End| match &self.ends[i][end as usize] {
                    Some(Ok(e)) => *e,
                    Some(Err(why)) => {
                        skipped.push(why.clone());
                        base
                    }
                    None => base,
                };
                let (at_low, at_high) = (at(End::Low), at(End::High));
                let swing = (at_low.mean - base.mean).abs().max((at_high.mean - base.mean).abs());
                let current = self.current[i];
                // Of two flips, the one nearer the default relative to its side of the range.
                let flip = [(End::Low, a.low), (End::High, a.high)]
                    .into_iter()
                    .filter_map(|(end, value)| {
                        let t = self.thresholds[i][end as usize]?;
                        let share = (t - current).abs() / (value - current).abs().max(f64::MIN_POSITIVE);
                        Some((share, Flip { key: a.key, end, threshold: t }))
                    })
                    .min_by(|x, y| x.0.total_cmp(&y.0))
                    .map(|(_, f)| f);
                Row {
                    key: a.key,
                    unit: a.unit,
                    default: current,
                    low: a.low,
                    high: a.high,
                    at_low,
                    at_high,
                    swing,
                    flip,
                    skipped: (!skipped.is_empty()).then(|| skipped.join("; ")),
                }
            })
            .collect();
        // A stable sort keeps table order among equal swings.
        rows.sort_by(|x, y| y.swing.total_cmp(&x.swing));
        let sentence =
            compose(self.objective, &self.a_title, self.b_title.as_deref(), &base, &rows, &|s| s.to_owned());
        Sensitivity {
            objective: self.objective,
            seed: self.seed,
            runs: self.runs,
            a_title: self.a_title,
            b_title: self.b_title,
            base,
            rows,
            sentence,
        }
    }
}

impl Rounds for Sweep {
    type Key = Side;

    /// The runs the measurement under way still needs, per side: they are
    /// independent, so they can be made anywhere and handed back with
    /// [`Self::give`]; [`Self::advance`] then files the measurement and
    /// starts the next.
    fn needs(&self) -> Vec<Need<'_, Side>> {
        let Some(m) = &self.measuring else { return Vec::new() };
        let mut out = Vec::new();
        let mut need = |side, sc, have: &Vec<RunSummary>| {
            let have = have.len() as u32;
            if have < self.runs {
                out.push(Need { key: side, sc, seed: self.seed, runs: have..self.runs });
            }
        };
        need(Side::A, &m.a, &m.ra);
        if let Some(b) = &m.b {
            need(Side::B, b, &m.rb);
        }
        out
    }

    /// Files the next runs, in index order, of one side of the measurement
    /// under way.
    fn give(&mut self, side: Side, made: Vec<RunSummary>) {
        let Some(m) = &mut self.measuring else { return };
        self.made += made.len() as u64;
        match side {
            Side::A => m.ra.extend(made),
            Side::B => m.rb.extend(made),
        }
    }

    /// Files the measurement under way once it needs no more runs, or
    /// starts the next one; true while work remains.
    fn advance(&mut self) -> bool {
        if self.measuring.is_some() {
            if !self.needs().is_empty() {
                return true;
            }
            let m = self.measuring.take().expect("measuring");
            let e = match &m.b {
                None => self.objective.estimate(&m.ra),
                Some(_) => self.objective.paired(&m.ra, &m.rb),
            };
            self.complete(m.unit, Ok(e));
            return !self.done();
        }
        if self.base.is_none() {
            if let Some((a, b)) = self.start.take() {
                self.measuring = Some(Measuring { unit: Unit::Base, a, b, ra: Vec::new(), rb: Vec::new() });
            }
            return !self.done();
        }
        if let Some(p) = self.bisecting.front() {
            let key = self.table[p.row].key;
            match self.with(key, p.bisection.next()) {
                Ok((a, b)) => {
                    self.measuring =
                        Some(Measuring { unit: Unit::Bisect, a, b, ra: Vec::new(), rb: Vec::new() });
                }
                Err(why) => self.complete(Unit::Bisect, Err(why)),
            }
            return !self.done();
        }
        while self.next < self.ends.len() * 2 {
            let (row, end) = (self.next / 2, if self.next.is_multiple_of(2) { End::Low } else { End::High });
            self.next += 1;
            let value = self.end_value(row, end);
            if value == self.current[row] {
                self.ends[row][end as usize] = self.base.map(Ok);
                continue;
            }
            match self.with(self.table[row].key, value) {
                Ok((a, b)) => {
                    self.measuring = Some(Measuring {
                        unit: Unit::End { row, end },
                        a,
                        b,
                        ra: Vec::new(),
                        rb: Vec::new(),
                    });
                }
                Err(why) => self.complete(Unit::End { row, end }, Err(why)),
            }
            return !self.done();
        }
        false
    }

    /// Engine runs made so far and the runs the whole sweep is expected to
    /// make; the total grows by [`HALVINGS`] measurements each time a
    /// conclusion is found to flip.
    fn progress(&self) -> (u64, u64) {
        let sides = if self.b.is_some() { 2 } else { 1 };
        let per = u64::from(self.runs) * sides;
        let measuring = |u: fn(&Unit) -> bool| self.measuring.as_ref().is_some_and(|m| u(&m.unit));
        let units = u64::from(self.base.is_none() && !measuring(|u| matches!(u, Unit::Base)))
            + self.ends_left()
            + self.bisecting.iter().map(|p| u64::from(p.bisection.left)).sum::<u64>()
            - u64::from(measuring(|u| matches!(u, Unit::Bisect)));
        let in_flight = self.measuring.as_ref().map_or(0, |m| (m.ra.len() + m.rb.len()) as u64);
        let busy = u64::from(self.measuring.is_some()) * per;
        (self.made, self.made - in_flight + busy + units * per)
    }
}

/// Sweeps every assumption in one go: [`Sweep`] run to its end.
pub fn sensitivity(
    a: &Scenario,
    b: Option<&Scenario>,
    objective: Objective,
    seed: u64,
    runs: u32,
) -> Result<Sensitivity, Vec<Problem>> {
    Ok(Sweep::new(a, b, objective, seed, runs)?.finish())
}

/// A number as a person writes it: three significant figures, whole numbers
/// whole, no float noise or trailing zeros.
pub fn number(x: f64) -> String {
    if !x.is_finite() || x == 0.0 {
        return "0".to_owned();
    }
    let magnitude = x.abs().log10().floor() as i32;
    let decimals = (2 - magnitude).clamp(0, 6) as usize;
    let s = format!("{x:.decimals$}");
    let s = if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.') } else { &s };
    if s == "-0" {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

/// "a, b or c", and "a, b, c and N more" past three.
fn list(items: &[String], or: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        _ if items.len() > 3 => {
            format!("{}, and {} more", items[..3].join(&format!(", {or} ")), items.len() - 3)
        }
        _ => items.join(&format!(", {or} ")),
    }
}

/// A row's two ends with which end each is. A skipped end holds the base,
/// so it moves no range and is never lost in noise where the base is clear.
fn measured(row: &Row) -> [(End, &Estimate); 2] {
    [(End::Low, &row.at_low), (End::High, &row.at_high)]
}

/// The one sentence of the result; `esc` escapes user text (names) for
/// where it goes.
fn compose(
    objective: Objective,
    a_title: &str,
    b_title: Option<&str>,
    base: &Estimate,
    rows: &[Row],
    esc: &dyn Fn(&str) -> String,
) -> String {
    let label = objective.label();
    let top = rows.first().filter(|r| r.swing > 0.0).map(|r| r.key);
    let means =
        || std::iter::once(base.mean).chain(rows.iter().flat_map(|r| measured(r).map(|(_, e)| e.mean)));
    let lo = means().fold(f64::INFINITY, f64::min);
    let hi = means().fold(f64::NEG_INFINITY, f64::max);
    let Some(b_title) = b_title else {
        let what = if objective.is_share() { format!("the share of {label}") } else { label.to_owned() };
        let most = match top {
            Some(k) => format!("`{k}` moves it most"),
            None => "no assumption moves it".to_owned(),
        };
        return format!(
            "Across every assumption's plausible range, {what} for {} stays between {} and {} ({} at the \
             defaults); {most}.",
            esc(a_title),
            objective.show(lo),
            objective.show(hi),
            objective.show(base.mean)
        );
    };
    let (a, b) = (esc(a_title), esc(b_title));
    if !base.is_clear() {
        let most = match top {
            Some(k) => format!("`{k}` moves the difference most"),
            None => "no assumption moves the difference".to_owned(),
        };
        return format!(
            "At the defaults {a} and {b} are not distinguishable on {label} ({}, 95% interval {} to {}), so there \
             is no conclusion to test; {most}.",
            objective.show_diff(base.mean),
            objective.show_diff(base.ci_low),
            objective.show_diff(base.ci_high)
        );
    }
    let (better, worse) = if objective.gain(base.mean) > 0.0 { (&b, &a) } else { (&a, &b) };
    let flipped: Vec<String> = rows
        .iter()
        .filter_map(|r| r.flip.as_ref())
        .map(|f| {
            let side = if f.end == End::Low { "below" } else { "above" };
            format!("`{}` is {side} {}", f.key, number(f.threshold))
        })
        .collect();
    let mut s = if flipped.is_empty() {
        format!(
            "{better} beats {worse} on {label} under every assumption in its plausible range (the difference \
             stays between {} and {}).",
            objective.show_diff(lo),
            objective.show_diff(hi)
        )
    } else {
        format!("{better} beats {worse} on {label} unless {}.", list(&flipped, "or"))
    };
    // Ends where the difference keeps its sign but is lost in the noise.
    let noisy: Vec<String> = rows
        .iter()
        .flat_map(|r| {
            measured(r).into_iter().filter(|(_, e)| !e.is_clear() && !flips(base, e.mean)).map(
                move |(end, _)| {
                    let value = if end == End::Low { r.low } else { r.high };
                    format!("`{}` at {}", r.key, number(value))
                },
            )
        })
        .collect();
    if !noisy.is_empty() {
        let _ = write!(s, " With {} the difference is not distinguishable from zero.", list(&noisy, "or"));
    }
    s
}

/// What the headline is, for the table's lead-in.
fn headline_name(s: &Sensitivity) -> String {
    match &s.b_title {
        Some(_) => format!("the paired difference B − A in {}", s.objective.label()),
        None => s.objective.label().to_owned(),
    }
}

/// A headline value as the table shows it.
fn show(s: &Sensitivity, v: f64) -> String {
    if s.b_title.is_some() {
        s.objective.show_diff(v)
    } else {
        s.objective.show(v)
    }
}

/// A swing, unsigned: "3.1 pts" or "40 min".
fn show_swing(o: Objective, v: f64) -> String {
    if o.is_share() {
        format!("{:.1} pts", v * 100.0)
    } else {
        duration(v)
    }
}

/// The sweep as Markdown: a heading, the sentence, and the table.
pub fn to_markdown(s: &Sensitivity) -> String {
    let label = s.objective.label();
    let names = match &s.b_title {
        Some(b) => format!("{} vs {}", md_escape(&s.a_title), md_escape(b)),
        None => md_escape(&s.a_title),
    };
    let sentence = compose(s.objective, &s.a_title, s.b_title.as_deref(), &s.base, &s.rows, &md_escape);
    let mut out = format!("# Sensitivity of {names} on {label}\n\n**{sentence}**\n\n");
    let at_base = if s.b_title.is_some() {
        s.objective.show_estimate(&s.base)
    } else {
        format!(
            "{} ({} to {})",
            s.objective.show(s.base.mean),
            s.objective.show(s.base.ci_low),
            s.objective.show(s.base.ci_high)
        )
    };
    let _ = writeln!(
        out,
        "Each of the engine's {} assumptions moved alone to the low and the high end of its plausible range, on \
         the same {} seeds from seed {}. The headline is {} with its 95% interval: {at_base} at the defaults.\n",
        s.rows.len(),
        s.runs,
        s.seed,
        headline_name(s)
    );
    out.push_str(
        "| Assumption | Plausible range (base) | At the low end | At the high end | Swing | Note |\n\
         | --- | --- | ---: | ---: | ---: | --- |\n",
    );
    for r in &s.rows {
        let note = match (&r.flip, &r.skipped) {
            (_, Some(why)) => format!("skipped: {}", md_escape(why)),
            (Some(f), None) => {
                format!("flips {} {}", if f.end == End::Low { "below" } else { "above" }, number(f.threshold))
            }
            (None, None) => String::new(),
        };
        let _ = writeln!(
            out,
            "| `{}` | {} – {} {} ({}) | {} | {} | {} | {note} |",
            r.key,
            number(r.low),
            number(r.high),
            r.unit,
            number(r.default),
            show(s, r.at_low.mean),
            show(s, r.at_high.mean),
            show_swing(s.objective, r.swing)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn est(mean: f64, half: f64) -> Estimate {
        Estimate { mean, ci_low: mean - half, ci_high: mean + half, n: 100 }
    }

    fn row(key: &'static str, low: Estimate, high: Estimate, base: &Estimate) -> Row {
        let swing = (low.mean - base.mean).abs().max((high.mean - base.mean).abs());
        Row {
            key,
            unit: "probability",
            default: 0.5,
            low: 0.2,
            high: 0.8,
            at_low: low,
            at_high: high,
            swing,
            flip: None,
            skipped: None,
        }
    }

    fn flip(mut r: Row, end: End, threshold: f64) -> Row {
        r.flip = Some(Flip { key: r.key, end, threshold });
        r
    }

    fn check(b: Option<&str>, base: Estimate, rows: &[Row], expected: &str) {
        let s = compose(Objective::Silent, "Clear boundary", b, &base, rows, &|s| s.to_owned());
        assert_eq!(s, expected);
    }

    #[test]
    fn a_conclusion_that_holds_says_so_with_its_range() {
        let base = est(0.10, 0.02);
        let rows = [row("defer_chance", est(0.05, 0.02), est(0.15, 0.02), &base)];
        check(
            Some("Shared deploy"),
            base,
            &rows,
            "Clear boundary beats Shared deploy on incidents ending silent, deflected or stalled under every \
             assumption in its plausible range (the difference stays between +5.0 pts and +15.0 pts).",
        );
    }

    #[test]
    fn flips_are_named_at_most_three_then_counted() {
        let base = est(-0.10, 0.02);
        let r = |k| flip(row(k, est(0.01, 0.02), est(-0.2, 0.02), &base), End::Low, 0.137);
        check(
            Some("Shared deploy"),
            base,
            &[flip(row("defer_chance", est(-0.1, 0.02), est(0.02, 0.01), &base), End::High, 0.64)],
            "Shared deploy beats Clear boundary on incidents ending silent, deflected or stalled unless \
             `defer_chance` is above 0.64.",
        );
        check(
            Some("Shared deploy"),
            base,
            &[r("a"), r("b"), r("c"), r("d"), r("e")],
            "Shared deploy beats Clear boundary on incidents ending silent, deflected or stalled unless `a` is \
             below 0.137, or `b` is below 0.137, or `c` is below 0.137, and 2 more.",
        );
    }

    #[test]
    fn an_end_lost_in_noise_gets_a_second_sentence() {
        let base = est(-0.10, 0.02);
        let rows = [
            row("defer_chance", est(-0.01, 0.02), est(-0.2, 0.02), &base),
            row("triage_minutes", est(-0.1, 0.02), est(-0.1, 0.02), &base),
        ];
        check(
            Some("Shared deploy"),
            base,
            &rows,
            "Shared deploy beats Clear boundary on incidents ending silent, deflected or stalled under every \
             assumption in its plausible range (the difference stays between -20.0 pts and -1.0 pts). With \
             `defer_chance` at 0.2 the difference is not distinguishable from zero.",
        );
    }

    #[test]
    fn no_conclusion_and_one_design_read_as_they_should() {
        let base = est(0.01, 0.02);
        let rows = [
            row("defer_chance", est(0.05, 0.02), est(0.0, 0.02), &base),
            row("triage_minutes", base, base, &base),
        ];
        check(
            Some("Shared deploy"),
            base,
            &rows,
            "At the defaults Clear boundary and Shared deploy are not distinguishable on incidents ending silent, \
             deflected or stalled (+1.0 pts, 95% interval -1.0 pts to +3.0 pts), so there is no conclusion to \
             test; `defer_chance` moves the difference most.",
        );
        let base = est(0.3, 0.02);
        check(
            None,
            base,
            &[row("defer_chance", est(0.25, 0.02), est(0.4, 0.02), &base), row("x", base, base, &base)],
            "Across every assumption's plausible range, the share of incidents ending silent, deflected or \
             stalled for Clear boundary stays between 25.0% and 40.0% (30.0% at the defaults); `defer_chance` \
             moves it most.",
        );
        check(
            None,
            base,
            &[row("x", base, base, &base)],
            "Across every assumption's plausible range, the share of incidents ending silent, deflected or \
             stalled for Clear boundary stays between 30.0% and 30.0% (30.0% at the defaults); no assumption \
             moves it.",
        );
    }

    #[test]
    fn bisection_closes_in_on_the_crossing() {
        // A difference of x − 0.337: clearly positive at the default 0.5,
        // flipping below 0.337 on the way to the low end 0.2.
        let base = est(0.5 - 0.337, 0.01);
        let mut b = Bisection::new(0.5, 0.2);
        while b.left > 0 {
            let x = b.next();
            b.update(flips(&base, x - 0.337));
        }
        let t = b.threshold();
        assert!((t - 0.337).abs() <= 0.3 / 64.0, "{t}");
        assert!(t < 0.5 && t > 0.2);
        // And from above, towards a high end.
        let base = est(-0.3, 0.01);
        let mut b = Bisection::new(10.0, 40.0);
        while b.left > 0 {
            let x = b.next();
            b.update(flips(&base, x - 23.0));
        }
        assert!((b.threshold() - 23.0).abs() <= 30.0 / 64.0, "{}", b.threshold());
    }

    #[test]
    fn a_difference_that_reaches_zero_has_flipped_and_one_that_was_never_clear_cannot() {
        assert!(flips(&est(0.1, 0.05), 0.0));
        assert!(flips(&est(0.1, 0.05), -0.01));
        assert!(!flips(&est(0.1, 0.05), 0.02));
        assert!(!flips(&est(0.01, 0.05), -0.2));
    }

    #[test]
    fn numbers_read_as_a_person_writes_them() {
        for (x, s) in
            [(0.137, "0.137"), (0.1, "0.1"), (24.0, "24"), (12.34, "12.3"), (168.4, "168"), (0.0, "0")]
        {
            assert_eq!(number(x), s);
        }
        assert_eq!(number(1234.6), "1235");
        assert_eq!(number(-0.0004), "-0.0004");
    }
}
