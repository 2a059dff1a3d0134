//! Reading a story and checking every rule, as a scenario is: all problems
//! at once, each at its JSON path, and never a panic.

use super::eval::{apply_changes, design};
use super::glossary::lookup;
use super::text::{segments, Segment};
use super::{Ask, Bin, BoardSource, Change, Chapter, Goal, Measure, StoryFile, STORY_VERSION};
use crate::model::validate::{typed, MAX_NAME_CHARS, MAX_PROBLEMS};
use crate::model::{json, validate, Problem};
use serde_json::Value;

/// Largest story text accepted: a story may embed whole scenarios.
pub const MAX_STORY_BYTES: usize = 5_000_000;
const MAX_CHAPTERS: usize = 40;
const MAX_OPTIONS: usize = 6;
const MAX_PARAGRAPH_CHARS: usize = 2_000;
const MAX_PARAGRAPHS: usize = 12;
const MAX_STORY_RUNS: u32 = 2_000;
const MAX_MINUTES: u32 = 120;

/// Reads and validates a story.
pub fn read_story(text: &str) -> Result<StoryFile, Vec<Problem>> {
    if text.len() > MAX_STORY_BYTES {
        return Err(vec![Problem::new(
            "$",
            format!("the story is {} bytes; stories are limited to {MAX_STORY_BYTES} bytes", text.len()),
        )]);
    }
    let value = json::parse(text).map_err(|p| vec![p])?;
    let Value::Object(object) = value else {
        return Err(vec![Problem::new("$", "a story must be a JSON object")]);
    };
    match object.get("version").and_then(Value::as_f64) {
        Some(v) if v == f64::from(STORY_VERSION) => {}
        Some(_) | None => {
            return Err(vec![Problem::new(
                "version",
                format!("must be {STORY_VERSION}, the story format this build reads"),
            )])
        }
    }
    let mut object = object;
    object.insert("version".into(), Value::from(STORY_VERSION));
    let story: StoryFile = typed(Value::Object(object)).map_err(|p| vec![p])?;
    let problems = validate_story(&story);
    if problems.is_empty() {
        Ok(story)
    } else {
        Err(problems)
    }
}

/// Every problem of a story, each at its path (the first [`MAX_PROBLEMS`]).
pub fn validate_story(story: &StoryFile) -> Vec<Problem> {
    let mut v = Checker { problems: Vec::new() };
    v.slug("id", &story.id);
    v.words("title", &story.title, MAX_NAME_CHARS);
    v.long("summary", &story.summary);
    if story.runs == 0 || story.runs > MAX_STORY_RUNS {
        v.add("runs", format!("must be between 1 and {MAX_STORY_RUNS}"));
    }
    if story.chapters.is_empty() || story.chapters.len() > MAX_CHAPTERS {
        v.add("chapters", format!("a story has 1 to {MAX_CHAPTERS} chapters"));
    }
    for (i, c) in story.chapters.iter().enumerate() {
        let at = format!("chapters[{i}]");
        if story.chapters[..i].iter().any(|o| o.id == c.id) {
            v.add(format!("{at}.id"), format!("\"{}\" names an earlier chapter too", c.id));
        }
        v.chapter(&at, c);
    }
    v.problems.truncate(MAX_PROBLEMS);
    v.problems
}

/// The key an ask is written under.
fn ask_name(a: &Ask) -> &'static str {
    match a {
        Ask::Range { .. } => "range",
        Ask::Compare { .. } => "compare",
        Ask::SimpleTest => "simple_test",
    }
}

struct Checker {
    problems: Vec<Problem>,
}

