//! The inspector for a selected capability: its owners (move to another team,
//! add a co-owner, drop one, make it unowned), name, role, layer,
//! dependencies, for a service its SLO and traffic, and removing it. This
//! is the keyboard and form route to everything dragging a card does on the
//! board, and to what only a form can say.

use super::cap_service::ServiceFields;
use super::team_inspector::value;
use crate::model::{Capability, Layer, Role, ScenarioFile, TeamId};
use crate::ui::edit::Edit;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CapInspectorProps {
    pub scenario: Rc<ScenarioFile>,
    pub cap: Capability,
    pub on_edit: Callback<Edit>,
    /// Why the last edit was refused (a dependency cycle, say), shown here
    /// beside the fields rather than at the top of the column.
    #[prop_or_default]
    pub refused: Option<AttrValue>,
}

/// The role a menu's value names: a role's label, or anything else for none.
pub(crate) fn role_named(v: &str) -> Option<Role> {
    Role::ALL.into_iter().find(|r| r.label() == v)
}

/// The options of a role menu: no role, then every role in words with its layer.
pub(crate) fn role_options(selected: Option<Role>) -> Html {
    let none =
        html! { <option value="" selected={selected.is_none()}>{ "No role (dependencies only)" }</option> };
    let roles = Role::ALL.iter().map(|r| {
        html! {
            <option value={r.label()} selected={selected == Some(*r)}>
                { format!("{}, {} layer", r.label(), r.layer().label()) }
            </option>
        }
    });
    html! { <>{ none }{ for roles }</> }
}

/// The options of a layer menu.
pub(crate) fn layer_options(selected: Layer) -> Html {
    html! {
        <>{ for Layer::ALL.iter().map(|l| html! { <option value={l.label()} selected={*l == selected}>{ l.label() }</option> }) }</>
    }
}

#[component]
pub fn CapInspector(props: &CapInspectorProps) -> Html {
    let (sc, c) = (&props.scenario, &props.cap);
    let owners: Vec<TeamId> = sc
        .ownership
        .get(&c.id)
        .map(|o| o.iter().filter(|t| sc.teams.iter().any(|x| &x.id == *t)).cloned().collect())
        .unwrap_or_default();
    let team_name =
        |id: &TeamId| sc.teams.iter().find(|t| &t.id == id).map(|t| t.name.clone()).unwrap_or_default();
    // A callback that turns a control's value into an edit of this capability.
    let edit = |make: fn(&Capability, String) -> Option<Edit>| {
        let (cb, cap) = (props.on_edit.clone(), c.clone());
        Callback::from(move |e: Event| {
            if let Some(edit) = make(&cap, value(&e)) {
                cb.emit(edit);
            }
        })
    };
    let click = |edit: Edit| {
        let cb = props.on_edit.clone();
        Callback::from(move |_: MouseEvent| cb.emit(edit.clone()))
    };

    // "Owner" moves the card from its first owner (or the tray) to the chosen team.
    let on_owner = {
        let (cb, cap, from) = (props.on_edit.clone(), c.id.clone(), owners.first().cloned());
        Callback::from(move |e: Event| match value(&e).as_str() {
            "" => cb.emit(Edit::Unown { cap: cap.clone() }),
            v => cb.emit(Edit::MoveCapability { cap: cap.clone(), from: from.clone(), to: TeamId::new(v) }),
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
        let name = team_name(o);
        let onclick = click(Edit::RemoveOwner { cap: c.id.clone(), team: o.clone() });
        html! {
            <li>{ name.clone() }
                <button type="button" class="small" {onclick} aria-label={format!("Remove {name} as an owner")}>{ "Remove" }</button>
            </li>
        }
    });
    let deps = sc.capabilities.iter().filter(|d| d.id != c.id).map(|d| {
        let checked = c.depends_on.contains(&d.id);
        let mut next = c.depends_on.clone();
        if checked {
            next.retain(|x| x != &d.id);
        } else {
            next.push(d.id.clone());
        }
        let (cb, edit) =
            (props.on_edit.clone(), Edit::SetDependencies { cap: c.id.clone(), depends_on: next });
        let onchange = Callback::from(move |_: Event| cb.emit(edit.clone()));
        html! { <label class="dep"><input type="checkbox" {checked} {onchange} />{ d.name.clone() }</label> }
    });
    let injected = sc.failures.iter().filter(|f| f.target == c.id).count();
    let remove_hint = match injected {
        0 => "Removing it also takes it out of its owners' boxes and the dependencies on it. Undo brings it back.".to_owned(),
        1 => "Removing it also removes the failure injected on it and the dependencies on it. Undo brings them back.".to_owned(),
        n => format!("Removing it also removes the {n} failures injected on it and the dependencies on it. Undo brings them back."),
    };
    html! {
        <section class="panel inspector" aria-labelledby="inspector-title" data-inspecting={c.id.to_string()}>
            <h2 id="inspector-title">{ format!("Capability: {}", c.name) }</h2>
            <div class="fields">
                <label for="cap-owner">{ "Owner" }</label>
                <select id="cap-owner" onchange={on_owner}>{ for owner_options }</select>
                <label for="cap-share">{ "Add a co-owner" }</label>
                <select id="cap-share" onchange={edit(|c, v| (!v.is_empty()).then(|| Edit::ShareCapability { cap: c.id.clone(), team: TeamId::new(v) }))}>
                    { for share_options }
                </select>
            </div>
            <ul class="owners" aria-label="Owners">{ for owner_items }</ul>
            <button type="button" onclick={click(Edit::Unown { cap: c.id.clone() })} disabled={owners.is_empty()}>{ "Make unowned" }</button>
            <div class="fields">
                <label for="cap-name">{ "Name" }</label>
                <input id="cap-name" type="text" maxlength="200" value={c.name.clone()}
                    onchange={edit(|c, v| Some(Edit::RenameCapability { cap: c.id.clone(), name: v }))} />
                <label for="cap-role">{ "Role" }</label>
                <select id="cap-role" onchange={edit(|c, v| Some(Edit::SetRole { cap: c.id.clone(), role: role_named(&v) }))}>
                    { role_options(c.role) }
                </select>
                <label for="cap-layer">{ "Layer" }</label>
                <select id="cap-layer" disabled={c.role.is_some()} aria-describedby={c.role.is_some().then_some("cap-layer-hint")}
                    onchange={edit(|c, v| Layer::ALL.into_iter().find(|l| l.label() == v).map(|layer| Edit::SetLayer { cap: c.id.clone(), layer }))}>
                    { layer_options(c.layer) }
                </select>
            </div>
            if let Some(role) = c.role {
                <p class="hint" id="cap-layer-hint">{ format!("Its role, {}, puts it in the {} layer; choose no role to move it.", role.label(), role.layer().label()) }</p>
            }
            if c.layer == Layer::Service {
                <ServiceFields key={c.id.to_string()} scenario={sc.clone()} cap={c.clone()} on_edit={props.on_edit.clone()} />
            }
            <details class="deps">
                <summary>{ format!("Depends on {} capabilities", c.depends_on.len()) }</summary>
                <div class="dep-list" role="group" aria-label={format!("Capabilities {} depends on", c.name)}>{ for deps }</div>
            </details>
            if let Some(why) = &props.refused {
                <p class="field-error refused" role="alert">{ format!("Not changed: {why}") }</p>
            }
            <button type="button" class="danger" onclick={click(Edit::RemoveCapability { cap: c.id.clone() })}>
                { format!("Remove capability {}", c.name) }
            </button>
            <p class="hint">{ remove_hint }</p>
        </section>
    }
}
