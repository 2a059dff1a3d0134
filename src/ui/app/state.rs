//! The app's one state and the only way it changes: an [`Action`] applied by
//! the reducer. Components read [`AppState`] and dispatch actions; they never
//! change the scenario themselves. Every action that changes the scenario
//! goes through here, which is what makes undo/redo cover every edit and
//! lets the app autosave on every change.
//!
//! The scenario edits themselves are pure functions in [`crate::ui::edit`]; this
//! module adds history, selection, highlight, announcements, the notice
//! shown when outside text (a link, a saved state, a file) was rejected, the
//! baseline that comparisons measure the board against, and the rule that an
//! edited preset is called "`<preset> (edited)`" so it is never mistaken for
//! the preset itself.

use super::codec::Rejected;
use crate::analysis::diagnostics::Subject;
use crate::model::presets::{preset, DEFAULT_PRESET, PRESETS};
use crate::model::{CapabilityId, Problem, ScenarioFile, TeamId};
use crate::ui::edit::{apply, Edit};
use crate::ui::run::run_state::same_design;
use std::rc::Rc;
use yew::Reducible;

/// How many edits undo reaches back. Each entry is an `Rc` of a whole
/// scenario, a few kilobytes, so 200 is cheap and more than a workshop needs.
pub const HISTORY_LIMIT: usize = 200;

/// What the user has picked on the board.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selection {
    Team(TeamId),
    Capability(CapabilityId),
}

/// Where a loaded scenario came from, for the announcement and the menu.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    Preset(String),
    Link,
    Autosave,
    Import(String),
    /// A story's chapter opened its board.
    Story(String),
}

/// A message the user must see: what was rejected and why, with the text
/// kept for download.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub title: String,
    pub problems: Vec<Problem>,
    pub rejected: Option<String>,
    /// The name to download the rejected text under.
    pub filename: String,
}

/// Which way [`AppState::travel`] moves through the history.
enum History {
    Back,
    Forward,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Replace the scenario with a built-in preset (undoable). An unknown id changes nothing.
    LoadPreset(String),
    /// Replace the scenario with one from outside (undoable).
    Load {
        file: Rc<ScenarioFile>,
        origin: Origin,
    },
    /// Outside text could not be opened: show why and keep it; the scenario stays.
    Reject {
        title: String,
        rejected: Rejected,
        filename: String,
    },
    DismissNotice,
    /// One edit of the scenario: one history entry.
    Edit(Edit),
    Undo,
    Redo,
    /// Select a team or a capability; selecting what is already selected clears it.
    Select(Selection),
    ClearSelection,
    /// Outline these on the board (a finding's subjects); empty clears it.
    Highlight(Vec<Subject>),
    /// Say something in the live region without changing anything.
    Announce(String),
    /// Keep a copy of the board's design as the baseline, replacing any
    /// other. Not an edit: undo leaves the baseline alone.
    SetBaseline,
    ClearBaseline,
}

#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    /// The preset the scenario came from, for the menu; `None` once it came
    /// from a link, a file or the autosave.
    pub preset: Option<String>,
    /// Shared so that props comparing it and history keeping old versions
    /// cost a pointer, not a copy.
    pub scenario: Rc<ScenarioFile>,
    /// Undo and redo stacks: each entry is a scenario and the preset it
    /// showed in the menu.
    pub past: Vec<(Rc<ScenarioFile>, Option<String>)>,
    pub future: Vec<(Rc<ScenarioFile>, Option<String>)>,
    pub selection: Option<Selection>,
    pub highlight: Vec<Subject>,
    pub notice: Option<Notice>,
    /// The last thing done, for the screen reader's live region.
    pub announcement: String,
    /// Why the last edit was refused, shown beside the forms.
    pub refused: Option<String>,
    /// The design kept as it was ("today's org") for comparisons to measure
    /// the board's design (the proposal) against; autosaved with the design.
    /// Loading another design keeps it: a proposal may well be a preset.
    pub baseline: Option<Rc<ScenarioFile>>,
}

impl AppState {
    /// The state showing a preset, or the default preset when the id is unknown.
    pub fn with_preset(id: &str) -> Self {
        let (id, file) = match preset(id) {
            Some(file) => (id, file),
            None => (DEFAULT_PRESET, default_preset()),
        };
        Self::with_file(Rc::new(file), Some(id.to_owned()))
    }

