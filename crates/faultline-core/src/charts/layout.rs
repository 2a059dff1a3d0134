//! Text layout, headers, legends and the empty state, shared by every chart.
//!
//! Text is laid out with [`text_width`], an estimate of our own, and never
//! with the backend's text measurement: in the browser plotters measures text
//! by inserting elements into the page, which needs the main thread and
//! differs between browsers, and natively it only guesses. Estimating
//! ourselves keeps the layout identical on every target.

use super::style::*;
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// Estimated width in pixels of `text` at `px`, the one estimate of text
/// width: the charts and the board's SVG both lay out their text with it.
/// Arial/Helvetica advance widths (what most projectors' laptops render
/// "sans-serif" with) widened to cover DejaVu Sans, the widest of the usual
/// fallbacks and what Debian's Chromium renders: measured on the board's and
/// the charts' labels ("Incident management", "Deploy and rollout system"…)
/// it runs 8–14% wider than Arial, so 15% keeps every label inside its box.
pub fn text_width(text: &str, px: f64) -> f64 {
    text.chars().map(char_em).sum::<f64>() * px * 1.15
}

/// [`text_width`] for bold text: DejaVu Sans Bold runs 11–15% wider than
/// DejaVu Sans on the same labels.
pub fn bold_width(text: &str, px: f64) -> f64 {
    text_width(text, px) * 1.15
}

/// The largest type size, at most `cap`, at which text `width_per_px` wide
/// at 1 px fits `room`: rounded down to a hundredth of a pixel, so the text
/// measured at that size is never over its room by a rounding error; never
/// below 1 px.
pub fn fitting_px(room: f64, width_per_px: f64, cap: f64) -> f64 {
    cap.min((room / width_per_px.max(1e-9) * 100.0).floor() / 100.0).max(1.0)
}

/// A character's advance in em.
fn char_em(c: char) -> f64 {
    const ASCII: &[u8; 95] = &[
        // space ! " # $ % & ' ( ) * + , - . /
        28, 28, 36, 56, 56, 89, 67, 19, 33, 33, 39, 58, 28, 33, 28, 28, //
        // 0-9
        56, 56, 56, 56, 56, 56, 56, 56, 56, 56, //
        // : ; < = > ? @
        28, 28, 58, 58, 58, 56, 100, //
        // A-Z
        67, 67, 72, 72, 67, 61, 78, 72, 28, 50, 67, 56, 83, 72, 78, 67, 78, 72, 67, 61, 72, 67, 94, 67, 67,
        61, // [ \ ] ^ _ `
        28, 28, 28, 47, 56, 33, //
        // a-z
        56, 56, 50, 56, 56, 28, 56, 56, 22, 22, 50, 22, 83, 56, 56, 56, 56, 33, 50, 28, 56, 50, 72, 50, 50,
        50, // { | } ~
        33, 26, 33, 58,
    ];
    match c {
        ' '..='~' => f64::from(ASCII[c as usize - 0x20]) / 100.0,
        '·' | '•' => 0.35,
        '…' | '—' => 1.0,
        '–' | '−' | '×' | '→' | '←' => 0.6,
        // CJK, emoji and other wide scripts take a full em.
        c if u32::from(c) >= 0x1100 => 1.0,
        _ => 0.62,
    }
}

/// `text` cut with an ellipsis so that it fits `max_px`.
pub fn truncate(text: &str, max_px: f64, px: f64) -> String {
    if text_width(text, px) <= max_px {
        return text.to_owned();
    }
    let budget = max_px - text_width("…", px);
    let mut out = String::new();
    let mut used = 0.0;
    for c in text.chars() {
        let w = text_width(c.encode_utf8(&mut [0; 4]), px);
        if used + w > budget {
            break;
        }
        used += w;
        out.push(c);
    }
    let trimmed = out.trim_end();
    format!("{trimmed}…")
}

