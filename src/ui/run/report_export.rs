//! Exporting the report: gathers the current design, the pictures of its
//! board (and of both boards of a comparison) and whatever results exist
//! into a [`crate::charts::report::ReportInput`] and saves it as a Markdown
//! file or opens it as a printable page. Results made for an earlier
//! version of the design are included but flagged as stale.

use super::run_state::{same_design, RunState};
use crate::charts::report::{html_page, markdown, Boards, MonteCarlo, ReportInput, SingleRun};
use crate::model::{Scenario, ScenarioFile};
use crate::ui::board::picture::board_svg;
use crate::ui::web;

/// A file-name-safe form of a title: "Clear boundary" → "clear-boundary".
pub fn slug(title: &str) -> String {
    let s: String =
        title.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    let parts: Vec<&str> = s.split('-').filter(|p| !p.is_empty()).collect();
    if parts.is_empty() {
        "scenario".to_owned()
    } else {
        parts.join("-").chars().take(60).collect()
    }
}

/// Saves the report as Markdown (`printable == false`) or opens it as a
/// printable HTML page.
pub fn export(state: &RunState, file: &ScenarioFile, sc: &Scenario, printable: bool) {
    let fresh = |f: &ScenarioFile| same_design(f, file);
    let stale = state.single.as_ref().is_some_and(|s| !fresh(&s.file))
        || state.monte_carlo.as_ref().is_some_and(|m| !fresh(&m.file))
        || state.compare.as_ref().is_some_and(|c| !fresh(&c.file));
    let input = ReportInput {
        scenario: sc,
        single: state.single.as_ref().map(|s| SingleRun { scenario: &s.scenario, log: &s.log }),
        monte_carlo: state.monte_carlo.as_ref().map(|m| MonteCarlo {
            scenario: &m.scenario,
            seed: m.seed,
            summaries: &m.summaries,
            aggregate: &m.aggregate,
            handoffs: &m.handoffs,
            consequences: fresh(&m.file),
        }),
        comparison: state.compare.as_ref().map(|c| &c.comparison),
        stale,
        boards: Boards {
            design: Some(board_svg(file)),
            baseline: state.compare.as_ref().map(|c| board_svg(&c.a_file)),
            proposal: state.compare.as_ref().map(|c| board_svg(&c.b_file)),
        },
    };
    if printable {
        web::run::open_html(&html_page(&input));
    } else {
        crate::ui::web::download(
            &format!("faultline-report-{}.md", slug(sc.title())),
            &markdown(&input),
            "text/markdown;charset=utf-8",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn titles_become_file_names() {
        assert_eq!(slug("Clear boundary"), "clear-boundary");
        assert_eq!(slug("SRE absorbed into Platform"), "sre-absorbed-into-platform");
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug("平台"), "scenario");
        assert_eq!(slug(""), "scenario");
    }
}
