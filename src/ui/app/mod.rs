//! The app shell: the header with the preset menu, what the loaded scenario
//! teaches, the legend and the board. It owns the one [`AppState`] and turns
//! what components report into [`Action`]s.

pub mod codec;
pub mod design_name;
pub mod hooks;
pub mod import_view;
pub mod keys;
pub mod notice;
pub mod preset_picker;
pub mod state;
pub mod toolbar;

use super::board::Board;
use super::edit::Edit;
use super::run::{Replay, RunAction, RunPanel, RunResults, RunState};
use super::story::{use_story, HelpOverlay, Mode, StoryPanel};
use crate::analysis::diagnostics::Subject;
use crate::import;
use crate::model::presets::DEFAULT_PRESET;
use crate::model::TeamKind;
use crate::ui::app::codec::open_text;
use crate::ui::app::design_name::DesignName;
use crate::ui::app::hooks::{use_autosave, use_box_size, use_hash_links, use_live, use_shortcuts};
use crate::ui::app::import_view::{ImportMapping, Pending};
use crate::ui::app::notice::NoticeBox;
use crate::ui::app::preset_picker::PresetPicker;
use crate::ui::app::state::Origin;
use crate::ui::app::state::{Action, AppState, Selection};
use crate::ui::app::toolbar::Toolbar;
use crate::ui::board::legend::Legend;
use crate::ui::inspector::side::SidePanel;
use crate::ui::web;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq, Clone)]
pub struct AppProps {
    /// The preset to open with, unless (when `persist`) a share link or the
    /// autosave supplies a design.
    #[prop_or(AttrValue::Static(DEFAULT_PRESET))]
    pub preset: AttrValue,
    /// Open from the share link or the autosave and autosave every change.
    /// Only the real page does; tests mount the app without touching storage.
    #[prop_or_default]
    pub persist: bool,
}

impl Default for AppProps {
    fn default() -> Self {
        Self { preset: AttrValue::Static(DEFAULT_PRESET), persist: false }
    }
}

