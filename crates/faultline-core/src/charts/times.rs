//! Monte Carlo times: how long incidents took to be detected and to be
//! mitigated, pooled over every run. Times run from seconds to days, so the
//! bins widen as they go (under a minute, 1–5 min, … over a week), and a last
//! "never" bin holds the incidents nobody detected or mitigated: the silent
//! ones do not vanish from the picture. The legend gives each series'
//! median, p10 and p90.

use super::layout::*;
use super::style::*;
use crate::analysis::montecarlo::{quantile, RunSummary};
use crate::engine::{format_duration, Time};
use crate::model::Scenario;
use crate::time::{DAY, HOUR, MINUTE, WEEK};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// Upper bounds of the bins in seconds; the last bin is open-ended.
const BOUNDS: [Time; 9] = [MINUTE, 5 * MINUTE, 15 * MINUTE, HOUR, 4 * HOUR, 12 * HOUR, DAY, 3 * DAY, WEEK];
const LABELS: [&str; 11] = [
    "< 1 min",
    "1–5 min",
    "5–15 min",
    "15–60 min",
    "1–4 h",
    "4–12 h",
    "12–24 h",
    "1–3 days",
    "3–7 days",
    "> 7 days",
    "never",
];

/// Share of all incidents in each bin, the last being "never".
fn shares(times: &[Time], incidents: u64) -> [f64; 11] {
    let mut counts = [0u64; 11];
    for &t in times {
        let bin = BOUNDS.iter().position(|&b| t < b).unwrap_or(BOUNDS.len());
        counts[bin] += 1;
    }
    counts[10] = incidents.saturating_sub(times.len() as u64);
    let total = incidents.max(times.len() as u64).max(1) as f64;
    counts.map(|c| c as f64 / total)
}

/// "to detect (70% of incidents): median 78 min, p10 3 min, p90 3.1 days".
fn summary(what: &str, times: &[Time], incidents: u64) -> String {
    if times.is_empty() {
        return format!("{what}: none ever was");
    }
    let share = percent(times.len() as f64 / incidents.max(1) as f64);
    // Sorted as integers, the cheaper comparison: the order is the same.
    let mut ints = times.to_vec();
    ints.sort_unstable();
    let sorted: Vec<f64> = ints.into_iter().map(|t| t as f64).collect();
    let q = |p: f64| format_duration(quantile(&sorted, p).round() as Time);
    format!("{what} ({share} of incidents): median {}, p10 {}, p90 {}", q(0.5), q(0.1), q(0.9))
}

/// Draws the chart onto `area` from the per-run summaries.
pub fn times_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    sc: &Scenario,
    runs: &[RunSummary],
) -> ChartResult<DB> {
    let theme = Theme::of(area);
    area.fill(&WHITE)?;
    let incidents: u64 = runs.iter().map(|r| u64::from(r.incidents)).sum();
    let subtitle = format!(
        "{} · {} run{} · {incidents} incidents · share of all incidents in each time bin",
        sc.title(),
        runs.len(),
        if runs.len() == 1 { "" } else { "s" },
    );
    let body = header(area, &theme, "Time to detect and to mitigate", &subtitle)?;
    if runs.is_empty() || incidents == 0 {
        let why = if runs.is_empty() { "No runs yet." } else { "No incidents in these runs." };
        return message(&body, &theme, why);
    }

    let detect: Vec<Time> = runs.iter().flat_map(|r| r.detect.iter().copied()).collect();
    let mitigate: Vec<Time> = runs.iter().flat_map(|r| r.mitigate.iter().copied()).collect();
    let series = [
        (summary("to detect", &detect, incidents), SERIES[0], shares(&detect, incidents)),
        (summary("to mitigate", &mitigate, incidents), SERIES[1], shares(&mitigate, incidents)),
    ];

    let legend = Legend {
        lead: None,
        entries: series
            .iter()
            .map(|(label, colour, _)| LegendEntry::new(label.clone(), *colour, Swatch::Box))
            .collect(),
    };
    let (w, _) = body.dim_in_pixel();
    let (legend_area, plot_area) = body.split_vertically(legend.height(&theme, w));
    legend.draw(&legend_area, &theme)?;

    let n = LABELS.len() as f64;
    let pad = theme.pad();
    let label_px = theme.tick_px();
    let slot_px = (f64::from(w) - f64::from(pad) * 2.0 - theme.px(100.0)) / n;
    let label_lines: Vec<Vec<String>> =
        LABELS.iter().map(|l| wrap(l, slot_px - theme.px(4.0), label_px, 2)).collect();
    let most_lines = label_lines.iter().map(Vec::len).max().unwrap_or(1) as f64;
    let top = series.iter().flat_map(|s| s.2).fold(0.0, f64::max);
    let y_hi = ((top * 100.0 + 5.0) / 10.0).ceil().clamp(1.0, 10.0) * 10.0;

    let mut chart = ChartBuilder::on(&plot_area)
        .margin_top(pad)
        .margin_left(pad)
        .margin_right(pad)
        .margin_bottom(pad / 2)
        .x_label_area_size(
            (most_lines * label_px * 1.25 + theme.axis_px() * 1.6 + theme.px(16.0)).round() as i32
        )
        .y_label_area_size(theme.i(100.0))
        .build_cartesian_2d(0.0..n, 0.0..y_hi)?;
    let percent_label = |v: &f64| format!("{}%", tick(*v));
    let no_label = |_: &f64| String::new();
    chart
        .configure_mesh()
        .x_desc("Time from the failure's start (bins widen as times grow)")
        .y_desc("Share of incidents (%)")
        .axis_desc_style(font(theme.axis_px(), INK))
        .label_style(font(theme.tick_px(), INK))
        .y_labels(6)
        .y_label_formatter(&percent_label)
        .x_labels(0)
        .x_label_formatter(&no_label)
        .disable_x_mesh()
        .bold_line_style(GRID.stroke_width(1))
        .light_line_style(TRANSPARENT)
        .axis_style(AXIS.stroke_width(theme.i(2.0).max(1) as u32))
        .draw()?;

    // "never" is not a time: set it apart with a rule.
    let never = n - 1.0;
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(never, 0.0), (never, y_hi)],
        MUTED.stroke_width(1),
    )))?;
    for (s, (_, colour, values)) in series.iter().enumerate() {
        chart.draw_series(values.iter().enumerate().map(|(k, &v)| {
            let x = k as f64 + 0.12 + 0.38 * s as f64;
            Rectangle::new([(x, 0.0), (x + 0.38, (v * 100.0).min(y_hi))], colour.filled())
        }))?;
    }
    for (k, lines) in label_lines.iter().enumerate() {
        let (lx, ly) = chart.backend_coord(&(k as f64 + 0.5, 0.0));
        for (j, line) in lines.iter().enumerate() {
            let style = if k == LABELS.len() - 1 { bold(label_px, INK) } else { font(label_px, INK) };
            text_at(
                &plot_area,
                line,
                &anchored(&style, HPos::Center, VPos::Top),
                (lx, ly + theme.i(10.0) + (j as f64 * label_px * 1.25).round() as i32),
            )?;
        }
    }
    Ok(())
}
