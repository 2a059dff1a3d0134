#![cfg(not(target_arch = "wasm32"))]
//! The run panel's components rendered on the server: props in, HTML out.
//! A run is made natively with the same engine the page uses, put into a
//! [`RunState`] at a chosen step, and the markup is read the way a room
//! reads the screen: the clock, what just happened, who holds what, the
//! verdicts, the charts, the board's highlights and arrows — with user text
//! always coming out as text.

use base64::Engine as _;
use faultline::analysis::compare::compare;
use faultline::analysis::handoffs::Handoffs;
use faultline::analysis::montecarlo::{aggregate, run_range};
use faultline::analysis::verdict::verdict;
use faultline::engine::{format_clock, run, What};
use faultline::model::presets::preset;
use faultline::model::{validate, CapabilityId, ScenarioFile};
use faultline::ui::run::playback::frame;
use faultline::ui::run::{
    single_run, BoardOverlay, CompareRun, MadeOn, McCharts, MonteCarlo, RunPanel, RunPanelProps, RunResults,
    RunResultsProps, RunState,
};
use faultline::ui::{Board, BoardProps};
use std::rc::Rc;
use yew::LocalServerRenderer;

fn file(id: &str) -> Rc<ScenarioFile> {
    Rc::new(preset(id).unwrap_or_else(|| panic!("preset {id}")))
}

fn state_at(f: &Rc<ScenarioFile>, seed: u64, step: usize) -> RunState {
    let sc = Rc::new(validate((**f).clone()).expect("presets validate"));
    RunState { single: Some(Rc::new(single_run(f.clone(), sc, seed))), step, ..RunState::default() }
}

fn panel(scenario: Rc<ScenarioFile>, state: RunState) -> String {
    let props = RunPanelProps { scenario, state, on_action: Default::default(), with_replay: true };
    futures::executor::block_on(LocalServerRenderer::<RunPanel>::with_props(props).hydratable(false).render())
}

fn results(scenario: Rc<ScenarioFile>, state: RunState) -> String {
    results_with(scenario, state, None)
}

/// The results with a kept baseline.
fn results_with(scenario: Rc<ScenarioFile>, state: RunState, baseline: Option<Rc<ScenarioFile>>) -> String {
    let props = RunResultsProps {
        scenario,
        state,
        on_action: Default::default(),
        baseline,
        on_set_baseline: Default::default(),
        on_clear_baseline: Default::default(),
        on_edit: Default::default(),
    };
    futures::executor::block_on(
        LocalServerRenderer::<RunResults>::with_props(props).hydratable(false).render(),
    )
}

/// Text as it appears in a text node of the rendered HTML.
fn text(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The opening tag of the element with this id.
fn tag<'a>(html: &'a str, id: &str) -> &'a str {
    let at = html.find(&format!("id=\"{id}\"")).unwrap_or_else(|| panic!("no #{id}"));
    let start = html[..at].rfind('<').expect("in a tag");
    &html[start..at + html[at..].find('>').expect("tags close") + 1]
}

#[test]
fn before_any_run_the_bar_offers_run_and_monte_carlo() {
    let html = panel(file("clear-boundary"), RunState::default());
    let check = |id: &str, enabled: bool| {
        let t = tag(&html, id);
        assert_eq!(!t.contains("disabled"), enabled, "{t}");
        // Named by its visible text (so a voice command saying what is on
        // screen finds it), with a tooltip saying more.
        assert!(!t.contains("aria-label=\""), "the visible text is the name: {t}");
        assert!(t.contains("title=\""), "every control says what it does: {t}");
    };
    check("run-once", true);
    check("run-monte-carlo", true);
    check("report-md", true);
    check("presenter-toggle", true);
    assert!(tag(&html, "run-seed").contains("value=\"1\""), "the scenario's seed is the default");
    assert!(tag(&html, "run-count").contains("value=\"200\""), "the scenario's runs are the default");
    assert!(tag(&html, "presenter-toggle").contains("aria-pressed=\"false\""));
    assert!(!html.contains("id=\"play-pause\""), "nothing to play yet");
}

