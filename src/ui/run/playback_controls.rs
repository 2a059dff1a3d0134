//! The replay's transport: previous verdict, step back, play/pause, step
//! forward, next verdict, the speed, a scrubber over every event and the
//! simulated clock. Space and the arrow keys do the same from anywhere on
//! the page (see the run panel).

use super::run_state::{RunAction, SPEEDS};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PlaybackControlsProps {
    pub step: usize,
    pub total: usize,
    pub playing: bool,
    pub speed: u32,
    /// "Day 3 14:02".
    pub clock: AttrValue,
    pub on_action: Callback<RunAction>,
}

#[component]
pub fn PlaybackControls(props: &PlaybackControlsProps) -> Html {
    let act = |a: RunAction| props.on_action.reform(move |_: MouseEvent| a.clone());
    let on_scrub = props.on_action.reform(|e: InputEvent| {
        let v =
            e.target_dyn_into::<web_sys::HtmlInputElement>().and_then(|i| i.value().parse::<usize>().ok());
        RunAction::StepTo(v.unwrap_or(0))
    });
    let on_speed = {
        let cb = props.on_action.clone();
        Callback::from(move |e: Event| {
            if let Some(v) =
                e.target_dyn_into::<web_sys::HtmlSelectElement>().and_then(|s| s.value().parse::<u32>().ok())
            {
                cb.emit(RunAction::SetSpeed(v));
            }
        })
    };
    let (at_start, at_end) = (props.step == 0, props.step >= props.total);
    let speeds = SPEEDS.iter().map(|&s| {
        html! { <option value={s.to_string()} selected={s == props.speed}>{ format!("{s}×") }</option> }
    });
    html! {
        <div class="playback" role="group" aria-label="Playback">
            <div class="clock" aria-live="off">
                <span class="clock-label">{ "Simulated time" }</span>
                <span id="sim-clock" class="clock-time">{ props.clock.clone() }</span>
                <span class="step-of">{ "event " }<span id="step-count">{ format!("{} / {}", props.step, props.total) }</span></span>
            </div>
            <div class="transport">
                <button type="button" id="prev-verdict" onclick={act(RunAction::PreviousVerdict)} disabled={at_start}
                    aria-label="Back to the previous verdict" title="Previous verdict (Shift+←)">{ "◀◀ Verdict" }</button>
                <button type="button" id="step-back" onclick={act(RunAction::StepBy(-1))} disabled={at_start}
                    aria-label="Step back one event" title="Step back (←)">{ "◀ Step" }</button>
                <button type="button" id="play-pause" class="play" onclick={act(RunAction::TogglePlay)}
                    aria-label={if props.playing { "Pause" } else { "Play" }} aria-pressed={props.playing.to_string()}
                    title="Play or pause (Space)">
                    { if props.playing { "⏸ Pause" } else { "▶ Play" } }</button>
                <button type="button" id="step-forward" onclick={act(RunAction::StepBy(1))} disabled={at_end}
                    aria-label="Step forward one event" title="Step forward (→)">{ "Step ▶" }</button>
                <button type="button" id="next-verdict" onclick={act(RunAction::NextVerdict)} disabled={at_end}
                    aria-label="Forward to the next verdict" title="Next verdict (Shift+→)">{ "Verdict ▶▶" }</button>
                <label class="speed">
                    <span class="visually-hidden">{ "Speed, events per second" }</span>
                    <select id="speed" onchange={on_speed} aria-label="Playback speed in events per second">
                        { for speeds }
                    </select>
                </label>
            </div>
            <input id="scrubber" class="scrubber" type="range" min="0" max={props.total.to_string()}
                value={props.step.to_string()} oninput={on_scrub} aria-label="Position in the event log"
                aria-valuetext={format!("event {} of {}, {}", props.step, props.total, props.clock)} />
        </div>
    }
}
