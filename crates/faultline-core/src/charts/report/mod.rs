//! The exported report: the current design (its board as drawn, given as
//! a picture), what the analysis finds in it, its Monte Carlo numbers, the
//! verdicts of the last single run and the comparison if there is one (with
//! both boards), with the charts embedded as SVG — as Markdown a director
//! pastes into a planning document, and as a self-contained HTML page that
//! prints well.
//!
//! Both formats come from one list of [`Block`]s so they always say the same
//! thing, in the same units: times as durations ("40 min", "5.2 h", "3.9
//! days"), error budgets as "62% used" or "exhausted 5.8×", and every count
//! of runs the true count of what its part shows. Everything a user typed goes through `md_escape` or [`html_escape`];
//! charts are embedded as `data:image/svg+xml;base64` images, which browsers
//! never run scripts from and which load nothing from the network.

use super::{
    budget_svg, comparison_svg, handoffs_caption, handoffs_svg, outcomes_svg, swimlanes_svg, times_svg,
};
use crate::analysis::compare::Comparison;
use crate::analysis::diagnostics::{diagnose, Paired};
use crate::analysis::handoffs::Handoffs;
use crate::analysis::montecarlo::{Aggregate, RunSummary};
use crate::analysis::report::capitalise;
use crate::analysis::report::{run_report, Format, BUDGETS_HEAD, TIMES_HEAD};
use crate::analysis::verdict::{hours, Verdicts};
use crate::engine::{format_clock, Outcome, RunLog};
use crate::model::Scenario;
use std::fmt::Write;

mod render;
#[cfg(test)]
mod tests;

pub use render::{html_escape, html_page, markdown, svg_data_uri};

/// Most paired runs behind the findings' consequences in a report: each
/// finding runs its mended design this often, so a long Monte Carlo set does
/// not make exporting slow.
pub const CONSEQUENCE_RUNS: u32 = 200;

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
    /// Hand-offs tallied over the set's runs (or over its first runs: the
    /// chart's caption then says of how many).
    pub handoffs: &'a Handoffs,
    /// Whether the findings' consequences are simulated on this set's seed
    /// (over its runs, at most [`CONSEQUENCE_RUNS`]): set when the set is of
    /// the report's design.
    pub consequences: bool,
}

/// Pictures of boards as drawn, each a standalone SVG document. Whoever
/// makes the report draws them (the web app with
/// `ui::board::picture::board_svg`, from the same geometry as the board on
/// screen): the charts module cannot, since it does not depend on the UI.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Boards {
    /// The report's design, shown with it.
    pub design: Option<String>,
    /// The comparison's baseline (design A), shown with the comparison.
    pub baseline: Option<String>,
    /// The comparison's proposal (design B), shown with the comparison.
    pub proposal: Option<String>,
}

/// Everything a report may include; absent parts are left out.
pub struct ReportInput<'a> {
    pub scenario: &'a Scenario,
    pub single: Option<SingleRun<'a>>,
    pub monte_carlo: Option<MonteCarlo<'a>>,
    pub comparison: Option<&'a Comparison>,
    /// Set when the results were computed for an earlier version of the design.
    pub stale: bool,
    pub boards: Boards,
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
    if let Some(svg) = &input.boards.design {
        out.push(Block::Heading(2, "The board".into()));
        out.push(Block::Chart(format!("The board as drawn: {}", sc.title()), svg.clone()));
    }
    design(sc, &mut out);
    let paired = input
        .monte_carlo
        .as_ref()
        .filter(|m| m.consequences)
        .map(|m| Paired { seed: m.seed, runs: (m.summaries.len() as u32).min(CONSEQUENCE_RUNS) });
    let d = diagnose(sc, paired);
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
                    let mut s = format!("{}: {}. {}", capitalise(f.severity.label()), f.title, f.why);
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
        comparison(cmp, &input.boards, &mut out);
    }
    out.push(Block::Para(
        "Made with Faultline, an org-design simulator that runs entirely in the browser.".into(),
    ));
    out
}

