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
    assert_eq!(state.preset.as_deref(), Some(preset), "{actions:?}");
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
    assert_eq!(AppState::with_preset("nope").preset.as_deref(), Some(DEFAULT_PRESET));
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
    assert_eq!(
        s.refused.as_deref(),
        Some("the design would not be valid: teams[1].headcount: headcount must be a finite number")
    );
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
    assert_eq!(s.preset, None);
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

fn title(t: &str) -> Action {
    Action::Edit(Edit::SetTitle { title: t.to_owned() })
}

fn moved_box() -> Action {
    Action::Edit(Edit::SetTeamRect {
        team: "sre".into(),
        rect: crate::model::Rect { x: 700.0, y: 40.0, w: 300.0, h: 220.0 },
    })
}

/// The design's name after each list of actions from the default preset:
/// an edit that changes the design marks the preset "(edited)" once, in
/// the same undo step; moving a box, the user's own name and a design that
/// is not a preset are left alone.
#[test]
fn an_edited_preset_says_so_unless_the_user_named_it() {
    use Action::*;
    let cases: &[(&[Action], &str)] = &[
        (&[], "Clear boundary"),
        (&[mv("deploy", "platform", "sre")], "Clear boundary (edited)"),
        (&[mv("deploy", "platform", "sre"), mv("ci", "platform", "sre")], "Clear boundary (edited)"),
        // Undo takes the name back with the edit that gave it.
        (&[mv("deploy", "platform", "sre"), Undo], "Clear boundary"),
        (&[mv("deploy", "platform", "sre"), Undo, Redo], "Clear boundary (edited)"),
        // A re-layout or a recolour plays out the same: still the preset.
        (&[moved_box()], "Clear boundary"),
        (
            &[Action::Edit(crate::ui::edit::Edit::RecolourTeam {
                team: "sre".into(),
                color: Some("#123456".into()),
            })],
            "Clear boundary",
        ),
        // A refused edit changes nothing.
        (
            &[Action::Edit(crate::ui::edit::Edit::SetHeadcount { team: "sre".into(), headcount: -1.0 })],
            "Clear boundary",
        ),
        // The user's own name is kept, before or after the first edit.
        (&[title("Today's org"), mv("deploy", "platform", "sre")], "Today's org"),
        (&[mv("deploy", "platform", "sre"), title("Proposal"), mv("ci", "platform", "sre")], "Proposal"),
        (
            &[
                LoadPreset("no-sre".into()),
                Action::Edit(crate::ui::edit::Edit::SetHeadcount { team: "platform".into(), headcount: 3.0 }),
            ],
            "Reliability is everyone's job (edited)",
        ),
    ];
    for (actions, expected) in cases {
        assert_eq!(run(actions).scenario.title, *expected, "{actions:?}");
    }
    // A design from outside is not a preset, whatever its title says.
    let file = Rc::new(preset("clear-boundary").expect("preset"));
    let s = run(&[Load { file, origin: Origin::Link }, mv("deploy", "platform", "sre")]);
    assert_eq!(s.scenario.title, "Clear boundary");
}

#[test]
fn renaming_is_one_undoable_step_and_a_bad_name_is_refused() {
    let s = run(&[title("Today's org")]);
    assert_eq!((s.scenario.title.as_str(), s.past.len()), ("Today's org", 1));
    assert_eq!(s.announcement, "Renamed Clear boundary to Today's org");
    assert_eq!(s.clone().reduce(Action::Undo).scenario.title, "Clear boundary");
    let refused = s.clone().reduce(title(""));
    assert!(Rc::ptr_eq(&s.scenario, &refused.scenario));
    assert_eq!(refused.refused.as_deref(), Some("a design's name cannot be empty"));
}

/// The baseline is a copy of the design when it was set: edits, undo and
/// loading another design leave it alone; setting it again replaces it and
/// clearing it forgets it.
#[test]
fn the_baseline_keeps_the_design_as_it_was() {
    use Action::*;
    let s = run(&[title("Today's org"), SetBaseline]);
    assert_eq!(s.announcement, "Kept Today's org as the baseline");
    let kept = s.baseline.clone().expect("a baseline");
    assert!(Rc::ptr_eq(&kept, &s.scenario));
    let s = s.reduce(mv("deploy", "platform", "sre")).reduce(title("Proposal"));
    assert_eq!(s.baseline.as_ref().map(|b| b.title.as_str()), Some("Today's org"));
    let base = s.baseline.as_deref().expect("kept");
    assert_eq!(base.ownership.get(&CapabilityId::new("deploy")).map(|v| v[0].as_str()), Some("platform"));
    assert_eq!(owners(&s, "deploy"), ["sre"]);
    let s = s.reduce(Undo).reduce(Undo).reduce(Undo);
    assert!(s.baseline.as_ref().is_some_and(|b| Rc::ptr_eq(b, &kept)), "undo is for edits, not the baseline");
    let s = s.reduce(LoadPreset("sre-absorbed".into()));
    assert!(
        s.baseline.as_ref().is_some_and(|b| Rc::ptr_eq(b, &kept)),
        "a loaded proposal keeps the baseline"
    );
    let s = s.reduce(SetBaseline);
    assert_eq!(s.baseline.as_ref().map(|b| b.title.as_str()), Some("SRE absorbed into Platform"));
    let s = s.reduce(ClearBaseline);
    assert_eq!((s.baseline.clone(), s.announcement.as_str()), (None, "Cleared the baseline"));
    assert!(Rc::ptr_eq(&s, &s.clone().reduce(ClearBaseline)), "nothing to clear changes nothing");
}
