//! Sensitivity as a tornado: one row per assumption, largest swing on top,
//! with a bar from the headline at the defaults to its value at the low end
//! of the assumption's plausible range and one to its value at the high end.
//! A vertical line marks the defaults and, for a comparison, another marks
//! zero: the line a bar must cross for the conclusion to flip. The sentence
//! that says whether it ever does is the subtitle.

use super::layout::*;
use super::style::*;
use crate::analysis::objective::Objective;
use crate::analysis::report::{duration, minus_signs, signed_duration};
use crate::analysis::sensitivity::{Row, Sensitivity};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// Rows drawn; the rest are counted in a caption.
pub const TORNADO_ROWS: usize = 15;

const LOW: RGBColor = SERIES[0];
const HIGH: RGBColor = SERIES[1];
/// The line where a comparison's conclusion flips.
const ZERO: RGBColor = LEADERSHIP;

/// A headline value as the chart labels it, to a tenth of a point: the
/// ends of one assumption often differ by less than a point.
fn value_text(o: Objective, comparison: bool, v: f64) -> String {
    let s = if comparison { o.show_diff(v) } else { o.show(v) };
    minus_signs(&s)
}

/// A tick on the value axis: a share or a difference in whole points where
/// they are whole, a time or a difference of times.
fn tick_label(o: Objective, comparison: bool, v: f64) -> String {
    match (o.is_share(), comparison) {
        (true, true) => points(v),
        (true, false) => percent(v),
        (false, true) => minus_signs(&signed_duration(v)),
        (false, false) => duration(v),
    }
}

/// A round step near `span / 5`: 1, 2 or 5 times a power of ten.
fn nice_step(span: f64) -> f64 {
    let raw = (span / 5.0).max(f64::MIN_POSITIVE);
    let p = 10f64.powf(raw.log10().floor());
    let m = raw / p;
    p * if m <= 1.0 {
        1.0
    } else if m <= 2.0 {
        2.0
    } else if m <= 5.0 {
        5.0
    } else {
        10.0
    }
}

