//! The preset menu: every built-in scenario by title. Choosing one reports
//! its id; loading it is the reducer's job.

use crate::model::presets::PRESETS;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PresetPickerProps {
    /// The id of the preset on the board.
    pub selected: AttrValue,
    pub on_change: Callback<String>,
}

#[component]
pub fn PresetPicker(props: &PresetPickerProps) -> Html {
    let onchange = {
        let cb = props.on_change.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                cb.emit(select.value());
            }
        })
    };
    let options = PRESETS.iter().map(|p| {
        html! {
            <option value={p.id} selected={p.id == props.selected.as_str()}>{ p.title }</option>
        }
    });
    html! {
        <div class="preset-picker">
            <label for="preset-select">{ "Scenario" }</label>
            <select id="preset-select" {onchange}>
                // A design that is not a preset (imported, from a link or a
                // file) says so, and choosing any preset then loads it.
                if props.selected.is_empty() {
                    <option value="" selected=true disabled=true>{ "Your own design" }</option>
                }
                { for options }
            </select>
        </div>
    }
}