#[test]
fn a_design_that_cannot_run_says_why_and_disables_running() {
    let mut f = preset("clear-boundary").expect("preset");
    f.teams[0].time_split.toil = 90.0;
    f.teams[1].headcount = -3.0;
    f.failures[0].target = CapabilityId::new("no-such-capability");
    let problems = validate(f.clone()).expect_err("invalid");
    let html = panel(Rc::new(f), RunState::default());
    assert!(html.contains("This design cannot run yet:"));
    for p in &problems {
        assert!(html.contains(&text(&p.to_string())), "{p} is listed");
    }
    assert!(html.contains("teams[0].time_split"), "problems carry their path");
    assert!(tag(&html, "run-once").contains("disabled"));
    assert!(tag(&html, "run-monte-carlo").contains("disabled"));
}

#[test]
fn the_replay_shows_the_clock_the_event_and_who_holds_what() {
    let f = file("orphaned-provisioning");
    let probe = state_at(&f, 1, 0);
    let run = probe.single.clone().expect("a run");
    let log = &run.log;
    // The step just after the first hand-off to a team: something is held.
    let k = log.events.iter().position(|e| matches!(e.what, What::HandedOff { .. })).expect("a hand-off") + 1;
    let html = panel(f.clone(), RunState { step: k, ..probe.clone() });
    let e = &log.events[k - 1];
    assert!(html.contains(&format!(">{}</span>", format_clock(e.time))), "the clock");
    assert!(html.contains(&text(&e.sentence(&run.scenario, log))), "the current event in words");
    assert!(html.contains(&format!(">{k} / {}</span>", log.events.len())), "the position in the log");
    assert!(tag(&html, "scrubber").contains(&format!("value=\"{k}\"")));
    let fr = frame(log, k);
    assert!(html.contains(&format!("Open incidents ({})", fr.open.len())));
    assert_eq!(html.matches("class=\"open-incident ").count(), fr.open.len());
    for o in &fr.open {
        assert!(html.contains(&format!("data-incident=\"{}\"", o.incident)));
    }
    assert!(!tag(&html, "step-back").contains("disabled"));
    assert!(tag(&html, "play-pause").contains("aria-label=\"Play\""));

    // At the first close, the verdict of that incident is on screen.
    let first = log.events.iter().position(|e| matches!(e.what, What::Closed { .. })).expect("a close") + 1;
    let html = panel(f.clone(), RunState { step: first, ..probe.clone() });
    let closed = &log.incidents[log.events[first - 1].incident.get()];
    let v = verdict(&run.scenario, log, closed);
    assert!(v.contains(" — "), "a verdict names the cost and the outcome: {v}");
    assert!(tag(&html, "latest-verdict").contains("latest-verdict"));
    assert!(html.contains(&text(&v)), "the latest verdict: {v}");

    // At the start nothing has happened and stepping back is impossible.
    let html = panel(f, probe);
    assert!(tag(&html, "step-back").contains("disabled"));
    assert!(html.contains(">Day 1 00:00</span>"));
}

#[test]
fn results_made_for_another_design_are_marked_stale() {
    let f = file("clear-boundary");
    let state = state_at(&f, 1, 3);
    let mut edited = (*f).clone();
    edited.teams[1].headcount = 2.0;
    let html = panel(Rc::new(edited.clone()), state.clone());
    assert!(html.contains("Design changed since this run — run again."));
    let html = results(Rc::new(edited), state.clone());
    assert!(html.contains("Design changed since this run — run again."));
    // The same design, moved on the board, is not stale.
    let mut moved = (*f).clone();
    moved.teams[0].color = Some("#123456".into());
    assert!(!panel(Rc::new(moved), state).contains("Design changed"));
}

fn decoded_charts(html: &str) -> Vec<(String, String)> {
    html.match_indices("data-chart=\"")
        .map(|(i, m)| {
            let id = &html[i + m.len()..];
            let id = &id[..id.find('"').expect("quoted")];
            let src = &html[i..];
            let b64 = &src[src.find("data:image/svg+xml;base64,").expect("an image") + 26..];
            let b64 = &b64[..b64.find('"').expect("quoted")];
            let svg = base64::engine::general_purpose::STANDARD.decode(b64).expect("base64");
            (id.to_owned(), String::from_utf8(svg).expect("utf-8"))
        })
        .collect()
}

