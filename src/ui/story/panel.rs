//! The chapter beside the board: what to look at, the question to predict,
//! the reveal with the prediction beside the simulated result, and the task
//! with its goal checked by simulation. In a workshop the same panel takes
//! the room's show of hands per option and shows the timer; the
//! facilitator's notes stay in the second window.

use super::prose::Prose;
use super::qr::Qr;
use super::state::{Mode, Playing, StoryAction};
use crate::analysis::montecarlo::Estimate;
use crate::analysis::report::capitalise;
use crate::model::ScenarioFile;
use crate::story::{builtin, first_uses, format_value, Ask, GoalResult, Pick, Reveal, StoryFile};
use crate::ui::app::codec::story_fragment;
use crate::ui::run::run_state::same_design;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct StoryPanelProps {
    pub playing: Playing,
    /// The board's design: the simple test's options are its teams.
    pub scenario: Rc<ScenarioFile>,
    pub on_action: Callback<StoryAction>,
    pub on_reveal: Callback<()>,
    pub on_check: Callback<()>,
    pub on_facilitator: Callback<()>,
    pub on_close: Callback<()>,
    /// Open another story (built in, or from a file), in this mode.
    #[prop_or_default]
    pub on_open: Callback<(Rc<StoryFile>, Mode)>,
    #[prop_or_default]
    pub on_file: Callback<web_sys::File>,
}

/// "Nobody", the simple test's answer when no team owns the role.
pub const NOBODY: &str = "Nobody";

fn value_of(e: &Event) -> Option<String> {
    use web_sys::wasm_bindgen::JsCast;
    let t = e.target()?;
    if let Some(i) = t.dyn_ref::<web_sys::HtmlInputElement>() {
        return Some(i.value());
    }
    t.dyn_ref::<web_sys::HtmlSelectElement>().map(|s| s.value())
}

