//! Turning scenario text from outside the app — a share link, the autosave,
//! an imported file — into a [`ScenarioFile`], or into a [`Rejected`] that
//! lists every problem and keeps the text so the user can download it.
//! Pure functions with no browser in them; nothing here panics on any input.
//!
//! A share link carries the whole scenario in its fragment:
//! `#s=` + base64url(deflate(compact JSON)). Deflate makes a preset fit in
//! about two kilobytes, well inside what browsers and chat tools keep of a URL.

// MAX_JSON_BYTES: the model's size limit for scenario text, past which a
// link may not inflate.
use crate::model::validate::{MAX_JSON_BYTES, ROOT};
use crate::model::{read, validate, Problem, ScenarioFile};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

/// The fragment key of a share link.
pub const SHARE_PREFIX: &str = "#s=";

/// Text that could not be opened: why, and the text itself to download.
#[derive(Clone, Debug, PartialEq)]
pub struct Rejected {
    pub problems: Vec<Problem>,
    /// What was rejected, as far as it could be decoded (the raw link when
    /// it could not be decoded at all), so nothing the user had is lost.
    pub text: String,
}

/// Reads and validates scenario JSON. A file that validates with warnings
/// (such as owners that do not exist) opens; the warnings are findings.
pub fn open_text(text: &str) -> Result<ScenarioFile, Rejected> {
    let reject = |problems| Rejected { problems, text: text.to_owned() };
    let file = read(text).map_err(reject)?;
    match validate(file.clone()) {
        Ok(_) => Ok(file),
        Err(problems) => Err(reject(problems)),
    }
}

/// The scenario as compact JSON: what is autosaved and shared.
pub fn compact_json(f: &ScenarioFile) -> String {
    // Plain data with string keys always serializes.
    serde_json::to_string(f).expect("scenario files always serialize")
}

/// The fragment of a share link for this scenario, `#s=` included.
pub fn share_fragment(f: &ScenarioFile) -> String {
    let json = compact_json(f);
    let packed = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9);
    format!("{SHARE_PREFIX}{}", URL_SAFE_NO_PAD.encode(packed))
}

/// Whether a URL fragment is a share link at all (an empty or unrelated
/// fragment is not an error, it is just not a link).
pub fn is_share_fragment(fragment: &str) -> bool {
    fragment.starts_with(SHARE_PREFIX)
}

/// Opens a share link's fragment (with or without the leading `#`).
pub fn open_fragment(fragment: &str) -> Result<ScenarioFile, Rejected> {
    let raw = fragment.trim_start_matches('#');
    let fail = |message: String, text: String| Rejected { problems: vec![Problem::new(ROOT, message)], text };
    let Some(payload) = raw.strip_prefix("s=") else {
        return Err(fail("the link does not carry a scenario (it should contain #s=…)".into(), raw.into()));
    };
    // Links pasted from chat tools sometimes gain padding or line breaks.
    let cleaned: String = payload.chars().filter(|c| !c.is_whitespace() && *c != '=').collect();
    let packed = URL_SAFE_NO_PAD.decode(cleaned.as_bytes()).map_err(|e| {
        fail(format!("the link is damaged: it is not valid base64url ({e}); was it cut short?"), raw.into())
    })?;
    let bytes = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_JSON_BYTES).map_err(|e| {
        let why = match e.status {
            miniz_oxide::inflate::TINFLStatus::HasMoreOutput => {
                format!(
                    "it would unpack to more than the {} MB a scenario may have",
                    MAX_JSON_BYTES / 1_000_000
                )
            }
            _ => "its compressed data is corrupt; was it cut short?".to_owned(),
        };
        fail(format!("the link is damaged: {why}"), raw.into())
    })?;
    let text = String::from_utf8(bytes)
        .map_err(|_| fail("the link is damaged: it does not unpack to text".into(), raw.into()))?;
    open_text(&text)
}

/// The fragment key of a story link.
pub const STORY_PREFIX: &str = "#t=";

/// The fragment of a link that carries a whole story, `#t=` included, so a
/// facilitator can share one they wrote.
pub fn story_fragment(story: &crate::story::StoryFile) -> String {
    // Plain data with string keys always serializes.
    let json = serde_json::to_string(story).expect("stories always serialize");
    let packed = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9);
    format!("{STORY_PREFIX}{}", URL_SAFE_NO_PAD.encode(packed))
}

/// Opens a story link's fragment: the story, or every problem with it.
pub fn open_story_fragment(fragment: &str) -> Result<crate::story::StoryFile, Vec<Problem>> {
    let fail = |m: String| vec![Problem::new(ROOT, m)];
    let payload = fragment
        .trim_start_matches('#')
        .strip_prefix("t=")
        .ok_or_else(|| fail("the link does not carry a story (it should contain #t=…)".into()))?;
    let cleaned: String = payload.chars().filter(|c| !c.is_whitespace() && *c != '=').collect();
    let packed = URL_SAFE_NO_PAD.decode(cleaned.as_bytes()).map_err(|_| {
        fail("the story link is damaged: it is not valid base64url; was it cut short?".into())
    })?;
    let bytes = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, crate::story::MAX_STORY_BYTES)
        .map_err(|_| fail("the story link is damaged or unpacks to more than a story may hold".into()))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| fail("the story link is damaged: it does not unpack to text".into()))?;
    crate::story::read_story(&text)
}

#[cfg(test)]
#[path = "codec_tests.rs"]
mod tests;
