//! The board: an SVG drawing of the scenario's ownership, with every team as
//! a boundary holding the capability cards it owns and the unowned tray below.
//! Geometry comes from [`layout`](mod@layout); this file draws it and turns
//! pointer drags into edits through [`drag`]: a drag previews locally and
//! commits one edit on drop, so it is one undo step.

pub mod card;
pub mod drag;
pub mod drawing;
pub mod hours;
pub mod layout;
pub mod legend;
pub mod picture;
pub mod team;
pub mod text;
pub mod tray;

use super::edit::Edit;
use super::run::{BoardOverlay, OverlayLayer};
use crate::analysis::diagnostics::Subject;
use crate::model::Rect;
use crate::model::ScenarioFile;
use crate::ui::app::state::Selection;
use crate::ui::board::drag::{finish, grab, moved, target, to_board, Grab, Target, HANDLE, THRESHOLD};
use crate::ui::board::hours::{plan, BoardLoad};
use crate::ui::board::layout::{layout, stage_layout, svg_num, BoardLayout};
use crate::ui::board::team::TeamBoundary;
use crate::ui::board::tray::UnownedTray;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct BoardProps {
    pub scenario: Rc<ScenarioFile>,
    #[prop_or_default]
    pub selection: Option<Selection>,
    #[prop_or_default]
    pub on_select: Callback<Selection>,
    /// The replay's marks: teams holding incidents and the last hand-offs.
    #[prop_or_default]
    pub overlay: Option<Rc<BoardOverlay>>,
    /// The advisor's top moves, drawn as ghost arrows and rings.
    #[prop_or_default]
    pub advice: Option<Rc<Vec<crate::ui::run::advice::AdviceMark>>>,
    /// What a chosen finding concerns, outlined on the board.
    #[prop_or_default]
    pub highlight: Vec<Subject>,
    /// Every card drop adds a co-owner, as if Alt were held (for touch
    /// screens and pens, which have no Alt key).
    #[prop_or_default]
    pub share_drops: bool,
    /// Drops and keyboard moves on the board become edits.
    #[prop_or_default]
    pub on_edit: Callback<Edit>,
    /// Hours and SLOs measured by a run of this design; without one the
    /// board shows the design's weekly plan.
    #[prop_or_default]
    pub load: Option<Rc<BoardLoad>>,
    /// Presenter mode: the screen box (width, height in pixels) the board is
    /// arranged to fill, with the stage's sizes. Teams are not moved or
    /// resized there; cards still move between them.
    #[prop_or_default]
    pub stage: Option<(u32, u32)>,
}

/// A drag in progress: what was grabbed, where it started and where the
/// pointer is now, in board units.
#[derive(Clone, Debug, PartialEq)]
struct Drag {
    grab: Grab,
    start: (f64, f64),
    now: (f64, f64),
    share: bool,
}

impl Drag {
    fn delta(&self) -> (f64, f64) {
        (self.now.0 - self.start.0, self.now.1 - self.start.1)
    }

    fn active(&self) -> bool {
        let (dx, dy) = self.delta();
        dx.hypot(dy) >= THRESHOLD
    }
}