/// Draws the chart onto `area`.
pub fn tornado_chart<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, s: &Sensitivity) -> ChartResult<DB> {
    let theme = Theme::of(area);
    area.fill(&WHITE)?;
    let (w, _) = area.dim_in_pixel();
    let (wf, pad) = (f64::from(w), theme.pad());
    let max = wf - 2.0 * f64::from(pad);
    let o = s.objective;
    let comparison = s.b_title.is_some();

    // The title, the sentence (the conclusion) and what was measured.
    let title = format!("What each assumption moves: {}", o.label());
    // The longest objective's title is a little wider than a slide: its type
    // shrinks by up to a fifth before it is cut.
    let title_px = theme.title_px().min(max / bold_width(&title, 1.0).max(1e-9)).max(theme.title_px() * 0.8);
    let sub_px = theme.subtitle_px();
    let mut y = pad;
    area.draw_text(
        &truncate(&title, max, title_px),
        &anchored(&bold(title_px, INK), HPos::Left, VPos::Top),
        (pad, y),
    )?;
    y += (title_px * 1.3).round() as i32;
    for line in wrap(&s.sentence, max, sub_px, 3) {
        area.draw_text(&line, &anchored(&font(sub_px, INK), HPos::Left, VPos::Top), (pad, y))?;
        y += (sub_px * 1.3).round() as i32;
    }
    // Each assumption alone, the same seeds for every bar.
    let context = match &s.b_title {
        Some(b) => format!(
            "Each assumption alone, {} paired runs from seed {} · B − A: {b} against {}",
            s.runs, s.seed, s.a_title
        ),
        None => format!("Each assumption alone, {} runs from seed {} · {}", s.runs, s.seed, s.a_title),
    };
    let small_px = theme.px(16.0);
    area.draw_text(
        &truncate(&context, max, small_px),
        &anchored(&font(small_px, MUTED), HPos::Left, VPos::Top),
        (pad, y),
    )?;
    y += (small_px * 1.3).round() as i32 + theme.i(8.0);
    let body = area.split_vertically(y).1;

    if s.runs == 0 {
        return message(&body, &theme, "No runs yet.");
    }
    if s.rows.is_empty() {
        return message(&body, &theme, "No assumptions were swept.");
    }
    if s.base.n == 0 && s.rows.iter().all(|r| r.at_low.n == 0 && r.at_high.n == 0) {
        return message(&body, &theme, &format!("No run had anything to measure for {}.", o.label()));
    }

    let mut entries = vec![
        LegendEntry::new("low end of range", LOW, Swatch::Box),
        LegendEntry::new("high end of range", HIGH, Swatch::Box),
        LegendEntry::new(format!("defaults: {}", value_text(o, comparison, s.base.mean)), INK, Swatch::Rule),
    ];
    if comparison {
        entries.push(LegendEntry::new("no difference: the conclusion flips across it", ZERO, Swatch::Rule));
    }
    let legend = Legend { lead: None, entries };
    let (legend_area, plot) = body.split_vertically(legend.height(&theme, w));
    legend.draw(&legend_area, &theme)?;
    let (_, ph) = plot.dim_in_pixel();
    let (px0, py0) = plot.get_base_pixel();

    let shown: Vec<&Row> = s.rows.iter().take(TORNADO_ROWS).collect();
    let hidden = &s.rows[shown.len()..];
    let tick_px = theme.px(15.0);
    let caption_h = if hidden.is_empty() { 0 } else { (small_px * 1.4).round() as i32 };
    let axis_h = (tick_px * 1.3).round() as i32 + theme.i(8.0);
    let rows_top = py0 + theme.i(4.0);
    let rows_bottom = py0 + ph as i32 - pad / 2 - caption_h - axis_h;
    let row_h = f64::from((rows_bottom - rows_top).max(1)) / shown.len() as f64;
    let label_px = theme.tick_px().min(row_h * 0.62).max(1.0);
    let range_px = label_px * 0.85;

    // The label column: each key right-aligned, then its range in a column
    // of its own.
    let ranges: Vec<String> =
        shown.iter().map(|r| format!("{}–{}", tick_text(r.low), tick_text(r.high))).collect();
    let gap = theme.px(8.0);
    let range_col = ranges.iter().map(|t| text_width(t, range_px)).fold(0.0, f64::max);
    let key_col = shown.iter().map(|r| bold_width(r.key, label_px)).fold(0.0, f64::max);
    let left = px0 as f64 + f64::from(pad);
    let key_end = left + key_col.min(wf * 0.5 - range_col - gap).max(label_px);
    let col_end = key_end + gap + range_col;

    // The value axis, with room beside the outermost bars for their labels.
    let mut lo = s.base.mean;
    let mut hi = s.base.mean;
    if comparison {
        lo = lo.min(0.0);
        hi = hi.max(0.0);
    }
    for r in &shown {
        for e in [r.at_low.mean, r.at_high.mean].into_iter().filter(|v| v.is_finite()) {
            lo = lo.min(e);
            hi = hi.max(e);
        }
    }
    if hi - lo < 1e-9 {
        let d: f64 = if o.is_share() { 0.01 } else { 1.0 };
        let d = d.max(hi.abs() * 0.1);
        lo -= d;
        hi += d;
    }
    let labels: Vec<[(String, f64, RGBColor); 2]> = shown
        .iter()
        .map(|r| {
            [(r.at_low.mean, LOW), (r.at_high.mean, HIGH)]
                .map(|(v, c)| (value_text(o, comparison, v), v - s.base.mean, c))
        })
        .collect();
    let label_w = |t: &str| text_width(t, label_px * 0.9);
    let side_room = |right: bool| {
        labels
            .iter()
            .map(|l| {
                l.iter()
                    .filter(|(_, d, _)| if right { *d > 0.0 } else { *d < 0.0 })
                    .map(|(t, _, _)| label_w(t) + gap)
                    .sum::<f64>()
            })
            .fold(text_width("no change", label_px * 0.9) + gap, f64::max)
    };
    let x0 = col_end + gap + side_room(false);
    let x1 = (px0 as f64 + wf - f64::from(pad) - side_room(true)).max(x0 + 1.0);
    let x = |v: f64| x0 + (v - lo) / (hi - lo) * (x1 - x0);

    // Grid and ticks.
    let step = nice_step(hi - lo);
    let mut t = (lo / step).ceil() * step;
    let axis_y = rows_bottom + theme.i(6.0);
    while t <= hi + step * 1e-9 {
        let tx = x(t).round() as i32;
        area.draw(&PathElement::new(vec![(tx, rows_top), (tx, rows_bottom)], GRID.stroke_width(1)))?;
        let text = tick_label(o, comparison, if t.abs() < step * 1e-9 { 0.0 } else { t });
        text_at(area, &text, &anchored(&font(tick_px, MUTED), HPos::Center, VPos::Top), (tx, axis_y))?;
        t += step;
    }

    // The rows.
    let bar_h = (row_h * 0.62).max(1.0);
    let bx = x(s.base.mean);
    for (k, (r, range)) in shown.iter().zip(&ranges).enumerate() {
        let cy = rows_top as f64 + row_h * (k as f64 + 0.5);
        text_at(
            area,
            range,
            &anchored(&font(range_px, MUTED), HPos::Left, VPos::Center),
            ((key_end + gap).round() as i32, cy.round() as i32),
        )?;
        let (key, style) = if r.flip.is_some() {
            (truncate(r.key, (key_end - left) / 1.08, label_px), bold(label_px, INK))
        } else {
            (truncate(r.key, key_end - left, label_px), font(label_px, INK))
        };
        text_at(
            area,
            &key,
            &anchored(&style, HPos::Right, VPos::Center),
            (key_end.round() as i32, cy.round() as i32),
        )?;

        // Farther bar first, so a nearer one on the same side sits on top of it, thinner.
        let mut ends = labels[k].clone();
        ends.sort_by(|p, q| q.1.abs().total_cmp(&p.1.abs()));
        let same_side = ends[0].1 * ends[1].1 > 0.0;
        for (j, (_, d, colour)) in ends.iter().enumerate() {
            let ex = x(s.base.mean + d);
            if (ex - bx).abs() < 0.5 {
                continue;
            }
            let half = if same_side && j == 1 { bar_h * 0.3 } else { bar_h / 2.0 };
            let (l, rr) = if ex < bx { (ex, bx) } else { (bx, ex) };
            area.draw(&Rectangle::new(
                [
                    (l.round() as i32, (cy - half).round() as i32),
                    (rr.round() as i32, (cy + half).round() as i32),
                ],
                colour.filled(),
            ))?;
        }
        // Labels outside the bars' ends, farther end's first.
        let vpx = label_px * 0.9;
        let mut placed = [false; 2];
        for right in [false, true] {
            let mut at = if right { f64::NEG_INFINITY } else { f64::INFINITY };
            for (text, d, colour) in ends.iter().filter(|e| if right { e.1 > 0.0 } else { e.1 < 0.0 }) {
                let ex = x(s.base.mean + d);
                let style = font(vpx, mix(*colour, INK, 0.35));
                if right {
                    let start = at.max(ex + gap);
                    text_at(
                        area,
                        text,
                        &anchored(&style, HPos::Left, VPos::Center),
                        (start.round() as i32, cy.round() as i32),
                    )?;
                    at = start + label_w(text) + gap;
                } else {
                    let end = at.min(ex - gap);
                    text_at(
                        area,
                        text,
                        &anchored(&style, HPos::Right, VPos::Center),
                        (end.round() as i32, cy.round() as i32),
                    )?;
                    at = end - label_w(text) - gap;
                }
                placed[usize::from(right)] = true;
            }
        }
        if !placed[0] && !placed[1] {
            text_at(
                area,
                "no change",
                &anchored(&font(vpx, MUTED), HPos::Left, VPos::Center),
                ((bx + gap).round() as i32, cy.round() as i32),
            )?;
        }
    }

    // The defaults and, for a comparison, zero, over the bars.
    let rule = |v: f64, colour: RGBColor| {
        let lx = x(v).round() as i32;
        area.draw(&PathElement::new(
            vec![(lx, rows_top - theme.i(4.0)), (lx, rows_bottom)],
            colour.stroke_width(theme.i(2.0).max(1) as u32),
        ))
    };
    if comparison {
        rule(0.0, ZERO)?;
    }
    rule(s.base.mean, INK)?;
    area.draw(&PathElement::new(
        vec![(x0.round() as i32, rows_bottom), (x1.round() as i32, rows_bottom)],
        AXIS.stroke_width(1),
    ))?;

    if let Some(largest) = hidden.iter().map(|r| r.swing).reduce(f64::max) {
        let swing =
            if o.is_share() { points(largest).trim_start_matches('+').to_owned() } else { duration(largest) };
        let caption = format!(
            "{} more assumption{} not shown; the largest swing among them is {swing}.",
            hidden.len(),
            if hidden.len() == 1 { "" } else { "s" }
        );
        text_at(
            area,
            &truncate(&caption, max, small_px),
            &anchored(&font(small_px, MUTED), HPos::Left, VPos::Top),
            (px0 + pad, axis_y + axis_h),
        )?;
    }
    Ok(())
}