/// `text` broken at spaces into at most `max_lines` lines of `max_px`; the
/// last line is truncated if the text does not fit.
pub fn wrap(text: &str, max_px: f64, px: f64, max_lines: usize) -> Vec<String> {
    let max_lines = max_lines.max(1);
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() { word.to_owned() } else { format!("{current} {word}") };
        if text_width(&candidate, px) <= max_px || current.is_empty() {
            current = candidate;
        } else {
            lines.push(std::mem::take(&mut current));
            current = word.to_owned();
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    if lines.len() > max_lines {
        let rest = lines[max_lines - 1..].join(" ");
        lines.truncate(max_lines - 1);
        lines.push(rest);
    }
    lines.into_iter().map(|l| truncate(&l, max_px, px)).collect()
}

/// Draws text at absolute backend coordinates (as a chart's
/// `backend_coord` returns them) on an area that may not start at 0, 0.
pub fn text_at<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle,
    abs: (i32, i32),
) -> ChartResult<DB> {
    let (x0, y0) = area.get_base_pixel();
    area.draw_text(text, style, (abs.0 - x0, abs.1 - y0))
}

/// The height [`header`] takes at this width.
pub fn header_height(theme: &Theme, width: u32, subtitle: &str) -> i32 {
    let max = f64::from(width) - 2.0 * f64::from(theme.pad());
    let lines = wrap(subtitle, max, theme.subtitle_px(), 2).len() as f64;
    theme.pad()
        + (theme.title_px() * 1.3).round() as i32
        + lines as i32 * (theme.subtitle_px() * 1.3).round() as i32
        + theme.i(6.0)
}

/// Draws the title and the (wrapped) subtitle at the top left and returns
/// the area below them, [`header_height`] pixels down.
pub fn header<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    title: &str,
    subtitle: &str,
) -> Result<DrawingArea<DB, Shift>, DrawingAreaErrorKind<DB::ErrorType>> {
    let (w, _) = area.dim_in_pixel();
    let pad = theme.pad();
    let max = f64::from(w) - 2.0 * f64::from(pad);
    let title_px = theme.title_px();
    let sub_px = theme.subtitle_px();
    let mut y = pad;
    area.draw_text(
        &truncate(title, max, title_px),
        &anchored(&bold(title_px, INK), HPos::Left, VPos::Top),
        (pad, y),
    )?;
    y += (title_px * 1.3).round() as i32;
    for line in wrap(subtitle, max, sub_px, 2) {
        area.draw_text(&line, &anchored(&font(sub_px, MUTED), HPos::Left, VPos::Top), (pad, y))?;
        y += (sub_px * 1.3).round() as i32;
    }
    Ok(area.split_vertically(y + theme.i(6.0)).1)
}

/// A large, muted message in the middle of an area: the empty state.
pub fn message<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    text: &str,
) -> ChartResult<DB> {
    let (w, h) = area.dim_in_pixel();
    let px = theme.px(24.0);
    let lines = wrap(text, f64::from(w) * 0.8, px, 3);
    let line_h = (px * 1.35).round() as i32;
    let top = h as i32 / 2 - line_h * lines.len() as i32 / 2;
    for (k, line) in lines.iter().enumerate() {
        area.draw_text(
            line,
            &anchored(&font(px, MUTED), HPos::Center, VPos::Top),
            (w as i32 / 2, top + line_h * k as i32),
        )?;
    }
    Ok(())
}

/// How a legend entry's swatch looks.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Swatch {
    Line,
    /// A thin line, for reference lines such as zero.
    Rule,
    Box,
    /// A thin box, for "nobody had noticed yet" spans.
    Thin,
    /// A downward triangle, for incident starts.
    Marker,
}

#[derive(Clone, Debug)]
pub struct LegendEntry {
    pub label: String,
    pub colour: RGBColor,
    pub swatch: Swatch,
}

impl LegendEntry {
    pub fn new(label: impl Into<String>, colour: RGBColor, swatch: Swatch) -> Self {
        Self { label: label.into(), colour, swatch }
    }
}

/// Entries flowing left to right and wrapping, with an optional lead-in
/// ("Incident starts:") before the first.
pub struct Legend {
    pub lead: Option<String>,
    pub entries: Vec<LegendEntry>,
}

impl Legend {
    fn item_width(&self, theme: &Theme, label: &str) -> f64 {
        theme.px(34.0) + text_width(label, theme.legend_px()) + theme.px(22.0)
    }

    /// Each entry's (row, x) and the number of rows, for a width.
    fn layout(&self, theme: &Theme, width: f64) -> (Vec<(usize, f64)>, f64, usize) {
        let px = theme.legend_px();
        let max_label = (width - theme.px(60.0)).max(theme.px(80.0));
        let lead_w = self.lead.as_ref().map_or(0.0, |l| text_width(l, px) + theme.px(12.0));
        let mut x = lead_w;
        let mut row = 0;
        let mut places = Vec::new();
        for e in &self.entries {
            let label = truncate(&e.label, max_label, px);
            let w = self.item_width(theme, &label);
            if x + w > width && x > lead_w {
                row += 1;
                x = lead_w;
            }
            places.push((row, x));
            x += w;
        }
        (places, lead_w, if self.entries.is_empty() { 0 } else { row + 1 })
    }

