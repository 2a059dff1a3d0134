//! The report's tests: every part it is given appears in both formats,
//! and user text comes out as text.

use super::*;
use crate::analysis::compare::compare;
use crate::analysis::montecarlo::{aggregate, run_range};
use crate::analysis::report::{md_escape, Format};
use crate::analysis::verdict::verdict;
use crate::engine::run;
use crate::model::presets::preset;
use crate::model::validate;

fn scenario(id: &str) -> Scenario {
    validate(preset(id).expect("preset")).expect("presets validate")
}

#[test]
fn the_report_holds_every_part_it_is_given() {
    let sc = scenario("orphaned-provisioning");
    let log = run(&sc, 7);
    let summaries = run_range(&sc, 7, 0..20);
    let agg = aggregate(&sc, &summaries);
    let logs = vec![log.clone()];
    let other = scenario("clear-boundary");
    let cmp = compare(&sc, &other, 7, 20).expect("presets compare");
    let input = ReportInput {
        scenario: &sc,
        single: Some(SingleRun { scenario: &sc, log: &log }),
        monte_carlo: Some(MonteCarlo {
            scenario: &sc,
            seed: 7,
            summaries: &summaries,
            aggregate: &agg,
            handoffs: &Handoffs::of(&logs),
            consequences: false,
        }),
        comparison: Some(&cmp),
        stale: false,
        boards: Boards::default(),
    };
    let md = markdown(&input);
    for needle in [
        "# Faultline report: Orphaned cluster provisioning",
        "## The design",
        "| Cluster provisioning | delivery | nobody (unowned) |",
        "## The simple test",
        "## Findings",
        "## Monte Carlo: 20 runs from seed 7",
        "### Orphaned cluster provisioning",
        "| Outcome | Incidents | Share (95% CI) |",
        "## One run, seed 7",
        "## Comparison: Orphaned cluster provisioning vs Clear boundary",
        "![Monte Carlo outcomes](data:image/svg+xml;base64,",
        "![Incident swimlanes](data:image/svg+xml;base64,",
        "![Comparison of the two designs](data:image/svg+xml;base64,",
    ] {
        assert!(md.contains(needle), "the Markdown report lacks {needle:?}");
    }
    // One verdict per incident of the single run.
    for inc in &log.incidents {
        assert!(md.contains(&md_escape(&verdict(&sc, &log, inc))), "verdict of incident {}", inc.id);
    }
    assert!(md.contains(&md_escape(&cmp.verdict)));
    assert_eq!(md.matches("data:image/svg+xml;base64,").count(), 7);

    let html = html_page(&input);
    assert!(html.starts_with("<!doctype html>"));
    assert!(html.contains("@media print"));
    assert!(html.contains("<h2>Comparison: Orphaned cluster provisioning vs Clear boundary</h2>"));
    assert_eq!(html.matches("<img src=\"data:image/svg+xml;base64,").count(), 7);
    assert!(html.contains("<td>Cluster provisioning</td><td>delivery</td><td>nobody (unowned)</td>"));
    assert!(!html.contains("http://") && !html.contains("https://"), "the page loads nothing");
}

#[test]
fn a_report_without_results_still_describes_the_design() {
    let sc = scenario("clear-boundary");
    let input = ReportInput {
        scenario: &sc,
        single: None,
        monte_carlo: None,
        comparison: None,
        stale: true,
        boards: Boards::default(),
    };
    let md = markdown(&input);
    assert!(md.contains("## The simple test") && md.contains("**The design changed after these results"));
    assert!(!md.contains("## Monte Carlo") && !md.contains("## One run") && !md.contains("data:image"));
}

#[test]
fn user_text_is_escaped_in_both_formats() {
    let mut file = preset("clear-boundary").expect("preset");
    file.title = "<script>alert(1)</script> | **bold**".into();
    file.teams[0].name = "Ops & <b>Infra</b>".into();
    let sc = validate(file).expect("still valid");
    let log = run(&sc, 1);
    let input = ReportInput {
        scenario: &sc,
        single: Some(SingleRun { scenario: &sc, log: &log }),
        monte_carlo: None,
        comparison: None,
        stale: false,
        boards: Boards::default(),
    };
    let html = html_page(&input);
    assert!(!html.contains("<script>") && !html.contains("<b>Infra"), "raw markup in the page");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("Ops &amp; &lt;b&gt;Infra&lt;/b&gt;"));
    let md = markdown(&input);
    assert!(md.contains("\\<script\\>alert(1)\\</script\\> \\| \\*\\*bold\\*\\*"), "{}", &md[..200]);
    assert!(!md.contains("<b>Infra"));
}

