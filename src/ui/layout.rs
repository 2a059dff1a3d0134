//! Board geometry: where each team's boundary, each capability card and the
//! unowned tray go, computed from a [`ScenarioFile`] alone. This is a pure
//! function with no Yew in it, so it is tested natively and the components
//! only turn its plain structs into SVG.
//!
//! It works on the file as read, not the validated scenario, because the board
//! must still draw something sensible while a user is mid-edit: unknown owner
//! ids are ignored, nonsense rectangles fall back to the automatic grid, and
//! colours that are not plain CSS colours fall back to the team kind's.
//! Labels are fitted to their boxes here too (see [`super::text`]), because
//! SVG text does not wrap and components rendered on the server cannot
//! measure text.

pub use super::text::{css_color, fit_lines, svg_num, text_width};
use crate::model::{CapabilityId, Layer, Rect, ScenarioFile, TeamId, TeamKind};

/// Width of the board's coordinate system. The SVG scales to its container,
/// so on a projector everything, type included, grows with the screen.
pub const BOARD_WIDTH: f64 = 1200.0;
/// Space between the board's edge and the outermost boxes.
pub const MARGIN: f64 = 14.0;
/// Space between neighbouring team boxes, and above the tray.
pub const GAP: f64 = 14.0;
/// A team box is never narrower than this, so one card always fits.
pub const TEAM_MIN_W: f64 = 220.0;
/// Height of the coloured band carrying the team's name.
pub const TEAM_BAND_H: f64 = 30.0;
/// From the top of a team box to its first card: the band, the meta line,
/// the bar of the team's week and the line under it.
pub const TEAM_HEADER: f64 = 88.0;
/// Where the bar of the team's week sits, from the top of the box, and its height.
pub const TEAM_BAR_Y: f64 = 55.0;
pub const TEAM_BAR_H: f64 = 10.0;
/// The baseline of the line under the bar.
pub const TEAM_CAPTION_Y: f64 = 79.0;
/// Inner padding of team boxes and the tray.
pub const PAD: f64 = 10.0;
pub const CARD_H: f64 = 58.0;
pub const CARD_GAP: f64 = 6.0;
pub const CARD_MIN_W: f64 = 190.0;
/// Where card text starts, leaving room for the layer marker.
pub const CARD_TEXT_X: f64 = 17.0;
/// From the top of the tray to its first card.
pub const TRAY_HEADER: f64 = 38.0;

/// Font sizes, in board units. The components set them as attributes rather
/// than leaving them to the stylesheet, because the text fitting below
/// depends on them.
pub const TEAM_NAME_PX: f64 = 16.0;
pub const TEAM_META_PX: f64 = 13.0;
pub const CARD_NAME_PX: f64 = 14.0;
pub const CARD_META_PX: f64 = 12.5;
pub const TEAM_CAPTION_PX: f64 = 12.0;
/// The SLO badge on a service card.
pub const BADGE_PX: f64 = 11.0;
pub const TRAY_TITLE_PX: f64 = 17.0;

/// Explicit rectangles are clamped to this, so a typo of 1e300 cannot make a
/// board nobody can scroll.
const MAX_COORD: f64 = 10_000.0;

