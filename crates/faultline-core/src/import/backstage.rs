//! Reading a Backstage software catalog: the YAML of `catalog-info.yaml`
//! files or an instance's export, one or many documents. Groups become
//! teams, Components, Resources and Systems capabilities; Users give each
//! group its headcount. Each document is parsed on its own, within a budget
//! of events, aliases, depth and nodes, so an alias bomb or a document too
//! deep stops there with a finding, and a broken document does not hide the
//! others.

use super::{unique_id, CapPlay, Draft, DraftCap, DraftTeam, Finding, ROLES};
use crate::model::file::Entity;
use crate::model::{CapabilityId, TeamId};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// The annotation an export writes for a capability's role or layer, and for
/// the co-owners a single `spec.owner` cannot hold.
pub(super) const ROLE_ANNOTATION: &str = "faultline.dev/role";
pub(super) const CO_OWNERS_ANNOTATION: &str = "faultline.dev/co-owners";

/// Documents read at most (a 5 MB file of the smallest entities holds fewer).
const MAX_DOCUMENTS: usize = 50_000;

/// Parser limits for one document: far above any real entity, far below
/// what would exhaust memory. A billion-laughs document breaches the alias
/// or event budget long before it expands.
fn options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_events = 200_000;
    budget.max_aliases = 1_000;
    budget.max_anchors = 1_000;
    budget.max_recorded_anchor_events = 50_000;
    budget.max_recorded_anchor_bytes = 1_000_000;
    budget.max_depth = 32;
    budget.max_documents = 1;
    budget.max_nodes = 100_000;
    budget.max_total_scalar_bytes = super::MAX_INPUT_BYTES;
    budget.max_merge_keys = 100;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options
}

/// A document of the stream: its number (from 1), first line and text.
struct Doc<'a> {
    n: usize,
    line: usize,
    text: &'a str,
}

/// Splits a YAML stream at its `---` and `...` markers, keeping line numbers.
/// A marker is three dashes or dots at the start of a line followed by
/// nothing or a space, as YAML defines; inside a document such a line ends it.
fn documents<'a>(text: &'a str) -> Vec<Doc<'a>> {
    let mut docs = Vec::new();
    let mut start = 0;
    let mut start_line = 1;
    let mut offset = 0;
    let mut n = 0;
    let mut push = |from: usize, to: usize, line: usize, docs: &mut Vec<Doc<'a>>| {
        let body = &text[from..to];
        if body.lines().any(|l| {
            let t = l.trim();
            !t.is_empty() && !t.starts_with('#') && !t.starts_with('%')
        }) {
            n += 1;
            docs.push(Doc { n, line, text: body });
        }
    };
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let bare = line.trim_end_matches(['\n', '\r']);
        let marker =
            |m: &str| bare == m || bare.starts_with(&format!("{m} ")) || bare.starts_with(&format!("{m}\t"));
        if marker("---") || marker("...") {
            push(start, offset, start_line, &mut docs);
            // `--- {kind: Group}`: content may follow the marker.
            let rest = if marker("---") { bare[3..].trim() } else { "" };
            if rest.is_empty() || rest.starts_with('#') {
                start = offset + line.len();
                start_line = i + 2;
            } else {
                start = offset + 3;
                start_line = i + 1;
            }
        }
        offset += line.len();
    }
    push(start, text.len(), start_line, &mut docs);
    docs
}

/// An entity reference as Backstage writes them: `[kind:][namespace/]name`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Ref {
    kind: Option<String>,
    namespace: String,
    name: String,
}

impl Ref {
    pub(super) fn parse(s: &str, default_namespace: &str) -> Option<Ref> {
        let s = s.trim();
        let (kind, rest) = match s.split_once(':') {
            Some((k, r)) => (Some(k.trim().to_ascii_lowercase()), r),
            None => (None, s),
        };
        let (namespace, name) = match rest.split_once('/') {
            Some((ns, n)) => (ns.trim().to_ascii_lowercase(), n.trim()),
            None => (default_namespace.to_ascii_lowercase(), rest.trim()),
        };
        if name.is_empty() || kind.as_deref() == Some("") {
            return None;
        }
        Some(Ref { kind, namespace, name: name.to_ascii_lowercase() })
    }

    pub(super) fn text(&self) -> String {
        format!("{}:{}/{}", self.kind.as_deref().unwrap_or("?"), self.namespace, self.name)
    }
}

