//! Reading an organisation from a spreadsheet saved as CSV: one row per team
//! and one per capability, in any order, under a header naming the columns.

use super::{unique_id, CapPlay, Draft, DraftCap, DraftTeam, Finding, TeamPlay};
use crate::model::{CapabilityId, TeamId};
use std::collections::{BTreeMap, BTreeSet};

/// The template the page offers for download: the clear-boundary preset's
/// organisation, so it opens as a working example.
pub const CSV_TEMPLATE: &str = "\
type,name,role,owners,headcount,on_call,depends_on
team,Platform Engineering,platform,,9,yes,
team,SRE,sre,,6,yes,
team,Checkout team,product,,7,yes,
team,Search team,product,,5,yes,
capability,Cluster provisioning,cluster_provisioning,Platform Engineering,,,
capability,CI pipelines,ci_pipelines,Platform Engineering,,,
capability,Deploy and rollout system,deploy_rollout,Platform Engineering,,,Cluster provisioning;CI pipelines
capability,Service templates,service_templates,Platform Engineering,,,CI pipelines
capability,UX measurement (SLIs),ux_measurement,SRE,,,
capability,SLO definitions,slo_definitions,SRE,,,UX measurement (SLIs)
capability,Incident management,incident_management,SRE,,,
capability,Error-budget policy,error_budget_policy,SRE,,,SLO definitions
capability,Postmortems,postmortems,SRE,,,Incident management
capability,Checkout,service,Checkout team,,,Deploy and rollout system;Cluster provisioning;Service templates
capability,Search,service,Search team,,,Deploy and rollout system;Cluster provisioning
";

/// The columns, each with the header names it is known by.
const COLUMNS: [(&str, &[&str]); 7] = [
    ("type", &["type", "kind", "row"]),
    ("name", &["name"]),
    ("role", &["role", "layer", "layer_or_role", "plays"]),
    ("owners", &["owners", "owner", "owned_by"]),
    ("headcount", &["headcount", "people", "size"]),
    ("on_call", &["on_call", "oncall", "on-call"]),
    ("depends_on", &["depends_on", "dependencies", "dependson"]),
];

fn norm(s: &str) -> String {
    s.trim().to_ascii_lowercase().replace([' ', '-'], "_")
}

struct Row {
    line: usize,
    name: String,
    role: String,
    owners: String,
    headcount: String,
    on_call: String,
    depends_on: String,
}

