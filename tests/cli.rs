//! The command-line tool, driven as a user would: arguments in, output and
//! exit code out.
#![cfg(not(target_arch = "wasm32"))]

use std::process::{Command, Output};

fn faultline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_faultline")).args(args).output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn temp(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("faultline-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn presets_are_listed_and_printed() {
    let o = faultline(&["presets"]);
    assert!(o.status.success());
    let out = stdout(&o);
    for id in ["clear-boundary", "sre-absorbed", "no-sre", "shared-deploy", "orphaned-provisioning"] {
        assert!(out.lines().any(|l| l.starts_with(id)), "{id} missing from\n{out}");
    }
    let o = faultline(&["preset", "no-sre"]);
    assert!(o.status.success());
    let sc = faultline::model::parse(&stdout(&o)).unwrap();
    assert_eq!(sc.title(), "Reliability is everyone's job");
    let o = faultline(&["preset", "nope"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no preset \"nope\""));
}

#[test]
fn check_exits_0_1_2_and_says_what_and_where() {
    let good =
        temp("good.json", &faultline::model::presets::preset("orphaned-provisioning").unwrap().to_json());
    let o = faultline(&["check", &good]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("valid scenario \"Orphaned cluster provisioning\""), "{out}");
    assert!(out.contains("Simple test: Platform Engineering owns making it easy"), "{out}");
    assert!(out.contains("[critical] Nobody owns Cluster provisioning"), "{out}");
    assert!(
        out.contains("simulated: mending it (Platform Engineering owning Cluster provisioning) would cut"),
        "{out}"
    );

    let mut bad: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&good).unwrap()).unwrap();
    bad["teams"][0]["time_split"]["toil"] = serde_json::json!(90);
    bad["failures"][1]["target"] = serde_json::json!("mainframe");
    let bad = temp("bad.json", &bad.to_string());
    let o = faultline(&["check", &bad]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("(2 problems)"), "{err}");
    assert!(
        err.contains("error: teams[0].time_split: feature, reliability and toil must sum to 100, not 170"),
        "{err}"
    );
    assert!(err.contains("error: failures[1].target: unknown capability \"mainframe\""), "{err}");

    let o = faultline(&["check", "/nonexistent/scenario.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).starts_with("cannot read /nonexistent/scenario.json"));
}

#[test]
fn run_prints_a_summary_with_the_documented_keys_and_is_reproducible() {
    let a = faultline(&["run", "preset:clear-boundary", "--runs", "50", "--seed", "4"]);
    assert!(a.status.success(), "{}", stderr(&a));
    let v: serde_json::Value = serde_json::from_str(&stdout(&a)).unwrap();
    assert_eq!(v["runs"], 50);
    assert_eq!(v["seed"], 4);
    assert!(v["incidents"].as_u64().unwrap() > 0);
    let total: u64 = faultline::engine::Outcome::ALL
        .iter()
        .map(|o| v["outcomes"][o.name()].as_u64().unwrap_or_else(|| panic!("outcomes.{}", o.name())))
        .sum();
    assert_eq!(total, v["incidents"].as_u64().unwrap(), "each incident has exactly one outcome");
    for key in ["time_to_detect", "time_to_mitigate"] {
        for stat in ["p50", "p90", "mean"] {
            assert!(v[key][stat].as_f64().unwrap() > 0.0, "{key}.{stat}");
        }
    }
    let b = faultline(&["run", "preset:clear-boundary", "--runs", "50", "--seed", "4"]);
    assert_eq!(a.stdout, b.stdout, "same input, same bytes");
    let c = faultline(&["run", "preset:clear-boundary", "--runs", "50", "--seed", "5"]);
    assert_ne!(a.stdout, c.stdout);
}

#[test]
fn run_speaks_csv_markdown_and_event_logs() {
    let csv = stdout(&faultline(&["run", "preset:no-sre", "--format", "csv", "--runs", "10"]));
    assert!(csv.starts_with("metric,value,ci95_low,ci95_high\nruns,10,,\n"), "{csv}");
    assert!(csv.contains("\ndeflected_count,"));
    let md = stdout(&faultline(&["run", "preset:no-sre", "--format", "md"]));
    assert!(md.starts_with("# Reliability is everyone's job\n"), "{md}");
    assert!(md.contains("## Incidents") && md.contains("— deflected as working as designed"), "{md}");
    let log = stdout(&faultline(&["run", "preset:no-sre", "--log", "--seed", "3"]));
    let first: serde_json::Value = serde_json::from_str(log.lines().next().unwrap()).unwrap();
    assert!(first["time"].as_i64().unwrap() >= 0);
    assert!(first["text"].as_str().unwrap().contains(" begins"), "{first}");
}

#[test]
fn compare_reports_a_verdict_a_person_can_paste() {
    let o = faultline(&["compare", "preset:clear-boundary", "preset:orphaned-provisioning", "--runs", "100"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let md = stdout(&o);
    assert!(
        md.starts_with(
            "# Clear boundary vs Orphaned cluster provisioning\n\n**Orphaned cluster provisioning "
        ),
        "{md}"
    );
    assert!(md.contains("worse than Clear boundary"), "{md}");
    assert!(
        md.contains("| Metric | A: Clear boundary | B: Orphaned cluster provisioning | B − A (95% CI) |"),
        "{md}"
    );
    let json = stdout(&faultline(&[
        "compare",
        "preset:no-sre",
        "preset:no-sre",
        "--runs",
        "20",
        "--format",
        "json",
    ]));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(v["verdict"].as_str().unwrap().starts_with("No difference"));
}

#[test]
fn odd_numbers_on_the_command_line_are_refused_clearly() {
    let o = faultline(&["run", "preset:no-sre", "--runs", "0"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--runs must be at least 1"));
    let o = faultline(&["run", "preset:no-sre", "--runs", "-5"]);
    assert_eq!(o.status.code(), Some(2));
    let o = faultline(&["run", "preset:no-sre", "--format", "xml"]);
    assert_eq!(o.status.code(), Some(2));
}
