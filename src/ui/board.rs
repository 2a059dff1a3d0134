//! The board: an SVG drawing of the scenario's ownership, with every team as
//! a boundary holding the capability cards it owns and the unowned tray below.
//! Geometry comes from [`super::layout`]; this file only draws it.

use super::layout::{layout, svg_num};
use super::state::Selection;
use super::team::TeamBoundary;
use super::tray::UnownedTray;
use crate::model::ScenarioFile;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct BoardProps {
    pub scenario: Rc<ScenarioFile>,
    #[prop_or_default]
    pub selection: Option<Selection>,
    #[prop_or_default]
    pub on_select: Callback<Selection>,
}

#[component]
pub fn Board(props: &BoardProps) -> Html {
    // Layout is recomputed only when the scenario changes, not on selection.
    let board = use_memo(props.scenario.clone(), |s| layout(s));
    let view_box = format!("0 0 {} {}", svg_num(board.width), svg_num(board.height));
    let aria_label = format!(
        "Ownership board: {} teams, {} capabilities, {} unowned",
        board.teams.len(),
        board.capability_count,
        board.tray.cards.len()
    );
    let teams = board.teams.iter().map(|team| {
        html! {
            <TeamBoundary key={team.id.to_string()} team={team.clone()} selection={props.selection.clone()}
                on_select={props.on_select.clone()} />
        }
    });
    html! {
        <svg class="board" viewBox={view_box} role="group" aria-label={aria_label}>
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
                on_select={props.on_select.clone()} />
        </svg>
    }
}
