//! A service's SLI: the bad-event fraction of every impact reaching it,
//! combined as independent failures (1 − Π(1 − eᵢ)), with its exact
//! integral over any interval and the first time a burn-rate rule or a
//! budget is reached on it.
//!
//! One impact alone takes the closed forms of [`Profile`]; several are
//! integrated piece by piece: between breakpoints every impact is linear in
//! time, so the product is a polynomial integrated exactly.

use super::impact::{Profile, INTERMITTENT_ON, INTERMITTENT_PERIOD};
use super::Time;
use crate::model::{ResolvedAlertRule, Shape};

/// One failure's impact on a service: `profile` from `start`, cut at `end`
/// (mitigation, a fix, or the failure's natural end).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Impact {
    pub start: Time,
    pub end: Time,
    pub profile: Profile,
}

impl Impact {
    /// Bad-event seconds from the start up to absolute time `t`.
    fn cumulative(&self, t: Time) -> f64 {
        self.profile.integral(t.min(self.end) - self.start)
    }

    /// Bad-event seconds within `[a, b]`.
    fn between(&self, a: Time, b: Time) -> f64 {
        if b <= a {
            return 0.0;
        }
        self.cumulative(b) - self.cumulative(a)
    }

    fn overlaps(&self, a: Time, b: Time) -> bool {
        self.start < b && self.end.min(self.start + self.profile.duration) > a && self.profile.severity > 0.0
    }
}

/// The only impact that hurts within `[a, b)`, if exactly one does.
fn sole(impacts: &[Impact], a: Time, b: Time) -> Option<&Impact> {
    let mut live = impacts.iter().filter(|i| i.overlaps(a, b));
    let one = live.next()?;
    live.next().is_none().then_some(one)
}

/// `x.floor()` for `0 ≤ x < 2⁶³`, exactly: a conversion, where `floor` is
/// a library call on x86-64's baseline instruction set.
fn floor_nonneg(x: f64) -> f64 {
    (x as i64) as f64
}

/// An impact as [`pieces`] reads it: what each reading needs, worked out
/// once per tabulation instead of at every piece. Every value is computed
/// by the same operations as from the [`Impact`] itself, so readings are
/// the same to the bit.
#[derive(Clone, Copy, Debug)]
struct Form {
    shape: Shape,
    severity: f64,
    start: f64,
    /// When it stops hurting (cut or on its own), and how long after its start.
    end: f64,
    len: f64,
    /// A ramp's seconds to full severity, and its slope until then.
    ramp: f64,
    slope: f64,
}

impl Form {
    fn of(i: &Impact) -> Self {
        let p = &i.profile;
        let end = i.end.min(i.start + p.duration);
        let ramp = (p.duration as f64 / 2.0).max(1.0);
        Self {
            shape: p.shape,
            severity: p.severity,
            start: i.start as f64,
            end: end as f64,
            len: (end - i.start) as f64,
            ramp,
            slope: p.severity / ramp,
        }
    }

    /// Value and slope at the midpoint `m` of a piece with no breakpoint inside.
    fn linear_at(&self, m: f64) -> (f64, f64) {
        let tau = m - self.start;
        if tau < 0.0 || tau >= self.len {
            return (0.0, 0.0);
        }
        match self.shape {
            Shape::Sudden => (self.severity, 0.0),
            Shape::Ramp => {
                if tau < self.ramp {
                    (self.severity * tau / self.ramp, self.slope)
                } else {
                    (self.severity, 0.0)
                }
            }
            Shape::Intermittent => {
                let period = INTERMITTENT_PERIOD as f64;
                let phase = tau - period * floor_nonneg(tau / period);
                (if phase < INTERMITTENT_ON as f64 { self.severity } else { 0.0 }, 0.0)
            }
        }
    }

