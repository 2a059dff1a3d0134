//! The scenario model at its boundary: JSON in, a validated scenario or the
//! full list of problems (with paths) out, and never a panic.
#![cfg(not(target_arch = "wasm32"))]

use faultline::model::{parse, presets, read, validate, CapIx, Layer, Problem, Role};
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
    check_text(&v.to_string(), expected);
}

/// [`check`] for scenario text that a [`Value`] cannot hold, such as an
/// object with a key twice.
fn check_text(text: &str, expected: &[(&str, &str)]) {
    let problems = match parse(text) {
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
    // The one colour rule, which the board's drawing and the editor use too:
    // #rgb or #rrggbb, no alpha, no keywords.
    for bad in ["teal", "#abcd", "#12345", "1f77b4", "#1f77b4ff"] {
        check(|v| v["teams"][0]["color"] = json!(bad), &[("teams[0].color", "colour must look like")]);
    }
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
fn traffic_is_a_services_positive_finite_requests_per_second() {
    check(|v| v["capabilities"][2]["traffic_rps"] = json!(2_500), &[]);
    check(|v| v["capabilities"][2]["traffic_rps"] = json!(0.5), &[]);
    check(|v| v["capabilities"][2]["traffic_rps"] = json!(10_000_000), &[]);
    for bad in [json!(0), json!(-3), json!(10_000_001), json!(1e300)] {
        check(
            |v| v["capabilities"][2]["traffic_rps"] = bad.clone(),
            &[("capabilities[2].traffic_rps", "more than 0 and at most 10,000,000")],
        );
    }
    check(
        |v| v["capabilities"][2]["traffic_rps"] = json!("lots"),
        &[("capabilities[2].traffic_rps", "expected f64")],
    );
    check(
        |v| v["capabilities"][1]["traffic_rps"] = json!(100),
        &[("capabilities[1].traffic_rps", "only service capabilities carry traffic")],
    );
    // Both at once: a delivery capability with a negative traffic.
    check(
        |v| v["capabilities"][0]["traffic_rps"] = json!(-1),
        &[
            ("capabilities[0].traffic_rps", "only service capabilities carry traffic"),
            ("capabilities[0].traffic_rps", "more than 0"),
        ],
    );
    let mut v = base();
    v["capabilities"][2]["traffic_rps"] = json!(250);
    let sc = parse(&v.to_string()).expect("valid");
    assert_eq!(sc.cap(CapIx(2)).traffic_rps, Some(250.0));
    assert_eq!(sc.cap(CapIx(1)).traffic_rps, None);
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
        .warnings()
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
        let kinds: Vec<_> = sc.failures().iter().map(|f| f.kind).collect();
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
    assert!(no_sre.teams().iter().all(|t| t.kind != faultline::model::TeamKind::Sre));

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
    let f = &sc.failures()[0];
    assert_eq!(
        (f.shape, f.severity, f.duration_s),
        (d.shape, d.severity, (d.duration_hours * 3600.0) as i64)
    );
}

/// Scenario text with one more member, `"key": value`, last in the object at
/// the JSON pointer `at`: what a [`Value`] cannot hold when the key is there.
fn with_member(mut v: Value, at: &str, key: &str, value: &str) -> String {
    let object = v.pointer_mut(at).and_then(Value::as_object_mut).expect("the pointer names an object");
    object.insert("~member~".into(), Value::Null);
    v.to_string().replacen("\"~member~\":null", &format!("{}:{value}", json!(key)), 1)
}

#[test]
fn a_key_twice_is_an_error_at_its_object() {
    // Without this, the second, empty list of teams would silently replace the real one.
    check_text(&with_member(base(), "", "teams", "[]"), &[("$", "the key \"teams\" appears twice")]);
    check_text(
        &with_member(base(), "/teams/1", "name", "\"Other\""),
        &[("teams[1]", "the key \"name\" appears twice")],
    );
    check_text(&with_member(base(), "/ownership", "deploy", "[]"), &[("ownership", "the key \"deploy\"")]);
    check_text(
        &with_member(base(), "/capabilities/2/slo", "target", "0.5"),
        &[("capabilities[2].slo", "the key \"target\" appears twice")],
    );
    // At any depth, even inside a value the schema would refuse anyway.
    let mut v = base();
    v["teams"][0]["rect"] = json!([[{ "x": 1 }]]);
    check_text(&with_member(v, "/teams/0/rect/0/0", "x", "2"), &[("teams[0].rect[0][0]", "the key \"x\"")]);
    // Syntax errors keep their position, and serde_json's recursion limit still holds.
    let not_json = read("{\"teams\": [}, \"teams\": []}").unwrap_err();
    assert!(not_json[0].message.starts_with("not valid JSON (line 1, column 12)"), "{not_json:?}");
    let deep = read(&"[".repeat(100_000)).unwrap_err();
    assert!(deep[0].message.contains("recursion limit"), "{deep:?}");
}

#[test]
fn a_version_is_read_by_its_value() {
    check(|v| v["version"] = json!(1.0), &[]);
    check(|v| v["version"] = json!(2.0), &[]);
    check(|v| v["version"] = json!(2), &[]);
    check(|v| v["version"] = json!(1.5), &[("version", "unknown version 1.5")]);
    check(|v| v["version"] = json!("1"), &[("version", "unknown version \"1\"")]);
    check(|v| v["version"] = json!(3.0), &[("version", "unknown version 3.0")]);
    check(|v| v["version"] = json!(-1), &[("version", "unknown version -1")]);
    assert_eq!(read(&base().to_string().replace("\"version\":1", "\"version\":1e0")).unwrap().version, 2);
}

#[test]
fn problems_with_the_whole_document_are_at_the_root() {
    let cases = [
        ("[1, 2]".to_owned(), "a scenario must be a JSON object"),
        ("{\"version\": 1,".to_owned(), "not valid JSON (line 1, column 14)"),
        ("{\"version\": 1, \"capabilities\": []}".to_owned(), "missing field `teams`"),
        (" ".repeat(faultline::model::validate::MAX_JSON_BYTES + 1), "limited to 5 MB"),
    ];
    for (text, fragment) in cases {
        let problems = read(&text).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].path, "$", "{problems:?}");
        assert!(problems[0].message.contains(fragment), "{problems:?}");
        // Shown to a person, the root needs no name.
        assert_eq!(problems[0].to_string(), problems[0].message);
    }
    assert_eq!(Problem::new("teams[0]", "x").to_string(), "teams[0]: x");
}

