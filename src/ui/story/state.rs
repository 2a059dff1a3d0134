//! A story being played, and the only way it changes: a [`StoryAction`]
//! applied by the reducer. Kept apart from the editor's state: moving
//! between chapters loads boards through the editor's own `Load` (so it is
//! undoable), but predictions, tallies, reveals and the timer are not edits.

use crate::model::ScenarioFile;
use crate::story::{Ask, Chapter, GoalResult, Reveal, StoryFile};
use std::collections::BTreeSet;
use std::rc::Rc;
use yew::Reducible;

/// Who the story is played for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// One person at their own pace.
    Learn,
    /// A facilitator and a room: the room's show of hands, a timer, notes in
    /// a second window.
    Workshop,
}

impl Mode {
    /// The fragment key of a chapter link in this mode.
    pub fn key(self) -> &'static str {
        match self {
            Mode::Learn => "story",
            Mode::Workshop => "workshop",
        }
    }
}

/// Work running for the chapter: runs made and runs in all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub done: u32,
    pub total: u32,
}

/// A chapter timer, in whole seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timer {
    pub total: u32,
    pub left: u32,
    pub running: bool,
}

/// Seconds in a minute, as the timer counts.
const MINUTE: u32 = crate::time::MINUTE as u32;

/// Seconds left on a countdown as "4:05".
pub fn countdown_text(seconds: u32) -> String {
    format!("{}:{:02}", seconds / MINUTE, seconds % MINUTE)
}

impl Timer {
    pub fn of_minutes(m: u32) -> Self {
        Self { total: m * MINUTE, left: m * MINUTE, running: false }
    }

    /// "4:05".
    pub fn text(&self) -> String {
        countdown_text(self.left)
    }
}

/// The story on screen.
#[derive(Clone, Debug, PartialEq)]
pub struct Playing {
    pub story: Rc<StoryFile>,
    pub mode: Mode,
    pub chapter: usize,
    /// The learner's prediction: an option id (range and compare questions).
    pub choice: Option<String>,
    /// The simple test's two answers: a team name each, or "Nobody".
    pub simple: [Option<String>; 2],
    /// The room's show of hands, per option.
    pub tally: Vec<u32>,
    pub revealing: Option<Progress>,
    pub reveal: Option<Rc<Reveal>>,
    pub checking: Option<Progress>,
    pub goal: Option<Rc<GoalResult>>,
    /// The design the goal was checked on, to tell when the board has moved on.
    pub checked: Option<Rc<ScenarioFile>>,
    /// Chapters whose reveal was seen and whose goal, if any, was met.
    pub done: BTreeSet<String>,
    /// The learner's design when the story began, for the last chapter.
    pub own: Option<Rc<ScenarioFile>>,
    pub timer: Timer,
    /// Why the last evaluation could not run.
    pub error: Option<String>,
}

impl Playing {
    pub fn current(&self) -> &Chapter {
        &self.story.chapters[self.chapter]
    }

    pub fn is_last(&self) -> bool {
        self.chapter + 1 >= self.story.chapters.len()
    }

    /// Whether the prediction has been made, so the reveal may come.
    pub fn predicted(&self) -> bool {
        match (&self.current().question.ask, self.mode) {
            (_, Mode::Workshop) => true,
            (Ask::SimpleTest, Mode::Learn) => self.simple.iter().all(Option::is_some),
            (_, Mode::Learn) => self.choice.is_some(),
        }
    }

    /// The chapter's link fragment: `#story=learn/paved-road`.
    pub fn fragment(&self) -> String {
        format!("#{}={}/{}", self.mode.key(), self.story.id, self.current().id)
    }

    /// The story at a chapter (the last, if past it), with the chapter's
    /// round afresh: no prediction, tally, reveal or check, its timer full.
    fn new(
        story: Rc<StoryFile>,
        mode: Mode,
        chapter: usize,
        own: Option<Rc<ScenarioFile>>,
        done: BTreeSet<String>,
    ) -> Self {
        let chapter = chapter.min(story.chapters.len().saturating_sub(1));
        let c = &story.chapters[chapter];
        Self {
            tally: vec![0; options(c)],
            timer: Timer::of_minutes(c.minutes),
            story,
            mode,
            chapter,
            choice: None,
            simple: [None, None],
            revealing: None,
            reveal: None,
            checking: None,
            goal: None,
            checked: None,
            done,
            own,
            error: None,
        }
    }