#[component]
pub fn StoryPanel(props: &StoryPanelProps) -> Html {
    let p = &props.playing;
    let c = p.current();
    let firsts = use_memo(p.story.clone(), |s| first_uses(s));
    let introduce = Rc::new(firsts.get(p.chapter).cloned().unwrap_or_default());
    let workshop = p.mode == Mode::Workshop;
    let n = p.story.chapters.len();
    let go = |i: usize| p.chapter != i && i < n;
    let go_to = {
        let cb = props.on_action.clone();
        move |i: usize| cb.reform(move |_: MouseEvent| StoryAction::Go(i))
    };
    let on_pick_chapter = props
        .on_action
        .reform(|e: Event| StoryAction::Go(value_of(&e).and_then(|v| v.parse().ok()).unwrap_or(usize::MAX)));
    let on_mode = {
        let (cb, mode) = (props.on_action.clone(), p.mode);
        Callback::from(move |_: MouseEvent| {
            cb.emit(StoryAction::SetMode(if mode == Mode::Learn { Mode::Workshop } else { Mode::Learn }))
        })
    };

    let nav = html! {
        <nav class="chapter-nav" aria-label="Chapters">
            <button type="button" id="story-previous" disabled={!go(p.chapter.wrapping_sub(1))}
                onclick={go_to(p.chapter.wrapping_sub(1))}>{ "◀ Previous" }</button>
            <label class="visually-hidden" for="story-chapter">{ "Chapter" }</label>
            <select id="story-chapter" onchange={on_pick_chapter}>
                { for p.story.chapters.iter().enumerate().map(|(i, ch)| {
                    let mark = if p.done.contains(&ch.id) { " ✓" } else { "" };
                    html! {
                        <option value={i.to_string()} selected={i == p.chapter}>
                            { format!("{}. {}{mark}", i + 1, ch.title) }
                        </option>
                    }
                }) }
            </select>
            <button type="button" id="story-next-top" disabled={!go(p.chapter + 1)}
                onclick={go_to(p.chapter + 1)}>{ "Next ▶" }</button>
        </nav>
    };

    let question = question_view(p, &props.scenario, &props.on_action);
    let reveal_button = {
        let busy = p.revealing.is_some();
        let label = match p.revealing {
            Some(pr) => format!("Running… {} of {}", pr.done, pr.total),
            None if p.reveal.is_some() => "Revealed".to_owned(),
            None => "Reveal".to_owned(),
        };
        let hint = (!p.predicted() && p.reveal.is_none()).then_some("Make your prediction first.");
        html! {
            <div class="reveal-bar">
                <button type="button" id="story-reveal" class="primary"
                    disabled={busy || p.reveal.is_some() || !p.predicted()}
                    aria-describedby={hint.map(|_| "reveal-hint")}
                    onclick={props.on_reveal.reform(|_| ())}>{ label }</button>
                if let Some(h) = hint {
                    <span id="reveal-hint" class="muted">{ h }</span>
                }
            </div>
        }
    };
    let reveal = p.reveal.as_ref().map(|r| reveal_view(p, r));
    let task = c.task.as_ref().filter(|_| p.reveal.is_some()).map(|t| {
        let goal = t.goal.as_ref().map(|g| {
            let runs = g.runs.unwrap_or(p.story.runs);
            let line = if g.clear_line { ", and the simple test passes" } else { "" };
            let target = match (g.at_most, g.at_least) {
                (Some(hi), _) => format!("at most {}", g.measure.format(hi)),
                (None, Some(lo)) => format!("at least {}", g.measure.format(lo)),
                (None, None) => String::new(),
            };
            let label = match p.checking {
                Some(pr) => format!("Checking… {} of {}", pr.done, pr.total),
                None => "Check my design".to_owned(),
            };
            html! {
                <>
                    <p class="goal"><strong>{ "Goal: " }</strong>{ format!(
                        "{} {target} over {runs} runs{line}.", capitalise(&g.measure.label())
                    ) }</p>
                    <button type="button" id="story-check" class="primary" disabled={p.checking.is_some()}
                        onclick={props.on_check.reform(|_| ())}>{ label }</button>
                    if let Some(r) = &p.goal {
                        { goal_view(r) }
                        if p.checked.as_ref().is_some_and(|d| !same_design(d, &props.scenario)) {
                            <p class="stale" role="status">{ "Your design changed since this check: check it again." }</p>
                        }
                    }
                </>
            }
        });
        html! {
            <section class="story-task" aria-labelledby="task-title">
                <h3 id="task-title">{ "Your turn" }</h3>
                <Prose paragraphs={Rc::new(vec![t.text.clone()])} introduce={introduce.clone()} id="task" />
                { for goal }
            </section>
        }
    });
    let next = if p.is_last() {
        html! { <button type="button" id="story-finish" onclick={props.on_close.reform(|_| ())}>{ "Finish the story" }</button> }
    } else {
        html! {
            <button type="button" id="story-next" class={classes!(p.done.contains(&c.id).then_some("primary"))}
                onclick={go_to(p.chapter + 1)}>{ format!("Next: {} ▶", p.story.chapters[p.chapter + 1].title) }</button>
        }
    };
    // A reveal or a goal's result, once it arrives, is brought into view.
    let arrived =
        (p.reveal.as_ref().map(|r| Rc::as_ptr(r) as usize), p.goal.as_ref().map(|g| Rc::as_ptr(g) as usize));
    use_effect_with(arrived, |(reveal, goal)| {
        if goal.is_some() {
            crate::ui::web::run::scroll_bottom_into_view("goal-result");
        } else if reveal.is_some() {
            crate::ui::web::run::scroll_bottom_into_view("story-result");
        }
    });
    let show_qr = use_state_eq(|| false);
    // The board's share link deflates the whole design: made only while the
    // QR code is shown, and again only when the design changes.
    let link = use_memo((props.scenario.clone(), *show_qr), |(s, shown)| {
        shown.then(|| AttrValue::from(crate::ui::web::share_link(s)))
    });
    // On the stage the panel floats over the board's side; the facilitator
    // can fold it to its title while the room looks at the board.
    let folded = use_state_eq(|| false);
    let on_fold = {
        let folded = folded.clone();
        Callback::from(move |_: MouseEvent| folded.set(!*folded))
    };
    let story_link = use_state_eq(|| None::<String>);
    let tools = workshop.then(|| workshop_tools(p, props, show_qr.clone(), (*link).clone()));
    html! {
        <section class={classes!("story-panel", workshop.then_some("workshop"), folded.then_some("folded"))}
            aria-labelledby="chapter-title">
            <header class="story-head">
                <p class="story-kicker">
                    <span>{ format!("{} · chapter {} of {n}", if workshop { "Workshop" } else { "Learn" }, p.chapter + 1) }</span>
                    <button type="button" class="link-button" id="story-mode" onclick={on_mode}>
                        { if workshop { "Switch to Learn" } else { "Switch to Workshop" } }
                    </button>
                    <button type="button" class="link-button" id="story-close" onclick={props.on_close.reform(|_| ())}>
                        { "Close story" }
                    </button>
                </p>
                { nav }
                { story_menu(p, props, story_link.clone()) }
                <div class="chapter-heading">
                    <h2 id="chapter-title">{ c.title.clone() }</h2>
                    <button type="button" id="story-fold" class="fold" aria-expanded={(!*folded).to_string()}
                        onclick={on_fold}>{ if *folded { "Show" } else { "Hide" } }</button>
                </div>
            </header>
            { for tools }
            <div class="story-body">
                <Prose paragraphs={Rc::new(c.text.clone())} introduce={introduce.clone()} id={format!("ch{}", p.chapter)} />
                { question }
                { reveal_button }
                if let Some(e) = &p.error {
                    <p class="run-error" role="alert">{ e.clone() }</p>
                }
                { for reveal }
                if p.reveal.is_some() {
                    <Prose paragraphs={Rc::new(c.reveal.clone())} introduce={introduce.clone()} id={format!("rv{}", p.chapter)} />
                }
                { for task }
            </div>
            <footer class="story-foot">{ next }</footer>
        </section>
    }
}