impl Checker {
    fn add(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem::new(path, message));
    }

    fn slug(&mut self, at: &str, s: &str) {
        let ok = !s.is_empty()
            && s.len() <= 64
            && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
        if !ok {
            self.add(at, "must be 1 to 64 lower-case letters, digits, '-' or '_' (it goes into links)");
        }
    }

    fn words(&mut self, at: &str, s: &str, max: usize) {
        if s.trim().is_empty() {
            self.add(at, "must not be empty");
        } else if s.chars().count() > max {
            self.add(at, format!("is longer than {max} characters"));
        }
    }

    /// A paragraph: bounded, and every term it marks is in the glossary.
    fn long(&mut self, at: &str, s: &str) {
        if s.chars().count() > MAX_PARAGRAPH_CHARS {
            self.add(at, format!("is longer than {MAX_PARAGRAPH_CHARS} characters"));
        }
        for seg in segments(s) {
            if let Segment::Term { key, .. } = seg {
                if lookup(key).is_none() {
                    self.add(at, format!("marks \"{key}\" as a term, and the glossary has no such term"));
                }
            }
        }
    }

    fn paragraphs(&mut self, at: &str, ps: &[String]) {
        if ps.len() > MAX_PARAGRAPHS {
            self.add(at, format!("has more than {MAX_PARAGRAPHS} paragraphs"));
        }
        for (i, p) in ps.iter().enumerate() {
            self.long(&format!("{at}[{i}]"), p);
        }
    }

    /// A design: it can be built and it validates. The learner's own design
    /// is only known when the story is played.
    fn design(&mut self, at: &str, source: &BoardSource, changes: &[Change]) {
        if *source == BoardSource::Own {
            if !changes.is_empty() {
                self.add(at, "the learner's own design is shown as it is, without changes");
            }
            return;
        }
        match design(source, changes, None, at) {
            Err(p) => self.problems.push(p),
            Ok(file) => {
                if let Err(ps) = validate(file) {
                    for p in ps {
                        self.add(format!("{at}.{}", p.path), p.message);
                    }
                }
            }
        }
    }

    fn chapter(&mut self, at: &str, c: &Chapter) {
        self.slug(&format!("{at}.id"), &c.id);
        self.words(&format!("{at}.title"), &c.title, MAX_NAME_CHARS);
        self.design(&format!("{at}.board"), &c.board, &c.changes);
        self.paragraphs(&format!("{at}.text"), &c.text);
        self.paragraphs(&format!("{at}.reveal"), &c.reveal);
        self.long(&format!("{at}.notes"), &c.notes);
        if c.minutes == 0 || c.minutes > MAX_MINUTES {
            self.add(format!("{at}.minutes"), format!("must be between 1 and {MAX_MINUTES}"));
        }
        let q = &c.question;
        self.words(&format!("{at}.question.prompt"), &q.prompt, MAX_PARAGRAPH_CHARS);
        let ids: Vec<&str> = match &q.ask {
            Ask::Range { measure, options } => {
                self.measure(&format!("{at}.question.ask.range.measure"), measure);
                self.bins(&format!("{at}.question.ask.range.options"), options);
                options.iter().map(|o| o.id.as_str()).collect()
            }
            Ask::Compare { measure, options, .. } => {
                self.measure(&format!("{at}.question.ask.compare.measure"), measure);
                if options.len() < 2 || options.len() > MAX_OPTIONS {
                    self.add(
                        format!("{at}.question.ask.compare.options"),
                        format!("a comparison has 2 to {MAX_OPTIONS} designs"),
                    );
                }
                for (i, o) in options.iter().enumerate() {
                    let oat = format!("{at}.question.ask.compare.options[{i}]");
                    self.words(&format!("{oat}.text"), &o.text, MAX_NAME_CHARS);
                    match &o.board {
                        Some(b) => self.design(&oat, b, &o.changes),
                        None if c.board == BoardSource::Own => {}
                        None => {
                            let mut changes = c.changes.clone();
                            changes.extend(o.changes.iter().cloned());
                            self.design(&oat, &c.board, &changes);
                        }
                    }
                }
                options.iter().map(|o| o.id.as_str()).collect()
            }
            Ask::SimpleTest => Vec::new(),
        };
        for (i, id) in ids.iter().enumerate() {
            if ids[..i].contains(id) {
                self.add(
                    format!("{at}.question.ask.{}.options[{i}].id", ask_name(&q.ask)),
                    format!("\"{id}\" names an earlier option too"),
                );
            }
        }
        if let Some(e) = &q.expect {
            if !ids.contains(&e.as_str()) {
                self.add(format!("{at}.question.expect"), format!("\"{e}\" is not one of the options"));
            }
        }
        if let Some(task) = &c.task {
            self.long(&format!("{at}.task.text"), &task.text);
            if let Some(goal) = &task.goal {
                self.goal(&format!("{at}.task.goal"), goal);
            }
            if !task.solution.is_empty() {
                let built = design(&c.board, &c.changes, None, &format!("{at}.board")).and_then(|mut f| {
                    apply_changes(&mut f, &task.solution).map(|()| f).map_err(|p| {
                        Problem::new(
                            format!("{at}.task.solution{}", p.path.trim_start_matches("changes")),
                            p.message,
                        )
                    })
                });
                match built {
                    Err(p) => self.problems.push(p),
                    Ok(f) => {
                        if let Err(ps) = validate(f) {
                            for p in ps {
                                self.add(format!("{at}.task.solution"), format!("{}: {}", p.path, p.message));
                            }
                        }
                    }
                }
            }
        }
    }

    fn measure(&mut self, at: &str, m: &Measure) {
        if let Measure::Outcomes(outcomes) = m {
            if outcomes.is_empty() {
                self.add(format!("{at}.outcomes"), "name at least one outcome");
            }
        }
    }

    /// Ranges that cover the measure's whole line once: ascending, each
    /// starting where the last ended, the last open-ended or reaching 100%.
    fn bins(&mut self, at: &str, bins: &[Bin]) {
        if bins.len() < 2 || bins.len() > MAX_OPTIONS {
            self.add(at, format!("a question has 2 to {MAX_OPTIONS} ranges"));
            return;
        }
        if bins[0].min > 0.0 {
            self.add(format!("{at}[0].min"), "the first range must start at 0, so every result falls in one");
        }
        for (i, b) in bins.iter().enumerate() {
            self.words(&format!("{at}[{i}].text"), &b.text, MAX_NAME_CHARS);
            if !b.min.is_finite() || b.max.is_some_and(|m| !m.is_finite() || m <= b.min) {
                self.add(format!("{at}[{i}]"), "needs a finite min below its max");
            }
            if let Some(next) = bins.get(i + 1) {
                if b.max != Some(next.min) {
                    self.add(
                        format!("{at}[{i}].max"),
                        format!("must equal the next range's min ({})", next.min),
                    );
                }
            }
        }
    }

    fn goal(&mut self, at: &str, g: &Goal) {
        self.measure(&format!("{at}.measure"), &g.measure);
        if g.at_most.is_none() && g.at_least.is_none() && !g.clear_line {
            self.add(at, "a goal needs at_most, at_least or clear_line");
        }
        for (k, x) in [("at_most", g.at_most), ("at_least", g.at_least)] {
            if x.is_some_and(|x| !x.is_finite()) {
                self.add(format!("{at}.{k}"), "must be a finite number");
            }
        }
        if g.runs.is_some_and(|r| r == 0 || r > MAX_STORY_RUNS) {
            self.add(format!("{at}.runs"), format!("must be between 1 and {MAX_STORY_RUNS}"));
        }
    }
}
