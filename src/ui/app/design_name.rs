//! The design's name as a text field: what the comparison, the report and
//! the exported file call it. A change is committed when the field is left
//! or Enter is pressed, as one undoable edit; the reducer refuses an empty
//! or over-long name and says why beside the forms.

use crate::model::validate::MAX_NAME_CHARS;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DesignNameProps {
    pub title: AttrValue,
    /// The name typed, when it differs from the current one.
    pub on_rename: Callback<String>,
}

#[component]
pub fn DesignName(props: &DesignNameProps) -> Html {
    let onchange = {
        let (cb, current) = (props.on_rename.clone(), props.title.clone());
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                let typed = input.value();
                if typed.trim() != current.as_str() {
                    cb.emit(typed);
                }
            }
        })
    };
    html! {
        <div class="design-name editing">
            <label for="design-title">{ "Design name" }</label>
            <input id="design-title" type="text" value={props.title.clone()} {onchange} required=true
                maxlength={MAX_NAME_CHARS.to_string()} autocomplete="off" spellcheck="false"
                title="What comparisons and reports call this design; Enter or leaving the field renames it (undoable)" />
        </div>
    }
}
