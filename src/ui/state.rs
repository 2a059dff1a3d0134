//! The app's one state and the only way it changes: an [`Action`] applied by
//! the reducer. Components read [`AppState`] and dispatch actions; they never
//! change the scenario themselves. Keeping every change in one place is what
//! the board editor's undo/redo and autosave will hook into: each action that
//! edits the scenario becomes one history entry and one save.

use crate::model::presets::{preset, DEFAULT_PRESET};
use crate::model::{CapabilityId, ScenarioFile, TeamId};
use std::rc::Rc;
use yew::Reducible;

/// What the user has picked on the board.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selection {
    Team(TeamId),
    Capability(CapabilityId),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Replace the scenario with a built-in preset. An unknown id changes nothing.
    LoadPreset(String),
    /// Select a team or a capability; selecting what is already selected clears it.
    Select(Selection),
}

#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    /// The preset the scenario came from, for the menu. Once the board editor
    /// changes the scenario this still names where it started.
    pub preset: String,
    /// Shared so that props comparing it and history keeping old versions
    /// cost a pointer, not a copy.
    pub scenario: Rc<ScenarioFile>,
    pub selection: Option<Selection>,
}

impl AppState {
    /// The state showing a preset, or the default preset when the id is unknown.
    pub fn with_preset(id: &str) -> Self {
        let (id, file) = match preset(id) {
            Some(file) => (id, file),
            None => (DEFAULT_PRESET, default_preset()),
        };
        Self { preset: id.to_owned(), scenario: Rc::new(file), selection: None }
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

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::LoadPreset(id) => match preset(&id) {
                Some(file) => Rc::new(Self { preset: id, scenario: Rc::new(file), selection: None }),
                None => self,
            },
            Action::Select(sel) => {
                let selection = if self.selection.as_ref() == Some(&sel) { None } else { Some(sel) };
                Rc::new(Self { selection, ..(*self).clone() })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn team(id: &str) -> Selection {
        Selection::Team(TeamId::new(id))
    }

    fn cap(id: &str) -> Selection {
        Selection::Capability(CapabilityId::new(id))
    }

    /// Applies actions in order from the default state and compares the
    /// preset, the scenario's title and the selection at the end.
    fn check(actions: &[Action], preset: &str, title: &str, selection: Option<Selection>) {
        let mut state = Rc::new(AppState::default());
        for a in actions {
            state = state.reduce(a.clone());
        }
        assert_eq!(state.preset, preset, "{actions:?}");
        assert_eq!(state.scenario.title, title, "{actions:?}");
        assert_eq!(state.selection, selection, "{actions:?}");
    }

    #[test]
    fn actions_change_the_state() {
        use Action::*;
        let load = |id: &str| LoadPreset(id.to_owned());
        check(&[], DEFAULT_PRESET, "Clear boundary", None);
        check(&[load("shared-deploy")], "shared-deploy", "Shared ownership of the deploy system", None);
        check(&[load("no-such-preset")], DEFAULT_PRESET, "Clear boundary", None);
        check(&[Select(team("sre"))], DEFAULT_PRESET, "Clear boundary", Some(team("sre")));
        check(&[Select(team("sre")), Select(cap("ci"))], DEFAULT_PRESET, "Clear boundary", Some(cap("ci")));
        check(&[Select(cap("ci")), Select(cap("ci"))], DEFAULT_PRESET, "Clear boundary", None);
        check(&[Select(cap("ci")), load("no-sre")], "no-sre", "Reliability is everyone's job", None);
    }

    #[test]
    fn an_unknown_preset_keeps_the_same_state() {
        let state = Rc::new(AppState::with_preset("orphaned-provisioning"));
        let after = state.clone().reduce(Action::LoadPreset("nope".to_owned()));
        assert!(Rc::ptr_eq(&state, &after));
        assert_eq!(AppState::with_preset("nope").preset, DEFAULT_PRESET);
    }
}
