//! The inspector for a selected capability: its owners (move to another team,
//! add a co-owner, drop one, make it unowned), name, layer, dependencies and,
//! for a service, its SLO. This is the keyboard and form route to everything
//! dragging a card does on the board.

use super::edit::{pct, Edit};
use super::forms::number;
use super::team_inspector::value;
use crate::model::{Capability, Layer, ScenarioFile, Slo, TeamId};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CapInspectorProps {
    pub scenario: Rc<ScenarioFile>,
    pub cap: Capability,
    pub on_edit: Callback<Edit>,
}

#[component]
pub fn CapInspector(props: &CapInspectorProps) -> Html {
    let (sc, c) = (&props.scenario, &props.cap);
    let error = use_state(|| None::<String>);
    {
        let error = error.clone();
        use_effect_with(c.id.clone(), move |_| error.set(None));
    }
    let owners: Vec<TeamId> = sc
        .ownership
        .get(&c.id)
        .map(|o| o.iter().filter(|t| sc.teams.iter().any(|x| &x.id == *t)).cloned().collect())
        .unwrap_or_default();
    let team_name =
        |id: &TeamId| sc.teams.iter().find(|t| &t.id == id).map(|t| t.name.clone()).unwrap_or_default();
    let emit = |cb: &Callback<Edit>, e: Edit| cb.emit(e);

    // "Owner" moves the card from its first owner (or the tray) to the chosen team.
    let on_owner = {
        let (cb, cap, from) = (props.on_edit.clone(), c.id.clone(), owners.first().cloned());
        Callback::from(move |e: Event| match value(&e).as_str() {
            "" => emit(&cb, Edit::Unown { cap: cap.clone() }),
            v => emit(&cb, Edit::MoveCapability { cap: cap.clone(), from: from.clone(), to: TeamId::new(v) }),
        })
    };
    let on_share = {
        let (cb, cap) = (props.on_edit.clone(), c.id.clone());
        Callback::from(move |e: Event| {
            let v = value(&e);
            if !v.is_empty() {
                emit(&cb, Edit::ShareCapability { cap: cap.clone(), team: TeamId::new(v) });
            }
        })
    };
    let owner_options = std::iter::once(html! { <option value="" selected={owners.is_empty()}>{ "Nobody (unowned)" }</option> })
        .chain(sc.teams.iter().map(|t| {
            html! { <option value={t.id.to_string()} selected={owners.first() == Some(&t.id)}>{ t.name.clone() }</option> }
        }));
    let share_options = std::iter::once(
        html! { <option value="" selected=true>{ "Choose a team…" }</option> },
    )
    .chain(sc.teams.iter().filter(|t| !owners.contains(&t.id)).map(|t| {
        html! { <option value={t.id.to_string()}>{ t.name.clone() }</option> }
    }));
    let owner_items = owners.iter().map(|o| {
        let (cb, cap, team) = (props.on_edit.clone(), c.id.clone(), o.clone());
        let onclick = Callback::from(move |_: MouseEvent| emit(&cb, Edit::RemoveOwner { cap: cap.clone(), team: team.clone() }));
        let name = team_name(o);
        html! {
            <li>{ name.clone() }
                <button type="button" class="small" {onclick} aria-label={format!("Remove {name} as an owner")}>{ "Remove" }</button>
            </li>
        }
    });
    let unown = {
        let (cb, cap) = (props.on_edit.clone(), c.id.clone());
        Callback::from(move |_: MouseEvent| emit(&cb, Edit::Unown { cap: cap.clone() }))
    };
    let on_name = {
        let (cb, cap) = (props.on_edit.clone(), c.id.clone());
        Callback::from(move |e: Event| {
            emit(&cb, Edit::RenameCapability { cap: cap.clone(), name: value(&e) })
        })
    };
    let on_layer = {
        let (cb, cap) = (props.on_edit.clone(), c.id.clone());
        Callback::from(move |e: Event| {
            if let Some(layer) = Layer::ALL.into_iter().find(|l| l.label() == value(&e)) {
                emit(&cb, Edit::SetLayer { cap: cap.clone(), layer });
            }
        })
    };
    let layers = Layer::ALL
        .iter()
        .map(|l| html! { <option value={l.label()} selected={*l == c.layer}>{ l.label() }</option> });
    let deps = sc.capabilities.iter().filter(|d| d.id != c.id).map(|d| {
        let checked = c.depends_on.contains(&d.id);
        let (cb, cap, current, dep) =
            (props.on_edit.clone(), c.id.clone(), c.depends_on.clone(), d.id.clone());
        let onchange = Callback::from(move |_: Event| {
            let mut next = current.clone();
            if checked {
                next.retain(|x| x != &dep)
            } else {
                next.push(dep.clone())
            }
            emit(&cb, Edit::SetDependencies { cap: cap.clone(), depends_on: next });
        });
        html! { <label class="dep"><input type="checkbox" {checked} {onchange} />{ d.name.clone() }</label> }
    });
    let slo = (c.layer == Layer::Service).then(|| {
        let s = c.slo.unwrap_or(Slo { target: 0.999, window_days: 30.0 });
        let slo_edit = |which: u8| {
            let (cb, cap, error) = (props.on_edit.clone(), c.id.clone(), error.clone());
            Callback::from(move |e: Event| {
                let parsed = if which == 0 { number(&value(&e), 0.001, 99.999, false).map(|v| Slo { target: v / 100.0, ..s }) } else { number(&value(&e), 1.0, 365.0, false).map(|v| Slo { window_days: v, ..s }) };
                match parsed {
                    Ok(slo) => {
                        error.set(None);
                        emit(&cb, Edit::SetSlo { cap: cap.clone(), slo: Some(slo) });
                    }
                    Err(why) => error.set(Some(format!("SLO: {why}"))),
                }
            })
        };
        html! {
            <>
                <label for="cap-slo-target">{ "SLO target (%)" }</label>
                <input id="cap-slo-target" type="number" step="any" min="0.001" max="99.999" value={pct(s.target)} onchange={slo_edit(0)} />
                <label for="cap-slo-window">{ "SLO window (days)" }</label>
                <input id="cap-slo-window" type="number" step="1" min="1" max="365" value={format!("{}", s.window_days)} onchange={slo_edit(1)} />
            </>
        }
    });
    html! {
        <section class="panel inspector" aria-labelledby="inspector-title" data-inspecting={c.id.to_string()}>
            <h2 id="inspector-title">{ format!("Capability: {}", c.name) }</h2>
            <div class="fields">
                <label for="cap-owner">{ "Owner" }</label>
                <select id="cap-owner" onchange={on_owner}>{ for owner_options }</select>
                <label for="cap-share">{ "Add a co-owner" }</label>
                <select id="cap-share" onchange={on_share}>{ for share_options }</select>
            </div>
            <ul class="owners" aria-label="Owners">{ for owner_items }</ul>
            <button type="button" onclick={unown} disabled={owners.is_empty()}>{ "Make unowned" }</button>
            <div class="fields">
                <label for="cap-name">{ "Name" }</label>
                <input id="cap-name" type="text" maxlength="200" value={c.name.clone()} onchange={on_name} />
                <label for="cap-layer">{ "Layer" }</label>
                <select id="cap-layer" onchange={on_layer} disabled={c.role.is_some()}>{ for layers }</select>
                { for slo }
            </div>
            if let Some(why) = (*error).clone() {
                <p class="field-error" role="alert">{ why }</p>
            }
            <details class="deps">
                <summary>{ format!("Depends on {} capabilities", c.depends_on.len()) }</summary>
                <div class="dep-list">{ for deps }</div>
            </details>
        </section>
    }
}
