//! Monte Carlo outcomes: one bar per outcome with its mean share of
//! incidents per run, a whisker for the 95% confidence interval of that
//! mean, and the share written above. The bars share the outcome colours of
//! the other charts, so "silent" is the same black everywhere.

use super::layout::*;
use super::style::*;
use crate::analysis::montecarlo::Aggregate;
use crate::model::Scenario;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// Draws the chart onto `area`.
pub fn outcomes_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    sc: &Scenario,
    agg: &Aggregate,
) -> ChartResult<DB> {
    let theme = Theme::of(area);
    area.fill(&WHITE)?;
    let subtitle = format!(
        "{} · {} run{} · {} incidents · mean share per run with its 95% confidence interval",
        sc.title(),
        agg.runs,
        if agg.runs == 1 { "" } else { "s" },
        agg.incidents
    );
    let body = header(area, &theme, "How incidents end", &subtitle)?;
    if agg.runs == 0 || agg.incidents == 0 || agg.outcomes.is_empty() {
        let why = if agg.runs == 0 { "No runs yet." } else { "No incidents in these runs." };
        return message(&body, &theme, why);
    }

    let n = agg.outcomes.len() as f64;
    let top = agg
        .outcomes
        .iter()
        .map(|o| o.share.ci_high.max(o.share.mean))
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    // Room above the tallest whisker for its label, in whole tens of percent.
    let y_hi = ((top * 100.0 + 12.0) / 10.0).ceil().clamp(1.0, 11.0) * 10.0;

    let (w, _) = body.dim_in_pixel();
    let pad = theme.pad();
    let slot_px = (f64::from(w) - f64::from(pad) * 2.0 - theme.px(100.0)) / n;
    // Eight outcomes make narrow slots: the type shrinks until the longest
    // word of any label fits its slot, so labels wrap but are never cut.
    let longest = agg
        .outcomes
        .iter()
        .flat_map(|o| o.outcome.label().split_whitespace())
        .map(|word| text_width(word, 1.0))
        .fold(0.0, f64::max);
    let label_px = fitting_px(slot_px - theme.px(10.0), longest, theme.tick_px());
    let label_lines: Vec<Vec<String>> =
        agg.outcomes.iter().map(|o| wrap(o.outcome.label(), slot_px - theme.px(10.0), label_px, 3)).collect();
    let most_lines = label_lines.iter().map(Vec::len).max().unwrap_or(1) as f64;

    let mut chart = ChartBuilder::on(&body)
        .margin_left(pad)
        .margin_right(pad)
        .margin_bottom(pad / 2)
        .x_label_area_size((most_lines * label_px * 1.25 + theme.px(16.0)).round() as i32)
        .y_label_area_size(theme.i(100.0))
        .build_cartesian_2d(0.0..n, 0.0..y_hi)?;
    percent_mesh(&mut chart, &theme)?;

    let clamp = |v: f64| if v.is_finite() { (v * 100.0).clamp(0.0, y_hi) } else { 0.0 };
    chart.draw_series(agg.outcomes.iter().enumerate().map(|(k, o)| {
        let x = k as f64;
        Rectangle::new([(x + 0.18, 0.0), (x + 0.82, clamp(o.share.mean))], outcome_colour(o.outcome).filled())
    }))?;
    let whisker = INK.stroke_width(theme.i(2.0).max(1) as u32);
    for (k, o) in agg.outcomes.iter().enumerate() {
        let x = k as f64 + 0.5;
        let (lo, hi) = (clamp(o.share.ci_low), clamp(o.share.ci_high));
        if hi > lo {
            chart.draw_series([
                PathElement::new(vec![(x, lo), (x, hi)], whisker),
                PathElement::new(vec![(x - 0.08, lo), (x + 0.08, lo)], whisker),
                PathElement::new(vec![(x - 0.08, hi), (x + 0.08, hi)], whisker),
            ])?;
        }
        let (px, py) = chart.backend_coord(&(x, hi.max(clamp(o.share.mean))));
        text_at(
            &body,
            &percent(o.share.mean),
            &anchored(&bold(theme.px(20.0), INK), HPos::Center, VPos::Bottom),
            (px, py - theme.i(6.0)),
        )?;
        let (lx, ly) = chart.backend_coord(&(x, 0.0));
        for (j, line) in label_lines[k].iter().enumerate() {
            text_at(
                &body,
                line,
                &anchored(&font(label_px, INK), HPos::Center, VPos::Top),
                (lx, ly + theme.i(10.0) + (f64::from(j as u32) * label_px * 1.25).round() as i32),
            )?;
        }
    }
    Ok(())
}
