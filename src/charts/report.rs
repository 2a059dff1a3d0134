//! The exported report: the current design, what the analysis finds in it,
//! its Monte Carlo numbers, the verdicts of the last single run and the
//! comparison if there is one, with the charts embedded as SVG — as Markdown
//! a director pastes into a planning document, and as a self-contained HTML
//! page that prints well.
//!
//! Both formats come from one list of [`Block`]s so they always say the same
//! thing. Everything a user typed goes through `md_escape` or [`html_escape`];
//! charts are embedded as `data:image/svg+xml;base64` images, which browsers
//! never run scripts from and which load nothing from the network.

use super::{budget_svg, comparison_svg, handoffs_svg, outcomes_svg, swimlanes_svg, times_svg};
use crate::analysis::compare::Comparison;
use crate::analysis::diagnostics::{diagnose, Evidence, Severity};
use crate::analysis::montecarlo::{Aggregate, RunSummary};
use crate::analysis::report::{md_escape, run_report, Format};
use crate::analysis::verdict::verdict;
use crate::engine::{format_clock, Outcome, RunLog};
use crate::model::Scenario;
use base64::Engine as _;
use std::fmt::Write;

/// Chart size in exported reports: wide enough to read on a page.
pub const REPORT_CHART: (u32, u32) = (1000, 560);

/// The last single run, as the report tells it.
pub struct SingleRun<'a> {
    /// The design as it was run, which may differ from the report's.
    pub scenario: &'a Scenario,
    pub log: &'a RunLog,
}

/// The last Monte Carlo set.
pub struct MonteCarlo<'a> {
    /// The design as it was run, which may differ from the report's.
    pub scenario: &'a Scenario,
    pub seed: u64,
    pub summaries: &'a [RunSummary],
    pub aggregate: &'a Aggregate,
    /// The runs' logs, for the hand-offs chart; may be fewer than the runs.
    pub logs: &'a [RunLog],
    /// Tallies for the findings' simulated consequences.
    pub evidence: Option<&'a Evidence>,
}

/// Everything a report may include; absent parts are left out.
pub struct ReportInput<'a> {
    pub scenario: &'a Scenario,
    pub single: Option<SingleRun<'a>>,
    pub monte_carlo: Option<MonteCarlo<'a>>,
    pub comparison: Option<&'a Comparison>,
    /// Set when the results were computed for an earlier version of the design.
    pub stale: bool,
}

/// One piece of the report. Text fields hold plain text; each renderer escapes.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    Heading(u8, String),
    Para(String),
    /// A paragraph set in bold: a headline or a warning.
    Strong(String),
    List(Vec<String>),
    Table(Vec<String>, Vec<Vec<String>>),
    /// A chart: alt text and the SVG document.
    Chart(String, String),
    /// Markdown produced by the analysis (already escaped) with the same
    /// content as blocks for the HTML page.
    Analysis(String, Vec<Block>),
}

/// The report's content.
pub fn blocks(input: &ReportInput<'_>) -> Vec<Block> {
    let sc = input.scenario;
    let mut out = vec![Block::Heading(1, format!("Faultline report: {}", sc.title()))];
    if !sc.file.description.is_empty() {
        out.push(Block::Para(sc.file.description.clone()));
    }
    if input.stale {
        out.push(Block::Strong(
            "The design changed after these results were computed: run it again before relying on them."
                .into(),
        ));
    }
    design(sc, &mut out);
    let evidence = input.monte_carlo.as_ref().and_then(|m| m.evidence);
    let d = diagnose(sc, evidence);
    out.push(Block::Heading(2, "The simple test".into()));
    out.push(Block::Para(d.simple_test.answer.clone()));
    out.push(Block::Heading(2, "Findings".into()));
    if d.findings.is_empty() {
        out.push(Block::Para("No findings: every capability has one clear owner.".into()));
    } else {
        out.push(Block::List(
            d.findings
                .iter()
                .map(|f| {
                    let tag = match f.severity {
                        Severity::Critical => "Critical",
                        Severity::Warning => "Warning",
                        Severity::Info => "Info",
                    };
                    let mut s = format!("{tag}: {}. {}", f.title, f.why);
                    if let Some(c) = &f.consequence {
                        let _ = write!(s, " Simulated: {c}.");
                    }
                    s
                })
                .collect(),
        ));
    }
    if let Some(mc) = &input.monte_carlo {
        monte_carlo(mc.scenario, mc, &mut out);
    }
    if let Some(single) = &input.single {
        single_run(single.scenario, single.log, &mut out);
    }
    if let Some(cmp) = input.comparison {
        comparison(cmp, &mut out);
    }
    out.push(Block::Para(
        "Made with Faultline, an org-design simulator that runs entirely in the browser.".into(),
    ));
    out
}

