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

pub use super::text::{fit_lines, label_width, svg_num};
use crate::model::validate::{is_hex_colour, MAX_COORD};
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

/// Every size the board is drawn with, in board units. The desk board (the
/// editor) uses [`DESK`]; the projected board in presenter mode uses
/// [`STAGE`], denser, so that arranged to fill the screen its card text is
/// large (at least 18 px at 1024×768 for the presets; see
/// `e2e/presenter.test.mjs`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Metrics {
    pub margin: f64,
    pub gap: f64,
    pub pad: f64,
    pub team_min_w: f64,
    pub team_band_h: f64,
    pub team_header: f64,
    /// Baselines of the team's name (in the band) and its meta line.
    pub team_name_y: f64,
    pub team_meta_y: f64,
    pub team_bar_y: f64,
    pub team_bar_h: f64,
    /// The line under the bar; none on the stage, where the bar's own
    /// label (and the inspector) say the hours.
    pub team_caption_y: Option<f64>,
    pub card_h: f64,
    pub card_gap: f64,
    pub card_min_w: f64,
    pub card_text_x: f64,
    /// Card baselines: a name of one line alone, a name's first line and the
    /// step to its second, the meta line under one or two lines of name.
    pub card_single_y: f64,
    pub card_first_y: f64,
    pub card_step: f64,
    pub card_meta_single_y: f64,
    pub card_meta_y: f64,
    /// A service's SLO badge: its top, height and text baseline, and the
    /// meta line under it.
    pub badge_y: f64,
    pub badge_h: f64,
    pub badge_text_y: f64,
    pub card_meta_badge_y: f64,
    pub tray_header: f64,
    pub tray_title_y: f64,
    pub team_name_px: f64,
    pub team_meta_px: f64,
    pub card_name_px: f64,
    pub card_meta_px: f64,
    pub team_caption_px: f64,
    pub badge_px: f64,
    pub tray_title_px: f64,
}

pub const DESK: Metrics = Metrics {
    margin: MARGIN,
    gap: GAP,
    pad: PAD,
    team_min_w: TEAM_MIN_W,
    team_band_h: TEAM_BAND_H,
    team_header: TEAM_HEADER,
    team_name_y: 21.0,
    team_meta_y: TEAM_BAND_H + 18.0,
    team_bar_y: TEAM_BAR_Y,
    team_bar_h: TEAM_BAR_H,
    team_caption_y: Some(TEAM_CAPTION_Y),
    card_h: CARD_H,
    card_gap: CARD_GAP,
    card_min_w: CARD_MIN_W,
    card_text_x: CARD_TEXT_X,
    card_single_y: 24.0,
    card_first_y: 18.0,
    card_step: 16.0,
    card_meta_single_y: 46.0,
    card_meta_y: 53.0,
    badge_y: 24.0,
    badge_h: 15.0,
    badge_text_y: 35.0,
    card_meta_badge_y: 52.0,
    tray_header: TRAY_HEADER,
    tray_title_y: 26.0,
    team_name_px: TEAM_NAME_PX,
    team_meta_px: TEAM_META_PX,
    card_name_px: CARD_NAME_PX,
    card_meta_px: CARD_META_PX,
    team_caption_px: TEAM_CAPTION_PX,
    badge_px: BADGE_PX,
    tray_title_px: TRAY_TITLE_PX,
};

/// The projected board: the same drawing, tighter around text of the same
/// size in board units, so the board can be drawn larger on the same screen.
/// A card's meta line is as large as its name.
pub const STAGE: Metrics = Metrics {
    margin: 6.0,
    gap: 8.0,
    pad: 6.0,
    team_min_w: 160.0,
    team_band_h: 24.0,
    team_header: 56.0,
    team_name_y: 18.0,
    team_meta_y: 39.0,
    team_bar_y: 45.0,
    team_bar_h: 7.0,
    team_caption_y: None,
    card_h: 52.0,
    card_gap: 3.0,
    card_min_w: 132.0,
    card_text_x: 12.0,
    card_single_y: 21.0,
    card_first_y: 17.0,
    card_step: 15.0,
    card_meta_single_y: 41.0,
    card_meta_y: 47.0,
    badge_y: 21.0,
    badge_h: 14.0,
    badge_text_y: 32.0,
    card_meta_badge_y: 48.0,
    tray_header: 30.0,
    tray_title_y: 20.0,
    team_name_px: 15.0,
    team_meta_px: 13.0,
    card_name_px: 14.0,
    card_meta_px: 14.0,
    team_caption_px: 12.0,
    badge_px: 12.0,
    tray_title_px: 15.0,
};

