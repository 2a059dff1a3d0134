//! Stories, under the engine: the built-in Learn story and the presets'
//! workshop story are valid; every chapter's reveal says what its text
//! takes it to say, with the 95% interval inside the expected range; every
//! goal is missed on the chapter's board and reached by its solution; and
//! a story file with mistakes gets every problem at its path.

use faultline::model::presets::preset;
use faultline::story::{
    apply_changes, chapter_board, learn, presets_story, read_story, segments, Ask, Evaluation, Segment,
    LEARN_JSON,
};

fn own() -> faultline::model::ScenarioFile {
    preset("shared-deploy").expect("a preset stands in for the learner's design")
}

#[test]
fn the_built_in_stories_are_valid() {
    let story = read_story(LEARN_JSON).unwrap_or_else(|ps| panic!("learn.json: {ps:#?}"));
    assert!((6..=8).contains(&story.chapters.len()), "{} chapters", story.chapters.len());
    let presets = presets_story();
    assert_eq!(faultline::story::validate_story(&presets), vec![]);
    // Written back, a story reads the same.
    assert_eq!(read_story(&story.to_json()), Ok(story));
}

/// Each chapter's answer is the one its reveal text assumes, and the
/// estimate's whole interval lies in that range, so the claim does not rest
/// on the mean alone.
#[test]
fn every_chapter_reveal_says_what_its_text_claims() {
    for story in [learn(), presets_story()] {
        for chapter in &story.chapters {
            let eval = Evaluation::question(&story, chapter, Some(&own()))
                .unwrap_or_else(|ps| panic!("{}: {ps:#?}", chapter.id))
                .finish();
            let reveal = eval.reveal().expect("a question has a reveal");
            match &chapter.question.ask {
                Ask::SimpleTest => {
                    let s = reveal.simple.as_ref().expect("the simple test is answered");
                    assert!(!s.paved_road.is_empty() && !s.sentence.is_empty(), "{}", chapter.id);
                }
                Ask::Range { options, .. } => {
                    let answers = reveal.options.iter().filter(|o| o.answer).count();
                    assert_eq!(answers, 1, "{}: exactly one range holds the result", chapter.id);
                    if let Some(expect) = &chapter.question.expect {
                        let answer = reveal.answer().expect("one range holds");
                        assert_eq!(&answer.id, expect, "{}: {:?}", chapter.id, answer.value);
                        let bin = options.iter().find(|b| &b.id == expect).expect("expect names a range");
                        let v = answer.value.expect("a range question has its value");
                        assert!(
                            bin.holds(v.ci_low) && bin.holds(v.ci_high),
                            "{}: interval {v:?} leaves {bin:?}",
                            chapter.id
                        );
                    }
                }
                Ask::Compare { .. } => {
                    let answer = reveal.answer().expect("a comparison has a winner");
                    if let Some(expect) = &chapter.question.expect {
                        assert_eq!(&answer.id, expect, "{}", chapter.id);
                        // The winner's interval clears every other option's.
                        let v = answer.value.expect("measured");
                        for o in reveal.options.iter().filter(|o| !o.answer) {
                            let w = o.value.expect("measured");
                            assert!(
                                v.ci_low > w.ci_high || v.ci_high < w.ci_low,
                                "{}: {v:?} vs {w:?}",
                                chapter.id
                            );
                        }
                    }
                }
            }
        }
    }
}

/// Reveals carry no numbers of their own: every number a chapter shows
/// comes from the engine at that moment.
#[test]
fn reveal_text_holds_no_numbers() {
    for chapter in learn().chapters {
        for p in &chapter.reveal {
            // A term's name may hold a digit ("95% CI"); the prose may not.
            let prose = segments(p).into_iter().filter_map(|s| match s {
                Segment::Text(t) => Some(t),
                Segment::Term { .. } => None,
            });
            for t in prose {
                assert!(!t.chars().any(|c| c.is_ascii_digit()), "{}: {p}", chapter.id);
            }
        }
    }
}

#[test]
fn every_goal_is_missed_at_the_start_and_reached_by_its_solution() {
    let story = learn();
    let mut checked = 0;
    for chapter in &story.chapters {
        let Some(task) = &chapter.task else { continue };
        let Some(goal) = &task.goal else { continue };
        let start = chapter_board(chapter, Some(&own())).expect("the board builds");
        let before =
            Evaluation::goal(&story, goal, &start).expect("valid").finish().goal_result().expect("a goal");
        if task.solution.is_empty() {
            continue;
        }
        assert!(!before.met, "{}: the goal is met before the learner does anything: {before:?}", chapter.id);
        let mut solved = start.clone();
        apply_changes(&mut solved, &task.solution).expect("the solution applies");
        let after =
            Evaluation::goal(&story, goal, &solved).expect("valid").finish().goal_result().expect("a goal");
        assert!(after.met, "{}: the solution misses the goal: {after:?}", chapter.id);
        checked += 1;
    }
    assert!(checked >= 4, "only {checked} goals have solutions");
}

#[test]
fn a_faulty_story_gets_every_problem_at_its_path() {
    let mut story: serde_json::Value = serde_json::from_str(LEARN_JSON).expect("valid JSON");
    let ch = &mut story["chapters"];
    ch[0]["text"][0] = "An [[SLA]] is not in the glossary.".into();
    ch[0]["question"]["ask"]["range"]["options"][1]["min"] = 0.55.into();
    ch[1]["id"] = "paved-road".into();
    ch[2]["board"] = serde_json::json!({ "preset": "nope" });
    ch[3]["question"]["expect"] = "maybe".into();
    ch[4]["task"]["solution"][0]["owners"]["capability"] = "nothing".into();
    ch[5]["minutes"] = 0.into();
    let problems = read_story(&story.to_string()).expect_err("invalid");
    let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    for expected in [
        "chapters[0].text[0]",
        "chapters[0].question.ask.range.options[0].max",
        "chapters[1].id",
        "chapters[2].board",
        "chapters[3].question.expect",
        "chapters[4].task.solution[0].owners.capability",
        "chapters[5].minutes",
    ] {
        assert!(paths.contains(&expected), "no problem at {expected}: {problems:#?}");
    }
}

#[test]
fn unreadable_stories_say_what_and_where() {
    let check = |text: &str, path: &str, words: &str| {
        let ps = read_story(text).expect_err(text);
        assert_eq!(ps[0].path, path, "{text}: {ps:?}");
        assert!(ps[0].message.contains(words), "{text}: {ps:?}");
    };
    check("[]", "$", "JSON object");
    check("{\"version\": 2}", "version", "must be 1");
    check(
        "{\"version\": 1, \"id\": \"x\", \"title\": \"t\", \"chapters\": [{\"id\": 3}]}",
        "chapters[0].id",
        "string",
    );
    check("{\"version\": 1, \"version\": 1}", "$", "twice");
    check(&"x".repeat(5_000_001), "$", "limited");
}