#[component]
pub fn Board(props: &BoardProps) -> Html {
    // Layout is recomputed only when the scenario changes, not on selection.
    let board = use_memo((props.scenario.clone(), props.stage), |(s, stage)| match stage {
        Some((w, h)) => stage_layout(s, f64::from(*w), f64::from(*h)),
        None => layout(s),
    });
    let stage = props.stage.is_some();
    let planned = use_memo(props.scenario.clone(), |s| plan(s).map(Rc::new));
    let load = props.load.clone().or_else(|| (*planned).clone());
    let view_box = format!("0 0 {} {}", svg_num(board.width), svg_num(board.height));
    let aria_label = format!(
        "Ownership board: {} teams, {} capabilities, {} unowned",
        board.teams.len(),
        board.capability_count,
        board.tray.cards.len()
    );
    let drag = use_state(|| None::<Drag>);
    let svg_ref = use_node_ref();
    let point = {
        let (svg_ref, board) = (svg_ref.clone(), board.clone());
        move |x: i32, y: i32| -> (f64, f64) {
            let Some(el) = svg_ref.cast::<web_sys::Element>() else { return (0.0, 0.0) };
            let r = el.get_bounding_client_rect();
            let client = Rect { x: r.left(), y: r.top(), w: r.width(), h: r.height() };
            to_board(f64::from(x), f64::from(y), client, board.width, board.height)
        }
    };
    let onpointerdown = {
        let (drag, board, point, share_drops) =
            (drag.clone(), board.clone(), point.clone(), props.share_drops);
        Callback::from(move |e: PointerEvent| {
            if e.button() != 0 {
                return;
            }
            let at = point(e.client_x(), e.client_y());
            // On the stage boxes are arranged for the room: only cards move.
            let g = grab(&board, at.0, at.1).filter(|g| !stage || matches!(g, Grab::Card { .. }));
            if let Some(g) = g {
                drag.set(Some(Drag { grab: g, start: at, now: at, share: e.alt_key() || share_drops }));
            }
        })
    };
    let onpointermove = {
        let (drag, point, svg_ref, share_drops) =
            (drag.clone(), point.clone(), svg_ref.clone(), props.share_drops);
        Callback::from(move |e: PointerEvent| {
            if let Some(d) = (*drag).clone() {
                // The button was released outside the board before the drag
                // began (nothing captured the pointer yet): forget it.
                if e.buttons() == 0 {
                    drag.set(None);
                    return;
                }
                let next = Drag {
                    now: point(e.client_x(), e.client_y()),
                    share: e.alt_key() || share_drops,
                    ..d.clone()
                };
                // Capture only once it is a drag: capturing on press would
                // send the click to the board and a plain click would no
                // longer select the card or team under it.
                if next.active() && !d.active() {
                    if let Some(el) = svg_ref.cast::<web_sys::Element>() {
                        let _ = el.set_pointer_capture(e.pointer_id());
                    }
                }
                drag.set(Some(next));
            }
        })
    };
    let onpointerup = {
        let (drag, board, point, cb) = (drag.clone(), board.clone(), point.clone(), props.on_edit.clone());
        let share_drops = props.share_drops;
        Callback::from(move |e: PointerEvent| {
            let Some(d) = (*drag).clone() else { return };
            drag.set(None);
            let now = point(e.client_x(), e.client_y());
            let (dx, dy) = (now.0 - d.start.0, now.1 - d.start.1);
            if let Some(edit) = finish(&board, &d.grab, now.0, now.1, dx, dy, e.alt_key() || share_drops) {
                cb.emit(edit);
            }
        })
    };
    let onpointercancel = {
        let drag = drag.clone();
        Callback::from(move |_: PointerEvent| drag.set(None))
    };
    let onkeydown = {
        let (board, cb) = (board.clone(), props.on_edit.clone());
        Callback::from(move |e: KeyboardEvent| {
            if stage {
                return;
            }
            let Some(el) = e.target_dyn_into::<web_sys::Element>() else { return };
            // Only a focused team box itself, not a card inside it.
            let Some(id) = el.get_attribute("data-team") else { return };
            let Some(t) = board.teams.iter().find(|t| t.id.as_str() == id) else { return };
            if let Some(edit) = team_key(t.id.clone(), t.rect, &e.key(), e.shift_key()) {
                e.prevent_default();
                cb.emit(edit);
            }
        })
    };
    let teams = board.teams.iter().map(|team| {
        html! {
            <TeamBoundary key={team.id.to_string()} team={team.clone()} selection={props.selection.clone()}
                on_select={props.on_select.clone()} load={load.clone()} metrics={board.metrics} />
        }
    });
    html! {
        <svg class={classes!("board", stage.then_some("stage"), drag.as_ref().filter(|d| d.active()).map(|_| "dragging"))} ref={svg_ref}
            viewBox={view_box} role="group" aria-label={aria_label}
            {onpointerdown} {onpointermove} {onpointerup} {onpointercancel} {onkeydown}>
            <defs>
                // Hatching marks the tray as "outside every team" without relying on colour alone.
                <pattern id="unowned-hatch" width="14" height="14" patternUnits="userSpaceOnUse"
                    patternTransform="rotate(45)">
                    <rect width="14" height="14" fill="#fef2f2" />
                    <line x1="0" y1="0" x2="0" y2="14" stroke="#fecaca" stroke-width="6" />
                </pattern>
            </defs>
            { for teams }
            <UnownedTray tray={board.tray.clone()} selection={props.selection.clone()}
                on_select={props.on_select.clone()} load={load.clone()} metrics={board.metrics} />
            if !stage {
                { handles(&board) }
            }
            { highlights(&board, &props.highlight) }
            { for drag.as_ref().filter(|d| d.active()).map(|d| ghost(&board, d)) }
            if let Some(marks) = props.advice.as_ref().filter(|m| !m.is_empty()) {
                <crate::ui::run::AdviceLayer board={board.clone()} marks={marks.clone()} />
            }
            if let Some(overlay) = &props.overlay {
                <OverlayLayer board={board.clone()} overlay={overlay.clone()} />
            }
        </svg>
    }
}

