//! Writing a design back as Backstage catalog YAML: its Groups and every
//! capability's entity with the design's `spec.owner`, so a plan can become a
//! pull request on the catalog. Entities read from a catalog keep their kind,
//! namespace, name, type, lifecycle and system; changed owner lines carry a
//! comment saying what they were. Importing the export gives the same
//! ownership: a co-owner Backstage's single owner cannot hold is written in
//! the `faultline.dev/co-owners` annotation, and a capability drawn here (not
//! read from a catalog) carries its role in `faultline.dev/role`.

use super::backstage::{Ref, CO_OWNERS_ANNOTATION, ROLE_ANNOTATION};
use super::CapPlay;
use crate::model::file::Entity;
use crate::model::{Capability, Layer, ScenarioFile, Team, TeamKind};
use std::fmt::Write;

/// A scalar as YAML: plain when that cannot be misread, else double-quoted
/// (a JSON string is a valid YAML double-quoted scalar).
fn scalar(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars().all(|c| c.is_ascii_alphanumeric() || "._/:-@()".contains(c))
        && s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && !s.contains(": ")
        && !s.ends_with(':')
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "y" | "n"
        );
    if plain {
        s.to_owned()
    } else {
        // A string always serializes.
        serde_json::to_string(s).expect("strings serialize")
    }
}

fn team_entity(t: &Team, file: &ScenarioFile) -> Entity {
    file.catalog.as_ref().and_then(|c| c.teams.get(&t.id)).cloned().unwrap_or_else(|| Entity {
        kind: "Group".to_owned(),
        namespace: "default".to_owned(),
        name: t.id.as_str().to_owned(),
        spec_type: Some("team".to_owned()),
        ..Entity::default()
    })
}

fn cap_entity(c: &Capability, file: &ScenarioFile) -> (Entity, bool) {
    match file.catalog.as_ref().and_then(|s| s.capabilities.get(&c.id)) {
        Some(e) => (e.clone(), true),
        None => (
            Entity {
                kind: "Component".to_owned(),
                namespace: "default".to_owned(),
                name: c.id.as_str().to_owned(),
                spec_type: Some(if c.layer == Layer::Service { "service" } else { "tool" }.to_owned()),
                lifecycle: Some("production".to_owned()),
                ..Entity::default()
            },
            false,
        ),
    }
}

fn reference(e: &Entity) -> String {
    format!("{}:{}/{}", e.kind.to_ascii_lowercase(), e.namespace, e.name)
}

fn same_ref(a: &str, b: &str, namespace: &str) -> bool {
    let norm = |s: &str| {
        Ref::parse(s, namespace).map(|r| {
            let mut t = r.text();
            if t.starts_with("?:") {
                t = t.replacen("?:", "group:", 1);
            }
            t
        })
    };
    norm(a).is_some() && norm(a) == norm(b)
}

