//! One team's boundary: a box coloured by the team's kind with its name,
//! kind and headcount, a small bar of where its week goes (and, after a run,
//! its fix backlog), holding the cards of the capabilities it owns.

use super::card::{is_activation, CapabilityCard};
use super::drawing::{band_path, week_bar as place_bar};
use super::hours::{BoardLoad, TeamBar};
use super::layout::{svg_num, Metrics, TeamBox, DESK};
use crate::ui::app::state::Selection;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TeamProps {
    pub team: TeamBox,
    pub selection: Option<Selection>,
    pub on_select: Callback<Selection>,
    /// Hours and SLOs to show; none while the design does not validate.
    #[prop_or_default]
    pub load: Option<Rc<BoardLoad>>,
    /// The sizes the board is drawn with.
    #[prop_or(DESK)]
    pub metrics: Metrics,
}

#[component]
pub fn TeamBoundary(props: &TeamProps) -> Html {
    let team = &props.team;
    let m = props.metrics;
    let r = team.rect;
    let select = {
        let cb = props.on_select.clone();
        let sel = Selection::Team(team.id.clone());
        move || cb.emit(sel.clone())
    };
    let onclick = {
        let select = select.clone();
        Callback::from(move |_: MouseEvent| select())
    };
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        if is_activation(&e) {
            e.prevent_default();
            select();
        }
    });

    let selected = props.selection == Some(Selection::Team(team.id.clone()));
    let class = classes!("team", format!("kind-{}", kind_class(team.kind)), selected.then_some("selected"));
    // The colour was checked by the layout to be a plain CSS colour, so it
    // cannot carry other declarations into the style attribute.
    let style = team.color.as_ref().map(|c| format!("--team-color: {c}"));
    let cards = team.cards.iter().map(|card| {
        let card_selected = props.selection == Some(Selection::Capability(card.id.clone()));
        let badge = props.load.as_ref().and_then(|l| l.services.get(&card.id).cloned());
        html! {
            <CapabilityCard key={card.id.to_string()} card={card.clone()} selected={card_selected}
                on_select={props.on_select.clone()} {badge} metrics={m} />
        }
    });
    let bar = props.load.as_ref().and_then(|l| l.teams.get(&team.id)).map(|b| week_bar(team, b, &m));
    html! {
        <g {class} {style} data-team={team.id.to_string()} role="group" tabindex="0"
            aria-label={team.aria_label.clone()} {onclick} {onkeydown}>
            <title>{ team.aria_label.clone() }</title>
            <rect class="team-box" x={svg_num(r.x)} y={svg_num(r.y)} width={svg_num(r.w)}
                height={svg_num(r.h)} rx="12" />
            <path class="team-band" d={band_path(r.x, r.y, r.w, m.team_band_h)} />
            <text class="team-name" x={svg_num(r.x + m.pad)} y={svg_num(r.y + m.team_name_y)}
                font-size={svg_num(m.team_name_px)}>{ team.label.clone() }</text>
            <text class="team-meta" x={svg_num(r.x + m.pad)} y={svg_num(r.y + m.team_meta_y)}
                font-size={svg_num(m.team_meta_px)}>{ team.meta.clone() }</text>
            { for bar }
            { for cards }
        </g>
    }
}

/// The team's week as a stacked bar, in the order of [`super::hours::Part`],
/// with the hours incidents took drawn over the reliability hours they came
/// from, and the line under it. The bar is one image whose name says it all.
fn week_bar(team: &TeamBox, bar: &TeamBar, m: &Metrics) -> Html {
    let placed = place_bar(team.rect, bar, m);
    let f = placed.frame;
    let segments = placed.parts.iter().map(|(part, r)| {
        html! {
            <rect class={classes!("hours-part", format!("hours-{}", part.class()))} x={svg_num(r.x)}
                y={svg_num(r.y)} width={svg_num(r.w)} height={svg_num(r.h)} />
        }
    });
    let incidents = placed.incidents.map(|r| {
        html! {
            <rect class="hours-incidents" x={svg_num(r.x)} y={svg_num(r.y)} width={svg_num(r.w)}
                height={svg_num(r.h)} />
        }
    });
    let caption = placed.caption.map(|(text, x, y)| {
        html! {
            <text class="team-caption" x={svg_num(x)} y={svg_num(y)}
                font-size={svg_num(m.team_caption_px)}>{ text }</text>
        }
    });
    html! {
        <>
            <g class="team-hours" role="img" aria-label={bar.label.clone()}>
                <title>{ bar.label.clone() }</title>
                <rect class="hours-frame" x={svg_num(f.x)} y={svg_num(f.y)} width={svg_num(f.w)}
                    height={svg_num(f.h)} />
                { for segments }
                { for incidents }
            </g>
            { for caption }
        </>
    }
}

/// The CSS class suffix for a kind, matching the stylesheet's `.kind-*` rules.
pub(crate) fn kind_class(kind: crate::model::TeamKind) -> &'static str {
    use crate::model::TeamKind::*;
    match kind {
        Platform => "platform",
        Sre => "sre",
        Product => "product",
        Other => "other",
    }
}
