//! The "?" overlay: every keyboard shortcut, and the glossary. Reachable
//! from anywhere with the ? key or the header's button; Esc closes it.

use crate::story::glossary::TERMS;
use yew::prelude::*;

/// Every shortcut the page answers, as the overlay lists them.
pub const SHORTCUTS: [(&str, &str); 17] = [
    ("?", "Show or hide this help"),
    ("Esc", "Close this help, leave presenter mode, or clear the selection"),
    ("R", "Run once with the seed in the run bar"),
    ("M", "Run Monte Carlo with the number of runs in the run bar"),
    ("Space", "Play or pause the replay"),
    ("← →", "Step the replay back or forward"),
    ("Shift + ← →", "Jump to the previous or next verdict"),
    ("Home, End", "Go to the replay's first or last step"),
    ("P", "Presenter mode on or off"),
    ("N", "Next chapter of the story, or the next preset when no story is open"),
    ("B", "Back to the previous chapter, or the previous preset"),
    ("V", "Reveal the chapter's answer"),
    ("T", "Start or pause the chapter timer (workshop)"),
    ("Ctrl + Z", "Undo"),
    ("Ctrl + Shift + Z, Ctrl + Y", "Redo"),
    ("Enter, Space", "Select the focused team or capability on the board"),
    ("Arrows", "Move the focused team box on the board"),
];

#[derive(Properties, PartialEq)]
pub struct HelpProps {
    pub on_close: Callback<()>,
}

#[component]
pub fn HelpOverlay(props: &HelpProps) -> Html {
    let close_ref = use_node_ref();
    {
        // Focus moves into the dialog, so the keyboard and screen readers follow.
        let close_ref = close_ref.clone();
        use_effect_with((), move |_| {
            if let Some(b) = close_ref.cast::<web_sys::HtmlElement>() {
                let _ = b.focus();
            }
        });
    }
    let close = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <div class="overlay-backdrop">
            <div class="help-overlay" role="dialog" aria-modal="true" aria-labelledby="help-title" id="help">
                <div class="help-head">
                    <h2 id="help-title">{ "Help: shortcuts and glossary" }</h2>
                    <button type="button" id="help-close" ref={close_ref} onclick={close}>{ "Close (Esc)" }</button>
                </div>
                // It scrolls on a small screen, so it takes focus for the keyboard.
                <div class="help-body" tabindex="0" role="region" aria-label="Shortcuts and glossary">
                    <section aria-labelledby="shortcuts-title">
                        <h3 id="shortcuts-title">{ "Keyboard shortcuts" }</h3>
                        <table class="shortcuts">
                            <tbody>
                                { for SHORTCUTS.iter().map(|(k, what)| html! {
                                    <tr><th scope="row"><kbd>{ *k }</kbd></th><td>{ *what }</td></tr>
                                }) }
                            </tbody>
                        </table>
                        <p class="muted">{ "Shortcuts wait while you type in a field." }</p>
                    </section>
                    <section aria-labelledby="glossary-title">
                        <h3 id="glossary-title">{ "Glossary" }</h3>
                        <dl class="glossary">
                            { for TERMS.iter().map(|t| html! {
                                <div class="definition"><dt>{ t.key }</dt><dd>{ t.definition }</dd></div>
                            }) }
                        </dl>
                    </section>
                </div>
            </div>
        </div>
    }
}
