//! The scenario model at its boundary: JSON in, a validated scenario or the
//! full list of problems (with paths) out, and never a panic.
#![cfg(not(target_arch = "wasm32"))]

use faultline::model::{parse, presets, read, validate, Layer, Problem, Role};
use proptest::prelude::*;
use serde_json::{json, Value};

/// A small valid scenario to break in one place at a time.
fn base() -> Value {
    json!({
        "version": 1,
        "title": "Base",
        "teams": [
            { "id": "platform", "name": "Platform", "kind": "platform", "headcount": 6, "on_call": true,
              "time_split": { "feature": 60, "reliability": 20, "toil": 20 } },
            { "id": "sre", "name": "SRE", "kind": "sre", "headcount": 4, "on_call": true,
              "time_split": { "feature": 10, "reliability": 70, "toil": 20 } }
        ],
        "capabilities": [
            { "id": "clusters", "name": "Clusters", "layer": "delivery", "role": "cluster_provisioning" },
            { "id": "deploy", "name": "Deploy", "layer": "delivery", "depends_on": ["clusters"] },
            { "id": "shop", "name": "Shop", "layer": "service", "depends_on": ["deploy"],
              "slo": { "target": 0.999, "window_days": 28 } }
        ],
        "ownership": { "clusters": ["platform"], "deploy": ["platform"], "shop": ["sre"] },
        "failures": [ { "id": "f1", "kind": "rollout_outage", "target": "deploy", "start_hours": 5 } ]
    })
}

/// Applies `edit` to the base scenario and checks the problems reported:
/// each expected (path, fragment of message) must appear, and nothing else.
fn check(edit: impl FnOnce(&mut Value), expected: &[(&str, &str)]) {
    let mut v = base();
    edit(&mut v);
    let problems = match parse(&v.to_string()) {
        Ok(_) => Vec::new(),
        Err(p) => p,
    };
    let shown: Vec<String> = problems.iter().map(Problem::to_string).collect();
    assert_eq!(problems.len(), expected.len(), "got {shown:#?}");
    for (path, fragment) in expected {
        assert!(
            problems.iter().any(|p| p.path == *path && p.message.contains(fragment)),
            "expected {path}: …{fragment}… in {shown:#?}"
        );
    }
}

#[test]
fn the_base_scenario_is_valid() {
    check(|_| {}, &[]);
}

#[test]
fn bad_inputs_report_every_problem_with_its_path() {
    check(|v| v["version"] = json!(3), &[("version", "unknown version 3")]);
    // Version 1 files (no assumptions) still read; overrides are checked by key and range.
    check(|v| v["version"] = json!(1), &[]);
    check(
        |v| v["settings"] = json!({ "assumptions": { "ticket_pickup_hours": 4, "hours_per_weak": 40 } }),
        &[("settings.assumptions.hours_per_weak", "unknown assumption")],
    );
    check(
        |v| v["settings"] = json!({ "assumptions": { "defer_chance": 1.5 } }),
        &[("settings.assumptions.defer_chance", "between 0 and 1")],
    );
    check(|v| v.as_object_mut().unwrap().remove("version").map(|_| ()).unwrap(), &[("version", "missing")]);
    check(|v| v["teams"][1]["id"] = json!("platform"), &[("teams[1].id", "duplicate team id")]);
    check(
        |v| {
            let copy = v["capabilities"][0].clone();
            v["capabilities"].as_array_mut().unwrap().push(copy);
        },
        &[("capabilities[3].id", "duplicate capability id \"clusters\"")],
    );
    check(
        |v| v["teams"][0]["time_split"]["toil"] = json!(30),
        &[("teams[0].time_split", "must sum to 100, not 110")],
    );
    check(
        |v| {
            v["teams"][0]["headcount"] = json!(-3);
            v["teams"][1]["headcount"] = json!(2.5);
        },
        &[("teams[0].headcount", "between 0 and 10000"), ("teams[1].headcount", "whole number")],
    );
    check(
        |v| v["capabilities"][2]["slo"]["target"] = json!(1.0),
        &[("capabilities[2].slo.target", "strictly between 0 and 1")],
    );
    check(
        |v| v["capabilities"][2]["slo"]["target"] = json!(0),
        &[("capabilities[2].slo.target", "strictly between 0 and 1")],
    );
    check(
        |v| v["capabilities"][0]["slo"] = json!({"target": 0.99, "window_days": 28}),
        &[("capabilities[0].slo", "only service")],
    );
    check(
        |v| v["failures"][0]["target"] = json!("nowhere"),
        &[("failures[0].target", "unknown capability \"nowhere\"")],
    );
    check(|v| v["failures"][0]["severity"] = json!(1.5), &[("failures[0].severity", "at most 1")]);
    check(|v| v["failures"][0]["start_hours"] = json!(-1), &[("failures[0].start_hours", "between 0")]);
    check(
        |v| v["capabilities"][0]["depends_on"] = json!(["shop"]),
        &[("capabilities[1].depends_on", "dependency cycle: clusters → shop → deploy → clusters")],
    );
    check(
        |v| v["capabilities"][1]["depends_on"] = json!(["deploy"]),
        &[("capabilities[1].depends_on[0]", "depends on itself")],
    );
    check(
        |v| v["capabilities"][1]["depends_on"] = json!(["ghost"]),
        &[("capabilities[1].depends_on[0]", "unknown capability \"ghost\"")],
    );
    check(|v| v["ownership"]["ghost"] = json!(["sre"]), &[("ownership.ghost", "unknown capability")]);
    check(
        |v| v["capabilities"][0]["layer"] = json!("service"),
        &[("capabilities[0].layer", "belongs to the delivery layer")],
    );
    check(
        |v| v["settings"] = json!({"horizon_days": 0}),
        &[("settings.horizon_days", "horizon must be between")],
    );
    check(|v| v["settings"] = json!({"runs": 1e9}), &[("settings.runs", "between 1 and 100000")]);
    check(
        |v| v["settings"] = json!({"alerts": [{"long_window_minutes": 5, "short_window_minutes": 60, "burn_rate": 14.4, "page": true}]}),
        &[("settings.alerts[0]", "short window must not be longer")],
    );
    check(
        |v| v["teams"][0]["color"] = json!("red;background:url(x)"),
        &[("teams[0].color", "colour must look like")],
    );
    check(|v| v["teams"][0]["name"] = json!("   "), &[("teams[0].name", "name is empty")]);
    // Several problems at once, all reported.
    check(
        |v| {
            v["teams"][0]["time_split"]["feature"] = json!(90);
            v["failures"][0]["target"] = json!("nowhere");
            v["capabilities"][2]["slo"]["target"] = json!(99.9);
        },
        &[
            ("teams[0].time_split", "must sum to 100"),
            ("failures[0].target", "unknown capability"),
            ("capabilities[2].slo.target", "strictly between 0 and 1"),
        ],
    );
}