/// The design's ownership as catalog YAML.
pub fn export_catalog(file: &ScenarioFile) -> String {
    let group_ref = |id: &crate::model::TeamId| -> Option<String> {
        file.teams.iter().find(|t| &t.id == id).map(|t| reference(&team_entity(t, file)))
    };
    let mut body = String::new();
    let mut changes = Vec::new();
    for t in &file.teams {
        let e = team_entity(t, file);
        body.push_str("---\napiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n");
        let _ = writeln!(body, "  name: {}", scalar(&e.name));
        if e.namespace != "default" {
            let _ = writeln!(body, "  namespace: {}", scalar(&e.namespace));
        }
        body.push_str("spec:\n");
        let kind_type = match t.kind {
            TeamKind::Platform | TeamKind::Sre | TeamKind::Product | TeamKind::Other => "team",
        };
        let _ = writeln!(body, "  type: {}", scalar(e.spec_type.as_deref().unwrap_or(kind_type)));
        let _ = writeln!(body, "  profile:\n    displayName: {}", scalar(&t.name));
        body.push_str("  children: []\n");
    }
    for c in &file.capabilities {
        let (e, from_catalog) = cap_entity(c, file);
        let owners = file.ownership.get(&c.id).map(Vec::as_slice).unwrap_or(&[]);
        let refs: Vec<String> = owners.iter().filter_map(group_ref).collect();
        let _ = writeln!(body, "---\napiVersion: backstage.io/v1alpha1\nkind: {}\nmetadata:", e.kind);
        let _ = writeln!(body, "  name: {}", scalar(&e.name));
        if e.namespace != "default" {
            let _ = writeln!(body, "  namespace: {}", scalar(&e.namespace));
        }
        if c.name != e.name {
            let _ = writeln!(body, "  title: {}", scalar(&c.name));
        }
        let role = if from_catalog {
            None
        } else {
            Some(match c.role {
                Some(r) => CapPlay::Role(r).key(),
                None => CapPlay::Layer(c.layer).key(),
            })
        };
        if role.is_some() || refs.len() > 1 {
            body.push_str("  annotations:\n");
            if let Some(r) = role {
                let _ = writeln!(body, "    {ROLE_ANNOTATION}: {}", scalar(r));
            }
            if refs.len() > 1 {
                let _ = writeln!(body, "    {CO_OWNERS_ANNOTATION}: {}", scalar(&refs[1..].join(",")));
            }
        }
        body.push_str("spec:\n");
        if let Some(t) = &e.spec_type {
            let _ = writeln!(body, "  type: {}", scalar(t));
        }
        if let Some(l) = &e.lifecycle {
            let _ = writeln!(body, "  lifecycle: {}", scalar(l));
        }
        let was = e.owner.as_deref();
        match refs.first() {
            Some(owner) => {
                let moved = from_catalog && !was.is_some_and(|w| same_ref(w, owner, &e.namespace));
                let shared = refs.len() > 1;
                let _ = write!(body, "  owner: {}", scalar(owner));
                let was_text = was.unwrap_or("no owner");
                match (moved, shared) {
                    (true, false) => {
                        let _ = write!(body, "  # changed: was {was_text}");
                        changes.push(format!("{}: {was_text} → {owner}", reference(&e)));
                    }
                    (true, true) => {
                        let _ =
                            write!(body, "  # changed: was {was_text}; shared with {}", refs[1..].join(", "));
                        changes.push(format!("{}: {was_text} → {}", reference(&e), refs.join(" and ")));
                    }
                    (false, true) => {
                        let _ = write!(body, "  # shared with {}", refs[1..].join(", "));
                        if from_catalog {
                            changes.push(format!("{}: {owner} → {}", reference(&e), refs.join(" and ")));
                        }
                    }
                    (false, false) => {}
                }
                body.push('\n');
            }
            None => {
                body.push_str("  # owner: none in this plan; the catalog requires one\n");
                if from_catalog && was.is_some() {
                    changes.push(format!("{}: {} → no owner", reference(&e), was.unwrap_or("")));
                }
            }
        }
        if let Some(s) = &e.system {
            let _ = writeln!(body, "  system: {}", scalar(s));
        }
        let deps: Vec<String> = c
            .depends_on
            .iter()
            .filter_map(|d| file.capabilities.iter().find(|x| &x.id == d))
            .map(|d| reference(&cap_entity(d, file).0))
            .collect();
        if !deps.is_empty() {
            body.push_str("  dependsOn:\n");
            for d in deps {
                let _ = writeln!(body, "    - {}", scalar(&d));
            }
        }
    }
    let mut head = String::new();
    let title = file.title.replace(['\n', '\r'], " ");
    let _ = writeln!(head, "# Proposed ownership from Faultline: {title}");
    let _ = writeln!(
        head,
        "# {} groups and {} entities; {} {} owner.",
        file.teams.len(),
        file.capabilities.len(),
        changes.len(),
        if changes.len() == 1 { "changes" } else { "change" }
    );
    for c in &changes {
        let _ = writeln!(head, "#   {c}");
    }
    if let Some(src) = &file.catalog {
        let gone: Vec<String> = src
            .capabilities
            .iter()
            .filter(|(id, _)| !file.capabilities.iter().any(|c| &c.id == *id))
            .map(|(_, e)| reference(e))
            .collect();
        if !gone.is_empty() {
            let _ = writeln!(head, "# Not in this design, so not written: {}", gone.join(", "));
        }
    }
    head + &body
}
