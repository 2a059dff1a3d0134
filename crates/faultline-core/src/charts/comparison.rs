//! A/B comparison of two designs: for each outcome, design A's and design
//! B's mean share of incidents side by side with their 95% confidence
//! intervals, and under each pair the paired difference B − A with its own
//! interval, in bold where that interval excludes zero. The comparison's
//! verdict is the subtitle.

use super::layout::*;
use super::style::*;
use crate::analysis::compare::{Comparison, Delta};
use crate::analysis::montecarlo::Estimate;
use crate::engine::Outcome;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// Draws the chart onto `area`.
pub fn comparison_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    cmp: &Comparison,
) -> ChartResult<DB> {
    let theme = Theme::of(area);
    area.fill(&WHITE)?;
    let body = header(area, &theme, "A/B comparison: how incidents end", &cmp.verdict)?;
    let legend = Legend {
        lead: None,
        entries: vec![
            LegendEntry::new(format!("A: {}", cmp.a_title), DESIGN_A, Swatch::Box),
            LegendEntry::new(format!("B: {}", cmp.b_title), DESIGN_B, Swatch::Box),
        ],
    };
    let (w, _) = body.dim_in_pixel();
    let (legend_area, plot_area) = body.split_vertically(legend.height(&theme, w));
    legend.draw(&legend_area, &theme)?;
    if cmp.runs == 0 || (cmp.a.incidents == 0 && cmp.b.incidents == 0) {
        let why = if cmp.runs == 0 { "No runs yet." } else { "No incidents in either design." };
        return message(&plot_area, &theme, why);
    }

    // One group per outcome, with A's and B's shares and the paired delta.
    let share = |agg: &crate::analysis::montecarlo::Aggregate, o: Outcome| -> Estimate {
        agg.outcomes.iter().find(|s| s.outcome == o).map_or(Estimate::of(&[]), |s| s.share)
    };
    let groups: Vec<(Outcome, Estimate, Estimate, Option<&Delta>)> = Outcome::ALL
        .iter()
        .map(|&o| (o, share(&cmp.a, o), share(&cmp.b, o), cmp.deltas.iter().find(|d| d.metric == o.name())))
        .collect();

    let n = groups.len() as f64;
    let pad = theme.pad();
    let left = theme.i(100.0);
    let slot_px = (f64::from(w) - f64::from(pad) * 2.0 - f64::from(left)) / n;
    // Each group's difference and its interval, in words; muted unless clear.
    let diffs: Vec<(String, String, bool)> = groups
        .iter()
        .map(|g| match g.3 {
            Some(d) if d.diff.mean == 0.0 && d.diff.ci_low == 0.0 && d.diff.ci_high == 0.0 => {
                ("0 pts".to_owned(), "no change".to_owned(), false)
            }
            Some(d) => {
                let ci = format!("{} to {}", points(d.diff.ci_low), points(d.diff.ci_high));
                (points(d.diff.mean), ci.replace(" pts to", " to"), d.diff.is_clear())
            }
            // The comparison pairs no runs for this outcome: only the means differ.
            None => (points(g.2.mean - g.1.mean), "no paired CI".to_owned(), false),
        })
        .collect();
    // Eight outcomes make narrow slots: the type shrinks until the longest
    // word of every label, and every difference line, fits its slot.
    let longest_word = groups
        .iter()
        .flat_map(|g| g.0.label().split_whitespace())
        .map(|word| text_width(word, 1.0))
        .fold(0.0, f64::max);
    let label_px = fitting_px(slot_px - theme.px(10.0), longest_word, theme.tick_px());
    let longest_diff =
        diffs.iter().flat_map(|d| [bold_width(&d.0, 1.0), bold_width(&d.1, 1.0)]).fold(0.0, f64::max);
    let diff_px = fitting_px(slot_px - theme.px(4.0), longest_diff, theme.px(17.0));
    let label_lines: Vec<Vec<String>> =
        groups.iter().map(|g| wrap(g.0.label(), slot_px - theme.px(10.0), label_px, 3)).collect();
    let most_lines = label_lines.iter().map(Vec::len).max().unwrap_or(1) as f64;
    let label_h = most_lines * label_px * 1.25;
    let diff_h = 2.0 * diff_px * 1.3;

    let top = groups
        .iter()
        .flat_map(|g| [g.1.ci_high, g.1.mean, g.2.ci_high, g.2.mean])
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    let y_hi = ((top * 100.0 + 10.0) / 10.0).ceil().clamp(1.0, 11.0) * 10.0;

    let mut chart = ChartBuilder::on(&plot_area)
        .margin_left(pad)
        .margin_right(pad)
        .margin_bottom(pad / 2)
        .x_label_area_size((label_h + diff_h + theme.px(24.0)).round() as i32)
        .y_label_area_size(left)
        .build_cartesian_2d(0.0..n, 0.0..y_hi)?;
    percent_mesh(&mut chart, &theme)?;

    let clamp = |v: f64| if v.is_finite() { (v * 100.0).clamp(0.0, y_hi) } else { 0.0 };
    let whisker = INK.stroke_width(theme.i(2.0).max(1) as u32);
    for (side, colour) in [(0usize, DESIGN_A), (1, DESIGN_B)] {
        chart.draw_series(groups.iter().enumerate().map(|(k, g)| {
            let e = if side == 0 { g.1 } else { g.2 };
            let x = k as f64 + 0.12 + 0.38 * side as f64;
            Rectangle::new([(x, 0.0), (x + 0.38, clamp(e.mean))], colour.filled())
        }))?;
    }
    for (k, g) in groups.iter().enumerate() {
        for (side, e) in [(0, g.1), (1, g.2)] {
            let x = k as f64 + 0.31 + 0.38 * f64::from(side);
            let (lo, hi) = (clamp(e.ci_low), clamp(e.ci_high));
            if hi > lo {
                chart.draw_series([
                    PathElement::new(vec![(x, lo), (x, hi)], whisker),
                    PathElement::new(vec![(x - 0.06, lo), (x + 0.06, lo)], whisker),
                    PathElement::new(vec![(x - 0.06, hi), (x + 0.06, hi)], whisker),
                ])?;
            }
        }

        let (lx, ly) = chart.backend_coord(&(k as f64 + 0.5, 0.0));
        let mut y = ly + theme.i(10.0);
        for line in &label_lines[k] {
            text_at(&plot_area, line, &anchored(&font(label_px, INK), HPos::Center, VPos::Top), (lx, y))?;
            y += (label_px * 1.25).round() as i32;
        }
        y = ly + theme.i(10.0) + label_h.round() as i32 + theme.i(6.0);
        let (first, second, clear) = &diffs[k];
        let style = if *clear { bold(diff_px, INK) } else { font(diff_px, MUTED) };
        for line in [first, second] {
            let line = truncate(line, slot_px - theme.px(4.0), diff_px);
            text_at(&plot_area, &line, &anchored(&style, HPos::Center, VPos::Top), (lx, y))?;
            y += (diff_px * 1.3).round() as i32;
        }
    }
    // Row heads for the difference lines, in the axis label column.
    let (ax, ay) = chart.backend_coord(&(0.0, 0.0));
    let y = ay + theme.i(10.0) + label_h.round() as i32 + theme.i(6.0);
    let head = anchored(&font(diff_px, MUTED), HPos::Right, VPos::Top);
    text_at(&plot_area, "B − A", &head, (ax - theme.i(10.0), y))?;
    text_at(&plot_area, "95% CI", &head, (ax - theme.i(10.0), y + (diff_px * 1.3).round() as i32))?;
    Ok(())
}
