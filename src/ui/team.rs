//! One team's boundary: a box coloured by the team's kind with its name,
//! kind and headcount, a small bar of where its week goes (and, after a run,
//! its fix backlog), holding the cards of the capabilities it owns.

use super::card::{is_activation, CapabilityCard};
use super::hours::{BoardLoad, TeamBar};
use super::layout::{
    fit_lines, svg_num, TeamBox, PAD, TEAM_BAND_H, TEAM_BAR_H, TEAM_BAR_Y, TEAM_CAPTION_PX, TEAM_CAPTION_Y,
    TEAM_META_PX, TEAM_NAME_PX,
};
use super::state::Selection;
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
}

#[component]
pub fn TeamBoundary(props: &TeamProps) -> Html {
    let team = &props.team;
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
                on_select={props.on_select.clone()} {badge} />
        }
    });
    let bar = props.load.as_ref().and_then(|l| l.teams.get(&team.id)).map(|b| week_bar(team, b));
    html! {
        <g {class} {style} data-team={team.id.to_string()} role="group" tabindex="0"
            aria-label={team.aria_label.clone()} {onclick} {onkeydown}>
            <title>{ team.aria_label.clone() }</title>
            <rect class="team-box" x={svg_num(r.x)} y={svg_num(r.y)} width={svg_num(r.w)}
                height={svg_num(r.h)} rx="12" />
            <path class="team-band" d={band_path(r.x, r.y, r.w)} />
            <text class="team-name" x={svg_num(r.x + PAD)} y={svg_num(r.y + 21.0)}
                font-size={svg_num(TEAM_NAME_PX)}>{ team.label.clone() }</text>
            <text class="team-meta" x={svg_num(r.x + PAD)} y={svg_num(r.y + TEAM_BAND_H + 18.0)}
                font-size={svg_num(TEAM_META_PX)}>{ team.meta.clone() }</text>
            { for bar }
            { for cards }
        </g>
    }
}

/// The team's week as a stacked bar, in the order of [`super::hours::Part`],
/// with the hours incidents took drawn over the reliability hours they came
/// from, and the line under it. The bar is one image whose name says it all.
fn week_bar(team: &TeamBox, bar: &TeamBar) -> Html {
    let r = team.rect;
    let (x0, y, w) = (r.x + PAD, r.y + TEAM_BAR_Y, r.w - 2.0 * PAD);
    let scale = if bar.total > 0.0 { w / bar.total } else { 0.0 };
    let mut x = x0;
    let mut reliability_x = None;
    let segments: Vec<Html> = bar
        .parts
        .iter()
        .map(|&(part, h)| {
            if part != super::hours::Part::Feature && reliability_x.is_none() {
                reliability_x = Some(x);
            }
            let seg = html! {
                <rect class={classes!("hours-part", format!("hours-{}", part.class()))} x={svg_num(x)}
                    y={svg_num(y)} width={svg_num(h * scale)} height={svg_num(TEAM_BAR_H)} />
            };
            x += h * scale;
            seg
        })
        .collect();
    let incidents = bar.incidents.filter(|&h| h > 0.0 && scale > 0.0).map(|h| {
        let start = reliability_x.unwrap_or(x0);
        let width = (h * scale).max(2.0).min(x0 + w - start);
        html! {
            <rect class="hours-incidents" x={svg_num(start)} y={svg_num(y + 3.0)} width={svg_num(width)}
                height={svg_num(TEAM_BAR_H - 6.0)} />
        }
    });
    let caption = fit_lines(&bar.caption, w, TEAM_CAPTION_PX, false, 1).concat();
    html! {
        <>
            <g class="team-hours" role="img" aria-label={bar.label.clone()}>
                <title>{ bar.label.clone() }</title>
                <rect class="hours-frame" x={svg_num(x0)} y={svg_num(y)} width={svg_num(w)}
                    height={svg_num(TEAM_BAR_H)} />
                { for segments }
                { for incidents }
            </g>
            <text class="team-caption" x={svg_num(x0)} y={svg_num(r.y + TEAM_CAPTION_Y)}
                font-size={svg_num(TEAM_CAPTION_PX)}>{ caption }</text>
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

/// The name band: the top of the box, with its two top corners rounded like
/// the box's, as one path so the stroke of the box stays on top.
fn band_path(x: f64, y: f64, w: f64) -> String {
    let rad = 12.0;
    let (x0, x1, y1) = (svg_num(x), svg_num(x + w), svg_num(y + TEAM_BAND_H));
    format!(
        "M{x0} {y1} V{} Q{x0} {} {} {} H{} Q{x1} {} {x1} {} V{y1} Z",
        svg_num(y + rad),
        svg_num(y),
        svg_num(x + rad),
        svg_num(y),
        svg_num(x + w - rad),
        svg_num(y),
        svg_num(y + rad),
    )
}