/// An entity's place in the stream, for findings.
fn place(doc: &Doc<'_>, kind: &str, name: &str) -> String {
    if name.is_empty() {
        format!("document {} (line {})", doc.n, doc.line)
    } else {
        format!("document {} ({kind} {name}, line {})", doc.n, doc.line)
    }
}

fn string_at<'v>(v: &'v Value, path: &[&str]) -> Option<&'v str> {
    path.iter().try_fold(v, |v, k| v.get(k))?.as_str()
}

/// A list of strings at `path`, with a finding for anything else there.
fn strings_at(v: &Value, path: &[&str], at: &str, findings: &mut Vec<Finding>) -> Vec<String> {
    let field = path.join(".");
    match path.iter().try_fold(v, |v, k| v.get(k)) {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .filter_map(|(i, x)| match x.as_str() {
                Some(s) => Some(s.to_owned()),
                None => {
                    findings.push(Finding::new(at, format!("{field}[{i}]"), "is not a string; left out"));
                    None
                }
            })
            .collect(),
        Some(Value::String(s)) => vec![s.clone()],
        Some(_) => {
            findings.push(Finding::new(at, field, "is not a list of strings; left out"));
            Vec::new()
        }
    }
}

/// An entity as parsed, before references are resolved.
struct Raw {
    kind: String,
    entity: Entity,
    title: Option<String>,
    tags: Vec<String>,
    owner: Option<String>,
    depends_on: Vec<String>,
    member_of: Vec<String>,
    members: Vec<String>,
    annotations: BTreeMap<String, String>,
    place: String,
}

const USED_KINDS: [&str; 5] = ["group", "user", "component", "resource", "system"];
const OTHER_KINDS: [&str; 5] = ["api", "domain", "location", "template", "type"];

/// Reads a catalog: every entity it can, and a finding for everything it
/// cannot or leaves out.
pub fn read_catalog(text: &str) -> Draft {
    let mut draft = Draft::default();
    let docs = documents(text);
    if docs.len() > MAX_DOCUMENTS {
        draft.findings.push(
            Finding::new(
                "",
                "",
                format!("{} documents; Faultline reads at most {MAX_DOCUMENTS}", docs.len()),
            )
            .blocking(),
        );
        return draft;
    }
    let mut raws = Vec::new();
    for doc in &docs {
        draft.count("documents");
        if let Some(raw) = parse_document(doc, &mut draft) {
            raws.push(raw);
        }
    }
    resolve(raws, &mut draft);
    if draft.teams.is_empty() && draft.capabilities.is_empty() && !draft.blocked() {
        draft.findings.push(
            Finding::new("", "", "no Group, Component, Resource or System was found: nothing to import")
                .blocking(),
        );
    }
    draft
}

