//! The board as a picture, for reports: a standalone SVG document of a
//! design drawn from the same geometry ([`layout`]), the same placed text
//! and bars ([`super::drawing`]) and the same words ([`plan`]: each team's
//! week, each service's SLO badge) as the board on screen, with a key to its
//! colours under it.
//!
//! The page styles its board with `static/style.css`; a picture must read
//! the same pasted into a document, so its styling is written into it as
//! presentation attributes, with the stylesheet's colours (a test reads the
//! stylesheet to keep them equal). Every piece of text a user typed is
//! escaped, and characters XML cannot hold are replaced, so any name makes a
//! well-formed document. Pure, with no Yew in it: it runs natively for the
//! command line and the tests.

use super::drawing::{band_path, card_text, week_bar};
use super::hours::{card_label, plan, BoardLoad, Part, SloState};
use super::layout::{label_width, layout, svg_num, BoardLayout, Card, Metrics, TeamBox, Tray};
use crate::model::{Layer, ScenarioFile, TeamKind};
use std::fmt::Write;

/// The board of `file` as drawn in the editor, before any run: its weekly
/// plan when the design validates, its boxes and cards alone when it does not.
pub fn board_svg(file: &ScenarioFile) -> String {
    let title = if file.title.trim().is_empty() { "Untitled design" } else { file.title.as_str() };
    draw(&layout(file), plan(file).as_ref(), title)
}

/// The board's colours, as `static/style.css` defines them.
mod colour {
    pub const TEXT: &str = "#111827";
    pub const TEXT_MUTED: &str = "#374151";
    pub const BG_SOFT: &str = "#f3f4f6";
    pub const DANGER: &str = "#b91c1c";
    pub const WHITE: &str = "#ffffff";
    /// A card's outline.
    pub const CARD: &str = "#6b7280";
    /// The unowned tray's hatching: ground and stripes.
    pub const HATCH: (&str, &str) = ("#fef2f2", "#fecaca");
}

/// A team kind's stroke and the tint of its box.
use crate::charts::style::kind_hex as kind_colours;

/// The marker at the left of a card.
fn layer_colour(layer: Layer) -> &'static str {
    match layer {
        Layer::Delivery => "#0e7490",
        Layer::Reliability => "#7c3aed",
        Layer::Service => "#be185d",
    }
}

/// A part of a team's week in its bar.
fn part_colour(part: Part) -> &'static str {
    match part {
        Part::Feature => "#cbd5e1",
        Part::OnCall => "#e69f00",
        Part::Coverage => "#009e73",
        Part::Fixes => "#0072b2",
        Part::Toil => "#6b7280",
    }
}

/// The hours incidents took, over the bar.
const INCIDENTS: &str = "#111827";

/// An SLO badge's fill, stroke and text, and whether its outline is dashed.
fn badge_colours(state: SloState) -> (&'static str, &'static str, &'static str, bool) {
    match state {
        SloState::Measured => ("#dcfce7", "#15803d", "#14532d", false),
        SloState::Weak => ("#fef3c7", "#b45309", "#78350f", false),
        SloState::NotMeasured => ("#fee2e2", colour::DANGER, "#7f1d1d", false),
        SloState::None => (colour::BG_SOFT, colour::CARD, colour::TEXT_MUTED, true),
    }
}

const FONT: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', sans-serif";

/// Text for XML content or a quoted attribute. Characters XML 1.0 cannot
/// hold at all (most control characters), even escaped, become U+FFFD, so
/// a name pasted with one still makes a document that parses.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(ch),
            c if c < ' ' || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// `x`, `y`, `width` and `height` attributes of a rectangle.
fn at(r: crate::model::Rect) -> String {
    format!(
        "x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"",
        svg_num(r.x),
        svg_num(r.y),
        svg_num(r.w.max(0.0)),
        svg_num(r.h.max(0.0))
    )
}