    /// Where the impact changes form within `(a, b)`, each beside `j`.
    fn breakpoints(&self, j: usize, a: f64, b: f64, out: &mut Vec<(u64, usize)>) {
        let (s, end) = (self.start, self.end);
        let mut push = |x: f64| {
            if x > a && x < b {
                out.push((order_key(x), j));
            }
        };
        push(s);
        push(end);
        match self.shape {
            Shape::Sudden => {}
            Shape::Ramp => push(s + self.ramp),
            Shape::Intermittent => {
                let period = INTERMITTENT_PERIOD as f64;
                let first = (a - s) / period;
                let mut k = if first > 0.0 { floor_nonneg(first) } else { 0.0 };
                while s + k * period < b.min(end) {
                    push(s + k * period);
                    push(s + k * period + INTERMITTENT_ON as f64);
                    k += 1.0;
                }
            }
        }
    }
}

/// A key whose unsigned order is [`f64::total_cmp`]'s order of `x`.
fn order_key(x: f64) -> u64 {
    let bits = x.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | 1 << 63
    }
}

/// The `x` of [`order_key`], to the bit.
fn from_order_key(key: u64) -> f64 {
    f64::from_bits(if key >> 63 == 1 { key & !(1 << 63) } else { !key })
}

/// Sorts cuts by key, equal keys staying in the order they came: by
/// insertion when they are few, else by radix, a byte at a time from the
/// lowest, skipping bytes they all share. A tabulation of a whole horizon
/// sorts a hundred thousand cuts, which comparisons made its largest cost.
fn sort_cuts(cuts: &mut Vec<(u64, usize)>, spare: &mut Vec<(u64, usize)>) {
    if cuts.len() <= 32 {
        for i in 1..cuts.len() {
            let mut k = i;
            while k > 0 && cuts[k - 1].0 > cuts[k].0 {
                cuts.swap(k - 1, k);
                k -= 1;
            }
        }
        return;
    }
    for shift in (0..64).step_by(8) {
        let digit = |key: u64| (key >> shift) as usize & 255;
        let mut at = [0usize; 256];
        for c in cuts.iter() {
            at[digit(c.0)] += 1;
        }
        if at[digit(cuts[0].0)] == cuts.len() {
            continue;
        }
        let mut sum = 0;
        for n in at.iter_mut() {
            (*n, sum) = (sum, sum + *n);
        }
        spare.clear();
        spare.resize(cuts.len(), (0, 0));
        for &c in cuts.iter() {
            let d = digit(c.0);
            spare[at[d]] = c;
            at[d] += 1;
        }
        std::mem::swap(cuts, spare);
    }
}

/// Buffers a tabulation works in, kept between tabulations so that one
/// costs no allocation once they have grown: a run makes hundreds of
/// thousands, most of a few pieces.
#[derive(Default)]
pub struct Scratch {
    /// The impacts that hurt within the span being tabulated.
    forms: Vec<Form>,
    /// Where they change form ([`order_key`]), beside their index in
    /// `forms`, in order; and room for sorting them.
    cuts: Vec<(u64, usize)>,
    spare: Vec<(u64, usize)>,
    /// Per impact: its constant factor 1 − e, if it has one.
    constant: Vec<Option<f64>>,
    ramping: Vec<usize>,
    changed: Vec<usize>,
}

impl Scratch {
    /// Takes the impacts that hurt within `[a, b)` and says how many.
    fn load(&mut self, impacts: &[Impact], a: Time, b: Time) -> usize {
        self.forms.clear();
        self.forms.extend(impacts.iter().filter(|i| i.overlaps(a, b)).map(Form::of));
        self.forms.len()
    }
}

/// A good-event fraction below which a piece counts as wholly bad: it errs
/// by less than 1e-300 of a second per second.
const SATURATED: f64 = 1e-300;

/// The highest degree kept of a piece's polynomial (see [`pieces`]).
const MAX_DEGREE: usize = 16;

/// A piece of the series: from `u`, centred on `m`, half as long as `h`.
#[derive(Clone, Copy)]
struct Piece {
    u: f64,
    m: f64,
    h: f64,
}

