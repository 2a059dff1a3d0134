//! One team's boundary: a box coloured by the team's kind with its name,
//! kind and headcount, a small bar of where its week goes (and, after a run,
//! its fix backlog), holding the cards of the capabilities it owns.

use super::card::{is_activation, CapabilityCard};
use super::hours::{BoardLoad, TeamBar};
use super::layout::{fit_lines, svg_num, Metrics, TeamBox, DESK};
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
    let r = team.rect;
    let (x0, y, w) = (r.x + m.pad, r.y + m.team_bar_y, r.w - 2.0 * m.pad);
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
                    y={svg_num(y)} width={svg_num(h * scale)} height={svg_num(m.team_bar_h)} />
            };
            x += h * scale;
            seg
        })
        .collect();
    let incidents = bar.incidents.filter(|&h| h > 0.0 && scale > 0.0).map(|h| {
        let start = reliability_x.unwrap_or(x0);
        let width = (h * scale).max(2.0).min(x0 + w - start);
        html! {
            <rect class="hours-incidents" x={svg_num(start)} y={svg_num(y + m.team_bar_h * 0.3)} width={svg_num(width)}
                height={svg_num(m.team_bar_h * 0.4)} />
        }
    });
    let caption = m.team_caption_y.map(|cy| {
        let text = fit_lines(&bar.caption, w, m.team_caption_px, false, 1).concat();
        html! {
            <text class="team-caption" x={svg_num(x0)} y={svg_num(r.y + cy)}
                font-size={svg_num(m.team_caption_px)}>{ text }</text>
        }
    });
    html! {
        <>
            <g class="team-hours" role="img" aria-label={bar.label.clone()}>
                <title>{ bar.label.clone() }</title>
                <rect class="hours-frame" x={svg_num(x0)} y={svg_num(y)} width={svg_num(w)}
                    height={svg_num(m.team_bar_h)} />
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

/// The name band: the top of the box, with its two top corners rounded like
/// the box's, as one path so the stroke of the box stays on top.
fn band_path(x: f64, y: f64, w: f64, band_h: f64) -> String {
    let rad = 12.0;
    let (x0, x1, y1) = (svg_num(x), svg_num(x + w), svg_num(y + band_h));
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
