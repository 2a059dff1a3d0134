//! From bytes to a validated [`Scenario`] in two layers: [`read`] parses the
//! text leniently into a [`ScenarioFile`], [`validate`] checks every rule and
//! reports every problem at once, each with its JSON path. Neither panics,
//! whatever the input.

use super::file::*;
use super::ids::{CapIx, CapabilityId, FailureId, TeamId, TeamIx};
use super::kinds::FailureKind;
use super::scenario::*;
use crate::engine::assumptions::{self, Assumptions};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// Largest scenario text accepted, in bytes.
pub const MAX_JSON_BYTES: usize = 5_000_000;
pub const MAX_TEAMS: usize = 500;
pub const MAX_CAPABILITIES: usize = 5_000;
pub const MAX_FAILURES: usize = 10_000;
pub const MAX_HORIZON_DAYS: f64 = 3_650.0;
pub const MAX_RUNS: f64 = 100_000.0;
pub const MAX_HEADCOUNT: f64 = 10_000.0;
pub const MAX_NAME_CHARS: usize = 200;
pub const MAX_ALERT_RULES: usize = 16;
/// Background incidents per day; more would make a run's memory unbounded.
pub const MAX_BACKGROUND_RATE: f64 = 1_000.0;

/// One thing wrong with a scenario: where it is and what is wrong, in a
/// sentence a person can act on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// JSON path such as `teams[2].time_split`; empty for the whole document.
    pub path: String,
    pub message: String,
}

impl Problem {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self { path: path.into(), message: message.into() }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// Parses and validates scenario text in one step.
pub fn parse(text: &str) -> Result<Scenario, Vec<Problem>> {
    validate(read(text)?)
}

/// Reads scenario text into the file model, checking size, JSON syntax,
/// version and field types. The first type error stops reading, so it is
/// reported alone, with its path.
pub fn read(text: &str) -> Result<ScenarioFile, Vec<Problem>> {
    if text.len() > MAX_JSON_BYTES {
        return Err(vec![Problem::new(
            "",
            format!(
                "the file is {:.1} MB; scenarios are limited to {} MB",
                text.len() as f64 / 1e6,
                MAX_JSON_BYTES / 1_000_000
            ),
        )]);
    }
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        vec![Problem::new(
            "",
            format!("not valid JSON (line {}, column {}): {}", e.line(), e.column(), strip_position(&e)),
        )]
    })?;
    let Some(object) = value.as_object() else {
        return Err(vec![Problem::new("", "a scenario must be a JSON object")]);
    };
    match object.get("version") {
        None => {
            return Err(vec![Problem::new(
                "version",
                format!("missing; this build reads versions 1 and {SCHEMA_VERSION}"),
            )])
        }
        Some(v) if v.as_u64().is_some_and(|n| READABLE_VERSIONS.iter().any(|&r| u64::from(r) == n)) => {}
        Some(v) => {
            return Err(vec![Problem::new(
                "version",
                format!("unknown version {v}; this build reads versions 1 and {SCHEMA_VERSION}"),
            )])
        }
    }
    let mut file: ScenarioFile = serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." { String::new() } else { path };
        vec![Problem::new(path, e.inner().to_string())]
    })?;
    // A version 1 file is a version 2 file with no overrides; it is written back as version 2.
    file.version = SCHEMA_VERSION;
    Ok(file)
}

