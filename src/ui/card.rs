//! One capability card: a rounded rectangle with the capability's name, a
//! marker for its layer, and "shared" when more than one team owns it. It can
//! be clicked or focused and activated with Enter or Space to select it.

use super::layout::{svg_num, Card, CARD_META_PX, CARD_NAME_PX, CARD_TEXT_X};
use super::state::Selection;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CardProps {
    pub card: Card,
    pub selected: bool,
    pub on_select: Callback<Selection>,
}

/// True for the keys that activate a focused control, as for a button.
pub(crate) fn is_activation(e: &KeyboardEvent) -> bool {
    matches!(e.key().as_str(), "Enter" | " ")
}

#[component]
pub fn CapabilityCard(props: &CardProps) -> Html {
    let card = &props.card;
    let r = card.rect;
    let select = {
        let cb = props.on_select.clone();
        let sel = Selection::Capability(card.id.clone());
        move || cb.emit(sel.clone())
    };
    // Cards sit inside their team's group, so the event must stop here or
    // the team would be selected right after the card.
    let onclick = {
        let select = select.clone();
        Callback::from(move |e: MouseEvent| {
            e.stop_propagation();
            select();
        })
    };
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        if is_activation(&e) {
            e.prevent_default();
            e.stop_propagation();
            select();
        }
    });

    // Baselines for one or two lines of name, then the meta line.
    let (first, step, meta_y) = if card.lines.len() > 1 { (18.0, 16.0, 53.0) } else { (24.0, 0.0, 46.0) };
    let x = svg_num(r.x + CARD_TEXT_X);
    let names = card.lines.iter().enumerate().map(|(i, line)| {
        html! {
            <text class="card-name" x={x.clone()} y={svg_num(r.y + first + step * i as f64)}
                font-size={svg_num(CARD_NAME_PX)}>{ line.clone() }</text>
        }
    });
    let class = classes!(
        "card",
        format!("layer-{}", card.layer.label()),
        card.shared.then_some("shared"),
        props.selected.then_some("selected"),
    );
    html! {
        <g {class} data-capability={card.id.to_string()} role="button" tabindex="0"
            aria-label={card.aria_label.clone()} aria-pressed={props.selected.to_string()}
            {onclick} {onkeydown}>
            <title>{ card.aria_label.clone() }</title>
            <rect class="card-box" x={svg_num(r.x)} y={svg_num(r.y)} width={svg_num(r.w)}
                height={svg_num(r.h)} rx="8" />
            <rect class={classes!("layer-mark", format!("layer-{}", card.layer.label()))}
                x={svg_num(r.x + 4.0)} y={svg_num(r.y + 4.0)} width="8" height={svg_num(r.h - 8.0)} rx="3" />
            { for names }
            <text class="card-meta" x={x.clone()} y={svg_num(r.y + meta_y)}
                font-size={svg_num(CARD_META_PX)}>{ card.meta.clone() }</text>
        </g>
    }
}
