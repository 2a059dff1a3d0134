//! Bringing a real organisation in: a Backstage software catalog (YAML, one
//! or many documents) or a spreadsheet (CSV) is read into a [`Draft`] — what
//! the input says, with every problem at its document (or line) and field —
//! then a [`Mapping`] says which team is Platform, SRE or product, which
//! capability plays which role and what to leave out, and [`build`] makes a
//! scenario of it that validation accepts. Nothing here touches the board:
//! the page shows the draft and the guessed mapping, and replaces the board
//! only when the user confirms. [`export`] writes a design back as catalog
//! YAML. Pure and browser-free, like the model.

mod backstage;
mod build;
mod export;
mod guess;
mod sheet;

pub use backstage::read_catalog;
pub use build::{build, Built, ASSUMED_HEADCOUNT};
pub use export::export_catalog;
pub use guess::guess_mapping;
pub use sheet::{read_csv, CSV_TEMPLATE};

use crate::model::file::Entity;
use crate::model::{CapabilityId, Layer, Role, TeamId, TeamKind};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// The largest input read, as for scenario files.
pub const MAX_INPUT_BYTES: usize = crate::model::validate::MAX_JSON_BYTES;

/// Where an import's input came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Catalog,
    Csv,
}

impl Format {
    /// The format of a file by its name, then by its first bytes: `.csv` or
    /// a header line naming `type` and `name` is a spreadsheet, anything
    /// else YAML.
    pub fn of(file_name: &str, text: &str) -> Format {
        let lower = file_name.to_ascii_lowercase();
        if lower.ends_with(".csv") || lower.ends_with(".tsv") {
            return Format::Csv;
        }
        if lower.ends_with(".yaml") || lower.ends_with(".yml") {
            return Format::Catalog;
        }
        let first = text.lines().next().unwrap_or("").to_ascii_lowercase();
        if first.contains(',') && first.contains("name") && !first.contains(':') {
            Format::Csv
        } else {
            Format::Catalog
        }
    }
}

/// One problem with the input, where it is and how bad it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// "document 3 (Component payments-api, line 41)" or "line 7".
    pub place: String,
    /// The field, as written in the input: `spec.owner`, `owners`.
    pub field: String,
    pub message: String,
    /// A blocking problem stops the import; the others leave something out
    /// and say what.
    pub blocking: bool,
}

impl Finding {
    pub fn new(place: impl Into<String>, field: impl Into<String>, message: impl Into<String>) -> Self {
        Self { place: place.into(), field: field.into(), message: message.into(), blocking: false }
    }

    pub fn blocking(mut self) -> Self {
        self.blocking = true;
        self
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.place.is_empty(), self.field.is_empty()) {
            (true, true) => write!(f, "{}", self.message),
            (true, false) => write!(f, "{}: {}", self.field, self.message),
            (false, true) => write!(f, "{}: {}", self.place, self.message),
            (false, false) => write!(f, "{}, {}: {}", self.place, self.field, self.message),
        }
    }
}

/// A team as the input describes it.
#[derive(Clone, Debug, PartialEq)]
pub struct DraftTeam {
    pub id: TeamId,
    /// The display name when there is one, else the entity's name.
    pub name: String,
    /// `spec.type` of a Group (`team`, `business-unit`, …), or the CSV's kind.
    pub spec_type: Option<String>,
    /// The kind the input states outright (CSV), which the guess keeps.
    pub kind: Option<TeamKind>,
    /// Users who list the group in `memberOf` (or the group's `spec.members`),
    /// or the CSV's headcount.
    pub headcount: Option<u32>,
    pub on_call: Option<bool>,
    pub entity: Option<Entity>,
    pub place: String,
}

/// A capability as the input describes it.
#[derive(Clone, Debug, PartialEq)]
pub struct DraftCap {
    pub id: CapabilityId,
    pub name: String,
    /// `Component`, `Resource`, `System`, or `capability` for a CSV row.
    pub kind: String,
    pub spec_type: Option<String>,
    pub tags: Vec<String>,
    /// Owners that resolved to a team of the draft.
    pub owners: Vec<TeamId>,
    pub depends_on: Vec<CapabilityId>,
    /// What the input states outright (a CSV's role column, or the
    /// `faultline.dev/role` annotation an export writes), which the guess keeps.
    pub plays: Option<CapPlay>,
    pub entity: Option<Entity>,
    pub place: String,
}

/// What was read, before any mapping.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Draft {
    pub teams: Vec<DraftTeam>,
    pub capabilities: Vec<DraftCap>,
    pub findings: Vec<Finding>,
    /// Entities read by kind ("Group" → 12), or rows for a CSV, for the summary.
    pub counts: BTreeMap<String, usize>,
}

impl Draft {
    /// Whether a problem stops the import whatever the mapping says.
    pub fn blocked(&self) -> bool {
        self.findings.iter().any(|f| f.blocking)
    }

