//! From bytes to a validated [`Scenario`] in two layers: [`read`] parses the
//! text leniently into a [`ScenarioFile`], [`validate`] checks every rule and
//! reports every problem at once, each with its JSON path. Neither panics,
//! whatever the input.
//!
//! Whatever the input, the report stays small enough to read: a key named
//! twice is an error (see [`super::json`]), a message quotes at most the first
//! [`QUOTE_CHARS`] characters of a value, a list holds at most
//! [`MAX_PROBLEMS`] problems, and dependency cycles are reported once per
//! tangle, shortest first, at most [`MAX_CYCLES`] of them.

use super::file::*;
use super::graph;
use super::ids::{CapIx, CapabilityId, FailureId, TeamId, TeamIx};
use super::json::{self, Step};
use super::kinds::FailureKind;
use super::scenario::*;
use crate::engine::assumptions::{self, Assumptions};
use crate::engine::Budget;
use rustc_hash::FxHashMap;
use serde::Serialize;
use serde_json::Value;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// Largest scenario text accepted, in bytes.
pub const MAX_JSON_BYTES: usize = 5_000_000;
pub const MAX_TEAMS: usize = 500;
pub const MAX_CAPABILITIES: usize = 5_000;
pub const MAX_FAILURES: usize = 10_000;
pub const MAX_HORIZON_DAYS: f64 = 3_650.0;
/// The longest horizon in hours: no failure starts or lasts longer.
pub const MAX_HORIZON_HOURS: f64 = MAX_HORIZON_DAYS * crate::time::HOURS_PER_DAY;
/// The shortest failure, in hours: a minute.
pub const MIN_FAILURE_HOURS: f64 = 1.0 / 60.0;
/// A team box's coordinates and sizes on the board, in pixels, either way:
/// past this a typo (1e300) would make a board nobody can scroll.
pub const MAX_COORD: f64 = 100_000.0;
pub const MAX_RUNS: f64 = 100_000.0;
pub const MAX_HEADCOUNT: f64 = 10_000.0;
pub const MAX_NAME_CHARS: usize = 200;
pub const MAX_ALERT_RULES: usize = 16;
/// Events one incident logs, about: it begins, is detected, handed over,
/// mitigated, filed and closed (measured over the presets: 5 to 7).
pub const EVENTS_PER_INCIDENT: f64 = 6.0;
/// Background incidents per day; more would make a run's memory unbounded.
pub const MAX_BACKGROUND_RATE: f64 = 1_000.0;
/// A service's peak traffic in requests per second: ten million is more
/// than the busiest single service serves.
pub const MAX_TRAFFIC_RPS: f64 = 10_000_000.0;

/// The path of the document itself, as in JSONPath.
pub const ROOT: &str = "$";
/// Problems (or warnings) reported at most, in document order; one more at
/// [`ROOT`] says how many were left out.
pub const MAX_PROBLEMS: usize = 100;
/// Characters of a user's value a message quotes before `…` and its length.
pub const QUOTE_CHARS: usize = 40;
/// Dependency cycles reported at most, shortest first.
pub const MAX_CYCLES: usize = 10;
/// Capability ids shown of one dependency cycle.
pub const MAX_CYCLE_IDS: usize = 10;
/// Bytes of one message and one path, whatever they hold; with
/// [`MAX_PROBLEMS`] they keep a whole report under 64 KB.
const MAX_MESSAGE_BYTES: usize = 400;
const MAX_PATH_BYTES: usize = 200;

/// One thing wrong with a scenario: where it is and what is wrong, in a
/// sentence a person can act on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// JSON path such as `teams[2].time_split`; [`ROOT`] (`$`) for the whole
    /// document.
    pub path: String,
    pub message: String,
}

impl Problem {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self { path: path.into(), message: message.into() }
    }

    /// Whether the problem is with the document as a whole.
    pub fn is_root(&self) -> bool {
        self.path == ROOT
    }
}

impl fmt::Display for Problem {
    /// `path: message`, or the message alone for the whole document, whose
    /// path says nothing to a person.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_root() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// A user's value in a message: `"text"`, or when it is long, its first
/// [`QUOTE_CHARS`] characters, `…` and its length, as in
/// `"aaaa…" (1,000,000 characters)`.
pub(super) fn quote(s: &str) -> String {
    match s.char_indices().nth(QUOTE_CHARS) {
        None => format!("{s:?}"),
        Some((cut, _)) => {
            let q = format!("{:?}", &s[..cut]);
            format!("{}…\" ({} characters)", &q[..q.len() - 1], thousands(s.chars().count()))
        }
    }
}

/// A user's text shown bare (an id in a chain, a key in a path): itself, or
/// its first [`QUOTE_CHARS`] characters and `…`.
pub(super) fn clip(s: &str) -> Cow<'_, str> {
    match s.char_indices().nth(QUOTE_CHARS) {
        None => Cow::Borrowed(s),
        Some((cut, _)) => Cow::Owned(format!("{}…", &s[..cut])),
    }
}

