//! The unowned tray: capabilities nobody owns, drawn apart from every team in
//! a hatched, dashed box so an orphan is the first thing a room notices.

use super::card::CapabilityCard;
use super::hours::BoardLoad;
use super::layout::{fit_lines, svg_num, Metrics, Tray, DESK};
use crate::ui::app::state::Selection;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TrayProps {
    pub tray: Tray,
    pub selection: Option<Selection>,
    pub on_select: Callback<Selection>,
    /// SLO badges for orphaned services.
    #[prop_or_default]
    pub load: Option<Rc<BoardLoad>>,
    /// The sizes the board is drawn with.
    #[prop_or(DESK)]
    pub metrics: Metrics,
}

#[component]
pub fn UnownedTray(props: &TrayProps) -> Html {
    let tray = &props.tray;
    let m = props.metrics;
    let r = tray.rect;
    let count = tray.cards.len();
    let aria_label = match count {
        0 => "Unowned tray: every capability has an owner".to_owned(),
        1 => "Unowned tray: 1 capability nobody owns".to_owned(),
        n => format!("Unowned tray: {n} capabilities nobody owns"),
    };
    let cards = tray.cards.iter().map(|card| {
        let selected = props.selection == Some(Selection::Capability(card.id.clone()));
        let badge = props.load.as_ref().and_then(|l| l.services.get(&card.id).cloned());
        html! {
            <CapabilityCard key={card.id.to_string()} card={card.clone()} {selected}
                on_select={props.on_select.clone()} {badge} metrics={m} />
        }
    });
    let empty = (count == 0).then(|| {
        html! {
            <text class="tray-empty" x={svg_num(r.x + m.pad + 8.0)} y={svg_num(r.y + m.tray_header + m.card_h / 2.0)}
                font-size={svg_num(m.card_meta_px)}>
                { fit_lines("Every capability has an owner.", r.w - 2.0 * m.pad - 8.0, m.card_meta_px, false, 1).concat() }
            </text>
        }
    });
    html! {
        <g class="tray" data-tray="unowned" role="group" aria-label={aria_label}>
            <rect class="tray-box" x={svg_num(r.x)} y={svg_num(r.y)} width={svg_num(r.w)}
                height={svg_num(r.h)} rx="12" />
            <text class="tray-title" x={svg_num(r.x + m.pad + 4.0)} y={svg_num(r.y + m.tray_title_y)}
                font-size={svg_num(m.tray_title_px)}>{ tray.title.clone() }</text>
            { for cards }
            { for empty }
        </g>
    }
}
