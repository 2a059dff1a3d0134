//! From a draft and a mapping to a scenario validation accepts.

use super::guess::guess_mapping;
use super::{CapPlay, Draft, Finding, Mapping, TeamPlay};
use crate::model::catalog::DEFAULT_SLO;
use crate::model::file::CatalogSource;
use crate::model::presets::standard_failures;
use crate::model::{
    validate, Capability, CapabilityId, Failure, Layer, Role, ScenarioFile, Settings, Team, TeamId, TeamKind,
    TimeSplit, SCHEMA_VERSION,
};
use std::collections::{BTreeMap, BTreeSet};

/// Headcount of a team nobody is listed in, and each kind's usual week: the
/// presets' teams (Platform 55/25/20, SRE 10/70/20, product 70/20/10).
pub const ASSUMED_HEADCOUNT: u32 = 6;

fn usual_split(kind: TeamKind) -> TimeSplit {
    let [feature, reliability, toil] = match kind {
        TeamKind::Platform => [55.0, 25.0, 20.0],
        TeamKind::Sre => [10.0, 70.0, 20.0],
        TeamKind::Product => [70.0, 20.0, 10.0],
        TeamKind::Other => [60.0, 20.0, 20.0],
    };
    TimeSplit { feature, reliability, toil }
}

/// A scenario made from an import, with notes on what was assumed or left out.
#[derive(Clone, Debug, PartialEq)]
pub struct Built {
    pub file: ScenarioFile,
    pub notes: Vec<Finding>,
}

/// The role a preset failure's target plays, so the standard failure set can
/// be injected into an imported organisation: each failure hits the first
/// capability playing its target's role (a latency creep hits the first
/// product service).
fn target_role(target: &CapabilityId) -> Option<Role> {
    crate::model::catalog::catalog_capability(target.as_str()).and_then(|c| c.role)
}

