//! Incident swimlanes: one lane per incident, in order of start, with a bar
//! for each stretch a team (or leadership) held it, coloured by the team, a
//! thin grey bar while nobody had noticed it yet, and how it ended at the
//! right. This is where bouncing shows: a lane of many short bars in several
//! colours is an incident passed around; a long grey bar is silent failure.
//! With `until`, it draws the run up to that moment, for playback.

use super::layout::*;
use super::style::*;
use crate::analysis::metrics::{closing_time, holdings, Holding};
use crate::engine::{format_clock, format_duration, Incident, RunLog, Time};
use crate::model::{Scenario, TeamIx};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// The smallest lane, at the reference size, before lanes are left out:
/// it holds a 16 px label.
const MIN_LANE_PX: f64 = 22.0;

/// Draws the chart onto `area`.
pub fn swimlanes_chart<DB: DrawingBackend>(
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

    let mut incidents: Vec<&Incident> = log.incidents.iter().collect();
    incidents.sort_by_key(|i| (i.start, i.id));
    let all_spans = holdings(log);
    let spans: Vec<Holding> = all_spans.iter().copied().filter(|h| h.from < end).collect();

    // Legend: the holders of the whole run (so that it holds still during
    // playback), in team order, leadership last.
    let mut holders: Vec<Option<TeamIx>> = all_spans.iter().map(|s| s.team).collect();
    holders.sort_by_key(|t| t.map_or(usize::MAX, TeamIx::get));
    holders.dedup();
    let mut legend = Legend {
        lead: Some("Held by:".into()),
        entries: holders
            .iter()
            .map(|&t| LegendEntry::new(team_name(sc, t), team_colour(sc, t), Swatch::Box))
            .collect(),
    };
    legend.entries.push(LegendEntry::new("nobody had noticed yet", UNNOTICED, Swatch::Thin));

    let (w, h) = area.dim_in_pixel();
    let pad = theme.pad();
    let x_area = theme.i(70.0);
    let mut subtitle = format!("{} · seed {}", sc.title(), log.seed);
    if let Some(t) = now {
        subtitle.push_str(&format!(" · shown up to {}", format_clock(t)));
    }
    let n = incidents.len();
    let all = format!("{subtitle} · {n} incident{}", if n == 1 { "" } else { "s" });
    let cut = format!("{subtitle} · the first {n} of {n} incidents");
    // Lanes must stay tall enough for labels a room can read; when they
    // cannot all be, the chart shows the first ones and says so.
    let lanes_fitting = |sub: &str| {
        let room = h as i32 - header_height(&theme, w, sub) - legend.height(&theme, w) - x_area - pad / 2;
        (f64::from(room.max(0)) / theme.px(MIN_LANE_PX)).floor() as usize
    };
    let (shown, subtitle) = if lanes_fitting(&all) >= n {
        (n, all)
    } else {
        // Not all fit, so there is at least one incident: 1 ≤ n.
        let shown = lanes_fitting(&cut).clamp(1, n);
        (shown, format!("{subtitle} · the first {shown} of {n} incidents"))
    };
    let body = header(area, &theme, "Who held each incident, and when", &subtitle)?;
    if incidents.is_empty() {
        return message(&body, &theme, &format!("No incidents in this run ({}).", format_duration(horizon)));
    }
    let incidents = &incidents[..shown];
    let (legend_area, plot_area) = body.split_vertically(legend.height(&theme, w));
    legend.draw(&legend_area, &theme)?;

    // Label columns: incident names on the left, outcomes on the right.
    let label_px = theme.tick_px();
    let names: Vec<String> =
        incidents.iter().map(|i| format!("{} · {}", i.kind.label(), sc.cap(i.target).name)).collect();
    let widest = names.iter().map(|n| text_width(n, label_px)).fold(0.0, f64::max);
    let left = (widest + theme.px(24.0)).min(f64::from(w) * 0.36).round() as i32;
    let note_px = label_px * 0.85;
    let ends: Vec<(&str, String)> = incidents
        .iter()
        .map(|i| {
            let note = if i.handoffs >= 2 { format!(" · {} hand-offs", i.handoffs) } else { String::new() };
            (outcome_short(i.outcome), note)
        })
        .collect();
    let right = ends
        .iter()
        .map(|(o, n)| bold_width(o, label_px) + text_width(n, note_px))
        .fold(text_width("open", label_px), f64::max)
        .min(f64::from(w) * 0.26)
        .round() as i32
        + theme.i(30.0);

    let lanes = incidents.len() as f64;
    let mut chart = ChartBuilder::on(&plot_area)
        .margin_left(pad)
        .margin_right(right)
        .margin_bottom(pad / 2)
        .x_label_area_size(x_area)
        .y_label_area_size(left)
        .build_cartesian_2d(0.0..axis.of(horizon), 0.0..lanes)?;
    // Every other lane on a faint band, under the grid, to guide the eye.
    chart.draw_series((0..incidents.len()).filter(|k| k % 2 == 1).map(|k| {
        let y = lanes - k as f64;
        Rectangle::new([(0.0, y - 1.0), (axis.of(horizon), y)], RGBColor(0xf3, 0xf4, 0xf6).filled())
    }))?;
    let day_label = |v: &f64| tick(*v);
    let no_label = |_: &f64| String::new();
    chart
        .configure_mesh()
        .x_desc(axis.desc())
        .axis_desc_style(font(theme.axis_px(), INK))
        .label_style(font(theme.tick_px(), INK))
        .x_labels(10)
        .x_label_formatter(&day_label)
        .y_labels(0)
        .y_label_formatter(&no_label)
        .disable_y_mesh()
        .bold_line_style(GRID.stroke_width(1))
        .light_line_style(TRANSPARENT)
        .axis_style(AXIS.stroke_width(theme.i(2.0).max(1) as u32))
        .draw()?;

    // Lane k (from the top) spans y in [lanes − k − 1, lanes − k].
    let lane_px = {
        let (_, a) = chart.backend_coord(&(0.0, 0.0));
        let (_, b) = chart.backend_coord(&(0.0, 1.0));
        f64::from((a - b).abs())
    };
    let name_px = label_px.min(lane_px * 0.75);
    let x_per_px = {
        let (a, _) = chart.backend_coord(&(0.0, 0.0));
        let (b, _) = chart.backend_coord(&(axis.of(horizon), 0.0));
        axis.of(horizon) / f64::from((b - a).max(1))
    };
    // Every span gets at least a few pixels, and a white gap from the one
    // before, so a burst of hand-offs on a thirty-day axis still shows.
    let min_width = 5.0 * x_per_px;
    let gap = x_per_px;

    for (k, inc) in incidents.iter().enumerate() {
        let y_top = lanes - k as f64 - 0.5 + 0.36;
        let y_bottom = lanes - k as f64 - 0.5 - 0.36;
        let y_mid = lanes - k as f64 - 0.5;
        let (lx, ly) = chart.backend_coord(&(0.0, y_mid));
        if inc.start > end {
            continue;
        }
        text_at(
            &plot_area,
            &truncate(&names[k], f64::from(left) - theme.px(16.0), name_px),
            &anchored(&font(name_px, INK), HPos::Right, VPos::Center),
            (lx - theme.i(10.0), ly),
        )?;

        // Before anyone noticed: users hurt, nobody holding it.
        let noticed = inc.holders.first().map_or_else(|| closing_time(log, inc.id), |h| h.0);
        let unnoticed_end = noticed.min(end).max(inc.start);
        let (x0, x1) = (axis.of(inc.start), axis.of(unnoticed_end));
        chart.draw_series(std::iter::once(Rectangle::new(
            [(x0, y_mid - 0.09), (x1.max(x0 + min_width), y_mid + 0.09)],
            UNNOTICED.filled(),
        )))?;

        let mut drawn_to = f64::NEG_INFINITY;
        for span in spans.iter().filter(|s| s.incident == inc.id) {
            let colour = team_colour(sc, span.team);
            let x0 = axis.of(span.from).max(drawn_to + gap);
            let x1 = axis.of(span.until.min(end)).max(x0 + min_width);
            drawn_to = x1;
            chart.draw_series(std::iter::once(Rectangle::new(
                [(x0, y_bottom), (x1, y_top)],
                colour.filled(),
            )))?;
            // The holder's name inside the bar when it fits.
            let name = team_name(sc, span.team);
            let bar_px = (x1 - x0) / x_per_px;
            let inner_px = name_px * 0.9;
            if bar_px > text_width(name, inner_px) + theme.px(12.0) {
                let (bx, by) = chart.backend_coord(&(x0, y_mid));
                let ink = if wants_white_text(colour) { WHITE } else { INK };
                text_at(
                    &plot_area,
                    name,
                    &anchored(&font(inner_px, ink), HPos::Left, VPos::Center),
                    (bx + theme.i(6.0), by),
                )?;
            }
        }

        // How it ended, once it has.
        let (rx, ry) = chart.backend_coord(&(axis.of(horizon), y_mid));
        let x = rx + theme.i(12.0);
        if closing_time(log, inc.id) <= end {
            let (outcome, note) = &ends[k];
            let style = bold(name_px, outcome_colour(inc.outcome));
            text_at(&plot_area, outcome, &anchored(&style, HPos::Left, VPos::Center), (x, ry))?;
            let x = x + bold_width(outcome, name_px).round() as i32;
            let small = name_px * 0.85;
            text_at(&plot_area, note, &anchored(&font(small, MUTED), HPos::Left, VPos::Center), (x, ry))?;
        } else {
            text_at(&plot_area, "open", &anchored(&font(name_px, MUTED), HPos::Left, VPos::Center), (x, ry))?;
        }
    }

    if let Some(t) = now {
        let x = axis.of(t);
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(x, 0.0), (x, lanes)],
            INK.stroke_width(2),
        )))?;
    }
    Ok(())
}
