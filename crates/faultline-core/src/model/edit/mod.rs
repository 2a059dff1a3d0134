//! Every edit the board can make to a scenario, as plain data ([`Edit`]) and
//! a pure function applying it to a [`ScenarioFile`]. The web app's reducer
//! only wraps them with history and selection, and gives them the board's
//! [`Geometry`]: where each team is drawn now, which moving or adding a team
//! needs so the others stay where the user sees them.
//!
//! An edit either applies and returns a sentence for the screen reader's live
//! region ("Moved Deploy and rollout system to SRE"), or is refused with a
//! reason and leaves the file untouched. Numbers typed by users arrive here
//! already parsed (the web app's forms read them). Limits and bounds are the model's
//! validation's alone: [`apply`] validates the edited file and refuses an
//! edit that would make a valid design invalid with validation's own
//! problems, so no rule here repeats one of validation's.

mod caps;
mod support;

use crate::model::validate::validate;
use crate::model::{
    CapabilityId, Failure, FailureId, Layer, Problem, Rect, Role, ScenarioFile, Slo, Team, TeamId, TeamKind,
    TimeSplit,
};
use support::*;
pub use support::{effective_shape, new_failure, pct, rebalance, split_from, split_percent};

/// What an edit needs to know of how the board draws the file: each team's
/// rectangle as drawn now, in the file's order (teams without a rectangle of
/// their own are placed by the board's layout), and the narrowest a team's
/// box may be.
pub trait Geometry {
    fn team_rects(&self, f: &ScenarioFile) -> Vec<Rect>;
    fn min_team_width(&self) -> f64;
}

/// One change to the scenario. Each is one undo step.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Rename the design itself (its `title`): from 1 to
    /// [`MAX_NAME_CHARS`](crate::model::validate::MAX_NAME_CHARS) characters once trimmed.
    SetTitle {
        title: String,
    },
    /// Move ownership from `from` (one of the owners, or none for the tray) to
    /// `to`, keeping any other co-owners.
    MoveCapability {
        cap: CapabilityId,
        from: Option<TeamId>,
        to: TeamId,
    },
    /// Add `team` as a co-owner.
    ShareCapability {
        cap: CapabilityId,
        team: TeamId,
    },
    /// Drop one owner; the others keep it.
    RemoveOwner {
        cap: CapabilityId,
        team: TeamId,
    },
    /// `team` alone owns the capability, whoever owned it before (the
    /// advisor's boundary moves: a move, a shared capability made
    /// single-owned, an orphan given an owner).
    GiveTo {
        cap: CapabilityId,
        team: TeamId,
    },
    /// Remove every owner: the capability goes to the unowned tray.
    Unown {
        cap: CapabilityId,
    },
    AddTeam {
        name: String,
        kind: TeamKind,
    },
    RenameTeam {
        team: TeamId,
        name: String,
    },
    /// A `#rrggbb` colour, or `None` for the kind's colour.
    RecolourTeam {
        team: TeamId,
        color: Option<String>,
    },
    SetTeamKind {
        team: TeamId,
        kind: TeamKind,
    },
    SetHeadcount {
        team: TeamId,
        headcount: f64,
    },
    SetOnCall {
        team: TeamId,
        on_call: bool,
    },
    SetTimeSplit {
        team: TeamId,
        split: TimeSplit,
    },
    /// Move or resize a team's box. Pins every other team where it is drawn,
    /// so the automatic layout does not reshuffle them afterwards.
    SetTeamRect {
        team: TeamId,
        rect: Rect,
    },
    /// Delete a team; what only it owned becomes unowned.
    DeleteTeam {
        team: TeamId,
    },
    RenameCapability {
        cap: CapabilityId,
        name: String,
    },
    SetLayer {
        cap: CapabilityId,
        layer: Layer,
    },
    SetDependencies {
        cap: CapabilityId,
        depends_on: Vec<CapabilityId>,
    },
    SetSlo {
        cap: CapabilityId,
        slo: Option<Slo>,
    },
    /// Add a capability with no dependencies: its id is made from its name
    /// and unique, a service gets the catalog's default SLO, and it goes to
    /// `owner`, or with none to the unowned tray. A role must be of `layer`.
    AddCapability {
        name: String,
        layer: Layer,
        role: Option<Role>,
        owner: Option<TeamId>,
    },
    /// Remove a capability: its ownership, every dependency on it and the
    /// failures injected on it go too (the announcement names them; undo
    /// brings all of it back). Refusing instead would send the user hunting
    /// through the failures list for something the edit can say plainly.
    RemoveCapability {
        cap: CapabilityId,
    },
    /// Give a capability a role, which puts it in the role's layer (a
    /// service leaving its layer loses its SLO and traffic), or take its
    /// role away, leaving the layer as it is.
    SetRole {
        cap: CapabilityId,
        role: Option<Role>,
    },
    /// A service's peak requests per second; `None` for the reference traffic.
    SetTraffic {
        cap: CapabilityId,
        traffic_rps: Option<f64>,
    },
    /// Inject a failure; its id is replaced here by a fresh one, so it is unique.
    AddFailure {
        failure: Failure,
    },
    /// Replace a failure's fields (its id stays).
    EditFailure {
        failure: Failure,
    },
    RemoveFailure {
        id: FailureId,
    },
}

