//! Mends: for each diagnostic finding, the one edit a leader would make to
//! fix it, as a pure function on the scenario file. Diagnostics run the
//! mended design against the design on the same failures and seeds, so a
//! finding's consequence is what mending it would change, never a share that
//! a good design has too.
//!
//! A mend changes only teams and ownership (never failures or settings), so
//! the mended design is paired run for run with the design it came from.

use super::diagnostics::{Finding, Subject};
use crate::engine::capacity::capacity;
use crate::model::catalog::DEFAULT_SLO;
use crate::model::{
    validate, CapIx, CapabilityId, Layer, Role, Scenario, ScenarioFile, TeamId, TeamIx, TeamKind,
};

/// The toil share, in percent, an absorbed SRE team is brought down to; the
/// points it frees go to reliability work.
pub const MENDED_TOIL: f64 = 20.0;

/// At most this many people are added to a team to give every service a
/// working SLO; a design that needs more is not mended this way.
const MAX_HIRES: u32 = 100;

/// The design with `finding` mended and what was mended, in words ("Platform
/// Engineering alone owning Deploy and rollout system"). `None` when the
/// finding has no mend (a team that owns nothing), when there is nothing to
/// mend it with (no team to give a role to), or when the mended file would
/// not validate.
pub fn mend(file: &ScenarioFile, finding: &Finding) -> Option<(ScenarioFile, String)> {
    let sc = validate(file.clone()).ok()?;
    mend_scenario(&sc, finding).map(|(mended, what)| (mended.file, what))
}

/// [`mend`] on a validated design, returning the mended design validated.
pub(super) fn mend_scenario(sc: &Scenario, finding: &Finding) -> Option<(Scenario, String)> {
    let (file, what) = match finding.code {
        "simple_test_drift" => drift(sc),
        "orphan" => orphan(sc, cap_subject(sc, finding)?),
        "shared" => shared(sc, cap_subject(sc, finding)?),
        "sre_toil" => toil(sc, team_subject(sc, finding)?),
        "no_slo_owner" => give_role(sc, &sc.file, Role::SloDefinitions),
        "no_ux_owner" => give_role(sc, &sc.file, Role::UxMeasurement),
        "no_incident_owner" => give_role(sc, &sc.file, Role::IncidentManagement),
        "no_policy_owner" => give_role(sc, &sc.file, Role::ErrorBudgetPolicy),
        "no_working_slo" => working_slo(sc, &cap_subjects(sc, finding)),
        "owner_without_on_call" => on_call(sc, team_subject(sc, finding)?),
        "ghost_owner" => ghost(sc, cap_subject(sc, finding)?),
        _ => None,
    }?;
    Some((validate(file).ok()?, what))
}

fn cap_subjects(sc: &Scenario, finding: &Finding) -> Vec<CapIx> {
    finding
        .subjects
        .iter()
        .filter_map(|s| match s {
            Subject::Capability(id) => sc.cap_by_id(&CapabilityId::new(id.as_str())),
            _ => None,
        })
        .collect()
}

fn cap_subject(sc: &Scenario, finding: &Finding) -> Option<CapIx> {
    cap_subjects(sc, finding).first().copied()
}

fn team_subject(sc: &Scenario, finding: &Finding) -> Option<TeamIx> {
    finding.subjects.iter().find_map(|s| match s {
        Subject::Team(id) => sc.team_by_id(&TeamId::new(id.as_str())),
        _ => None,
    })
}

fn team_id(sc: &Scenario, t: TeamIx) -> TeamId {
    sc.team(t).id.clone()
}

