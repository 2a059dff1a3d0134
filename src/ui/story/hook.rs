//! The story's effects on the page, as one hook: opening a chapter loads its
//! board into the editor (an undoable `Load`) and puts the chapter's link in
//! the address bar; progress is saved on every change; reveals and goal
//! checks run in slices; the timer ticks; in a workshop the facilitator's
//! window is kept in sync; and the story's keys (and the "?" overlay's)
//! are listened to. The app shell only places what this returns.

use super::jobs::{self, Generation};
use super::state::{Mode, Playing, Progress, StoryAction, StoryState};
use super::sync::{Command, Message, View};
use crate::model::presets::PRESETS;
use crate::story::{builtin, chapter_board, read_story, BoardSource, Evaluation, StoryFile};
use crate::ui::app::codec::{open_story_fragment, Rejected, STORY_PREFIX};
use crate::ui::app::keys::is_page_shortcut;
use crate::ui::app::state::{Action, AppState, Origin};
use crate::ui::run::run_state::same_design;
use crate::ui::web::listen_keys;
use crate::ui::web::run::ticker;
use crate::ui::web::story::{self as web, Channel, Saved};
use std::collections::BTreeSet;
use std::rc::Rc;
use yew::prelude::*;

/// What the app shell needs of the story.
pub struct StoryHandle {
    pub state: UseReducerHandle<StoryState>,
    pub help: bool,
    pub on_help: Callback<bool>,
    /// Open a story in a mode, from its first chapter (or where the learner
    /// left it).
    pub on_open: Callback<(Rc<StoryFile>, Mode)>,
    /// Open a story file.
    pub on_file: Callback<web_sys::File>,
    pub on_action: Callback<StoryAction>,
    pub on_reveal: Callback<()>,
    pub on_check: Callback<()>,
    pub on_close: Callback<()>,
}

/// The latest of what the long-lived listeners need, refreshed every render.
#[derive(Default)]
struct Latest {
    playing: Option<Playing>,
    preset: Option<String>,
    help: bool,
    reveal: Option<Callback<()>>,
}