fn design(sc: &Scenario, out: &mut Vec<Block>) {
    out.push(Block::Heading(2, "The design".into()));
    let teams = sc
        .teams
        .iter()
        .map(|t| {
            vec![
                t.name.clone(),
                t.kind.label().to_owned(),
                t.headcount.to_string(),
                if t.on_call { "yes" } else { "no" }.to_owned(),
                format!("{:.0} / {:.0} / {:.0}", t.split.feature, t.split.reliability, t.split.toil),
            ]
        })
        .collect();
    out.push(Block::Table(
        ["Team", "Kind", "People", "On-call", "Feature / reliability / toil %"].map(String::from).to_vec(),
        teams,
    ));
    let caps = sc
        .caps
        .iter()
        .map(|c| {
            let owners: Vec<&str> = c.owners.iter().map(|&t| sc.team(t).name.as_str()).collect();
            vec![
                c.name.clone(),
                c.layer.label().to_owned(),
                if owners.is_empty() { "nobody (unowned)".to_owned() } else { owners.join(", ") },
            ]
        })
        .collect();
    out.push(Block::Table(["Capability", "Layer", "Owned by"].map(String::from).to_vec(), caps));
}

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

fn monte_carlo(sc: &Scenario, mc: &MonteCarlo<'_>, out: &mut Vec<Block>) {
    let agg = mc.aggregate;
    out.push(Block::Heading(2, format!("Monte Carlo: {} runs from seed {}", agg.runs, mc.seed)));
    let report = run_report(sc.title(), mc.seed, sc.settings.horizon_s, agg);
    let md = demote(&report.render(Format::Md));
    let mut html = vec![Block::Para(format!(
        "{} runs from seed {} over {} days: {} incidents.",
        report.runs, report.seed, report.horizon_days, report.incidents
    ))];
    html.push(Block::Table(
        ["Outcome", "Incidents", "Share (95% CI)"].map(String::from).to_vec(),
        Outcome::ALL
            .iter()
            .map(|o| {
                let sh = &report.outcome_shares[o.name()];
                vec![
                    o.label().to_owned(),
                    report.outcomes[o.name()].to_string(),
                    format!("{} ({} – {})", pct(sh.mean), pct(sh.ci95[0]), pct(sh.ci95[1])),
                ]
            })
            .collect(),
    ));
    let h = &report.handoffs_per_incident;
    html.push(Block::Para(format!(
        "Hand-offs per incident: {:.2} (95% CI {:.2} – {:.2}).",
        h.mean, h.ci95[0], h.ci95[1]
    )));
    html.push(Block::Table(
        ["Minutes", "p10", "median", "p90", "mean (95% CI)"].map(String::from).to_vec(),
        [("To detect", &report.time_to_detect), ("To mitigate", &report.time_to_mitigate)]
            .iter()
            .map(|(name, t)| {
                vec![
                    (*name).to_owned(),
                    format!("{:.1}", t.p10),
                    format!("{:.1}", t.p50),
                    format!("{:.1}", t.p90),
                    format!("{:.1} ({:.1} – {:.1})", t.mean, t.mean_ci95[0], t.mean_ci95[1]),
                ]
            })
            .collect(),
    ));
    html.push(Block::Table(
        ["Service", "Error budget burned, median", "p90"].map(String::from).to_vec(),
        report.budget_burned.iter().map(|(s, b)| vec![s.clone(), pct(b.p50), pct(b.p90)]).collect(),
    ));
    out.push(Block::Analysis(md, html));
    out.push(Block::Chart("Monte Carlo outcomes".into(), outcomes_svg(sc, agg, REPORT_CHART)));
    out.push(Block::Chart(
        "Time to detect and to mitigate".into(),
        times_svg(sc, mc.summaries, REPORT_CHART),
    ));
    if !mc.logs.is_empty() {
        out.push(Block::Chart(
            format!("Hand-offs between teams over {} runs", mc.logs.len()),
            handoffs_svg(sc, mc.logs, REPORT_CHART),
        ));
    }
}