/// Applies an edit in place. `Ok` carries the announcement; `Err` a reason,
/// with the file unchanged. Besides each edit's own checks, the result must
/// pass the model's validation whenever the file did: an edit never turns a
/// valid design into one the engine would refuse (past a size limit, say).
pub fn apply(f: &mut ScenarioFile, edit: &Edit, board: &dyn Geometry) -> Result<String, String> {
    let before = f.clone();
    let said = change(f, edit, board).inspect_err(|_| *f = before.clone())?;
    if let Err(problems) = validate(f.clone()) {
        if validate(before.clone()).is_ok() {
            *f = before;
            return Err(invalid(&problems));
        }
    }
    Ok(said)
}

/// The reason an edit that validation would reject is refused: the first
/// few problems, each with its path.
fn invalid(problems: &[Problem]) -> String {
    const SHOWN: usize = 3;
    let mut said: Vec<String> = problems.iter().take(SHOWN).map(Problem::to_string).collect();
    if problems.len() > SHOWN {
        said.push(format!("and {} more", problems.len() - SHOWN));
    }
    format!("the design would not be valid: {}", said.join("; "))
}

/// [`apply`] without the final validation.
fn change(f: &mut ScenarioFile, edit: &Edit, board: &dyn Geometry) -> Result<String, String> {
    match edit {
        Edit::SetTitle { title } => {
            let title = title.trim();
            if title.is_empty() {
                return Err("a design's name cannot be empty".into());
            }
            let old = std::mem::replace(&mut f.title, title.to_owned());
            Ok(if old.is_empty() {
                format!("Named the design {title}")
            } else {
                format!("Renamed {old} to {title}")
            })
        }
        Edit::MoveCapability { cap, from, to } => {
            let (name, to_name) = (cap_name(f, cap)?, team_name(f, to)?);
            let owners = f.ownership.entry(cap.clone()).or_default();
            if let Some(from) = from {
                owners.retain(|t| t != from);
            }
            if !owners.contains(to) {
                owners.push(to.clone());
            }
            Ok(format!("Moved {name} to {to_name}"))
        }
        Edit::ShareCapability { cap, team } => {
            let (name, team_name) = (cap_name(f, cap)?, team_name(f, team)?);
            let owners = f.ownership.entry(cap.clone()).or_default();
            if owners.contains(team) {
                return Err(format!("{team_name} already owns {name}"));
            }
            owners.push(team.clone());
            Ok(format!("{team_name} now shares {name}"))
        }
        Edit::RemoveOwner { cap, team } => {
            let (name, team_name) = (cap_name(f, cap)?, team_name(f, team)?);
            let owners = f.ownership.entry(cap.clone()).or_default();
            owners.retain(|t| t != team);
            let left = if owners.is_empty() { ": nobody owns it now" } else { "" };
            Ok(format!("{team_name} no longer owns {name}{left}"))
        }
        Edit::GiveTo { cap, team } => {
            let (name, team_name) = (cap_name(f, cap)?, team_name(f, team)?);
            let before = f.ownership.insert(cap.clone(), vec![team.clone()]).unwrap_or_default();
            if before == [team.clone()] {
                return Err(format!("{team_name} already owns {name} alone"));
            }
            Ok(format!("{name} now belongs to {team_name} alone"))
        }
        Edit::Unown { cap } => {
            let name = cap_name(f, cap)?;
            f.ownership.remove(cap);
            Ok(format!("{name} is now unowned"))
        }
        Edit::AddTeam { name, kind } => {
            let name = checked_name(name)?;
            let id = fresh_team_id(f, &name);
            let rect = free_spot(f, board);
            f.teams.push(Team {
                id,
                name: name.clone(),
                kind: *kind,
                headcount: 5.0,
                on_call: true,
                time_split: default_split(*kind),
                rect,
                color: None,
            });
            Ok(format!("Added team {name}"))
        }
        Edit::RenameTeam { team, name } => {
            let name = checked_name(name)?;
            let t = team_mut(f, team)?;
            let old = std::mem::replace(&mut t.name, name.clone());
            Ok(format!("Renamed {old} to {name}"))
        }
        Edit::RecolourTeam { team, color } => {
            let t = team_mut(f, team)?;
            t.color = color.clone();
            Ok(match color {
                Some(c) => format!("{} is drawn in {c}", t.name),
                None => format!("{} is drawn in its kind's colour", t.name),
            })
        }
        Edit::SetTeamKind { team, kind } => {
            let t = team_mut(f, team)?;
            t.kind = *kind;
            Ok(format!("{} is now a {} team", t.name, kind.label()))
        }
        Edit::SetHeadcount { team, headcount } => {
            let h = *headcount;
            let t = team_mut(f, team)?;
            t.headcount = h;
            Ok(format!("{} has {h} people", t.name))
        }
        Edit::SetOnCall { team, on_call } => {
            let t = team_mut(f, team)?;
            t.on_call = *on_call;
            Ok(format!("{} {} an on-call rotation", t.name, if *on_call { "runs" } else { "no longer runs" }))
        }
        Edit::SetTimeSplit { team, split } => {
            let t = team_mut(f, team)?;
            t.time_split = *split;
            Ok(format!(
                "{}: {}% feature, {}% reliability, {}% toil",
                t.name, split.feature, split.reliability, split.toil
            ))
        }
        Edit::SetTeamRect { team, rect } => {
            // Bounds are validation's; a NaN would round to a number first.
            let ok = [rect.x, rect.y, rect.w, rect.h].iter().all(|v| v.is_finite());
            if !ok || rect.w <= 0.0 || rect.h <= 0.0 {
                return Err("a team box needs a finite position and a positive size".into());
            }
            let ix = team_ix(f, team)?;
            pin_rects(f, board);
            let r = Rect {
                x: rect.x.max(0.0).round(),
                y: rect.y.max(0.0).round(),
                w: rect.w.max(board.min_team_width()).round(),
                h: rect.h.round(),
            };
            f.teams[ix].rect = Some(r);
            Ok(format!("{} is at {}, {}, {} by {}", f.teams[ix].name, r.x, r.y, r.w, r.h))
        }
        Edit::DeleteTeam { team } => {
            let ix = team_ix(f, team)?;
            let removed = f.teams.remove(ix);
            let mut orphaned = 0;
            for owners in f.ownership.values_mut() {
                let before = owners.len();
                owners.retain(|t| t != team);
                if before > 0 && owners.is_empty() {
                    orphaned += 1;
                }
            }
            f.ownership.retain(|_, owners| !owners.is_empty());
            Ok(match orphaned {
                0 => format!("Deleted team {}", removed.name),
                1 => format!("Deleted team {}; 1 capability is now unowned", removed.name),
                n => format!("Deleted team {}; {n} capabilities are now unowned", removed.name),
            })
        }
        Edit::RenameCapability { cap, name } => {
            let name = checked_name(name)?;
            let c = cap_mut(f, cap)?;
            let old = std::mem::replace(&mut c.name, name.clone());
            Ok(format!("Renamed {old} to {name}"))
        }
        Edit::SetLayer { cap, layer } => {
            let c = cap_mut(f, cap)?;
            if let Some(role) = c.role.filter(|r| r.layer() != *layer) {
                return Err(format!(
                    "{} plays a {} role, so it stays in that layer",
                    c.name,
                    role.layer().label()
                ));
            }
            c.layer = *layer;
            if *layer != Layer::Service {
                c.slo = None;
                c.traffic_rps = None;
            }
            Ok(format!("{} is in the {} layer", c.name, layer.label()))
        }
        Edit::SetDependencies { cap, depends_on } => {
            for d in depends_on {
                cap_name(f, d)?;
            }
            if depends_on.contains(cap) {
                return Err("a capability cannot depend on itself".into());
            }
            if let Some(path) = cycle_through(f, cap, depends_on) {
                return Err(format!("that would make a dependency cycle: {path}"));
            }
            let c = cap_mut(f, cap)?;
            c.depends_on = depends_on.clone();
            Ok(format!("{} depends on {} capabilities", c.name, depends_on.len()))
        }
        Edit::SetSlo { cap, slo } => {
            let c = cap_mut(f, cap)?;
            if slo.is_some() && c.layer != Layer::Service {
                return Err("only service capabilities carry an SLO".into());
            }
            c.slo = *slo;
            Ok(match slo {
                Some(s) => format!("{}: SLO {}% over {} days", c.name, pct(s.target), s.window_days),
                None => format!("{} has no SLO", c.name),
            })
        }
        Edit::AddCapability { name, layer, role, owner } => caps::add(f, name, *layer, *role, owner.as_ref()),
        Edit::RemoveCapability { cap } => caps::remove(f, cap),
        Edit::SetRole { cap, role } => caps::set_role(f, cap, *role),
        Edit::SetTraffic { cap, traffic_rps } => caps::set_traffic(f, cap, *traffic_rps),
        Edit::AddFailure { failure } => {
            let name = cap_name(f, &failure.target)?;
            check_failure(f, failure)?;
            let id = fresh_failure_id(f);
            f.failures.push(Failure { id, ..failure.clone() });
            Ok(format!("Injected {} on {name}", failure.kind.label().to_lowercase()))
        }
        Edit::EditFailure { failure } => {
            cap_name(f, &failure.target)?;
            check_failure(f, failure)?;
            let slot = f
                .failures
                .iter_mut()
                .find(|x| x.id == failure.id)
                .ok_or_else(|| format!("no failure {}", failure.id))?;
            *slot = failure.clone();
            Ok(format!("Changed failure {}", failure.kind.label().to_lowercase()))
        }
        Edit::RemoveFailure { id } => {
            let ix = f.failures.iter().position(|x| &x.id == id).ok_or_else(|| format!("no failure {id}"))?;
            let gone = f.failures.remove(ix);
            Ok(format!("Removed failure {} on {}", gone.kind.label().to_lowercase(), gone.target))
        }
    }
}

#[cfg(test)]
mod tests;