/// Walks `[a, b]` piece by piece (no impact changes form inside a piece)
/// and hands each piece to `f` with the coefficients of Π(1 − eᵢ) as a
/// polynomial in s = (τ − m) / h, which stays within [−1, 1] on the piece,
/// so no power of it overflows however many impacts ramp at once. `f`
/// returns false to stop. The impacts are those [`Scratch::load`] took.
///
/// The product is kept as it goes: an impact's factor changes only at its
/// own breakpoints, so a piece costs the impacts changing at its start and
/// those still ramping, not every impact under it. Constant factors are
/// multiplied in and divided out of a product rescaled by exact powers of
/// two (a thousand overlapping impacts would underflow a plain product),
/// beside a count of factors that are exactly zero.
/// Returns the work it did: factors updated and pieces made, times the
/// degree of each.
fn pieces(scratch: &mut Scratch, a: Time, b: Time, mut f: impl FnMut(Piece, f64, &[f64]) -> bool) -> u64 {
    let (fa, fb) = (a as f64, b as f64);
    if fb <= fa {
        return 0;
    }
    let Scratch { forms: live, cuts, spare, constant, ramping, changed } = scratch;
    let live = &live[..];
    let mut work = live.len() as u64;
    cuts.clear();
    for (j, i) in live.iter().enumerate() {
        i.breakpoints(j, fa, fb, cuts);
    }
    // By time, then by impact: they come by impact.
    sort_cuts(cuts, spare);
    constant.clear();
    constant.resize(live.len(), None);
    ramping.clear();
    // The product of the non-zero factors is `product` × 2^`shift`.
    const RESCALE: i32 = 512;
    let (mut product, mut shift, mut zeros, mut count) = (1.0f64, 0i32, 0usize, 0usize);
    changed.clear();
    changed.extend(0..live.len());
    let mut poly = [0.0f64; MAX_DEGREE + 1];
    let (mut u, mut c) = (fa, 0);
    loop {
        let v = cuts.get(c).map_or(fb, |p| from_order_key(p.0));
        let (m, h) = ((u + v) / 2.0, (v - u) / 2.0);
        work += (changed.len() * (1 + ramping.len())) as u64;
        for j in changed.drain(..) {
            if let Some(old) = constant[j].take() {
                count -= 1;
                if old == 0.0 {
                    zeros -= 1;
                } else {
                    product /= old;
                }
            }
            if let Some(k) = ramping.iter().position(|&r| r == j) {
                ramping.remove(k);
            }
            let (e, slope) = live[j].linear_at(m);
            if slope != 0.0 {
                ramping.push(j);
            } else if e != 0.0 {
                let factor = (1.0 - e).max(0.0);
                count += 1;
                if factor == 0.0 {
                    zeros += 1;
                } else {
                    product *= factor;
                }
                constant[j] = Some(factor);
            }
            // Powers of two rescale exactly.
            if product < libm::ldexp(1.0, -RESCALE) {
                product = libm::ldexp(product, RESCALE);
                shift -= RESCALE;
            } else if product > libm::ldexp(1.0, RESCALE) {
                product = libm::ldexp(product, -RESCALE);
                shift += RESCALE;
            }
        }
        if count == zeros {
            // No factor below one is left: start the product afresh, exactly.
            (product, shift) = (1.0, 0);
        }
        let constant_part = if zeros > 0 { 0.0 } else { libm::ldexp(product, shift) };
        // Every ramping factor is at most one, so below this the good
        // fraction is nil however the ramps move: the piece is wholly bad,
        // and costs nothing more however many impacts ramp under it.
        let saturated = constant_part < SATURATED;
        let ramps: &[usize] = if saturated { &[] } else { &ramping[..] };
        // Ramps make the product a polynomial of their number's degree. Cut
        // the piece so their slopes sum to at most one over a half-piece:
        // then the coefficient of degree k is at most 1/k!, and dropping
        // every degree above MAX_DEGREE errs by under 1e-14 of a second
        // per second (e/17!), while the lower coefficients stay exact.
        let steepness: f64 = ramps.iter().map(|&j| live[j].linear_at(m).1).sum();
        let parts = if steepness * h > 1.0 { (steepness * h).ceil() } else { 1.0 };
        let width = (v - u) / parts;
        let mut k = 0.0;
        while k < parts {
            let (pu, pv) = (u + k * width, if k + 1.0 >= parts { v } else { u + (k + 1.0) * width });
            let (pm, ph) = ((pu + pv) / 2.0, (pv - pu) / 2.0);
            poly[0] = if saturated { 0.0 } else { constant_part };
            let mut degree = 0;
            for &j in ramps {
                let (e, slope) = live[j].linear_at(pm);
                let slope = slope * ph;
                if degree < MAX_DEGREE {
                    degree += 1;
                    poly[degree] = 0.0;
                }
                for d in (1..=degree).rev() {
                    poly[d] = poly[d] * (1.0 - e) - slope * poly[d - 1];
                }
                poly[0] = poly[0] * (1.0 - e) - slope * 0.0;
            }
            let poly = &poly[..=degree];
            work += 1 + (ramps.len() * poly.len()) as u64;
            if !f(Piece { u: pu, m: pm, h: ph }, pv, poly) {
                return work;
            }
            k += 1.0;
        }
        if v >= fb {
            return work;
        }
        while c < cuts.len() && from_order_key(cuts[c].0) == v {
            changed.push(cuts[c].1);
            c += 1;
        }
        u = v;
    }
}

