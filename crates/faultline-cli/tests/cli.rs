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

fn temp(name: &str, text: impl AsRef<[u8]>) -> String {
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
    let sc = faultline_core::model::parse(&stdout(&o)).unwrap();
    assert_eq!(sc.title(), "Reliability is everyone's job");
    let o = faultline(&["preset", "nope"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no preset \"nope\""));
}

#[test]
fn check_exits_0_1_2_and_says_what_and_where() {
    let good =
        temp("good.json", faultline_core::model::presets::preset("orphaned-provisioning").unwrap().to_json());
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
    let bad = temp("bad.json", bad.to_string());
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
    let total: u64 = faultline_core::engine::Outcome::ALL
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
    check_refused(&["run", "preset:no-sre", "--runs", "0"], "0 is not in 1..=100000");
    let o = faultline(&["run", "preset:no-sre", "--runs", "-5"]);
    assert_eq!(o.status.code(), Some(2));
    let o = faultline(&["run", "preset:no-sre", "--format", "xml"]);
    assert_eq!(o.status.code(), Some(2));
}

/// A scenario whose event log is far larger than a pipe's buffer (64 KB), so
/// a reader that stops early leaves the writer blocked, then broken.
fn long_log_scenario() -> String {
    let mut f = faultline_core::model::presets::preset("no-sre").unwrap();
    f.settings.horizon_days = 3_650.0;
    temp("long-log.json", f.to_json())
}

/// Asserts a command failed on its output with one line on stderr, status 1
/// and no panic.
fn check_write_failure(o: &Output, why: &str) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert_eq!(err, format!("faultline: could not write the output: {why}\n"));
}

