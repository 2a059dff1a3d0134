//! The key to the board's colours, so nobody has to guess what blue means.
//! Every colour is also named in words on the board itself, and each team's
//! bar of hours in its accessible name and tooltip.

use super::hours::Part;
use super::team::kind_class;
use crate::model::{Layer, TeamKind};
use yew::prelude::*;

#[component]
pub fn Legend() -> Html {
    let kinds = TeamKind::ALL.iter().map(|&k| {
        html! { <li class={format!("kind-{}", kind_class(k))}>{ format!("{} team", k.label()) }</li> }
    });
    let layers = Layer::ALL.iter().map(|&l| {
        html! { <li class={format!("layer-{}", l.label())}>{ format!("{} capability", l.label()) }</li> }
    });
    let hours = Part::ALL.iter().map(|&p| {
        html! { <li class={format!("hours-{}", p.class())}>{ p.legend() }</li> }
    });
    html! {
        <ul class="legend" aria-label="Legend">
            { for kinds }
            { for layers }
            <li class="legend-heading">{ "A team's week:" }</li>
            { for hours }
            <li class="hours-incidents">{ "incidents (after a run)" }</li>
        </ul>
    }
}