/// The question and its options: radio buttons for one learner, a count of
/// hands per option for a room.
fn question_view(p: &Playing, scenario: &ScenarioFile, on_action: &Callback<StoryAction>) -> Html {
    let c = p.current();
    let locked = p.reveal.is_some();
    let options: Vec<(String, String)> = match &c.question.ask {
        Ask::Range { options, .. } => options.iter().map(|o| (o.id.clone(), o.text.clone())).collect(),
        Ask::Compare { options, .. } => options.iter().map(|o| (o.id.clone(), o.text.clone())).collect(),
        Ask::SimpleTest => {
            let mut teams: Vec<String> = scenario.teams.iter().map(|t| t.name.clone()).collect();
            teams.push(NOBODY.to_owned());
            let asks = [
                "Who owns making it easy to deploy and run services?",
                "Who owns deciding when reliability is no longer acceptable?",
            ];
            let groups = asks.iter().enumerate().map(|(q, ask)| {
                let on_change = on_action.reform(move |e: Event| StoryAction::ChooseSimple(q, value_of(&e).unwrap_or_default()));
                html! {
                    <label class="simple-question">
                        <span>{ *ask }</span>
                        <select id={format!("simple-{q}")} disabled={locked} onchange={on_change}>
                            <option value="" selected={p.simple[q].is_none()} disabled=true>{ "Pick a team…" }</option>
                            { for teams.iter().map(|t| html! {
                                <option value={t.clone()} selected={p.simple[q].as_deref() == Some(t.as_str())}>{ t.clone() }</option>
                            }) }
                        </select>
                    </label>
                }
            });
            return html! {
                <fieldset class="prediction">
                    <legend>{ "The simple test" }</legend>
                    { for groups }
                </fieldset>
            };
        }
    };
    let rows = options.iter().enumerate().map(|(i, (id, text))| {
        if p.mode == Mode::Workshop {
            let on_input = on_action.reform(move |e: InputEvent| {
                use web_sys::wasm_bindgen::JsCast;
                let v = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                    .map(|i| i.value());
                StoryAction::Tally(i, v.and_then(|v| v.trim().parse().ok()).unwrap_or(0))
            });
            let input_id = format!("tally-{i}");
            html! {
                <div class="tally-row">
                    <label for={input_id.clone()}>{ text.clone() }</label>
                    <input id={input_id} type="number" min="0" max="999" inputmode="numeric"
                        aria-label={format!("{text}: hands in the room")}
                        value={p.tally.get(i).copied().unwrap_or(0).to_string()} oninput={on_input} />
                </div>
            }
        } else {
            let id2 = id.clone();
            let on_change = on_action.reform(move |_: Event| StoryAction::Choose(id2.clone()));
            html! {
                <label class="choice">
                    <input type="radio" name="prediction" value={id.clone()} disabled={locked}
                        checked={p.choice.as_deref() == Some(id.as_str())} onchange={on_change} />
                    <span>{ text.clone() }</span>
                </label>
            }
        }
    });
    let legend =
        if p.mode == Mode::Workshop { "Predict: hands up for each answer" } else { "Your prediction" };
    html! {
        <fieldset class="prediction">
            <legend>{ legend }</legend>
            <p class="prompt">{ c.question.prompt.clone() }</p>
            { for rows }
        </fieldset>
    }
}

