//! The facilitator's window: opened beside the projected one (same origin,
//! `#facilitator`), it shows the chapter's notes, what comes next, the
//! room's tally and the timer, and sends the facilitator's commands back.
//! Nothing here is on the projected screen. The windows talk over a
//! `BroadcastChannel`; there is no server.

use super::sync::{Command, Message, View};
use crate::ui::web::story::Channel;
use std::rc::Rc;
use yew::prelude::*;

#[component]
pub fn Facilitator() -> Html {
    let view = use_state(|| None::<Rc<View>>);
    let closed = use_state(|| false);
    let channel = use_mut_ref(|| None::<Channel>);
    {
        let (view, closed, channel) = (view.clone(), closed.clone(), channel.clone());
        use_effect_with((), move |_| {
            let on_message = Callback::from(move |m: Message| match m {
                Message::View(v) => {
                    closed.set(false);
                    view.set(Some(Rc::new(*v)));
                }
                Message::Closed => closed.set(true),
                _ => {}
            });
            let ch = Channel::open(on_message);
            if let Some(c) = &ch {
                c.post(&Message::Hello);
            }
            *channel.borrow_mut() = ch;
            move || {
                channel.borrow_mut().take();
            }
        });
    }
    let send = {
        let channel = channel.clone();
        move |c: Command| {
            let channel = channel.clone();
            Callback::from(move |_: MouseEvent| {
                if let Some(ch) = &*channel.borrow() {
                    ch.post(&Message::Command(c));
                }
            })
        }
    };
    let Some(v) = (*view).clone() else {
        return html! {
            <main class="facilitator">
                <h1>{ "Faultline: facilitator" }</h1>
                <p id="facilitator-status">{ "Waiting for the projected window. Open a workshop there (Workshop in its header); this window follows it." }</p>
            </main>
        };
    };
    let tally = v.options.iter().enumerate().map(|(i, (text, hands))| {
        let channel = channel.clone();
        let on_input = Callback::from(move |e: InputEvent| {
            use web_sys::wasm_bindgen::JsCast;
            let n = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                .and_then(|i| i.value().trim().parse().ok())
                .unwrap_or(0);
            if let Some(ch) = &*channel.borrow() {
                ch.post(&Message::Command(Command::Tally(i, n)));
            }
        });
        let id = format!("f-tally-{i}");
        html! {
            <div class="tally-row">
                <label for={id.clone()}>{ text.clone() }</label>
                <input id={id} type="number" min="0" max="999" value={hands.to_string()} oninput={on_input} />
            </div>
        }
    });
    let left = super::state::countdown_text(v.timer_left);
    html! {
        <main class="facilitator">
            <header>
                <p class="story-kicker">{ format!("{} · chapter {} of {}", v.story, v.chapter + 1, v.chapters) }</p>
                <h1 id="facilitator-title">{ v.title.clone() }</h1>
                if *closed {
                    <p role="status">{ "The story was closed in the projected window." }</p>
                }
            </header>
            <section class={classes!("timer", (v.timer_left == 0).then_some("is-up"))} aria-label="Chapter timer">
                <span class="timer-left" id="f-timer-left">{ left }</span>
                <button type="button" id="f-timer-toggle" onclick={send(Command::ToggleTimer)}>{ if v.timer_running { "Pause" } else { "Start" } }</button>
                <button type="button" onclick={send(Command::AdjustTimer(-1))}>{ "−1 min" }</button>
                <button type="button" id="f-timer-more" onclick={send(Command::AdjustTimer(1))}>{ "+1 min" }</button>
                <button type="button" onclick={send(Command::ResetTimer)}>{ "Reset" }</button>
            </section>
            <section aria-labelledby="notes-title">
                <h2 id="notes-title">{ "Notes (not on the projector)" }</h2>
                <p id="facilitator-notes">{ if v.notes.is_empty() { "No notes for this chapter.".to_owned() } else { v.notes.clone() } }</p>
            </section>
            <section aria-labelledby="question-title">
                <h2 id="question-title">{ "The question" }</h2>
                <p>{ v.prompt.clone() }</p>
                { for tally }
                if let Some(a) = &v.answer {
                    <p id="facilitator-answer"><strong>{ "The simulation: " }</strong>{ a.clone() }</p>
                }
            </section>
            <nav class="facilitator-steps" aria-label="Steps">
                <button type="button" id="f-previous" onclick={send(Command::Previous)}>{ "◀ Previous" }</button>
                <button type="button" id="f-reveal" class="primary" disabled={v.revealed} onclick={send(Command::Reveal)}>{ "Reveal" }</button>
                <button type="button" id="f-next" onclick={send(Command::Next)}>{ "Next ▶" }</button>
            </nav>
            <p id="facilitator-next" class="muted">{ v.next.clone() }</p>
        </main>
    }
}