#[test]
fn structural_errors_name_their_path() {
    check(|v| v["teams"][1]["kind"] = json!("wizards"), &[("teams[1].kind", "unknown variant `wizards`")]);
    check(|v| v["teams"][0]["headcout"] = json!(3), &[("teams[0].headcout", "unknown field `headcout`")]);
    check(|v| v["teams"] = json!("none"), &[("teams", "expected a sequence")]);
    let not_json = read("{\"version\": 1,").unwrap_err();
    assert!(not_json[0].message.starts_with("not valid JSON (line 1, column 14)"), "{not_json:?}");
    let array = read("[1, 2]").unwrap_err();
    assert_eq!(array[0].message, "a scenario must be a JSON object");
}

#[test]
fn an_owner_that_does_not_exist_is_a_warning_not_an_error() {
    let mut v = base();
    v["ownership"]["deploy"] = json!(["platform", "ghost-team"]);
    let sc = parse(&v.to_string()).unwrap();
    assert!(sc
        .warnings
        .iter()
        .any(|w| w.path == "ownership.deploy[1]" && w.message.contains("does not exist")));
    assert_eq!(sc.ghost_owners().count(), 1);
}

#[test]
fn oversized_inputs_are_refused_with_the_limit() {
    let big = " ".repeat(faultline::model::validate::MAX_JSON_BYTES + 1);
    assert!(read(&big).unwrap_err()[0].message.contains("limited to 5 MB"));
    let mut v = base();
    let team = v["teams"][0].clone();
    v["teams"] = Value::Array(
        (0..501)
            .map(|i| {
                let mut t = team.clone();
                t["id"] = json!(format!("t{i}"));
                t
            })
            .collect(),
    );
    let problems = parse(&v.to_string()).unwrap_err();
    assert_eq!(problems[0].to_string(), "teams: 501 teams; the limit is 500");
}

#[test]
fn every_preset_round_trips_and_validates() {
    assert!(presets::PRESETS.len() >= 5);
    for p in presets::PRESETS {
        let file = presets::preset(p.id).unwrap();
        let json = file.to_json();
        let back = read(&json).unwrap();
        assert_eq!(back, file, "{} changed through JSON", p.id);
        assert_eq!(back.to_json(), json);
        let sc = validate(back).unwrap_or_else(|e| panic!("{} is invalid: {e:?}", p.id));
        assert!(
            !p.title.is_empty() && p.teaches.split(". ").count() >= 2,
            "{} must say what it teaches",
            p.id
        );
        let kinds: Vec<_> = sc.failures.iter().map(|f| f.kind).collect();
        assert!(kinds.contains(&faultline::model::FailureKind::SlowProvisioning), "{}", p.id);
        assert!(kinds.contains(&faultline::model::FailureKind::RolloutOutage), "{}", p.id);
    }
}