/// The prediction beside the simulated result: per option, the room's
/// hands or the learner's pick, the engine's value and which it chose.
fn reveal_view(p: &Playing, r: &Reveal) -> Html {
    if let Some(s) = &r.simple {
        let yours = |q: usize| p.simple[q].clone().unwrap_or_default();
        let answer =
            |names: &[String]| if names.is_empty() { NOBODY.to_owned() } else { names.join(" and ") };
        let right = |q: usize, names: &[String]| {
            let y = yours(q);
            if names.is_empty() {
                y == NOBODY
            } else {
                names.iter().any(|n| n == &y)
            }
        };
        let row = |q: usize, ask: &str, names: &[String]| {
            let mark = if p.mode == Mode::Learn {
                if right(q, names) {
                    " ✓ as you said"
                } else {
                    " ✗ you said "
                }
            } else {
                ""
            };
            html! {
                <li>
                    { format!("{ask}: ") }<strong>{ answer(names) }</strong>
                    if p.mode == Mode::Learn {
                        <span class="muted">{ mark }{ if right(q, names) { String::new() } else { yours(q) } }</span>
                    }
                </li>
            }
        };
        return html! {
            <section class={classes!("reveal", if s.drifting { "is-bad" } else { "is-good" })} id="story-result" aria-live="polite">
                <h3>{ "What the board says" }</h3>
                <ul>
                    { row(0, "Makes it easy to deploy and run services", &s.paved_road) }
                    { row(1, "Decides when reliability is no longer acceptable", &s.reliability) }
                </ul>
                <p class="verdict-line">{ s.sentence.clone() }</p>
            </section>
        };
    }
    let total_hands: u32 = p.tally.iter().sum();
    let max = r.options.iter().filter_map(|o| o.value.map(|v| v.ci_high.max(v.mean))).fold(0.0_f64, f64::max);
    let fmt = |x: f64| format_value(r.share, x);
    let interval = |v: &Estimate| format!("{} (95% CI {}–{})", fmt(v.mean), fmt(v.ci_low), fmt(v.ci_high));
    let compare = matches!(p.current().question.ask, Ask::Compare { .. });
    let rows = r.options.iter().enumerate().map(|(i, o)| {
        let hands = p.tally.get(i).copied().unwrap_or(0);
        let picked = p.choice.as_deref() == Some(o.id.as_str());
        // A range question has one value: shown on the range it falls in.
        let value = o.value.filter(|_| compare || o.answer);
        let width = value.map(|v| if max > 0.0 { (v.mean / max * 100.0).clamp(0.0, 100.0) } else { 0.0 });
        html! {
            <tr class={classes!(o.answer.then_some("is-answer"))}>
                <th scope="row">{ o.text.clone() }</th>
                if p.mode == Mode::Workshop {
                    <td class="num">{ if total_hands > 0 { format!("{hands} ({:.0}%)", f64::from(hands) * 100.0 / f64::from(total_hands)) } else { hands.to_string() } }</td>
                } else {
                    <td>{ if picked { "your prediction" } else { "" } }</td>
                }
                <td class="sim">
                    if let (Some(v), Some(w)) = (value, width) {
                        <span class="bar" style={format!("width: {w:.1}%")}></span>
                        <span class="num">{ interval(&v) }</span>
                    }
                    if o.answer { <strong class="answer-mark">{ "✓ the simulation" }</strong> }
                </td>
            </tr>
        }
    });
    let headline = r.answer().and_then(|a| a.value.map(|v| (a, v))).map(|(a, v)| {
        if compare {
            let pick = match p.current().question.ask {
                Ask::Compare { pick: Pick::Lowest, .. } => "fewest",
                _ => "most",
            };
            format!("{}: {pick} {}, {}.", a.text, r.measure, interval(&v))
        } else {
            format!("{}: {}, so “{}”.", capitalise(&r.measure), interval(&v), a.text)
        }
    });
    let verdict = match (p.mode, r.answer()) {
        (Mode::Learn, Some(a)) => Some(if p.choice.as_deref() == Some(a.id.as_str()) {
            "You predicted it.".to_owned()
        } else {
            "Not what you predicted: look at the board again with the result in mind.".to_owned()
        }),
        (Mode::Workshop, Some(a)) if total_hands > 0 => {
            let top = p.tally.iter().copied().max().unwrap_or(0);
            let room: Vec<&str> = r
                .options
                .iter()
                .zip(&p.tally)
                .filter(|(_, &h)| h == top)
                .map(|(o, _)| o.text.as_str())
                .collect();
            let agreed = room.contains(&a.text.as_str());
            Some(format!(
                "The room's most common prediction: {}. {}",
                room.join(" / "),
                if agreed { "The simulation agrees." } else { "The simulation disagrees." }
            ))
        }
        _ => None,
    };
    html! {
        <section class="reveal" id="story-result" aria-live="polite">
            <h3>{ "What the simulation says" }</h3>
            if let Some(h) = headline { <p class="verdict-line">{ h }</p> }
            <table class="reveal-table">
                <thead><tr>
                    <th scope="col">{ "Answer" }</th>
                    <th scope="col">{ if p.mode == Mode::Workshop { "The room" } else { "You" } }</th>
                    <th scope="col">{ if compare { format!("Simulated: {}", r.measure) } else { "Simulated".to_owned() } }</th>
                </tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
            if let Some(v) = verdict { <p class="prediction-verdict">{ v }</p> }
            <p class="muted">{ format!("{} runs of the same month from seed {}, each design on the same failures.", r.runs, r.seed) }</p>
        </section>
    }
}