#[test]
fn escaping_covers_the_dangerous_characters() {
    assert_eq!(
        html_escape(r#"<a href="x">'&'</a>"#),
        "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
    );
    assert_eq!(svg_data_uri("<svg/>"), "data:image/svg+xml;base64,PHN2Zy8+");
}

#[test]
fn the_design_says_where_each_teams_week_goes_and_how_each_slo_is_kept() {
    let sc = scenario("clear-boundary");
    let input = ReportInput {
        scenario: &sc,
        single: None,
        monte_carlo: None,
        comparison: None,
        stale: false,
        boards: Boards::default(),
    };
    let md = markdown(&input);
    assert!(md.contains("| Platform Engineering | Platform | 9 | yes | 55 / 25 / 20 | 360: 198 feature, 20 on-call, 70 fixes, 72 toil |"), "{md}");
    assert!(
        md.contains(
            "| Search | service | Search team | 99.9%, measured 100%; SRE measures it with 8 h a week |"
        ),
        "{md}"
    );
}

/// A Monte Carlo set of `runs` runs of a preset whose first `logs` runs kept
/// their logs, as the page keeps at most 1,000.
struct Set {
    sc: Scenario,
    summaries: Vec<RunSummary>,
    agg: Aggregate,
    logs: Vec<RunLog>,
}

fn set(id: &str, runs: u32, logs: u32) -> Set {
    let sc = scenario(id);
    let summaries = run_range(&sc, 3, 0..runs);
    let agg = aggregate(&sc, &summaries);
    let logs = (0..logs).map(|i| run(&sc, crate::engine::rng::run_seed(3, i))).collect();
    Set { sc, summaries, agg, logs }
}

fn mc_report(s: &Set) -> String {
    markdown(&ReportInput {
        scenario: &s.sc,
        single: None,
        monte_carlo: Some(MonteCarlo {
            scenario: &s.sc,
            seed: 3,
            summaries: &s.summaries,
            aggregate: &s.agg,
            handoffs: &Handoffs::of(&s.logs),
            consequences: false,
        }),
        comparison: None,
        stale: false,
        boards: Boards::default(),
    })
}

/// Every "N%" in the text, as numbers.
fn percentages(text: &str) -> Vec<f64> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    for (i, _) in text.match_indices('%') {
        let start = text[..i].rfind(|c: char| !(c.is_ascii_digit() || c == '.')).map_or(0, |k| k + 1);
        if start < i && bytes[start].is_ascii_digit() {
            out.push(text[start..i].parse().unwrap_or(f64::NAN));
        }
    }
    out
}

/// The cells of the table row that starts with `first`.
fn row<'a>(md: &'a str, first: &str) -> Vec<&'a str> {
    let line =
        md.lines().find(|l| l.starts_with(&format!("| {first} |"))).unwrap_or_else(|| panic!("{first}"));
    line.trim_matches('|').split(" | ").map(str::trim).skip(1).collect()
}

#[test]
fn the_boards_are_drawn_with_the_design_and_the_comparison() {
    let sc = scenario("shared-deploy");
    let other = scenario("clear-boundary");
    let cmp = compare(&other, &sc, 7, 4).expect("presets compare");
    // Stand-ins for the page's pictures: the report embeds what it is given.
    let picture = |name: &str| format!("<svg xmlns=\"http://www.w3.org/2000/svg\"><text>{name}</text></svg>");
    let input = ReportInput {
        scenario: &sc,
        single: None,
        monte_carlo: None,
        comparison: Some(&cmp),
        stale: false,
        boards: Boards {
            design: Some(picture("design")),
            baseline: Some(picture("baseline")),
            proposal: Some(picture("proposal")),
        },
    };
    let md = markdown(&input);
    let image = |alt: &str, name: &str| format!("![{alt}]({})", svg_data_uri(&picture(name)));
    let at = |needle: &str| md.find(needle).unwrap_or_else(|| panic!("no {needle:?} in\n{md}"));
    // The design's board opens the design, before its tables.
    assert!(
        at("## The board")
            < at(&image("The board as drawn: Shared ownership of the deploy system", "design"))
    );
    assert!(
        at(&image("The board as drawn: Shared ownership of the deploy system", "design"))
            < at("## The design")
    );
    // Both boards of the comparison sit in its section, baseline first.
    let section = at("## Comparison: Clear boundary vs Shared ownership of the deploy system");
    let baseline = at(&image("Baseline (A), as drawn: Clear boundary", "baseline"));
    let proposal = at(&image("Proposal (B), as drawn: Shared ownership of the deploy system", "proposal"));
    assert!(section < baseline && baseline < proposal && proposal < at("![Comparison of the two designs]"));
    let html = html_page(&input);
    assert!(html.contains(&format!(
        "<img src=\"{}\" alt=\"Baseline (A), as drawn: Clear boundary\">",
        svg_data_uri(&picture("baseline"))
    )));
    assert_eq!(html.matches("<img src=\"data:image/svg+xml;base64,").count(), 4);
}

