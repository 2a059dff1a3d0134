//! What the projected window and the facilitator's window say to each other
//! over a `BroadcastChannel` (same origin, no server): the projected window
//! sends what the facilitator needs to see, the facilitator sends commands
//! back. Plain serde data, so the messages are tested natively.

use super::state::{Playing, StoryAction, Timer};
use crate::story::Ask;
use serde::{Deserialize, Serialize};

/// The channel's name.
pub const CHANNEL: &str = "faultline-workshop";

/// From the projected window: everything the facilitator's window shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct View {
    pub story: String,
    pub chapter: usize,
    pub chapters: usize,
    pub title: String,
    pub notes: String,
    pub prompt: String,
    /// Each option's text and the room's hands for it.
    pub options: Vec<(String, u32)>,
    /// What comes next: the next chapter's title, or the end.
    pub next: String,
    pub revealed: bool,
    /// The engine's answer, once revealed.
    pub answer: Option<String>,
    pub timer_left: u32,
    pub timer_total: u32,
    pub timer_running: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Message {
    /// The facilitator's window has opened and wants the current view.
    Hello,
    View(Box<View>),
    Command(Command),
    /// The story was closed in the projected window.
    Closed,
}

/// What the facilitator can do from the second window.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Command {
    Next,
    Previous,
    Reveal,
    ToggleTimer,
    AdjustTimer(i32),
    ResetTimer,
    Tally(usize, u32),
}

impl View {
    pub fn of(p: &Playing) -> Self {
        let c = p.current();
        let texts: Vec<String> = match &c.question.ask {
            Ask::Range { options, .. } => options.iter().map(|o| o.text.clone()).collect(),
            Ask::Compare { options, .. } => options.iter().map(|o| o.text.clone()).collect(),
            Ask::SimpleTest => Vec::new(),
        };
        let Timer { total, left, running } = p.timer;
        Self {
            story: p.story.title.clone(),
            chapter: p.chapter,
            chapters: p.story.chapters.len(),
            title: c.title.clone(),
            notes: c.notes.clone(),
            prompt: c.question.prompt.clone(),
            options: texts.into_iter().zip(p.tally.iter().copied().chain(std::iter::repeat(0))).collect(),
            next: p
                .story
                .chapters
                .get(p.chapter + 1)
                .map(|n| format!("Next: {}", n.title))
                .unwrap_or_else(|| "This is the last chapter.".to_owned()),
            revealed: p.reveal.is_some(),
            answer: p.reveal.as_ref().and_then(|r| r.answer().map(|a| a.text.clone())),
            timer_left: left,
            timer_total: total,
            timer_running: running,
        }
    }
}

impl Command {
    /// The story action a command asks for, when it is one (reveal is run
    /// by the page, which owns the engine's work).
    pub fn action(self, p: &Playing) -> Option<StoryAction> {
        Some(match self {
            Command::Next => StoryAction::Go(p.chapter + 1),
            Command::Previous => StoryAction::Go(p.chapter.checked_sub(1)?),
            Command::Reveal => return None,
            Command::ToggleTimer => StoryAction::ToggleTimer,
            Command::AdjustTimer(m) => StoryAction::AdjustTimer(m),
            Command::ResetTimer => StoryAction::ResetTimer,
            Command::Tally(i, n) => StoryAction::Tally(i, n),
        })
    }
}

impl Message {
    pub fn to_json(&self) -> String {
        // Plain data with string keys always serializes.
        serde_json::to_string(self).expect("messages always serialize")
    }

    /// A message from the channel; anything else is ignored.
    pub fn parse(text: &str) -> Option<Self> {
        crate::model::read_json(text).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::story::learn;
    use crate::ui::story::state::{Mode, StoryState};
    use std::rc::Rc;
    use yew::Reducible;

    #[test]
    fn the_view_carries_notes_tally_and_timer_and_round_trips() {
        let s = Rc::new(StoryState::default())
            .reduce(StoryAction::Open {
                story: Rc::new(learn()),
                mode: Mode::Workshop,
                chapter: 2,
                own: None,
                done: Default::default(),
            })
            .reduce(StoryAction::Tally(2, 11));
        let p = s.playing.as_ref().expect("open");
        let v = View::of(p);
        assert_eq!(v.title, "The bounce");
        assert!(v.notes.contains("charter"));
        assert_eq!(v.options[2], ("20% to 40%".to_owned(), 11));
        assert_eq!(v.next, "Next: Working as designed");
        assert_eq!((v.timer_left, v.timer_running), (300, false));
        let m = Message::View(Box::new(v));
        assert_eq!(Message::parse(&m.to_json()), Some(m));
        assert_eq!(Message::parse("{\"nonsense\": 1}"), None);
        assert_eq!(Command::Previous.action(p).map(|a| format!("{a:?}")), Some("Go(1)".to_owned()));
    }
}