    fn row_height(theme: &Theme) -> i32 {
        theme.i(30.0)
    }

    /// Pixels of height the legend needs at this width.
    pub fn height(&self, theme: &Theme, width: u32) -> i32 {
        let usable = f64::from(width) - 2.0 * f64::from(theme.pad());
        let (_, _, rows) = self.layout(theme, usable);
        rows as i32 * Self::row_height(theme) + if rows > 0 { theme.i(8.0) } else { 0 }
    }

    pub fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, theme: &Theme) -> ChartResult<DB> {
        let (w, _) = area.dim_in_pixel();
        let pad = f64::from(theme.pad());
        let usable = f64::from(w) - 2.0 * pad;
        let (places, _, _) = self.layout(theme, usable);
        let px = theme.legend_px();
        let row_h = Self::row_height(theme);
        let max_label = (usable - theme.px(60.0)).max(theme.px(80.0));
        if let Some(lead) = &self.lead {
            if !self.entries.is_empty() {
                area.draw_text(
                    lead,
                    &anchored(&font(px, MUTED), HPos::Left, VPos::Center),
                    (pad as i32, row_h / 2),
                )?;
            }
        }
        for (e, &(row, x)) in self.entries.iter().zip(&places) {
            let cx = (pad + x) as i32;
            let cy = row as i32 * row_h + row_h / 2;
            let sw = theme.i(26.0);
            match e.swatch {
                Swatch::Line => area.draw(&PathElement::new(
                    vec![(cx, cy), (cx + sw, cy)],
                    e.colour.stroke_width(theme.line_width()),
                ))?,
                Swatch::Rule => area.draw(&PathElement::new(
                    vec![(cx, cy), (cx + sw, cy)],
                    e.colour.stroke_width(theme.i(2.0).max(1) as u32),
                ))?,
                Swatch::Box => area.draw(&Rectangle::new(
                    [(cx, cy - theme.i(9.0)), (cx + sw, cy + theme.i(9.0))],
                    e.colour.filled(),
                ))?,
                Swatch::Thin => area.draw(&Rectangle::new(
                    [(cx, cy - theme.i(3.0)), (cx + sw, cy + theme.i(3.0))],
                    e.colour.filled(),
                ))?,
                Swatch::Marker => {
                    let (m, x) = (theme.i(8.0), cx + sw / 2);
                    area.draw(&Polygon::new(
                        vec![(x - m, cy - m), (x + m, cy - m), (x, cy + m)],
                        e.colour.filled(),
                    ))?
                }
            }
            area.draw_text(
                &truncate(&e.label, max_label, px),
                &anchored(&font(px, INK), HPos::Left, VPos::Center),
                (cx + sw + theme.i(8.0), cy),
            )?;
        }
        Ok(())
    }
}

/// The mesh of a chart of outcome shares: a percent y axis with its
/// description, no x labels (bars are labelled by hand, so no text is ever
/// measured), light horizontal grid lines.
pub fn percent_mesh<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    theme: &Theme,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let percent_label = |v: &f64| if *v > 100.0 + 1e-9 { String::new() } else { format!("{}%", tick(*v)) };
    let no_label = |_: &f64| String::new();
    chart
        .configure_mesh()
        .y_desc("Share of incidents per run (%)")
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
        .draw()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_fits_after_truncation_and_wrapping() {
        let long = "Deploy and rollout system of the payments platform";
        let t = truncate(long, 200.0, 18.0);
        assert!(t.ends_with('…') && text_width(&t, 18.0) <= 200.0, "{t}");
        assert_eq!(truncate("SRE", 200.0, 18.0), "SRE");
        let lines = wrap(long, 200.0, 18.0, 2);
        assert_eq!(lines.len(), 2);
        assert!(lines.iter().all(|l| text_width(l, 18.0) <= 200.0), "{lines:?}");
        assert_eq!(wrap("", 100.0, 18.0, 2), Vec::<String>::new());
        // A single word wider than the space is cut, not dropped or looped on.
        assert_eq!(wrap("Supercalifragilistic", 60.0, 18.0, 3).len(), 1);
    }
}