fn parse_document(doc: &Doc<'_>, draft: &mut Draft) -> Option<Raw> {
    let bare = place(doc, "", "");
    let value: Value = match serde_saphyr::from_str_with_options(doc.text, options()) {
        Ok(v) => v,
        Err(e) => {
            let message = first_line(&e.to_string());
            let message = message.strip_prefix("error: ").unwrap_or(&message);
            // The parser counts lines from the document's start; say where in
            // the file instead.
            let message = match message.strip_prefix("line ").and_then(|m| m.split_once(' ')) {
                Some((n, rest)) if n.parse::<usize>().is_ok() => {
                    let line = doc.line + n.parse::<usize>().unwrap_or(1) - 1;
                    let rest =
                        rest.strip_prefix("column ").map_or(rest.to_owned(), |r| format!("column {r}"));
                    format!("at line {line}, {rest}")
                }
                _ => message.to_owned(),
            };
            let at = bare;
            draft.findings.push(Finding::new(
                at,
                "",
                if message.starts_with("at line") {
                    format!("not valid YAML {message}; document left out")
                } else {
                    format!("not valid YAML: {message}; document left out")
                },
            ));
            return None;
        }
    };
    let Value::Object(_) = &value else {
        draft.findings.push(Finding::new(bare, "", "is not a mapping of fields; document left out"));
        return None;
    };
    let Some(kind) = string_at(&value, &["kind"]) else {
        draft.findings.push(Finding::new(bare, "kind", "is missing; document left out"));
        return None;
    };
    let kind_lower = kind.to_ascii_lowercase();
    let name = string_at(&value, &["metadata", "name"]).unwrap_or("").trim().to_owned();
    let at = place(doc, kind, &name);
    if let Some(api) = string_at(&value, &["apiVersion"]) {
        if !api.starts_with("backstage.io/") && USED_KINDS.contains(&kind_lower.as_str()) {
            draft.findings.push(Finding::new(
                &at,
                "apiVersion",
                format!("{api:?} is not a backstage.io version; read as backstage.io/v1alpha1"),
            ));
        }
    }
    if !USED_KINDS.contains(&kind_lower.as_str()) {
        if OTHER_KINDS.contains(&kind_lower.as_str()) {
            draft.count(&capitalised(&kind_lower));
        } else {
            draft.findings.push(Finding::new(
                &at,
                "kind",
                format!("{kind:?} is not a Backstage kind Faultline reads (Group, User, Component, Resource, System); document left out"),
            ));
        }
        return None;
    }
    draft.count(&capitalised(&kind_lower));
    if name.is_empty() {
        draft.findings.push(Finding::new(&at, "metadata.name", "is missing; document left out"));
        return None;
    }
    let namespace =
        string_at(&value, &["metadata", "namespace"]).unwrap_or("default").trim().to_ascii_lowercase();
    let opt = |path: &[&str]| string_at(&value, path).map(str::to_owned);
    let mut findings = Vec::new();
    let annotations = match value.get("metadata").and_then(|m| m.get("annotations")) {
        Some(Value::Object(m)) => {
            m.iter().filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_owned()))).collect()
        }
        _ => BTreeMap::new(),
    };
    let raw = Raw {
        kind: capitalised(&kind_lower),
        entity: Entity {
            kind: capitalised(&kind_lower),
            namespace,
            name: name.clone(),
            spec_type: opt(&["spec", "type"]),
            lifecycle: opt(&["spec", "lifecycle"]),
            system: opt(&["spec", "system"]),
            owner: opt(&["spec", "owner"]),
        },
        title: opt(&["spec", "profile", "displayName"]).or_else(|| opt(&["metadata", "title"])),
        tags: strings_at(&value, &["metadata", "tags"], &at, &mut findings),
        owner: opt(&["spec", "owner"]),
        depends_on: strings_at(&value, &["spec", "dependsOn"], &at, &mut findings),
        member_of: strings_at(&value, &["spec", "memberOf"], &at, &mut findings),
        members: strings_at(&value, &["spec", "members"], &at, &mut findings),
        annotations,
        place: at,
    };
    if raw.owner.is_none() && matches!(kind_lower.as_str(), "component" | "resource" | "system") {
        if let Some(v) = value.get("spec").and_then(|s| s.get("owner")) {
            findings.push(Finding::new(
                &raw.place,
                "spec.owner",
                format!("is not a string ({v}); left unowned"),
            ));
        }
    }
    draft.findings.extend(findings);
    Some(raw)
}

fn capitalised(kind: &str) -> String {
    match kind {
        "api" => "API".to_owned(),
        _ => crate::analysis::report::capitalise(kind),
    }
}

fn first_line(s: &str) -> String {
    let line = s.lines().find(|l| !l.trim().is_empty()).unwrap_or(s).trim();
    line.chars().take(200).collect()
}