#[hook]
pub fn use_story(persist: bool, app: &UseReducerHandle<AppState>) -> StoryHandle {
    let story = use_reducer(StoryState::default);
    let help = use_state_eq(|| false);
    let generation = use_memo((), |()| Generation::default());
    let latest = use_mut_ref(Latest::default);
    let saved = use_mut_ref(|| if persist { web::load_progress() } else { None });

    // Open what a chapter link or a story link asks for, once, when the page starts.
    {
        let (story, saved, scenario, app_d) =
            (story.dispatcher(), saved.clone(), app.scenario.clone(), app.dispatcher());
        use_effect_with((), move |()| {
            if !persist {
                return;
            }
            let hash = web::location_hash();
            let open = |s: StoryFile, mode: Mode, chapter: &str| {
                let resume = saved.borrow().clone().filter(|p| p.story == s.id);
                let index = s.chapter(chapter).map(|(i, _)| i).unwrap_or(0);
                let own = resume.as_ref().and_then(|p| p.own.clone()).unwrap_or_else(|| (*scenario).clone());
                story.dispatch(StoryAction::Open {
                    story: Rc::new(s),
                    mode,
                    chapter: index,
                    own: Some(Rc::new(own)),
                    done: resume.map(|p| p.done.into_iter().collect()).unwrap_or_default(),
                });
            };
            if hash.starts_with(STORY_PREFIX) {
                match open_story_fragment(&hash) {
                    Ok(s) => open(s, Mode::Learn, ""),
                    Err(problems) => app_d.dispatch(Action::Reject {
                        title: "The story link could not be opened".into(),
                        rejected: Rejected { problems, text: hash.clone() },
                        filename: "faultline-story-link.txt".into(),
                    }),
                }
            } else if let Some((mode, id, chapter)) = web::parse_chapter_link(&hash) {
                if let Some(s) = known(&id, saved.borrow().as_ref()) {
                    open(s, mode, &chapter);
                }
            }
        });
    }

    // A chapter opened: its board goes on the board (unless the learner is
    // coming back to the chapter they were working on), its link in the bar.
    let at = story.playing.as_ref().map(|p| (p.story.id.clone(), p.chapter));
    {
        let (app, story, saved, generation) =
            (app.dispatcher(), story.clone(), saved.clone(), generation.clone());
        use_effect_with(at, move |at| {
            generation.cancel();
            match (at, &story.playing) {
                (Some(_), Some(p)) => {
                    let c = p.current();
                    let working_on = saved.borrow().as_ref().is_some_and(|s| {
                        s.story == p.story.id
                            && s.chapter == c.id
                            && s.board_of.as_deref() == Some(c.id.as_str())
                    });
                    if !working_on {
                        match chapter_board(c, p.own.as_deref()) {
                            Ok(file) => app.dispatch(Action::Load {
                                file: Rc::new(file),
                                origin: Origin::Story(c.title.clone()),
                            }),
                            Err(problem) => story.dispatch(StoryAction::Failed(problem.message)),
                        }
                    }
                    if persist {
                        web::set_fragment(&p.fragment());
                    }
                }
                _ => {
                    if persist {
                        web::set_fragment("");
                    }
                }
            }
        });
    }

    // Progress, saved on every change that matters for a resume.
    {
        let key = story.playing.as_ref().map(|p| {
            (
                p.story.id.clone(),
                p.current().id.clone(),
                p.mode == Mode::Workshop,
                p.done.clone(),
                p.own.clone(),
                p.story.clone(),
            )
        });
        let saved = saved.clone();
        use_effect_with(key, move |key| {
            if let (true, Some((story, chapter, workshop, done, own, file))) = (persist, key) {
                let s = Saved {
                    story: story.clone(),
                    // A story from a file or a link is kept, so its chapter links work after a reload.
                    story_json: builtin(story).is_none().then(|| file.to_json()),
                    chapter: chapter.clone(),
                    workshop: *workshop,
                    done: done.iter().cloned().collect(),
                    own: own.as_deref().cloned(),
                    board_of: Some(chapter.clone()),
                };
                web::save_progress(&s);
                *saved.borrow_mut() = Some(s);
            }
        });
    }

    // The timer, one tick a second while it runs.
    {
        let running = story.playing.as_ref().is_some_and(|p| p.timer.running);
        let dispatch = story.dispatcher();
        use_effect_with(running, move |&running| {
            let t =
                running.then(|| ticker(1000, Callback::from(move |()| dispatch.dispatch(StoryAction::Tick))));
            move || drop(t)
        });
    }

    let run_eval = {
        let (story, generation) = (story.dispatcher(), (*generation).clone());
        move |eval: Evaluation,
              progress: fn(Progress) -> StoryAction,
              done: Rc<dyn Fn(Evaluation) -> StoryAction>| {
            let (d, total) = eval.progress();
            story.dispatch(progress(Progress { done: d, total }));
            let (s1, s2) = (story.clone(), story.clone());
            jobs::spawn(
                eval,
                generation.clone(),
                Callback::from(move |p: Progress| s1.dispatch(progress(p))),
                Callback::from(move |e: Evaluation| s2.dispatch(done(e))),
            );
        }
    };
    let on_reveal = {
        let (story, run_eval) = (story.clone(), run_eval.clone());
        Callback::from(move |()| {
            let Some(p) = &story.playing else { return };
            if p.reveal.is_some() || p.revealing.is_some() {
                return;
            }
            match Evaluation::question(&p.story, p.current(), p.own.as_deref()) {
                Ok(eval) => run_eval(
                    eval,
                    StoryAction::RevealProgress,
                    Rc::new(|e: Evaluation| match e.reveal() {
                        Some(r) => StoryAction::Revealed(Rc::new(r)),
                        None => StoryAction::Failed("This chapter has no question to reveal.".to_owned()),
                    }),
                ),
                Err(ps) => story.dispatch(StoryAction::Failed(problems(&ps))),
            }
        })
    };
    let on_check = {
        let (story, run_eval, scenario) = (story.clone(), run_eval.clone(), app.scenario.clone());
        Callback::from(move |()| {
            let Some(p) = &story.playing else { return };
            let Some(goal) = p.current().task.as_ref().and_then(|t| t.goal.as_ref()) else { return };
            match Evaluation::goal(&p.story, goal, &scenario) {
                Ok(eval) => {
                    let design = scenario.clone();
                    run_eval(
                        eval,
                        StoryAction::CheckProgress,
                        Rc::new(move |e: Evaluation| match e.goal_result() {
                            Some(g) => StoryAction::Checked(Rc::new(g), design.clone()),
                            None => StoryAction::Failed("This chapter has no goal to check.".to_owned()),
                        }),
                    )
                }
                Err(ps) => story
                    .dispatch(StoryAction::Failed(format!("Your design cannot run yet: {}", problems(&ps)))),
            }
        })
    };

    // The facilitator's window: a channel while a workshop is open.
    let channel = use_mut_ref(|| None::<Channel>);
    let workshop = story.playing.as_ref().is_some_and(|p| p.mode == Mode::Workshop);
    {
        let (channel, latest, dispatch) = (channel.clone(), latest.clone(), story.dispatcher());
        use_effect_with(workshop, move |&workshop| {
            if workshop {
                let replies = channel.clone();
                let on_message = Callback::from(move |m: Message| {
                    let l = latest.borrow();
                    let Some(p) = &l.playing else { return };
                    match m {
                        Message::Hello => {
                            if let Some(ch) = &*replies.borrow() {
                                ch.post(&Message::View(Box::new(View::of(p))));
                            }
                        }
                        Message::Command(Command::Reveal) => {
                            if let Some(r) = &l.reveal {
                                r.emit(());
                            }
                        }
                        Message::Command(c) => {
                            if let Some(a) = c.action(p) {
                                dispatch.dispatch(a);
                            }
                        }
                        Message::View(_) | Message::Closed => {}
                    }
                });
                *channel.borrow_mut() = Channel::open(on_message);
            } else if let Some(ch) = channel.borrow_mut().take() {
                ch.post(&Message::Closed);
            }
        });
    }
    {
        let view = story.playing.as_ref().filter(|p| p.mode == Mode::Workshop).map(View::of);
        let channel = channel.clone();
        use_effect_with(view, move |view| {
            if let (Some(v), Some(ch)) = (view, &*channel.borrow()) {
                ch.post(&Message::View(Box::new(v.clone())));
            }
        });
    }
    {
        let mut l = latest.borrow_mut();
        l.playing = story.playing.clone();
        l.preset = app.preset.clone();
        l.help = *help;
        l.reveal = Some(on_reveal.clone());
    }

    // Keys: N and B move through chapters (or presets), V reveals, T runs
    // the timer, ? shows the help and Esc hides it.
    {
        let (latest, story_d, app_d, help) =
            (latest.clone(), story.dispatcher(), app.dispatcher(), help.clone());
        use_effect_with((), move |()| {
            let keys = listen_keys(Callback::from(move |e: KeyboardEvent| {
                let l = latest.borrow();
                let key = e.key();
                // Esc closes the help first, whatever else it does on the page.
                if key == "Escape" && l.help {
                    help.set(false);
                    e.prevent_default();
                    return;
                }
                if !is_page_shortcut(&e) {
                    return;
                }
                // While the help is open, the page behind it takes no keys but "?".
                if l.help && key != "?" {
                    return;
                }
                let handled = match (key.as_str(), &l.playing) {
                    ("?", _) => {
                        help.set(!l.help);
                        true
                    }
                    ("n" | "N", Some(p)) => {
                        story_d.dispatch(StoryAction::Go(p.chapter + 1));
                        true
                    }
                    ("b" | "B", Some(p)) => {
                        if let Some(i) = p.chapter.checked_sub(1) {
                            story_d.dispatch(StoryAction::Go(i));
                        }
                        true
                    }
                    ("n" | "N" | "b" | "B", None) => {
                        let forward = key.eq_ignore_ascii_case("n");
                        app_d.dispatch(Action::LoadPreset(
                            neighbour_preset(l.preset.as_deref(), forward).to_owned(),
                        ));
                        true
                    }
                    ("v" | "V", Some(_)) => {
                        if let Some(r) = &l.reveal {
                            r.emit(());
                        }
                        true
                    }
                    ("t" | "T", Some(p)) if p.mode == Mode::Workshop => {
                        story_d.dispatch(StoryAction::ToggleTimer);
                        true
                    }
                    _ => false,
                };
                if handled {
                    e.prevent_default();
                }
            }));
            move || drop(keys)
        });
    }

    let on_open = {
        let (story, saved, scenario) = (story.dispatcher(), saved.clone(), app.scenario.clone());
        Callback::from(move |(s, mode): (Rc<StoryFile>, Mode)| {
            if persist {
                web::answer_intro();
            }
            let resume = saved.borrow().clone().filter(|p| p.story == s.id);
            let chapter = resume.as_ref().and_then(|p| s.chapter(&p.chapter)).map(|(i, _)| i).unwrap_or(0);
            let own = resume.as_ref().and_then(|p| p.own.clone()).unwrap_or_else(|| (*scenario).clone());
            let done: BTreeSet<String> = resume.map(|p| p.done.into_iter().collect()).unwrap_or_default();
            // Opening afresh loads the chapter's board even if the saved
            // progress says it was being worked on.
            if let Some(s) = saved.borrow_mut().as_mut() {
                s.board_of = None;
            }
            story.dispatch(StoryAction::Open { story: s, mode, chapter, own: Some(Rc::new(own)), done });
        })
    };
    // A story file a facilitator wrote: opened, or every problem listed.
    let on_file = {
        let (on_open, app_d, story) = (on_open.clone(), app.dispatcher(), story.clone());
        Callback::from(move |file: web_sys::File| {
            let (on_open, app_d) = (on_open.clone(), app_d.clone());
            let mode = story.playing.as_ref().map(|p| p.mode).unwrap_or(Mode::Learn);
            crate::ui::web::read_text(file, move |name, text| {
                // A file that cannot be read as text is rejected as an empty story.
                let text = text.unwrap_or_default();
                match read_story(&text) {
                    Ok(s) => on_open.emit((Rc::new(s), mode)),
                    Err(problems) => app_d.dispatch(Action::Reject {
                        title: format!("{name} could not be opened as a story"),
                        rejected: Rejected { problems, text },
                        filename: format!("rejected-{name}"),
                    }),
                }
            });
        })
    };
    // Closing a story puts the learner's own design back on the board (an
    // undoable Load, so the chapter's board is one undo away), unless the
    // chapter was the learner's own design, whose edits are theirs to keep.
    let on_close = {
        let (story_d, generation, app_d) = (story.dispatcher(), (*generation).clone(), app.dispatcher());
        let playing = story.playing.clone();
        let scenario = app.scenario.clone();
        Callback::from(move |()| {
            generation.cancel();
            if let Some(p) = &playing {
                let on_own = p.current().board == BoardSource::Own;
                if let (false, Some(own)) = (on_own, &p.own) {
                    if !same_design(own, &scenario) {
                        app_d.dispatch(Action::Load {
                            file: own.clone(),
                            origin: Origin::Story("your design".into()),
                        });
                    }
                }
            }
            story_d.dispatch(StoryAction::Close);
        })
    };
    let on_help = {
        let help = help.clone();
        Callback::from(move |on: bool| help.set(on))
    };
    StoryHandle {
        on_action: story.dispatcher().to_callback(),
        state: story,
        help: *help,
        on_help,
        on_open,
        on_file,
        on_reveal,
        on_check,
        on_close,
    }
}

/// The story with this id: built in, or the one saved with the progress.
fn known(id: &str, saved: Option<&Saved>) -> Option<StoryFile> {
    builtin(id).or_else(|| {
        let json = saved.filter(|s| s.story == id)?.story_json.as_deref()?;
        read_story(json).ok()
    })
}

/// The preset after (or before) this one in the menu, wrapping around.
pub fn neighbour_preset(current: Option<&str>, forward: bool) -> &'static str {
    let n = PRESETS.len();
    let i = PRESETS.iter().position(|p| Some(p.id) == current);
    let next = match (i, forward) {
        (Some(i), true) => (i + 1) % n,
        (Some(i), false) => (i + n - 1) % n,
        (None, _) => 0,
    };
    PRESETS[next].id
}

fn problems(ps: &[crate::model::Problem]) -> String {
    ps.iter().take(3).map(ToString::to_string).collect::<Vec<_>>().join("; ")
}
