//! Stories: short sequences of chapters, each a board, a question asked
//! before anything is shown, something to do, and a reveal whose numbers
//! come from the engine at that moment. One story serves two modes, *Learn*
//! (one person, self-paced) and *Workshop* (a facilitator and a room).
//!
//! A story is data: one JSON file ([`StoryFile`]), read and validated like a
//! scenario, with every problem reported at its path. The built-in story is
//! `learn.json`; the presets make a second one in code
//! ([`presets_story`]). Pure: no browser, no clock; the page drives
//! [`Evaluation`] in slices.

mod eval;
pub mod glossary;
mod text;
mod validate;

pub use eval::{apply_changes, chapter_board, Evaluation, GoalResult, OptionResult, Reveal, SimpleAnswer};
pub use text::{first_uses, segments, Segment};
pub use validate::{read_story, validate_story, MAX_STORY_BYTES};

use crate::engine::Outcome;
use crate::model::{CapabilityId, ScenarioFile, TeamId, TimeSplit};
use serde::{Deserialize, Serialize};

/// The version of the story format this build reads and writes.
pub const STORY_VERSION: u32 = 1;

/// The built-in Learn story, as shipped.
pub const LEARN_JSON: &str = include_str!("learn.json");

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoryFile {
    pub version: u32,
    /// Short, for links: `#story=<id>/<chapter>`.
    pub id: String,
    pub title: String,
    /// One or two sentences: what the story teaches.
    #[serde(default)]
    pub summary: String,
    /// Runs behind each reveal and goal, unless a goal says otherwise.
    #[serde(default = "default_runs")]
    pub runs: u32,
    /// Base seed of those runs: the same seed gives the same reveal.
    #[serde(default = "default_seed")]
    pub seed: u64,
    pub chapters: Vec<Chapter>,
}

fn default_runs() -> u32 {
    200
}

fn default_seed() -> u64 {
    1
}

fn default_minutes() -> u32 {
    5
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Chapter {
    /// Short, for links and saved progress.
    pub id: String,
    pub title: String,
    /// The design the chapter opens on the board.
    pub board: BoardSource,
    /// Changes made to that design before it is shown.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<Change>,
    /// Paragraphs read before the question. `[[term]]` or `[[term|shown
    /// words]]` marks a glossary term.
    pub text: Vec<String>,
    pub question: Question,
    /// Paragraphs shown with the reveal.
    #[serde(default)]
    pub reveal: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task: Option<Task>,
    /// For the facilitator's window only; the room never sees them.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// The chapter timer's starting length in a workshop.
    #[serde(default = "default_minutes")]
    pub minutes: u32,
}

/// Where a chapter's board comes from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BoardSource {
    /// A built-in preset, by id.
    Preset(String),
    /// A whole scenario, written into the story.
    Scenario(Box<ScenarioFile>),
    /// The design the learner had on the board when the story began.
    Own,
}

/// One edit of a design, as a story writes it: the chapter's changes to its
/// board, a comparison option's design, a task's solution.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Change {
    /// Give a capability exactly these owners (none: an orphan).
    Owners { capability: CapabilityId, teams: Vec<TeamId> },
    /// Change some of a team's fields.
    Team {
        id: TeamId,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        headcount: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        on_call: Option<bool>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        time_split: Option<TimeSplit>,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub prompt: String,
    pub ask: Ask,
    /// The option the chapter's reveal text takes for the engine's answer.
    /// Tests check that the engine agrees; the page always shows what the
    /// engine says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expect: Option<String>,
}

/// Written externally tagged (`{"range": {…}}`, `"simple_test"`): an
/// internally tagged enum would make serde buffer everything below it and
/// compile a second copy of the scenario reader for the designs inside.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Ask {
    /// How much? The options are ranges of one measure on the chapter's
    /// board; the answer is the range the measured mean falls in.
    Range { measure: Measure, options: Vec<Bin> },
    /// Which design? Each option is a design; the answer is the one with
    /// the highest (or lowest) measure, on the same failures and seeds.
    Compare { measure: Measure, pick: Pick, options: Vec<DesignOption> },
    /// The simple test, as its two questions: who owns making it easy to
    /// deploy and run services, and who owns deciding when reliability is
    /// no longer acceptable? The options are the board's teams.
    SimpleTest,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pick {
    Highest,
    Lowest,
}

/// One range of a measure: `min` inclusive, `max` exclusive (none: no upper end).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bin {
    pub id: String,
    pub text: String,
    pub min: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
}

impl Bin {
    pub fn holds(&self, x: f64) -> bool {
        x >= self.min && self.max.is_none_or(|m| x < m)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DesignOption {
    pub id: String,
    pub text: String,
    /// The chapter's board when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub board: Option<BoardSource>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<Change>,
}

/// Something to do on the board after the reveal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Task {
    pub text: String,
    /// What the result must achieve, checked by simulation. Without one the
    /// task is exploration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goal: Option<Goal>,
    /// One way to reach the goal, for the facilitator and the tests.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub solution: Vec<Change>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    pub measure: Measure,
    /// The measure's mean over the runs must be at most this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_most: Option<f64>,
    /// … or at least this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<f64>,
    /// The simple test must also pass: one team builds the paved road,
    /// another decides when reliability is no longer acceptable.
    #[serde(default)]
    pub clear_line: bool,
    /// Runs to check it by; the story's when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runs: Option<u32>,
}

/// A number per run, averaged over the runs with its 95% interval. Written
/// `{"outcomes": ["silent", "deflected"]}` or `"handoffs_per_detected"`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Measure {
    /// Share of incidents ending in any of these outcomes.
    Outcomes(Vec<Outcome>),
    /// Hand-offs per incident someone acted on.
    HandoffsPerDetected,
    /// Share of the root causes someone acted on that were fixed in the horizon.
    RootCausesFixed,
    /// Share of SLO windows whose error budget ran out.
    WindowsBreached,
    /// Incidents in a run.
    Incidents,
    /// Pages and tickets that reached a team in a run.
    Pages,
}