fn strip_position(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.find(" at line ") {
        Some(i) => s[..i].to_owned(),
        None => s,
    }
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

/// Checks every rule of the schema and resolves ids into indices.
pub fn validate(file: ScenarioFile) -> Result<Scenario, Vec<Problem>> {
    validate_with_limits(file, Limits::USER)
}

/// [`validate`] with other size limits.
pub fn validate_with_limits(file: ScenarioFile, limits: Limits) -> Result<Scenario, Vec<Problem>> {
    let mut v = Validator { problems: Vec::new(), warnings: Vec::new(), limits };
    let scenario = v.run(&file);
    if v.problems.is_empty() {
        let mut scenario = scenario.expect("a validator with no problems always builds a scenario");
        scenario.warnings = v.warnings;
        scenario.file = file;
        Ok(scenario)
    } else {
        Err(v.problems)
    }
}

struct Validator {
    problems: Vec<Problem>,
    warnings: Vec<Problem>,
    limits: Limits,
}

impl Validator {
    fn err(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem::new(path, message));
    }

    fn warn(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.warnings.push(Problem::new(path, message));
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
        if !self.problems.is_empty() {
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
        let mut caps = self.capabilities(f, &cap_ix);
        let ghosts = self.ownership(f, &team_ix, &cap_ix, &mut caps);
        self.cycles(f, &caps);
        let failures = self.failures(f, &cap_ix);
        let settings = self.settings(&f.settings);
        if !self.problems.is_empty() {
            return None;
        }
        let settings = settings?;
        for (i, fl) in failures.iter().enumerate() {
            if fl.start_s >= settings.horizon_s {
                self.warn(
                    format!("failures[{i}].start_hours"),
                    "starts after the horizon, so it never happens in a run",
                );
            }
        }
        let dependents = direct_dependents(&caps);
        let affected = affected_services(&caps, &dependents);
        for (i, c) in caps.iter().enumerate() {
            if c.layer == Layer::Service && c.slo.is_none() {
                self.warn(format!("capabilities[{i}].slo"), format!("service {} has no SLO target", c.id));
            }
        }
        for (i, t) in teams.iter().enumerate() {
            if !caps.iter().any(|c| c.owners.contains(&TeamIx(i as u32))) {
                self.warn(format!("teams[{i}]"), format!("team {} owns no capability", t.name));
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
            },
            teams,
            caps,
            failures,
            settings,
            team_ix,
            cap_ix,
            roles,
            affected,
            dependents: dependents.iter().map(|d| d.iter().map(|&i| CapIx(i as u32)).collect()).collect(),
            ghosts,
            role_owner_cache: BTreeMap::new(),
            layer_owner_cache: Vec::new(),
            plausible_cache: Vec::new(),
            warnings: Vec::new(),
        };
        scenario.derive();
        Some(scenario)
    }

    fn teams(&mut self, f: &ScenarioFile) -> Vec<TeamR> {
        let mut seen = BTreeSet::new();
        let mut out = Vec::with_capacity(f.teams.len());
        for (i, t) in f.teams.iter().enumerate() {
            let p = format!("teams[{i}]");
            self.id(&format!("{p}.id"), t.id.as_str(), "team");
            if !seen.insert(&t.id) {
                self.err(format!("{p}.id"), format!("duplicate team id {:?}", t.id.as_str()));
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
                    self.number(&format!("{p}.rect.{name}"), x, -100_000.0, 100_000.0, "a coordinate");
                }
            }
            if let Some(c) = &t.color {
                if !is_css_hex(c) {
                    self.err(format!("{p}.color"), format!("colour must look like #1f77b4, not {c:?}"));
                }
            }
            out.push(TeamR {
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

    fn capabilities(&mut self, f: &ScenarioFile, cap_ix: &BTreeMap<CapabilityId, CapIx>) -> Vec<CapR> {
        let mut seen = BTreeSet::new();
        let mut out = Vec::with_capacity(f.capabilities.len());
        for (i, c) in f.capabilities.iter().enumerate() {
            let p = format!("capabilities[{i}]");
            self.id(&format!("{p}.id"), c.id.as_str(), "capability");
            if !seen.insert(&c.id) {
                self.err(format!("{p}.id"), format!("duplicate capability id {:?}", c.id.as_str()));
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
            let mut deps = Vec::new();
            for (j, d) in c.depends_on.iter().enumerate() {
                match cap_ix.get(d) {
                    Some(&ix) if ix.get() == i => {
                        self.err(format!("{p}.depends_on[{j}]"), format!("{} depends on itself", c.id));
                    }
                    Some(&ix) => {
                        if !deps.contains(&ix) {
                            deps.push(ix);
                        }
                    }
                    None => self
                        .err(format!("{p}.depends_on[{j}]"), format!("unknown capability {:?}", d.as_str())),
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
            out.push(CapR {
                id: c.id.clone(),
                name: c.name.clone(),
                layer: c.layer,
                role: c.role,
                deps,
                slo: c.slo,
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
        caps: &mut [CapR],
    ) -> Vec<(CapabilityId, TeamId)> {
        let mut ghosts = Vec::new();
        for (cap, owners) in &f.ownership {
            let p = format!("ownership.{cap}");
            let Some(&ci) = cap_ix.get(cap) else {
                self.err(p, format!("unknown capability {:?}", cap.as_str()));
                continue;
            };
            for (j, t) in owners.iter().enumerate() {
                match team_ix.get(t) {
                    Some(&ti) if caps[ci.get()].owners.contains(&ti) => {
                        self.err(format!("{p}[{j}]"), format!("team {:?} is listed twice", t.as_str()))
                    }
                    Some(&ti) => caps[ci.get()].owners.push(ti),
                    // A stale owner is a finding about the design, not a broken
                    // file: keep the scenario loadable and report it.
                    None => {
                        self.warn(
                            format!("{p}[{j}]"),
                            format!("team {:?} does not exist; it owns nothing", t.as_str()),
                        );
                        ghosts.push((cap.clone(), t.clone()));
                    }
                }
            }
        }
        ghosts
    }

    /// Reports each dependency cycle once, as the chain of ids that closes it.
    fn cycles(&mut self, f: &ScenarioFile, caps: &[CapR]) {
        #[derive(Clone, Copy, PartialEq)]
        enum Mark {
            New,
            Active,
            Done,
        }
        let mut mark = vec![Mark::New; caps.len()];
        for start in 0..caps.len() {
            if mark[start] != Mark::New {
                continue;
            }
            // Iterative depth-first search, so a deep chain cannot overflow the stack.
            let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
            mark[start] = Mark::Active;
            while let Some(&mut (node, ref mut next)) = stack.last_mut() {
                if let Some(&dep) = caps[node].deps.get(*next) {
                    *next += 1;
                    match mark[dep.get()] {
                        Mark::New => {
                            mark[dep.get()] = Mark::Active;
                            stack.push((dep.get(), 0));
                        }
                        Mark::Active => {
                            let from = stack.iter().position(|&(n, _)| n == dep.get()).unwrap_or(0);
                            let mut chain: Vec<&str> =
                                stack[from..].iter().map(|&(n, _)| f.capabilities[n].id.as_str()).collect();
                            chain.push(f.capabilities[dep.get()].id.as_str());
                            self.err(
                                format!("capabilities[{node}].depends_on"),
                                format!("dependency cycle: {}", chain.join(" → ")),
                            );
                        }
                        Mark::Done => {}
                    }
                } else {
                    mark[node] = Mark::Done;
                    stack.pop();
                }
            }
        }
    }

    fn failures(&mut self, f: &ScenarioFile, cap_ix: &BTreeMap<CapabilityId, CapIx>) -> Vec<FailureR> {
        let mut seen: BTreeSet<&FailureId> = BTreeSet::new();
        let mut out = Vec::with_capacity(f.failures.len());
        for (i, fl) in f.failures.iter().enumerate() {
            let p = format!("failures[{i}]");
            self.id(&format!("{p}.id"), fl.id.as_str(), "failure");
            if !seen.insert(&fl.id) {
                self.err(format!("{p}.id"), format!("duplicate failure id {:?}", fl.id.as_str()));
            }
            let target = cap_ix.get(&fl.target).copied();
            if target.is_none() {
                self.err(format!("{p}.target"), format!("unknown capability {:?}", fl.target.as_str()));
            }
            let d = fl.kind.defaults();
            let start = self.number(
                &format!("{p}.start_hours"),
                fl.start_hours,
                0.0,
                MAX_HORIZON_DAYS * 24.0,
                "start",
            );
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
                    1.0 / 60.0,
                    MAX_HORIZON_DAYS * 24.0,
                    "duration",
                ),
                None => Some(d.duration_hours),
            };
            if let (Some(target), Some(start), Some(severity), Some(duration)) =
                (target, start, severity, duration)
            {
                out.push(FailureR {
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

    fn settings(&mut self, s: &Settings) -> Option<SettingsR> {
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
                alerts.push(AlertRuleR {
                    long_s: (long * 60.0).round() as i64,
                    short_s: (short * 60.0).round() as i64,
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
            let path = format!("{p}.assumptions.{key}");
            match assumptions::find(key) {
                None => self
                    .err(path, format!("unknown assumption \"{key}\"; `faultline assumptions` lists them")),
                Some(row) => {
                    if let Some(v) = self.number(&path, value, row.min, row.max, row.key) {
                        if v < row.low || v > row.high {
                            self.warnings.push(Problem::new(
                                path,
                                format!(
                                    "{v} is outside the plausible range {} to {} {}",
                                    row.low, row.high, row.unit
                                ),
                            ));
                        }
                        assumptions.set(key, v);
                    }
                }
            }
        }
        Some(SettingsR {
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
    (h * 3600.0).round() as i64
}

fn is_css_hex(c: &str) -> bool {
    let hex = c.strip_prefix('#').unwrap_or("");
    matches!(hex.len(), 3 | 6) && hex.chars().all(|ch| ch.is_ascii_hexdigit())
}

/// Reverse dependency edges: for each capability, who depends on it directly.
fn direct_dependents(caps: &[CapR]) -> Vec<Vec<usize>> {
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); caps.len()];
    for (i, c) in caps.iter().enumerate() {
        for d in &c.deps {
            dependents[d.get()].push(i);
        }
    }
    dependents
}

/// For each capability, the services that depend on it directly or through
/// others (a service is affected by its own failure too). Assumes no cycles.
fn affected_services(caps: &[CapR], dependents: &[Vec<usize>]) -> Vec<Vec<CapIx>> {
    let mut out = Vec::with_capacity(caps.len());
    let mut seen = vec![u32::MAX; caps.len()];
    for start in 0..caps.len() {
        let mut hit = Vec::new();
        let mut stack = vec![start];
        seen[start] = start as u32;
        while let Some(n) = stack.pop() {
            if caps[n].layer == Layer::Service {
                hit.push(CapIx(n as u32));
            }
            for &m in &dependents[n] {
                if seen[m] != start as u32 {
                    seen[m] = start as u32;
                    stack.push(m);
                }
            }
        }
        hit.sort();
        out.push(hit);
    }
    out
}
