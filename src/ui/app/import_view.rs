//! The mapping step of an import: what was read from a Backstage catalog or
//! a spreadsheet, every problem with its document (or line) and field, and
//! for each team and capability the part it plays on the board, first
//! guessed from names, types and tags. The scenario the choices make is built
//! and validated on every change; the board is replaced only by "Replace the
//! board", as one undoable step. Nothing is lost by cancelling.

use crate::import::{self, CapPlay, Draft, Finding, Mapping, TeamPlay};
use std::rc::Rc;
use yew::prelude::*;

/// An import waiting for its mapping: the file's name and what was read.
#[derive(Clone, Debug, PartialEq)]
pub struct Pending {
    /// Counts imports, so a second file chosen while this one is open
    /// starts a fresh mapping step (the component is keyed by it).
    pub seq: u32,
    pub file_name: String,
    pub draft: Rc<Draft>,
}

#[derive(Properties, PartialEq)]
pub struct ImportMappingProps {
    pub pending: Pending,
    /// The scenario the user confirmed, with the file's name.
    pub on_confirm: Callback<(crate::model::ScenarioFile, String)>,
    /// The mapping as a file, for `faultline import --map`.
    pub on_download_mapping: Callback<Mapping>,
    pub on_cancel: Callback<()>,
}

/// A title from a file name: "acme-catalog.yaml" → "acme-catalog".
pub fn title_of(file_name: &str) -> String {
    let stem = file_name.rsplit_once('.').map_or(file_name, |(s, _)| s);
    if stem.trim().is_empty() {
        "Imported organisation".to_owned()
    } else {
        stem.chars().take(crate::model::validate::MAX_NAME_CHARS).collect()
    }
}