/// Bad-event seconds over `[u, t]` of a piece: the length less the
/// integral of the good-event product.
fn bad_over(poly: &[f64], p: Piece, t: f64) -> f64 {
    let (x0, x1) = ((p.u - p.m) / p.h, (t - p.m) / p.h);
    // Powers by repeated multiplication: exact to the same bit everywhere.
    let (mut p0, mut p1, mut good) = (1.0, 1.0, 0.0);
    for (n, c) in poly.iter().enumerate() {
        p0 *= x0;
        p1 *= x1;
        good += c * (p1 - p0) / (n + 1) as f64;
    }
    ((t - p.u) - p.h * good).max(0.0)
}

/// The combined series' cumulative bad seconds over `[lo, hi]`, tabulated
/// piece by piece so any time within it costs a binary search. A service
/// keeps one as its past: impacts change only at the present (they begin
/// now, or are cut now), so what is tabulated never changes, and the
/// series is extended as time passes and forgets what no window reaches.
#[derive(Clone)]
pub struct Series {
    lo: Time,
    hi: Time,
    /// Per piece: where it is, cumulative bad seconds at its start, and
    /// where its coefficients begin in `coefficients`.
    pieces: Vec<(Piece, f64, usize)>,
    coefficients: Vec<f64>,
    /// Pieces before this one are forgotten.
    first: usize,
    /// Cumulative bad seconds at `lo`.
    base: f64,
    total: f64,
    /// Work spent tabulating it (see [`pieces`]).
    pub work: u64,
}

impl Series {
    pub fn new(impacts: &[Impact], lo: Time, hi: Time) -> Self {
        let mut out = Self::empty(lo);
        if hi > lo && impacts.iter().any(|i| i.overlaps(lo, hi)) {
            out.extend(impacts, hi, &mut Scratch::default());
        }
        out.hi = out.hi.max(hi);
        out
    }

    /// A series that starts and ends at `at`.
    pub fn empty(at: Time) -> Self {
        Self {
            lo: at,
            hi: at,
            pieces: Vec::new(),
            coefficients: Vec::new(),
            first: 0,
            base: 0.0,
            total: 0.0,
            work: 0,
        }
    }

    /// Empties it to start again at `at`, keeping its buffers: a run
    /// looks ahead from every change of a class's impacts, and a fresh
    /// series each time allocated and grew them again.
    pub fn restart(&mut self, at: Time) {
        self.lo = at;
        self.hi = at;
        self.pieces.clear();
        self.coefficients.clear();
        self.first = 0;
        self.base = 0.0;
        self.total = 0.0;
        self.work = 0;
    }

    /// How many pieces it holds.
    pub fn pieces_kept(&self) -> usize {
        self.pieces.len() - self.first
    }

    /// Where the tabulation ends.
    pub fn end(&self) -> Time {
        self.hi
    }

