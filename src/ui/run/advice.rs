//! The advisor's results as the page uses them, with no Yew in it: a
//! suggested move turned into the editor's own edit (so applying it is an
//! ordinary, undoable edit), and the marks the board draws for the top
//! moves: a ghost arrow from a capability to the team it would go to, or a
//! ring on the team whose time, rota or headcount would change, each with
//! its effect.

use crate::analysis::advisor::{Move, Suggestion, Suggestions};
use crate::analysis::report::minus_signs;
use crate::model::{CapabilityId, ScenarioFile, TeamId};
use crate::ui::edit::Edit;

/// How many suggestions the board marks.
pub const MARKED: usize = 3;

/// The edit that makes `mv` on `file`, or `None` when it no longer applies
/// there (the team or capability is gone, too few points to move).
pub fn edit_for(mv: &Move, file: &ScenarioFile) -> Option<Edit> {
    let moved = mv.apply(file)?;
    let team_after = |id: &TeamId| moved.teams.iter().find(|t| &t.id == id);
    Some(match mv {
        Move::Reassign { cap, to, .. } => Edit::GiveTo { cap: cap.clone(), team: to.clone() },
        Move::ShiftTime { team, .. } => {
            Edit::SetTimeSplit { team: team.clone(), split: team_after(team)?.time_split }
        }
        Move::OnCall { team } => Edit::SetOnCall { team: team.clone(), on_call: true },
        Move::Hire { team, .. } => {
            Edit::SetHeadcount { team: team.clone(), headcount: team_after(team)?.headcount }
        }
    })
}

/// Where a mark goes on the board.
#[derive(Clone, Debug, PartialEq)]
pub enum MarkAt {
    /// An arrow from the capability's card to the team's box.
    Arrow { cap: CapabilityId, to: TeamId },
    /// A ring around the team's box.
    Team { team: TeamId },
}

/// One suggestion drawn on the board.
#[derive(Clone, Debug, PartialEq)]
pub struct AdviceMark {
    /// Its place in the list, from 1.
    pub rank: usize,
    pub at: MarkAt,
    /// "#1 −33.1 pts", with a real minus sign.
    pub text: String,
    /// The move in words, for the mark's tooltip.
    pub label: String,
}

/// The marks for the top suggestions that are clearly better than no
/// change: a move the runs cannot tell from no change gets no arrow.
pub fn marks(s: &Suggestions) -> Vec<AdviceMark> {
    s.suggestions
        .iter()
        .enumerate()
        .filter(|(_, g)| g.distinguishable && g.gain > 0.0)
        .take(MARKED)
        .map(|(i, g)| mark(s, i + 1, g))
        .collect()
}

fn mark(s: &Suggestions, rank: usize, g: &Suggestion) -> AdviceMark {
    let at = match &g.described.mv {
        Move::Reassign { cap, to, .. } => MarkAt::Arrow { cap: cap.clone(), to: to.clone() },
        Move::ShiftTime { team, .. } | Move::OnCall { team } | Move::Hire { team, .. } => {
            MarkAt::Team { team: team.clone() }
        }
    };
    let effect = minus_signs(&s.objective.show_diff(g.effect.mean));
    AdviceMark { rank, at, text: format!("#{rank} {effect}"), label: g.described.label.clone() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::advisor::{moves, suggest, Plan};
    use crate::analysis::objective::Objective;
    use crate::model::presets::{preset, PRESETS};
    use crate::model::validate;

    #[test]
    fn every_move_becomes_an_edit_that_makes_the_same_design() {
        for p in PRESETS {
            let file = preset(p.id).expect("preset");
            let sc = validate(file.clone()).expect("valid");
            for d in moves(&sc) {
                let Some(expected) = d.mv.apply(&file) else { continue };
                let edit = edit_for(&d.mv, &file).expect("an edit for a move that applies");
                let mut edited = file.clone();
                crate::ui::edit::apply(&mut edited, &edit).unwrap_or_else(|e| panic!("{}: {e}", d.label));
                assert_eq!(edited, expected, "{}: {}", p.id, d.label);
            }
        }
    }

    #[test]
    fn only_clear_improvements_are_marked_and_arrows_run_to_the_new_owner() {
        let sc = validate(preset("shared-deploy").expect("preset")).expect("valid");
        let s = suggest(&sc, Plan::new(Objective::Silent, 1, 20));
        let m = marks(&s);
        assert!(!m.is_empty() && m.len() <= MARKED);
        for (k, mark) in m.iter().enumerate() {
            let g = &s.suggestions[mark.rank - 1];
            assert!(g.distinguishable && g.gain > 0.0, "{}", g.described.label);
            assert!(mark.text.starts_with(&format!("#{} −", mark.rank)), "{}", mark.text);
            if k > 0 {
                assert!(mark.rank > m[k - 1].rank);
            }
        }
        assert!(matches!(&m[0].at, MarkAt::Arrow { cap, .. } if cap.as_str() == "deploy"), "{:?}", m[0]);
        // Nothing clearly better, nothing marked.
        let mut none = s.clone();
        for g in &mut none.suggestions {
            g.distinguishable = false;
        }
        assert!(marks(&none).is_empty());
    }
}
