//! Charts drawn with plotters onto any backend: one function per chart, so
//! tests render them to SVG strings and the UI to the page.
//!
//! Each chart has a function generic over plotters' [`DrawingBackend`] that
//! draws onto a [`DrawingArea`], and an `_svg` twin that renders it into an
//! SVG document string, which is what the tests check and what the UI shows
//! and exports (as SVG, or as PNG by letting the browser rasterize it). The
//! charts take plain data from the engine and the analysis and never panic on
//! odd data: an empty log, a single run or an extreme value draws a clear
//! state instead. User text (team, service and scenario names) goes into the
//! SVG as escaped text.
//!
//! Text layout never asks the backend to measure text (see `layout.rs`), so in
//! the browser the charts touch no DOM and can be drawn anywhere, and the
//! layout is the same on every target. This module, like the engine, never
//! imports the browser crates.

mod budget;
mod comparison;
mod handoffs;
mod layout;
mod outcomes;
pub mod report;
pub mod style;
mod swimlanes;
mod times;
mod tornado;

pub use budget::budget_chart;
pub use comparison::comparison_chart;
pub use handoffs::{handoffs_caption, handoffs_chart};
pub use layout::{bold_width, text_width};
pub use outcomes::outcomes_chart;
pub use style::ChartResult;
pub use swimlanes::swimlanes_chart;
pub use times::times_chart;
pub use tornado::{tornado_chart, TORNADO_ROWS};

use crate::analysis::compare::Comparison;
use crate::analysis::handoffs::Handoffs;
use crate::analysis::montecarlo::{Aggregate, RunSummary};
use crate::analysis::sensitivity::Sensitivity;
use crate::engine::{RunLog, Time};
use crate::model::Scenario;
use plotters::coord::Shift;
use plotters::prelude::*;

/// The size charts are designed at: a 16:9-ish slide at 1000 px wide.
pub const DEFAULT_SIZE: (u32, u32) = (1000, 600);

/// Renders a chart into an SVG document of `size` pixels. A drawing error
/// (which the SVG backend only reports for file output, never for strings)
/// becomes an SVG that says so, so callers always get a document.
pub fn to_svg<F>(size: (u32, u32), draw: F) -> String
where
    F: FnOnce(&DrawingArea<SVGBackend<'_>, Shift>) -> Result<(), DrawingAreaErrorKind<std::io::Error>>,
{
    let size = (size.0.clamp(1, 20_000), size.1.clamp(1, 20_000));
    let mut out = String::new();
    let failure = {
        let root = SVGBackend::with_string(&mut out, size).into_drawing_area();
        draw(&root).and_then(|()| root.present()).err().map(|e| e.to_string())
    };
    match failure {
        None => out,
        Some(why) => {
            let mut fallback = String::new();
            {
                let root = SVGBackend::with_string(&mut fallback, size).into_drawing_area();
                let theme = style::Theme::of(&root);
                // Drawing text into a string cannot fail either; if it did,
                // the document would still be well-formed, only emptier.
                let _ = root.fill(&WHITE);
                let _ = layout::message(&root, &theme, &format!("This chart could not be drawn: {why}"));
                let _ = root.present();
            }
            fallback
        }
    }
}

/// [`budget_chart`] as an SVG document.
pub fn budget_svg(sc: &Scenario, log: &RunLog, until: Option<Time>, size: (u32, u32)) -> String {
    to_svg(size, |a| budget_chart(a, sc, log, until))
}

/// [`swimlanes_chart`] as an SVG document.
pub fn swimlanes_svg(sc: &Scenario, log: &RunLog, until: Option<Time>, size: (u32, u32)) -> String {
    to_svg(size, |a| swimlanes_chart(a, sc, log, until))
}

/// [`handoffs_chart`] as an SVG document.
pub fn handoffs_svg(sc: &Scenario, tally: &Handoffs, size: (u32, u32)) -> String {
    to_svg(size, |a| handoffs_chart(a, sc, tally))
}

/// [`outcomes_chart`] as an SVG document.
pub fn outcomes_svg(sc: &Scenario, agg: &Aggregate, size: (u32, u32)) -> String {
    to_svg(size, |a| outcomes_chart(a, sc, agg))
}

/// [`times_chart`] as an SVG document.
pub fn times_svg(sc: &Scenario, runs: &[RunSummary], size: (u32, u32)) -> String {
    to_svg(size, |a| times_chart(a, sc, runs))
}

/// [`comparison_chart`] as an SVG document.
pub fn comparison_svg(cmp: &Comparison, size: (u32, u32)) -> String {
    to_svg(size, |a| comparison_chart(a, cmp))
}

/// [`tornado_chart`] as an SVG document.
pub fn tornado_svg(s: &Sensitivity, size: (u32, u32)) -> String {
    to_svg(size, |a| tornado_chart(a, s))
}
