//! The reducer as a table: actions in, state out.

use super::*;
use crate::model::TeamKind;

fn team(id: &str) -> Selection {
    Selection::Team(TeamId::new(id))
}

fn cap(id: &str) -> Selection {
    Selection::Capability(CapabilityId::new(id))
}

fn run(actions: &[Action]) -> Rc<AppState> {
    let mut state = Rc::new(AppState::default());
    for a in actions {
        state = state.reduce(a.clone());
    }
    state
}

/// Applies actions in order from the default state and compares the
/// preset, the scenario's title and the selection at the end.
fn check(actions: &[Action], preset: &str, title: &str, selection: Option<Selection>) {
    let state = run(actions);
    assert_eq!(state.preset, preset, "{actions:?}");
    assert_eq!(state.scenario.title, title, "{actions:?}");
    assert_eq!(state.selection, selection, "{actions:?}");
}

fn owners(state: &AppState, c: &str) -> Vec<String> {
    state
        .scenario
        .ownership
        .get(&CapabilityId::new(c))
        .map(|v| v.iter().map(|t| t.to_string()).collect())
        .unwrap_or_default()
}

fn mv(c: &str, from: &str, to: &str) -> Action {
    Action::Edit(Edit::MoveCapability { cap: c.into(), from: Some(from.into()), to: to.into() })
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
    check(&[Select(cap("ci")), ClearSelection], DEFAULT_PRESET, "Clear boundary", None);
    check(&[Select(cap("ci")), load("no-sre")], "no-sre", "Reliability is everyone's job", None);
    // Loading a preset is itself undoable.
    check(&[load("no-sre"), Undo], DEFAULT_PRESET, "Clear boundary", None);
    check(&[load("no-sre"), Undo, Redo], "no-sre", "Reliability is everyone's job", None);
}

#[test]
fn an_unknown_preset_keeps_the_same_state() {
    let state = Rc::new(AppState::with_preset("orphaned-provisioning"));
    let after = state.clone().reduce(Action::LoadPreset("nope".to_owned()));
    assert!(Rc::ptr_eq(&state, &after));
    assert_eq!(AppState::with_preset("nope").preset, DEFAULT_PRESET);
}

#[test]
fn undo_and_redo_walk_every_edit() {
    let s = run(&[mv("deploy", "platform", "sre")]);
    assert_eq!(owners(&s, "deploy"), ["sre"]);
    assert_eq!(s.announcement, "Moved Deploy and rollout system to SRE");
    assert!(s.can_undo() && !s.can_redo());
    let s = s.reduce(Action::Undo);
    assert_eq!(owners(&s, "deploy"), ["platform"]);
    assert!(!s.can_undo() && s.can_redo());
    let s = s.reduce(Action::Redo);
    assert_eq!(owners(&s, "deploy"), ["sre"]);
    // A new edit after an undo forgets the redo.
    let s = s.reduce(Action::Undo).reduce(mv("ci", "platform", "sre"));
    assert!(!s.can_redo());
    assert_eq!(owners(&s, "deploy"), ["platform"]);
    assert_eq!(owners(&s, "ci"), ["sre"]);
    // Undo and redo with nothing to do change nothing.
    let fresh = Rc::new(AppState::default());
    assert!(Rc::ptr_eq(&fresh, &fresh.clone().reduce(Action::Undo)));
    assert!(Rc::ptr_eq(&fresh, &fresh.clone().reduce(Action::Redo)));
}

#[test]
fn history_is_capped() {
    let mut s = Rc::new(AppState::default());
    for i in 0..HISTORY_LIMIT + 50 {
        let to = if i % 2 == 0 { "sre" } else { "platform" };
        let from = if i % 2 == 0 { "platform" } else { "sre" };
        s = s.reduce(mv("deploy", from, to));
    }
    assert_eq!(s.past.len(), HISTORY_LIMIT);
}

#[test]
fn a_refused_edit_changes_nothing_but_says_why() {
    let before = Rc::new(AppState::default());
    let s =
        before.clone().reduce(Action::Edit(Edit::SetHeadcount { team: "sre".into(), headcount: f64::NAN }));
    assert!(Rc::ptr_eq(&before.scenario, &s.scenario));
    assert!(!s.can_undo());
    assert_eq!(s.refused.as_deref(), Some("headcount is a whole number from 0 to 10000, not NaN"));
}

#[test]
fn deleting_a_team_orphans_its_capabilities_and_undo_brings_it_back() {
    let s = run(&[Action::Select(team("sre")), Action::Edit(Edit::DeleteTeam { team: "sre".into() })]);
    assert!(s.scenario.teams.iter().all(|t| t.id.as_str() != "sre"));
    assert_eq!(owners(&s, "slo_definitions"), Vec::<String>::new());
    assert_eq!(s.selection, None, "the deleted team is no longer selected");
    assert_eq!(s.announcement, "Deleted team SRE; 5 capabilities are now unowned");
    let s = s.reduce(Action::Undo);
    assert_eq!(s.scenario.teams[1].name, "SRE");
    assert_eq!(owners(&s, "slo_definitions"), ["sre"]);
}

#[test]
fn a_rejected_text_leaves_the_scenario_and_keeps_the_text() {
    let before = run(&[mv("deploy", "platform", "sre")]);
    let rejected =
        Rejected { problems: vec![Problem::new("teams[0].headcount", "bad")], text: "{oops".into() };
    let s = before.clone().reduce(Action::Reject {
        title: "The link could not be opened".into(),
        rejected,
        filename: "rejected.json".into(),
    });
    assert!(Rc::ptr_eq(&before.scenario, &s.scenario));
    assert_eq!(s.past.len(), 1);
    let notice = s.notice.clone().expect("a notice");
    assert_eq!(notice.rejected.as_deref(), Some("{oops"));
    assert_eq!(notice.problems[0].path, "teams[0].headcount");
    assert_eq!(s.reduce(Action::DismissNotice).notice, None);
}

#[test]
fn loading_from_outside_is_undoable_and_forgets_the_preset() {
    let mut file = preset("no-sre").expect("preset");
    file.title = "Ours".into();
    let s = run(&[Action::Load { file: Rc::new(file), origin: Origin::Link }]);
    assert_eq!(s.scenario.title, "Ours");
    assert_eq!(s.preset, "");
    assert_eq!(s.announcement, "Opened the shared link");
    assert_eq!(s.reduce(Action::Undo).scenario.title, "Clear boundary");
}

#[test]
fn highlighting_a_finding_selects_its_first_subject() {
    let s = run(&[Action::Highlight(vec![
        Subject::Design,
        Subject::Capability("deploy".into()),
        Subject::Team("sre".into()),
    ])]);
    assert_eq!(s.selection, Some(cap("deploy")));
    assert_eq!(s.highlight.len(), 3);
    let s = s.reduce(mv("ci", "platform", "sre"));
    assert!(s.highlight.is_empty(), "an edit clears a stale highlight");
    let s = run(&[Action::Edit(Edit::AddTeam { name: "Data".into(), kind: TeamKind::Other })]);
    assert_eq!(s.scenario.teams.last().map(|t| t.id.as_str()), Some("data"));
}