/// Reads a spreadsheet: every row it can, and a finding for each it cannot.
pub fn read_csv(text: &str) -> Draft {
    let mut draft = Draft::default();
    let first = text.lines().next().unwrap_or("");
    let delimiter = if first.contains('\t') && !first.contains(',') { b'\t' } else { b',' };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .trim(csv::Trim::All)
        .comment(Some(b'#'))
        .from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            draft
                .findings
                .push(Finding::new("line 1", "", format!("not a readable CSV header: {e}")).blocking());
            return draft;
        }
    };
    let mut at: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, h) in headers.iter().enumerate() {
        match COLUMNS.iter().find(|(_, names)| names.contains(&norm(h).as_str())) {
            Some((col, _)) => {
                at.entry(col).or_insert(i);
            }
            None => {
                draft.findings.push(Finding::new("line 1", h, "is not a column Faultline reads; ignored"))
            }
        }
    }
    for need in ["type", "name"] {
        if !at.contains_key(need) {
            draft.findings.push(
                Finding::new(
                    "line 1",
                    need,
                    format!("the header has no {need} column; expected {}", COLUMNS.map(|c| c.0).join(",")),
                )
                .blocking(),
            );
        }
    }
    if draft.blocked() {
        return draft;
    }
    let mut teams = Vec::new();
    let mut caps = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                draft.findings.push(Finding::new(format!("line {line}"), "", format!("unreadable row: {e}")));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        let cell = |col: &str| at.get(col).and_then(|&i| record.get(i)).unwrap_or("").to_owned();
        if record.iter().all(str::is_empty) {
            continue;
        }
        draft.count("rows");
        let row = Row {
            line,
            name: cell("name"),
            role: cell("role"),
            owners: cell("owners"),
            headcount: cell("headcount"),
            on_call: cell("on_call"),
            depends_on: cell("depends_on"),
        };
        let place = format!("line {line}");
        if row.name.is_empty() {
            draft.findings.push(Finding::new(place, "name", "is empty; row left out"));
            continue;
        }
        match norm(&cell("type")).as_str() {
            "team" | "group" => teams.push(row),
            "capability" | "component" | "resource" | "service" => caps.push(row),
            other => draft.findings.push(Finding::new(
                place,
                "type",
                format!("{other:?} is neither team nor capability; row left out"),
            )),
        }
    }

    let mut team_ids = BTreeSet::new();
    let mut team_by_name: BTreeMap<String, TeamId> = BTreeMap::new();
    for row in teams {
        let place = format!("line {}", row.line);
        let key = row.name.to_lowercase();
        if team_by_name.contains_key(&key) {
            draft.findings.push(Finding::new(
                place,
                "name",
                format!("team {:?} is listed again; row left out", row.name),
            ));
            continue;
        }
        let kind = match TeamPlay::from_key(&row.role) {
            Some(TeamPlay::Kind(k)) => Some(k),
            _ if row.role.is_empty() => None,
            _ => {
                draft.findings.push(Finding::new(
                    &place,
                    "role",
                    format!(
                        "{:?} is not a team kind (platform, sre, product, other); guessed instead",
                        row.role
                    ),
                ));
                None
            }
        };
        let headcount = match row.headcount.as_str() {
            "" => None,
            h => match h.parse::<f64>() {
                Ok(n) if (1.0..=crate::model::validate::MAX_HEADCOUNT).contains(&n) && n.fract() == 0.0 => {
                    Some(n as u32)
                }
                _ => {
                    draft.findings.push(Finding::new(
                        &place,
                        "headcount",
                        format!(
                            "{h:?} is not a whole number of people from 1 to {}; assumed instead",
                            crate::model::validate::MAX_HEADCOUNT
                        ),
                    ));
                    None
                }
            },
        };
        let on_call = match norm(&row.on_call).as_str() {
            "" => None,
            "yes" | "y" | "true" | "1" | "on" => Some(true),
            "no" | "n" | "false" | "0" | "off" => Some(false),
            v => {
                draft.findings.push(Finding::new(
                    &place,
                    "on_call",
                    format!("{v:?} is not yes or no; assumed yes"),
                ));
                None
            }
        };
        let id = TeamId::new(unique_id(&row.name, &mut team_ids));
        team_by_name.insert(key, id.clone());
        team_by_name.entry(id.as_str().to_owned()).or_insert_with(|| id.clone());
        draft.count("team");
        draft.teams.push(DraftTeam {
            id,
            name: row.name,
            spec_type: None,
            kind,
            headcount,
            on_call,
            entity: None,
            place,
        });
    }

    let mut cap_ids = BTreeSet::new();
    let mut cap_by_name: BTreeMap<String, CapabilityId> = BTreeMap::new();
    let mut kept = Vec::new();
    for row in caps {
        let key = row.name.to_lowercase();
        if cap_by_name.contains_key(&key) {
            draft.findings.push(Finding::new(
                format!("line {}", row.line),
                "name",
                format!("capability {:?} is listed again; row left out", row.name),
            ));
            continue;
        }
        let id = CapabilityId::new(unique_id(&row.name, &mut cap_ids));
        cap_by_name.insert(key, id.clone());
        cap_by_name.entry(id.as_str().to_owned()).or_insert_with(|| id.clone());
        kept.push((id, row));
    }
    for (id, row) in kept {
        let place = format!("line {}", row.line);
        let plays = match row.role.as_str() {
            "" => None,
            r => {
                let p = CapPlay::from_key(r)
                    .or_else(|| CapPlay::all().into_iter().find(|p| p.label().eq_ignore_ascii_case(r)));
                if p.is_none() {
                    draft.findings.push(Finding::new(
                        &place,
                        "role",
                        format!("{r:?} is not a role or layer; guessed instead"),
                    ));
                }
                p
            }
        };
        let mut owners = Vec::new();
        for o in row.owners.split(';').map(str::trim).filter(|o| !o.is_empty()) {
            match team_by_name.get(&o.to_lowercase()) {
                Some(t) if !owners.contains(t) => owners.push(t.clone()),
                Some(_) => {}
                None => draft.findings.push(Finding::new(
                    &place,
                    "owners",
                    format!("{o:?} is not a team row; left unowned"),
                )),
            }
        }
        let mut depends_on = Vec::new();
        for d in row.depends_on.split(';').map(str::trim).filter(|d| !d.is_empty()) {
            match cap_by_name.get(&d.to_lowercase()) {
                Some(c) if *c == id => {
                    draft.findings.push(Finding::new(&place, "depends_on", "depends on itself; left out"))
                }
                Some(c) if !depends_on.contains(c) => depends_on.push(c.clone()),
                Some(_) => {}
                None => draft.findings.push(Finding::new(
                    &place,
                    "depends_on",
                    format!("{d:?} is not a capability row; dependency left out"),
                )),
            }
        }
        draft.count("capability");
        draft.capabilities.push(DraftCap {
            id,
            name: row.name,
            kind: "capability".to_owned(),
            spec_type: None,
            tags: Vec::new(),
            owners,
            depends_on,
            plays,
            entity: None,
            place,
        });
    }
    if draft.teams.is_empty() && draft.capabilities.is_empty() && !draft.blocked() {
        draft.findings.push(Finding::new("", "", "no team or capability rows: nothing to import").blocking());
    }
    draft
}
