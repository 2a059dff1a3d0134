//! The story's views rendered on the server: a chapter asks before it
//! reveals, the reveal puts the prediction (or the room's hands) beside the
//! simulated result, terms are defined where the story first uses them, the
//! workshop shows its timer and hides the facilitator's notes, and the help
//! lists every shortcut and term. Props in, HTML out.
#![cfg(not(target_arch = "wasm32"))]

use faultline::model::presets::preset;
use faultline::story::{learn, Evaluation};
use faultline::ui::story::{
    HelpOverlay, HelpProps, Mode, Playing, StoryAction, StoryPanel, StoryPanelProps, StoryState, SHORTCUTS,
};
use std::collections::BTreeSet;
use std::rc::Rc;
use yew::{LocalServerRenderer, Reducible};

fn playing(mode: Mode, chapter: usize, actions: Vec<StoryAction>) -> Playing {
    let open = StoryAction::Open {
        story: Rc::new(learn()),
        mode,
        chapter,
        own: Some(Rc::new(preset("shared-deploy").expect("preset"))),
        done: BTreeSet::new(),
    };
    let mut s = Rc::new(StoryState::default()).reduce(open);
    for a in actions {
        s = s.reduce(a);
    }
    s.playing.clone().expect("open")
}

fn render(p: Playing) -> String {
    let scenario = Rc::new(preset("clear-boundary").expect("preset"));
    let props = StoryPanelProps {
        playing: p,
        scenario,
        on_action: Default::default(),
        on_reveal: Default::default(),
        on_check: Default::default(),
        on_facilitator: Default::default(),
        on_close: Default::default(),
        on_open: Default::default(),
        on_file: Default::default(),
    };
    futures::executor::block_on(
        LocalServerRenderer::<StoryPanel>::with_props(props).hydratable(false).render(),
    )
}

fn revealed(p: &Playing) -> StoryAction {
    let eval = Evaluation::question(&p.story, p.current(), p.own.as_deref()).expect("valid").finish();
    StoryAction::Revealed(Rc::new(eval.reveal().expect("a question")))
}

#[test]
fn a_chapter_asks_before_it_reveals() {
    let html = render(playing(Mode::Learn, 0, vec![]));
    assert!(html.contains("The paved road"));
    assert_eq!(html.matches("type=\"radio\"").count(), 3, "one radio per option");
    assert!(
        html.contains("id=\"story-reveal\"") && html.contains("disabled"),
        "no reveal before a prediction"
    );
    assert!(!html.contains("story-result"), "nothing is revealed yet");
    // The story's first use of a term defines it right there.
    assert!(html.contains("class=\"term-first\""), "{html}");
    assert!(html.contains("<dt>paved road</dt>"));
    // The reveal's prose waits for the reveal.
    assert!(!html.contains("a page reaches the right team"));
}

#[test]
fn the_reveal_puts_the_prediction_beside_the_result() {
    let p = playing(Mode::Learn, 0, vec![StoryAction::Choose("most".into())]);
    let r = revealed(&p);
    let html = render(playing(Mode::Learn, 0, vec![StoryAction::Choose("most".into()), r]));
    assert!(html.contains("id=\"story-result\""));
    assert!(html.contains("your prediction"));
    assert!(html.contains("✓ the simulation"));
    assert!(html.contains("Not what you predicted"), "the engine says more than four in five");
    assert!(html.contains("a page reaches the right team"), "the reveal's prose");
    assert!(html.contains("95% CI"));
}

#[test]
fn a_workshop_counts_hands_shows_its_timer_and_keeps_the_notes_for_the_facilitator() {
    let p = playing(Mode::Workshop, 2, vec![StoryAction::Tally(2, 9), StoryAction::Tally(0, 3)]);
    let notes = p.current().notes.clone();
    let r = revealed(&p);
    let html =
        render(playing(Mode::Workshop, 2, vec![StoryAction::Tally(2, 9), StoryAction::Tally(0, 3), r]));
    assert!(html.contains("id=\"timer-left\"") && html.contains("5:00"));
    assert!(html.contains("id=\"tally-2\"") && html.contains("value=\"9\""));
    assert!(html.contains("9 (75%)"), "the room's hands beside the result");
    assert!(html.contains("The simulation agrees."), "most hands went to 20% to 40%");
    assert!(!html.contains(&notes), "the notes are for the second window only");
}

#[test]
fn the_simple_test_is_asked_with_the_boards_teams() {
    let html = render(playing(Mode::Learn, 6, vec![]));
    assert!(html.contains("id=\"simple-0\"") && html.contains("id=\"simple-1\""));
    assert!(html.contains(">Platform Engineering<") && html.contains(">Nobody<"));
}

#[test]
fn the_help_lists_every_shortcut_and_term() {
    let props = HelpProps { on_close: Default::default() };
    let html = futures::executor::block_on(
        LocalServerRenderer::<HelpOverlay>::with_props(props).hydratable(false).render(),
    );
    assert!(html.contains("role=\"dialog\""));
    for (key, _) in SHORTCUTS {
        assert!(html.contains(&format!("<kbd>{key}</kbd>")), "{key}");
    }
    for t in faultline::story::glossary::TERMS {
        assert!(html.contains(&format!("<dt>{}</dt>", t.key)), "{}", t.key);
    }
}
