//! The form that adds a capability: a name, a role (which fixes the layer)
//! or a layer, and an owner or the unowned tray. The edit itself makes the
//! id, gives a service the default SLO and refuses what validation would;
//! the new capability is then selected for the inspector.

use super::cap_inspector::{layer_options, role_named, role_options};
use super::team_inspector::value;
use crate::model::catalog::DEFAULT_SLO;
use crate::model::{Layer, Role, ScenarioFile, TeamId};
use crate::ui::edit::{pct, Edit};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct AddCapabilityProps {
    pub scenario: Rc<ScenarioFile>,
    pub on_edit: Callback<Edit>,
}

/// What the form holds until it is sent.
#[derive(Clone, Debug, PartialEq)]
struct Draft {
    name: String,
    role: Option<Role>,
    layer: Layer,
    owner: Option<TeamId>,
}

impl Draft {
    /// The edit the form sends: a role's layer wins over the layer menu.
    fn edit(&self) -> Edit {
        Edit::AddCapability {
            name: self.name.clone(),
            layer: self.role.map_or(self.layer, Role::layer),
            role: self.role,
            owner: self.owner.clone(),
        }
    }
}

#[component]
pub fn AddCapabilityForm(props: &AddCapabilityProps) -> Html {
    let draft = use_state(|| Draft { name: String::new(), role: None, layer: Layer::Service, owner: None });
    let update = |change: fn(&mut Draft, String)| {
        let draft = draft.clone();
        Callback::from(move |e: Event| {
            let mut next = (*draft).clone();
            change(&mut next, value(&e));
            draft.set(next);
        })
    };
    let on_name = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(i) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                draft.set(Draft { name: i.value(), ..(*draft).clone() });
            }
        })
    };
    let on_submit = {
        let (cb, draft) = (props.on_edit.clone(), draft.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if !draft.name.trim().is_empty() {
                cb.emit(draft.edit());
                draft.set(Draft { name: String::new(), ..(*draft).clone() });
            }
        })
    };
    let layer = draft.role.map_or(draft.layer, Role::layer);
    let owners = std::iter::once(html! {
        <option value="" selected={draft.owner.is_none()}>{ "Nobody (the unowned tray)" }</option>
    })
    .chain(props.scenario.teams.iter().map(|t| {
        html! { <option value={t.id.to_string()} selected={draft.owner.as_ref() == Some(&t.id)}>{ t.name.clone() }</option> }
    }));
    html! {
        <section class="panel add-capability" aria-labelledby="add-cap-title">
            <h2 id="add-cap-title">{ "Add a capability" }</h2>
            <form onsubmit={on_submit}>
                <div class="fields">
                    <label for="new-cap-name">{ "Name" }</label>
                    <input id="new-cap-name" type="text" maxlength="200" value={draft.name.clone()} oninput={on_name} />
                    <label for="new-cap-role">{ "Role" }</label>
                    <select id="new-cap-role" onchange={update(|d, v| d.role = role_named(&v))}>{ role_options(draft.role) }</select>
                    <label for="new-cap-layer">{ "Layer" }</label>
                    <select id="new-cap-layer" disabled={draft.role.is_some()}
                        onchange={update(|d, v| d.layer = Layer::ALL.into_iter().find(|l| l.label() == v).unwrap_or(d.layer))}>
                        { layer_options(layer) }
                    </select>
                    <label for="new-cap-owner">{ "Owner" }</label>
                    <select id="new-cap-owner" onchange={update(|d, v| d.owner = (!v.is_empty()).then(|| TeamId::new(v)))}>{ for owners }</select>
                </div>
                <button type="submit" disabled={draft.name.trim().is_empty()}>{ "Add capability" }</button>
                <p class="hint">{ format!(
                    "A service starts with a {}% SLO over {} days; its dependencies, SLO and traffic are set in the inspector once it is added.",
                    pct(DEFAULT_SLO.target), DEFAULT_SLO.window_days
                ) }</p>
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_role_fixes_the_layer_the_form_sends() {
        let draft = Draft {
            name: "Flags".into(),
            role: Some(Role::DeployRollout),
            layer: Layer::Service,
            owner: Some("platform".into()),
        };
        assert_eq!(
            draft.edit(),
            Edit::AddCapability {
                name: "Flags".into(),
                layer: Layer::Delivery,
                role: Some(Role::DeployRollout),
                owner: Some("platform".into()),
            }
        );
        let plain = Draft { role: None, ..draft };
        assert!(matches!(plain.edit(), Edit::AddCapability { layer: Layer::Service, role: None, .. }));
    }
}