fn finding_item(f: &Finding) -> Html {
    html! {
        <li class={classes!(f.blocking.then_some("blocking"))}>
            if f.blocking { <strong>{ "Stops the import: " }</strong> }
            if !f.place.is_empty() { <span class="place">{ f.place.clone() }</span> }
            if !f.field.is_empty() { { if f.place.is_empty() { "" } else { ", " } }<code>{ f.field.clone() }</code> }
            { if f.place.is_empty() && f.field.is_empty() { "" } else { ": " } }
            { f.message.clone() }
        </li>
    }
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn select_value(e: &Event) -> Option<String> {
    e.target_dyn_into::<web_sys::HtmlSelectElement>().map(|s| s.value())
}

#[component]
pub fn ImportMapping(props: &ImportMappingProps) -> Html {
    let draft = props.pending.draft.clone();
    let mapping = {
        let draft = draft.clone();
        let title = title_of(&props.pending.file_name);
        use_state(move || Mapping { title, ..import::guess_mapping(&draft) })
    };
    let built = use_memo(((*mapping).clone(), draft.clone()), |(m, d)| import::build(d, m));
    let on_title = {
        let mapping = mapping.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(i) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                mapping.set(Mapping { title: i.value(), ..(*mapping).clone() });
            }
        })
    };
    let team_rows = draft.teams.iter().enumerate().map(|(i, t)| {
        let play = mapping.team(t);
        let onchange = {
            let (mapping, id) = (mapping.clone(), t.id.clone());
            Callback::from(move |e: Event| {
                if let Some(p) = select_value(&e).and_then(|v| TeamPlay::from_key(&v)) {
                    let mut m = (*mapping).clone();
                    m.teams.insert(id.clone(), p);
                    mapping.set(m);
                }
            })
        };
        let select_id = format!("map-team-{i}");
        let options = TeamPlay::ALL.iter().map(|p| {
            html! { <option value={p.key()} selected={*p == play}>{ p.label() }</option> }
        });
        let from = match (&t.entity, &t.spec_type) {
            (Some(e), Some(ty)) => format!("{} · {ty}", e.kind),
            (Some(e), None) => e.kind.clone(),
            (None, _) => t.place.clone(),
        };
        let people = match t.headcount {
            Some(n) => n.to_string(),
            None => format!("— (assumed {})", import::ASSUMED_HEADCOUNT),
        };
        html! {
            <tr class={classes!((play == TeamPlay::Omit).then_some("omitted"))} data-id={t.id.to_string()}>
                <th scope="row"><label for={select_id.clone()}>{ t.name.clone() }</label></th>
                <td>{ from }</td>
                <td class="num">{ people }</td>
                <td><select id={select_id} {onchange}>{ for options }</select></td>
            </tr>
        }
    });
    let team_name = |id: &crate::model::TeamId| {
        draft.teams.iter().find(|t| &t.id == id).map_or_else(|| id.to_string(), |t| t.name.clone())
    };
    let cap_rows = draft.capabilities.iter().enumerate().map(|(i, c)| {
        let play = mapping.cap(c);
        let onchange = {
            let (mapping, id) = (mapping.clone(), c.id.clone());
            Callback::from(move |e: Event| {
                if let Some(p) = select_value(&e).and_then(|v| CapPlay::from_key(&v)) {
                    let mut m = (*mapping).clone();
                    m.capabilities.insert(id.clone(), p);
                    mapping.set(m);
                }
            })
        };
        let select_id = format!("map-cap-{i}");
        let options = CapPlay::all().into_iter().map(|p| {
            html! { <option value={p.key()} selected={p == play}>{ p.label() }</option> }
        });
        let from = match &c.spec_type {
            Some(ty) => format!("{} · {ty}", c.kind),
            None => c.kind.clone(),
        };
        let owners = if c.owners.is_empty() {
            "nobody".to_owned()
        } else {
            c.owners.iter().map(team_name).collect::<Vec<_>>().join(", ")
        };
        html! {
            <tr class={classes!((play == CapPlay::Omit).then_some("omitted"))} data-id={c.id.to_string()}>
                <th scope="row"><label for={select_id.clone()}>{ c.name.clone() }</label></th>
                <td>{ from }</td>
                <td>{ owners }</td>
                <td class="num">{ c.depends_on.len() }</td>
                <td><select id={select_id} {onchange}>{ for options }</select></td>
            </tr>
        }
    });
    let problems: Vec<&Finding> = draft.findings.iter().collect();
    let confirm = {
        let (built, cb, name) = (built.clone(), props.on_confirm.clone(), props.pending.file_name.clone());
        Callback::from(move |_: MouseEvent| {
            if let Ok(b) = &*built {
                cb.emit((b.file.clone(), name.clone()));
            }
        })
    };
    let download = {
        let (mapping, cb) = (mapping.clone(), props.on_download_mapping.clone());
        Callback::from(move |_: MouseEvent| cb.emit((*mapping).clone()))
    };
    let cancel = props.on_cancel.reform(|_: MouseEvent| ());
    let on_key = {
        let cb = props.on_cancel.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.prevent_default();
                cb.emit(());
            }
        })
    };
    let (ready, outcome) = match &*built {
        Ok(b) => {
            let services =
                b.file.capabilities.iter().filter(|c| c.layer == crate::model::Layer::Service).count();
            (
                true,
                html! {
                    <div class="import-outcome ok" role="status">
                        <p>{ format!(
                            "Ready: {}, {} ({} product {}), {} injected.",
                            count(b.file.teams.len(), "team", "teams"),
                            count(b.file.capabilities.len(), "capability", "capabilities"),
                            services,
                            if services == 1 { "service" } else { "services" },
                            count(b.file.failures.len(), "failure", "failures")
                        ) }</p>
                        if !b.notes.is_empty() {
                            <ul class="notes">{ for b.notes.iter().map(finding_item) }</ul>
                        }
                    </div>
                },
            )
        }
        Err(problems) => (
            false,
            html! {
                <div class="import-outcome blocked" role="status">
                    <p>{ "The board cannot be replaced yet:" }</p>
                    <ul class="problems">{ for problems.iter().map(finding_item) }</ul>
                </div>
            },
        ),
    };
    html! {
        <section class="import-mapping" id="import-mapping" role="dialog" aria-modal="false" aria-labelledby="import-title" onkeydown={on_key}>
            <h2 id="import-title">{ format!("Import {}", props.pending.file_name) }</h2>
            <p class="import-summary">{ format!("Read {}.", draft.summary()) }
                { " Say what each team and capability is on the board; the first choices are guesses from names, types and tags. Nothing on the board changes until you replace it." }</p>
            <div class="field">
                <label for="import-design-title">{ "Design name" }</label>
                <input id="import-design-title" type="text" maxlength="200" value={mapping.title.clone()} oninput={on_title} />
            </div>
            if !problems.is_empty() {
                <details class="import-problems" open=true>
                    <summary>{ format!("{} {} in the input", problems.len(), if problems.len() == 1 { "problem" } else { "problems" }) }</summary>
                    <ul class="problems">{ for problems.iter().map(|f| finding_item(f)) }</ul>
                </details>
            }
            if !draft.teams.is_empty() {
                <div class="table-scroll">
                    <table class="mapping-table" id="import-teams">
                        <caption>{ format!("Teams ({})", draft.teams.len()) }</caption>
                        <thead><tr><th scope="col">{ "Team" }</th><th scope="col">{ "Read from" }</th><th scope="col" class="num">{ "People" }</th><th scope="col">{ "On the board" }</th></tr></thead>
                        <tbody>{ for team_rows }</tbody>
                    </table>
                </div>
            }
            if !draft.capabilities.is_empty() {
                <div class="table-scroll">
                    <table class="mapping-table" id="import-capabilities">
                        <caption>{ format!("Capabilities ({})", draft.capabilities.len()) }</caption>
                        <thead><tr><th scope="col">{ "Capability" }</th><th scope="col">{ "Read from" }</th><th scope="col">{ "Owner" }</th><th scope="col" class="num">{ "Depends on" }</th><th scope="col">{ "Plays" }</th></tr></thead>
                        <tbody>{ for cap_rows }</tbody>
                    </table>
                </div>
            }
            { outcome }
            <div class="form-actions">
                <button type="button" class="primary" id="import-confirm" disabled={!ready} onclick={confirm}>{ "Replace the board" }</button>
                <button type="button" id="import-download-mapping" onclick={download}>{ "Download mapping" }</button>
                <button type="button" id="import-cancel" onclick={cancel}>{ "Cancel" }</button>
            </div>
        </section>
    }
}