fn goal_view(g: &GoalResult) -> Html {
    let value = |x: f64| format_value(g.share, x);
    let line = match g.line_clear {
        Some(true) => " The simple test passes.",
        Some(false) => " The simple test does not pass: one team still both builds the road and decides, or nobody decides.",
        None => "",
    };
    html! {
        <p class={classes!("goal-result", if g.met { "is-good" } else { "is-bad" })} id="goal-result" role="status">
            <strong>{ if g.met { "Goal met. " } else { "Not yet. " } }</strong>
            { format!(
                "{}: {} (95% CI {}–{}) over {} runs; the goal is {}.{line}",
                capitalise(&g.measure), value(g.value.mean), value(g.value.ci_low), value(g.value.ci_high), g.runs, g.target
            ) }
        </p>
    }
}

/// Which story: the built-in ones, a file a facilitator wrote, and this
/// story saved as a file or carried whole in a link.
fn story_menu(p: &Playing, props: &StoryPanelProps, link: UseStateHandle<Option<String>>) -> Html {
    let mode = p.mode;
    let on_pick = {
        let cb = props.on_open.clone();
        Callback::from(move |e: Event| {
            if let Some(s) = value_of(&e).and_then(|id| builtin(&id)) {
                cb.emit((Rc::new(s), mode));
            }
        })
    };
    let on_file = {
        let cb = props.on_file.clone();
        Callback::from(move |e: Event| {
            use web_sys::wasm_bindgen::JsCast;
            let input = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
            if let Some(f) = input.as_ref().and_then(|i| i.files()).and_then(|fs| fs.get(0)) {
                cb.emit(f);
            }
            if let Some(i) = input {
                i.set_value("");
            }
        })
    };
    let story = p.story.clone();
    let on_save = Callback::from(move |_: MouseEvent| {
        crate::ui::web::download(&format!("{}.story.json", story.id), &story.to_json(), "application/json")
    });
    let on_link = {
        let (link, story) = (link.clone(), p.story.clone());
        Callback::from(move |_: MouseEvent| {
            link.set(Some(format!("{}{}", crate::ui::web::page_address(), story_fragment(&story))))
        })
    };
    let builtins = [("learn", "The guided story (Learn)"), ("presets", "The five presets")];
    html! {
        <details class="story-more">
            <summary>{ format!("Story: {}", p.story.title) }</summary>
            <label class="field">
                <span>{ "Built-in stories" }</span>
                <select id="story-pick" onchange={on_pick}>
                    { for builtins.iter().map(|(id, name)| html! {
                        <option value={*id} selected={p.story.id == *id}>{ *name }</option>
                    }) }
                    if builtin(&p.story.id).is_none() {
                        <option value="" selected=true disabled=true>{ p.story.title.clone() }</option>
                    }
                </select>
            </label>
            <label class="field">
                <span>{ "Open a story file" }</span>
                <input id="story-file" type="file" accept=".json,application/json" onchange={on_file} />
            </label>
            <div class="story-share">
                <button type="button" id="story-save" onclick={on_save}>{ "Save this story" }</button>
                <button type="button" id="story-link" onclick={on_link}>{ "Story link" }</button>
            </div>
            if let Some(l) = &*link {
                <input id="story-link-text" class="share-link" readonly=true value={l.clone()} aria-label="Link to this story" />
            }
        </details>
    }
}