/// A count with thousands separators: 1,000,000.
fn thousands(n: usize) -> String {
    crate::engine::thousands(n as u64)
}

/// A JSON value in a message: a string quoted as by [`quote`], anything else
/// as compact JSON, clipped.
fn shown(v: &Value) -> String {
    match v {
        Value::String(s) => quote(s),
        Value::Array(_) | Value::Object(_) => clip(&v.to_string()).into_owned(),
        other => other.to_string(),
    }
}

/// serde's messages quote the value they refuse in full (`invalid type:
/// string "…"`, ``unknown field `…` ``); this shortens every quoted run longer
/// than [`QUOTE_CHARS`] characters as [`quote`] does (counting the characters
/// as shown, escapes included). A run it cannot pair up is left to the cut
/// on a message's length.
fn shorten_quoted(message: &str) -> String {
    let mut out = String::new();
    let mut rest = message;
    while let Some(open) = rest.find(['"', '`']) {
        let delimiter = rest.as_bytes()[open];
        out.push_str(&rest[..open]);
        let body = &rest[open + 1..];
        // A double-quoted run is Rust's debug form, so `\"` does not close it.
        let mut close = None;
        let mut escaped = false;
        for (i, b) in body.bytes().enumerate() {
            match b {
                b'\\' if delimiter == b'"' && !escaped => escaped = true,
                _ if b == delimiter && !escaped => {
                    close = Some(i);
                    break;
                }
                _ => escaped = false,
            }
        }
        let Some(close) = close else {
            out.push_str(&rest[open..]);
            return out;
        };
        let inner = &body[..close];
        let d = delimiter as char;
        match inner.char_indices().nth(QUOTE_CHARS) {
            None => out.push_str(&format!("{d}{inner}{d}")),
            Some((cut, _)) => out.push_str(&format!(
                "{d}{}…{d} ({} characters)",
                &inner[..cut],
                thousands(inner.chars().count())
            )),
        }
        rest = &body[close + 1..];
    }
    out.push_str(rest);
    out
}

/// Cuts text to at most `max` bytes on a character boundary, ending in `…`.
fn cut(text: &mut String, max: usize) {
    if text.len() > max {
        let mut end = max - '…'.len_utf8();
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        text.push('…');
    }
}

/// The report as shown: at most [`MAX_PROBLEMS`] problems in the order
/// found, then one at [`ROOT`] counting the rest; every path and message cut
/// to its bound.
fn bounded(mut list: Vec<Problem>, left_out: usize, what: &str) -> Vec<Problem> {
    let left_out = left_out + list.len().saturating_sub(MAX_PROBLEMS);
    list.truncate(MAX_PROBLEMS);
    if left_out > 0 {
        let s = if left_out == 1 { "" } else { "s" };
        list.push(Problem::new(ROOT, format!("… and {} more {what}{s}", thousands(left_out))));
    }
    for p in &mut list {
        cut(&mut p.path, MAX_PATH_BYTES);
        cut(&mut p.message, MAX_MESSAGE_BYTES);
    }
    list
}

/// Parses and validates scenario text in one step.
pub fn parse(text: &str) -> Result<Scenario, Vec<Problem>> {
    validate(read(text)?)
}

/// Reads scenario text into the file model, checking size, JSON syntax
/// (a key named twice in an object is an error), version and field types.
/// The first such error stops reading, so it is reported alone, with its path.
pub fn read(text: &str) -> Result<ScenarioFile, Vec<Problem>> {
    read_unbounded(text).map_err(|p| bounded(vec![p], 0, "problem"))
}

