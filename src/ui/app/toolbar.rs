//! The editing toolbar: undo and redo, adding a team, the share link,
//! export and import of the scenario JSON. It reports what was asked; the
//! app does it.

use crate::model::TeamKind;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    pub can_undo: bool,
    pub can_redo: bool,
    pub on_undo: Callback<()>,
    pub on_redo: Callback<()>,
    pub on_add_team: Callback<(String, TeamKind)>,
    pub on_share: Callback<()>,
    pub on_export: Callback<()>,
    /// The file chosen in the import dialog: a scenario (JSON), a Backstage
    /// catalog (YAML) or a spreadsheet (CSV).
    pub on_import: Callback<web_sys::File>,
    /// Export the teams and ownership as Backstage catalog YAML.
    #[prop_or_default]
    pub on_export_catalog: Callback<()>,
    /// Download the spreadsheet template the import reads.
    #[prop_or_default]
    pub on_csv_template: Callback<()>,
    /// Whether card drops add a co-owner instead of moving (the touch
    /// screen's Alt key).
    #[prop_or_default]
    pub share_drops: bool,
    #[prop_or_default]
    pub on_share_drops: Callback<bool>,
    /// The share link once made, shown for copying.
    #[prop_or_default]
    pub share_link: Option<AttrValue>,
}

#[component]
pub fn Toolbar(props: &ToolbarProps) -> Html {
    let click = |cb: &Callback<()>| {
        let cb = cb.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    let on_import = {
        let cb = props.on_import.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                if let Some(file) = input.files().and_then(|l| l.get(0)) {
                    cb.emit(file);
                }
                // Choosing the same file again must fire change again.
                input.set_value("");
            }
        })
    };
    let name = use_state(String::new);
    let on_name = {
        let name = name.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(i) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                name.set(i.value());
            }
        })
    };
    let kind = use_state(|| TeamKind::Product);
    let on_kind = {
        let kind = kind.clone();
        Callback::from(move |e: Event| {
            if let Some(s) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                if let Some(k) = TeamKind::ALL.into_iter().find(|k| k.label() == s.value()) {
                    kind.set(k);
                }
            }
        })
    };
    let on_add = {
        let (cb, name, kind) = (props.on_add_team.clone(), name.clone(), kind.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if !name.trim().is_empty() {
                cb.emit(((*name).clone(), *kind));
                name.set(String::new());
            }
        })
    };
    let kinds = TeamKind::ALL
        .iter()
        .map(|k| html! { <option value={k.label()} selected={*k == *kind}>{ k.label() }</option> });
    html! {
        <div class="toolbar" role="toolbar" aria-label="Edit">
            <button type="button" onclick={click(&props.on_undo)} disabled={!props.can_undo}
                title="Undo (Ctrl+Z)" aria-keyshortcuts="Control+Z">{ "↶ Undo" }</button>
            <button type="button" onclick={click(&props.on_redo)} disabled={!props.can_redo}
                title="Redo (Ctrl+Shift+Z)" aria-keyshortcuts="Control+Shift+Z">{ "↷ Redo" }</button>
            <form class="add-team" onsubmit={on_add}>
                <input id="new-team-name" type="text" maxlength="200" placeholder="New team name" aria-label="New team name"
                    value={(*name).clone()} oninput={on_name} />
                <select aria-label="New team kind" onchange={on_kind}>{ for kinds }</select>
                <button type="submit" disabled={name.trim().is_empty()}>{ "Add team" }</button>
            </form>
            <button type="button" class={classes!("toggle", props.share_drops.then_some("on"))}
                aria-pressed={props.share_drops.to_string()} title="Card drops add a co-owner (or hold Alt while dropping)"
                onclick={{ let (cb, on) = (props.on_share_drops.clone(), props.share_drops); move |_| cb.emit(!on) }}>
                { "Drop to share" }</button>
            <button type="button" onclick={click(&props.on_share)}>{ "Share link" }</button>
            <button type="button" onclick={click(&props.on_export)}>{ "Export JSON" }</button>
            <button type="button" id="export-catalog" onclick={click(&props.on_export_catalog)}
                title="The teams and proposed ownership as Backstage catalog YAML">{ "Export catalog YAML" }</button>
            <label class="button" for="import-file" title="A scenario (JSON), a Backstage catalog (YAML) or a spreadsheet (CSV)">{ "Import…" }</label>
            <input id="import-file" class="visually-hidden" type="file"
                accept=".json,.yaml,.yml,.csv,application/json,application/yaml,text/yaml,text/csv" onchange={on_import} />
            <button type="button" id="csv-template" onclick={click(&props.on_csv_template)}
                title="A spreadsheet of teams and capabilities to fill in and import">{ "CSV template" }</button>
            if let Some(link) = &props.share_link {
                <input id="share-link" class="share-link" type="text" readonly=true value={link.clone()}
                    aria-label="Share link: copy it and open it in any browser" onfocus={Callback::from(|e: FocusEvent| {
                        if let Some(i) = e.target_dyn_into::<web_sys::HtmlInputElement>() { i.select(); }
                    })} />
            }
        </div>
    }
}
