//! The side column beside the board: the inspector for what is selected,
//! the live diagnosis, the form that adds a capability and the failures
//! panel.

use super::cap_add::AddCapabilityForm;
use super::cap_inspector::CapInspector;
use super::diagnosis::DiagnosisPanel;
use super::failures::FailuresPanel;
use super::live::Live;
use super::team_inspector::TeamInspector;
use crate::analysis::diagnostics::Subject;
use crate::model::ScenarioFile;
use crate::ui::app::state::Selection;
use crate::ui::board::layout::layout;
use crate::ui::edit::Edit;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SideProps {
    pub scenario: Rc<ScenarioFile>,
    pub selection: Option<Selection>,
    pub highlight: Vec<Subject>,
    pub live: Rc<Live>,
    #[prop_or_default]
    pub millis: f64,
    /// Why the last edit was refused, if it was.
    #[prop_or_default]
    pub refused: Option<AttrValue>,
    pub on_edit: Callback<Edit>,
    pub on_highlight: Callback<Vec<Subject>>,
}

#[component]
pub fn SidePanel(props: &SideProps) -> Html {
    let sc = &props.scenario;
    let inspector = match &props.selection {
        Some(Selection::Team(id)) => sc.teams.iter().find(|t| &t.id == id).map(|t| {
            let drawn = layout(sc).teams.into_iter().find(|b| &b.id == id);
            html! { <TeamInspector team={t.clone()} {drawn} on_edit={props.on_edit.clone()} /> }
        }),
        Some(Selection::Capability(id)) => sc.capabilities.iter().find(|c| &c.id == id).map(|c| {
            html! {
                <CapInspector scenario={sc.clone()} cap={c.clone()} on_edit={props.on_edit.clone()}
                    refused={props.refused.clone()} />
            }
        }),
        None => None,
    };
    // The capability inspector says why an edit was refused beside its
    // fields (a dependency list is long); everything else says it on top.
    let refused_inside = matches!(&props.selection, Some(Selection::Capability(id)) if sc.capabilities.iter().any(|c| &c.id == id));
    let inspector = inspector.unwrap_or_else(|| {
        html! {
            <section class="panel inspector" aria-labelledby="inspector-title">
                <h2 id="inspector-title">{ "Inspector" }</h2>
                <p class="muted">{ "Select a team or a capability on the board (click it, or Tab to it and press Enter) to edit it here. Drag a card onto another team to move it, onto the tray to take it from its team; hold Alt while dropping to share it." }</p>
            </section>
        }
    });
    html! {
        <aside class="side" aria-label="Inspector, diagnosis and failures">
            if let Some(why) = props.refused.as_ref().filter(|_| !refused_inside) {
                <p class="field-error refused" role="alert">{ format!("Not changed: {why}") }</p>
            }
            <DiagnosisPanel live={props.live.clone()} millis={props.millis} highlight={props.highlight.clone()}
                on_highlight={props.on_highlight.clone()} />
            { inspector }
            <AddCapabilityForm scenario={sc.clone()} on_edit={props.on_edit.clone()} />
            <FailuresPanel scenario={sc.clone()} on_edit={props.on_edit.clone()} />
        </aside>
    }
}
