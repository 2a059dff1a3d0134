//! The notice shown when a saved state, a share link or an imported file
//! could not be opened: every problem with where it is, a button to
//! download the rejected text so nothing is lost, and one to dismiss it.

use super::state::Notice;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct NoticeProps {
    pub notice: Notice,
    pub on_download: Callback<()>,
    pub on_dismiss: Callback<()>,
}

#[component]
pub fn NoticeBox(props: &NoticeProps) -> Html {
    let n = &props.notice;
    let items = n.problems.iter().map(|p| {
        html! {
            <li>
                if !p.is_root() { <code>{ p.path.clone() }</code>{ ": " } }
                { p.message.clone() }
            </li>
        }
    });
    let download = props.on_download.clone();
    let dismiss = props.on_dismiss.clone();
    html! {
        <section class="notice" role="alert" aria-labelledby="notice-title">
            <h2 id="notice-title">{ n.title.clone() }</h2>
            <p>{ "Nothing was changed: the scenario on the board is the one you had. What was wrong:" }</p>
            <ul class="problems">{ for items }</ul>
            <div class="form-actions">
                if n.rejected.is_some() {
                    <button type="button" id="download-rejected" onclick={move |_| download.emit(())}>
                        { format!("Download the rejected text ({})", n.filename) }
                    </button>
                }
                <button type="button" onclick={move |_| dismiss.emit(())}>{ "Dismiss" }</button>
            </div>
        </section>
    }
}