    /// "61 documents: 12 Groups, 38 Users, 45 Components, 6 Resources, 4 Systems".
    pub fn summary(&self) -> String {
        let parts: Vec<String> = self
            .counts
            .iter()
            .filter(|(k, _)| k.as_str() != "documents" && k.as_str() != "rows")
            .map(|(k, n)| format!("{n} {}", plural(k, *n)))
            .collect();
        let head = match (self.counts.get("documents"), self.counts.get("rows")) {
            (Some(&d), _) => format!("{d} {}", plural("document", d)),
            (None, Some(&r)) => format!("{r} {}", plural("row", r)),
            (None, None) => String::new(),
        };
        if parts.is_empty() {
            head
        } else {
            format!("{head}: {}", parts.join(", "))
        }
    }

    pub(crate) fn count(&mut self, what: &str) {
        *self.counts.entry(what.to_owned()).or_default() += 1;
    }
}

fn plural(word: &str, n: usize) -> String {
    match (n, word.strip_suffix('y')) {
        (1, _) => word.to_owned(),
        (_, Some(stem)) if !stem.ends_with(['a', 'e', 'o', 'u']) => format!("{stem}ies"),
        _ => format!("{word}s"),
    }
}

/// The part a team plays on the board, or left out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TeamPlay {
    Kind(TeamKind),
    Omit,
}

/// The part a capability plays: a role (which fixes its layer), a layer with
/// no role, or left out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CapPlay {
    Role(Role),
    Layer(Layer),
    Omit,
}

impl TeamPlay {
    pub const ALL: [TeamPlay; 5] = [
        TeamPlay::Kind(TeamKind::Platform),
        TeamPlay::Kind(TeamKind::Sre),
        TeamPlay::Kind(TeamKind::Product),
        TeamPlay::Kind(TeamKind::Other),
        TeamPlay::Omit,
    ];

    /// The word a mapping file uses: `platform`, `sre`, `product`, `other`, `omit`.
    pub fn key(self) -> &'static str {
        match self {
            TeamPlay::Kind(TeamKind::Platform) => "platform",
            TeamPlay::Kind(TeamKind::Sre) => "sre",
            TeamPlay::Kind(TeamKind::Product) => "product",
            TeamPlay::Kind(TeamKind::Other) => "other",
            TeamPlay::Omit => "omit",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TeamPlay::Kind(k) => k.label(),
            TeamPlay::Omit => "Leave out",
        }
    }

    pub fn from_key(key: &str) -> Option<TeamPlay> {
        let key = key.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        Self::ALL.into_iter().find(|p| p.key() == key)
    }
}

/// Every role, in the catalog's order, with its mapping-file key and label.
pub const ROLES: [(Role, &str, &str); 11] = [
    (Role::ClusterProvisioning, "cluster_provisioning", "Cluster provisioning"),
    (Role::CiPipelines, "ci_pipelines", "CI pipelines"),
    (Role::DeployRollout, "deploy_rollout", "Deploy and rollout"),
    (Role::ServiceTemplates, "service_templates", "Service templates"),
    (Role::IdentityIntegration, "identity_integration", "Identity integration"),
    (Role::DeveloperPortal, "developer_portal", "Developer portal"),
    (Role::UxMeasurement, "ux_measurement", "UX measurement (SLIs)"),
    (Role::SloDefinitions, "slo_definitions", "SLO definitions"),
    (Role::IncidentManagement, "incident_management", "Incident management"),
    (Role::ErrorBudgetPolicy, "error_budget_policy", "Error-budget policy"),
    (Role::Postmortems, "postmortems", "Postmortems"),
];

impl CapPlay {
    /// Every choice, in the order a menu lists them.
    pub fn all() -> Vec<CapPlay> {
        let mut v = vec![CapPlay::Layer(Layer::Service)];
        v.extend(ROLES.iter().map(|r| CapPlay::Role(r.0)));
        v.extend([CapPlay::Layer(Layer::Delivery), CapPlay::Layer(Layer::Reliability), CapPlay::Omit]);
        v
    }

    /// The word a mapping file uses: a role (`deploy_rollout`), a layer with
    /// no role (`service`, `delivery`, `reliability`) or `omit`.
    pub fn key(self) -> &'static str {
        match self {
            CapPlay::Role(r) => ROLES.iter().find(|x| x.0 == r).map_or("", |x| x.1),
            CapPlay::Layer(Layer::Service) => "service",
            CapPlay::Layer(Layer::Delivery) => "delivery",
            CapPlay::Layer(Layer::Reliability) => "reliability",
            CapPlay::Omit => "omit",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CapPlay::Role(r) => ROLES.iter().find(|x| x.0 == r).map_or("", |x| x.2),
            CapPlay::Layer(Layer::Service) => "Product service",
            CapPlay::Layer(Layer::Delivery) => "Other delivery",
            CapPlay::Layer(Layer::Reliability) => "Other reliability",
            CapPlay::Omit => "Leave out",
        }
    }

    pub fn from_key(key: &str) -> Option<CapPlay> {
        let key = key.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        Self::all().into_iter().find(|p| p.key() == key)
    }

    pub fn layer(self) -> Option<Layer> {
        match self {
            CapPlay::Role(r) => Some(r.layer()),
            CapPlay::Layer(l) => Some(l),
            CapPlay::Omit => None,
        }
    }
}

