//! Hand-offs between teams: a matrix of who passed incidents to whom and how
//! often, over one run or summed over many. Rows are the team passing the
//! incident on, columns the team receiving it; a cell's shade grows with its
//! count, and the totals sit at the row and column ends. Hand-offs come from
//! consecutive holders of each incident, with leadership as its own row and
//! column when it took part.

use super::layout::*;
use super::style::*;
use crate::analysis::handoffs::Handoffs;
use crate::model::{Scenario, TeamIx};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use std::collections::BTreeMap;

/// Pale end of the cell shading.
const LOW: RGBColor = RGBColor(0xe8, 0xf1, 0xfb);
/// Dark end of the cell shading: one hue, readable in every colour vision.
const HIGH: RGBColor = RGBColor(0x0b, 0x30, 0x6b);

/// Holders in display order: teams by index, leadership last.
fn order(t: Option<TeamIx>) -> usize {
    t.map_or(usize::MAX, TeamIx::get)
}

/// The caption of a Monte Carlo set's hand-offs chart, with the count of
/// runs it sums. A set keeps the logs of its first runs only (the page keeps
/// 1,000), so a longer set's chart covers fewer runs than its other charts,
/// and the caption says so: "Hand-offs between teams in the first 1000 of
/// the 2000 runs" rather than "over 1000 runs" under a heading of 2000.
pub fn handoffs_caption(logs: usize, runs: usize) -> String {
    match (logs, runs) {
        (1, 1) => "Hand-offs between teams in the one run".to_owned(),
        (l, r) if l >= r => format!("Hand-offs between teams, summed over all {r} runs"),
        (1, r) => format!("Hand-offs between teams in the first of the {r} runs"),
        (l, r) => format!("Hand-offs between teams, summed over the first {l} of the {r} runs"),
    }
}