#[test]
fn problems_quote_only_a_prefix_of_long_values() {
    let big = "a".repeat(1_000_000);
    let mut texts = Vec::new();
    // Every leaf of the base scenario in turn (strings, numbers, booleans) as a 1 MB string.
    let leaves = {
        let mut v = base();
        let mut slots = Vec::new();
        collect(&mut v, &mut slots);
        slots.len()
    };
    for k in 0..leaves {
        let mut v = base();
        let mut slots = Vec::new();
        collect(&mut v, &mut slots);
        *slots[k] = json!(big);
        texts.push(v.to_string());
    }
    // 1 MB keys: an unknown field, an ownership entry, an assumption, a key twice.
    let keyed: [fn(&mut Value, &str); 4] = [
        |v, k| v[k] = json!(1),
        |v, k| v["ownership"][k] = json!(["sre"]),
        |v, k| v["settings"] = json!({ "assumptions": { k: 1 } }),
        |v, k| v["teams"][0]["rect"] = json!({ k: 1 }),
    ];
    for edit in keyed {
        let mut v = base();
        edit(&mut v, &big);
        texts.push(v.to_string());
    }
    let mut v = base();
    v["ownership"][&big] = json!(["sre"]);
    texts.push(with_member(v, "/ownership", &big, "[]"));
    // Values only validation reads, four at once.
    let mut v = base();
    v["capabilities"][1]["depends_on"] = json!([big]);
    v["failures"][0]["target"] = json!(big);
    v["teams"][0]["color"] = json!(big);
    v["settings"] = json!({ "assumptions": { &big: 1 } });
    texts.push(v.to_string());
    // An owner that does not exist is a warning; it is bounded too.
    let mut v = base();
    v["ownership"]["shop"] = json!(["sre", big]);
    texts.push(v.to_string());
    for (i, text) in texts.iter().enumerate() {
        assert!(text.len() < faultline::model::validate::MAX_JSON_BYTES, "case {i}");
        let reported = match parse(text) {
            Ok(sc) => sc.warnings().to_vec(),
            Err(problems) => problems,
        };
        assert!(!reported.is_empty(), "case {i}: a 1 MB value is always worth a problem or a warning");
        for p in &reported {
            // The value is quoted by its first 40 characters, never cut off
            // by the bound on a message's length; serde's list of the variants
            // it expected may take a message past 300 bytes.
            let shown = p.to_string();
            assert!(
                shown.len() <= 360 && !shown.contains(&big[..41]),
                "case {i}: {} bytes: {shown:.500}",
                shown.len()
            );
        }
    }
    let mut v = base();
    v["version"] = json!(big);
    let problems = read(&v.to_string()).unwrap_err();
    let prefix = "a".repeat(40);
    assert!(
        problems[0].message.contains(&format!("\"{prefix}…\" (1,000,000 characters)")),
        "{:.300}",
        problems[0].message
    );
}