/// The facilitator's tools on the projected view: the timer, the QR code of
/// the share link, and the second window.
fn workshop_tools(
    p: &Playing,
    props: &StoryPanelProps,
    show_qr: UseStateHandle<bool>,
    link: Option<AttrValue>,
) -> Html {
    let cb = &props.on_action;
    let t = p.timer;
    let toggle_qr = {
        let show_qr = show_qr.clone();
        Callback::from(move |_: MouseEvent| show_qr.set(!*show_qr))
    };
    html! {
        <div class="workshop-tools">
            <div class={classes!("timer", (t.left == 0).then_some("is-up"))} role="timer" aria-label="Chapter timer">
                <span class="timer-left" id="timer-left">{ p.timer.text() }</span>
                <button type="button" id="timer-toggle" onclick={cb.reform(|_| StoryAction::ToggleTimer)}>
                    { if t.running { "Pause" } else if t.left == 0 { "Restart" } else { "Start" } }
                </button>
                <button type="button" id="timer-less" title="One minute less" onclick={cb.reform(|_| StoryAction::AdjustTimer(-1))}>{ "−1 min" }</button>
                <button type="button" id="timer-more" title="One minute more" onclick={cb.reform(|_| StoryAction::AdjustTimer(1))}>{ "+1 min" }</button>
                <button type="button" id="timer-reset" onclick={cb.reform(|_| StoryAction::ResetTimer)}>{ "Reset" }</button>
            </div>
            <div class="workshop-links">
                <button type="button" id="open-facilitator" onclick={props.on_facilitator.reform(|_| ())}>{ "Open facilitator window" }</button>
                <button type="button" id="toggle-qr" aria-expanded={(*show_qr).to_string()} onclick={toggle_qr}>{ "QR code" }</button>
            </div>
            if *show_qr {
                <div class="qr-box">
                    if let Some(link) = link {
                        <Qr text={link.clone()} />
                        <p class="muted">{ "Scan to open this design on your laptop." }</p>
                    }
                </div>
            }
        </div>
    }
}