    fn at(&self, chapter: usize) -> Self {
        Self::new(self.story.clone(), self.mode, chapter, self.own.clone(), self.done.clone())
    }

    /// Marks the chapter done when its reveal is seen and its goal, if any, met.
    fn settle(mut self) -> Self {
        let goal_met = match self.current().task.as_ref().and_then(|t| t.goal.as_ref()) {
            Some(_) => self.goal.as_ref().is_some_and(|g| g.met),
            None => true,
        };
        if self.reveal.is_some() && goal_met {
            let id = self.current().id.clone();
            self.done.insert(id);
        }
        self
    }
}

/// How many options a chapter's question offers for a tally.
fn options(c: &Chapter) -> usize {
    match &c.question.ask {
        Ask::Range { options, .. } => options.len(),
        Ask::Compare { options, .. } => options.len(),
        Ask::SimpleTest => 0,
    }
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct StoryState {
    pub playing: Option<Playing>,
}

#[derive(Clone, Debug)]
pub enum StoryAction {
    /// Start (or resume) a story at a chapter, remembering the learner's design.
    Open {
        story: Rc<StoryFile>,
        mode: Mode,
        chapter: usize,
        own: Option<Rc<ScenarioFile>>,
        done: BTreeSet<String>,
    },
    Close,
    Go(usize),
    SetMode(Mode),
    Choose(String),
    ChooseSimple(usize, String),
    /// The room's hands for an option.
    Tally(usize, u32),
    RevealProgress(Progress),
    Revealed(Rc<Reveal>),
    CheckProgress(Progress),
    /// The goal's result on this design.
    Checked(Rc<GoalResult>, Rc<ScenarioFile>),
    Failed(String),
    /// One second of the timer, while it runs.
    Tick,
    ToggleTimer,
    /// Add or take away minutes (at least one minute stays).
    AdjustTimer(i32),
    ResetTimer,
}

impl Reducible for StoryState {
    type Action = StoryAction;

    fn reduce(self: Rc<Self>, action: StoryAction) -> Rc<Self> {
        let next = match (action, &self.playing) {
            (StoryAction::Open { story, mode, chapter, own, done }, _) => {
                if story.chapters.is_empty() {
                    return self;
                }
                Some(Playing::new(story, mode, chapter, own, done))
            }
            (StoryAction::Close, _) => None,
            (_, None) => return self,
            (StoryAction::Go(i), Some(p)) => {
                if i >= p.story.chapters.len() || i == p.chapter {
                    return self;
                }
                Some(p.at(i))
            }
            (StoryAction::SetMode(mode), Some(p)) => Some(Playing { mode, ..p.clone() }),
            (StoryAction::Choose(id), Some(p)) if p.reveal.is_none() => {
                Some(Playing { choice: Some(id), ..p.clone() })
            }
            (StoryAction::ChooseSimple(i, team), Some(p)) if p.reveal.is_none() && i < 2 => {
                let mut simple = p.simple.clone();
                simple[i] = Some(team);
                Some(Playing { simple, ..p.clone() })
            }
            (StoryAction::Tally(i, n), Some(p)) if i < p.tally.len() => {
                let mut tally = p.tally.clone();
                tally[i] = n.min(999);
                Some(Playing { tally, ..p.clone() })
            }
            (StoryAction::RevealProgress(pr), Some(p)) => {
                Some(Playing { revealing: Some(pr), error: None, ..p.clone() })
            }
            (StoryAction::Revealed(r), Some(p)) => {
                Some(Playing { reveal: Some(r), revealing: None, ..p.clone() }.settle())
            }
            (StoryAction::CheckProgress(pr), Some(p)) => {
                Some(Playing { checking: Some(pr), goal: None, error: None, ..p.clone() })
            }
            (StoryAction::Checked(g, design), Some(p)) => {
                Some(Playing { goal: Some(g), checked: Some(design), checking: None, ..p.clone() }.settle())
            }
            (StoryAction::Failed(why), Some(p)) => {
                Some(Playing { error: Some(why), revealing: None, checking: None, ..p.clone() })
            }
            (StoryAction::Tick, Some(p)) if p.timer.running => {
                let left = p.timer.left.saturating_sub(1);
                Some(Playing { timer: Timer { left, running: left > 0, ..p.timer }, ..p.clone() })
            }
            (StoryAction::ToggleTimer, Some(p)) => {
                let t = p.timer;
                let timer = if t.left == 0 {
                    Timer { left: t.total, running: true, ..t }
                } else {
                    Timer { running: !t.running, ..t }
                };
                Some(Playing { timer, ..p.clone() })
            }
            (StoryAction::AdjustTimer(minutes), Some(p)) => {
                let t = p.timer;
                let delta = i64::from(minutes) * crate::time::MINUTE;
                let total =
                    (i64::from(t.total) + delta).clamp(crate::time::MINUTE, 2 * crate::time::HOUR) as u32;
                let left = (t.left as i64 + (total as i64 - t.total as i64)).clamp(0, total as i64) as u32;
                Some(Playing { timer: Timer { total, left, ..t }, ..p.clone() })
            }
            (StoryAction::ResetTimer, Some(p)) => {
                Some(Playing { timer: Timer { left: p.timer.total, running: false, ..p.timer }, ..p.clone() })
            }
            _ => return self,
        };
        Rc::new(StoryState { playing: next })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::story::learn;

    fn open(mode: Mode) -> Rc<StoryState> {
        Rc::new(StoryState::default()).reduce(StoryAction::Open {
            story: Rc::new(learn()),
            mode,
            chapter: 0,
            own: None,
            done: BTreeSet::new(),
        })
    }

    fn playing(s: &StoryState) -> &Playing {
        s.playing.as_ref().expect("a story is open")
    }

    #[test]
    fn a_prediction_comes_before_the_reveal_and_is_kept_with_it() {
        let s = open(Mode::Learn);
        assert!(!playing(&s).predicted());
        let s = s.reduce(StoryAction::Choose("most".into()));
        assert!(playing(&s).predicted());
        // The room's hands are counted per option in a workshop.
        let s = s.reduce(StoryAction::Tally(1, 7)).reduce(StoryAction::Tally(9, 7));
        assert_eq!(playing(&s).tally, vec![0, 7, 0]);
        let reveal = Rc::new(Reveal {
            measure: String::new(),
            share: true,
            options: Vec::new(),
            simple: None,
            runs: 1,
            seed: 1,
        });
        let s = s.reduce(StoryAction::Revealed(reveal));
        // After the reveal the prediction cannot change.
        let s = s.reduce(StoryAction::Choose("few".into()));
        assert_eq!(playing(&s).choice.as_deref(), Some("most"));
        // The first chapter has no goal: seeing the reveal completes it.
        assert!(playing(&s).done.contains("paved-road"));
    }

    #[test]
    fn moving_to_a_chapter_starts_it_afresh_and_the_timer_counts_down() {
        let s = open(Mode::Workshop).reduce(StoryAction::Choose("few".into())).reduce(StoryAction::Go(2));
        let p = playing(&s);
        assert_eq!((p.chapter, p.choice.clone(), p.tally.len()), (2, None, 4));
        assert_eq!(p.fragment(), "#workshop=learn/the-bounce");
        assert_eq!(p.timer.text(), "5:00");
        let s = s.reduce(StoryAction::Tick);
        assert_eq!(playing(&s).timer.left, 300, "a paused timer does not count");
        let s = s.reduce(StoryAction::ToggleTimer).reduce(StoryAction::Tick).reduce(StoryAction::Tick);
        assert_eq!(playing(&s).timer.text(), "4:58");
        let s = s.reduce(StoryAction::AdjustTimer(2));
        assert_eq!(playing(&s).timer.text(), "6:58");
        let s = s.reduce(StoryAction::AdjustTimer(-10));
        assert_eq!((playing(&s).timer.total, playing(&s).timer.left), (60, 58));
        // Past the last chapter, nothing moves.
        let s = s.reduce(StoryAction::Go(99));
        assert_eq!(playing(&s).chapter, 2);
    }
}