fn single_run(sc: &Scenario, log: &RunLog, out: &mut Vec<Block>) {
    out.push(Block::Heading(2, format!("One run, seed {}: what happened to each incident", log.seed)));
    let mut incidents: Vec<_> = log.incidents.iter().collect();
    incidents.sort_by_key(|i| (i.start, i.id));
    out.push(Block::List(
        incidents
            .iter()
            .map(|inc| format!("{} — {}", format_clock(inc.start), verdict(sc, log, inc)))
            .collect(),
    ));
    out.push(Block::Chart(
        "Error budget remaining per service".into(),
        budget_svg(sc, log, None, REPORT_CHART),
    ));
    out.push(Block::Chart("Incident swimlanes".into(), swimlanes_svg(sc, log, None, REPORT_CHART)));
    out.push(Block::Chart(
        "Hand-offs between teams in this run".into(),
        handoffs_svg(sc, std::slice::from_ref(log), REPORT_CHART),
    ));
}

fn comparison(cmp: &Comparison, out: &mut Vec<Block>) {
    out.push(Block::Heading(2, format!("Comparison: {} vs {}", cmp.a_title, cmp.b_title)));
    let md = demote(&cmp.render(Format::Md));
    let html = vec![
        Block::Strong(cmp.verdict.clone()),
        Block::Para(format!(
            "Both designs ran on the same failures and the same {} seeds from seed {} (common random numbers); \
             differences are B − A with 95% confidence intervals from the paired runs.",
            cmp.runs, cmp.seed
        )),
        Block::Table(
            vec!["Metric".into(), format!("A: {}", cmp.a_title), format!("B: {}", cmp.b_title), "B − A (95% CI)".into()],
            cmp.deltas
                .iter()
                .map(|d| {
                    let v = |x: f64| if d.is_share { format!("{:.0}%", x * 100.0) } else { format!("{x:.1}") };
                    let diff = if d.is_share {
                        format!(
                            "{:+.1} pts ({:+.1} to {:+.1})",
                            d.diff.mean * 100.0,
                            d.diff.ci_low * 100.0,
                            d.diff.ci_high * 100.0
                        )
                    } else {
                        format!("{:+.2} ({:+.2} to {:+.2})", d.diff.mean, d.diff.ci_low, d.diff.ci_high)
                    };
                    vec![d.label.to_owned(), v(d.a), v(d.b), diff]
                })
                .collect(),
        ),
    ];
    out.push(Block::Analysis(md, html));
    out.push(Block::Chart("Comparison of the two designs".into(), comparison_svg(cmp, REPORT_CHART)));
}

/// Turns the analysis' own `#` title into a third-level heading so it sits
/// under the report's sections.
fn demote(md: &str) -> String {
    md.lines()
        .map(|l| if let Some(rest) = l.strip_prefix("# ") { format!("### {rest}") } else { l.to_owned() })
        .collect::<Vec<_>>()
        .join("\n")
}

/// An SVG document as a `data:` URI.
pub fn svg_data_uri(svg: &str) -> String {
    format!("data:image/svg+xml;base64,{}", base64::engine::general_purpose::STANDARD.encode(svg))
}

/// Escapes text for HTML element content and quoted attribute values.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

/// The report as Markdown.
pub fn markdown(input: &ReportInput<'_>) -> String {
    let mut s = String::new();
    for b in blocks(input) {
        md_block(&b, &mut s);
    }
    s
}

