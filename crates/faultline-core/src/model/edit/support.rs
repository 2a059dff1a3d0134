//! The rules behind [`super`]: the linked time-split arithmetic,
//! checks that mirror the model's validation, fresh unique ids, where a new
//! team goes, and lookups that turn a missing id into a reason. Pure
//! functions with no Yew in them.

use super::Geometry;
use crate::model::{
    CapabilityId, Failure, FailureId, FailureKind, Rect, ScenarioFile, Shape, Share, Team, TeamId, TeamKind,
    TimeSplit,
};

/// Moves one of three linked percentages to `value` and re-balances the
/// other two in proportion to their current sizes, so the three always sum
/// to exactly 100 in whole numbers. When the other two are both zero they
/// share what is left equally.
pub fn rebalance(split: [u32; 3], which: Share, value: u32) -> [u32; 3] {
    let value = value.min(100);
    let (a, b) = match which {
        Share::Feature => (1, 2),
        Share::Reliability => (0, 2),
        Share::Toil => (0, 1),
    };
    let which = which.index();
    let rest = 100 - value;
    let (sa, sb) = (split[a].min(100), split[b].min(100));
    let new_a = if sa + sb == 0 {
        rest.div_ceil(2)
    } else {
        // Rounded to nearest, in integers so it is the same on every target.
        (rest * sa * 2 + (sa + sb)) / (2 * (sa + sb))
    };
    let mut out = [0; 3];
    out[which] = value;
    out[a] = new_a.min(rest);
    out[b] = rest - out[a];
    out
}

/// The split as whole percentages, for the sliders. Splits from files may
/// carry fractions; they are rounded so the three still sum to 100.
pub fn split_percent(s: &TimeSplit) -> [u32; 3] {
    let r = |x: f64| if x.is_finite() { x.round().clamp(0.0, 100.0) as u32 } else { 0 };
    let (f, rel) = (r(s.feature), r(s.reliability));
    let rel = rel.min(100 - f.min(100));
    [f.min(100), rel, 100 - f.min(100) - rel]
}

pub fn split_from(p: [u32; 3]) -> TimeSplit {
    TimeSplit { feature: f64::from(p[0]), reliability: f64::from(p[1]), toil: f64::from(p[2]) }
}

/// A percentage for display: 99.9 for 0.999, without float noise.
pub fn pct(fraction: f64) -> String {
    let v = (fraction * 100.0 * 1000.0).round() / 1000.0;
    format!("{v}")
}

/// A failure's own rule beyond validation's: it starts within this
/// design's horizon (validation allows any horizon's).
pub(super) fn check_failure(f: &ScenarioFile, failure: &Failure) -> Result<(), String> {
    check_start(f, failure.start_hours)
}

/// A new failure of this kind on this target with the kind's defaults
/// written out, so the form shows them.
pub fn new_failure(kind: FailureKind, target: CapabilityId, start_hours: f64) -> Failure {
    let d = kind.defaults();
    Failure {
        id: FailureId::new("new"),
        kind,
        target,
        start_hours,
        severity: Some(d.severity),
        shape: Some(d.shape),
        duration_hours: Some(d.duration_hours),
    }
}

pub(super) fn check_start(f: &ScenarioFile, start_hours: f64) -> Result<(), String> {
    let horizon_h = f.settings.horizon_days * crate::time::HOURS_PER_DAY;
    if !(start_hours.is_finite() && start_hours >= 0.0 && start_hours <= horizon_h.max(0.0)) {
        return Err(format!("a failure starts between day 0 and day {}", f.settings.horizon_days));
    }
    Ok(())
}

pub(super) fn checked_name(name: &str) -> Result<String, String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("a name cannot be empty".into());
    }
    Ok(name.to_owned())
}

pub(super) fn default_split(kind: TeamKind) -> TimeSplit {
    let p = match kind {
        TeamKind::Platform => [55, 25, 20],
        TeamKind::Sre => [10, 70, 20],
        TeamKind::Product => [70, 20, 10],
        TeamKind::Other => [60, 20, 20],
    };
    split_from(p)
}

/// An id from a name ("Data platform" → "data-platform", at most 40
/// characters, `fallback` when no letter or digit is left), with `-2`, `-3`,
/// … added until it is not `taken`.
fn fresh_id(name: &str, fallback: &str, taken: impl Fn(&str) -> bool) -> String {
    let mut base: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    // Only ASCII is left, so any byte is a character boundary.
    base.truncate(40);
    if base.is_empty() {
        base = fallback.into();
    }
    if taken(&base) {
        // Only finitely many ids are taken, so the search ends.
        (2..).map(|n| format!("{base}-{n}")).find(|c| !taken(c)).unwrap_or(base)
    } else {
        base
    }
}