/// A line of text: where it starts, its size, the rest of its attributes.
fn text(out: &mut String, x: f64, y: f64, px: f64, attrs: &str, body: &str) {
    let _ = writeln!(
        out,
        "<text x=\"{}\" y=\"{}\" font-size=\"{}\" {attrs}>{}</text>",
        svg_num(x),
        svg_num(y),
        svg_num(px),
        xml_escape(body)
    );
}

/// The whole picture: the board, then the key to its colours.
fn draw(board: &BoardLayout, load: Option<&BoardLoad>, title: &str) -> String {
    let m = &board.metrics;
    let mut body = String::new();
    for team in &board.teams {
        draw_team(&mut body, team, load, m);
    }
    draw_tray(&mut body, &board.tray, load, m);
    let height = draw_key(&mut body, board.width, board.height, m);
    let label = format!(
        "The board of {title}: {} teams, {} capabilities, {} unowned",
        board.teams.len(),
        board.capability_count,
        board.tray.cards.len()
    );
    let (w, h) = (svg_num(board.width), svg_num(height));
    let (ground, stripe) = colour::HATCH;
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" \
         font-family=\"{FONT}\" role=\"img\" aria-label=\"{label}\">\n<title>{label}</title>\n\
         <defs><pattern id=\"unowned-hatch\" width=\"14\" height=\"14\" patternUnits=\"userSpaceOnUse\" \
         patternTransform=\"rotate(45)\"><rect width=\"14\" height=\"14\" fill=\"{ground}\"/>\
         <line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"14\" stroke=\"{stripe}\" stroke-width=\"6\"/></pattern></defs>\n\
         <rect width=\"{w}\" height=\"{h}\" fill=\"{white}\"/>\n{body}</svg>\n",
        label = xml_escape(&label),
        white = colour::WHITE,
    )
}

fn draw_team(out: &mut String, team: &TeamBox, load: Option<&BoardLoad>, m: &Metrics) {
    let r = team.rect;
    let (kind, tint) = kind_colours(team.kind);
    // The layout let through only a plain CSS colour; it is escaped anyway.
    let stroke = xml_escape(team.color.as_deref().unwrap_or(kind));
    let _ = writeln!(out, "<g><title>{}</title>", xml_escape(&team.aria_label));
    let _ =
        writeln!(out, "<rect {} rx=\"12\" fill=\"{tint}\" stroke=\"{stroke}\" stroke-width=\"4\"/>", at(r));
    let _ = writeln!(out, "<path d=\"{}\" fill=\"{stroke}\"/>", band_path(r.x, r.y, r.w, m.team_band_h));
    let bold_white = format!("font-weight=\"700\" fill=\"{}\"", colour::WHITE);
    text(out, r.x + m.pad, r.y + m.team_name_y, m.team_name_px, &bold_white, &team.label);
    let meta = format!("font-weight=\"500\" fill=\"{}\"", colour::TEXT_MUTED);
    text(out, r.x + m.pad, r.y + m.team_meta_y, m.team_meta_px, &meta, &team.meta);
    if let Some(bar) = load.and_then(|l| l.teams.get(&team.id)) {
        let placed = week_bar(r, bar, m);
        let _ = writeln!(out, "<g><title>{}</title>", xml_escape(&bar.label));
        let _ = writeln!(
            out,
            "<rect {} fill=\"{}\" stroke=\"{}\" stroke-width=\"1\"/>",
            at(placed.frame),
            colour::WHITE,
            colour::TEXT_MUTED
        );
        for (part, seg) in &placed.parts {
            let _ = writeln!(out, "<rect {} fill=\"{}\"/>", at(*seg), part_colour(*part));
        }
        if let Some(inc) = placed.incidents {
            let _ = writeln!(
                out,
                "<rect {} fill=\"{INCIDENTS}\" stroke=\"{}\" stroke-width=\"0.75\"/>",
                at(inc),
                colour::WHITE
            );
        }
        out.push_str("</g>\n");
        if let Some((caption, x, y)) = &placed.caption {
            let attrs = format!("font-weight=\"600\" fill=\"{}\"", colour::TEXT_MUTED);
            text(out, *x, *y, m.team_caption_px, &attrs, caption);
        }
    }
    for card in &team.cards {
        draw_card(out, card, load, m);
    }
    out.push_str("</g>\n");
}