fn md_block(b: &Block, s: &mut String) {
    match b {
        Block::Heading(level, text) => {
            let _ = writeln!(s, "{} {}\n", "#".repeat(usize::from(*level)), md_escape(text));
        }
        Block::Para(text) => {
            let _ = writeln!(s, "{}\n", md_escape(text));
        }
        Block::Strong(text) => {
            let _ = writeln!(s, "**{}**\n", md_escape(text));
        }
        Block::List(items) => {
            for i in items {
                let _ = writeln!(s, "- {}", md_escape(i));
            }
            s.push('\n');
        }
        Block::Table(head, rows) => {
            let row = |cells: &[String]| {
                format!("| {} |", cells.iter().map(|c| md_escape(c)).collect::<Vec<_>>().join(" | "))
            };
            let _ = writeln!(s, "{}", row(head));
            let _ = writeln!(s, "|{}", " --- |".repeat(head.len()));
            for r in rows {
                let _ = writeln!(s, "{}", row(r));
            }
            s.push('\n');
        }
        Block::Chart(alt, svg) => {
            let _ = writeln!(s, "![{}]({})\n", md_escape(alt), svg_data_uri(svg));
        }
        Block::Analysis(md, _) => {
            let _ = writeln!(s, "{}\n", md.trim_end());
        }
    }
}

/// The report as a self-contained, printable HTML page.
pub fn html_page(input: &ReportInput<'_>) -> String {
    let mut body = String::new();
    for b in blocks(input) {
        html_block(&b, &mut body);
    }
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">\n\
         <title>{}</title>\n<style>{PRINT_CSS}</style>\n</head>\n<body>\n<main>\n{body}</main>\n</body>\n</html>\n",
        html_escape(&format!("Faultline report: {}", input.scenario.title()))
    )
}

fn html_block(b: &Block, s: &mut String) {
    match b {
        Block::Heading(level, text) => {
            let _ = writeln!(s, "<h{level}>{}</h{level}>", html_escape(text));
        }
        Block::Para(text) => {
            let _ = writeln!(s, "<p>{}</p>", html_escape(text));
        }
        Block::Strong(text) => {
            let _ = writeln!(s, "<p class=\"strong\"><strong>{}</strong></p>", html_escape(text));
        }
        Block::List(items) => {
            s.push_str("<ul>\n");
            for i in items {
                let _ = writeln!(s, "<li>{}</li>", html_escape(i));
            }
            s.push_str("</ul>\n");
        }
        Block::Table(head, rows) => {
            s.push_str("<table>\n<thead><tr>");
            for h in head {
                let _ = write!(s, "<th>{}</th>", html_escape(h));
            }
            s.push_str("</tr></thead>\n<tbody>\n");
            for r in rows {
                s.push_str("<tr>");
                for c in r {
                    let _ = write!(s, "<td>{}</td>", html_escape(c));
                }
                s.push_str("</tr>\n");
            }
            s.push_str("</tbody>\n</table>\n");
        }
        Block::Chart(alt, svg) => {
            let _ = writeln!(
                s,
                "<figure><img src=\"{}\" alt=\"{}\"><figcaption>{}</figcaption></figure>",
                svg_data_uri(svg),
                html_escape(alt),
                html_escape(alt)
            );
        }
        Block::Analysis(_, blocks) => {
            for b in blocks {
                html_block(b, s);
            }
        }
    }
}

const PRINT_CSS: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans','DejaVu Sans',sans-serif;\
color:#111827;margin:0;line-height:1.45}main{max-width:60rem;margin:0 auto;padding:1.5rem}\
h1{color:#1e3a8a;font-size:1.8rem}h2{border-bottom:2px solid #d1d5db;padding-bottom:.2rem;margin-top:2rem}\
table{border-collapse:collapse;margin:.6rem 0 1rem;width:100%}th,td{border:1px solid #d1d5db;padding:.3rem .5rem;\
text-align:left;vertical-align:top}th{background:#f3f4f6}p.strong{border-left:6px solid #b91c1c;padding-left:.6rem}\
figure{margin:1rem 0;break-inside:avoid}figure img{width:100%;height:auto;border:1px solid #e5e7eb}\
figcaption{color:#374151;font-size:.9rem}li{margin:.25rem 0}\
@media print{main{max-width:none;padding:0}h2{break-after:avoid}table,tr{break-inside:avoid}@page{margin:15mm}}";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::compare::compare;
    use crate::analysis::montecarlo::{aggregate, run_range};
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
                evidence: None,
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
        let input =
            ReportInput { scenario: &sc, single: None, monte_carlo: None, comparison: None, stale: true };
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
}