#[test]
fn output_that_cannot_be_written_ends_with_one_line_not_a_panic() {
    let full = || std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_faultline")).args(args).stdout(full()).output().unwrap()
    };
    let no_space = "No space left on device (os error 28)";
    check_write_failure(&run(&["presets"]), no_space);
    check_write_failure(&run(&["preset", "no-sre"]), no_space);
    check_write_failure(&run(&["assumptions"]), no_space);
    check_write_failure(&run(&["run", "preset:no-sre", "--format", "md"]), no_space);
    check_write_failure(&run(&["--help"]), no_space);

    // `faultline run FILE --log | head -c 10`: the reader takes ten bytes and
    // closes the pipe while the log is still being written.
    let file = long_log_scenario();
    let whole = faultline(&["run", &file, "--log"]);
    assert!(whole.stdout.len() > 256_000, "the log must outgrow a pipe: {} bytes", whole.stdout.len());
    let mut child = Command::new(env!("CARGO_BIN_EXE_faultline"))
        .args(["run", &file, "--log"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut head = [0u8; 10];
    std::io::Read::read_exact(&mut child.stdout.take().unwrap(), &mut head).unwrap();
    assert_eq!(&head, b"{\"time\":93");
    let o = child.wait_with_output().unwrap();
    check_write_failure(&o, "Broken pipe (os error 32)");
}

/// Asserts clap refused the arguments as a usage error that says `expected`.
fn check_refused(args: &[&str], expected: &str) {
    let o = faultline(args);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
    assert!(err.starts_with("error: ") && err.contains(expected), "{args:?}: {err}");
    assert!(o.stdout.is_empty(), "{args:?}");
}

#[test]
fn runs_are_limited_to_what_a_scenario_file_may_ask_for() {
    let max = faultline_core::model::validate::MAX_RUNS;
    assert_eq!(max, 100_000.0, "the messages below name the limit");
    let over = "100001";
    check_refused(&["run", "preset:nope", "--runs", over], "100001 is not in 1..=100000");
    check_refused(&["compare", "preset:nope", "preset:nope", "--runs", over], "100001 is not in 1..=100000");
    check_refused(&["check", "/nonexistent.json", "--runs", over], "100001 is not in 0..=100000");
    check_refused(&["run", "preset:no-sre", "--runs", "0"], "0 is not in 1..=100000");
    check_refused(&["compare", "preset:no-sre", "preset:no-sre", "--runs", "0"], "0 is not in 1..=100000");
    check_refused(&["stories", "--runs", "1"], "1 is not in 2..=100000");
    check_refused(&["effects", "--runs", "1"], "1 is not in 2..=100000");
    check_refused(&["stories", "--runs", over], "100001 is not in 2..=100000");
    check_refused(&["effects", "--runs", over], "100001 is not in 2..=100000");
    check_refused(&["run", "preset:no-sre", "--runs", "4294967296"], "4294967296 is not in 1..=100000");
}

#[test]
fn flags_that_do_not_apply_together_are_refused() {
    let conflict = "cannot be used with";
    check_refused(&["run", "preset:no-sre", "--log", "--runs", "5"], conflict);
    check_refused(&["run", "preset:no-sre", "--runs", "5", "--log"], conflict);
    check_refused(&["run", "preset:no-sre", "--log", "--format", "csv"], conflict);
    // The seed picks the one run whose log is printed, so it applies.
    let o = faultline(&["run", "preset:no-sre", "--log", "--seed", "3"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn unreadable_files_are_one_line_errors_naming_the_file() {
    let dir = std::env::temp_dir().join(format!("faultline-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let dir = dir.to_string_lossy().into_owned();
    let missing = format!("{dir}/missing.json");
    let binary = temp("binary.json", b"{\"version\": 2, \"title\": \"caf\xe9\"}");
    let limit = faultline_core::model::validate::MAX_JSON_BYTES;
    let mut big = faultline_core::model::presets::preset("no-sre").unwrap().to_json();
    big.push_str(&" ".repeat(limit + 1 - big.len()));
    let big = temp("big.json", &big);
    let good =
        temp("good-for-compare.json", faultline_core::model::presets::preset("no-sre").unwrap().to_json());
    for (path, why) in [
        (big.as_str(), "it is larger than the 5 MB a scenario may have"),
        ("/dev/zero", "it is larger than the 5 MB a scenario may have"),
        (missing.as_str(), "No such file or directory (os error 2)"),
        (dir.as_str(), "Is a directory (os error 21)"),
        (binary.as_str(), "it is not UTF-8 text (byte 28 is not)"),
    ] {
        let expected = format!("cannot read {path}: {why}\n");
        for args in [
            vec!["check", path],
            vec!["check", path, "--runs", "0"],
            vec!["run", path],
            vec!["run", path, "--log"],
            vec!["compare", path, &good],
            vec!["compare", &good, path],
        ] {
            // A reader that slurped a device with no end would exhaust memory:
            // 2 GB of address space makes that an allocation failure, not a
            // machine brought to its knees.
            let mut command = Command::new("sh");
            command.arg("-c").arg("ulimit -v 2000000; exec \"$0\" \"$@\"");
            command.arg(env!("CARGO_BIN_EXE_faultline")).args(&args);
            let o = command.output().unwrap();
            assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
            assert_eq!(stderr(&o), expected, "{args:?}");
            assert!(o.stdout.is_empty(), "{args:?}");
        }
    }
}

/// `check` on a design whose every run reaches its budget once made 100
/// paired runs of it and of each mended design, each as long as a run may
/// be (minutes); it now says after the first why it simulates no more.
#[test]
fn check_does_not_simulate_consequences_of_runs_that_stop_early() {
    let mut f = faultline_core::model::presets::preset("shared-deploy").unwrap();
    f.settings.background_rate_per_day = 1_000.0;
    f.settings.recurrence_mean_days = Some(0.01);
    f.settings.horizon_days = 365.0;
    let o = faultline(&["check", &temp("stops-early.json", f.to_json())]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains(
            "Consequences not simulated, as every run of this design would stop early. The run stopped at"
        ),
        "{out}"
    );
    assert!(!out.contains("Consequences simulated over") && !out.contains("simulated:"), "{out}");
    assert!(out.contains("[critical]"), "the findings are still listed: {out}");
}

#[test]
fn import_reads_a_catalog_with_a_mapping_file_and_exports_it_back() {
    let catalog = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/import/acme-catalog.yaml");
    let o = faultline(&["import", catalog, "--print-mapping"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut mapping: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(mapping["teams"]["sre"], "sre");
    mapping["teams"]["developer-experience"] = serde_json::json!("omit");
    mapping["title"] = serde_json::json!("ACME today");
    let map = temp("mapping.json", mapping.to_string());
    let o = faultline(&["import", catalog, "--map", &map]);
    assert!(o.status.success(), "{}", stderr(&o));
    let sc = faultline_core::model::parse(&stdout(&o)).unwrap();
    assert_eq!(sc.title(), "ACME today");
    assert_eq!(sc.teams().len(), 9);
    assert!(
        stderr(&o).contains(
            "note: owners: 4 capabilities are unowned because every owner was left out: CI pipelines"
        ),
        "{}",
        stderr(&o)
    );
    // The same mapping gives the same bytes: a planning script can repeat it.
    assert_eq!(faultline(&["import", catalog, "--map", &map]).stdout, o.stdout);

    let scenario = temp("acme.json", stdout(&o));
    let o = faultline(&["export-catalog", &scenario]);
    assert!(o.status.success(), "{}", stderr(&o));
    let yaml = stdout(&o);
    assert!(yaml.starts_with("# Proposed ownership from Faultline: ACME today"), "{yaml}");
    assert!(yaml.contains("kind: Group\nmetadata:\n  name: sre\n"), "{yaml}");

    let o = faultline(&["csv-template"]);
    let csv = temp("org.csv", stdout(&o));
    let o = faultline(&["import", &csv, "--title", "From a sheet"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(faultline_core::model::parse(&stdout(&o)).unwrap().title(), "From a sheet");
}

#[test]
fn import_says_what_stops_it_and_exits_1() {
    let bad = temp("bad.yaml", "kind: Group\nmetadata: {name: ops}\n---\nkind: Component\nmetadata: {name: a}\nspec: {type: service, owner: ops, dependsOn: [component:a2]}\n---\nkind: Component\nmetadata: {name: a2}\nspec: {type: service, owner: ops, dependsOn: [component:a]}\n");
    let o = faultline(&["import", &bad]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("cannot be imported") && err.contains("dependency cycle"), "{err}");
    let garbage = temp("garbage.yaml", [0xffu8, 0xfe, 0x00, 0x41]);
    let o = faultline(&["import", &garbage]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("not UTF-8 text"), "{}", stderr(&o));
    let map = temp("badmap.json", r#"{"teams": {"ops": "wizards"}}"#);
    let o = faultline(&["import", &bad, "--map", &map]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("teams.ops: unknown team kind \"wizards\""), "{}", stderr(&o));
}

#[test]
fn suggest_ranks_every_move_with_the_libraries_numbers() {
    use faultline_core::analysis::advisor::{suggest, Plan};
    use faultline_core::analysis::objective::Objective;
    let o = faultline(&["suggest", "shared-deploy", "--runs", "20", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    // The same numbers as the page for the same seed (the design's own),
    // byte for byte.
    let sc =
        faultline_core::model::validate(faultline_core::model::presets::preset("shared-deploy").unwrap())
            .unwrap();
    let lib = suggest(&sc, Plan::new(Objective::Silent, sc.settings().seed, 20));
    assert!(
        stdout(&o) == format!("{}\n", serde_json::to_string_pretty(&lib).unwrap()),
        "the CLI's JSON differs"
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let top = &json["suggestions"][0];
    for key in ["move", "kind", "label", "cost", "effect", "gain", "distinguishable", "simple_test"] {
        assert!(!top[key].is_null(), "{key} missing from {top}");
    }

    let o = faultline(&["suggest", "preset:shared-deploy", "--runs", "20"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let md = stdout(&o);
    assert!(
        md.starts_with("# Suggestions for Shared ownership of the deploy system on incidents ending silent")
    );
    assert!(md.contains("| # | Move | Effect (95% interval) | Verdict | Runs | Cost | Simple test after |"));
    assert!(md.contains("**Best pair:** "), "{md}");
    assert!(md.contains("| not distinguishable from no change |"), "{md}");
    let rows = md.lines().filter(|l| {
        l.starts_with("| ") && l.split('|').nth(1).is_some_and(|c| c.trim().parse::<u32>().is_ok())
    });
    assert_eq!(rows.count(), json["suggestions"].as_array().unwrap().len());

    // Another seed, other numbers; the same seed, the same bytes.
    let again = faultline(&["suggest", "shared-deploy", "--runs", "20", "--seed", "1"]);
    assert_eq!(stdout(&again), md);
    let other = faultline(&["suggest", "shared-deploy", "--runs", "20", "--seed", "2"]);
    assert_ne!(stdout(&other), md);

    check_refused(&["suggest", "shared-deploy", "--objective", "speed"], "speed");
    check_refused(&["suggest", "shared-deploy", "--runs", "5"], "5");
    let o = faultline(&["suggest", "/nonexistent/org.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("/nonexistent/org.json"), "{}", stderr(&o));
}

#[test]
fn sensitivity_prints_the_sentence_the_table_and_the_tornado() {
    let svg = std::env::temp_dir().join(format!("faultline-cli-tornado-{}.svg", std::process::id()));
    let svg = svg.to_string_lossy().into_owned();
    let o = faultline(&["sensitivity", "clear-boundary", "shared-deploy", "--runs", "10", "--svg", &svg]);
    assert!(o.status.success(), "{}", stderr(&o));
    let md = stdout(&o);
    assert!(
        md.starts_with("# Sensitivity of Clear boundary vs Shared ownership of the deploy system"),
        "{md}"
    );
    assert!(md
        .contains("**Clear boundary beats Shared ownership of the deploy system on incidents ending silent"));
    let rows = faultline_core::engine::assumptions::table().len();
    assert_eq!(md.lines().filter(|l| l.starts_with("| `")).count(), rows);
    let chart = std::fs::read_to_string(&svg).unwrap();
    assert!(chart.starts_with("<svg") && chart.contains("What each assumption moves"));
    std::fs::remove_file(&svg).ok();

    let o =
        faultline(&["sensitivity", "no-sre", "--runs", "10", "--objective", "mitigate", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(json["objective"], "mitigate");
    assert!(json["b_title"].is_null());
    assert_eq!(json["rows"].as_array().unwrap().len(), rows);
    check_refused(&["sensitivity", "no-sre", "--runs", "1"], "1");
}
