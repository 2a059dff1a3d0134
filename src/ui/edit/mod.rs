//! The board's edits: the rules are the core's [`crate::model::edit`], pure
//! and tested natively; this gives them the board's geometry, so moving a
//! team pins the others where the board draws them and a new team goes below
//! every drawn one.

pub use crate::model::edit::{
    effective_shape, new_failure, pct, rebalance, split_from, split_percent, Edit, Geometry,
};
use crate::model::{Rect, ScenarioFile};
use crate::ui::board::layout::{layout, TEAM_MIN_W};

/// The board as [`layout`] draws it.
pub struct Board;

impl Geometry for Board {
    fn team_rects(&self, f: &ScenarioFile) -> Vec<Rect> {
        layout(f).teams.iter().map(|t| t.rect).collect()
    }

    fn min_team_width(&self) -> f64 {
        TEAM_MIN_W
    }
}

/// Applies `edit` to `f` as drawn on the board: see [`crate::model::edit::apply`].
pub fn apply(f: &mut ScenarioFile, edit: &Edit) -> Result<String, String> {
    crate::model::edit::apply(f, edit, &Board)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::presets::preset;

    #[test]
    fn moving_a_team_pins_the_others_where_the_layout_draws_them() {
        let mut f = preset("clear-boundary").expect("the default preset exists");
        assert!(f.teams.iter().all(|t| t.rect.is_none()), "the preset leaves its teams to the layout");
        let drawn = Board.team_rects(&f);
        let moved = Rect { x: 700.0, y: 500.0, w: 100.0, h: 80.0 };
        let team = f.teams[1].id.clone();
        apply(&mut f, &Edit::SetTeamRect { team, rect: moved }).expect("a valid move");
        let round = |r: Rect| Rect { x: r.x.round(), y: r.y.round(), w: r.w.round(), h: r.h.round() };
        assert_eq!(f.teams[0].rect, Some(round(drawn[0])));
        assert_eq!(f.teams[2].rect, Some(round(drawn[2])));
        assert_eq!(f.teams[1].rect, Some(Rect { w: TEAM_MIN_W, ..moved }));
        assert_eq!(Board.team_rects(&f)[0], round(drawn[0]), "the layout draws a pinned team where it was");
    }

    #[test]
    fn capability_edits_undo_and_redo_through_the_history() {
        use crate::model::{Layer, Role};
        use crate::ui::app::state::{Action, AppState, Selection};
        use std::rc::Rc;
        use yew::Reducible;
        let start = Rc::new(AppState::default());
        let edits = [
            Edit::AddCapability { name: "Ledger".into(), layer: Layer::Service, role: None, owner: None },
            Edit::SetTraffic { cap: "ledger".into(), traffic_rps: Some(300.0) },
            Edit::SetDependencies { cap: "ledger".into(), depends_on: vec!["deploy".into()] },
            Edit::SetRole { cap: "search".into(), role: Some(Role::Postmortems) },
            Edit::RemoveCapability { cap: "identity".into() },
        ];
        let mut states = vec![start.clone()];
        for e in &edits {
            let next = states.last().cloned().expect("a state").reduce(Action::Edit(e.clone()));
            assert_eq!(next.refused, None, "{e:?}");
            assert_ne!(next.scenario, states.last().expect("a state").scenario, "{e:?} changed nothing");
            states.push(next);
        }
        // The new capability is selected, so the inspector shows it at once.
        assert_eq!(states[1].selection, Some(Selection::Capability("ledger".into())));
        let mut s = states.last().cloned().expect("a state");
        for want in states.iter().rev().skip(1) {
            s = s.reduce(Action::Undo);
            assert_eq!(s.scenario, want.scenario);
        }
        for want in states.iter().skip(1) {
            s = s.reduce(Action::Redo);
            assert_eq!(s.scenario, want.scenario);
        }
        // A refused cycle leaves the design and says why.
        let refused = s.clone().reduce(Action::Edit(Edit::SetDependencies {
            cap: "deploy".into(),
            depends_on: vec!["ledger".into()],
        }));
        assert_eq!(refused.scenario, s.scenario);
        assert_eq!(
            refused.refused.as_deref(),
            Some("that would make a dependency cycle: Deploy and rollout system → Ledger → Deploy and rollout system")
        );
    }
}