fn design(sc: &Scenario, out: &mut Vec<Block>) {
    out.push(Block::Heading(2, "The design".into()));
    // Where each team's week goes and how each service's SLO is kept: the
    // engine's plan, which the verdicts below cite when capacity was the cause.
    let cap = crate::engine::capacity::capacity(sc, &sc.settings.assumptions);
    let teams = sc
        .teams
        .iter()
        .zip(&cap.teams)
        .map(|(t, h)| {
            let week: Vec<String> = [
                (h.feature, "feature"),
                (h.on_call, "on-call"),
                (h.coverage, "SLOs and measurement"),
                (h.fix_lane, "fixes"),
                (h.toil, "toil"),
            ]
            .into_iter()
            .filter(|p| p.0 > 0.0)
            .map(|(v, what)| format!("{} {what}", hours(v)))
            .collect();
            vec![
                t.name.clone(),
                t.kind.label().to_owned(),
                t.headcount.to_string(),
                if t.on_call { "yes" } else { "no" }.to_owned(),
                format!("{:.0} / {:.0} / {:.0}", t.split.feature, t.split.reliability, t.split.toil),
                format!("{}: {}", hours(h.total), week.join(", ")),
            ]
        })
        .collect();
    out.push(Block::Table(
        ["Team", "Kind", "People", "On-call", "Feature / reliability / toil %", "Hours a week"]
            .map(String::from)
            .to_vec(),
        teams,
    ));
    let caps = sc
        .caps
        .iter()
        .zip(&cap.services)
        .map(|(c, cov)| {
            let owners: Vec<&str> = c.owners.iter().map(|&t| sc.team(t).name.as_str()).collect();
            let slo = match (c.slo, cov) {
                (Some(slo), Some(cov)) => {
                    let by = cov.measurer.map_or("nobody measures it".to_owned(), |t| {
                        format!("{} measures it with {} h a week", sc.team(t).name, hours(cov.measure_hours))
                    });
                    let seen = cov.seen() * 100.0;
                    let state = if cov.working {
                        format!("measured {seen:.0}%")
                    } else {
                        format!("not working (measured {seen:.0}%)")
                    };
                    let target = format!("{:.3}", slo.target * 100.0);
                    let target = target.trim_end_matches('0').trim_end_matches('.');
                    format!("{target}%, {state}; {by}")
                }
                _ if c.layer == crate::model::Layer::Service => "no SLO".to_owned(),
                _ => String::new(),
            };
            vec![
                c.name.clone(),
                c.layer.label().to_owned(),
                if owners.is_empty() { "nobody (unowned)".to_owned() } else { owners.join(", ") },
                slo,
            ]
        })
        .collect();
    out.push(Block::Table(["Capability", "Layer", "Owned by", "SLO"].map(String::from).to_vec(), caps));
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
    html.push(Block::Table(TIMES_HEAD.map(String::from).to_vec(), report.time_rows()));
    html.push(Block::Table(BUDGETS_HEAD.map(String::from).to_vec(), report.budget_rows()));
    out.push(Block::Analysis(md, html));
    out.push(Block::Chart("Monte Carlo outcomes".into(), outcomes_svg(sc, agg, REPORT_CHART)));
    out.push(Block::Chart(
        "Time to detect and to mitigate".into(),
        times_svg(sc, mc.summaries, REPORT_CHART),
    ));
    if mc.handoffs.runs > 0 {
        out.push(Block::Chart(
            handoffs_caption(mc.handoffs.runs as usize, mc.summaries.len()),
            handoffs_svg(sc, mc.handoffs, REPORT_CHART),
        ));
    }
}

fn single_run(sc: &Scenario, log: &RunLog, out: &mut Vec<Block>) {
    out.push(Block::Heading(2, format!("One run, seed {}: what happened to each incident", log.seed)));
    let mut incidents: Vec<_> = log.incidents.iter().collect();
    incidents.sort_by_key(|i| (i.start, i.id));
    let verdicts = Verdicts::new(sc, log);
    out.push(Block::List(
        incidents.iter().map(|inc| format!("{} — {}", format_clock(inc.start), verdicts.of(inc))).collect(),
    ));
    out.push(Block::Chart(
        "Error budget remaining per service".into(),
        budget_svg(sc, log, None, REPORT_CHART),
    ));
    out.push(Block::Chart("Incident swimlanes".into(), swimlanes_svg(sc, log, None, REPORT_CHART)));
    out.push(Block::Chart(
        "Hand-offs between teams in this run".into(),
        handoffs_svg(sc, &Handoffs::of_log(log), REPORT_CHART),
    ));
}

fn comparison(cmp: &Comparison, boards: &Boards, out: &mut Vec<Block>) {
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
                    vec![d.label.to_owned(), d.value_text(d.a), d.value_text(d.b), d.diff_text()]
                })
                .collect(),
        ),
    ];
    out.push(Block::Analysis(md, html));
    // What was compared, as each board is drawn: the baseline is design A,
    // whose failures and settings both ran on.
    for (svg, caption) in [
        (&boards.baseline, format!("Baseline (A), as drawn: {}", cmp.a_title)),
        (&boards.proposal, format!("Proposal (B), as drawn: {}", cmp.b_title)),
    ] {
        if let Some(svg) = svg {
            out.push(Block::Chart(caption, svg.clone()));
        }
    }
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