#[test]
fn verdicts_and_charts_follow_the_replay() {
    let f = file("no-sre");
    let state = state_at(&f, 2, 0);
    let run = state.single.clone().expect("a run");
    let n = run.log.events.len();
    let mid = n / 2;
    let html = results(f.clone(), RunState { step: mid, ..state.clone() });
    let closed = frame(&run.log, mid).closed;
    assert_eq!(html.matches("class=\"verdict ").count(), closed.len(), "one verdict per closed incident");
    assert!(html.contains(&format!("Verdicts so far: {} of {}", closed.len(), run.log.incidents.len())));
    let charts = decoded_charts(&html);
    let ids: Vec<&str> = charts.iter().map(|c| c.0.as_str()).collect();
    assert_eq!(ids, ["budget", "swimlanes", "handoffs"]);
    let clock = format_clock(run.log.events[mid - 1].time);
    for (id, svg) in &charts[..2] {
        assert!(
            svg.starts_with("<svg") && svg.contains(&format!("shown up to {clock}")),
            "{id} follows the cursor"
        );
    }
    assert!(html.contains("aria-label=\"Save “Error budget remaining per service” as PNG\""));

    // At the end: every verdict, and charts of the whole run.
    let html = results(f, RunState { step: n, ..state });
    assert!(html.contains(&format!("Verdicts: all {} incidents", run.log.incidents.len())));
    for inc in &run.log.incidents {
        assert!(html.contains(&text(&verdict(&run.scenario, &run.log, inc))), "verdict {}", inc.id);
    }
    assert!(decoded_charts(&html).iter().all(|(_, svg)| !svg.contains("shown up to")));
    // Listed in the order they closed, each stamped with when it closed.
    let stamps: Vec<&str> = html
        .split("title=\"When it closed\"")
        .skip(1)
        .map(|rest| {
            let text = &rest[rest.find('>').expect("the tag closes") + 1..];
            &text[..text.find('<').expect("a text node")]
        })
        .collect();
    let expected: Vec<String> = frame(&run.log, n)
        .closed
        .iter()
        .map(|&id| {
            format_clock(faultline::analysis::metrics::closing_time(
                &run.log,
                faultline::engine::IncidentIx(id),
            ))
        })
        .collect();
    assert_eq!(stamps, expected);
}

#[test]
fn monte_carlo_results_show_the_distributions() {
    let f = file("sre-absorbed");
    let sc = Rc::new(validate((*f).clone()).expect("valid"));
    let summaries = run_range(&sc, 5, 0..30);
    let logs: Vec<_> = (0..30).map(|i| run(&sc, faultline::engine::rng::run_seed(5, i))).collect();
    let handoffs = Handoffs::of(&logs);
    let aggregate = aggregate(&sc, &summaries);
    let charts = McCharts::draw(&sc, &aggregate, &summaries, &handoffs);
    let mc = MonteCarlo {
        file: f.clone(),
        scenario: sc.clone(),
        seed: 5,
        aggregate,
        charts,
        summaries,
        handoffs,
        millis: 150.0,
        made_on: Some(MadeOn::Workers(3)),
    };
    let html = results(f, RunState { monte_carlo: Some(Rc::new(mc)), ..RunState::default() });
    assert!(html.contains("Monte Carlo: 30 runs from seed 5"));
    assert!(html.contains("30 runs in 0.15 s in this browser: 200 runs per second, on 3 workers."));
    let charts = decoded_charts(&html);
    let ids: Vec<&str> = charts.iter().map(|c| c.0.as_str()).collect();
    assert_eq!(ids, ["outcomes", "times", "mc-handoffs"]);
    assert!(charts[0].1.contains("30 runs"), "the outcomes chart is of these runs");
}