fn list(items: &[String]) -> String {
    match items {
        [] => "nothing".to_owned(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn team_names(sc: &Scenario, teams: &[TeamIx]) -> String {
    list(&teams.iter().map(|&t| sc.team(t).name.clone()).collect::<Vec<_>>())
}

fn cap_names(sc: &Scenario, caps: &[CapIx]) -> String {
    list(&caps.iter().map(|&c| sc.cap(c).name.clone()).collect::<Vec<_>>())
}

/// The file's owner list of a capability, created empty if absent.
fn owners_mut<'f>(file: &'f mut ScenarioFile, sc: &Scenario, c: CapIx) -> &'f mut Vec<TeamId> {
    file.ownership.entry(sc.cap(c).id.clone()).or_default()
}

/// The simple test drifts when a team builds the paved road and also owns
/// error-budget policy. Where the drifting team only co-owns road
/// capabilities, it steps off them; where it runs some alone, the policy
/// moves to a team off the road, an SRE team if there is one.
fn drift(sc: &Scenario) -> Option<(ScenarioFile, String)> {
    let deciders = sc.reliability_deciders();
    let both: Vec<TeamIx> = sc.paved_road_owners().iter().copied().filter(|t| deciders.contains(t)).collect();
    if both.is_empty() {
        return None;
    }
    let road: Vec<CapIx> = sc.cap_ixs().filter(|&c| sc.cap(c).layer == Layer::Delivery).collect();
    let runs_alone = road.iter().any(|&c| {
        let owners = sc.owners(c);
        owners.iter().any(|t| both.contains(t)) && owners.iter().all(|t| both.contains(t))
    });
    let mut file = sc.file.clone();
    if !runs_alone {
        // Group the road capabilities by who is left owning them, in file order.
        let mut left: Vec<(Vec<TeamIx>, Vec<CapIx>)> = Vec::new();
        for &c in road.iter().filter(|&&c| sc.owners(c).iter().any(|t| both.contains(t))) {
            let keep: Vec<TeamIx> = sc.owners(c).iter().copied().filter(|t| !both.contains(t)).collect();
            let gone: Vec<TeamId> = both.iter().map(|&t| team_id(sc, t)).collect();
            owners_mut(&mut file, sc, c).retain(|t| !gone.contains(t));
            match left.iter_mut().find(|(k, _)| *k == keep) {
                Some((_, caps)) => caps.push(c),
                None => left.push((keep, vec![c])),
            }
        }
        let what: Vec<String> = left
            .iter()
            .map(|(keep, caps)| format!("{} alone owning {}", team_names(sc, keep), cap_names(sc, caps)))
            .collect();
        return Some((file, what.join("; ")));
    }
    let road_teams = sc.paved_road_owners();
    let off_road = |t: &TeamIx| !road_teams.contains(t);
    let to = sc
        .team_ixs()
        .filter(off_road)
        .find(|&t| sc.team(t).kind == TeamKind::Sre)
        .or_else(|| sc.team_ixs().find(off_road))?;
    let policy = sc.with_role(Role::ErrorBudgetPolicy);
    for &c in policy {
        *owners_mut(&mut file, sc, c) = vec![team_id(sc, to)];
    }
    Some((
        file,
        format!(
            "{} owning {} instead of {}",
            sc.team(to).name,
            cap_names(sc, policy),
            team_names(sc, sc.reliability_deciders())
        ),
    ))
}

/// The team a mend hands an unowned capability of `layer` to: the first
/// team a page about it would be guessed at, else the first team.
fn plausible(sc: &Scenario, layer: Layer) -> Option<TeamIx> {
    sc.plausible_owners(layer).first().copied().or_else(|| sc.team_ixs().next())
}

fn orphan(sc: &Scenario, c: CapIx) -> Option<(ScenarioFile, String)> {
    let to = plausible(sc, sc.cap(c).layer)?;
    let mut file = sc.file.clone();
    // Owners that do not exist stay: they are a finding of their own.
    owners_mut(&mut file, sc, c).push(team_id(sc, to));
    Some((file, format!("{} owning {}", sc.team(to).name, sc.cap(c).name)))
}

fn shared(sc: &Scenario, c: CapIx) -> Option<(ScenarioFile, String)> {
    let (&first, rest) = sc.owners(c).split_first()?;
    let gone: Vec<TeamId> = rest.iter().map(|&t| team_id(sc, t)).collect();
    let mut file = sc.file.clone();
    owners_mut(&mut file, sc, c).retain(|t| !gone.contains(t));
    Some((file, format!("{} alone owning {}", sc.team(first).name, sc.cap(c).name)))
}

fn toil(sc: &Scenario, t: TeamIx) -> Option<(ScenarioFile, String)> {
    let mut file = sc.file.clone();
    let team = file.teams.iter_mut().find(|x| x.id == sc.team(t).id)?;
    let freed = team.time_split.toil - MENDED_TOIL;
    if freed <= 0.0 {
        return None;
    }
    team.time_split.toil = MENDED_TOIL;
    team.time_split.reliability += freed;
    let what = format!(
        "{} at {:.0}% toil and {:.0}% reliability work",
        team.name, team.time_split.toil, team.time_split.reliability
    );
    Some((file, what))
}

/// Who takes over an unowned role: an SRE team if there is one, else the
/// team owning most reliability capabilities, else a team off the paved
/// road. Error-budget policy only ever goes to a team off the road, or the
/// mend would make the simple test drift.
fn role_taker(sc: &Scenario, role: Role) -> Option<TeamIx> {
    let road = sc.paved_road_owners();
    let allowed = |t: &TeamIx| role != Role::ErrorBudgetPolicy || !road.contains(t);
    sc.team_ixs()
        .filter(allowed)
        .find(|&t| sc.team(t).kind == TeamKind::Sre)
        .or_else(|| sc.layer_owners(Layer::Reliability).iter().copied().find(allowed))
        .or_else(|| sc.team_ixs().find(|t| !road.contains(t)))
}

/// Gives every capability with `role` to the role taker of `sc`, editing
/// `file` (which may already carry other mends of the same design).
fn give_role(sc: &Scenario, file: &ScenarioFile, role: Role) -> Option<(ScenarioFile, String)> {
    let caps = sc.with_role(role);
    if caps.is_empty() {
        return None;
    }
    let to = role_taker(sc, role)?;
    let mut file = file.clone();
    for &c in caps {
        let owners = owners_mut(&mut file, sc, c);
        if !owners.contains(&team_id(sc, to)) {
            owners.push(team_id(sc, to));
        }
    }
    Some((file, format!("{} owning {}", sc.team(to).name, cap_names(sc, caps))))
}

/// Gives the blind services what a working SLO needs: a target (the
/// catalog's) where they have none, owners for SLO definitions and UX
/// measurement where nobody has them, and then people for those owners,
/// one at a time, until every blind service is fully defined and measured.
fn working_slo(sc: &Scenario, blind: &[CapIx]) -> Option<(ScenarioFile, String)> {
    if blind.is_empty() {
        return None;
    }
    let mut file = sc.file.clone();
    let mut what: Vec<String> = Vec::new();
    let no_target: Vec<CapIx> = blind.iter().copied().filter(|&c| sc.cap(c).slo.is_none()).collect();
    for &c in &no_target {
        let cap = file.capabilities.iter_mut().find(|x| x.id == sc.cap(c).id)?;
        cap.slo = Some(DEFAULT_SLO);
    }
    if !no_target.is_empty() {
        what.push(format!(
            "{} given an SLO of {}% over {:.0} days",
            cap_names(sc, &no_target),
            DEFAULT_SLO.target * 100.0,
            DEFAULT_SLO.window_days
        ));
    }
    for role in [Role::SloDefinitions, Role::UxMeasurement] {
        if sc.role_owners(role).is_empty() {
            let (mended, w) = give_role(sc, &file, role)?;
            file = mended;
            what.push(w);
        }
    }
    let start: Vec<f64> = file.teams.iter().map(|t| t.headcount).collect();
    for _ in 0..=MAX_HIRES {
        let now = validate(file.clone()).ok()?;
        let cap = capacity(&now, &now.settings.assumptions);
        let covered = |c: CapIx| cap.services.get(c.get()).cloned().flatten();
        let short_defined = blind.iter().any(|&c| covered(c).is_none_or(|v| v.defined < 1.0 - 1e-9));
        let short_measured = blind.iter().any(|&c| covered(c).is_none_or(|v| v.measured < 1.0 - 1e-9));
        if !short_defined && !short_measured {
            for (team, &before) in file.teams.iter().zip(&start) {
                if team.headcount > before {
                    what.push(format!(
                        "{} grown from {before:.0} to {:.0} people",
                        team.name, team.headcount
                    ));
                }
            }
            return Some((file, list(&what)));
        }
        let mut grow: Vec<TeamId> = Vec::new();
        if short_defined {
            grow.extend(now.role_owners(Role::SloDefinitions).iter().map(|&t| team_id(&now, t)));
        }
        if short_measured {
            grow.extend(now.role_owners(Role::UxMeasurement).iter().map(|&t| team_id(&now, t)));
        }
        for team in file.teams.iter_mut().filter(|t| grow.contains(&t.id)) {
            team.headcount += 1.0;
        }
    }
    None
}

fn on_call(sc: &Scenario, t: TeamIx) -> Option<(ScenarioFile, String)> {
    let mut file = sc.file.clone();
    let team = file.teams.iter_mut().find(|x| x.id == sc.team(t).id)?;
    team.on_call = true;
    let what = format!("{} on call", team.name);
    Some((file, what))
}

/// Replaces the owners of `c` that do not exist with the team a page about
/// it would be guessed at first; if that team already owns it, the ghost
/// just goes.
fn ghost(sc: &Scenario, c: CapIx) -> Option<(ScenarioFile, String)> {
    let cap = &sc.cap(c).id;
    let ghosts: Vec<TeamId> = sc.ghost_owners().filter(|(x, _)| *x == cap).map(|(_, t)| t.clone()).collect();
    if ghosts.is_empty() {
        return None;
    }
    let to = plausible(sc, sc.cap(c).layer)?;
    let to_id = team_id(sc, to);
    let mut file = sc.file.clone();
    let owners = owners_mut(&mut file, sc, c);
    let mut mended: Vec<TeamId> = Vec::new();
    for t in owners.iter() {
        let t = if ghosts.contains(t) { &to_id } else { t };
        if !mended.contains(t) {
            mended.push(t.clone());
        }
    }
    *owners = mended;
    let gone = list(&ghosts.iter().map(|t| t.to_string()).collect::<Vec<_>>());
    Some((file, format!("{} instead of {gone} owning {}", sc.team(to).name, sc.cap(c).name)))
}