    /// Tabulates `[hi, to]` from the impacts as they are now.
    pub fn extend(&mut self, impacts: &[Impact], to: Time, scratch: &mut Scratch) {
        if to <= self.hi {
            return;
        }
        scratch.load(impacts, self.hi, to);
        self.work += impacts.len() as u64;
        self.work += pieces(scratch, self.hi, to, |p, v, poly| {
            // Wholly bad pieces in a row are one: bad seconds are its length.
            let wholly_bad = poly == [0.0];
            let last = self.pieces.last().map(|&(_, _, at)| &self.coefficients[at..]);
            if !(wholly_bad && last == Some(&[0.0][..]) && self.pieces.len() > self.first) {
                self.pieces.push((p, self.total, self.coefficients.len()));
                self.coefficients.extend_from_slice(poly);
            }
            self.total += bad_over(poly, p, v);
            true
        });
        self.hi = to;
    }

    /// Forgets the pieces that end before `t`, keeping memory to what the
    /// windows still reach.
    pub fn forget_before(&mut self, t: Time) {
        let t = t as f64;
        while self.first + 1 < self.pieces.len() && self.pieces[self.first + 1].0.u <= t {
            self.first += 1;
        }
        if let Some(&(p, before, _)) = self.pieces.get(self.first) {
            self.lo = self.lo.max(p.u as Time);
            self.base = before;
        }
        // Compact now and then, so forgetting costs O(1) amortised.
        if self.first >= 64 && self.first * 2 >= self.pieces.len() {
            let shift = self.pieces[self.first].2;
            self.pieces.drain(..self.first);
            self.coefficients.drain(..shift);
            for piece in &mut self.pieces {
                piece.2 -= shift;
            }
            self.first = 0;
        }
    }

    /// Bad-event seconds from the start of the run to `t` (clamped to the
    /// tabulated span); differences of two readings are what windows hold.
    pub fn cum(&self, t: Time) -> f64 {
        let t = t.clamp(self.lo, self.hi) as f64;
        let kept = &self.pieces[self.first..];
        let k = kept.partition_point(|p| p.0.u <= t);
        if k == 0 {
            return self.base;
        }
        let (p, before, at) = kept[k - 1];
        let end = kept.get(k).map_or(self.coefficients.len(), |p| p.2);
        before + bad_over(&self.coefficients[at..end], p, t)
    }
}

/// Bad-event seconds of the combined series in each window of `window`
/// seconds from 0 to `horizon` (the last window may be cut short): to the
/// bit the differences of [`Series::cum`] at the windows' bounds of
/// `Series::new(impacts, 0, horizon)`, read while the series is tabulated
/// instead of from a table of the whole horizon.
pub fn window_sums(impacts: &[Impact], horizon: Time, window: Time, scratch: &mut Scratch) -> Vec<f64> {
    let window = window.max(1);
    let mut bounds = vec![0];
    while let Some(&from) = bounds.last().filter(|&&from| from < horizon) {
        bounds.push((from + window).min(horizon));
    }
    let mut cums = Vec::with_capacity(bounds.len());
    if horizon > 0 && impacts.iter().any(|i| i.overlaps(0, horizon)) {
        scratch.load(impacts, 0, horizon);
        // The last piece a table would keep: wholly bad pieces in a row
        // are one (see `Series::extend`).
        let mut kept: Option<(Piece, f64)> = None;
        let mut coefficients = [0.0; MAX_DEGREE + 1];
        let mut degree = 0;
        let mut total = 0.0;
        let read = |kept: Option<(Piece, f64)>, coefficients: &[f64], t: Time| {
            kept.map_or(0.0, |(p, before)| before + bad_over(coefficients, p, t as f64))
        };
        pieces(scratch, 0, horizon, |p, v, poly| {
            let wholly_bad = poly == [0.0];
            if !(wholly_bad && kept.is_some() && coefficients[..=degree] == [0.0]) {
                // A bound before this piece reads the piece kept before it.
                while let Some(&t) = bounds.get(cums.len()).filter(|&&t| (t as f64) < p.u) {
                    cums.push(read(kept, &coefficients[..=degree], t));
                }
                kept = Some((p, total));
                degree = poly.len() - 1;
                coefficients[..poly.len()].copy_from_slice(poly);
            }
            total += bad_over(poly, p, v);
            true
        });
        while let Some(&t) = bounds.get(cums.len()) {
            cums.push(read(kept, &coefficients[..=degree], t));
        }
    } else {
        cums.resize(bounds.len(), 0.0);
    }
    cums.windows(2).map(|w| w[1] - w[0]).collect()
}