#[test]
fn the_board_highlights_holders_and_draws_hand_off_arrows() {
    let f = file("orphaned-provisioning");
    let state = state_at(&f, 1, 0);
    let run = state.single.clone().expect("a run");
    let k = run
        .log
        .events
        .iter()
        .position(|e| faultline::ui::run::playback::arrow(e).is_some())
        .expect("a hand-off between two teams")
        + 1;
    let overlay = BoardOverlay::of(&run.scenario, &frame(&run.log, k));
    let (from, to) = overlay.arrows[0].clone();
    let props = yew::props!(BoardProps { scenario: f, overlay: Some(Rc::new(overlay.clone())) });
    let html = futures::executor::block_on(
        LocalServerRenderer::<Board>::with_props(props).hydratable(false).render(),
    );
    // The teams ringed as holders, read from the opening tags of the holder groups.
    let ringed: Vec<&str> = html
        .match_indices("<g ")
        .map(|(i, _)| &html[i..i + html[i..].find('>').expect("tags close")])
        .filter(|t| t.contains("class=\"holder\""))
        .filter_map(|t| t.split("data-team=\"").nth(1)?.split('"').next())
        .collect();
    let expected: Vec<String> = overlay.holders.iter().map(|h| h.0.to_string()).collect();
    assert_eq!(ringed, expected);
    for (_, n) in &overlay.holders {
        let label = if *n == 1 { "holds 1 incident".to_owned() } else { format!("holds {n} incidents") };
        assert!(html.contains(&format!(">{label}</text>")));
    }
    assert!(html.contains(&format!("data-from=\"{from}\" data-to=\"{to}\"")), "the arrow {from} → {to}");
    assert!(html.contains("marker-end=\"url(#handoff-head)\""));
    // The overlay comes after the teams so it is drawn on top of them.
    let overlay_at = html.find("class=\"run-overlay\"").expect("the overlay is drawn");
    assert!(overlay_at > html.find("data-tray=\"unowned\"").expect("the tray"));
}

#[test]
fn user_text_in_the_replay_is_escaped() {
    let mut f = preset("orphaned-provisioning").expect("preset");
    let hostile = "<img src=x onerror=alert(1)>";
    for t in &mut f.teams {
        t.name = format!("{hostile} {}", t.id);
    }
    f.capabilities[0].name = "\"><script>alert(1)</script>".into();
    let f = Rc::new(f);
    let state = state_at(&f, 1, 0);
    let n = state.single.as_ref().map_or(0, |r| r.log.events.len());
    for step in [n / 3, n / 2, n] {
        let html = panel(f.clone(), RunState { step, ..state.clone() })
            + &results(f.clone(), RunState { step, ..state.clone() });
        assert!(!html.contains("<img src=x") && !html.contains("<script>"), "raw markup at step {step}");
    }
    let html = results(f.clone(), RunState { step: n, ..state });
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"), "team names are shown as text");
}

#[test]
fn presenter_mode_is_a_pressed_toggle() {
    let html = panel(file("clear-boundary"), RunState { presenter: true, ..RunState::default() });
    let t = tag(&html, "presenter-toggle");
    assert!(t.contains("aria-pressed=\"true\""), "{t}");
    assert!(html.contains(">Exit presenter</button>"));
}

#[test]
fn a_design_with_nothing_to_replay_says_so() {
    let mut f = preset("clear-boundary").expect("preset");
    f.failures.clear();
    f.settings.background_rate_per_day = 0.0;
    let f = Rc::new(f);
    let html = panel(f.clone(), state_at(&f, 1, 0));
    assert!(html.contains("Nothing happens in this run: inject a failure or raise the background rate."));
    assert!(html.contains(">0 / 0</span>"));
    assert!(tag(&html, "step-forward").contains("disabled"));
    let html = results(f.clone(), state_at(&f, 1, 0));
    assert!(html.contains("Verdicts: no incidents in this run"));
}

