//! What the replay draws over the board, as plain data and geometry with no
//! Yew in it: which teams hold an open incident right now, and the arrows of
//! the hand-offs the last step made, running from one team boundary to
//! another. The board passes its own layout in; ids it does not know (the
//! design changed since the run) are skipped rather than drawn in the wrong place.

use super::playback::Frame;
use crate::model::{Rect, Scenario, TeamId};

/// The replay's marks on the board at one moment.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BoardOverlay {
    /// Teams holding open incidents, with how many each holds.
    pub holders: Vec<(TeamId, u32)>,
    /// Hand-offs of the last step: from team, to team.
    pub arrows: Vec<(TeamId, TeamId)>,
}

impl BoardOverlay {
    /// The overlay for a replay frame of a run of `sc`.
    pub fn of(sc: &Scenario, frame: &Frame) -> Self {
        let mut holders: Vec<(TeamId, u32)> = Vec::new();
        for o in &frame.open {
            if let super::playback::Holder::Team(t) = o.holder {
                let id = &sc.team(t).id;
                match holders.iter_mut().find(|(h, _)| h == id) {
                    Some((_, n)) => *n += 1,
                    None => holders.push((id.clone(), 1)),
                }
            }
        }
        let mut arrows: Vec<(TeamId, TeamId)> =
            frame.arrows.iter().map(|a| (sc.team(a.from).id.clone(), sc.team(a.to).id.clone())).collect();
        arrows.dedup();
        Self { holders, arrows }
    }

    pub fn is_empty(&self) -> bool {
        self.holders.is_empty() && self.arrows.is_empty()
    }
}

/// An arrow between two boxes as a quadratic curve: where it starts, its
/// control point and where it ends.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Curve {
    pub start: (f64, f64),
    pub control: (f64, f64),
    pub end: (f64, f64),
}

impl Curve {
    /// The point halfway along the curve, where a label sits on it.
    pub fn middle(&self) -> (f64, f64) {
        let (a, c, b) = (self.start, self.control, self.end);
        ((a.0 + 2.0 * c.0 + b.0) / 4.0, (a.1 + 2.0 * c.1 + b.1) / 4.0)
    }

    /// The SVG path.
    pub fn path(&self) -> String {
        let n = crate::ui::board::text::svg_num;
        let (a, c, b) = (self.start, self.control, self.end);
        format!("M{} {} Q{} {} {} {}", n(a.0), n(a.1), n(c.0), n(c.1), n(b.0), n(b.1))
    }
}

/// An arrow's curve between two boxes: a gentle curve from the edge of
/// `from` to the edge of `to`, so it starts and ends at the boundaries and
/// two arrows in opposite directions do not overlap.
pub fn arrow_curve(from: Rect, to: Rect) -> Curve {
    let (ax, ay) = (from.x + from.w / 2.0, from.y + from.h / 2.0);
    let (bx, by) = (to.x + to.w / 2.0, to.y + to.h / 2.0);
    let (dx, dy) = (bx - ax, by - ay);
    let len = (dx * dx + dy * dy).sqrt().max(1e-9);
    // How far along the centre line each box's edge lies.
    let exit = |r: Rect| {
        let tx = if dx.abs() > 1e-9 { (r.w / 2.0) / dx.abs() } else { f64::INFINITY };
        let ty = if dy.abs() > 1e-9 { (r.h / 2.0) / dy.abs() } else { f64::INFINITY };
        tx.min(ty)
    };
    let (mut t0, mut t1) = (exit(from), 1.0 - exit(to));
    if t0 >= t1 {
        // Overlapping or touching boxes: run between the centres' neighbourhoods.
        (t0, t1) = (0.35, 0.65);
    }
    let (x0, y0) = (ax + dx * t0, ay + dy * t0);
    let (x1, y1) = (ax + dx * t1, ay + dy * t1);
    // Bend to the left of the direction of travel.
    let bend = 0.18 * len * (t1 - t0);
    let (nx, ny) = (-dy / len, dx / len);
    let control = ((x0 + x1) / 2.0 + nx * bend, (y0 + y1) / 2.0 + ny * bend);
    Curve { start: (x0, y0), control, end: (x1, y1) }
}

/// [`arrow_curve`] as an SVG path, with the arrow's end point.
pub fn arrow_path(from: Rect, to: Rect) -> (String, (f64, f64)) {
    let c = arrow_curve(from, to);
    (c.path(), c.end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::run;
    use crate::model::presets::preset;
    use crate::model::validate;
    use crate::ui::run::playback::frame;

    fn on_edge(r: Rect, (x, y): (f64, f64)) -> bool {
        let near = |a: f64, b: f64| (a - b).abs() < 0.01;
        let inside_x = x >= r.x - 0.01 && x <= r.x + r.w + 0.01;
        let inside_y = y >= r.y - 0.01 && y <= r.y + r.h + 0.01;
        (inside_x && (near(y, r.y) || near(y, r.y + r.h)))
            || (inside_y && (near(x, r.x) || near(x, r.x + r.w)))
    }

    #[test]
    fn arrows_run_from_boundary_to_boundary() {
        let check = |a: Rect, b: Rect| {
            let (path, end) = arrow_path(a, b);
            assert!(path.starts_with('M') && path.contains(" Q"), "{path}");
            assert!(on_edge(b, end), "{path} ends at {end:?}, not on {b:?}");
            let start: Vec<f64> = path[1..].split(' ').take(2).map(|v| v.parse().expect("number")).collect();
            assert!(on_edge(a, (start[0], start[1])), "{path} starts off {a:?}");
        };
        let r = |x: f64, y: f64| Rect { x, y, w: 300.0, h: 200.0 };
        check(r(0.0, 0.0), r(400.0, 0.0)); // side by side
        check(r(0.0, 0.0), r(0.0, 300.0)); // one above the other
        check(r(0.0, 0.0), r(500.0, 400.0)); // diagonal
        check(r(400.0, 300.0), r(0.0, 0.0)); // back up and left
    }

    #[test]
    fn overlapping_boxes_still_get_an_arrow() {
        let a = Rect { x: 0.0, y: 0.0, w: 300.0, h: 200.0 };
        let b = Rect { x: 100.0, y: 50.0, w: 300.0, h: 200.0 };
        let (path, _) = arrow_path(a, b);
        assert!(path.starts_with('M'), "{path}");
    }

    #[test]
    fn the_overlay_names_holders_and_hand_offs_by_team_id() {
        let sc = validate(preset("orphaned-provisioning").expect("preset")).expect("valid");
        let log = run(&sc, 1);
        let mut saw_arrow = false;
        for k in 0..=log.events.len() {
            let f = frame(&log, k);
            let o = BoardOverlay::of(&sc, &f);
            let held: u32 = o.holders.iter().map(|h| h.1).sum();
            let expected = f
                .open
                .iter()
                .filter(|x| matches!(x.holder, crate::ui::run::playback::Holder::Team(_)))
                .count();
            assert_eq!(held as usize, expected, "step {k}");
            for (from, to) in &o.arrows {
                saw_arrow = true;
                assert!(sc.team_by_id(from).is_some() && sc.team_by_id(to).is_some());
                assert!(o.holders.iter().any(|h| &h.0 == to), "the receiver is highlighted at step {k}");
            }
        }
        assert!(saw_arrow);
    }
}
