//! One capability card: a rounded rectangle with the capability's name, a
//! marker for its layer, and "shared" when more than one team owns it. A
//! service's card also carries a badge saying how its SLO is kept and, after
//! a run, how much of its error budget went. It can be clicked or focused
//! and activated with Enter or Space to select it.

use super::drawing::card_text;
use super::hours::{card_label, ServiceBadge};
use super::layout::{svg_num, Card, Metrics, DESK};
use crate::ui::app::state::Selection;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CardProps {
    pub card: Card,
    pub selected: bool,
    pub on_select: Callback<Selection>,
    /// For a service: its SLO badge and budget, when the design validates.
    #[prop_or_default]
    pub badge: Option<ServiceBadge>,
    /// The sizes the board is drawn with.
    #[prop_or(DESK)]
    pub metrics: Metrics,
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

    let badge = props.badge.as_ref();
    let m = &props.metrics;
    let placed = card_text(card, badge, m);
    let x = svg_num(placed.x);
    let names = placed.names.iter().map(|(line, y)| {
        // Each piece of text ends with a space (which SVG does not draw), so
        // the card's text read as a whole is "Deploy and rollout system
        // delivery", not "rolloutsystemdelivery".
        let text = format!("{line} ");
        html! {
            <text class="card-name" x={x.clone()} y={svg_num(*y)}
                font-size={svg_num(m.card_name_px)}>{ text }</text>
        }
    });
    let pill = placed.pill.as_ref().map(|p| {
        html! {
            // The label says the badge and the meta line in words, so their
            // text is not read twice.
            <g class={classes!("slo-badge", p.state.class())} aria-hidden="true">
                <rect x={svg_num(p.rect.x)} y={svg_num(p.rect.y)} width={svg_num(p.rect.w)}
                    height={svg_num(p.rect.h)} rx={svg_num(p.rect.h / 2.0)} />
                <text x={svg_num(p.text_at.0)} y={svg_num(p.text_at.1)}
                    font-size={svg_num(m.badge_px)}>{ format!("{} ", p.text) }</text>
            </g>
        }
    });
    let meta = placed.meta.clone();
    let breached = placed.breached;
    // The label starts with what the card shows, so a voice command naming
    // what is on screen finds it; the full name follows when some of the
    // drawing had to be cut short.
    let label = card_label(card, badge);
    let drawn = placed.drawn();
    let label =
        if drawn.iter().any(|t| t.contains('…')) { format!("{}: {label}", drawn.join(" ")) } else { label };
    let class = classes!(
        "card",
        format!("layer-{}", card.layer.label()),
        card.shared.then_some("shared"),
        props.selected.then_some("selected"),
    );
    html! {
        <g {class} data-capability={card.id.to_string()} role="button" tabindex="0"
            aria-label={label} aria-pressed={props.selected.to_string()}
            {onclick} {onkeydown}>
            <rect class="card-box" x={svg_num(r.x)} y={svg_num(r.y)} width={svg_num(r.w)}
                height={svg_num(r.h)} rx="8" />
            <rect class={classes!("layer-mark", format!("layer-{}", card.layer.label()))}
                x={svg_num(r.x + 4.0)} y={svg_num(r.y + 4.0)} width="8" height={svg_num(r.h - 8.0)} rx="3" />
            { for names }
            { for pill }
            <text class={classes!("card-meta", breached.then_some("breached"))} x={x.clone()} aria-hidden="true"
                y={svg_num(placed.meta_y)} font-size={svg_num(m.card_meta_px)}>{ meta }</text>
        </g>
    }
}