/// Resolves owners, members and dependencies between the entities read.
fn resolve(raws: Vec<Raw>, draft: &mut Draft) {
    let mut seen: BTreeSet<(String, String, String)> = BTreeSet::new();
    let mut raws: Vec<Raw> = raws
        .into_iter()
        .filter(|r| {
            let key = (r.kind.clone(), r.entity.namespace.clone(), r.entity.name.to_ascii_lowercase());
            let fresh = seen.insert(key);
            if !fresh {
                draft.findings.push(Finding::new(
                    &r.place,
                    "metadata.name",
                    format!("{} {} is defined again; this copy is left out", r.kind, r.entity.name),
                ));
            }
            fresh
        })
        .collect();
    // Headcount: the users who name a group in memberOf, and the group's
    // own spec.members, each person once.
    let groups: BTreeMap<(String, String), usize> = raws
        .iter()
        .enumerate()
        .filter(|(_, r)| r.kind == "Group")
        .map(|(i, r)| ((r.entity.namespace.clone(), r.entity.name.to_ascii_lowercase()), i))
        .collect();
    let mut people: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
    for r in raws.iter().filter(|r| r.kind == "User") {
        let person = format!("{}/{}", r.entity.namespace, r.entity.name.to_ascii_lowercase());
        for (i, g) in r.member_of.iter().enumerate() {
            match Ref::parse(g, &r.entity.namespace) {
                Some(rf) if rf.kind.as_deref().is_none_or(|k| k == "group") => {
                    match groups.get(&(rf.namespace.clone(), rf.name.clone())) {
                        Some(&gi) => {
                            people.entry(gi).or_default().insert(person.clone());
                        }
                        None => draft.findings.push(Finding::new(
                            &r.place,
                            format!("spec.memberOf[{i}]"),
                            format!("no Group {} is defined; not counted", rf.text().replace("?:", "group:")),
                        )),
                    }
                }
                _ => draft.findings.push(Finding::new(
                    &r.place,
                    format!("spec.memberOf[{i}]"),
                    format!("{g:?} is not a group reference; not counted"),
                )),
            }
        }
    }
    for (gi, r) in raws.iter().enumerate().filter(|(_, r)| r.kind == "Group") {
        for m in &r.members {
            if let Some(rf) = Ref::parse(m, &r.entity.namespace) {
                people.entry(gi).or_default().insert(format!("{}/{}", rf.namespace, rf.name));
            }
        }
    }

    // Ids: the entity's name, made unique across namespaces and kinds.
    let mut team_ids = BTreeSet::new();
    let mut team_of: BTreeMap<(String, String), TeamId> = BTreeMap::new();
    for (gi, r) in raws.iter().enumerate().filter(|(_, r)| r.kind == "Group") {
        let id = TeamId::new(unique_id(&r.entity.name, &mut team_ids));
        team_of.insert((r.entity.namespace.clone(), r.entity.name.to_ascii_lowercase()), id.clone());
        draft.teams.push(DraftTeam {
            id,
            name: r.title.clone().filter(|t| !t.trim().is_empty()).unwrap_or_else(|| r.entity.name.clone()),
            spec_type: r.entity.spec_type.clone(),
            kind: None,
            headcount: people.get(&gi).map(|p| p.len() as u32),
            on_call: None,
            entity: Some(r.entity.clone()),
            place: r.place.clone(),
        });
    }
    let users: BTreeSet<(String, String)> = raws
        .iter()
        .filter(|r| r.kind == "User")
        .map(|r| (r.entity.namespace.clone(), r.entity.name.to_ascii_lowercase()))
        .collect();

    let mut cap_ids = BTreeSet::new();
    let mut cap_of: BTreeMap<(String, String, String), CapabilityId> = BTreeMap::new();
    let mut by_name: BTreeMap<(String, String), Vec<CapabilityId>> = BTreeMap::new();
    let caps: Vec<usize> =
        raws.iter().enumerate().filter(|(_, r)| is_capability(&r.kind)).map(|(i, _)| i).collect();
    for &i in &caps {
        let r = &raws[i];
        let taken_name = cap_ids.contains(&r.entity.name.to_ascii_lowercase());
        let wanted = if taken_name {
            format!("{}-{}", r.entity.name, r.kind.to_ascii_lowercase())
        } else {
            r.entity.name.clone()
        };
        let id = CapabilityId::new(unique_id(&wanted, &mut cap_ids));
        let key =
            (r.kind.to_ascii_lowercase(), r.entity.namespace.clone(), r.entity.name.to_ascii_lowercase());
        cap_of.insert(key, id.clone());
        by_name.entry((r.entity.namespace.clone(), r.entity.name.to_ascii_lowercase())).or_default().push(id);
    }

    for &i in &caps {
        let r = &mut raws[i];
        let key =
            (r.kind.to_ascii_lowercase(), r.entity.namespace.clone(), r.entity.name.to_ascii_lowercase());
        let id = cap_of[&key].clone();
        let mut owners = Vec::new();
        let mut owner_refs: Vec<(String, String)> = Vec::new();
        match &r.owner {
            Some(o) => owner_refs.push(("spec.owner".to_owned(), o.clone())),
            None => draft.findings.push(Finding::new(&r.place, "spec.owner", "is missing; left unowned")),
        }
        if let Some(co) = r.annotations.get(CO_OWNERS_ANNOTATION) {
            let field = format!("metadata.annotations.{CO_OWNERS_ANNOTATION}");
            owner_refs.extend(
                co.split([',', ' ']).filter(|s| !s.is_empty()).map(|s| (field.clone(), s.to_owned())),
            );
        }
        for (field, o) in owner_refs {
            match Ref::parse(&o, &r.entity.namespace) {
                Some(rf)
                    if rf.kind.as_deref() == Some("user")
                        || (rf.kind.is_none()
                            && users.contains(&(rf.namespace.clone(), rf.name.clone()))
                            && !team_of.contains_key(&(rf.namespace.clone(), rf.name.clone()))) =>
                {
                    draft.findings.push(Finding::new(
                        &r.place,
                        field,
                        format!(
                            "owner {} is a user, not a team; left unowned",
                            rf.text().replace("?:", "user:")
                        ),
                    ));
                }
                Some(rf) if rf.kind.as_deref().is_none_or(|k| k == "group") => {
                    match team_of.get(&(rf.namespace.clone(), rf.name.clone())) {
                        Some(t) if !owners.contains(t) => owners.push(t.clone()),
                        Some(_) => {}
                        None => draft.findings.push(Finding::new(
                            &r.place,
                            field,
                            format!(
                                "owner {} is not defined by any Group in the file; left unowned",
                                rf.text().replace("?:", "group:")
                            ),
                        )),
                    }
                }
                _ => draft.findings.push(Finding::new(
                    &r.place,
                    field,
                    format!("{o:?} is not a group reference; left unowned"),
                )),
            }
        }
        let mut depends_on = Vec::new();
        for (j, d) in r.depends_on.iter().enumerate() {
            let field = format!("spec.dependsOn[{j}]");
            let found = Ref::parse(d, &r.entity.namespace).and_then(|rf| match &rf.kind {
                Some(k) => cap_of.get(&(k.clone(), rf.namespace.clone(), rf.name.clone())).cloned(),
                None => match by_name.get(&(rf.namespace.clone(), rf.name.clone())).map(Vec::as_slice) {
                    Some([one]) => Some(one.clone()),
                    _ => None,
                },
            });
            match found {
                Some(c) if c == id => {
                    draft.findings.push(Finding::new(&r.place, field, "depends on itself; left out"))
                }
                Some(c) if !depends_on.contains(&c) => depends_on.push(c),
                Some(_) => {}
                None => draft.findings.push(Finding::new(
                    &r.place,
                    field,
                    format!("{d:?} is not a Component, Resource or System in the file; dependency left out"),
                )),
            }
        }
        let plays = r.annotations.get(ROLE_ANNOTATION).and_then(|k| {
            let p = CapPlay::from_key(k);
            if p.is_none() {
                draft.findings.push(Finding::new(
                    &r.place,
                    format!("metadata.annotations.{ROLE_ANNOTATION}"),
                    format!(
                        "{k:?} is not a role ({}, service, delivery, reliability, omit); guessed instead",
                        ROLES.map(|x| x.1).join(", ")
                    ),
                ));
            }
            p
        });
        draft.capabilities.push(DraftCap {
            id,
            name: r.title.clone().filter(|t| !t.trim().is_empty()).unwrap_or_else(|| r.entity.name.clone()),
            kind: r.kind.clone(),
            spec_type: r.entity.spec_type.clone(),
            tags: std::mem::take(&mut r.tags),
            owners,
            depends_on,
            plays,
            entity: Some(r.entity.clone()),
            place: r.place.clone(),
        });
    }
}

fn is_capability(kind: &str) -> bool {
    matches!(kind, "Component" | "Resource" | "System")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_split_at_markers_with_their_lines() {
        let text = "# header\n---\nkind: Group\n---\n\n---\nkind: User\n...\n--- {kind: System}\n";
        let docs = documents(text);
        let got: Vec<(usize, usize, &str)> = docs.iter().map(|d| (d.n, d.line, d.text.trim())).collect();
        assert_eq!(got, vec![(1, 3, "kind: Group"), (2, 7, "kind: User"), (3, 9, "{kind: System}")]);
    }

    #[test]
    fn references_read_every_way_backstage_writes_them() {
        let r = |s| Ref::parse(s, "default").map(|r| r.text());
        assert_eq!(r("group:default/platform").as_deref(), Some("group:default/platform"));
        assert_eq!(r("platform").as_deref(), Some("?:default/platform"));
        assert_eq!(r("Group:Ops/SRE").as_deref(), Some("group:ops/sre"));
        assert_eq!(r("user:jdoe").as_deref(), Some("user:default/jdoe"));
        assert_eq!(r(""), None);
        assert_eq!(r("group:"), None);
    }
}