#[component]
pub fn App(props: &AppProps) -> Html {
    let state = {
        let (preset, persist) = (props.preset.clone(), props.persist);
        use_reducer(
            move || if persist { web::initial_state(&preset) } else { AppState::with_preset(&preset) },
        )
    };
    use_autosave(props.persist, state.scenario.clone(), state.baseline.clone());
    use_shortcuts(state.dispatcher());
    use_hash_links(props.persist, state.dispatcher());
    let (live, millis) = use_live(state.scenario.clone());
    let story = use_story(props.persist, &state);
    // The first visit offers the guided story; the answer is remembered.
    let intro = use_state_eq(|| props.persist && !web::story::intro_answered());
    let share_link = use_state(|| None::<AttrValue>);
    let share_drops = use_state(|| false);
    let on_share_drops = {
        let share_drops = share_drops.clone();
        Callback::from(move |on: bool| share_drops.set(on))
    };
    {
        // A link made before an edit no longer matches the board.
        let share_link = share_link.clone();
        use_effect_with(state.scenario.clone(), move |_| share_link.set(None));
    }
    let dispatch = |f: fn(()) -> Action| {
        let state = state.dispatcher();
        Callback::from(move |()| state.dispatch(f(())))
    };
    let on_edit = {
        let state = state.dispatcher();
        Callback::from(move |e: Edit| state.dispatch(Action::Edit(e)))
    };
    let on_edit_results = on_edit.clone();
    let on_highlight = {
        let state = state.dispatcher();
        Callback::from(move |s: Vec<Subject>| state.dispatch(Action::Highlight(s)))
    };
    let on_add_team = {
        let state = state.dispatcher();
        Callback::from(move |(name, kind): (String, TeamKind)| {
            state.dispatch(Action::Edit(Edit::AddTeam { name, kind }))
        })
    };
    let on_share = {
        let (scenario, share_link, state) = (state.scenario.clone(), share_link.clone(), state.dispatcher());
        Callback::from(move |()| {
            let link = web::share_link(&scenario);
            state.dispatch(Action::Announce(format!("Share link ready: {} characters", link.len())));
            share_link.set(Some(link.into()));
        })
    };
    let on_export = {
        let scenario = state.scenario.clone();
        Callback::from(move |()| {
            web::download("faultline-scenario.json", &scenario.to_json(), "application/json")
        })
    };
    // A catalog or a spreadsheet waits here for its mapping step.
    let pending_import = use_state(|| None::<Pending>);
    let on_import = {
        let (state, pending_import) = (state.dispatcher(), pending_import.clone());
        Callback::from(move |file: web_sys::File| {
            let state = state.clone();
            let name = file.name();
            let pending_import = pending_import.clone();
            web::read_bytes(file, import::MAX_INPUT_BYTES, move |bytes, size| {
                if import::is_scenario(&name, &bytes) {
                    match open_text(&String::from_utf8_lossy(&bytes)) {
                        Ok(f) => state.dispatch(Action::Load {
                            file: Rc::new(f),
                            origin: Origin::Import(name.clone()),
                        }),
                        Err(rejected) => state.dispatch(Action::Reject {
                            title: format!("{name} could not be imported"),
                            rejected,
                            filename: format!("rejected-{name}"),
                        }),
                    }
                    return;
                }
                let draft = if size > import::MAX_INPUT_BYTES as f64 {
                    import::Draft { findings: vec![import::too_large(size)], ..import::Draft::default() }
                } else {
                    import::read_input(&name, &bytes)
                };
                let seq = (*pending_import).as_ref().map_or(0, |p| p.seq.wrapping_add(1));
                pending_import.set(Some(Pending { seq, file_name: name.clone(), draft: Rc::new(draft) }));
            });
        })
    };
    let on_import_confirm = {
        let (state, pending_import) = (state.dispatcher(), pending_import.clone());
        Callback::from(move |(file, name): (crate::model::ScenarioFile, String)| {
            pending_import.set(None);
            state.dispatch(Action::Load { file: Rc::new(file), origin: Origin::Import(name) });
        })
    };
    let on_import_cancel = {
        let pending_import = pending_import.clone();
        Callback::from(move |()| pending_import.set(None))
    };
    let on_download_mapping = Callback::from(|m: import::Mapping| {
        web::download("faultline-mapping.json", &m.to_json(), "application/json")
    });
    let on_export_catalog = {
        let scenario = state.scenario.clone();
        Callback::from(move |()| {
            web::download("catalog-info.yaml", &import::export_catalog(&scenario), "application/yaml")
        })
    };
    let on_csv_template = Callback::from(|()| {
        web::download("faultline-organisation.csv", import::CSV_TEMPLATE, "text/csv;charset=utf-8")
    });
    let on_download_rejected = {
        let notice = state.notice.clone();
        Callback::from(move |()| {
            if let Some(n) = &notice {
                web::download(&n.filename, n.rejected.as_deref().unwrap_or_default(), "text/plain")
            }
        })
    };
    let on_preset = {
        let state = state.dispatcher();
        Callback::from(move |id: String| state.dispatch(Action::LoadPreset(id)))
    };
    let on_select = {
        let state = state.dispatcher();
        Callback::from(move |sel: Selection| state.dispatch(Action::Select(sel)))
    };
    let on_rename = {
        let state = state.dispatcher();
        Callback::from(move |title: String| state.dispatch(Action::Edit(Edit::SetTitle { title })))
    };
    // The run panel's state is kept apart from the editor's: results and the
    // replay cursor are not edits (see `run::run_state`).
    let run = use_reducer(RunState::default);
    let on_run = {
        let run = run.dispatcher();
        Callback::from(move |a: RunAction| run.dispatch(a))
    };
    let scenario = &state.scenario;
    let overlay = run.overlay(scenario);
    // The advisor's top moves, while they were made for the board's design.
    let advice = use_memo((run.advice.clone(), scenario.clone()), |(advice, scenario)| {
        advice
            .as_ref()
            .filter(|a| super::run::run_state::same_design(&a.file, scenario))
            .map(|a| Rc::new(super::run::advice::marks(&a.result)))
    });
    // In presenter mode the board is arranged to fill its box on the screen.
    let board_box = use_node_ref();
    let stage = use_box_size(board_box.clone(), run.presenter);
    let playing = story.state.playing.clone();
    let open_story = |id: &'static str, mode: Mode| {
        let (on_open, intro) = (story.on_open.clone(), intro.clone());
        Callback::from(move |_: MouseEvent| {
            intro.set(false);
            if let Some(s) = crate::story::builtin(id) {
                on_open.emit((Rc::new(s), mode));
            }
        })
    };
    let skip_intro = {
        let intro = intro.clone();
        Callback::from(move |_: MouseEvent| {
            web::story::answer_intro();
            intro.set(false);
        })
    };
    let story_panel = playing.clone().map(|p| {
        html! {
            <StoryPanel playing={p} scenario={scenario.clone()} on_action={story.on_action.clone()}
                on_open={story.on_open.clone()} on_file={story.on_file.clone()}
                on_reveal={story.on_reveal.clone()} on_check={story.on_check.clone()}
                on_facilitator={Callback::from(|()| web::story::open_facilitator())}
                on_close={story.on_close.clone()} />
        }
    });
    // After a run of this design the board shows what the run measured.
    let load = use_memo(run.current_single(scenario).cloned(), |single| {
        single.as_ref().map(|r| Rc::new(crate::ui::board::hours::after_run(&r.scenario, &r.log)))
    });
    html! {
        <div class={classes!("app", run.presenter.then_some("presenter"), run.single.is_some().then_some("has-run"),
            playing.is_some().then_some("has-story"))}>
            <header class="app-header">
                <div class="brand">
                    <h1>{ "Faultline" }</h1>
                    <p class="tagline">{ "See where accountability breaks between teams" }</p>
                </div>
                <div class="story-buttons">
                    <button type="button" id="open-learn" onclick={open_story("learn", Mode::Learn)}>{ "Guided story" }</button>
                    <button type="button" id="open-workshop" onclick={open_story("learn", Mode::Workshop)}>{ "Workshop" }</button>
                    <button type="button" id="open-help" aria-keyshortcuts="?" onclick={story.on_help.reform(|_| true)}>{ "? Help" }</button>
                </div>
                <PresetPicker selected={AttrValue::from(state.preset.clone().unwrap_or_default())} on_change={on_preset} />
                <Toolbar can_undo={state.can_undo()} can_redo={state.can_redo()} on_undo={dispatch(|()| Action::Undo)}
                    on_redo={dispatch(|()| Action::Redo)} {on_add_team} {on_share} {on_export} {on_import} {on_export_catalog} {on_csv_template}
                    share_link={(*share_link).clone()} share_drops={*share_drops} {on_share_drops} />
            </header>
            if let Some(pending) = (*pending_import).clone() {
                <ImportMapping key={pending.seq.to_string()} pending={pending.clone()} on_confirm={on_import_confirm} on_download_mapping={on_download_mapping}
                    on_cancel={on_import_cancel} />
            }
            if let Some(notice) = state.notice.clone() {
                <NoticeBox {notice} on_download={on_download_rejected} on_dismiss={dispatch(|()| Action::DismissNotice)} />
            }
            if *intro && playing.is_none() {
                <section class="intro" aria-labelledby="intro-title" id="intro">
                    <h2 id="intro-title">{ "New to Faultline?" }</h2>
                    <p>{ "A guided story shows, in eight short chapters, why Platform Engineering and SRE are different jobs and what happens to incidents when the line between them is drawn badly. You predict, the simulation answers. About twenty minutes; you can leave and come back." }</p>
                    <div class="intro-actions">
                        <button type="button" class="primary" id="intro-start" onclick={open_story("learn", Mode::Learn)}>{ "Start the guided story" }</button>
                        <button type="button" id="intro-skip" onclick={skip_intro}>{ "Not now" }</button>
                    </div>
                </section>
            }
            if story.help {
                <HelpOverlay on_close={story.on_help.reform(|()| false)} />
            }
            <div class="visually-hidden" role="status" aria-live="polite" id="announcer">{ state.announcement.clone() }</div>
            <main>
                // In a story the chapter says what to look at; the preset's own
                // description would give its answer away.
                if playing.is_none() {
                    <section class="preset-about" aria-labelledby="scenario-title" aria-live="polite">
                        <h2 id="scenario-title">{ scenario.title.clone() }</h2>
                        <p class="scenario-description">{ scenario.description.clone() }</p>
                    </section>
                }
                <DesignName title={AttrValue::from(scenario.title.clone())} {on_rename} />
                // The replay sits in the presenter's strip above the board, or
                // beside the board at the top of the side column.
                <RunPanel scenario={scenario.clone()} state={(*run).clone()} on_action={on_run.clone()}
                    with_replay={run.presenter} />
                <div class="workspace">
                    <div class="board-column">
                        <div class="board-box" ref={board_box}>
                            <Board scenario={scenario.clone()} selection={state.selection.clone()} {on_select} {overlay}
                                advice={(*advice).clone()} highlight={state.highlight.clone()} on_edit={on_edit.clone()} share_drops={*share_drops}
                                load={(*load).clone()} {stage} />
                        </div>
                        <Legend />
                    </div>
                    <div class="side-column">
                    if !run.presenter {
                        <Replay scenario={scenario.clone()} state={(*run).clone()} on_action={on_run.clone()} />
                    }
                    { for story_panel }
                    <SidePanel scenario={scenario.clone()} selection={state.selection.clone()}
                        highlight={state.highlight.clone()} live={live} {millis}
                        refused={state.refused.clone().map(AttrValue::from)} {on_edit} {on_highlight} />
                    </div>
                </div>
                <RunResults scenario={scenario.clone()} state={(*run).clone()} on_action={on_run}
                    on_edit={on_edit_results}
                    baseline={state.baseline.clone()} on_set_baseline={dispatch(|()| Action::SetBaseline)}
                    on_clear_baseline={dispatch(|()| Action::ClearBaseline)} />
            </main>
        </div>
    }
}
