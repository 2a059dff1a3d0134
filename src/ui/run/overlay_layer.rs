//! The replay drawn over the board: a thick ring and a "holds n" badge on
//! every team holding an open incident, and an arrow for each hand-off the
//! last step made, from one boundary to the other. It sits on top of the
//! board's teams and ignores the pointer, so the board stays usable.

use super::overlay::{arrow_path, BoardOverlay};
use crate::ui::board::layout::{svg_num, BoardLayout};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct OverlayLayerProps {
    pub board: Rc<BoardLayout>,
    pub overlay: Rc<BoardOverlay>,
}

/// The arrowhead marker `id`, its path styled by the CSS class of the same name.
pub fn arrow_head(id: &'static str) -> Html {
    html! {
        <defs>
            <marker {id} viewBox="0 0 10 10" refX="8" refY="5" markerWidth="5"
                markerHeight="5" orient="auto-start-reverse" markerUnits="strokeWidth">
                <path d="M0 0 L10 5 L0 10 z" class={id} />
            </marker>
        </defs>
    }
}

#[component]
pub fn OverlayLayer(props: &OverlayLayerProps) -> Html {
    let board = &props.board;
    let rect_of = |id: &crate::model::TeamId| board.teams.iter().find(|t| &t.id == id).map(|t| t.rect);
    let holders = props.overlay.holders.iter().filter_map(|(id, n)| {
        let r = rect_of(id)?;
        let label = if *n == 1 { "holds 1 incident".to_owned() } else { format!("holds {n} incidents") };
        // Centred on the bottom edge, where the box has padding below its
        // cards, so the badge covers neither the team's name nor a card's.
        let badge_w = 24.0 + crate::ui::board::text::label_width(&label, 14.0, true);
        let (bx, by) = (r.x + (r.w - badge_w) / 2.0, r.y + r.h - 12.0);
        Some(html! {
            <g class="holder" data-team={id.to_string()} key={id.to_string()}>
                <rect class="holder-ring" x={svg_num(r.x - 5.0)} y={svg_num(r.y - 5.0)}
                    width={svg_num(r.w + 10.0)} height={svg_num(r.h + 10.0)} rx="16" />
                <rect class="holder-badge" x={svg_num(bx)} y={svg_num(by)} width={svg_num(badge_w)}
                    height="24" rx="12" />
                <text class="holder-text" x={svg_num(bx + badge_w / 2.0)} y={svg_num(by + 17.0)}
                    text-anchor="middle" font-size="14">{ label }</text>
            </g>
        })
    });
    let arrows = props.overlay.arrows.iter().filter_map(|(from, to)| {
        let (a, b) = (rect_of(from)?, rect_of(to)?);
        let (d, _) = arrow_path(a, b);
        Some(html! {
            <g class="handoff" key={format!("{from}->{to}")}>
                <path class="handoff-halo" d={d.clone()} />
                <path class="handoff-arrow" {d} marker-end="url(#handoff-head)"
                    data-from={from.to_string()} data-to={to.to_string()} />
            </g>
        })
    });
    html! {
        <g class="run-overlay" aria-hidden="true">
            { arrow_head("handoff-head") }
            { for holders }
            { for arrows }
        </g>
    }
}
