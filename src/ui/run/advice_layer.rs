//! The advisor's top moves drawn over the board: a dashed ghost arrow from a
//! capability's card to the team it would go to, or a dashed ring around a
//! team whose time, rota or headcount would change, each labelled with its
//! rank and effect. Like the replay's overlay it ignores the pointer, so the
//! board stays usable; ids the board does not know are skipped.

use super::advice::{AdviceMark, MarkAt};
use super::overlay::arrow_curve;
use super::overlay_layer::arrow_head;
use crate::model::Rect;
use crate::ui::board::layout::{svg_num, BoardLayout};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct AdviceLayerProps {
    pub board: Rc<BoardLayout>,
    pub marks: Rc<Vec<AdviceMark>>,
}

const LABEL_PX: f64 = 14.0;

/// A pill with the mark's text, centred on (x, y).
fn pill(text: &str, (x, y): (f64, f64)) -> Html {
    let w = 18.0 + crate::ui::board::text::label_width(text, LABEL_PX, true);
    html! {
        <>
            <rect class="advice-pill" x={svg_num(x - w / 2.0)} y={svg_num(y - 12.0)} width={svg_num(w)}
                height="24" rx="12" />
            <text class="advice-text" x={svg_num(x)} y={svg_num(y + 5.0)} text-anchor="middle"
                font-size={LABEL_PX.to_string()}>{ text.to_owned() }</text>
        </>
    }
}

#[component]
pub fn AdviceLayer(props: &AdviceLayerProps) -> Html {
    let board = &props.board;
    let team_rect = |id: &crate::model::TeamId| board.teams.iter().find(|t| &t.id == id).map(|t| t.rect);
    // The card the move takes away: a copy outside the receiving team (a
    // shared capability is drawn in each owner's box), or the tray's.
    let card_rect = |id: &crate::model::CapabilityId, to: &crate::model::TeamId| {
        board
            .teams
            .iter()
            .filter(|t| &t.id != to)
            .flat_map(|t| &t.cards)
            .chain(&board.tray.cards)
            .find(|c| &c.id == id)
            .map(|c| c.rect)
    };
    let marks = props.marks.iter().filter_map(|m| {
        let body = match &m.at {
            MarkAt::Arrow { cap, to } => {
                let (from, to_rect): (Rect, Rect) = (card_rect(cap, to)?, team_rect(to)?);
                let curve = arrow_curve(from, to_rect);
                let d = curve.path();
                // The label sits on the arrow, halfway along.
                let at = curve.middle();
                html! {
                    <>
                        <rect class="advice-source" x={svg_num(from.x - 3.0)} y={svg_num(from.y - 3.0)}
                            width={svg_num(from.w + 6.0)} height={svg_num(from.h + 6.0)} rx="10" />
                        <path class="advice-halo" d={d.clone()} />
                        <path class="advice-arrow" {d} marker-end="url(#advice-head)"
                            data-cap={cap.to_string()} data-to={to.to_string()} />
                        { pill(&m.text, at) }
                    </>
                }
            }
            MarkAt::Team { team } => {
                let r = team_rect(team)?;
                html! {
                    <>
                        <rect class="advice-ring" x={svg_num(r.x - 8.0)} y={svg_num(r.y - 8.0)}
                            width={svg_num(r.w + 16.0)} height={svg_num(r.h + 16.0)} rx="18"
                            data-team={team.to_string()} />
                        { pill(&m.text, (r.x + r.w / 2.0, r.y - 8.0)) }
                    </>
                }
            }
        };
        Some(html! {
            <g class="advice-mark" key={m.rank} data-rank={m.rank.to_string()}>
                <title>{ format!("Suggestion {}: {}", m.rank, m.label) }</title>
                { body }
            </g>
        })
    });
    html! {
        <g class="advice-overlay" aria-hidden="true">
            { arrow_head("advice-head") }
            { for marks }
        </g>
    }
}
