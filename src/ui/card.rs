//! One capability card: a rounded rectangle with the capability's name, a
//! marker for its layer, and "shared" when more than one team owns it. A
//! service's card also carries a badge saying how its SLO is kept and, after
//! a run, how much of its error budget went. It can be clicked or focused
//! and activated with Enter or Space to select it.

use super::hours::{card_label, ServiceBadge};
use super::layout::{
    fit_lines, svg_num, text_width, Card, BADGE_PX, CARD_META_PX, CARD_NAME_PX, CARD_TEXT_X,
};
use super::state::Selection;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CardProps {
    pub card: Card,
    pub selected: bool,
    pub on_select: Callback<Selection>,
    /// For a service: its SLO badge and budget, when the design validates.
    #[prop_or_default]
    pub badge: Option<ServiceBadge>,
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

    // Baselines for one or two lines of name, then the meta line; a badge
    // takes the second line of a one-line name.
    let badge = props.badge.as_ref();
    let (first, step, meta_y) = match (card.lines.len(), badge) {
        (_, Some(_)) => (18.0, 0.0, 52.0),
        (1, None) => (24.0, 0.0, 46.0),
        _ => (18.0, 16.0, 53.0),
    };
    let text_w = r.w - CARD_TEXT_X - 6.0;
    let x = svg_num(r.x + CARD_TEXT_X);
    let names = card.lines.iter().enumerate().map(|(i, line)| {
        html! {
            <text class="card-name" x={x.clone()} y={svg_num(r.y + first + step * i as f64)}
                font-size={svg_num(CARD_NAME_PX)}>{ line.clone() }</text>
        }
    });
    let pill = badge.map(|b| {
        let text = fit_lines(&b.text, text_w - 10.0, BADGE_PX, false, 1).concat();
        let w = (text_width(&text, BADGE_PX, false) + 10.0).min(text_w);
        html! {
            <g class={classes!("slo-badge", b.state.class())}>
                <rect x={x.clone()} y={svg_num(r.y + 24.0)} width={svg_num(w)} height="15" rx="7.5" />
                <text x={svg_num(r.x + CARD_TEXT_X + 5.0)} y={svg_num(r.y + 35.0)}
                    font-size={svg_num(BADGE_PX)}>{ text }</text>
            </g>
        }
    });
    // After a run the meta line gives the budget instead of the layer,
    // which the badge and the marker already show.
    let meta = match badge.and_then(|b| b.budget.as_ref()) {
        Some(budget) if card.shared => {
            fit_lines(&format!("{budget} · shared"), text_w, CARD_META_PX, false, 1).concat()
        }
        Some(budget) => budget.clone(),
        None => card.meta.clone(),
    };
    let breached = badge.is_some_and(|b| b.breached);
    let label = card_label(card, badge);
    let class = classes!(
        "card",
        format!("layer-{}", card.layer.label()),
        card.shared.then_some("shared"),
        props.selected.then_some("selected"),
    );
    html! {
        <g {class} data-capability={card.id.to_string()} role="button" tabindex="0"
            aria-label={label.clone()} aria-pressed={props.selected.to_string()}
            {onclick} {onkeydown}>
            <title>{ label }</title>
            <rect class="card-box" x={svg_num(r.x)} y={svg_num(r.y)} width={svg_num(r.w)}
                height={svg_num(r.h)} rx="8" />
            <rect class={classes!("layer-mark", format!("layer-{}", card.layer.label()))}
                x={svg_num(r.x + 4.0)} y={svg_num(r.y + 4.0)} width="8" height={svg_num(r.h - 8.0)} rx="3" />
            { for names }
            { for pill }
            <text class={classes!("card-meta", breached.then_some("breached"))} x={x.clone()}
                y={svg_num(r.y + meta_y)} font-size={svg_num(CARD_META_PX)}>{ meta }</text>
        </g>
    }
}