impl Measure {
    /// Whether the measure is a share (shown in percent, at most 1).
    pub fn is_share(&self) -> bool {
        matches!(self, Self::Outcomes(_) | Self::RootCausesFixed | Self::WindowsBreached)
    }

    /// What it counts, in words: "incidents ending silent or deflected".
    pub fn label(&self) -> String {
        match self {
            Self::Outcomes(outcomes) => {
                let names: Vec<&str> = outcomes.iter().map(|o| o.label()).collect();
                format!("incidents {}", or_list(&names))
            }
            Self::HandoffsPerDetected => "hand-offs per detected incident".to_owned(),
            Self::RootCausesFixed => "root causes fixed within the month".to_owned(),
            Self::WindowsBreached => "SLO windows with the budget spent".to_owned(),
            Self::Incidents => "incidents a run".to_owned(),
            Self::Pages => "pages and tickets a run".to_owned(),
        }
    }

    /// A value of the measure, as the page shows it: "12.5%", "1.15".
    pub fn format(&self, x: f64) -> String {
        format_value(self.is_share(), x)
    }
}

/// A share in percent to a tenth ("12.5%"), anything else to two places.
pub fn format_value(share: bool, x: f64) -> String {
    if share {
        format!("{:.1}%", x * 100.0)
    } else {
        format!("{x:.2}")
    }
}

/// "a", "a or b", "a, b or c".
fn or_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

impl StoryFile {
    /// Pretty JSON, the form a facilitator saves and shares.
    pub fn to_json(&self) -> String {
        // Plain data with string keys always serializes.
        serde_json::to_string_pretty(self).expect("stories always serialize")
    }

    /// The chapter with this id, and its index.
    pub fn chapter(&self, id: &str) -> Option<(usize, &Chapter)> {
        self.chapters.iter().enumerate().find(|(_, c)| c.id == id)
    }
}

/// The built-in Learn story. It is validated by the tests, so reading it
/// cannot fail in a build that passed them.
pub fn learn() -> StoryFile {
    read_story(LEARN_JSON).expect("the built-in story is valid (tests/stories.rs)")
}

/// The built-in stories a menu offers: id and title.
pub fn builtin(id: &str) -> Option<StoryFile> {
    match id {
        "learn" => Some(learn()),
        "presets" => Some(presets_story()),
        _ => None,
    }
}

/// Every preset as a workshop chapter: the room predicts the preset's own
/// story measure (the one `faultline stories` reports), then sees it.
pub fn presets_story() -> StoryFile {
    use crate::model::presets::PRESETS;
    let chapters = PRESETS
        .iter()
        .map(|p| {
            let (measure, options) = preset_question(p.id);
            Chapter {
                id: p.id.to_owned(),
                title: p.title.to_owned(),
                board: BoardSource::Preset(p.id.to_owned()),
                changes: Vec::new(),
                text: vec![
                    "Read the board: which team owns each capability, how many people each team has, whether \
                     it carries a pager, and where its week goes."
                        .to_owned(),
                ],
                question: Question {
                    prompt: format!("Over a month of these failures, how many {}?", measure.label()),
                    ask: Ask::Range { measure, options },
                    expect: None,
                },
                reveal: vec![p.teaches.to_owned()],
                task: None,
                notes: format!("What the preset teaches: {}", p.teaches),
                minutes: 5,
            }
        })
        .collect();
    StoryFile {
        version: STORY_VERSION,
        id: "presets".to_owned(),
        title: "The five presets".to_owned(),
        summary: "Each preset in turn: predict its numbers, then see them.".to_owned(),
        runs: default_runs(),
        seed: default_seed(),
        chapters,
    }
}

/// The measure a preset's story is told by, with ranges for a prediction.
fn preset_question(id: &str) -> (Measure, Vec<Bin>) {
    let bin = |id: &str, text: &str, min: f64, max: Option<f64>| Bin {
        id: id.to_owned(),
        text: text.to_owned(),
        min,
        max,
    };
    let shares = || {
        vec![
            bin("few", "Under 5%", 0.0, Some(0.05)),
            bin("some", "5% to 20%", 0.05, Some(0.2)),
            bin("many", "20% to 40%", 0.2, Some(0.4)),
            bin("most", "40% or more", 0.4, None),
        ]
    };
    match id {
        "shared-deploy" => (
            Measure::HandoffsPerDetected,
            vec![
                bin("one", "Under one", 0.0, Some(1.0)),
                bin("more", "One to two", 1.0, Some(2.0)),
                bin("many", "Two or more", 2.0, None),
            ],
        ),
        "orphaned-provisioning" => (Measure::Outcomes(vec![Outcome::ResolvedAfterBouncing]), shares()),
        "no-sre" => (Measure::Outcomes(vec![Outcome::Deflected]), shares()),
        _ => (
            Measure::Outcomes(vec![
                Outcome::Silent,
                Outcome::Deflected,
                Outcome::Stalled,
                Outcome::NeverPrioritised,
            ]),
            shares(),
        ),
    }
}