/// Bad-event seconds of the combined series over `[a, b]`.
pub fn combined(impacts: &[Impact], a: Time, b: Time) -> f64 {
    if b <= a {
        return 0.0;
    }
    let mut scratch = Scratch::default();
    match scratch.load(impacts, a, b) {
        0 => 0.0,
        1 => sole(impacts, a, b).map_or(0.0, |one| one.between(a, b)),
        _ => {
            let mut total = 0.0;
            pieces(&mut scratch, a, b, |p, v, poly| {
                total += bad_over(poly, p, v);
                true
            });
            total
        }
    }
}

/// The largest combined bad fraction the impacts can reach from `from` on.
fn ceiling(impacts: &[Impact], from: Time) -> f64 {
    1.0 - impacts
        .iter()
        .filter(|i| i.end.min(i.start + i.profile.duration) > from)
        .map(|i| 1.0 - i.profile.severity)
        .product::<f64>()
}

/// When the last of the impacts ends.
pub(super) fn last_end(impacts: &[Impact]) -> Time {
    impacts.iter().map(|i| i.end.min(i.start + i.profile.duration)).max().unwrap_or(0)
}

/// The first second in `[from, limit)` at which both windows of `rule`,
/// read by an SLI that sees `seen` of the bad events, burn the budget
/// `budget` (1 − target) at the rule's rate. None if it never does while the
/// impacts last.
pub fn alert_time(
    impacts: &[Impact],
    seen: f64,
    budget: f64,
    rule: &ResolvedAlertRule,
    from: Time,
    limit: Time,
) -> Option<Time> {
    alert_times(impacts, seen, budget, std::slice::from_ref(rule), from, limit)[0]
}

/// [`alert_time`] for several rules at once, sharing one tabulated series.
pub fn alert_times(
    impacts: &[Impact],
    seen: f64,
    budget: f64,
    rules: &[ResolvedAlertRule],
    from: Time,
    limit: Time,
) -> Vec<Option<Time>> {
    let longest = rules.iter().map(|r| r.long_s).max().unwrap_or(0);
    let past = Series::new(impacts, from - longest, from);
    let mut scratch = Scratch::default();
    alert_times_after(
        &past,
        &mut Series::empty(from),
        impacts,
        seen,
        budget,
        rules,
        from,
        limit,
        &mut scratch,
    )
}

/// The series over the alert windows: the tabulated past up to `from`,
/// and what the impacts do from then on.
struct Window<'a> {
    past: &'a Series,
    future: &'a Series,
    from: Time,
}

impl Window<'_> {
    fn cum(&self, t: Time) -> f64 {
        if t <= self.from {
            self.past.cum(t)
        } else {
            self.past.cum(self.from) + self.future.cum(t)
        }
    }
}