#[test]
fn problem_lists_are_capped_in_document_order() {
    use faultline::model::validate::MAX_PROBLEMS;
    let mut v = base();
    let team = v["teams"][0].clone();
    v["teams"] = Value::Array(
        (0..300)
            .map(|i| {
                let mut t = team.clone();
                t["id"] = json!(format!("t{i}"));
                t["headcount"] = json!(-1);
                t
            })
            .collect(),
    );
    v["settings"] = json!({ "runs": 0 });
    v["title"] = json!("t".repeat(300));
    let problems = parse(&v.to_string()).unwrap_err();
    assert_eq!(problems.len(), MAX_PROBLEMS + 1);
    assert_eq!(problems[0].path, "title");
    assert_eq!(problems[1].path, "teams[0].headcount");
    assert_eq!(problems[MAX_PROBLEMS - 1].path, format!("teams[{}].headcount", MAX_PROBLEMS - 2));
    let last = &problems[MAX_PROBLEMS];
    assert_eq!((last.path.as_str(), last.message.as_str()), ("$", "… and 202 more problems"));
}

/// Short ids for generated capabilities (base 36), so that a file with
/// hundreds of thousands of dependencies stays within the size limit.
fn short_id(mut i: usize) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut s = Vec::new();
    loop {
        s.push(DIGITS[i % 36]);
        i /= 36;
        if i == 0 {
            break;
        }
    }
    s.iter().rev().map(|&b| b as char).collect()
}

/// The base scenario's teams with `n` generated capabilities, all owned by
/// the platform team; capability `i` depends on those `deps(i)` names, and
/// every tenth is a service with an SLO.
fn generated(n: usize, deps: impl Fn(usize) -> Vec<usize>) -> String {
    generated_value(n, deps).to_string()
}

/// [`generated`] as a [`Value`], to edit before writing.
fn generated_value(n: usize, deps: impl Fn(usize) -> Vec<usize>) -> Value {
    let caps = (0..n).map(|i| {
        let mut c = json!({ "id": short_id(i), "name": format!("C{i}"), "layer": "delivery",
            "depends_on": deps(i).into_iter().map(short_id).collect::<Vec<_>>() });
        if i % 10 == 0 {
            c["layer"] = json!("service");
            c["slo"] = json!({ "target": 0.999, "window_days": 28 });
        }
        c
    });
    let mut v = base();
    v["capabilities"] = caps.collect();
    v["ownership"] = (0..n).map(|i| (short_id(i), json!(["platform"]))).collect();
    v["failures"] = json!([]);
    v
}

/// The report as the CLI prints it, in bytes.
fn report_bytes(problems: &[Problem]) -> usize {
    problems.iter().map(|p| p.to_string().len() + 1).sum()
}