fn draw_card(out: &mut String, card: &Card, load: Option<&BoardLoad>, m: &Metrics) {
    let r = card.rect;
    let badge = load.and_then(|l| l.services.get(&card.id));
    let placed = card_text(card, badge, m);
    let _ = writeln!(out, "<g><title>{}</title>", xml_escape(&card_label(card, badge)));
    // A shared card's dashed red outline says "more than one owner" at a glance.
    let outline = if card.shared {
        format!("stroke=\"{}\" stroke-width=\"2.5\" stroke-dasharray=\"7 4\"", colour::DANGER)
    } else {
        format!("stroke=\"{}\" stroke-width=\"1.5\"", colour::CARD)
    };
    let _ = writeln!(out, "<rect {} rx=\"8\" fill=\"{}\" {outline}/>", at(r), colour::WHITE);
    let mark = crate::model::Rect { x: r.x + 4.0, y: r.y + 4.0, w: 8.0, h: r.h - 8.0 };
    let _ = writeln!(out, "<rect {} rx=\"3\" fill=\"{}\"/>", at(mark), layer_colour(card.layer));
    let name = format!("font-weight=\"600\" fill=\"{}\"", colour::TEXT);
    for (line, y) in &placed.names {
        text(out, placed.x, *y, m.card_name_px, &name, line);
    }
    if let Some(p) = &placed.pill {
        let (fill, stroke, ink, dashed) = badge_colours(p.state);
        let dash = if dashed { " stroke-dasharray=\"3 2\"" } else { "" };
        let _ = writeln!(
            out,
            "<rect {} rx=\"{}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"1\"{dash}/>",
            at(p.rect),
            svg_num(p.rect.h / 2.0)
        );
        text(out, p.text_at.0, p.text_at.1, m.badge_px, &format!("fill=\"{ink}\""), &p.text);
    }
    let meta = if card.shared || placed.breached {
        format!("font-weight=\"700\" fill=\"{}\"", colour::DANGER)
    } else {
        format!("fill=\"{}\"", colour::TEXT_MUTED)
    };
    text(out, placed.x, placed.meta_y, m.card_meta_px, &meta, &placed.meta);
    out.push_str("</g>\n");
}

fn draw_tray(out: &mut String, tray: &Tray, load: Option<&BoardLoad>, m: &Metrics) {
    let r = tray.rect;
    let label = match tray.cards.len() {
        0 => "Unowned tray: every capability has an owner".to_owned(),
        1 => "Unowned tray: 1 capability nobody owns".to_owned(),
        n => format!("Unowned tray: {n} capabilities nobody owns"),
    };
    let _ = writeln!(out, "<g><title>{label}</title>");
    let _ = writeln!(
        out,
        "<rect {} rx=\"12\" fill=\"url(#unowned-hatch)\" stroke=\"{}\" stroke-width=\"3\" stroke-dasharray=\"12 6\"/>",
        at(r),
        colour::DANGER
    );
    let bold_danger = format!("font-weight=\"700\" fill=\"{}\"", colour::DANGER);
    text(out, r.x + m.pad + 4.0, r.y + m.tray_title_y, m.tray_title_px, &bold_danger, &tray.title);
    for card in &tray.cards {
        draw_card(out, card, load, m);
    }
    if tray.cards.is_empty() {
        let empty = super::layout::fit_lines(
            "Every capability has an owner.",
            r.w - 2.0 * m.pad - 8.0,
            m.card_meta_px,
            false,
            1,
        )
        .concat();
        let italic = format!("font-style=\"italic\" fill=\"{}\"", colour::TEXT_MUTED);
        let y = r.y + m.tray_header + m.card_h / 2.0;
        text(out, r.x + m.pad + 8.0, y, m.card_meta_px, &italic, &empty);
    }
    out.push_str("</g>\n");
}

