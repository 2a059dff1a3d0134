//! Error budget remaining per service over one run: one line per
//! user-facing service from 100% down (below 0% the SLO is broken), a zero
//! line, and a strip above the plot with a marker at each incident's start,
//! coloured by how it ended. With `until`, it draws the run up to that moment,
//! for playback; incidents not settled by then are marked as still open.

use super::layout::*;
use super::style::*;
use crate::analysis::metrics::{budget_left, budget_samples, closing_time, each_class_bad_seconds};
use crate::engine::{format_clock, format_duration, Incident, Outcome, RunLog, Time};
use crate::model::{CapIx, Layer, Scenario};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// The lowest budget the axis goes to; lines below are drawn at it, so one
/// service with a tiny budget cannot flatten every other line.
const FLOOR_PERCENT: f64 = -1000.0;

/// Samples per line over the whole horizon.
const SAMPLES: usize = 400;

/// The most service lines drawn: beyond it, the services that burned the
/// most of their budget, and the subtitle says how many were left out.
pub const MAX_LINES: usize = 12;

/// One service's line: its legend label, colour and points in (axis unit, %).
struct ServiceLine {
    label: String,
    colour: RGBColor,
    points: Vec<(f64, f64)>,
}

/// Draws the chart onto `area`.
pub fn budget_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    sc: &Scenario,
    log: &RunLog,
    until: Option<Time>,
) -> ChartResult<DB> {
    let theme = Theme::of(area);
    area.fill(&WHITE)?;
    let horizon = log.horizon.max(1);
    let now = until.map(|t| t.clamp(0, horizon));
    let end = now.unwrap_or(horizon);
    let axis = TimeAxis::for_horizon(horizon);

    let mut incidents: Vec<&Incident> = log.incidents.iter().filter(|i| i.start <= end).collect();
    incidents.sort_by_key(|i| (i.start, i.id));
    let services: Vec<CapIx> = sc.cap_ixs().filter(|&c| sc.cap(c).layer == Layer::Service).collect();

    // Each service's line, in percent, cut at `end` with an exact last point;
    // with the lowest it reaches over the whole run.
    let mut lines: Vec<Option<(usize, ServiceLine, f64)>> = services.iter().map(|_| None).collect();
    each_class_bad_seconds(log, &services, |bad, positions| {
        for &k in positions {
            let s = services[k];
            let samples = budget_samples(sc, bad, s, horizon, SAMPLES);
            let mut points: Vec<(f64, f64)> =
                samples.iter().filter(|&&(t, _)| t < end).map(|&(t, v)| (axis.of(t), v * 100.0)).collect();
            points.push((axis.of(end), budget_left(sc, bad, s, end) * 100.0));
            points.retain(|p| p.1.is_finite());
            // The axis fits the whole run, not just what is shown, so it
            // holds still during playback: no window holds more than the
            // whole run's bad seconds.
            let whole = samples
                .iter()
                .map(|&(_, v)| v * 100.0)
                .chain(std::iter::once((1.0 - bad.cum(horizon) / sc.budget_seconds(s)) * 100.0))
                .filter(|v| v.is_finite())
                .fold(f64::INFINITY, f64::min);
            let cap = sc.cap(s);
            let label = if cap.slo.is_none() {
                format!("{} (no SLO)", cap.name)
            } else if !log.capacity.working_slo(s) {
                format!("{} (SLO not measured)", cap.name)
            } else {
                cap.name.clone()
            };
            lines[k] = Some((k, ServiceLine { label, colour: SERIES[k % SERIES.len()], points }, whole));
        }
    });
    let mut lines: Vec<(usize, ServiceLine, f64)> = lines.into_iter().flatten().collect();
    let lowest = lines.iter().map(|l| l.2).fold(0.0, f64::min);
    // Least budget left first; ties keep the scenario's order.
    // A large organisation's services would be a tangle of lines and a
    // legend longer than the chart: the ones that burned most are drawn.
    if lines.len() > MAX_LINES {
        lines.sort_by(|a, b| a.2.total_cmp(&b.2).then(a.0.cmp(&b.0)));
        lines.truncate(MAX_LINES);
        lines.sort_by_key(|l| l.0);
    }
    let lines: Vec<ServiceLine> = lines.into_iter().map(|l| l.1).collect();

    let mut subtitle = format!(
        "{} · seed {} · {} incident{} over {}",
        sc.title(),
        log.seed,
        log.incidents.len(),
        if log.incidents.len() == 1 { "" } else { "s" },
        format_duration(horizon)
    );
    if services.len() > MAX_LINES {
        subtitle.push_str(&format!(
            " · the {MAX_LINES} of {} services that burned most",
            crate::engine::thousands(services.len() as u64)
        ));
    }
    if let Some(t) = now {
        subtitle.push_str(&format!(" · shown up to {}", format_clock(t)));
    }
    let body = header(area, &theme, "Error budget remaining in each SLO window", &subtitle)?;
    if services.is_empty() {
        return message(
            &body,
            &theme,
            "This scenario has no user-facing services, so there is no error budget to draw.",
        );
    }

    let clipped = lowest < FLOOR_PERCENT;
    // `lowest` is finite and the floor is below −10, so this cannot panic.
    let lo = lowest.clamp(FLOOR_PERCENT, -10.0);
    let span = 100.0 - lo;
    let (y_lo, y_hi) = (lo - span * 0.05, 100.0 + span * 0.05);

    // Legend: services, then the outcomes present among the markers.
    let state = |i: &Incident| -> Option<Outcome> { (closing_time(log, i.id) <= end).then_some(i.outcome) };
    let mut legend = Legend {
        lead: None,
        entries: lines.iter().map(|l| LegendEntry::new(l.label.clone(), l.colour, Swatch::Line)).collect(),
    };
    // During playback the legend lists every outcome of the whole run, so
    // the layout holds still while incidents appear.
    let mut markers = Legend { lead: Some("Incident starts:".into()), entries: Vec::new() };
    for o in Outcome::ALL {
        let listed = match now {
            Some(_) => log.incidents.iter().any(|i| i.outcome == o),
            None => incidents.iter().any(|i| i.outcome == o),
        };
        if listed {
            markers.entries.push(LegendEntry::new(outcome_short(o), outcome_colour(o), Swatch::Marker));
        }
    }
    if now.is_some() && !log.incidents.is_empty() {
        markers.entries.push(LegendEntry::new("still open", UNNOTICED, Swatch::Marker));
    }
    legend.entries.push(LegendEntry::new("0% = budget exhausted", INK, Swatch::Rule));
    if clipped {
        legend.entries.push(LegendEntry::new("lines below −1000% are drawn at −1000%", MUTED, Swatch::Thin));
    }
    let (w, _) = body.dim_in_pixel();
    let (legend_area, rest) = body.split_vertically(legend.height(&theme, w));
    legend.draw(&legend_area, &theme)?;
    let (marker_legend_area, rest) = rest.split_vertically(markers.height(&theme, w));
    markers.draw(&marker_legend_area, &theme)?;

    let pad = theme.pad();
    let y_label_w = theme.i(100.0);
    let strip_h = theme.i(26.0);
    let (strip_area, plot_area) = rest.split_vertically(strip_h);
    let x_range = 0.0..axis.of(horizon);

    // The strip of incident markers shares the plot's x axis.
    let strip = ChartBuilder::on(&strip_area)
        .margin_left(pad)
        .margin_right(pad + theme.i(10.0))
        .y_label_area_size(y_label_w)
        .build_cartesian_2d(x_range.clone(), 0.0..1.0)?;
    let m = theme.i(9.0);
    let (bx, by) = strip_area.get_base_pixel();
    for i in &incidents {
        let colour = state(i).map_or(UNNOTICED, outcome_colour);
        let (x, y) = strip.backend_coord(&(axis.of(i.start), 0.5));
        let (x, y) = (x - bx, y - by);
        strip_area.draw(&Polygon::new(vec![(x - m, y - m), (x + m, y - m), (x, y + m)], colour.filled()))?;
    }
    let (sx, sy) = strip.backend_coord(&(0.0, 0.5));
    text_at(
        &strip_area,
        "incidents",
        &anchored(&font(theme.tick_px(), MUTED), HPos::Right, VPos::Center),
        (sx - theme.i(12.0), sy),
    )?;

    let mut chart = ChartBuilder::on(&plot_area)
        .margin_left(pad)
        .margin_right(pad + theme.i(10.0))
        .margin_bottom(pad / 2)
        .x_label_area_size(theme.i(70.0))
        .y_label_area_size(y_label_w)
        .build_cartesian_2d(x_range.clone(), y_lo..y_hi)?;
    let percent_label = |v: &f64| if *v > 100.0 + 1e-9 { String::new() } else { format!("{}%", tick(*v)) };
    let day_label = |v: &f64| tick(*v);
    chart
        .configure_mesh()
        .x_desc(axis.desc())
        .y_desc("Error budget remaining (%)")
        .axis_desc_style(font(theme.axis_px(), INK))
        .label_style(font(theme.tick_px(), INK))
        .x_labels(10)
        .y_labels(8)
        .x_label_formatter(&day_label)
        .y_label_formatter(&percent_label)
        .bold_line_style(GRID.stroke_width(1))
        .light_line_style(TRANSPARENT)
        .axis_style(AXIS.stroke_width(theme.i(2.0).max(1) as u32))
        .draw()?;

    // Over budget: a pale band below zero, and a firm zero line.
    chart.draw_series(std::iter::once(Rectangle::new(
        [(x_range.start, y_lo), (x_range.end, 0.0)],
        RGBColor(0xfe, 0xec, 0xec).filled(),
    )))?;
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(x_range.start, 0.0), (x_range.end, 0.0)],
        INK.stroke_width(theme.i(2.0).max(1) as u32),
    )))?;
    // Faint guides from each marker down through the plot.
    chart.draw_series(incidents.iter().map(|i| {
        let x = axis.of(i.start);
        PathElement::new(
            vec![(x, y_lo), (x, y_hi)],
            state(i).map_or(UNNOTICED, outcome_colour).mix(0.3).stroke_width(1),
        )
    }))?;

    // Services hit by the same incidents have identical lines; drawing the
    // first ones wider leaves each visible as a rim around the next.
    let n = lines.len();
    for (k, line) in lines.iter().enumerate() {
        let clamped: Vec<(f64, f64)> = line.points.iter().map(|&(x, y)| (x, y.max(FLOOR_PERCENT))).collect();
        let width = theme.line_width() + theme.i(2.0).max(1) as u32 * (n - 1 - k).min(3) as u32;
        chart.draw_series(std::iter::once(PathElement::new(clamped, line.colour.stroke_width(width))))?;
    }

    if let Some(t) = now {
        let x = axis.of(t);
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(x, y_lo), (x, y_hi)],
            INK.stroke_width(2),
        )))?;
        let (nx, ny) = chart.backend_coord(&(x, y_hi));
        // Near the right edge the label goes on the left of the line.
        let (anchor, dx) =
            if x > x_range.end * 0.8 { (HPos::Right, -theme.i(6.0)) } else { (HPos::Left, theme.i(6.0)) };
        text_at(
            &plot_area,
            &format_clock(t),
            &anchored(&bold(theme.tick_px(), INK), anchor, VPos::Top),
            (nx + dx, ny + theme.i(4.0)),
        )?;
    }
    if log.incidents.is_empty() {
        let (cx, cy) = chart.backend_coord(&((x_range.start + x_range.end) / 2.0, 50.0));
        text_at(
            &plot_area,
            "No incidents in this run: every budget stays at 100%",
            &anchored(&font(theme.px(24.0), MUTED), HPos::Center, VPos::Center),
            (cx, cy),
        )?;
    }
    Ok(())
}