#[test]
fn after_a_run_the_board_shows_incident_hours_backlogs_and_budgets() {
    use faultline::ui::board::hours::{after_run, hours};
    let f = file("sre-absorbed");
    let state = state_at(&f, 1, 0);
    let run = state.single.clone().expect("a run");
    let (sc, log) = (&run.scenario, &run.log);
    let props = yew::props!(BoardProps { scenario: f, load: Some(Rc::new(after_run(sc, log))) });
    let html = futures::executor::block_on(
        LocalServerRenderer::<Board>::with_props(props).hydratable(false).render(),
    );
    let team_html = |id: &str| {
        let at = html.find(&format!("data-team=\"{id}\"")).expect("the team");
        let next = html[at + 10..].find("data-team=\"").map_or(html.len(), |n| at + 10 + n);
        &html[at..next]
    };
    assert!(log.teams.iter().any(|t| t.backlog_items > 0), "something waits in a backlog");
    for (team, load) in sc.teams().iter().zip(&log.teams) {
        let caption = match load.backlog_items {
            0 => "fix backlog: empty".to_owned(),
            1 => format!("fix backlog: 1 item, {} h", hours(load.backlog_hours)),
            n => format!("fix backlog: {n} items, {} h", hours(load.backlog_hours)),
        };
        let g = team_html(team.id.as_str());
        assert!(g.contains(&format!(">{caption}</text>")), "{}: {caption}", team.id);
        let said = format!("; incidents took {} h a week; {caption}\"", hours(load.incident_hours_per_week));
        assert!(g.contains(&said), "{}: {said}", team.id);
        assert_eq!(
            g.contains("class=\"hours-incidents\""),
            load.incident_hours_per_week > 0.0,
            "{}",
            team.id
        );
    }
    for s in &log.services {
        let worst = s.windows.iter().copied().fold(0.0, f64::max);
        let id = sc.cap(s.service).id.as_str();
        let at = html.find(&format!("data-capability=\"{id}\"")).expect("the card");
        let tag = &html[at..at + html[at..].find('>').expect("tags close")];
        let card = &html[at..html[at + 1..].find("data-capability=").map_or(html.len(), |n| at + 1 + n)];
        let budget = if worst >= 1.0 {
            format!("budget {:.0}% — breached", worst * 100.0)
        } else {
            format!("budget {:.0}% used", worst * 100.0)
        };
        assert!(card.contains(&format!(">{budget}</text>")), "{id}: {budget} in {card}");
        assert_eq!(card.contains("card-meta breached"), worst >= 1.0, "{id}");
        // The accessible name says it in the order the card shows it.
        let pill = &card[card.find("class=\"slo-badge").expect("a badge")..];
        let pill = &pill[pill.find("<text").expect("its text")..];
        let pill = pill[pill.find('>').expect("closes") + 1..pill.find("</text>").expect("ends")].trim_end();
        let name = format!("aria-label=\"{}, {pill}, {budget}, service", sc.cap(s.service).name);
        assert!(tag.contains(&name), "{id}: {tag}");
    }
}

/// The element with this id, from its opening tag to the first closing tag
/// of its kind (enough for the paragraphs and buttons read here).
fn element<'a>(html: &'a str, id: &str, name: &str) -> &'a str {
    let open = tag(html, id);
    let at = html.find(open).expect("the tag is in the page");
    let end = html[at..].find(&format!("</{name}>")).expect("the element closes");
    &html[at..at + end]
}

