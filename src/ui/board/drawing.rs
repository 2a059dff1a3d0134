//! What the pieces of the board draw inside their boxes, as plain data: a
//! card's lines of text with their baselines, its SLO pill and its meta
//! line; a team's name band and the segments of the bar of its week. The
//! board's components ([`super::card`], [`super::team`]) and the picture of
//! the board in reports ([`super::picture`]) both draw from here, so the
//! picture shows what the screen shows. Pure, with no Yew in it.

use super::hours::{Part, ServiceBadge, SloState, TeamBar};
use super::layout::{fit_lines, label_width, svg_num, Card, Metrics};
use crate::model::Rect;

/// A card's text, placed: everything in board units.
#[derive(Clone, Debug, PartialEq)]
pub struct CardText {
    /// Where every line of text starts.
    pub x: f64,
    /// The name's lines, each with its baseline.
    pub names: Vec<(String, f64)>,
    /// A service's SLO badge.
    pub pill: Option<Pill>,
    /// The line under the name: the layer (and "shared"), or after a run
    /// the budget.
    pub meta: String,
    pub meta_y: f64,
    /// The meta line tells of a breached budget, drawn as an alarm.
    pub breached: bool,
}

/// A service card's SLO badge: a pill with its words fitted inside.
#[derive(Clone, Debug, PartialEq)]
pub struct Pill {
    pub state: SloState,
    pub text: String,
    pub rect: Rect,
    /// Where its text starts and its baseline.
    pub text_at: (f64, f64),
}

impl CardText {
    /// Every piece of text as drawn, in order: the name's lines, the
    /// badge's and the meta line.
    pub fn drawn(&self) -> Vec<&str> {
        self.names
            .iter()
            .map(|(t, _)| t.as_str())
            .chain(self.pill.as_ref().map(|p| p.text.as_str()))
            .chain([self.meta.as_str()])
            .collect()
    }
}

/// Places a card's text: one or two lines of name, then the meta line; a
/// badge takes the second line of a one-line name.
pub fn card_text(card: &Card, badge: Option<&ServiceBadge>, m: &Metrics) -> CardText {
    let r = card.rect;
    let (first, step, meta_y) = match (card.lines.len(), badge) {
        (_, Some(_)) => (m.card_first_y, 0.0, m.card_meta_badge_y),
        (1, None) => (m.card_single_y, 0.0, m.card_meta_single_y),
        _ => (m.card_first_y, m.card_step, m.card_meta_y),
    };
    let text_w = r.w - m.card_text_x - 6.0;
    let x = r.x + m.card_text_x;
    let names = card
        .lines
        .iter()
        .enumerate()
        .map(|(i, line)| (line.clone(), r.y + first + step * i as f64))
        .collect();
    let pill = badge.map(|b| {
        let text = fit_lines(&b.text, text_w - 10.0, m.badge_px, false, 1).concat();
        let w = (label_width(&text, m.badge_px, false) + 10.0).min(text_w);
        Pill {
            state: b.state,
            text,
            rect: Rect { x, y: r.y + m.badge_y, w, h: m.badge_h },
            text_at: (x + 5.0, r.y + m.badge_text_y),
        }
    });
    // After a run the meta line gives the budget instead of the layer,
    // which the badge and the marker already show.
    let meta = match badge.and_then(|b| b.budget.as_ref()) {
        Some(budget) if card.shared => {
            fit_lines(&format!("{budget} · shared"), text_w, m.card_meta_px, false, 1).concat()
        }
        Some(budget) => fit_lines(budget, text_w, m.card_meta_px, false, 1).concat(),
        None => fit_lines(&card.meta, text_w, m.card_meta_px, false, 1).concat(),
    };
    CardText { x, names, pill, meta, meta_y: r.y + meta_y, breached: badge.is_some_and(|b| b.breached) }
}

/// The bar of a team's week, placed.
#[derive(Clone, Debug, PartialEq)]
pub struct WeekBar {
    pub frame: Rect,
    /// Each part with hours, in [`Part::ALL`] order, side by side.
    pub parts: Vec<(Part, Rect)>,
    /// After a run: the hours incidents took, drawn as a core over the
    /// reliability hours they were taken from.
    pub incidents: Option<Rect>,
    /// The line under the bar, fitted, and where it starts and its baseline
    /// (none on the stage).
    pub caption: Option<(String, f64, f64)>,
}

/// Places the bar of a team's week in its box at `r`.
pub fn week_bar(r: Rect, bar: &TeamBar, m: &Metrics) -> WeekBar {
    let (x0, y, w) = (r.x + m.pad, r.y + m.team_bar_y, r.w - 2.0 * m.pad);
    let scale = if bar.total > 0.0 { w / bar.total } else { 0.0 };
    let mut x = x0;
    let mut reliability_x = None;
    let parts = bar
        .parts
        .iter()
        .map(|&(part, h)| {
            if part != Part::Feature && reliability_x.is_none() {
                reliability_x = Some(x);
            }
            let seg = (part, Rect { x, y, w: h * scale, h: m.team_bar_h });
            x += h * scale;
            seg
        })
        .collect();
    let incidents = bar.incidents.filter(|&h| h > 0.0 && scale > 0.0).map(|h| {
        let start = reliability_x.unwrap_or(x0);
        let width = (h * scale).max(2.0).min(x0 + w - start);
        Rect { x: start, y: y + m.team_bar_h * 0.3, w: width, h: m.team_bar_h * 0.4 }
    });
    let caption = m
        .team_caption_y
        .map(|cy| (fit_lines(&bar.caption, w, m.team_caption_px, false, 1).concat(), x0, r.y + cy));
    WeekBar { frame: Rect { x: x0, y, w, h: m.team_bar_h }, parts, incidents, caption }
}

/// The name band: the top of a team's box, with its two top corners rounded
/// like the box's, as one path so the stroke of the box stays on top.
pub fn band_path(x: f64, y: f64, w: f64, band_h: f64) -> String {
    let rad = 12.0;
    let (x0, x1, y1) = (svg_num(x), svg_num(x + w), svg_num(y + band_h));
    format!(
        "M{x0} {y1} V{} Q{x0} {} {} {} H{} Q{x1} {} {x1} {} V{y1} Z",
        svg_num(y + rad),
        svg_num(y),
        svg_num(x + rad),
        svg_num(y),
        svg_num(x + w - rad),
        svg_num(y),
        svg_num(y + rad),
    )
}