fn read_unbounded(text: &str) -> Result<ScenarioFile, Problem> {
    if text.len() > MAX_JSON_BYTES {
        return Err(Problem::new(
            ROOT,
            // In bytes: just over the limit would round to the limit in MB.
            format!(
                "the file is {} bytes; scenarios are limited to {} MB ({} bytes)",
                crate::engine::thousands(text.len() as u64),
                MAX_JSON_BYTES / 1_000_000,
                crate::engine::thousands(MAX_JSON_BYTES as u64)
            ),
        ));
    }
    let Value::Object(mut object) = json::parse(text)? else {
        return Err(Problem::new(ROOT, "a scenario must be a JSON object"));
    };
    // A version is read by its value, so `1.0` is version 1; `"1"` and `1.5` are not versions.
    let readable = |v: &Value| {
        let x = v.as_f64()?;
        READABLE_VERSIONS.into_iter().find(|&r| f64::from(r) == x)
    };
    match object.get("version") {
        None => {
            return Err(Problem::new(
                "version",
                format!("missing; this build reads versions 1 and {SCHEMA_VERSION}"),
            ))
        }
        Some(v) => match readable(v) {
            Some(r) => {
                object.insert("version".into(), Value::from(r));
            }
            None => {
                return Err(Problem::new(
                    "version",
                    format!("unknown version {}; this build reads versions 1 and {SCHEMA_VERSION}", shown(v)),
                ))
            }
        },
    }
    let mut file: ScenarioFile = typed(Value::Object(object))?;
    // A version 1 file is a version 2 file with no overrides; it is written back as version 2.
    file.version = SCHEMA_VERSION;
    Ok(file)
}

/// Any JSON document of the app's own (a story's saved progress, a
/// workshop's message between windows) read as scenarios are read: a key
/// named twice is refused, and the first field that does not fit is
/// reported at its path.
pub fn read_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, Problem> {
    typed(json::parse(text)?)
}

/// A parsed document as a typed value, or the first field that does not
/// fit, at its path. Scenarios and stories are read through here.
pub(crate) fn typed<T: serde::de::DeserializeOwned>(value: Value) -> Result<T, Problem> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let at = json::path(e.path().iter().map(|s| match s {
            serde_path_to_error::Segment::Seq { index } => Step::Index(*index),
            serde_path_to_error::Segment::Map { key }
            | serde_path_to_error::Segment::Enum { variant: key } => Step::Key(key),
            serde_path_to_error::Segment::Unknown => Step::Key("?"),
        }));
        Problem::new(at, shorten_quoted(&e.inner().to_string()))
    })
}

/// How large a scenario may be. User input always gets [`Limits::USER`];
/// benchmarks of generated organisations may go beyond it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub teams: usize,
    pub capabilities: usize,
    pub failures: usize,
}

impl Limits {
    pub const USER: Limits =
        Limits { teams: MAX_TEAMS, capabilities: MAX_CAPABILITIES, failures: MAX_FAILURES };
    pub const NONE: Limits = Limits { teams: usize::MAX, capabilities: usize::MAX, failures: usize::MAX };
}

/// Checks every rule of the schema and resolves ids into indices; every
/// problem found is returned, each with the path of what it is about.
///
/// ```
/// use faultline_core::model::{presets::preset, validate};
///
/// let mut file = preset("clear-boundary").unwrap();
/// assert!(validate(file.clone()).is_ok());
/// file.teams[0].headcount = -1.0;
/// let problems = validate(file).unwrap_err();
/// assert_eq!(problems[0].path, "teams[0].headcount");
/// ```
pub fn validate(file: ScenarioFile) -> Result<Scenario, Vec<Problem>> {
    validate_with_limits(file, Limits::USER)
}

/// [`validate`] with other size limits.
pub fn validate_with_limits(file: ScenarioFile, limits: Limits) -> Result<Scenario, Vec<Problem>> {
    let mut v = Validator { problems: Vec::new(), warnings: Vec::new(), errors: 0, warned: 0, limits };
    let scenario = v.run(&file);
    if v.errors == 0 {
        let mut scenario = scenario.expect("a validator with no problems always builds a scenario");
        let kept = v.warnings.len();
        scenario.warnings = bounded(v.warnings, v.warned - kept, "warning");
        scenario.file = file;
        Ok(scenario)
    } else {
        let kept = v.problems.len();
        Err(bounded(v.problems, v.errors - kept, "problem"))
    }
}

/// Checks the file in document order (title, teams, capabilities and their
/// cycles, ownership, failures, settings), so the problems kept when there
/// are too many are the first ones in the file.
struct Validator {
    /// The first [`MAX_PROBLEMS`] problems; `errors` counts them all.
    problems: Vec<Problem>,
    warnings: Vec<Problem>,
    errors: usize,
    warned: usize,
    limits: Limits,
}

