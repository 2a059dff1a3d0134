//! Hit-testing for dragging on the board, as pure geometry over the
//! [`BoardLayout`]: which card, team header or resize handle a pointer went
//! down on, where a drop lands, and how a drag turns into one [`Edit`].
//! No Yew in here, so the rules are tested natively; the board component
//! only feeds it pointer positions.

use super::layout::BoardLayout;
use crate::model::{CapabilityId, Rect, TeamId};
use crate::ui::edit::Edit;

/// Size of the square resize handle at a team box's bottom-right corner.
pub const HANDLE: f64 = 18.0;
/// A pointer must travel this far (board units) before a press becomes a
/// drag, so a click still just selects.
pub const THRESHOLD: f64 = 5.0;

#[derive(Clone, Debug, PartialEq)]
pub enum Grab {
    /// A card, from the team it was drawn in (`None` for the tray).
    Card {
        cap: CapabilityId,
        from: Option<TeamId>,
        rect: Rect,
    },
    MoveTeam {
        team: TeamId,
        rect: Rect,
    },
    ResizeTeam {
        team: TeamId,
        rect: Rect,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    Team(TeamId),
    Tray,
}

fn inside(r: &Rect, x: f64, y: f64) -> bool {
    x >= r.x && x <= r.x + r.w && y >= r.y && y <= r.y + r.h
}

/// What a press at (x, y) picks up, topmost first: a resize handle, a card,
/// a team's name band.
pub fn grab(b: &BoardLayout, x: f64, y: f64) -> Option<Grab> {
    for t in b.teams.iter().rev() {
        let r = t.rect;
        let handle = Rect { x: r.x + r.w - HANDLE, y: r.y + r.h - HANDLE, w: HANDLE, h: HANDLE };
        if inside(&handle, x, y) {
            return Some(Grab::ResizeTeam { team: t.id.clone(), rect: r });
        }
    }
    let team_cards = b.teams.iter().flat_map(|t| t.cards.iter().map(move |c| (c, Some(t.id.clone()))));
    let tray_cards = b.tray.cards.iter().map(|c| (c, None));
    for (c, from) in team_cards.chain(tray_cards) {
        if inside(&c.rect, x, y) {
            return Some(Grab::Card { cap: c.id.clone(), from, rect: c.rect });
        }
    }
    b.teams
        .iter()
        .rev()
        .find(|t| inside(&Rect { h: b.metrics.team_band_h, ..t.rect }, x, y))
        .map(|t| Grab::MoveTeam { team: t.id.clone(), rect: t.rect })
}

/// Where a card dropped at (x, y) lands: the topmost team box there, or the tray.
pub fn target(b: &BoardLayout, x: f64, y: f64) -> Option<Target> {
    if let Some(t) = b.teams.iter().rev().find(|t| inside(&t.rect, x, y)) {
        return Some(Target::Team(t.id.clone()));
    }
    inside(&b.tray.rect, x, y).then_some(Target::Tray)
}

/// The rectangle being dragged, moved by (dx, dy).
pub fn moved(grab: &Grab, dx: f64, dy: f64) -> Rect {
    match grab {
        Grab::Card { rect, .. } | Grab::MoveTeam { rect, .. } => {
            Rect { x: rect.x + dx, y: rect.y + dy, ..*rect }
        }
        Grab::ResizeTeam { rect, .. } => {
            Rect { w: (rect.w + dx).max(1.0), h: (rect.h + dy).max(1.0), ..*rect }
        }
    }
}

/// The one edit a finished drag makes, if any. `share` (Alt held) adds the
/// drop team as a co-owner instead of moving the card; dropping a card on
/// the tray takes it away from the team it was dragged out of.
pub fn finish(b: &BoardLayout, grab: &Grab, x: f64, y: f64, dx: f64, dy: f64, share: bool) -> Option<Edit> {
    if dx.hypot(dy) < THRESHOLD {
        return None;
    }
    match grab {
        Grab::Card { cap, from, .. } => match target(b, x, y)? {
            Target::Team(to) if Some(&to) == from.as_ref() => None,
            Target::Team(to) if share => Some(Edit::ShareCapability { cap: cap.clone(), team: to }),
            Target::Team(to) => Some(Edit::MoveCapability { cap: cap.clone(), from: from.clone(), to }),
            // Out of one owner's box: that owner lets go; co-owners keep it.
            Target::Tray => {
                from.as_ref().map(|team| Edit::RemoveOwner { cap: cap.clone(), team: team.clone() })
            }
        },
        Grab::MoveTeam { team, .. } | Grab::ResizeTeam { team, .. } => {
            Some(Edit::SetTeamRect { team: team.clone(), rect: moved(grab, dx, dy) })
        }
    }
}

/// Board coordinates of a client point, for an SVG drawn at `client` (its
/// bounding box) with a `vb_w` × `vb_h` viewBox scaled to fit and centred
/// (the default `preserveAspectRatio`).
pub fn to_board(px: f64, py: f64, client: Rect, vb_w: f64, vb_h: f64) -> (f64, f64) {
    let scale = (client.w / vb_w).min(client.h / vb_h);
    if !(scale.is_finite() && scale > 0.0) {
        return (0.0, 0.0);
    }
    let ox = client.x + (client.w - vb_w * scale) / 2.0;
    let oy = client.y + (client.h - vb_h * scale) / 2.0;
    ((px - ox) / scale, (py - oy) / scale)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::presets::preset;
    use crate::ui::board::layout::layout;

    fn board(id: &str) -> BoardLayout {
        layout(&preset(id).expect("preset"))
    }

    fn centre(r: Rect) -> (f64, f64) {
        (r.x + r.w / 2.0, r.y + r.h / 2.0)
    }

    #[test]
    fn drags_become_one_edit() {
        let b = board("orphaned-provisioning");
        let card = |team: usize, cap: &str| {
            b.teams[team].cards.iter().find(|c| c.id.as_str() == cap).map(|c| c.rect).expect("card")
        };
        let sre = centre(b.teams[1].rect);
        let deploy = centre(card(0, "deploy"));
        let check = |from: (f64, f64), to: (f64, f64), share: bool, expected: Option<Edit>| {
            let g = grab(&b, from.0, from.1).expect("something to grab");
            assert_eq!(finish(&b, &g, to.0, to.1, to.0 - from.0, to.1 - from.1, share), expected, "{g:?}");
        };
        let mv =
            Edit::MoveCapability { cap: "deploy".into(), from: Some("platform".into()), to: "sre".into() };
        check(deploy, sre, false, Some(mv));
        check(deploy, sre, true, Some(Edit::ShareCapability { cap: "deploy".into(), team: "sre".into() }));
        let out = Edit::RemoveOwner { cap: "deploy".into(), team: "platform".into() };
        check(deploy, centre(b.tray.rect), false, Some(out));
        // Dropped back on its own team, off the board, or barely moved: nothing.
        check(deploy, (deploy.0 + 30.0, deploy.1), false, None);
        check(deploy, (-50.0, -50.0), false, None);
        check(deploy, (deploy.0 + 2.0, deploy.1), false, None);
        // From the tray to a team.
        let orphan = centre(b.tray.cards[0].rect);
        let to = Edit::MoveCapability { cap: "clusters".into(), from: None, to: "sre".into() };
        check(orphan, sre, false, Some(to));
        // The name band moves the box; the corner handle resizes it.
        let r = b.teams[1].rect;
        let band = (r.x + 40.0, r.y + 10.0);
        let moved_r = Rect { x: r.x + 100.0, y: r.y + 50.0, ..r };
        check(
            band,
            (band.0 + 100.0, band.1 + 50.0),
            false,
            Some(Edit::SetTeamRect { team: "sre".into(), rect: moved_r }),
        );
        let corner = (r.x + r.w - 4.0, r.y + r.h - 4.0);
        let grown = Rect { w: r.w + 60.0, h: r.h + 40.0, ..r };
        check(
            corner,
            (corner.0 + 60.0, corner.1 + 40.0),
            false,
            Some(Edit::SetTeamRect { team: "sre".into(), rect: grown }),
        );
    }

    #[test]
    fn client_points_map_to_the_board() {
        let check = |px: f64, py: f64, client: Rect, expected: (f64, f64)| {
            assert_eq!(to_board(px, py, client, 1200.0, 600.0), expected, "{px},{py} in {client:?}");
        };
        check(0.0, 0.0, Rect { x: 0.0, y: 0.0, w: 600.0, h: 300.0 }, (0.0, 0.0));
        check(300.0, 150.0, Rect { x: 0.0, y: 0.0, w: 600.0, h: 300.0 }, (600.0, 300.0));
        // Taller than the drawing: it is centred vertically.
        check(600.0, 200.0, Rect { x: 0.0, y: 0.0, w: 1200.0, h: 1000.0 }, (600.0, 0.0));
        // Wider: centred horizontally, with an offset page position.
        check(510.0, 10.0, Rect { x: 10.0, y: 10.0, w: 1600.0, h: 300.0 }, (0.0, 0.0));
        check(5.0, 5.0, Rect { x: 0.0, y: 0.0, w: 0.0, h: 0.0 }, (0.0, 0.0));
    }
}