#[test]
fn presets_tell_their_stories_through_ownership() {
    let sc = |id: &str| validate(presets::preset(id).unwrap()).unwrap();
    let name = |s: &faultline::model::Scenario, t: &[faultline::model::TeamIx]| {
        t.iter().map(|&t| s.team(t).name.clone()).collect::<Vec<_>>()
    };
    let clear = sc("clear-boundary");
    assert!(clear.orphans().is_empty() && clear.shared().is_empty());
    assert_eq!(name(&clear, clear.paved_road_owners()), ["Platform Engineering"]);
    assert_eq!(name(&clear, clear.reliability_deciders()), ["SRE"]);
    assert!(!clear.simple_test_drifting());

    let absorbed = sc("sre-absorbed");
    assert!(absorbed.simple_test_drifting());
    // SRE still owns measurement; what it lacks is hours (engine::capacity).
    assert_eq!(name(&absorbed, absorbed.role_owners(Role::UxMeasurement)), ["SRE"]);

    let no_sre = sc("no-sre");
    assert!(no_sre.reliability_deciders().is_empty());
    assert!(no_sre.teams.iter().all(|t| t.kind != faultline::model::TeamKind::Sre));

    let shared = sc("shared-deploy");
    let deploy = shared.with_role(Role::DeployRollout)[0];
    assert_eq!(shared.shared(), vec![deploy]);
    assert_eq!(name(&shared, shared.owners(deploy)), ["Platform Engineering", "SRE"]);

    let orphaned = sc("orphaned-provisioning");
    let clusters = orphaned.with_role(Role::ClusterProvisioning)[0];
    assert_eq!(orphaned.orphans(), vec![clusters]);
}

#[test]
fn catalog_covers_the_design() {
    let cat = faultline::model::catalog::catalog();
    let roles: Vec<Role> = cat.iter().filter_map(|c| c.role).collect();
    assert_eq!(roles.len(), 11, "every delivery and reliability role appears once");
    assert!(cat.iter().filter(|c| c.layer == Layer::Service).count() >= 3);
    // Services depend on the deploy system and on clusters.
    let sc = validate(presets::preset("clear-boundary").unwrap()).unwrap();
    let clusters = sc.with_role(Role::ClusterProvisioning)[0];
    assert_eq!(sc.affected_services(clusters).len(), 3);
}

#[test]
fn failure_kinds_fill_in_their_defaults() {
    let mut v = base();
    v["failures"] = json!([{ "id": "x", "kind": "latency_creep", "target": "shop", "start_hours": 0 }]);
    let sc = parse(&v.to_string()).unwrap();
    let d = faultline::model::FailureKind::LatencyCreep.defaults();
    let f = &sc.failures[0];
    assert_eq!(
        (f.shape, f.severity, f.duration_s),
        (d.shape, d.severity, (d.duration_hours * 3600.0) as i64)
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = parse(&text);
    }

    #[test]
    fn arbitrary_json_never_panics(v in arb_json()) {
        let _ = parse(&v.to_string());
        // Also as a scenario with the right version, so validation runs deeper.
        let mut obj = serde_json::Map::new();
        obj.insert("version".into(), json!(1));
        obj.insert("teams".into(), v.clone());
        obj.insert("capabilities".into(), v.clone());
        obj.insert("ownership".into(), v);
        let _ = parse(&Value::Object(obj).to_string());
    }

    #[test]
    fn mutated_presets_never_panic(path in 0usize..64, value in arb_json()) {
        let mut v: Value = serde_json::from_str(&presets::preset("no-sre").unwrap().to_json()).unwrap();
        // Replace one leaf-ish field somewhere in the document.
        let mut slots: Vec<&mut Value> = Vec::new();
        collect(&mut v, &mut slots);
        let n = slots.len();
        *slots[path % n] = value;
        let _ = parse(&v.to_string());
    }
}

fn collect<'a>(v: &'a mut Value, out: &mut Vec<&'a mut Value>) {
    match v {
        Value::Object(m) => m.values_mut().for_each(|x| collect(x, out)),
        Value::Array(a) => a.iter_mut().for_each(|x| collect(x, out)),
        other => out.push(other),
    }
}

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<f64>().prop_filter("finite", |x| x.is_finite()).prop_map(|x| json!(x)),
        any::<i64>().prop_map(|x| json!(x)),
        "[a-z_]{0,8}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::btree_map("[a-z_]{1,8}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}