#[test]
fn times_read_as_durations_not_decimal_minutes() {
    use crate::analysis::report::duration;
    let check = |minutes: f64, text: &str| assert_eq!(duration(minutes), text, "{minutes} minutes");
    check(0.5, "30 s");
    check(40.0, "40 min");
    check(312.0, "5.2 h");
    check(5641.5, "3.9 days");
    check(f64::NAN, "0 s");

    let s = set("no-sre", 20, 20);
    let md = mc_report(&s);
    assert!(!md.contains("| Minutes |"), "{md}");
    let is_duration = |cell: &str| {
        [" s", " min", " h", " days"].iter().any(|unit| {
            cell.strip_suffix(unit)
                .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit() || c == '.'))
        })
    };
    for name in ["To detect", "To mitigate"] {
        // p10, median, p90 and "mean (low – high)" in both the analysis' table
        // and (from the same rows) the HTML page's.
        let cells = row(&md, name);
        assert_eq!(cells.len(), 4, "{cells:?}");
        for cell in &cells[..3] {
            assert!(is_duration(cell), "{name}: {cell:?} is not a duration");
        }
        let (mean, ci) = cells[3].split_once(" (").expect("mean (CI)");
        let (low, high) = ci.trim_end_matches(')').split_once(" – ").expect("low – high");
        assert!([mean, low, high].iter().all(|c| is_duration(c)), "{name}: {:?}", cells[3]);
    }

    // The comparison's times too: values and differences with their units.
    let cmp = compare(&s.sc, &scenario("clear-boundary"), 3, 10).expect("presets compare");
    let md = cmp.render(Format::Md);
    let cells = row(&md, "mean time to mitigate");
    assert!(is_duration(cells[0]) && is_duration(cells[1]), "{cells:?}");
    let diff = cells[2].trim_start_matches(['+', '-']).split(" (").next().unwrap_or_default();
    assert!(is_duration(diff), "{cells:?}");
    assert!(!md.contains("minutes"), "{md}");
}

#[test]
fn budgets_read_as_used_or_exhausted_never_as_hundreds_of_percent() {
    use crate::analysis::report::budget;
    let check = |share: f64, text: &str| assert_eq!(budget(share), text, "{share}");
    check(0.62, "62% used");
    check(1.0, "100% used");
    check(5.81, "exhausted 5.8×");
    check(f64::INFINITY, "0% used");

    // SRE absorbed burns through its budgets: the p90 of some service is past it.
    let s = set("sre-absorbed", 40, 1);
    let single = run(&s.sc, 5);
    let input = ReportInput {
        scenario: &s.sc,
        single: Some(SingleRun { scenario: &s.sc, log: &single }),
        monte_carlo: Some(MonteCarlo {
            scenario: &s.sc,
            seed: 3,
            summaries: &s.summaries,
            aggregate: &s.agg,
            handoffs: &Handoffs::of(&s.logs),
            consequences: false,
        }),
        comparison: None,
        stale: false,
        boards: Boards::default(),
    };
    let md = markdown(&input);
    assert!(md.contains("| Service | Error budget per window, median | p90 |"), "{md}");
    assert!(md.contains(" exhausted ") && md.contains("× |"), "no budget past 100% in\n{md}");
    assert!(md.contains(" used ") && md.contains("error budget 1.1×"), "verdicts: {md}");
    // Within budget, the clear boundary's medians say how much is used.
    let clear = mc_report(&set("clear-boundary", 20, 1));
    assert!(clear.lines().any(|l| l.matches("% used |").count() == 2), "{clear}");
    // Nothing in either format is a percentage over 100: not the budgets,
    // not the verdicts ("exhausted Search's error budget 2.3×").
    for text in [md, html_page(&input)] {
        let over: Vec<f64> = percentages(&text).into_iter().filter(|p| p.is_nan() || *p > 100.0).collect();
        assert!(over.is_empty(), "percentages over 100: {over:?}");
    }
}

#[test]
fn every_caption_states_the_runs_it_shows() {
    // The page keeps the logs of the first runs only: the hand-offs chart of
    // a longer set sums fewer runs than the set has, and says so.
    let s = set("shared-deploy", 12, 5);
    let md = mc_report(&s);
    assert!(md.contains("## Monte Carlo: 12 runs from seed 3"), "{md}");
    assert!(md.contains("12 runs from seed 3 over "), "{md}");
    assert!(md.contains("![Hand-offs between teams, summed over the first 5 of the 12 runs](data:"), "{md}");
    assert!(!md.contains("over 5 runs"), "{md}");
    let s = set("shared-deploy", 6, 6);
    assert!(mc_report(&s).contains("![Hand-offs between teams, summed over all 6 runs](data:"));
    assert_eq!(super::super::handoffs_caption(1, 1), "Hand-offs between teams in the one run");
    assert_eq!(super::super::handoffs_caption(1, 30), "Hand-offs between teams in the first of the 30 runs");
}
