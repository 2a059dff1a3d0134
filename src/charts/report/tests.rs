//! The report's tests: every part it is given appears in both formats,
//! and user text comes out as text.

use super::*;
use crate::analysis::compare::compare;
use crate::analysis::montecarlo::{aggregate, run_range};
use crate::analysis::report::md_escape;
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
            logs: &logs,
            consequences: false,
        }),
        comparison: Some(&cmp),
        stale: false,
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
    let input = ReportInput { scenario: &sc, single: None, monte_carlo: None, comparison: None, stale: true };
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
    let input =
        ReportInput { scenario: &sc, single: None, monte_carlo: None, comparison: None, stale: false };
    let md = markdown(&input);
    assert!(md.contains("| Platform Engineering | Platform | 9 | yes | 55 / 25 / 20 | 360: 198 feature, 20 on-call, 70 fixes, 72 toil |"), "{md}");
    assert!(
        md.contains(
            "| Search | service | Search team | 99.9%, measured 100%; SRE measures it with 8 h a week |"
        ),
        "{md}"
    );
}