#[derive(Clone, Debug, PartialEq)]
pub struct BoardLayout {
    pub width: f64,
    pub height: f64,
    pub teams: Vec<TeamBox>,
    pub tray: Tray,
    /// How many capabilities the board shows, counting each once.
    pub capability_count: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TeamBox {
    pub id: TeamId,
    pub name: String,
    /// The name as it fits on the band (ellipsized when it does not).
    pub label: String,
    pub kind: TeamKind,
    /// "Platform · 9 people · on-call", fitted to the box.
    pub meta: String,
    /// A checked CSS colour overriding the kind's, if the scenario gives one.
    pub color: Option<String>,
    pub rect: Rect,
    pub cards: Vec<Card>,
    /// What a screen reader announces for the boundary.
    pub aria_label: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Card {
    pub id: CapabilityId,
    pub name: String,
    /// The name wrapped onto at most two lines.
    pub lines: Vec<String>,
    pub layer: Layer,
    pub rect: Rect,
    /// Names of every owner, in the order the file lists them.
    pub owners: Vec<String>,
    /// Owned by two or more teams; the card is drawn in each owner's box.
    pub shared: bool,
    /// "delivery · shared".
    pub meta: String,
    pub aria_label: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Tray {
    pub rect: Rect,
    pub cards: Vec<Card>,
}

/// Lays out the whole board.
pub fn layout(file: &ScenarioFile) -> BoardLayout {
    let owners = resolve_owners(file);

    // Cards per team, in capability file order.
    let mut team_caps: Vec<Vec<usize>> = vec![Vec::new(); file.teams.len()];
    let mut orphans = Vec::new();
    for (ci, team_ixs) in owners.iter().enumerate() {
        if team_ixs.is_empty() {
            orphans.push(ci);
        }
        for &ti in team_ixs {
            team_caps[ti].push(ci);
        }
    }

    let rects = team_rects(file, &team_caps);
    let width = rects.iter().map(|r| r.x + r.w + MARGIN).fold(BOARD_WIDTH, f64::max);

    let teams: Vec<TeamBox> = file
        .teams
        .iter()
        .zip(rects)
        .zip(&team_caps)
        .map(|((team, rect), caps)| {
            let cards = grid(rect, TEAM_HEADER, caps.len())
                .into_iter()
                .zip(caps)
                .map(|(r, &ci)| card(file, &owners, ci, r))
                .collect();
            team_box(team, rect, cards)
        })
        .collect();

    let tray_top = teams.iter().map(|t| t.rect.y + t.rect.h + GAP).fold(MARGIN, f64::max);
    let tray_w = width - 2.0 * MARGIN;
    let tray_h = box_height(TRAY_HEADER, card_columns(tray_w), orphans.len());
    let tray_rect = Rect { x: MARGIN, y: tray_top, w: tray_w, h: tray_h };
    let tray_cards = grid(tray_rect, TRAY_HEADER, orphans.len())
        .into_iter()
        .zip(&orphans)
        .map(|(r, &ci)| card(file, &owners, ci, r))
        .collect();

    BoardLayout {
        width,
        height: tray_rect.y + tray_rect.h + MARGIN,
        teams,
        tray: Tray { rect: tray_rect, cards: tray_cards },
        capability_count: file.capabilities.len(),
    }
}

/// For each capability, the indices of its owning teams: known teams only,
/// each once, in the order the ownership list gives them.
fn resolve_owners(file: &ScenarioFile) -> Vec<Vec<usize>> {
    file.capabilities
        .iter()
        .map(|cap| {
            let mut out: Vec<usize> = Vec::new();
            for id in file.ownership.get(&cap.id).map(Vec::as_slice).unwrap_or(&[]) {
                if let Some(ti) = file.teams.iter().position(|t| &t.id == id) {
                    if !out.contains(&ti) {
                        out.push(ti);
                    }
                }
            }
            out
        })
        .collect()
}

/// Team rectangles: a scenario's own `rect` where it is usable, and a tidy
/// grid below those for every other team.
fn team_rects(file: &ScenarioFile, team_caps: &[Vec<usize>]) -> Vec<Rect> {
    let mut rects: Vec<Option<Rect>> = file
        .teams
        .iter()
        .zip(team_caps)
        .map(|(team, caps)| {
            let r = team.rect.filter(usable)?;
            let x = r.x.clamp(0.0, MAX_COORD);
            let y = r.y.clamp(0.0, MAX_COORD);
            let w = r.w.clamp(TEAM_MIN_W, MAX_COORD);
            // A box drawn too short still shows every card it owns.
            let h = r.h.min(MAX_COORD).max(box_height(TEAM_HEADER, card_columns(w), caps.len()));
            Some(Rect { x, y, w, h })
        })
        .collect();

    let auto: Vec<usize> = (0..rects.len()).filter(|&i| rects[i].is_none()).collect();
    if !auto.is_empty() {
        let top = rects.iter().flatten().map(|r| r.y + r.h + GAP).fold(MARGIN, f64::max);
        let inner = BOARD_WIDTH - 2.0 * MARGIN;
        let max_cols = (((inner + GAP) / (TEAM_MIN_W + GAP)).floor() as usize).max(1);
        // Balance the rows: six teams make two rows of three, not five and one.
        let rows = auto.len().div_ceil(max_cols);
        let cols = auto.len().div_ceil(rows);
        let w = (inner - (cols as f64 - 1.0) * GAP) / cols as f64;
        let mut y = top;
        for row in auto.chunks(cols) {
            let h = row
                .iter()
                .map(|&ti| box_height(TEAM_HEADER, card_columns(w), team_caps[ti].len()))
                .fold(0.0, f64::max);
            for (col, &ti) in row.iter().enumerate() {
                rects[ti] = Some(Rect { x: MARGIN + col as f64 * (w + GAP), y, w, h });
            }
            y += h + GAP;
        }
    }
    // Every team got a rectangle above: explicit or from the grid.
    rects.into_iter().map(|r| r.unwrap_or(Rect { x: 0.0, y: 0.0, w: 0.0, h: 0.0 })).collect()
}

fn usable(r: &Rect) -> bool {
    [r.x, r.y, r.w, r.h].iter().all(|v| v.is_finite()) && r.w > 0.0 && r.h > 0.0
}

/// How many card columns fit in a box of this width.
fn card_columns(box_w: f64) -> usize {
    let inner = box_w - 2.0 * PAD;
    (((inner + CARD_GAP) / (CARD_MIN_W + CARD_GAP)).floor() as usize).max(1)
}

/// Height of a box holding `n` cards below a header. An empty box keeps one
/// row of room, since it is where cards will be dropped.
fn box_height(header: f64, cols: usize, n: usize) -> f64 {
    let rows = n.div_ceil(cols).max(1) as f64;
    header + rows * CARD_H + (rows - 1.0) * CARD_GAP + PAD
}

/// Card rectangles for `n` cards inside a box, row by row below its header.
fn grid(outer: Rect, header: f64, n: usize) -> Vec<Rect> {
    let cols = card_columns(outer.w);
    let inner = outer.w - 2.0 * PAD;
    let w = (inner - (cols as f64 - 1.0) * CARD_GAP) / cols as f64;
    (0..n)
        .map(|i| Rect {
            x: outer.x + PAD + (i % cols) as f64 * (w + CARD_GAP),
            y: outer.y + header + (i / cols) as f64 * (CARD_H + CARD_GAP),
            w,
            h: CARD_H,
        })
        .collect()
}

fn card(file: &ScenarioFile, owners: &[Vec<usize>], ci: usize, rect: Rect) -> Card {
    let cap = &file.capabilities[ci];
    let owner_names: Vec<String> = owners[ci].iter().map(|&ti| file.teams[ti].name.clone()).collect();
    let shared = owner_names.len() > 1;
    let layer = cap.layer.label();
    let meta = if shared { format!("{layer} · shared") } else { layer.to_owned() };
    let ownership = match owner_names.as_slice() {
        [] => "unowned".to_owned(),
        [one] => format!("owned by {one}"),
        many => format!("shared by {}", join_names(many)),
    };
    // A service's name keeps to one line: the second holds its SLO badge.
    let max_lines = if cap.layer == Layer::Service { 1 } else { 2 };
    Card {
        id: cap.id.clone(),
        name: cap.name.clone(),
        lines: fit_lines(&cap.name, rect.w - CARD_TEXT_X - 6.0, CARD_NAME_PX, true, max_lines),
        layer: cap.layer,
        rect,
        owners: owner_names,
        shared,
        meta,
        aria_label: format!("{}, {layer} capability, {ownership}", cap.name),
    }
}

fn team_box(team: &crate::model::Team, rect: Rect, cards: Vec<Card>) -> TeamBox {
    let people = match team.headcount {
        1.0 => "1 person".to_owned(),
        h if h.is_finite() && h.fract() == 0.0 => format!("{h} people"),
        h if h.is_finite() => format!("{h:.1} people"),
        _ => "? people".to_owned(),
    };
    let on_call = if team.on_call { "on-call" } else { "no on-call" };
    let meta = format!("{} · {people} · {on_call}", team.kind.label());
    let owns = match cards.len() {
        0 => "owns nothing yet".to_owned(),
        1 => "owns 1 capability".to_owned(),
        n => format!("owns {n} capabilities"),
    };
    let text_w = rect.w - 2.0 * PAD;
    TeamBox {
        id: team.id.clone(),
        name: team.name.clone(),
        label: fit_lines(&team.name, text_w, TEAM_NAME_PX, true, 1).concat(),
        kind: team.kind,
        meta: fit_lines(&meta, text_w, TEAM_META_PX, false, 1).concat(),
        color: team.color.as_deref().and_then(css_color),
        rect,
        aria_label: format!("Team {}: {}, {people}, {on_call}, {owns}", team.name, team.kind.label()),
        cards,
    }
}

/// "A", "A and B", "A, B and C".
fn join_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::presets::{preset, PRESETS};
    use crate::model::Team;

    fn inside(inner: &Rect, outer: &Rect) -> bool {
        inner.x >= outer.x
            && inner.y >= outer.y
            && inner.x + inner.w <= outer.x + outer.w + 1e-9
            && inner.y + inner.h <= outer.y + outer.h + 1e-9
    }

    fn overlap(a: &Rect, b: &Rect) -> bool {
        a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
    }

    /// The geometric invariants every board must keep: team boxes do not
    /// overlap, every card sits inside its box and cards do not overlap each
    /// other, the tray sits below every team, and everything is on the board.
    fn check_geometry(name: &str, b: &BoardLayout) {
        for (i, a) in b.teams.iter().enumerate() {
            for c in &b.teams[i + 1..] {
                assert!(!overlap(&a.rect, &c.rect), "{name}: {} overlaps {}", a.id, c.id);
            }
            assert!(!overlap(&a.rect, &b.tray.rect), "{name}: {} overlaps the tray", a.id);
            assert!(
                a.rect.x + a.rect.w <= b.width && a.rect.y + a.rect.h <= b.height,
                "{name}: {} off board",
                a.id
            );
        }
        let boxes = b.teams.iter().map(|t| (t.id.to_string(), t.rect, &t.cards));
        for (owner, outer, cards) in boxes.chain([("tray".to_owned(), b.tray.rect, &b.tray.cards)]) {
            for (i, card) in cards.iter().enumerate() {
                assert!(inside(&card.rect, &outer), "{name}: card {} outside {owner}", card.id);
                for other in &cards[i + 1..] {
                    assert!(!overlap(&card.rect, &other.rect), "{name}: {} overlaps {}", card.id, other.id);
                }
            }
        }
        assert!(inside(&b.tray.rect, &Rect { x: 0.0, y: 0.0, w: b.width, h: b.height }), "{name}: tray");
    }

    /// Where a capability is drawn: the ids of the boxes holding its card.
    fn placed_in(b: &BoardLayout, cap: &str) -> Vec<String> {
        let mut out: Vec<String> = b
            .teams
            .iter()
            .filter(|t| t.cards.iter().any(|c| c.id.as_str() == cap))
            .map(|t| t.id.to_string())
            .collect();
        if b.tray.cards.iter().any(|c| c.id.as_str() == cap) {
            out.push("tray".to_owned());
        }
        out
    }

    fn preset_layout(id: &str) -> BoardLayout {
        layout(&preset(id).expect("every listed preset exists"))
    }

    #[test]
    fn every_preset_keeps_the_geometric_invariants() {
        for p in PRESETS {
            check_geometry(p.id, &preset_layout(p.id));
        }
    }

    #[test]
    fn capabilities_are_drawn_where_their_owners_are() {
        let check = |preset_id: &str, cap: &str, expected: &[&str], shared: bool| {
            let b = preset_layout(preset_id);
            assert_eq!(placed_in(&b, cap), expected, "{preset_id}: {cap}");
            let cards = b.teams.iter().flat_map(|t| &t.cards).chain(&b.tray.cards);
            for card in cards.filter(|c| c.id.as_str() == cap) {
                assert_eq!(card.shared, shared, "{preset_id}: {cap} shared");
            }
        };
        check("clear-boundary", "clusters", &["platform"], false);
        check("clear-boundary", "slo_definitions", &["sre"], false);
        check("clear-boundary", "checkout", &["checkout-team"], false);
        check("shared-deploy", "deploy", &["platform", "sre"], true);
        check("orphaned-provisioning", "clusters", &["tray"], false);
        check("sre-absorbed", "ux_measurement", &["sre"], false);
        check("no-sre", "incident_management", &["checkout-team", "search-team", "accounts-team"], true);
    }

    #[test]
    fn the_tray_holds_exactly_the_orphans() {
        let check = |preset_id: &str, expected: &[&str]| {
            let b = preset_layout(preset_id);
            let ids: Vec<&str> = b.tray.cards.iter().map(|c| c.id.as_str()).collect();
            assert_eq!(ids, expected, "{preset_id}");
        };
        check("clear-boundary", &[]);
        check("orphaned-provisioning", &["clusters"]);
        check("sre-absorbed", &[]);
        check("no-sre", &["error_budget_policy"]);
    }

    fn with_rects(rects: &[Option<Rect>]) -> ScenarioFile {
        let mut f = preset("clear-boundary").expect("the default preset exists");
        for (team, r) in f.teams.iter_mut().zip(rects) {
            team.rect = *r;
        }
        f
    }

    #[test]
    fn explicit_rects_are_kept_and_the_grid_goes_below_them() {
        let r = |x, y, w, h| Some(Rect { x, y, w, h });
        let check = |name: &str, rects: &[Option<Rect>], expected_first: Rect| {
            let b = layout(&with_rects(rects));
            check_geometry(name, &b);
            assert_eq!(b.teams[0].rect, expected_first, "{name}");
        };
        // Big enough: kept exactly.
        check("kept", &[r(40.0, 30.0, 500.0, 600.0)], Rect { x: 40.0, y: 30.0, w: 500.0, h: 600.0 });
        // Too small for its six cards: widened to the minimum and grown to fit.
        check(
            "grown",
            &[r(40.0, 30.0, 10.0, 10.0)],
            Rect { x: 40.0, y: 30.0, w: TEAM_MIN_W, h: box_height(TEAM_HEADER, 1, 6) },
        );
        // Off the board to the right: the board widens.
        let b = layout(&with_rects(&[r(1500.0, 0.0, 300.0, 500.0)]));
        check_geometry("far right", &b);
        assert!(b.width >= 1800.0);
        // Unusable rectangles fall back to the grid.
        for bad in
            [r(f64::NAN, 0.0, 300.0, 300.0), r(0.0, 0.0, -5.0, 300.0), r(0.0, 0.0, 300.0, f64::INFINITY)]
        {
            let b = layout(&with_rects(&[bad]));
            check_geometry("bad", &b);
            assert_eq!(b.teams[0].rect.y, MARGIN);
        }
    }

    #[test]
    fn the_grid_balances_rows() {
        let check = |teams: usize, expected_rows: usize| {
            let mut f = preset("clear-boundary").expect("the default preset exists");
            let template: Team = f.teams[0].clone();
            f.teams = (0..teams)
                .map(|i| Team {
                    id: TeamId::new(format!("t{i}")),
                    name: format!("Team {i}"),
                    ..template.clone()
                })
                .collect();
            let b = layout(&f);
            check_geometry(&format!("{teams} teams"), &b);
            let mut tops: Vec<u64> = b.teams.iter().map(|t| t.rect.y as u64).collect();
            tops.dedup();
            assert_eq!(tops.len(), expected_rows, "{teams} teams");
        };
        check(1, 1);
        check(5, 1);
        check(6, 2);
        check(11, 3);
    }

    #[test]
    fn labels_say_what_a_screen_reader_needs() {
        let b = preset_layout("shared-deploy");
        let platform = &b.teams[0];
        assert_eq!(platform.meta, "Platform · 9 people · on-call");
        assert_eq!(
            platform.aria_label,
            "Team Platform Engineering: Platform, 9 people, on-call, owns 6 capabilities"
        );
        let deploy = platform.cards.iter().find(|c| c.id.as_str() == "deploy").expect("deploy is Platform's");
        assert_eq!(deploy.meta, "delivery · shared");
        assert_eq!(
            deploy.aria_label,
            "Deploy and rollout system, delivery capability, shared by Platform Engineering and SRE"
        );
    }
}