/// Draws the chart onto `area`: the tally of one run, or of many summed.
pub fn handoffs_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    sc: &Scenario,
    tally: &Handoffs,
) -> ChartResult<DB> {
    let theme = Theme::of(area);
    area.fill(&WHITE)?;

    let counts: BTreeMap<(Option<TeamIx>, Option<TeamIx>), u64> = tally.pairs().collect();
    let incidents = tally.incidents;
    let total = tally.total();
    let mut teams: Vec<Option<TeamIx>> = counts.keys().flat_map(|&(a, b)| [a, b]).collect();
    teams.sort_by_key(|&t| order(t));
    teams.dedup();

    let runs = match (tally.runs, tally.seed) {
        (1, Some(seed)) => format!("seed {seed}"),
        (n, _) => format!("summed over {n} runs"),
    };
    let subtitle = format!(
        "{} · {runs} · {total} hand-off{} in {incidents} incident{}",
        sc.title(),
        if total == 1 { "" } else { "s" },
        if incidents == 1 { "" } else { "s" }
    );
    let body = header(area, &theme, "Hand-offs between teams: who passes to whom", &subtitle)?;
    if total == 0 {
        let why = if incidents == 0 {
            "No incidents, so no hand-offs."
        } else {
            "No hand-offs: every incident stayed with the team that first had it."
        };
        return message(&body, &theme, why);
    }

    let (w, h) = body.dim_in_pixel();
    let (w, h) = (f64::from(w), f64::from(h));
    let pad = f64::from(theme.pad());
    let n = teams.len() as f64;
    let name_px = theme.tick_px();
    let line_h = name_px * 1.2;

    // Row names on the left, column names (wrapped) on top, totals at the ends.
    let row_w = teams
        .iter()
        .map(|&t| text_width(team_name(sc, t), name_px))
        .fold(text_width("received", name_px), f64::max)
        .min(w * 0.3)
        + theme.px(34.0);
    let total_w = text_width("passed on", name_px) + theme.px(16.0);
    let cell_w = ((w - 2.0 * pad - row_w - total_w) / n).max(1.0);
    let head_lines = teams
        .iter()
        .map(|&t| wrap(team_name(sc, t), cell_w - theme.px(8.0), name_px, 3).len())
        .max()
        .unwrap_or(1);
    let head_h = line_h * head_lines as f64 + theme.px(50.0);
    let total_h = line_h + theme.px(16.0);
    let cell_h = ((h - head_h - total_h - pad) / n).clamp(1.0, cell_w.max(theme.px(44.0)));
    let (x0, y0) = (pad + row_w, head_h);

    // Axis words: which way the matrix reads.
    let desc = font(theme.axis_px(), MUTED);
    body.draw_text("received by →", &anchored(&desc, HPos::Left, VPos::Top), (x0 as i32, theme.i(4.0)))?;
    body.draw_text(
        "passed on by ↓",
        &anchored(&desc, HPos::Right, VPos::Bottom),
        ((x0 - theme.px(10.0)) as i32, (y0 - theme.px(6.0)) as i32),
    )?;

    let swatch = theme.px(12.0);
    for (k, &t) in teams.iter().enumerate() {
        let colour = team_colour(sc, t);
        let name = team_name(sc, t);
        // Column header, bottom-aligned above its column, with a colour bar.
        let cx = x0 + cell_w * (k as f64 + 0.5);
        let lines = wrap(name, cell_w - theme.px(8.0), name_px, 3);
        for (j, line) in lines.iter().enumerate() {
            let y = y0 - theme.px(12.0) - line_h * (lines.len() - j) as f64;
            body.draw_text(
                line,
                &anchored(&font(name_px, INK), HPos::Center, VPos::Top),
                (cx as i32, y as i32),
            )?;
        }
        body.draw(&Rectangle::new(
            [
                ((x0 + cell_w * k as f64 + 2.0) as i32, (y0 - theme.px(8.0)) as i32),
                ((x0 + cell_w * (k as f64 + 1.0) - 2.0) as i32, (y0 - theme.px(3.0)) as i32),
            ],
            colour.filled(),
        ))?;
        // Row header, right-aligned, with a colour swatch.
        let cy = y0 + cell_h * (k as f64 + 0.5);
        body.draw(&Rectangle::new(
            [(pad as i32, (cy - swatch / 2.0) as i32), ((pad + swatch) as i32, (cy + swatch / 2.0) as i32)],
            colour.filled(),
        ))?;
        body.draw_text(
            &truncate(name, row_w - theme.px(34.0), name_px),
            &anchored(&font(name_px, INK), HPos::Left, VPos::Center),
            ((pad + swatch + theme.px(10.0)) as i32, cy as i32),
        )?;
    }

    let max = counts.values().copied().max().unwrap_or(1).max(1) as f64;
    let count_px = theme.px(22.0).min(cell_h * 0.5).min(cell_w * 0.3);
    for (r, &from) in teams.iter().enumerate() {
        for (c, &to) in teams.iter().enumerate() {
            let count = counts.get(&(from, to)).copied().unwrap_or(0);
            let (cx0, cy0) = (x0 + cell_w * c as f64, y0 + cell_h * r as f64);
            // A team passing to itself cannot happen; grey those cells out.
            let fill = match count {
                0 if r == c => RGBColor(0xf3, 0xf4, 0xf6),
                0 => WHITE,
                _ => mix(LOW, HIGH, (count as f64 / max).sqrt()),
            };
            body.draw(&Rectangle::new(
                [(cx0 as i32, cy0 as i32), ((cx0 + cell_w) as i32, (cy0 + cell_h) as i32)],
                fill.filled(),
            ))?;
            body.draw(&Rectangle::new(
                [(cx0 as i32, cy0 as i32), ((cx0 + cell_w) as i32, (cy0 + cell_h) as i32)],
                GRID.stroke_width(1),
            ))?;
            if count > 0 {
                let ink = if wants_white_text(fill) { WHITE } else { INK };
                body.draw_text(
                    &count.to_string(),
                    &anchored(&bold(count_px, ink), HPos::Center, VPos::Center),
                    ((cx0 + cell_w / 2.0) as i32, (cy0 + cell_h / 2.0) as i32),
                )?;
            }
        }
    }

    // Totals: passed on at the end of each row, received under each column.
    let total_style = font(name_px, MUTED);
    let tx = x0 + cell_w * n + theme.px(12.0);
    body.draw_text(
        "passed on",
        &anchored(&total_style, HPos::Left, VPos::Bottom),
        (tx as i32, (y0 - theme.px(12.0)) as i32),
    )?;
    let ty = y0 + cell_h * n + theme.px(8.0);
    body.draw_text(
        "received",
        &anchored(&total_style, HPos::Right, VPos::Top),
        ((x0 - theme.px(10.0)) as i32, ty as i32),
    )?;
    for (k, &t) in teams.iter().enumerate() {
        let out: u64 = counts.iter().filter(|((a, _), _)| *a == t).map(|(_, v)| v).sum();
        let into: u64 = counts.iter().filter(|((_, b), _)| *b == t).map(|(_, v)| v).sum();
        let cy = y0 + cell_h * (k as f64 + 0.5);
        body.draw_text(
            &out.to_string(),
            &anchored(&total_style, HPos::Left, VPos::Center),
            (tx as i32, cy as i32),
        )?;
        let cx = x0 + cell_w * (k as f64 + 0.5);
        body.draw_text(
            &into.to_string(),
            &anchored(&total_style, HPos::Center, VPos::Top),
            (cx as i32, ty as i32),
        )?;
    }
    Ok(())
}
