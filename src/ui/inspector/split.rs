//! Three linked sliders for a team's time split: feature, reliability and
//! toil. Moving one re-balances the other two in proportion (see
//! [`crate::ui::edit::rebalance`]) so the three always sum to exactly 100.
//! The drag previews locally and commits one edit when the slider is
//! released, so a drag is one undo step, not a hundred.

use crate::model::{Share, TeamId, TimeSplit};
use crate::ui::edit::{rebalance, split_from, split_percent, Edit};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SplitProps {
    pub team: TeamId,
    pub split: TimeSplit,
    pub on_edit: Callback<Edit>,
}

#[component]
pub fn SplitSliders(props: &SplitProps) -> Html {
    let committed = split_percent(&props.split);
    let preview = use_state(|| None::<[u32; 3]>);
    let shown = preview.unwrap_or(committed);
    let sliders = Share::ALL.into_iter().map(|share| {
        let i = share.index();
        let read = |e: &Event| {
            e.target_dyn_into::<web_sys::HtmlInputElement>().and_then(|el| el.value().parse::<u32>().ok())
        };
        let oninput = {
            let preview = preview.clone();
            Callback::from(move |e: InputEvent| {
                let v = e
                    .target_dyn_into::<web_sys::HtmlInputElement>()
                    .and_then(|el| el.value().parse::<u32>().ok());
                if let Some(v) = v {
                    let base = preview.unwrap_or(committed);
                    preview.set(Some(rebalance(base, share, v)));
                }
            })
        };
        let onchange = {
            let (preview, cb, team) = (preview.clone(), props.on_edit.clone(), props.team.clone());
            Callback::from(move |e: Event| {
                let base = preview.unwrap_or(committed);
                let next = read(&e).map(|v| rebalance(base, share, v)).unwrap_or(base);
                preview.set(None);
                if next != committed {
                    cb.emit(Edit::SetTimeSplit { team: team.clone(), split: split_from(next) });
                }
            })
        };
        let id = format!("split-{i}");
        html! {
            <div class="split-row">
                <label for={id.clone()}>{ share.label() }</label>
                <input id={id} type="range" min="0" max="100" step="1" value={shown[i].to_string()}
                    aria-valuetext={format!("{}%", shown[i])} {oninput} {onchange} />
                <output for={format!("split-{i}")}>{ format!("{}%", shown[i]) }</output>
            </div>
        }
    });
    html! {
        <fieldset class="split">
            <legend>{ "Time split (always sums to 100%)" }</legend>
            { for sliders }
        </fieldset>
    }
}