/// The director's case: today's org kept as the baseline, and a proposal
/// that still carries the same name. The comparison labels each side, names
/// each once, and the baseline's controls sit beside it.
#[test]
fn the_comparison_names_the_baseline_and_the_proposal() {
    let baseline = file("clear-boundary");
    let mut proposal = (*baseline).clone();
    proposal.ownership.insert(CapabilityId::new("deploy"), vec!["sre".into()]);
    let proposal = Rc::new(proposal);
    let sc = |f: &ScenarioFile| validate(f.clone()).expect("valid");
    let comparison = compare(&sc(&baseline), &sc(&proposal), 1, 20).expect("they compare");
    let run = CompareRun {
        file: proposal.clone(),
        a_file: baseline.clone(),
        b_file: proposal.clone(),
        a_source: "the kept baseline".into(),
        comparison,
        millis: 0.0,
    };
    let state = RunState { compare: Some(Rc::new(run)), ..RunState::default() };
    let html = results_with(proposal.clone(), state, Some(baseline.clone()));

    let sides: Vec<&str> = html
        .match_indices("<h3>")
        .map(|(i, _)| &html[i..i + html[i..].find("</h3>").expect("closes")])
        .collect();
    assert_eq!(
        sides,
        [
            "<h3><span class=\"side-label\">Baseline:</span> Clear boundary (baseline)",
            "<h3><span class=\"side-label\">Proposal:</span> Clear boundary (proposal)"
        ]
    );
    let verdict = element(&html, "compare-verdict", "p");
    assert!(
        verdict.contains("Clear boundary (baseline)") && verdict.contains("Clear boundary (proposal)"),
        "{verdict}"
    );
    assert_eq!(verdict.matches("Clear boundary").count(), 2, "each design named once: {verdict}");
    assert!(html.contains("on the baseline's failures (the baseline is the kept baseline)"));

    assert!(element(&html, "baseline-name", "p").contains("Baseline: <strong>Clear boundary</strong>"));
    assert!(element(&html, "proposal-name", "p").contains("Proposal: <strong>Clear boundary</strong>"));
    // The kept baseline is what the comparison uses, and can be replaced or cleared.
    let kept = &html[html.find("<option value=\"baseline\"").expect("the kept baseline is offered")..];
    assert!(
        kept.starts_with("<option value=\"baseline\" selected=\"selected\">")
            && kept.contains(">Baseline: Clear boundary</option>"),
        "{}",
        &kept[..80]
    );
    for (id, text) in [
        ("set-baseline", "Set as baseline"),
        ("clear-baseline", "Clear baseline"),
        ("compare-start", "Compare"),
    ] {
        let button = element(&html, id, "button");
        assert!(!tag(&html, id).contains("disabled"), "{button}");
        assert!(button.ends_with(&format!(">{text}")), "named by its visible text: {button}");
        assert!(tag(&html, id).contains("title=\""), "says what it does: {button}");
    }

    // With the board exactly the baseline, keeping it again does nothing.
    let same = results_with(baseline.clone(), RunState::default(), Some(baseline.clone()));
    assert!(tag(&same, "set-baseline").contains("disabled"));
    assert!(element(&same, "baseline-name", "p").contains("the board is the baseline"));
}

#[test]
fn without_a_baseline_the_comparison_offers_to_keep_one() {
    let html = results(file("clear-boundary"), RunState::default());
    assert!(!tag(&html, "set-baseline").contains("disabled"));
    assert!(!html.contains("id=\"clear-baseline\"") && !html.contains("id=\"baseline-name\""));
    assert!(html.contains("No baseline kept yet"));
    assert!(
        html.contains("<option value=\"baseline\" disabled=\"disabled\">Baseline (none kept yet)</option>"),
        "{html}"
    );
    assert!(
        html.contains("<option value=\"preset:shared-deploy\" selected=\"selected\">"),
        "a preset until a baseline is kept"
    );
    assert!(!tag(&html, "compare-start").contains("disabled"));
}

/// The advisor's suggestions for a preset, made as the page makes them.
fn advice(f: &Rc<ScenarioFile>, first: u32) -> Rc<faultline::ui::run::run_state::AdviceRun> {
    use faultline::analysis::advisor::{suggest, Plan};
    use faultline::analysis::objective::Objective;
    let sc = validate((**f).clone()).expect("presets validate");
    let result = suggest(&sc, Plan::new(Objective::Silent, f.settings.seed, first));
    Rc::new(faultline::ui::run::run_state::AdviceRun { file: f.clone(), result, millis: 1.0 })
}

/// The opening tag of an item's Apply button.
fn apply_tag(item: &str) -> &str {
    let at = item.find("class=\"apply\"").expect("an Apply button");
    let start = item[..at].rfind("<button").expect("a button");
    &item[start..at]
}

/// Every `<li>` of the suggestion list.
fn suggestion_items(html: &str) -> Vec<&str> {
    html.match_indices("<li data-kind=")
        .map(|(i, _)| {
            let rest = &html[i..];
            &rest[..rest.find("</li>").expect("items close")]
        })
        .collect()
}