impl Validator {
    fn err(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.errors += 1;
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(Problem::new(path, message));
        }
    }

    fn warn(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.warned += 1;
        if self.warnings.len() < MAX_PROBLEMS {
            self.warnings.push(Problem::new(path, message));
        }
    }

    /// Checks a number is finite and within `[lo, hi]`; returns it if so.
    fn number(&mut self, path: &str, x: f64, lo: f64, hi: f64, what: &str) -> Option<f64> {
        if !x.is_finite() {
            self.err(path, format!("{what} must be a finite number"));
            None
        } else if x < lo || x > hi {
            self.err(path, format!("{what} must be between {lo} and {hi}, not {x}"));
            None
        } else {
            Some(x)
        }
    }

    fn whole(&mut self, path: &str, x: f64, lo: f64, hi: f64, what: &str) -> Option<u32> {
        let x = self.number(path, x, lo, hi, what)?;
        if x.fract() != 0.0 {
            self.err(path, format!("{what} must be a whole number, not {x}"));
            return None;
        }
        Some(x as u32)
    }

    fn id(&mut self, path: &str, id: &str, what: &str) {
        if id.is_empty() {
            self.err(path, format!("{what} id is empty"));
        } else if id.chars().count() > 64 {
            self.err(path, format!("{what} id is longer than 64 characters"));
        }
    }

    fn name(&mut self, path: &str, name: &str) {
        if name.trim().is_empty() {
            self.err(path, "name is empty");
        } else if name.chars().count() > MAX_NAME_CHARS {
            self.err(path, format!("name is longer than {MAX_NAME_CHARS} characters"));
        }
    }

    fn run(&mut self, f: &ScenarioFile) -> Option<Scenario> {
        let l = self.limits;
        if f.teams.len() > l.teams {
            self.err("teams", format!("{} teams; the limit is {}", f.teams.len(), l.teams));
        }
        if f.capabilities.len() > l.capabilities {
            self.err(
                "capabilities",
                format!("{} capabilities; the limit is {}", f.capabilities.len(), l.capabilities),
            );
        }
        if f.failures.len() > l.failures {
            self.err("failures", format!("{} failures; the limit is {}", f.failures.len(), l.failures));
        }
        if self.errors > 0 {
            return None;
        }
        if f.title.chars().count() > MAX_NAME_CHARS {
            self.err("title", format!("title is longer than {MAX_NAME_CHARS} characters"));
        }

        let teams = self.teams(f);
        // With duplicate ids the first one wins, so a duplicate is reported
        // once and does not cascade into confusing follow-on problems.
        let mut team_ix: BTreeMap<TeamId, TeamIx> = BTreeMap::new();
        for (i, t) in f.teams.iter().enumerate() {
            team_ix.entry(t.id.clone()).or_insert(TeamIx(i as u32));
        }
        let mut cap_ix: BTreeMap<CapabilityId, CapIx> = BTreeMap::new();
        for (i, c) in f.capabilities.iter().enumerate() {
            cap_ix.entry(c.id.clone()).or_insert(CapIx(i as u32));
        }
        // Hashing a short id is cheaper than comparing it a dozen times, and a
        // large file looks up hundreds of thousands of dependencies: with
        // rustc's hasher, 15 ms for 650,000 natively, against 33 ms with SipHash.
        let by_id: FxHashMap<&str, CapIx> = cap_ix.iter().map(|(id, &ix)| (id.as_str(), ix)).collect();
        let mut caps = self.capabilities(f, &by_id);
        self.cycles(&caps);
        let ghosts = self.ownership(f, &team_ix, &cap_ix, &mut caps);
        let failures = self.failures(f, &cap_ix);
        let settings = self.settings(&f.settings);
        if self.errors > 0 {
            return None;
        }
        let settings = settings?;
        self.expected_events(failures.len(), &settings);
        for (i, fl) in failures.iter().enumerate() {
            if fl.start_s >= settings.horizon_s {
                self.warn(
                    format!("failures[{i}].start_hours"),
                    "starts after the horizon, so it never happens in a run",
                );
            }
        }
        let dependents = graph::direct_dependents(&caps);
        for (i, c) in caps.iter().enumerate() {
            if c.layer == Layer::Service && c.slo.is_none() {
                self.warn(
                    format!("capabilities[{i}].slo"),
                    format!("service {} has no SLO target", clip(c.id.as_str())),
                );
            }
        }
        let mut owns = vec![false; teams.len()];
        for t in caps.iter().flat_map(|c| &c.owners) {
            owns[t.get()] = true;
        }
        for (i, t) in teams.iter().enumerate() {
            if !owns[i] {
                self.warn(format!("teams[{i}]"), format!("team {} owns no capability", clip(&t.name)));
            }
        }
        let roles = caps.iter().enumerate().filter_map(|(i, c)| c.role.map(|r| (r, CapIx(i as u32)))).fold(
            BTreeMap::new(),
            |mut m: BTreeMap<_, Vec<CapIx>>, (r, i)| {
                m.entry(r).or_default().push(i);
                m
            },
        );
        let mut scenario = Scenario {
            file: ScenarioFile {
                version: SCHEMA_VERSION,
                title: String::new(),
                description: String::new(),
                teams: Vec::new(),
                capabilities: Vec::new(),
                ownership: BTreeMap::new(),
                failures: Vec::new(),
                settings: Settings::default(),
                catalog: None,
            },
            teams,
            caps,
            failures,
            settings,
            team_ix,
            cap_ix,
            roles,
            affected: std::sync::OnceLock::new(),
            dependents,
            ghosts,
            role_owner_cache: BTreeMap::new(),
            layer_owner_cache: Vec::new(),
            plausible_cache: Vec::new(),
            warnings: Vec::new(),
        };
        scenario.derive();
        Some(scenario)
    }

    fn teams(&mut self, f: &ScenarioFile) -> Vec<ResolvedTeam> {
        let mut seen = BTreeSet::new();
        let mut out = Vec::with_capacity(f.teams.len());
        for (i, t) in f.teams.iter().enumerate() {
            let p = format!("teams[{i}]");
            self.id(&format!("{p}.id"), t.id.as_str(), "team");
            if !seen.insert(&t.id) {
                self.err(format!("{p}.id"), format!("duplicate team id {}", quote(t.id.as_str())));
            }
            self.name(&format!("{p}.name"), &t.name);
            let headcount =
                self.whole(&format!("{p}.headcount"), t.headcount, 0.0, MAX_HEADCOUNT, "headcount");
            let s = t.time_split;
            let parts = [("feature", s.feature), ("reliability", s.reliability), ("toil", s.toil)];
            let mut ok = true;
            for (name, x) in parts {
                ok &= self.number(&format!("{p}.time_split.{name}"), x, 0.0, 100.0, "a time share").is_some();
            }
            if ok && (s.feature + s.reliability + s.toil - 100.0).abs() > 0.01 {
                self.err(
                    format!("{p}.time_split"),
                    format!(
                        "feature, reliability and toil must sum to 100, not {}",
                        s.feature + s.reliability + s.toil
                    ),
                );
            }
            if let Some(r) = t.rect {
                for (name, x) in [("x", r.x), ("y", r.y), ("w", r.w), ("h", r.h)] {
                    self.number(&format!("{p}.rect.{name}"), x, -MAX_COORD, MAX_COORD, "a coordinate");
                }
            }
            if let Some(c) = &t.color {
                if !is_hex_colour(c) {
                    self.err(
                        format!("{p}.color"),
                        format!("colour must look like #1f77b4, not {}", quote(c)),
                    );
                }
            }
            out.push(ResolvedTeam {
                id: t.id.clone(),
                name: t.name.clone(),
                kind: t.kind,
                headcount: headcount.unwrap_or(0),
                on_call: t.on_call,
                split: t.time_split,
            });
        }
        out
    }

    fn capabilities(&mut self, f: &ScenarioFile, cap_ix: &FxHashMap<&str, CapIx>) -> Vec<ResolvedCapability> {
        let mut seen = BTreeSet::new();
        let mut out = Vec::with_capacity(f.capabilities.len());
        // listed[d] == i when capability i already lists d: a repeat is
        // dropped in constant time, however long the list.
        let mut listed = vec![usize::MAX; f.capabilities.len()];
        for (i, c) in f.capabilities.iter().enumerate() {
            let p = format!("capabilities[{i}]");
            self.id(&format!("{p}.id"), c.id.as_str(), "capability");
            if !seen.insert(&c.id) {
                self.err(format!("{p}.id"), format!("duplicate capability id {}", quote(c.id.as_str())));
            }
            self.name(&format!("{p}.name"), &c.name);
            if let Some(role) = c.role {
                if role.layer() != c.layer {
                    self.err(
                        format!("{p}.layer"),
                        format!(
                            "a capability with role {role:?} belongs to the {} layer",
                            role.layer().label()
                        ),
                    );
                }
            }
            let mut deps = Vec::with_capacity(c.depends_on.len());
            for (j, d) in c.depends_on.iter().enumerate() {
                match cap_ix.get(d.as_str()) {
                    Some(&ix) if ix.get() == i => {
                        self.err(
                            format!("{p}.depends_on[{j}]"),
                            format!("{} depends on itself", clip(c.id.as_str())),
                        );
                    }
                    Some(&ix) => {
                        if listed[ix.get()] != i {
                            listed[ix.get()] = i;
                            deps.push(ix);
                        }
                    }
                    None => self.err(
                        format!("{p}.depends_on[{j}]"),
                        format!("unknown capability {}", quote(d.as_str())),
                    ),
                }
            }
            if let Some(slo) = c.slo {
                if c.layer != Layer::Service {
                    self.err(format!("{p}.slo"), "only service capabilities carry an SLO");
                }
                if !(slo.target.is_finite() && slo.target > 0.0 && slo.target < 1.0) {
                    self.err(
                        format!("{p}.slo.target"),
                        format!(
                            "SLO target must be strictly between 0 and 1 (0.999 for 99.9%), not {}",
                            slo.target
                        ),
                    );
                }
                self.number(&format!("{p}.slo.window_days"), slo.window_days, 1.0, 365.0, "SLO window");
            }
            if let Some(rps) = c.traffic_rps {
                let tp = format!("{p}.traffic_rps");
                if c.layer != Layer::Service {
                    self.err(&tp, "only service capabilities carry traffic");
                }
                if !(rps.is_finite() && rps > 0.0 && rps <= MAX_TRAFFIC_RPS) {
                    self.err(
                        tp,
                        format!(
                            "traffic is requests per second, more than 0 and at most {}, not {rps}",
                            crate::engine::thousands(MAX_TRAFFIC_RPS as u64)
                        ),
                    );
                }
            }
            out.push(ResolvedCapability {
                id: c.id.clone(),
                name: c.name.clone(),
                layer: c.layer,
                role: c.role,
                deps,
                slo: c.slo,
                traffic_rps: c.traffic_rps,
                owners: Vec::new(),
            });
        }
        out
    }

    fn ownership(
        &mut self,
        f: &ScenarioFile,
        team_ix: &BTreeMap<TeamId, TeamIx>,
        cap_ix: &BTreeMap<CapabilityId, CapIx>,
        caps: &mut [ResolvedCapability],
    ) -> Vec<(CapabilityId, TeamId)> {
        let mut ghosts = Vec::new();
        // listed[t] == c when capability c's list already names team t.
        let mut listed = vec![usize::MAX; f.teams.len()];
        for (cap, owners) in &f.ownership {
            let p = json::path([Step::Key("ownership"), Step::Key(cap.as_str())]);
            let Some(&ci) = cap_ix.get(cap) else {
                self.err(p, format!("unknown capability {}", quote(cap.as_str())));
                continue;
            };
            for (j, t) in owners.iter().enumerate() {
                match team_ix.get(t) {
                    Some(&ti) if listed[ti.get()] == ci.get() => {
                        self.err(format!("{p}[{j}]"), format!("team {} is listed twice", quote(t.as_str())))
                    }
                    Some(&ti) => {
                        listed[ti.get()] = ci.get();
                        caps[ci.get()].owners.push(ti);
                    }
                    // A stale owner is a finding about the design, not a broken
                    // file: keep the scenario loadable and report it.
                    None => {
                        self.warn(
                            format!("{p}[{j}]"),
                            format!("team {} does not exist; it owns nothing", quote(t.as_str())),
                        );
                        ghosts.push((cap.clone(), t.clone()));
                    }
                }
            }
        }
        ghosts
    }

    /// Reports dependency cycles: one for each tangle of capabilities that
    /// depend on one another (a strongly connected component), as the
    /// shortest cycle found in it; the shortest first, at most [`MAX_CYCLES`].
    /// However many back edges a long chain has, the work is linear in its
    /// edges plus a fixed budget, and the report is a few lines.
    fn cycles(&mut self, caps: &[ResolvedCapability]) {
        let found = graph::shortest_cycles(caps);
        for (cycle, size) in found.iter().take(MAX_CYCLES) {
            let (Some(&first), Some(&last)) = (cycle.first(), cycle.last()) else { continue };
            let id = |n: usize| clip(caps[n].id.as_str());
            let mut chain: Vec<Cow<'_, str>> = cycle.iter().take(MAX_CYCLE_IDS).map(|&n| id(n)).collect();
            chain.push(if cycle.len() > MAX_CYCLE_IDS {
                Cow::Owned(format!("… ({} capabilities in all)", thousands(cycle.len())))
            } else {
                id(first)
            });
            let mut message = format!("dependency cycle: {}", chain.join(" → "));
            if *size > cycle.len() {
                message.push_str(&format!(
                    ", one of the loops among {} capabilities that depend on one another",
                    thousands(*size)
                ));
            }
            // The last capability's dependency closes the cycle.
            self.err(format!("capabilities[{last}].depends_on"), message);
        }
        if found.len() > MAX_CYCLES {
            self.err(
                "capabilities",
                format!("… and {} more dependency cycles", thousands(found.len() - MAX_CYCLES)),
            );
        }
    }

    fn failures(&mut self, f: &ScenarioFile, cap_ix: &BTreeMap<CapabilityId, CapIx>) -> Vec<ResolvedFailure> {
        let mut seen: BTreeSet<&FailureId> = BTreeSet::new();
        let mut out = Vec::with_capacity(f.failures.len());
        for (i, fl) in f.failures.iter().enumerate() {
            let p = format!("failures[{i}]");
            self.id(&format!("{p}.id"), fl.id.as_str(), "failure");
            if !seen.insert(&fl.id) {
                self.err(format!("{p}.id"), format!("duplicate failure id {}", quote(fl.id.as_str())));
            }
            let target = cap_ix.get(&fl.target).copied();
            if target.is_none() {
                self.err(format!("{p}.target"), format!("unknown capability {}", quote(fl.target.as_str())));
            }
            let d = fl.kind.defaults();
            let start =
                self.number(&format!("{p}.start_hours"), fl.start_hours, 0.0, MAX_HORIZON_HOURS, "start");
            let severity = match fl.severity {
                Some(s) if !(s.is_finite() && s > 0.0 && s <= 1.0) => {
                    self.err(
                        format!("{p}.severity"),
                        format!(
                            "severity is the fraction of bad events, greater than 0 and at most 1, not {s}"
                        ),
                    );
                    None
                }
                Some(s) => Some(s),
                None => Some(d.severity),
            };
            let duration = match fl.duration_hours {
                Some(h) => self.number(
                    &format!("{p}.duration_hours"),
                    h,
                    MIN_FAILURE_HOURS,
                    MAX_HORIZON_HOURS,
                    "duration",
                ),
                None => Some(d.duration_hours),
            };
            if let (Some(target), Some(start), Some(severity), Some(duration)) =
                (target, start, severity, duration)
            {
                out.push(ResolvedFailure {
                    id: fl.id.clone(),
                    kind: fl.kind,
                    target,
                    start_s: hours_to_s(start),
                    severity,
                    shape: fl.shape.unwrap_or(d.shape),
                    duration_s: hours_to_s(duration).max(1),
                });
            }
        }
        out
    }

    /// Warns when a run is expected to log more events than a run may
    /// ([`Budget::RUN`]): failures begun over the horizon, each recurring
    /// while unfixed at most once per mean recurrence interval, at about
    /// [`EVENTS_PER_INCIDENT`] events each. Such a run stops early, cleanly,
    /// and says so; the warning says it before anything runs.
    fn expected_events(&mut self, failures: usize, s: &ResolvedSettings) {
        let days = crate::time::days(s.horizon_s);
        let begun = failures as f64 + s.background_rate_per_day * days;
        let occurrences = 1.0 + s.recurrence_mean_days.map_or(0.0, |mean| days / mean);
        let events = begun * occurrences * EVENTS_PER_INCIDENT;
        let budget = Budget::RUN.events as f64;
        if events > budget {
            self.warn(
                "settings.background_rate_per_day",
                format!(
                    "a run could log about {} events ({} failures begun over {} days{}), more than the {} a run \
                     may: runs would stop early and cover only the time before. Lower the background rate, raise \
                     recurrence_mean_days or shorten the horizon.",
                    thousands(events.min(1e18) as usize),
                    thousands(begun.round() as usize),
                    days,
                    s.recurrence_mean_days
                        .map_or(String::new(), |m| format!(", each coming back every {m} days while unfixed")),
                    thousands(budget as usize),
                ),
            );
        }
    }

    fn settings(&mut self, s: &Settings) -> Option<ResolvedSettings> {
        let p = "settings";
        let horizon = self.number(
            &format!("{p}.horizon_days"),
            s.horizon_days,
            1.0 / 24.0,
            MAX_HORIZON_DAYS,
            "horizon",
        );
        let runs = self.whole(&format!("{p}.runs"), s.runs, 1.0, MAX_RUNS, "number of runs");
        let rate = self.number(
            &format!("{p}.background_rate_per_day"),
            s.background_rate_per_day,
            0.0,
            MAX_BACKGROUND_RATE,
            "background rate",
        );
        if s.alerts.len() > MAX_ALERT_RULES {
            self.err(
                format!("{p}.alerts"),
                format!("{} alert rules; the limit is {MAX_ALERT_RULES}", s.alerts.len()),
            );
        }
        let mut alerts = Vec::new();
        for (i, a) in s.alerts.iter().enumerate() {
            let ap = format!("{p}.alerts[{i}]");
            let long = self.number(
                &format!("{ap}.long_window_minutes"),
                a.long_window_minutes,
                1.0,
                43_200.0,
                "window",
            );
            let short = self.number(
                &format!("{ap}.short_window_minutes"),
                a.short_window_minutes,
                1.0,
                43_200.0,
                "window",
            );
            let burn = self.number(&format!("{ap}.burn_rate"), a.burn_rate, 0.01, 10_000.0, "burn rate");
            if let (Some(long), Some(short), Some(burn)) = (long, short, burn) {
                if short > long {
                    self.err(&ap, "the short window must not be longer than the long window");
                }
                alerts.push(ResolvedAlertRule {
                    long_s: crate::time::from_minutes(long),
                    short_s: crate::time::from_minutes(short),
                    burn_rate: burn,
                    page: a.page,
                });
            }
        }
        let responders = match s.responders {
            Some(r) => self.whole(&format!("{p}.responders"), r, 1.0, 1_000.0, "responders").map(Some),
            None => Some(None),
        };
        if let Some(m) = s.mitigation {
            let mp = format!("{p}.mitigation");
            match m {
                ServiceTime::Exponential { mean_minutes } => {
                    self.number(&format!("{mp}.mean_minutes"), mean_minutes, 0.01, 1e6, "mean");
                }
                ServiceTime::Lognormal { median_minutes, sigma } => {
                    self.number(&format!("{mp}.median_minutes"), median_minutes, 0.01, 1e6, "median");
                    self.number(&format!("{mp}.sigma"), sigma, 0.0, 5.0, "sigma");
                }
            }
        }
        let threshold =
            self.number(&format!("{p}.policy_threshold"), s.policy_threshold, 0.0, 1.0, "policy threshold");
        let hops = self.whole(&format!("{p}.max_hops"), s.max_hops, 1.0, 20.0, "maximum hand-offs");
        let recurrence = match s.recurrence_mean_days {
            Some(d) => {
                self.number(&format!("{p}.recurrence_mean_days"), d, 0.01, 10_000.0, "recurrence").map(Some)
            }
            None => Some(None),
        };
        let kinds = match &s.background_kinds {
            Some(k) if k.is_empty() => {
                self.err(
                    format!("{p}.background_kinds"),
                    "list at least one kind, or leave it out for every kind",
                );
                Vec::new()
            }
            Some(k) => k.clone(),
            None => FailureKind::ALL.to_vec(),
        };
        let mut assumptions = Assumptions::default();
        for (key, &value) in &s.assumptions {
            let path = json::path([Step::Key(p), Step::Key("assumptions"), Step::Key(key)]);
            match assumptions::find(key) {
                None => self.err(
                    path,
                    format!("unknown assumption {}; `faultline assumptions` lists them", quote(key)),
                ),
                Some(row) => {
                    if let Some(v) = self.number(&path, value, row.min, row.max, row.key) {
                        if v < row.low || v > row.high {
                            self.warn(
                                path,
                                format!(
                                    "{v} is outside the plausible range {} to {} {}",
                                    row.low, row.high, row.unit
                                ),
                            );
                        }
                        assumptions.set(key, v);
                    }
                }
            }
        }
        Some(ResolvedSettings {
            assumptions,
            horizon_s: hours_to_s(horizon? * 24.0),
            seed: s.seed,
            runs: runs?,
            background_rate_per_day: rate?,
            background_kinds: kinds,
            alerts,
            responders: responders?,
            mitigation: s.mitigation,
            policy_threshold: threshold?,
            max_hops: hops?,
            recurrence_mean_days: recurrence?,
        })
    }
}

fn hours_to_s(h: f64) -> i64 {
    crate::time::from_hours(h)
}

/// Whether `c` is a team colour: `#rgb` or `#rrggbb`, nothing else, so
/// that it can be written into a style attribute as it is.
pub fn is_hex_colour(c: &str) -> bool {
    let hex = c.strip_prefix('#').unwrap_or("");
    matches!(hex.len(), 3 | 6) && hex.chars().all(|ch| ch.is_ascii_hexdigit())
}