#[derive(Clone, Debug, PartialEq)]
pub struct BoardLayout {
    pub width: f64,
    pub height: f64,
    pub teams: Vec<TeamBox>,
    pub tray: Tray,
    /// How many capabilities the board shows, counting each once.
    pub capability_count: usize,
    /// The sizes it is drawn with.
    pub metrics: Metrics,
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
    /// "Unowned — nobody is accountable", fitted to the tray.
    pub title: String,
}

/// Lays out the whole board for the editor: each team where the scenario
/// puts it, the rest in a balanced grid.
pub fn layout(file: &ScenarioFile) -> BoardLayout {
    let placed = Placement::of(file);
    let (team_caps, orphans) = (&placed.team_caps, &placed.orphans);
    let rects = team_rects(file, team_caps);
    let width = rects.iter().map(|r| r.x + r.w + MARGIN).fold(BOARD_WIDTH, f64::max);
    let tray_top = rects.iter().map(|r| r.y + r.h + GAP).fold(MARGIN, f64::max);
    let tray_w = width - 2.0 * MARGIN;
    let tray_h = box_height(&DESK, TRAY_HEADER, card_columns(&DESK, tray_w), orphans.len());
    let tray = Rect { x: MARGIN, y: tray_top, w: tray_w, h: tray_h };
    assemble(file, &placed, rects, tray, width, &DESK)
}

/// A shelf of the stage: the items from `.0` to before `.1`, with `.2` card rows.
type Shelf = (usize, usize, usize);

/// Lays out the projected board to fill a box of `box_w` × `box_h` screen
/// pixels as large as it can: teams in file order on shelves, the unowned
/// tray last, each shelf with its own number of card rows (every box on it
/// puts its cards in as many columns as that needs, and is drawn as tall as
/// the shelf). The scale is found by bisection: at a scale, the board may be
/// the box's width over it, and the lowest packing of that width (dynamic
/// programming over where shelves break and how many rows each has) must
/// fit the box's height. Positions set on the desk board are not used:
/// this is the room's view.
pub fn stage_layout(file: &ScenarioFile, box_w: f64, box_h: f64) -> BoardLayout {
    let m = &STAGE;
    let placed = Placement::of(file);
    let (team_caps, orphans) = (&placed.team_caps, &placed.orphans);
    let (box_w, box_h) = (box_w.max(1.0), box_h.max(1.0));
    let counts: Vec<usize> = team_caps.iter().map(Vec::len).chain([orphans.len()]).collect();
    let tray = counts.len() - 1;
    let size = |k: usize, rows: usize| -> (f64, f64) {
        let n = counts[k];
        let cols = n.div_ceil(rows).max(1);
        let w =
            (cols as f64 * m.card_min_w + (cols as f64 - 1.0) * m.card_gap + 2.0 * m.pad).max(m.team_min_w);
        (w, box_height(m, if k == tray { m.tray_header } else { m.team_header }, cols, n))
    };
    // Shelves of at most this many boxes, each with at most this many card
    // rows: enough for any board a room can read, bounded for any file.
    let most_rows = counts.iter().copied().max().unwrap_or(1).clamp(1, 12);
    let longest = 40;
    // Every item's size at every number of rows, once.
    let sizes: Vec<Vec<(f64, f64)>> =
        (0..counts.len()).map(|k| (1..=most_rows).map(|rows| size(k, rows)).collect()).collect();
    // The lowest packing into shelves no wider than `limit`: for each prefix
    // of the items, its height, where its last shelf starts and its rows.
    // A shelf ending at `end` grows leftwards, its width and height kept as
    // it goes, so each (end, rows) costs one pass over its candidate starts.
    let pack = |limit: f64| -> Option<(f64, Vec<Shelf>)> {
        let n = counts.len();
        let mut best: Vec<Option<(f64, usize, usize)>> = vec![None; n + 1];
        best[0] = Some((0.0, 0, 0));
        for end in 1..=n {
            for rows in 1..=most_rows {
                let (mut width, mut height) = (-m.gap, 0.0_f64);
                for start in (end.saturating_sub(longest)..end).rev() {
                    let (w, h) = sizes[start][rows - 1];
                    width += w + m.gap;
                    height = height.max(h);
                    if width > limit + 1e-9 {
                        break;
                    }
                    let Some((before, _, _)) = best[start] else { continue };
                    let total = before + height + if start > 0 { m.gap } else { 0.0 };
                    if best[end].is_none_or(|b| total < b.0 - 1e-9) {
                        best[end] = Some((total, start, rows));
                    }
                }
            }
        }
        let (height, _, _) = best[n]?;
        let mut shelves = Vec::new();
        let mut end = n;
        while end > 0 {
            let (_, start, rows) = best[end]?;
            shelves.push((start, end, rows));
            end = start;
        }
        shelves.reverse();
        Some((height, shelves))
    };
    let fits = |scale: f64| {
        pack(box_w / scale - 2.0 * m.margin).filter(|(h, _)| h + 2.0 * m.margin <= box_h / scale + 1e-9)
    };
    let (mut lo, mut hi) = (1e-3, 64.0);
    let mut found = fits(lo);
    for _ in 0..40 {
        let mid = (lo + hi) / 2.0;
        match fits(mid) {
            Some(p) => {
                lo = mid;
                found = Some(p);
            }
            None => hi = mid,
        }
    }
    // A file too large to fit even at the smallest scale: one box a shelf.
    let shelves =
        found.map(|(_, s)| s).unwrap_or_else(|| (0..counts.len()).map(|k| (k, k + 1, most_rows)).collect());
    let mut rects = Vec::with_capacity(counts.len());
    let (mut y, mut width) = (m.margin, 0.0_f64);
    for (start, end, rows) in shelves {
        let shelf: Vec<(f64, f64)> = (start..end).map(|k| sizes[k][rows - 1]).collect();
        let height = shelf.iter().map(|s| s.1).fold(0.0, f64::max);
        let mut x = m.margin;
        for (w, _) in shelf {
            rects.push(Rect { x, y, w, h: height });
            x += w + m.gap;
        }
        width = width.max(x - m.gap + m.margin);
        y += height + m.gap;
    }
    let tray_rect =
        rects.pop().unwrap_or(Rect { x: m.margin, y: m.margin, w: m.team_min_w, h: m.tray_header });
    assemble(file, &placed, rects, tray_rect, width, m)
}