#[test]
fn suggestions_show_each_move_with_its_interval_cost_and_an_apply_button() {
    let f = file("shared-deploy");
    let a = advice(&f, 20);
    let s = &a.result;
    let html = results(f.clone(), RunState { advice: Some(a.clone()), ..RunState::default() });
    let items = suggestion_items(&html);
    // The first eight, then a button for the rest.
    assert_eq!(items.len(), 8.min(s.suggestions.len()));
    assert!(html.contains(&format!("Show all {} moves", s.suggestions.len())));
    for (item, g) in items.iter().zip(&s.suggestions) {
        assert!(item.contains(&text(&g.described.label)), "{}", g.described.label);
        assert!(item.contains("95% interval"), "no interval: {item}");
        assert!(item.contains(&text(&g.described.cost)), "no cost: {item}");
        assert!(item.contains("Simple test after: "), "{item}");
        let badge = if !g.distinguishable {
            "not distinguishable from no change"
        } else if g.gain > 0.0 {
            "better"
        } else {
            "worse"
        };
        assert!(item.contains(&format!(">{badge}</span>")), "{badge}: {item}");
        assert!(!apply_tag(item).contains("disabled"), "Apply is enabled: {item}");
    }
    // Shared deploy's anti-pattern is undone by the top move.
    assert!(items[0].contains("Deploy and rollout system"), "{}", items[0]);
    assert!(html.contains("id=\"advisor-pair\""), "the best pair");
    // Made for another design: marked stale and nothing can be applied.
    let mut edited = (*f).clone();
    edited.teams[0].headcount += 1.0;
    let html = results(Rc::new(edited), RunState { advice: Some(a), ..RunState::default() });
    assert!(html.contains("Design changed since these suggestions"));
    for item in suggestion_items(&html) {
        assert!(apply_tag(item).contains("disabled"), "{item}");
    }
}

#[test]
fn the_board_draws_ghost_arrows_for_the_top_moves() {
    let f = file("shared-deploy");
    let a = advice(&f, 20);
    let marks = faultline::ui::run::advice::marks(&a.result);
    assert!(!marks.is_empty());
    let props = yew::props!(BoardProps { scenario: f, advice: Some(Rc::new(marks.clone())) });
    let html = futures::executor::block_on(
        LocalServerRenderer::<Board>::with_props(props).hydratable(false).render(),
    );
    assert_eq!(html.matches("class=\"advice-mark\"").count(), marks.len());
    for m in &marks {
        assert!(html.contains(&format!(">{}</text>", text(&m.text))), "{}", m.text);
    }
    // The top move gives the shared deploy system one owner: an arrow from its card.
    assert!(html.contains("data-cap=\"deploy\""), "{html}");
    assert!(html.contains("marker-end=\"url(#advice-head)\""));
}

#[test]
fn a_sweep_shows_its_sentence_and_tornado() {
    use faultline::analysis::objective::Objective;
    use faultline::analysis::sensitivity::sensitivity;
    let (a, b) = (file("clear-boundary"), file("shared-deploy"));
    let (sa, sb) = (validate((*a).clone()).expect("valid"), validate((*b).clone()).expect("valid"));
    let result = sensitivity(&sa, Some(&sb), Objective::Silent, 1, 10).expect("aligned");
    let sentence = result.sentence.clone();
    let run = Rc::new(faultline::ui::run::run_state::SensitivityRun {
        file: b.clone(),
        baseline: Some(a.clone()),
        result,
        millis: 1.0,
    });
    let state = RunState { sensitivity: Some(run), ..RunState::default() };
    let html = results_with(b.clone(), state.clone(), Some(a.clone()));
    assert!(html.contains(&text(&sentence)), "{sentence}");
    assert!(!html.contains("Design or baseline changed since this sweep"));
    let charts = decoded_charts(&html);
    let tornado = &charts.iter().find(|(id, _)| id == "tornado").expect("the tornado").1;
    assert!(tornado.contains("What each assumption moves"));
    // Without the baseline it was swept against, the sweep is stale.
    let html = results_with(b, state, None);
    assert!(html.contains("Design or baseline changed since this sweep"));
}