#[test]
fn dependency_cycles_are_reported_once_each_shortest_first_and_bounded() {
    // One long chain with back edges: the 51-long loop through each jump of
    // 50, and longer ones back to every 180th capability.
    for (n, among) in [(1_500, "among 1,500 capabilities"), (4_500, "among 4,500 capabilities")] {
        let text = generated(n, |i| {
            let mut d: Vec<usize> = (i + 1 < n).then_some(i + 1).into_iter().collect();
            d.extend(i.checked_sub(50));
            d.extend((0..25).map(|m| m * 180).filter(|&j| j + 50 < i));
            d
        });
        let problems = parse(&text).unwrap_err();
        let bytes = report_bytes(&problems);
        assert!(
            bytes < 64_000,
            "{n}: {bytes} bytes in {} problems, {} KB of input",
            problems.len(),
            text.len() / 1000
        );
        let cycles: Vec<&Problem> =
            problems.iter().filter(|p| p.message.contains("dependency cycle")).collect();
        assert_eq!(cycles.len(), 1, "{n}: one tangle, one report: {problems:#?}");
        let first = &cycles[0].message;
        assert!(first.contains("(51 capabilities in all)") && first.contains(among), "{first}");
        assert!(cycles[0].message.matches('→').count() <= 10, "{}", cycles[0]);
    }
    // Many separate loops: the shortest first, and only so many.
    let text = generated(603, |i| match i {
        0..=2 => vec![(i + 1) % 3],
        _ if i % 2 == 1 => vec![i + 1],
        _ => vec![i - 1],
    });
    let problems = parse(&text).unwrap_err();
    let shown: Vec<String> = problems.iter().map(Problem::to_string).collect();
    assert!(report_bytes(&problems) < 64_000, "{shown:#?}");
    assert_eq!(shown[0], "capabilities[4].depends_on: dependency cycle: 3 → 4 → 3", "{shown:#?}");
    assert!(shown.iter().any(|s| s.contains("more dependency cycles")), "{shown:#?}");
    assert!(!shown.iter().any(|s| s.contains("0 → 1 → 2 → 0")), "the longer loop waits: {shown:#?}");
}

#[test]
fn a_large_legal_file_validates_with_every_dependency() {
    // 5,000 capabilities, each depending on the next 130: about 650,000 edges in 4 MB.
    let n = 5_000;
    let text = generated(n, |i| (i + 1..n.min(i + 131)).collect());
    assert!((3_900_000..5_000_000).contains(&text.len()), "{} bytes", text.len());
    let sc = parse(&text).unwrap_or_else(|e| panic!("{:?}", &e[..e.len().min(3)]));
    assert!(sc.caps().iter().map(|c| c.deps.len()).sum::<usize>() > 640_000);
    // Every capability before the last depends on it, directly or not, so its failure reaches every service.
    assert_eq!(sc.affected_services(CapIx(n as u32 - 1)).len(), n / 10);
    assert_eq!(sc.affected_services(CapIx(11)), [CapIx(0), CapIx(10)]);
    assert_eq!(sc.affected_services(CapIx(0)), [CapIx(0)]);
}

/// The services each capability's failure reaches, the slow way: every
/// capability that depends on it, directly or through others.
fn reached_services(sc: &faultline::model::Scenario, c: CapIx) -> Vec<CapIx> {
    let mut seen = vec![false; sc.caps().len()];
    let mut stack = vec![c];
    seen[c.get()] = true;
    while let Some(x) = stack.pop() {
        for &d in sc.dependents(x) {
            if !std::mem::replace(&mut seen[d.get()], true) {
                stack.push(d);
            }
        }
    }
    sc.cap_ixs().filter(|x| seen[x.get()] && sc.cap(*x).layer == Layer::Service).collect()
}