/// Builds the scenario the mapping describes (the guess for whatever it does
/// not name). Fails with every problem when the input has a blocking one or
/// the result would not validate, each problem placed in the input.
pub fn build(draft: &Draft, mapping: &Mapping) -> Result<Built, Vec<Finding>> {
    if draft.blocked() {
        return Err(draft.findings.iter().filter(|f| f.blocking).cloned().collect());
    }
    let m = mapping.over(&guess_mapping(draft));
    let mut notes = Vec::new();
    let mut source = CatalogSource::default();

    let mut assumed = Vec::new();
    let mut teams = Vec::new();
    for t in &draft.teams {
        let TeamPlay::Kind(kind) = m.team(t) else { continue };
        let headcount = match t.headcount {
            Some(n) if n > 0 => n,
            _ => {
                assumed.push(t.name.clone());
                ASSUMED_HEADCOUNT
            }
        };
        teams.push(Team {
            id: t.id.clone(),
            name: t.name.clone(),
            kind,
            headcount: f64::from(headcount),
            on_call: t.on_call.unwrap_or(true),
            time_split: usual_split(kind),
            rect: None,
            color: None,
        });
        if let Some(e) = &t.entity {
            source.teams.insert(t.id.clone(), e.clone());
        }
    }
    if !assumed.is_empty() {
        notes.push(Finding::new(
            "",
            "headcount",
            format!(
                "{} {} nobody listed as a member: assumed {ASSUMED_HEADCOUNT} people each ({}); change it on the board",
                assumed.len(),
                if assumed.len() == 1 { "team has" } else { "teams have" },
                list(&assumed)
            ),
        ));
    }
    let kept_teams: BTreeSet<&TeamId> = teams.iter().map(|t| &t.id).collect();

    let kept: BTreeMap<&CapabilityId, CapPlay> =
        draft.capabilities.iter().map(|c| (&c.id, m.cap(c))).filter(|(_, p)| *p != CapPlay::Omit).collect();
    let mut capabilities = Vec::new();
    let mut ownership = BTreeMap::new();
    let mut dropped_deps = 0;
    let mut orphaned_by_omission = Vec::new();
    for c in &draft.capabilities {
        let Some(&play) = kept.get(&c.id) else { continue };
        let (layer, role) = match play {
            CapPlay::Role(r) => (r.layer(), Some(r)),
            CapPlay::Layer(l) => (l, None),
            CapPlay::Omit => continue,
        };
        let depends_on: Vec<CapabilityId> =
            c.depends_on.iter().filter(|d| kept.contains_key(d)).cloned().collect();
        dropped_deps += c.depends_on.len() - depends_on.len();
        capabilities.push(Capability {
            id: c.id.clone(),
            name: c.name.clone(),
            layer,
            role,
            depends_on,
            slo: (layer == Layer::Service).then_some(DEFAULT_SLO),
            traffic_rps: None,
        });
        let owners: Vec<TeamId> = c.owners.iter().filter(|t| kept_teams.contains(t)).cloned().collect();
        if owners.is_empty() && !c.owners.is_empty() {
            orphaned_by_omission.push(c.name.clone());
        }
        ownership.insert(c.id.clone(), owners);
        if let Some(e) = &c.entity {
            source.capabilities.insert(c.id.clone(), e.clone());
        }
    }
    if dropped_deps > 0 {
        notes.push(Finding::new(
            "",
            "dependencies",
            format!("{dropped_deps} dependencies on capabilities left out are dropped"),
        ));
    }
    if !orphaned_by_omission.is_empty() {
        notes.push(Finding::new(
            "",
            "owners",
            format!(
                "{} {} unowned because every owner was left out: {}",
                orphaned_by_omission.len(),
                if orphaned_by_omission.len() == 1 { "capability is" } else { "capabilities are" },
                list(&orphaned_by_omission)
            ),
        ));
    }

    // The presets' failure set, each failure on the capability playing its
    // target's role, so an imported organisation meets the same incidents.
    let mut failures: Vec<Failure> = Vec::new();
    let mut missing: BTreeSet<&str> = BTreeSet::new();
    for f in standard_failures() {
        let target = match target_role(&f.target) {
            Some(r) => capabilities.iter().find(|c| c.role == Some(r)),
            None => capabilities.iter().find(|c| c.layer == Layer::Service),
        };
        match target {
            Some(c) => failures.push(Failure { target: c.id.clone(), ..f }),
            None => {
                missing.insert(match target_role(&f.target) {
                    Some(r) => super::ROLES.iter().find(|x| x.0 == r).map_or("", |x| x.2),
                    None => "Product service",
                });
            }
        }
    }
    if !missing.is_empty() {
        notes.push(Finding::new(
            "",
            "failures",
            format!(
                "no capability plays {}, so the standard failures on {} are left out",
                missing.iter().copied().collect::<Vec<_>>().join(", "),
                if missing.len() == 1 { "it" } else { "them" }
            ),
        ));
    }

    let title = if m.title.trim().is_empty() {
        "Imported organisation".to_owned()
    } else {
        m.title.trim().to_owned()
    };
    let file = ScenarioFile {
        version: SCHEMA_VERSION,
        title,
        description: format!("Imported: {}.", draft.summary()),
        teams,
        capabilities,
        ownership,
        failures,
        // On top of the injected failures, one unplanned incident every three
        // weeks or so, as in the presets.
        settings: Settings { background_rate_per_day: 0.05, ..Settings::default() },
        catalog: (!source.teams.is_empty() || !source.capabilities.is_empty()).then_some(source),
    };
    match validate(file.clone()) {
        Ok(_) => Ok(Built { file, notes }),
        Err(problems) => Err(problems.iter().map(|p| placed(draft, &file, &p.path, &p.message)).collect()),
    }
}

/// A validation problem at its place in the input: `capabilities[3].depends_on`
/// becomes the capability's document.
fn placed(draft: &Draft, file: &ScenarioFile, path: &str, message: &str) -> Finding {
    let index = |prefix: &str| -> Option<(usize, String)> {
        let rest = path.strip_prefix(prefix)?.strip_prefix('[')?;
        let (n, tail) = rest.split_once(']')?;
        Some((n.parse().ok()?, tail.trim_start_matches('.').to_owned()))
    };
    if let Some((i, field)) = index("capabilities") {
        if let Some(c) =
            file.capabilities.get(i).and_then(|c| draft.capabilities.iter().find(|d| d.id == c.id))
        {
            return Finding::new(&c.place, field, message).blocking();
        }
    }
    if let Some((i, field)) = index("teams") {
        if let Some(t) = file.teams.get(i).and_then(|t| draft.teams.iter().find(|d| d.id == t.id)) {
            return Finding::new(&t.place, field, message).blocking();
        }
    }
    Finding::new("", path, message).blocking()
}

fn list(names: &[String]) -> String {
    const SHOWN: usize = 8;
    let mut s = names.iter().take(SHOWN).cloned().collect::<Vec<_>>().join(", ");
    if names.len() > SHOWN {
        s.push_str(&format!(" and {} more", names.len() - SHOWN));
    }
    s
}