/// Where each capability's card goes: who owns each capability (team
/// indices), which capabilities each team's box holds, in file order, and
/// the orphans, which go to the tray.
struct Placement {
    owners: Vec<Vec<usize>>,
    team_caps: Vec<Vec<usize>>,
    orphans: Vec<usize>,
}

impl Placement {
    fn of(file: &ScenarioFile) -> Placement {
        let owners = resolve_owners(file);
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
        Placement { owners, team_caps, orphans }
    }
}

/// The board from its boxes: cards in a grid in each box and in the tray.
fn assemble(
    file: &ScenarioFile,
    placed: &Placement,
    rects: Vec<Rect>,
    tray: Rect,
    width: f64,
    m: &Metrics,
) -> BoardLayout {
    let Placement { owners, team_caps, orphans } = placed;
    let teams: Vec<TeamBox> = file
        .teams
        .iter()
        .zip(rects)
        .zip(team_caps)
        .map(|((team, rect), caps)| {
            let cards = grid(m, rect, m.team_header, caps.len())
                .into_iter()
                .zip(caps)
                .map(|(r, &ci)| card(file, owners, ci, r, m))
                .collect();
            team_box(team, rect, cards, m)
        })
        .collect();
    let tray_cards = grid(m, tray, m.tray_header, orphans.len())
        .into_iter()
        .zip(orphans)
        .map(|(r, &ci)| card(file, owners, ci, r, m))
        .collect();
    let title =
        fit_lines("Unowned — nobody is accountable", tray.w - 2.0 * m.pad, m.tray_title_px, true, 1).concat();
    let bottom = teams.iter().map(|t| t.rect.y + t.rect.h).fold(tray.y + tray.h, f64::max);
    BoardLayout {
        width,
        height: bottom + m.margin,
        teams,
        tray: Tray { rect: tray, cards: tray_cards, title },
        capability_count: file.capabilities.len(),
        metrics: *m,
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
            let h =
                r.h.min(MAX_COORD).max(box_height(&DESK, TEAM_HEADER, card_columns(&DESK, w), caps.len()));
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
                .map(|&ti| box_height(&DESK, TEAM_HEADER, card_columns(&DESK, w), team_caps[ti].len()))
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
fn card_columns(m: &Metrics, box_w: f64) -> usize {
    let inner = box_w - 2.0 * m.pad;
    (((inner + m.card_gap) / (m.card_min_w + m.card_gap)).floor() as usize).max(1)
}

/// Height of a box holding `n` cards below a header. An empty box keeps one
/// row of room, since it is where cards will be dropped.
fn box_height(m: &Metrics, header: f64, cols: usize, n: usize) -> f64 {
    let rows = n.div_ceil(cols).max(1) as f64;
    header + rows * m.card_h + (rows - 1.0) * m.card_gap + m.pad
}

/// Card rectangles for `n` cards inside a box, row by row below its header.
fn grid(m: &Metrics, outer: Rect, header: f64, n: usize) -> Vec<Rect> {
    let cols = card_columns(m, outer.w);
    let inner = outer.w - 2.0 * m.pad;
    let w = (inner - (cols as f64 - 1.0) * m.card_gap) / cols as f64;
    (0..n)
        .map(|i| Rect {
            x: outer.x + m.pad + (i % cols) as f64 * (w + m.card_gap),
            y: outer.y + header + (i / cols) as f64 * (m.card_h + m.card_gap),
            w,
            h: m.card_h,
        })
        .collect()
}

fn card(file: &ScenarioFile, owners: &[Vec<usize>], ci: usize, rect: Rect, m: &Metrics) -> Card {
    let cap = &file.capabilities[ci];
    let owner_names: Vec<String> = owners[ci].iter().map(|&ti| file.teams[ti].name.clone()).collect();
    let shared = owner_names.len() > 1;
    let layer = cap.layer.label();
    let meta = if shared { format!("{layer} · shared") } else { layer.to_owned() };
    // The label starts with what the card shows (its name, then its meta
    // line), so a voice command naming what is on screen finds it.
    let ownership = match owner_names.as_slice() {
        [] => " capability, unowned".to_owned(),
        [one] => format!(" capability, owned by {one}"),
        many => format!(", shared by {}", join_names(many)),
    };
    // A service's name keeps to one line: the second holds its SLO badge.
    let max_lines = if cap.layer == Layer::Service { 1 } else { 2 };
    Card {
        id: cap.id.clone(),
        name: cap.name.clone(),
        lines: fit_lines(&cap.name, rect.w - m.card_text_x - 6.0, m.card_name_px, true, max_lines),
        layer: cap.layer,
        rect,
        owners: owner_names,
        shared,
        meta,
        aria_label: format!("{}, {layer}{ownership}", cap.name),
    }
}

fn team_box(team: &crate::model::Team, rect: Rect, cards: Vec<Card>, m: &Metrics) -> TeamBox {
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
    let text_w = rect.w - 2.0 * m.pad;
    TeamBox {
        id: team.id.clone(),
        name: team.name.clone(),
        label: fit_lines(&team.name, text_w, m.team_name_px, true, 1).concat(),
        kind: team.kind,
        meta: fit_lines(&meta, text_w, m.team_meta_px, false, 1).concat(),
        // Validation refuses any other colour; a design shown while
        // invalid draws a bad one in its kind's colour.
        color: team.color.clone().filter(|c| is_hex_colour(c)),
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
            Rect { x: 40.0, y: 30.0, w: TEAM_MIN_W, h: box_height(&DESK, TEAM_HEADER, 1, 6) },
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

    /// The projected board fills a 1024×768 presenter screen's board box
    /// with card text of at least 18 px, for every preset, and keeps every
    /// geometric invariant; boxes set on the desk do not move it.
    #[test]
    fn the_stage_fills_its_box_with_large_text() {
        // The board's box in presenter mode at 1024×768, as e2e/presenter.test.mjs measures it.
        let (w, h) = (1000.0, 550.0);
        for p in PRESETS {
            let f = preset(p.id).expect("preset");
            let b = stage_layout(&f, w, h);
            check_geometry(p.id, &b);
            let scale = (w / b.width).min(h / b.height);
            let px = scale * STAGE.card_name_px;
            eprintln!("{}: {:.0}×{:.0} units, card text {px:.1} px", p.id, b.width, b.height);
            assert!(px >= 18.0, "{}: card text {px:.1} px", p.id);
            let mut moved = f.clone();
            moved.teams[0].rect = Some(Rect { x: 3000.0, y: 10.0, w: 900.0, h: 900.0 });
            assert_eq!(stage_layout(&moved, w, h), b, "{}: desk positions moved the stage", p.id);
        }
        // A tall box stacks; a wide one lines up.
        let f = preset("clear-boundary").expect("preset");
        let tall = stage_layout(&f, 400.0, 2000.0);
        let wide = stage_layout(&f, 4000.0, 300.0);
        assert!(tall.height > tall.width && wide.width > wide.height);
        check_geometry("tall", &tall);
        check_geometry("wide", &wide);
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
            "Deploy and rollout system, delivery, shared by Platform Engineering and SRE"
        );
    }
}