/// An assumption's value for the label column: a few significant figures,
/// with a real minus sign.
fn tick_text(v: f64) -> String {
    minus_signs(&crate::analysis::sensitivity::number(v))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::montecarlo::Estimate;
    use crate::analysis::sensitivity::{End, Flip};

    fn est(mean: f64) -> Estimate {
        Estimate { mean, ci_low: mean - 0.01, ci_high: mean + 0.01, n: 50 }
    }

    fn sample(rows: usize) -> Sensitivity {
        let keys = crate::engine::assumptions::table();
        let rows: Vec<Row> = keys
            .iter()
            .take(rows)
            .enumerate()
            .map(|(i, a)| {
                let d = 0.2 / (i as f64 + 1.0);
                Row {
                    key: a.key,
                    unit: a.unit,
                    default: a.default,
                    low: a.low,
                    high: a.high,
                    at_low: est(-0.1 - d),
                    at_high: est(-0.1 + d),
                    swing: d,
                    flip: (i == 0).then_some(Flip { key: a.key, end: End::High, threshold: a.high * 0.9 }),
                    skipped: None,
                }
            })
            .collect();
        Sensitivity {
            objective: Objective::Silent,
            seed: 1,
            runs: 50,
            a_title: "Clear boundary".into(),
            b_title: Some("<b>& \"co\"".into()),
            base: est(-0.1),
            rows,
            sentence:
                "<b>& \"co\" beats Clear boundary on incidents ending silent, deflected or stalled unless \
                       `hours_per_week` is above 40."
                    .into(),
        }
    }

    #[test]
    fn the_top_keys_are_drawn_and_the_rest_counted() {
        let s = sample(20);
        let svg = crate::charts::tornado_svg(&s, crate::charts::DEFAULT_SIZE);
        for r in &s.rows[..TORNADO_ROWS] {
            assert!(svg.contains(&format!(">{}<", r.key)) || svg.contains(r.key), "{} missing", r.key);
        }
        assert!(!svg.contains(s.rows[TORNADO_ROWS].key), "row 16 is drawn");
        assert!(
            svg.contains("5 more assumptions not shown; the largest swing among them is 1.2 pts."),
            "{svg}"
        );
        assert!(svg.contains("low end of range") && svg.contains("high end of range"));
        assert!(svg.contains("What each assumption moves: incidents ending silent, deflected or stalled"));
    }

    #[test]
    fn design_titles_are_escaped() {
        let svg = crate::charts::tornado_svg(&sample(3), crate::charts::DEFAULT_SIZE);
        assert!(!svg.contains("<b>"), "raw markup in the SVG");
        assert!(svg.contains("&lt;b&gt;&amp;"), "{svg}");
    }

    #[test]
    fn nothing_to_draw_says_so() {
        let mut s = sample(0);
        let svg = crate::charts::tornado_svg(&s, crate::charts::DEFAULT_SIZE);
        assert!(svg.contains("No assumptions were swept."));
        s.runs = 0;
        let svg = crate::charts::tornado_svg(&s, crate::charts::DEFAULT_SIZE);
        assert!(svg.contains("No runs yet."));
    }

    #[test]
    fn steps_are_round() {
        assert_eq!(nice_step(0.3), 0.1);
        assert_eq!(nice_step(0.07), 0.02);
        assert_eq!(nice_step(24.0), 5.0);
    }
}