    pub fn with_file(scenario: Rc<ScenarioFile>, preset: Option<String>) -> Self {
        Self {
            preset,
            scenario,
            past: Vec::new(),
            future: Vec::new(),
            selection: None,
            highlight: Vec::new(),
            notice: None,
            announcement: String::new(),
            refused: None,
            baseline: None,
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.past.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.future.is_empty()
    }

    /// Steps back (undo) or forward (redo) through the history: the current
    /// version goes onto the other stack. None when there is nothing to step to.
    fn travel(&self, way: History) -> Option<Self> {
        let mut next = self.clone();
        let (from, to, said) = match way {
            History::Back => (&mut next.past, &mut next.future, "Undone"),
            History::Forward => (&mut next.future, &mut next.past, "Redone"),
        };
        let (scenario, preset) = from.pop()?;
        to.push((next.scenario.clone(), next.preset.clone()));
        next.scenario = scenario;
        next.preset = preset;
        next.selection = next.selection.filter(|s| exists(&next.scenario, s));
        next.announcement = said.into();
        next.refused = None;
        Some(next)
    }

    /// The state with `next` as the scenario and the current one pushed on
    /// the undo stack; redo is forgotten, as in every editor.
    fn commit(&self, next: ScenarioFile, announcement: String) -> Self {
        let mut past = self.past.clone();
        past.push((self.scenario.clone(), self.preset.clone()));
        if past.len() > HISTORY_LIMIT {
            past.drain(..past.len() - HISTORY_LIMIT);
        }
        let scenario = Rc::new(next);
        Self {
            selection: self.selection.clone().filter(|s| exists(&scenario, s)),
            highlight: Vec::new(),
            scenario,
            past,
            future: Vec::new(),
            announcement,
            refused: None,
            ..self.clone()
        }
    }
}

impl Default for AppState {
    fn default() -> Self {
        Self::with_preset(DEFAULT_PRESET)
    }
}

fn default_preset() -> ScenarioFile {
    // DEFAULT_PRESET names a built-in preset; this module's tests load it.
    preset(DEFAULT_PRESET).expect("the default preset is built in")
}

/// What an edited preset is called: "Clear boundary (edited)". Applied on
/// the first edit that changes how the design plays out (moving or
/// recolouring a box does not), and only while the design still carries
/// the preset's own title, so a name the user gave it is never touched and
/// the suffix is added once. Undo takes the name back with the edit.
fn mark_edited(f: &mut ScenarioFile, preset: Option<&str>) {
    let Some(info) = PRESETS.iter().find(|p| Some(p.id) == preset) else { return };
    if f.title == info.title {
        f.title = format!("{} (edited)", info.title);
    }
}

/// A design's title for sentences: an untitled design is "the untitled design".
pub fn display_title(title: &str) -> &str {
    if title.trim().is_empty() {
        "the untitled design"
    } else {
        title
    }
}

/// Whether the selected thing is still in the scenario (after a delete or an undo).
fn exists(f: &ScenarioFile, sel: &Selection) -> bool {
    match sel {
        Selection::Team(id) => f.teams.iter().any(|t| &t.id == id),
        Selection::Capability(id) => f.capabilities.iter().any(|c| &c.id == id),
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::LoadPreset(id) => match (preset(&id), PRESETS.iter().find(|p| p.id == id)) {
                (Some(file), Some(info)) => {
                    let mut next = self.commit(file, format!("Loaded the preset {}", info.title));
                    next.preset = Some(id);
                    next.selection = None;
                    Rc::new(next)
                }
                _ => self,
            },
            Action::Load { file, origin } => {
                let what = match &origin {
                    Origin::Preset(_) => "the preset",
                    Origin::Link => "the shared link",
                    Origin::Autosave => "your saved work",
                    Origin::Import(_) => "the imported file",
                    Origin::Story(_) => "the chapter's board",
                };
                let mut next = self.commit(Rc::unwrap_or_clone(file), format!("Opened {what}"));
                next.preset = match origin {
                    Origin::Preset(id) => Some(id),
                    _ => None,
                };
                next.selection = None;
                next.notice = None;
                Rc::new(next)
            }
            Action::Reject { title, rejected, filename } => Rc::new(Self {
                announcement: format!("{title}: {} problems", rejected.problems.len()),
                notice: Some(Notice {
                    title,
                    problems: rejected.problems,
                    rejected: Some(rejected.text),
                    filename,
                }),
                ..(*self).clone()
            }),
            Action::DismissNotice => Rc::new(Self { notice: None, ..(*self).clone() }),
            Action::Edit(edit) => {
                let mut file = (*self.scenario).clone();
                match apply(&mut file, &edit) {
                    Ok(said) => {
                        if !matches!(edit, Edit::SetTitle { .. }) && !same_design(&self.scenario, &file) {
                            mark_edited(&mut file, self.preset.as_deref());
                        }
                        // A new capability is selected, so the inspector shows it at once.
                        let added = match edit {
                            Edit::AddCapability { .. } => file.capabilities.last().map(|c| c.id.clone()),
                            _ => None,
                        };
                        let mut next = self.commit(file, said);
                        if let Some(id) = added {
                            next.selection = Some(Selection::Capability(id));
                        }
                        Rc::new(next)
                    }
                    Err(why) => {
                        Rc::new(Self { announcement: why.clone(), refused: Some(why), ..(*self).clone() })
                    }
                }
            }
            // With nothing to step to, the same state comes back, so nothing re-renders.
            Action::Undo => self.travel(History::Back).map(Rc::new).unwrap_or(self),
            Action::Redo => self.travel(History::Forward).map(Rc::new).unwrap_or(self),
            Action::Select(sel) => {
                let selection = if self.selection.as_ref() == Some(&sel) { None } else { Some(sel) };
                Rc::new(Self { selection, refused: None, ..(*self).clone() })
            }
            Action::ClearSelection => {
                Rc::new(Self { selection: None, highlight: Vec::new(), refused: None, ..(*self).clone() })
            }
            Action::Highlight(subjects) => {
                // The first concrete subject becomes the selection, so the
                // inspector shows what the finding is about.
                let selection = subjects
                    .iter()
                    .find_map(|s| match s {
                        Subject::Capability(id) => Some(Selection::Capability(CapabilityId::new(id.clone()))),
                        Subject::Team(id) => Some(Selection::Team(TeamId::new(id.clone()))),
                        Subject::Design => None,
                    })
                    .or_else(|| self.selection.clone());
                Rc::new(Self { highlight: subjects, selection, ..(*self).clone() })
            }
            Action::Announce(text) => Rc::new(Self { announcement: text, ..(*self).clone() }),
            Action::SetBaseline => Rc::new(Self {
                announcement: format!("Kept {} as the baseline", display_title(&self.scenario.title)),
                baseline: Some(self.scenario.clone()),
                ..(*self).clone()
            }),
            Action::ClearBaseline => match self.baseline {
                Some(_) => Rc::new(Self {
                    announcement: "Cleared the baseline".into(),
                    baseline: None,
                    ..(*self).clone()
                }),
                None => self,
            },
        }
    }
}

#[cfg(test)]
#[path = "state_tests.rs"]
mod tests;