/// [`alert_times`] given the series up to `from`, tabulated as far back
/// as the longest window reaches, and the series from `from` on as far as
/// it was needed before (it is extended here when a search needs more):
/// several SLOs read by the same impacts share both.
#[allow(clippy::too_many_arguments)]
pub fn alert_times_after(
    past: &Series,
    future: &mut Series,
    impacts: &[Impact],
    seen: f64,
    budget: f64,
    rules: &[ResolvedAlertRule],
    from: Time,
    limit: Time,
    scratch: &mut Scratch,
) -> Vec<Option<Time>> {
    debug_assert!(past.end() >= from, "the past is tabulated up to the present");
    debug_assert!(future.lo == from, "the future starts at the present");
    let mut out: Vec<Option<Time>> = vec![None; rules.len()];
    let last = last_end(impacts).min(limit);
    let top = seen * ceiling(impacts, from);
    if top <= 0.0 || from >= last {
        return out;
    }
    let longest = rules.iter().map(|r| r.long_s).max().unwrap_or(0);
    // (rule index, where its search may stop, bad seconds each window needs)
    let mut jobs: Vec<(usize, Time, f64, f64)> = Vec::new();
    for (k, rule) in rules.iter().enumerate() {
        let threshold = rule.burn_rate * budget;
        // Below the threshold rate, only what is already in the long window
        // can make it fire, and that leaves the window within its length.
        let end = if top < threshold { last.min(from + rule.long_s) } else { last };
        let (need_long, need_short) = (threshold * rule.long_s as f64, threshold * rule.short_s as f64);
        // One impact with nothing else in the long window: the closed form.
        if let Some(one) = sole(impacts, from - rule.long_s, end) {
            if one.end >= one.start + one.profile.duration.min(limit - one.start) {
                // Seeing a share of the bad events is a budget that much larger.
                out[k] = one.profile.alert_time(rule, budget / seen, limit - one.start).and_then(|t| {
                    let t = t + one.start;
                    if t >= from {
                        return Some(t);
                    }
                    let now = past.cum(from);
                    let (long, short) =
                        (now - past.cum(from - rule.long_s), now - past.cum(from - rule.short_s));
                    (seen * long >= need_long && seen * short >= need_short).then_some(from)
                });
                continue;
            }
        }
        jobs.push((k, end, need_long, need_short));
    }
    // Most alerts fire within hours or not at all: tabulate a short span
    // first and only look further when a search runs past it.
    let Some(end_all) = jobs.iter().map(|j| j.1).max() else { return out };
    let mut span = (from + 2 * longest.max(crate::time::HOUR)).min(end_all);
    loop {
        future.extend(impacts, span, scratch);
        let series = Window { past, future, from };
        jobs.retain(|&(k, end, need_long, need_short)| {
            let rule = &rules[k];
            let gap = |t: Time| {
                let now = series.cum(t);
                let long = need_long - seen * (now - series.cum(t - rule.long_s));
                let short = need_short - seen * (now - series.cum(t - rule.short_s));
                long.max(short)
            };
            let stop = span.min(end);
            match search(gap, from, stop, top) {
                Some(t) => {
                    out[k] = Some(t);
                    false
                }
                None => stop < end,
            }
        });
        if jobs.is_empty() || span >= end_all {
            return out;
        }
        span = (from + 4 * (span - from)).min(end_all);
    }
}

/// The largest budget share — 1 − target, over the share of bad events
/// the SLI sees — at which `rule` fires at `t`: both its windows burn at
/// least the rule's rate of it. A rule needing less fires no later, so of
/// several SLOs read by the same impacts the one needing least fires
/// first. `future` must be tabulated up to `t`.
pub fn firing_budget(past: &Series, future: &Series, from: Time, rule: &ResolvedAlertRule, t: Time) -> f64 {
    debug_assert!(t <= from || future.end() >= t, "the series reaches {t}");
    let series = Window { past, future, from };
    let now = series.cum(t);
    let long = (now - series.cum(t - rule.long_s)) / rule.long_s.max(1) as f64;
    let short = (now - series.cum(t - rule.short_s)) / rule.short_s.max(1) as f64;
    long.min(short) / rule.burn_rate
}

/// The first second in `[from, stop)` at which `gap` is not positive, for a
/// gap that closes at most `top` a second.
fn search(gap: impl Fn(Time) -> f64, from: Time, stop: Time, top: f64) -> Option<Time> {
    // Windows gain at most `top` bad seconds a second, so the first firing
    // cannot come sooner than the larger deficit allows: jump there.
    let mut t = from;
    for _ in 0..48 {
        let g = gap(t);
        if g <= 0.0 {
            return Some(t);
        }
        t += ((g / top).ceil() as Time).max(1);
        if t >= stop {
            return None;
        }
    }
    // Slow convergence (a ramp read by a short window): gallop forward to a
    // time that fires, then bisect back to the first that does.
    let mut lo = t;
    let mut step = 60;
    let mut hi = loop {
        let probe = (lo + step).min(stop - 1);
        if gap(probe) <= 0.0 {
            break probe;
        }
        if probe >= stop - 1 {
            return None;
        }
        lo = probe;
        step *= 2;
    };
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if gap(mid) <= 0.0 {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Some(hi)
}

#[cfg(test)]
#[path = "sli_tests.rs"]
mod tests;