macro_rules! keyed_serde {
    ($t:ty, $what:literal) => {
        impl Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.key())
            }
        }
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                Self::from_key(&s)
                    .ok_or_else(|| serde::de::Error::custom(format!(concat!("unknown ", $what, " {:?}"), s)))
            }
        }
    };
}
keyed_serde!(TeamPlay, "team kind");
keyed_serde!(CapPlay, "capability role");

/// What the user decided in the mapping step, as a file a planning script
/// can keep and repeat (`faultline import catalog.yaml --map mapping.json`).
/// Teams and capabilities it does not name take the guess.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    #[serde(default)]
    pub teams: BTreeMap<TeamId, TeamPlay>,
    #[serde(default)]
    pub capabilities: BTreeMap<CapabilityId, CapPlay>,
}

impl Mapping {
    /// Reads a mapping file, saying where it is wrong.
    pub fn from_json(text: &str) -> Result<Mapping, String> {
        let de = &mut serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize(de).map_err(|e| {
            let path = e.path().to_string();
            format!("mapping {}: {}", if path == "." { "$".to_owned() } else { path }, e.inner())
        })
    }

    pub fn to_json(&self) -> String {
        // Plain data with string keys always serializes.
        serde_json::to_string_pretty(self).expect("mappings always serialize")
    }

    pub fn team(&self, draft: &DraftTeam) -> TeamPlay {
        self.teams.get(&draft.id).copied().unwrap_or(TeamPlay::Kind(TeamKind::Other))
    }

    pub fn cap(&self, draft: &DraftCap) -> CapPlay {
        self.capabilities.get(&draft.id).copied().unwrap_or(CapPlay::Omit)
    }

    /// This mapping over `base`: what it names wins.
    pub fn over(&self, base: &Mapping) -> Mapping {
        let mut m = base.clone();
        if !self.title.is_empty() {
            m.title = self.title.clone();
        }
        m.teams.extend(self.teams.iter().map(|(k, v)| (k.clone(), *v)));
        m.capabilities.extend(self.capabilities.iter().map(|(k, v)| (k.clone(), *v)));
        m
    }
}

/// Whether a chosen file is a Faultline scenario (JSON) rather than a catalog
/// or a spreadsheet: named `.json`, or not named as YAML or CSV and starting
/// with `{` (a saved file whose name lost its extension).
pub fn is_scenario(file_name: &str, bytes: &[u8]) -> bool {
    let lower = file_name.to_ascii_lowercase();
    if lower.ends_with(".json") {
        return true;
    }
    if [".yaml", ".yml", ".csv", ".tsv"].iter().any(|e| lower.ends_with(e)) {
        return false;
    }
    let body = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
}

/// Reads a catalog or a spreadsheet, by its file name and content.
pub fn read_input(file_name: &str, bytes: &[u8]) -> Draft {
    let text = match input_text(bytes) {
        Ok(t) => t,
        Err(f) => return Draft { findings: vec![f], ..Draft::default() },
    };
    match Format::of(file_name, text) {
        Format::Catalog => read_catalog(text),
        Format::Csv => read_csv(text),
    }
}

/// The input as text, refusing what is too large or not text.
pub fn input_text(bytes: &[u8]) -> Result<&str, Finding> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(too_large(bytes.len() as f64));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        Finding::new(
            format!("line {line}"),
            "",
            format!("not UTF-8 text (byte {at}); is this a YAML or CSV file?"),
        )
        .blocking()
    })?;
    if let Some(at) = text.find(|c: char| c == '\0' || (c.is_control() && !matches!(c, '\n' | '\r' | '\t'))) {
        let line = text[..at].matches('\n').count() + 1;
        return Err(Finding::new(
            format!("line {line}"),
            "",
            "holds binary control characters; is this a YAML or CSV file?",
        )
        .blocking());
    }
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text))
}

/// The finding for a file of `bytes` over [`MAX_INPUT_BYTES`].
pub fn too_large(bytes: f64) -> Finding {
    Finding::new(
        "",
        "",
        format!(
            "the file is {:.1} MB; Faultline reads at most {} MB",
            bytes / 1e6,
            MAX_INPUT_BYTES / 1_000_000
        ),
    )
    .blocking()
}

/// A unique id from a name: lower case, runs of anything but letters and
/// digits as one `-`, and `-2`, `-3`… when taken.
pub(crate) fn unique_id(name: &str, taken: &mut std::collections::BTreeSet<String>) -> String {
    let mut base: String = name
        .chars()
        .map(|c| if c.is_alphanumeric() || c == '_' { c.to_ascii_lowercase() } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    base = base.chars().take(60).collect();
    if base.is_empty() {
        base = "item".to_owned();
    }
    let mut id = base.clone();
    let mut n = 2;
    while !taken.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

#[cfg(test)]
mod tests;