/// One entry of the key: its swatch and its words.
enum Swatch {
    /// A team kind's box: tint and outline.
    Kind(TeamKind),
    /// A layer's marker.
    Layer(Layer),
    /// A shared card's dashed outline.
    Shared,
    /// The unowned tray's hatching.
    Unowned,
    /// A part of a team's week.
    Part(Part),
    /// Words alone, introducing what follows.
    Heading,
}

/// Draws the key under the board, in rows as wide as the board, and returns
/// the picture's full height. The page shows the same key beside its board
/// ([`super::legend`]); a picture has to carry its own.
fn draw_key(out: &mut String, width: f64, top: f64, m: &Metrics) -> f64 {
    const PX: f64 = 13.0;
    const ROW: f64 = 24.0;
    const SWATCH: f64 = 14.0;
    let mut entries: Vec<(Swatch, String)> = Vec::new();
    entries.extend(TeamKind::ALL.iter().map(|&k| (Swatch::Kind(k), format!("{} team", k.label()))));
    entries.extend(Layer::ALL.iter().map(|&l| (Swatch::Layer(l), format!("{} capability", l.label()))));
    entries.push((Swatch::Shared, "shared: owned by two or more teams".to_owned()));
    entries.push((Swatch::Unowned, "unowned: nobody is accountable".to_owned()));
    entries.push((Swatch::Heading, "A team's week:".to_owned()));
    entries.extend(Part::ALL.iter().map(|&p| (Swatch::Part(p), p.legend().to_owned())));

    let (left, right) = (m.margin, width - m.margin);
    let (mut x, mut y) = (left, top);
    out.push_str("<g>\n");
    for (swatch, words) in &entries {
        let swatch_w = if matches!(swatch, Swatch::Heading) { 0.0 } else { SWATCH + 6.0 };
        let w = swatch_w + label_width(words, PX, false);
        // A heading starts a row, so the parts of a week stay together.
        if x > left && (x + w > right || matches!(swatch, Swatch::Heading)) {
            (x, y) = (left, y + ROW);
        }
        let sq = crate::model::Rect { x, y: y + 2.0, w: SWATCH, h: SWATCH };
        let shape = match swatch {
            Swatch::Kind(k) => {
                let (stroke, tint) = kind_colours(*k);
                format!("<rect {} rx=\"3\" fill=\"{tint}\" stroke=\"{stroke}\" stroke-width=\"3\"/>", at(sq))
            }
            Swatch::Layer(l) => {
                let bar = crate::model::Rect { x: x + 4.0, w: 6.0, ..sq };
                format!("<rect {} rx=\"2\" fill=\"{}\"/>", at(bar), layer_colour(*l))
            }
            Swatch::Shared => format!(
                "<rect {} rx=\"3\" fill=\"{}\" stroke=\"{}\" stroke-width=\"2\" stroke-dasharray=\"4 2\"/>",
                at(sq),
                colour::WHITE,
                colour::DANGER
            ),
            Swatch::Unowned => format!(
                "<rect {} rx=\"3\" fill=\"url(#unowned-hatch)\" stroke=\"{}\" stroke-width=\"2\"/>",
                at(sq),
                colour::DANGER
            ),
            Swatch::Part(p) => format!(
                "<rect {} fill=\"{}\" stroke=\"{}\" stroke-width=\"1\"/>",
                at(sq),
                part_colour(*p),
                colour::TEXT_MUTED
            ),
            Swatch::Heading => String::new(),
        };
        out.push_str(&shape);
        let attrs = match swatch {
            Swatch::Heading => format!("font-weight=\"700\" fill=\"{}\"", colour::TEXT),
            _ => format!("fill=\"{}\"", colour::TEXT_MUTED),
        };
        text(out, x + swatch_w, y + 2.0 + SWATCH - 2.0, PX, &attrs, words);
        x += w + 18.0;
    }
    out.push_str("</g>\n");
    y + ROW + m.margin
}

#[cfg(test)]
#[path = "picture_tests.rs"]
mod tests;