/// Arrow keys move a focused team box by 10 (Shift+arrows resize it by 20);
/// Delete or Backspace deletes the team (undo brings it back).
fn team_key(team: crate::model::TeamId, r: Rect, key: &str, shift: bool) -> Option<Edit> {
    let (dx, dy) = match key {
        "ArrowLeft" => (-1.0, 0.0),
        "ArrowRight" => (1.0, 0.0),
        "ArrowUp" => (0.0, -1.0),
        "ArrowDown" => (0.0, 1.0),
        "Delete" | "Backspace" => return Some(Edit::DeleteTeam { team }),
        _ => return None,
    };
    let rect = if shift {
        Rect { w: r.w + dx * 20.0, h: r.h + dy * 20.0, ..r }
    } else {
        Rect { x: (r.x + dx * 10.0).max(0.0), y: (r.y + dy * 10.0).max(0.0), ..r }
    };
    Some(Edit::SetTeamRect { team, rect })
}

/// The resize grip at each team box's bottom-right corner.
fn handles(board: &BoardLayout) -> Html {
    let grips = board.teams.iter().map(|t| {
        let (x, y) = (t.rect.x + t.rect.w, t.rect.y + t.rect.h);
        let d = format!(
            "M{} {} L{} {} L{} {} Z",
            svg_num(x - 4.0),
            svg_num(y - HANDLE + 2.0),
            svg_num(x - 4.0),
            svg_num(y - 4.0),
            svg_num(x - HANDLE + 2.0),
            svg_num(y - 4.0)
        );
        html! { <path class="resize-handle" data-resize={t.id.to_string()} {d} /> }
    });
    html! { <g class="handles" aria-hidden="true">{ for grips }</g> }
}

/// Outlines around what the chosen finding concerns.
fn highlights(board: &BoardLayout, subjects: &[Subject]) -> Html {
    let mut rects: Vec<(Rect, String)> = Vec::new();
    for s in subjects {
        match s {
            Subject::Team(id) => {
                rects.extend(board.teams.iter().filter(|t| t.id.as_str() == id).map(|t| (t.rect, id.clone())))
            }
            Subject::Capability(id) => rects.extend(
                board
                    .teams
                    .iter()
                    .flat_map(|t| &t.cards)
                    .chain(&board.tray.cards)
                    .filter(|c| c.id.as_str() == id)
                    .map(|c| (c.rect, id.clone())),
            ),
            Subject::Design => {}
        }
    }
    let outlines = rects.into_iter().map(|(r, id)| {
        html! {
            <rect class="highlight" data-highlight={id} x={svg_num(r.x - 5.0)} y={svg_num(r.y - 5.0)}
                width={svg_num(r.w + 10.0)} height={svg_num(r.h + 10.0)} rx="12" />
        }
    });
    html! { <g class="highlights" aria-hidden="true">{ for outlines }</g> }
}

/// What follows the pointer: the card or box outline, and the drop target.
fn ghost(board: &BoardLayout, d: &Drag) -> Html {
    let m = &board.metrics;
    let (dx, dy) = d.delta();
    let r = moved(&d.grab, dx, dy);
    let drop = match &d.grab {
        Grab::Card { from, .. } => match target(board, d.now.0, d.now.1) {
            Some(Target::Team(id)) if Some(&id) != from.as_ref() => {
                board.teams.iter().find(|t| t.id == id).map(|t| t.rect)
            }
            Some(Target::Tray) if from.is_some() => Some(board.tray.rect),
            _ => None,
        },
        _ => None,
    };
    // The dragged card keeps its name, fitted as on the board.
    let name = match &d.grab {
        Grab::Card { cap, .. } => board
            .teams
            .iter()
            .flat_map(|t| &t.cards)
            .chain(&board.tray.cards)
            .find(|c| &c.id == cap)
            .and_then(|c| c.lines.first().cloned()),
        _ => None,
    };
    let label = match &d.grab {
        Grab::Card { .. } if d.share => "share",
        Grab::Card { .. } => "move",
        Grab::MoveTeam { .. } => "move-team",
        Grab::ResizeTeam { .. } => "resize-team",
    };
    html! {
        <g class="drag-layer" aria-hidden="true" data-drag={label}>
            if let Some(t) = drop {
                <rect class="drop-target" x={svg_num(t.x - 4.0)} y={svg_num(t.y - 4.0)} width={svg_num(t.w + 8.0)}
                    height={svg_num(t.h + 8.0)} rx="14" />
            }
            <rect class={classes!("ghost", label)} x={svg_num(r.x)} y={svg_num(r.y)} width={svg_num(r.w)}
                height={svg_num(r.h)} rx="8" />
            { for name.map(|n| html! {
                <text class="ghost-label" x={svg_num(r.x + m.card_text_x)} y={svg_num(r.y + m.card_single_y)}
                    font-size={svg_num(m.card_name_px)}>{ n }</text>
            }) }
            if d.share {
                <text class="ghost-label share" x={svg_num(r.x + m.card_text_x)} y={svg_num(r.y + m.card_meta_single_y)}
                    font-size={svg_num(m.card_meta_px)}>{ "+ add as co-owner" }</text>
            }
        </g>
    }
}