#[test]
fn a_failure_reaches_every_service_above_it_however_many() {
    // 1,500 services in a chain: more than one pass of the bit sets.
    let mut v = generated_value(1_500, |i| (i + 1..1_500.min(i + 3)).collect());
    for c in v["capabilities"].as_array_mut().unwrap() {
        c["layer"] = json!("service");
        c["slo"] = json!({ "target": 0.99, "window_days": 28 });
    }
    let sc = parse(&v.to_string()).unwrap();
    for c in [0, 1, 511, 512, 513, 1_023, 1_024, 1_499] {
        let expected: Vec<CapIx> = (0..=c).map(CapIx).collect();
        assert_eq!(sc.affected_services(CapIx(c)), expected, "capability {c}");
    }
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
    fn affected_services_are_the_services_that_depend_on_a_capability(
        edges in proptest::collection::vec((0usize..40, 1usize..40), 0..120),
        services in proptest::collection::vec(any::<bool>(), 40),
    ) {
        // Edges only from lower to higher indices, so the graph has no cycle.
        let mut v = generated_value(40, |i| {
            let mut d: Vec<usize> = edges.iter().filter(|e| e.0 == i).map(|e| (i + e.1).min(39)).filter(|&j| j > i).collect();
            d.sort_unstable();
            d.dedup();
            d
        });
        for (c, &service) in v["capabilities"].as_array_mut().unwrap().iter_mut().zip(&services) {
            if service {
                c["layer"] = json!("service");
                c["slo"] = json!({ "target": 0.99, "window_days": 28 });
            } else {
                c["layer"] = json!("delivery");
                c.as_object_mut().unwrap().remove("slo");
            }
        }
        let sc = parse(&v.to_string()).unwrap();
        for c in sc.cap_ixs() {
            let expected = reached_services(&sc, c);
            prop_assert_eq!(sc.affected_services(c), expected.as_slice());
        }
    }

    #[test]
    fn every_tangle_of_dependencies_is_reported_once_with_a_real_cycle(
        edges in proptest::collection::vec((0usize..30, 0usize..30), 0..60),
    ) {
        let n = 30;
        let mut deps = vec![Vec::new(); n];
        for &(a, b) in &edges {
            if a != b && !deps[a].contains(&b) {
                deps[a].push(b);
            }
        }
        // Reachability the slow way: tangles are the classes of mutual reach.
        let mut reach = vec![vec![false; n]; n];
        for (a, ds) in deps.iter().enumerate() {
            for &b in ds {
                reach[a][b] = true;
            }
        }
        for k in 0..n {
            for a in 0..n {
                for b in 0..n {
                    reach[a][b] |= reach[a][k] && reach[k][b];
                }
            }
        }
        let tangles = (0..n).filter(|&a| reach[a][a] && (0..a).all(|b| !(reach[a][b] && reach[b][a]))).count();
        // The shortest cycle: for each start, breadth-first back to it.
        let shortest = (0..n).filter_map(|s| {
            let mut dist = vec![usize::MAX; n];
            let mut queue = std::collections::VecDeque::from([s]);
            dist[s] = 0;
            while let Some(v) = queue.pop_front() {
                for &w in &deps[v] {
                    if w == s {
                        return Some(dist[v] + 1);
                    }
                    if dist[w] == usize::MAX {
                        dist[w] = dist[v] + 1;
                        queue.push_back(w);
                    }
                }
            }
            None
        }).min();
        let text = generated(n, |i| deps[i].clone());
        let problems = match parse(&text) {
            Ok(_) => Vec::new(),
            Err(p) => p,
        };
        prop_assert_eq!(problems.is_empty(), tangles == 0, "{:?}", problems);
        let cycles: Vec<&str> = problems
            .iter()
            .filter_map(|p| p.message.strip_prefix("dependency cycle: "))
            .collect();
        prop_assert_eq!(cycles.len(), tangles.min(10));
        for (k, cycle) in cycles.iter().enumerate() {
            let chain = cycle.split(", one of the loops").next().unwrap_or_default();
            let ids: Vec<&str> = chain.split(" → ").collect();
            let length = match chain.split_once("… (") {
                Some((_, all)) => all.split(' ').next().unwrap().parse::<usize>().unwrap(),
                None => ids.len() - 1,
            };
            let shown: Vec<usize> =
                ids.iter().filter_map(|id| usize::from_str_radix(id, 36).ok()).collect();
            for pair in shown.windows(2) {
                prop_assert!(deps[pair[0]].contains(&pair[1]), "{} is not a cycle", cycle);
            }
            if k == 0 {
                prop_assert_eq!(Some(length), shortest, "{}", cycle);
            }
        }
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
