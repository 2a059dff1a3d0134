//! The failures panel: the injected failures on a small timeline across the
//! run's horizon and as a list, each one editable and removable, with the
//! form to inject another below.

use super::failure_form::FailureForm;
use crate::model::{FailureId, ScenarioFile};
use crate::time::HOURS_PER_DAY;
use crate::ui::board::layout::svg_num;
use crate::ui::edit::Edit;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FailuresProps {
    pub scenario: Rc<ScenarioFile>,
    pub on_edit: Callback<Edit>,
}

const TL_W: f64 = 360.0;
const TL_H: f64 = 46.0;

/// "day 4, 14:00".
pub fn when(hours: f64) -> String {
    let h = hours.max(0.0);
    let day = (h / HOURS_PER_DAY).floor();
    let rest = h - day * HOURS_PER_DAY;
    format!("day {day}, {:02}:{:02}", rest.floor() as u32, ((rest.fract() * 60.0).round() as u32).min(59))
}

#[component]
pub fn FailuresPanel(props: &FailuresProps) -> Html {
    let sc = &props.scenario;
    let editing = use_state(|| None::<FailureId>);
    let horizon_h = (sc.settings.horizon_days * HOURS_PER_DAY).max(1.0);
    let x_of = |h: f64| 18.0 + (h / horizon_h).clamp(0.0, 1.0) * (TL_W - 36.0);
    let cap_name = |id: &crate::model::CapabilityId| {
        sc.capabilities.iter().find(|c| &c.id == id).map(|c| c.name.clone()).unwrap_or_else(|| id.to_string())
    };
    let pick = |id: FailureId| {
        let editing = editing.clone();
        move || editing.set(if editing.as_ref() == Some(&id) { None } else { Some(id.clone()) })
    };
    let marks = sc.failures.iter().map(|fl| {
        let label = format!("{} on {}, {}", fl.kind.label(), cap_name(&fl.target), when(fl.start_hours));
        let x = x_of(fl.start_hours);
        let onclick = {
            let p = pick(fl.id.clone());
            Callback::from(move |_: MouseEvent| p())
        };
        let onkeydown = {
            let p = pick(fl.id.clone());
            Callback::from(move |e: KeyboardEvent| {
                if matches!(e.key().as_str(), "Enter" | " ") {
                    e.prevent_default();
                    p();
                }
            })
        };
        let selected = editing.as_ref() == Some(&fl.id);
        html! {
            <g class={classes!("tl-mark", selected.then_some("selected"))} data-failure={fl.id.to_string()}
                role="button" tabindex="0" aria-label={label.clone()} {onclick} {onkeydown}>
                <title>{ label }</title>
                <line x1={svg_num(x)} x2={svg_num(x)} y1="6" y2="30" />
                <circle cx={svg_num(x)} cy="12" r="6" />
            </g>
        }
    });
    let days = sc.settings.horizon_days.max(1.0);
    let ticks = (0..=4).map(|i| {
        let d = (days * f64::from(i) / 4.0).round();
        html! { <text x={svg_num(x_of(d * HOURS_PER_DAY))} y="43" text-anchor="middle" font-size="11">{ format!("d{d}") }</text> }
    });
    let rows = sc.failures.iter().map(|fl| {
        let remove = {
            let cb = props.on_edit.clone();
            let id = fl.id.clone();
            Callback::from(move |_: MouseEvent| cb.emit(Edit::RemoveFailure { id: id.clone() }))
        };
        let edit = {
            let p = pick(fl.id.clone());
            Callback::from(move |_: MouseEvent| p())
        };
        let what = format!("{} on {}", fl.kind.label(), cap_name(&fl.target));
        let is_editing = editing.as_ref() == Some(&fl.id);
        let form = is_editing.then(|| {
            let done = {
                let editing = editing.clone();
                Callback::from(move |()| editing.set(None))
            };
            html! { <FailureForm scenario={props.scenario.clone()} editing={fl.clone()} on_edit={props.on_edit.clone()} on_done={done} /> }
        });
        html! {
            <li key={fl.id.to_string()} data-failure={fl.id.to_string()} class={classes!(is_editing.then_some("editing"))}>
                <span class="failure-what">{ what.clone() }</span>
                <span class="failure-when">{ when(fl.start_hours) }</span>
                <button type="button" onclick={edit} aria-expanded={is_editing.to_string()}
                    aria-label={format!("Change {what}")}>{ "Change" }</button>
                <button type="button" class="danger" onclick={remove}
                    aria-label={format!("Remove {what}, {}", when(fl.start_hours))}>{ "Remove" }</button>
                { for form }
            </li>
        }
    });
    html! {
        <section class="panel failures" aria-labelledby="failures-title">
            <h2 id="failures-title">{ format!("Failures ({})", sc.failures.len()) }</h2>
            <svg class="timeline" viewBox={format!("0 0 {TL_W} {TL_H}")} role="group"
                aria-label={format!("Timeline of {} failures over {} days", sc.failures.len(), days)}>
                <line class="tl-axis" x1="8" x2={svg_num(TL_W - 8.0)} y1="30" y2="30" />
                { for ticks }
                { for marks }
            </svg>
            if sc.failures.is_empty() {
                <p class="muted">{ "No failures injected yet." }</p>
            } else {
                <ul class="failure-list">{ for rows }</ul>
            }
            <h3>{ "Inject a failure" }</h3>
            <FailureForm scenario={props.scenario.clone()} on_edit={props.on_edit.clone()} />
        </section>
    }
}