/// A team id from the name, unique among the teams.
pub(super) fn fresh_team_id(f: &ScenarioFile, name: &str) -> TeamId {
    TeamId::new(fresh_id(name, "team", |id| f.teams.iter().any(|t| t.id.as_str() == id)))
}

/// A capability id from the name, unique among the capabilities and the
/// catalog entities an imported design remembers, so a new capability
/// never inherits a removed one's entity.
pub(super) fn fresh_cap_id(f: &ScenarioFile, name: &str) -> CapabilityId {
    CapabilityId::new(fresh_id(name, "capability", |id| {
        f.capabilities.iter().any(|c| c.id.as_str() == id)
            || f.catalog.as_ref().is_some_and(|s| s.capabilities.keys().any(|k| k.as_str() == id))
    }))
}

/// "f1", "f2", …: the first that no failure uses.
pub(super) fn fresh_failure_id(f: &ScenarioFile) -> FailureId {
    let taken = |id: &str| f.failures.iter().any(|x| x.id.as_str() == id);
    // Only finitely many ids are taken, so the search ends.
    let n = (1..).find(|n| !taken(&format!("f{n}"))).unwrap_or(1);
    FailureId::new(format!("f{n}"))
}

/// Where a new team goes: left to the automatic grid when no team has a
/// rectangle, else below every drawn team, so it never lands on one.
pub(super) fn free_spot(f: &ScenarioFile, board: &dyn Geometry) -> Option<Rect> {
    if f.teams.iter().all(|t| t.rect.is_none()) {
        return None;
    }
    let bottom = board.team_rects(f).iter().map(|r| r.y + r.h).fold(0.0, f64::max);
    Some(Rect { x: 14.0, y: (bottom + 14.0).round(), w: 300.0, h: 130.0 })
}

/// Gives every team the rectangle it is drawn at now, so moving one team
/// leaves the others exactly where the user sees them.
pub(super) fn pin_rects(f: &mut ScenarioFile, board: &dyn Geometry) {
    if f.teams.iter().all(|t| t.rect.is_some()) {
        return;
    }
    let drawn = board.team_rects(f);
    for (team, r) in f.teams.iter_mut().zip(drawn) {
        if team.rect.is_none() {
            team.rect = Some(Rect { x: r.x.round(), y: r.y.round(), w: r.w.round(), h: r.h.round() });
        }
    }
}

/// A chain from one of `deps` back to `cap`, by name ("Checkout → Deploy
/// → Checkout"), if giving `cap` those dependencies would close a cycle.
pub(super) fn cycle_through(f: &ScenarioFile, cap: &CapabilityId, deps: &[CapabilityId]) -> Option<String> {
    let mut stack: Vec<Vec<&CapabilityId>> = deps.iter().map(|d| vec![cap, d]).collect();
    let mut seen: Vec<&CapabilityId> = Vec::new();
    while let Some(path) = stack.pop() {
        let last = *path.last()?;
        if last == cap {
            let name = |id: &CapabilityId| cap_name(f, id).unwrap_or_else(|_| id.to_string());
            return Some(path.iter().map(|c| name(c)).collect::<Vec<_>>().join(" → "));
        }
        if seen.contains(&last) {
            continue;
        }
        seen.push(last);
        if let Some(c) = f.capabilities.iter().find(|c| &c.id == last) {
            for d in &c.depends_on {
                let mut next = path.clone();
                next.push(d);
                stack.push(next);
            }
        }
    }
    None
}

pub(super) fn team_ix(f: &ScenarioFile, id: &TeamId) -> Result<usize, String> {
    f.teams.iter().position(|t| &t.id == id).ok_or_else(|| format!("no team {id}"))
}

pub(super) fn team_mut<'a>(f: &'a mut ScenarioFile, id: &TeamId) -> Result<&'a mut Team, String> {
    let ix = team_ix(f, id)?;
    Ok(&mut f.teams[ix])
}

pub(super) fn team_name(f: &ScenarioFile, id: &TeamId) -> Result<String, String> {
    Ok(f.teams[team_ix(f, id)?].name.clone())
}

pub(super) fn cap_mut<'a>(
    f: &'a mut ScenarioFile,
    id: &CapabilityId,
) -> Result<&'a mut crate::model::Capability, String> {
    f.capabilities.iter_mut().find(|c| &c.id == id).ok_or_else(|| format!("no capability {id}"))
}

pub(super) fn cap_name(f: &ScenarioFile, id: &CapabilityId) -> Result<String, String> {
    f.capabilities
        .iter()
        .find(|c| &c.id == id)
        .map(|c| c.name.clone())
        .ok_or_else(|| format!("no capability {id}"))
}

/// The shape a failure has once defaults are filled in, for forms.
pub fn effective_shape(fl: &Failure) -> Shape {
    fl.shape.unwrap_or(fl.kind.defaults().shape)
}
