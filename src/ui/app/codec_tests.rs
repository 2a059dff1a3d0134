//! Share links and outside text: round trips, and every way they break.

use super::*;
use crate::model::presets::{preset, PRESETS};

#[test]
fn every_preset_round_trips_through_a_share_link() {
    for p in PRESETS {
        let file = preset(p.id).expect("listed preset");
        let frag = share_fragment(&file);
        assert!(is_share_fragment(&frag));
        assert!(frag.len() < 4_000, "{}: {} characters", p.id, frag.len());
        assert!(frag[3..].chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'), "{frag}");
        assert_eq!(open_fragment(&frag).as_ref(), Ok(&file), "{}", p.id);
        assert_eq!(open_fragment(&frag[1..]).as_ref(), Ok(&file), "{} without #", p.id);
    }
}

/// A bad fragment must give problems whose messages contain `expected`,
/// keep some text for download, and never panic.
fn check(fragment: &str, expected: &str) {
    let err = open_fragment(fragment).expect_err(fragment);
    let all: Vec<String> = err.problems.iter().map(|p| p.to_string()).collect();
    assert!(all.iter().any(|m| m.contains(expected)), "{fragment:.40}: {all:?}");
    assert!(!err.text.is_empty(), "{fragment:.40}: the rejected text is kept");
}

fn pack(text: &str) -> String {
    format!("#s={}", URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 6)))
}

#[test]
fn broken_links_say_what_is_wrong() {
    let good = share_fragment(&preset("no-sre").expect("preset"));
    check("#x=abc", "does not carry a scenario");
    check("#s=***", "not valid base64url");
    // Cut on a base64 quantum, so the text decodes and the deflate stream is what breaks.
    check(&good[..3 + (good.len() - 3) / 8 * 4], "corrupt");
    check("#s=AAAA", "corrupt");
    check(&pack("{not json"), "not valid JSON");
    check(&pack("[1,2]"), "must be a JSON object");
    check(&pack(r#"{"version":3,"teams":[],"capabilities":[]}"#), "unknown version 3");
    // Valid JSON, invalid scenario: every problem with its path.
    let mut file = preset("clear-boundary").expect("preset");
    file.teams[0].headcount = -3.0;
    file.teams[1].time_split.toil = 90.0;
    let err = open_fragment(&share_fragment(&file)).expect_err("invalid");
    let paths: Vec<&str> = err.problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(paths, ["teams[0].headcount", "teams[1].time_split"]);
    assert!(err.text.starts_with("{\"version\":2"), "the decoded JSON is what is kept");
}

#[test]
fn a_link_that_inflates_past_the_limit_is_refused() {
    // Highly compressible: 6 MB of spaces packs into a few kilobytes.
    let huge = format!("{{\"version\":1,{}}}", " ".repeat(6_000_000));
    let frag = pack(&huge);
    assert!(frag.len() < 20_000);
    check(&frag, "more than the 5 MB");
}

#[test]
fn padding_and_line_breaks_from_chat_tools_are_forgiven() {
    let file = preset("shared-deploy").expect("preset");
    let frag = share_fragment(&file);
    let mangled = format!("{}\n{}==", &frag[..40], &frag[40..]);
    assert_eq!(open_fragment(&mangled), Ok(file));
}

#[test]
fn imported_text_is_read_and_validated() {
    let file = preset("sre-absorbed").expect("preset");
    assert_eq!(open_text(&file.to_json()), Ok(file.clone()));
    let err = open_text("").expect_err("empty");
    assert!(err.problems[0].message.contains("not valid JSON"));
    assert_eq!(err.text, "");
    // Unknown owners are warnings: the file opens and the finding shows.
    let mut ghost = file;
    ghost.ownership.insert("ci".into(), vec!["nobody-team".into()]);
    assert!(open_text(&compact_json(&ghost)).is_ok());
}

#[test]
fn a_story_travels_in_a_link_and_a_damaged_one_says_why() {
    let story = crate::story::learn();
    let frag = story_fragment(&story);
    assert!(frag.starts_with("#t="));
    assert_eq!(open_story_fragment(&frag), Ok(story));
    let cut = &frag[..frag.len() / 2];
    assert!(open_story_fragment(cut).unwrap_err()[0].message.contains("damaged"));
    assert!(open_story_fragment("#t=%%%").unwrap_err()[0].message.contains("base64url"));
    assert!(open_story_fragment("#s=abc").unwrap_err()[0].message.contains("does not carry a story"));
}
