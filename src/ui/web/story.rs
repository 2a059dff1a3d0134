//! The story's page calls: progress in local storage, the chapter's link in
//! the fragment, the facilitator's window and the channel to it, and a
//! click on a named button (the run keys press the run bar's own buttons,
//! so a key does exactly what the click does). Natively they do nothing.

use crate::model::ScenarioFile;
use crate::ui::story::state::Mode;
use crate::ui::story::sync::Message;
use serde::{Deserialize, Serialize};

/// Where a story's progress is saved.
pub const PROGRESS_KEY: &str = "faultline.story.v1";
/// Set once the first-run prompt has been answered.
pub const INTRO_KEY: &str = "faultline.intro.v1";
/// The fragment that opens the facilitator's window.
pub const FACILITATOR_FRAGMENT: &str = "#facilitator";

/// The facilitator's window's name, so a second click brings the same
/// window back instead of opening another.
pub const FACILITATOR_WINDOW: &str = "faultline-facilitator";

/// A story's saved progress.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Saved {
    pub story: String,
    /// The story itself when it is not built in (from a file or a link).
    #[serde(default)]
    pub story_json: Option<String>,
    pub chapter: String,
    pub workshop: bool,
    pub done: Vec<String>,
    /// The learner's design when the story began.
    pub own: Option<ScenarioFile>,
    /// The chapter whose board the editor holds (and the autosave keeps,
    /// with the learner's edits): reopening that chapter's link does not
    /// replace it.
    #[serde(default)]
    pub board_of: Option<String>,
}

/// A chapter link: `#story=learn/the-bounce` or `#workshop=presets/no-sre`.
pub fn parse_chapter_link(fragment: &str) -> Option<(Mode, String, String)> {
    let raw = fragment.trim_start_matches('#');
    let (key, rest) = raw.split_once('=')?;
    let mode = match key {
        "story" => Mode::Learn,
        "workshop" => Mode::Workshop,
        _ => return None,
    };
    let (story, chapter) = rest.split_once('/').unwrap_or((rest, ""));
    let ok = |s: &str| s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    (!story.is_empty() && ok(story) && ok(chapter)).then(|| (mode, story.to_owned(), chapter.to_owned()))
}

pub fn load_progress() -> Option<Saved> {
    // Through a `Value`, as scenarios are read, so the page carries one
    // copy of the scenario reader, not one per kind of input.
    crate::model::read_json(&storage_get_key(PROGRESS_KEY)?).ok()
}

pub fn save_progress(s: &Saved) {
    if let Ok(json) = serde_json::to_string(s) {
        storage_set_key(PROGRESS_KEY, &json);
    }
}

pub fn intro_answered() -> bool {
    storage_get_key(INTRO_KEY).is_some()
}

pub fn answer_intro() {
    storage_set_key(INTRO_KEY, "answered");
}

/// Whether this window is a workshop's facilitator window.
pub fn is_facilitator() -> bool {
    location_hash() == FACILITATOR_FRAGMENT
}

pub use crate::ui::web::{location_hash, set_fragment};
use crate::ui::web::{storage_get_key, storage_set_key};
pub use imp::{open_facilitator, Channel};

#[cfg(target_arch = "wasm32")]
mod imp {
    use super::{Message, FACILITATOR_FRAGMENT};
    use crate::ui::web::page_address;
    use wasm_bindgen::JsCast;
    use yew::Callback;

    pub fn open_facilitator() {
        let Some(w) = web_sys::window() else { return };
        let url = format!("{}{FACILITATOR_FRAGMENT}", page_address());
        let _ = w.open_with_url_and_target_and_features(
            &url,
            super::FACILITATOR_WINDOW,
            "popup,width=760,height=860",
        );
    }

    /// The workshop's channel between the two windows, closed when dropped.
    pub struct Channel {
        channel: web_sys::BroadcastChannel,
        _listener: gloo_events::EventListener,
    }

    impl Channel {
        pub fn open(on_message: Callback<Message>) -> Option<Self> {
            let channel = web_sys::BroadcastChannel::new(crate::ui::story::sync::CHANNEL).ok()?;
            let listener = gloo_events::EventListener::new(&channel, "message", move |e| {
                let text = e.dyn_ref::<web_sys::MessageEvent>().and_then(|m| m.data().as_string());
                if let Some(m) = text.as_deref().and_then(Message::parse) {
                    on_message.emit(m);
                }
            });
            Some(Self { channel, _listener: listener })
        }

        pub fn post(&self, m: &Message) {
            let _ = self.channel.post_message(&wasm_bindgen::JsValue::from_str(&m.to_json()));
        }
    }

    impl Drop for Channel {
        fn drop(&mut self) {
            self.channel.close();
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    use super::Message;
    use yew::Callback;

    pub fn open_facilitator() {}
    pub struct Channel;
    impl Channel {
        pub fn open(_on_message: Callback<Message>) -> Option<Self> {
            None
        }
        pub fn post(&self, _m: &Message) {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chapter_links_are_read_and_anything_else_is_not_one() {
        assert_eq!(
            parse_chapter_link("#story=learn/the-bounce"),
            Some((Mode::Learn, "learn".into(), "the-bounce".into()))
        );
        assert_eq!(
            parse_chapter_link("#workshop=presets"),
            Some((Mode::Workshop, "presets".into(), String::new()))
        );
        assert_eq!(parse_chapter_link("#s=abc"), None);
        assert_eq!(parse_chapter_link("#story=<script>/x"), None);
        assert_eq!(parse_chapter_link("#story="), None);
        assert_eq!(parse_chapter_link(""), None);
    }
}
