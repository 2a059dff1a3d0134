//! The app shell: the header with the preset menu, what the loaded scenario
//! teaches, the legend and the board. It owns the one [`AppState`] and turns
//! what components report into [`Action`]s.

use super::board::Board;
use super::legend::Legend;
use super::preset_picker::PresetPicker;
use super::state::{Action, AppState, Selection};
use crate::model::presets::DEFAULT_PRESET;
use yew::prelude::*;

#[derive(Properties, PartialEq, Clone)]
pub struct AppProps {
    /// The preset to open with. A share link will later supply a whole
    /// scenario instead.
    #[prop_or(AttrValue::Static(DEFAULT_PRESET))]
    pub preset: AttrValue,
}

impl Default for AppProps {
    fn default() -> Self {
        Self { preset: AttrValue::Static(DEFAULT_PRESET) }
    }
}

#[component]
pub fn App(props: &AppProps) -> Html {
    let state = {
        let preset = props.preset.clone();
        use_reducer(move || AppState::with_preset(&preset))
    };
    let on_preset = {
        let state = state.dispatcher();
        Callback::from(move |id: String| state.dispatch(Action::LoadPreset(id)))
    };
    let on_select = {
        let state = state.dispatcher();
        Callback::from(move |sel: Selection| state.dispatch(Action::Select(sel)))
    };
    let scenario = &state.scenario;
    html! {
        <div class="app">
            <header class="app-header">
                <div class="brand">
                    <h1>{ "Faultline" }</h1>
                    <p class="tagline">{ "See where accountability breaks between teams" }</p>
                </div>
                <PresetPicker selected={AttrValue::from(state.preset.clone())} on_change={on_preset} />
            </header>
            <main>
                <section class="preset-about" aria-labelledby="scenario-title" aria-live="polite">
                    <h2 id="scenario-title">{ scenario.title.clone() }</h2>
                    <p class="scenario-description">{ scenario.description.clone() }</p>
                </section>
                <Board scenario={scenario.clone()} selection={state.selection.clone()} {on_select} />
                <Legend />
            </main>
        </div>
    }
}
