//! Charts at their boundary: scenarios from the presets, runs of the engine,
//! Monte Carlo and comparisons in; SVG documents out. Each rendering must be
//! well-formed, carry its title and axis labels, name every service, team
//! and outcome it shows, draw one element per data item, say clearly when
//! there is nothing to draw, and escape user text.
#![cfg(not(target_arch = "wasm32"))]

use faultline::analysis::compare::{compare, Comparison};
use faultline::analysis::handoffs::Handoffs;
use faultline::analysis::montecarlo::{aggregate, monte_carlo, Aggregate, RunSummary};
use faultline::charts::report::{self, Boards, ReportInput};
use faultline::charts::style::{kind_colour, outcome_colour, outcome_short, DESIGN_A, DESIGN_B, SERIES};
use faultline::charts::*;
use faultline::engine::{run, Outcome, RunLog};
use faultline::model::presets::{preset, PRESETS};
use faultline::model::{validate, CapIx, FailureKind, Layer, Scenario, ScenarioFile, TeamKind};
use faultline::ui::board::hours::planned;
use faultline::ui::board::layout::layout;
use faultline::ui::board::picture::board_svg;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_backend::{BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind};
use std::cell::Cell;
use std::path::Path;
use std::rc::Rc;

// ---------------------------------------------------------------------------
// A small SVG reader: enough XML to check well-formedness and to list the
// elements and text the charts wrote.

#[derive(Debug)]
struct Element {
    name: String,
    attrs: Vec<(String, String)>,
    /// The element's own text, unescaped and trimmed.
    text: String,
}

impl Element {
    fn attr(&self, key: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

fn unescape(s: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let end = rest[i..].find(';').ok_or_else(|| format!("unterminated entity in {s:?}"))?;
        out.push(match &rest[i..i + end + 1] {
            "&lt;" => '<',
            "&gt;" => '>',
            "&amp;" => '&',
            "&quot;" => '"',
            "&apos;" => '\'',
            other => return Err(format!("unknown entity {other}")),
        });
        rest = &rest[i + end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Parses the document, failing on anything that is not well-formed: tags
/// that do not nest, stray `<` or `&` in text, unquoted attributes, anything
/// outside the single `<svg>` root.
fn parse(svg: &str) -> Result<Vec<Element>, String> {
    let mut elements: Vec<Element> = Vec::new();
    let mut stack: Vec<(String, usize)> = Vec::new();
    let mut roots = 0;
    let mut rest = svg;
    loop {
        let Some(open) = rest.find('<') else {
            if !rest.trim().is_empty() {
                return Err(format!("text after the root: {rest:?}"));
            }
            break;
        };
        let text = unescape(&rest[..open])?;
        match stack.last() {
            Some(&(_, ix)) => elements[ix].text.push_str(text.trim()),
            None if !text.trim().is_empty() => return Err(format!("text outside the root: {text:?}")),
            None => {}
        }
        rest = &rest[open + 1..];
        if let Some(after) = rest.strip_prefix('/') {
            let close = after.find('>').ok_or("unterminated closing tag")?;
            let name = after[..close].trim();
            match stack.pop() {
                Some((open_name, _)) if open_name == name => {}
                other => return Err(format!("</{name}> closes {other:?}")),
            }
            rest = &after[close + 1..];
            continue;
        }
        if stack.is_empty() {
            roots += 1;
        }
        let name_end =
            rest.find(|c: char| c.is_whitespace() || c == '>' || c == '/').ok_or("unterminated tag")?;
        let name = rest[..name_end].to_owned();
        rest = &rest[name_end..];
        let mut attrs = Vec::new();
        let self_closing = loop {
            rest = rest.trim_start();
            if let Some(r) = rest.strip_prefix("/>") {
                rest = r;
                break true;
            }
            if let Some(r) = rest.strip_prefix('>') {
                rest = r;
                break false;
            }
            let eq = rest.find('=').ok_or_else(|| format!("attribute without value in <{name}>"))?;
            let key = rest[..eq].trim().to_owned();
            if key.is_empty() || key.contains(|c: char| c.is_whitespace() || c == '<' || c == '"') {
                return Err(format!("bad attribute name {key:?} in <{name}>"));
            }
            let value =
                rest[eq + 1..].strip_prefix('"').ok_or_else(|| format!("unquoted {key} in <{name}>"))?;
            let end = value.find('"').ok_or("unterminated attribute")?;
            if value[..end].contains('<') {
                return Err(format!("raw < in attribute {key} of <{name}>"));
            }
            attrs.push((key, unescape(&value[..end])?));
            rest = &value[end + 1..];
        };
        elements.push(Element { name: name.clone(), attrs, text: String::new() });
        if !self_closing {
            stack.push((name, elements.len() - 1));
        }
    }
    if let Some((name, _)) = stack.last() {
        return Err(format!("<{name}> never closed"));
    }
    if roots != 1 || elements.first().map(|e| e.name.as_str()) != Some("svg") {
        return Err(format!("expected one <svg> root, found {roots} roots"));
    }
    if elements[0].attr("xmlns") != Some("http://www.w3.org/2000/svg") {
        return Err("the root has no SVG namespace".into());
    }
    Ok(elements)
}

fn texts(elements: &[Element]) -> Vec<&str> {
    elements.iter().filter(|e| e.name == "text").map(|e| e.text.as_str()).collect()
}

fn hex(c: RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

/// Which elements to count.
type Rule<'a> = Box<dyn Fn(&Element) -> bool + 'a>;

/// What one rendering must contain.
struct Expect<'a> {
    /// Phrases that must appear in the text, in order of drawing; a label
    /// wrapped over several lines still matches.
    texts: Vec<String>,
    /// Elements counted by a rule, and how many there must be.
    counts: Vec<(&'a str, Rule<'a>, usize)>,
}

/// Checks one rendered chart against what it must show.
fn check(case: &str, svg: &str, expect: Expect) {
    let elements = parse(svg).unwrap_or_else(|e| panic!("{case}: malformed SVG: {e}\n{svg}"));
    let all = texts(&elements).join(" ");
    for t in &expect.texts {
        assert!(all.contains(t.as_str()), "{case}: missing text {t:?} in:\n{all}");
    }
    for (what, rule, n) in &expect.counts {
        let found = elements.iter().filter(|e| rule(e)).count();
        assert_eq!(found, *n, "{case}: expected {n} {what}, found {found}");
    }
}

fn has(texts: &[&str]) -> Vec<String> {
    texts.iter().map(|t| (*t).to_owned()).collect()
}

// ---------------------------------------------------------------------------
// Scenarios.

fn file(id: &str) -> ScenarioFile {
    preset(id).unwrap_or_else(|| panic!("preset {id}"))
}

fn scenario(f: ScenarioFile) -> Scenario {
    validate(f).unwrap_or_else(|p| panic!("invalid scenario: {p:?}"))
}

/// A design in which nothing ever goes wrong.
fn quiet(id: &str) -> Scenario {
    let mut f = file(id);
    f.failures.clear();
    f.settings.background_rate_per_day = 0.0;
    scenario(f)
}

fn services(sc: &Scenario) -> Vec<CapIx> {
    sc.cap_ixs().filter(|&c| sc.cap(c).layer == Layer::Service).collect()
}

// ---------------------------------------------------------------------------
// Expectations per chart, derived from the data independently of the charts.

fn expect_budget<'a>(sc: &'a Scenario, log: &'a RunLog) -> Expect<'a> {
    let mut texts = has(&[
        "Error budget remaining in each SLO window",
        "Error budget remaining (%)",
        "Time since the run started (days)",
    ]);
    texts.extend(services(sc).iter().map(|&s| sc.cap(s).name.clone()));
    let outcomes: std::collections::BTreeSet<Outcome> = log.incidents.iter().map(|i| i.outcome).collect();
    texts.extend(outcomes.iter().map(|&o| outcome_short(o).to_owned()));
    let n_services = services(sc).len();
    Expect {
        texts,
        counts: vec![
            // One line per service in a series colour (the legend's swatches
            // are in the same colours, but only two points long).
            (
                "service lines",
                Box::new(|e| {
                    e.name == "polyline"
                        && SERIES.iter().any(|&c| e.attr("stroke") == Some(hex(c).as_str()))
                        && e.attr("points").is_some_and(|p| p.split_whitespace().count() > 2)
                }),
                n_services,
            ),
            // One marker per incident, plus one legend swatch per outcome.
            ("incident markers", Box::new(|e| e.name == "polygon"), log.incidents.len() + outcomes.len()),
        ],
    }
}

fn lane_label(sc: &Scenario, i: &faultline::engine::Incident) -> String {
    format!("{} · {}", i.kind.label(), sc.cap(i.target).name)
}

/// Whether a drawn label is `full`, or `full` cut short with an ellipsis.
fn shown_as(full: &str, drawn: &str) -> bool {
    drawn == full
        || drawn.strip_suffix('…').is_some_and(|cut| cut.chars().count() >= 8 && full.starts_with(cut))
}

/// How many lanes a swimlane chart says it shows: all, or "the first N of M".
fn lanes_shown(svg: &str, incidents: usize) -> usize {
    let Some(at) = svg.find("the first ") else { return incidents };
    let n: String = svg[at + 10..].chars().take_while(char::is_ascii_digit).collect();
    n.parse().unwrap()
}

/// Expects the first `shown` lanes of the log's incidents, in start order.
fn expect_swimlanes<'a>(sc: &'a Scenario, log: &'a RunLog, shown: usize) -> Expect<'a> {
    let mut texts =
        has(&["Who held each incident, and when", "Time since the run started (days)", "Held by:"]);
    let mut incidents: Vec<_> = log.incidents.iter().collect();
    incidents.sort_by_key(|i| (i.start, i.id));
    incidents.truncate(shown);
    if shown < log.incidents.len() {
        texts.push(format!("the first {shown} of {} incidents", log.incidents.len()));
    }
    for inc in &incidents {
        for &(_, t) in &inc.holders {
            texts.push(t.map_or("Leadership".to_owned(), |t| sc.team(t).name.clone()));
        }
    }
    let n = incidents.len();
    let labels: Vec<String> = incidents.iter().map(|i| lane_label(sc, i)).collect();
    Expect {
        texts,
        counts: vec![
            (
                "lane labels",
                Box::new(move |e| e.name == "text" && labels.iter().any(|l| shown_as(l, &e.text))),
                n,
            ),
            (
                "outcome labels",
                Box::new(|e| {
                    e.name == "text"
                        && e.attr("font-weight") == Some("bold")
                        && Outcome::ALL.iter().any(|&o| outcome_short(o) == e.text)
                }),
                n,
            ),
        ],
    }
}

/// Hand-offs counted straight from the holders: (from, to) pairs.
fn handoff_total(logs: &[RunLog]) -> u64 {
    logs.iter().flat_map(|l| &l.incidents).map(|i| i.holders.len().saturating_sub(1) as u64).sum()
}

fn expect_handoffs<'a>(sc: &'a Scenario, logs: &'a [RunLog]) -> Expect<'a> {
    let total = handoff_total(logs);
    let mut texts = has(&["Hand-offs between teams: who passes to whom", "received by →", "passed on by ↓"]);
    texts.push(format!("{total} hand-off"));
    for inc in logs.iter().flat_map(|l| &l.incidents).filter(|i| i.holders.len() > 1) {
        for &(_, t) in &inc.holders {
            texts.push(t.map_or("Leadership".to_owned(), |t| sc.team(t).name.clone()));
        }
    }
    Expect {
        texts,
        counts: vec![(
            // The bold counts in the cells add up to every hand-off: counted
            // as that many elements by weighting each by its number.
            "hand-offs in cells",
            Box::new(|e| {
                e.name == "text" && e.attr("font-weight") == Some("bold") && e.text.parse::<u64>().is_ok()
            }),
            logs_cells(logs),
        )],
    }
}

/// The number of non-empty (from, to) cells.
fn logs_cells(logs: &[RunLog]) -> usize {
    let mut pairs: Vec<_> = logs
        .iter()
        .flat_map(|l| &l.incidents)
        .flat_map(|i| i.holders.windows(2).map(|w| (w[0].1, w[1].1)))
        .collect();
    pairs.sort();
    pairs.dedup();
    pairs.len()
}

fn bars_of<'a>(colour: RGBColor) -> Rule<'a> {
    let fill = hex(colour);
    Box::new(move |e| e.name == "rect" && e.attr("fill") == Some(fill.as_str()))
}

fn expect_outcomes<'a>(agg: &Aggregate) -> Expect<'a> {
    let mut texts = has(&["How incidents end", "Share of incidents per run (%)", "95% confidence interval"]);
    texts.push(format!("{} runs", agg.runs));
    texts.extend(Outcome::ALL.iter().map(|o| o.label().to_owned()));
    Expect {
        texts,
        // Exactly one bar per outcome, in the outcome's own colour.
        counts: Outcome::ALL.iter().map(|&o| ("outcome bar", bars_of(outcome_colour(o)), 1)).collect(),
    }
}

fn expect_times<'a>(runs: &[RunSummary]) -> Expect<'a> {
    let mut texts = has(&[
        "Time to detect and to mitigate",
        "Share of incidents (%)",
        "Time from the failure's start",
        "to detect (",
        "to mitigate (",
        "of incidents): median",
    ]);
    texts.extend(
        ["< 1 min", "1–5 min", "5–15 min", "15–60 min", "1–4 h", "4–12 h", "12–24 h", "1–3 days"]
            .map(String::from),
    );
    texts.extend(["3–7 days", "> 7 days", "never"].map(String::from));
    texts.push(format!("{} incidents", runs.iter().map(|r| r.incidents).sum::<u32>()));
    Expect {
        texts,
        // Eleven bins (ten time ranges and "never") per series, plus its legend swatch.
        counts: vec![("detect bars", bars_of(SERIES[0]), 12), ("mitigate bars", bars_of(SERIES[1]), 12)],
    }
}

fn expect_comparison<'a>(c: &Comparison) -> Expect<'a> {
    let mut texts =
        has(&["A/B comparison: how incidents end", "Share of incidents per run (%)", "B − A", "95% CI"]);
    texts.push(format!("A: {}", c.a_title));
    texts.push(format!("B: {}", c.b_title));
    texts.extend(Outcome::ALL.iter().map(|o| o.label().to_owned()));
    Expect {
        texts,
        // One bar per outcome and design, plus its legend swatch.
        counts: vec![
            ("A bars", bars_of(DESIGN_A), Outcome::COUNT + 1),
            ("B bars", bars_of(DESIGN_B), Outcome::COUNT + 1),
        ],
    }
}

const SIZE: (u32, u32) = DEFAULT_SIZE;

// ---------------------------------------------------------------------------

#[test]
fn every_chart_of_every_preset_shows_its_data() {
    for p in PRESETS {
        let sc = scenario(file(p.id));
        let log = run(&sc, 7);
        check(&format!("{} budget", p.id), &budget_svg(&sc, &log, None, SIZE), expect_budget(&sc, &log));
        let svg = swimlanes_svg(&sc, &log, None, SIZE);
        // At 1000 × 600 px, fifteen lanes at least keep 16 px labels.
        let shown = lanes_shown(&svg, log.incidents.len());
        assert!(shown >= log.incidents.len().min(15), "{}: only {shown} lanes", p.id);
        check(&format!("{} swimlanes", p.id), &svg, expect_swimlanes(&sc, &log, shown));
        let one = std::slice::from_ref(&log);
        check(
            &format!("{} hand-offs", p.id),
            &handoffs_svg(&sc, &Handoffs::of(one), SIZE),
            expect_handoffs(&sc, one),
        );
        let logs: Vec<RunLog> = (0..12).map(|s| run(&sc, s)).collect();
        check(
            &format!("{} hand-offs, 12 runs", p.id),
            &handoffs_svg(&sc, &Handoffs::of(&logs), SIZE),
            expect_handoffs(&sc, &logs),
        );
        let (runs, agg) = monte_carlo(&sc, 3, 20);
        check(&format!("{} outcomes", p.id), &outcomes_svg(&sc, &agg, SIZE), expect_outcomes(&agg));
        check(&format!("{} times", p.id), &times_svg(&sc, &runs, SIZE), expect_times(&runs));
    }
    let a = scenario(file("clear-boundary"));
    for p in PRESETS.iter().skip(1) {
        let c = compare(&a, &scenario(file(p.id)), 5, 20).unwrap();
        check(&format!("clear-boundary vs {}", p.id), &comparison_svg(&c, SIZE), expect_comparison(&c));
    }
}

#[test]
fn hand_off_cells_add_up_to_every_hand_off() {
    let sc = scenario(file("orphaned-provisioning"));
    let logs: Vec<RunLog> = (0..8).map(|s| run(&sc, s)).collect();
    let elements = parse(&handoffs_svg(&sc, &Handoffs::of(&logs), SIZE)).unwrap();
    let cells: u64 = elements
        .iter()
        .filter(|e| e.name == "text" && e.attr("font-weight") == Some("bold"))
        .filter_map(|e| e.text.parse::<u64>().ok())
        .sum();
    assert!(handoff_total(&logs) > 0);
    assert_eq!(cells, handoff_total(&logs));
}

#[test]
fn nothing_to_draw_is_said_plainly() {
    let sc = quiet("clear-boundary");
    let log = run(&sc, 1);
    assert!(log.incidents.is_empty());
    let (runs, agg) = monte_carlo(&sc, 1, 5);
    let none: [RunLog; 0] = [];
    let no_runs = aggregate(&sc, &[]);
    let c0 = compare(&sc, &sc, 1, 0).unwrap();
    let cases = [
        ("budget", budget_svg(&sc, &log, None, SIZE), "No incidents in this run"),
        ("swimlanes", swimlanes_svg(&sc, &log, None, SIZE), "No incidents in this run"),
        ("hand-offs", handoffs_svg(&sc, &Handoffs::of_log(&log), SIZE), "No incidents, so no hand-offs."),
        (
            "hand-offs of no runs",
            handoffs_svg(&sc, &Handoffs::of(&none), SIZE),
            "No incidents, so no hand-offs.",
        ),
        ("outcomes", outcomes_svg(&sc, &agg, SIZE), "No incidents in these runs."),
        ("outcomes of no runs", outcomes_svg(&sc, &no_runs, SIZE), "No runs yet."),
        ("times", times_svg(&sc, &runs, SIZE), "No incidents in these runs."),
        ("times of no runs", times_svg(&sc, &[], SIZE), "No runs yet."),
        ("comparison of no runs", comparison_svg(&c0, SIZE), "No runs yet."),
    ];
    for (case, svg, says) in cases {
        check(case, &svg, Expect { texts: has(&[says]), counts: vec![] });
    }
    // Budgets without incidents are still drawn: flat at 100%.
    check("quiet budget", &budget_svg(&sc, &log, None, SIZE), expect_budget(&sc, &log));
}

#[test]
fn user_text_comes_out_escaped() {
    let evil = "<img src=x onerror=alert(1)>";
    let mut f = file("clear-boundary");
    f.title = "Q&A \"design\" <b>".into();
    // SRE receives most pages; its name shows in every per-run chart.
    f.teams.iter_mut().find(|t| t.id.as_str() == "sre").unwrap().name = evil.into();
    f.capabilities.iter_mut().find(|c| c.id.as_str() == "checkout").unwrap().name = "Check & <out>".into();
    let sc = scenario(f);
    let log = run(&sc, 7);
    let (runs, agg) = monte_carlo(&sc, 1, 5);
    let c = compare(&scenario(file("clear-boundary")), &sc, 1, 5).unwrap();
    let one = std::slice::from_ref(&log);
    let cases = [
        ("budget", budget_svg(&sc, &log, None, SIZE), vec!["Check & <out>", "Q&A \"design\" <b>"]),
        ("swimlanes", swimlanes_svg(&sc, &log, None, SIZE), vec![evil]),
        ("hand-offs", handoffs_svg(&sc, &Handoffs::of(one), SIZE), vec![evil]),
        ("outcomes", outcomes_svg(&sc, &agg, SIZE), vec!["Q&A \"design\" <b>"]),
        ("times", times_svg(&sc, &runs, SIZE), vec!["Q&A \"design\" <b>"]),
        ("comparison", comparison_svg(&c, SIZE), vec!["B: Q&A \"design\" <b>"]),
    ];
    for (case, svg, names) in cases {
        // Well-formed, and the text reads back as the user typed it...
        check(case, &svg, Expect { texts: names.iter().map(|n| n.to_string()).collect(), counts: vec![] });
        // ...because nothing of it went in raw.
        assert!(
            !svg.contains("<img") && !svg.contains("<b>") && !svg.contains("<out>"),
            "{case}: raw markup in SVG"
        );
        for raw in names {
            let escaped =
                raw.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
            assert!(svg.contains(&escaped), "{case}: {escaped} not in SVG");
        }
    }
}

#[test]
fn playback_draws_only_what_has_happened() {
    let sc = scenario(file("orphaned-provisioning"));
    let log = run(&sc, 7);
    let closing = |id: faultline::engine::IncidentIx| faultline::analysis::metrics::closing_time(&log, id);
    for day in [0, 3, 12, 30] {
        let t = day * 86_400;
        let started: Vec<_> = log.incidents.iter().filter(|i| i.start <= t).collect();
        let open = started.iter().filter(|i| closing(i.id) > t).count();
        // The legend holds still: every outcome of the run, and "still open".
        let outcomes: std::collections::BTreeSet<Outcome> = log.incidents.iter().map(|i| i.outcome).collect();
        let legend = outcomes.len() + 1;
        let clock = faultline::engine::format_clock(t);
        check(
            &format!("budget at day {day}"),
            &budget_svg(&sc, &log, Some(t), SIZE),
            Expect {
                texts: vec![format!("shown up to {clock}")],
                counts: vec![("incident markers", Box::new(|e| e.name == "polygon"), started.len() + legend)],
            },
        );
        let labels: Vec<String> = started.iter().map(|i| lane_label(&sc, i)).collect();
        check(
            &format!("swimlanes at day {day}"),
            // Tall enough for every lane of the run.
            &swimlanes_svg(&sc, &log, Some(t), (1000, 900)),
            Expect {
                texts: vec![format!("shown up to {clock}")],
                counts: vec![
                    (
                        "lane labels",
                        Box::new(move |e| e.name == "text" && labels.iter().any(|l| shown_as(l, &e.text))),
                        started.len(),
                    ),
                    ("open lanes", Box::new(|e| e.name == "text" && e.text == "open"), open),
                ],
            },
        );
    }
}

#[test]
fn odd_data_and_sizes_never_break_a_chart() {
    // A service without an SLO, and one with a budget so small the line
    // plunges far below the floor of the axis.
    let mut f = file("no-sre");
    let svc: Vec<usize> = f
        .capabilities
        .iter()
        .enumerate()
        .filter(|(_, c)| c.layer == Layer::Service)
        .map(|(k, _)| k)
        .collect();
    f.capabilities[svc[0]].slo = None;
    if let Some(slo) = f.capabilities[svc[1]].slo.as_mut() {
        slo.target = 0.999_999;
        slo.window_days = 1.0;
    }
    let sc = scenario(f);
    let log = run(&sc, 2);
    check(
        "budget with odd SLOs",
        &budget_svg(&sc, &log, None, SIZE),
        Expect { texts: has(&["(no SLO)", "lines below −1000% are drawn at −1000%"]), counts: vec![] },
    );

    // An hour-long run with incidents every few minutes, and a ten-year one.
    for (days, rate) in [(1.0 / 24.0, 400.0), (3650.0, 0.5)] {
        let mut f = file("shared-deploy");
        f.settings.horizon_days = days;
        f.settings.background_rate_per_day = rate;
        let sc = scenario(f);
        let log = run(&sc, 1);
        assert!(!log.incidents.is_empty());
        parse(&budget_svg(&sc, &log, None, SIZE)).unwrap();
        parse(&swimlanes_svg(&sc, &log, Some(log.horizon / 2), SIZE)).unwrap();
    }

    let (runs, agg) = monte_carlo(&sc, 1, 1);
    let c = compare(&sc, &sc, 1, 1).unwrap();
    let one = std::slice::from_ref(&log);
    for size in [(1, 1), (40, 30), (320, 200), (3000, 240), (240, 3000), (4000, 2400)] {
        for until in [None, Some(-5), Some(i64::MAX)] {
            parse(&budget_svg(&sc, &log, until, size)).unwrap();
            parse(&swimlanes_svg(&sc, &log, until, size)).unwrap();
        }
        parse(&handoffs_svg(&sc, &Handoffs::of(one), size)).unwrap();
        parse(&outcomes_svg(&sc, &agg, size)).unwrap();
        parse(&times_svg(&sc, &runs, size)).unwrap();
        parse(&comparison_svg(&c, size)).unwrap();
    }
}

#[test]
fn many_incidents_show_the_first_lanes_that_fit() {
    let mut f = file("clear-boundary");
    f.settings.background_rate_per_day = 5.0;
    let sc = scenario(f);
    let log = run(&sc, 1);
    assert!(log.incidents.len() > 60, "{}", log.incidents.len());
    let svg = swimlanes_svg(&sc, &log, None, SIZE);
    let elements = parse(&svg).unwrap();
    let lanes = elements
        .iter()
        .filter(|e| {
            e.name == "text"
                && FailureKind::ALL.iter().any(|k| e.text.starts_with(&format!("{} · ", k.label())))
        })
        .count();
    assert!((10..log.incidents.len()).contains(&lanes), "{lanes} lanes");
    check(
        "crowded swimlanes",
        &svg,
        Expect {
            texts: vec![format!("the first {lanes} of {} incidents", log.incidents.len())],
            counts: vec![],
        },
    );
}

/// An SVG backend that counts how often plotters asks it to measure text.
struct Measuring<'a> {
    inner: SVGBackend<'a>,
    asked: Rc<Cell<u32>>,
}

impl DrawingBackend for Measuring<'_> {
    type ErrorType = <SVGBackend<'static> as DrawingBackend>::ErrorType;
    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }
    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.ensure_prepared()
    }
    fn present(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.present()
    }
    fn draw_pixel(
        &mut self,
        p: BackendCoord,
        c: BackendColor,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_pixel(p, c)
    }
    fn draw_line<S: BackendStyle>(
        &mut self,
        a: BackendCoord,
        b: BackendCoord,
        s: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_line(a, b, s)
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        a: BackendCoord,
        b: BackendCoord,
        s: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_rect(a, b, s, fill)
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        s: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_path(path, s)
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        s: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.fill_polygon(path, s)
    }
    fn draw_circle<S: BackendStyle>(
        &mut self,
        c: BackendCoord,
        r: u32,
        s: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_circle(c, r, s, fill)
    }
    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        s: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_text(text, s, pos)
    }
    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        s: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<Self::ErrorType>> {
        self.asked.set(self.asked.get() + 1);
        self.inner.estimate_text_size(text, s)
    }
}

/// In the browser plotters measures text through the page's DOM; the charts
/// lay text out themselves, so they draw on any backend without that, and the
/// same way on every target.
#[test]
fn charts_draw_on_any_backend_without_measuring_text() {
    let sc = scenario(file("shared-deploy"));
    let log = run(&sc, 7);
    let (runs, agg) = monte_carlo(&sc, 1, 5);
    let c = compare(&scenario(file("clear-boundary")), &sc, 1, 5).unwrap();
    type Draw<'a> = Box<dyn Fn(&DrawingArea<Measuring<'_>, Shift>) -> ChartResult<Measuring<'static>> + 'a>;
    let charts: Vec<(&str, Draw)> = vec![
        ("budget", Box::new(|a| budget_chart(a, &sc, &log, Some(86_400 * 9)))),
        ("swimlanes", Box::new(|a| swimlanes_chart(a, &sc, &log, None))),
        ("hand-offs", Box::new(|a| handoffs_chart(a, &sc, &Handoffs::of_log(&log)))),
        ("outcomes", Box::new(|a| outcomes_chart(a, &sc, &agg))),
        ("times", Box::new(|a| times_chart(a, &sc, &runs))),
        ("comparison", Box::new(|a| comparison_chart(a, &c))),
    ];
    for (name, draw) in charts {
        let asked = Rc::new(Cell::new(0));
        let mut svg = String::new();
        {
            let backend =
                Measuring { inner: SVGBackend::with_string(&mut svg, (800, 500)), asked: asked.clone() };
            let root = backend.into_drawing_area();
            draw(&root).unwrap_or_else(|e| panic!("{name}: {e}"));
            root.present().unwrap();
        }
        assert_eq!(asked.get(), 0, "{name} asked the backend to measure text");
        parse(&svg).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn team_colours_follow_team_kinds() {
    let sc = scenario(file("clear-boundary"));
    let log = run(&sc, 7);
    let svg = swimlanes_svg(&sc, &log, None, SIZE);
    assert!(
        svg.contains(&format!("fill=\"{}\"", hex(kind_colour(TeamKind::Platform)))),
        "platform blue missing"
    );
    for (kind, colour) in [("platform", "#1D4ED8"), ("sre", "#C2410C")] {
        let t = sc.teams().iter().position(|t| format!("{:?}", t.kind).to_lowercase() == kind).unwrap();
        let held = log.incidents.iter().any(|i| i.holders.iter().any(|h| h.1.map(|x| x.get()) == Some(t)));
        assert_eq!(svg.contains(colour), held, "{kind} colour {colour}");
    }
}

/// Every `<title>`'s text: the full names behind fitted labels.
fn titles(elements: &[Element]) -> String {
    elements.iter().filter(|e| e.name == "title").map(|e| e.text.as_str()).collect::<Vec<_>>().join("\n")
}

#[test]
fn the_board_picture_shows_what_the_board_shows() {
    let (mut shared_seen, mut orphans_seen) = (0, 0);
    for p in PRESETS {
        let f = file(p.id);
        let svg = board_svg(&f);
        let elements = parse(&svg).unwrap_or_else(|e| panic!("{}: malformed picture: {e}\n{svg}", p.id));
        let all = texts(&elements).join(" ");
        let board = layout(&f);
        // Every team with its meta line, every capability (a name wrapped
        // over two lines still reads whole), every SLO badge.
        for t in &f.teams {
            assert!(all.contains(t.name.as_str()), "{}: team {} missing", p.id, t.name);
        }
        for t in &board.teams {
            assert!(all.contains(t.meta.as_str()), "{}: {:?} missing", p.id, t.meta);
        }
        for c in &f.capabilities {
            assert!(all.contains(c.name.as_str()), "{}: capability {} missing", p.id, c.name);
        }
        let load = planned(&scenario(f.clone()));
        assert!(!load.services.is_empty() && !load.teams.is_empty());
        for badge in load.services.values() {
            assert!(all.contains(badge.text.as_str()), "{}: badge {:?} missing", p.id, badge.text);
        }
        for bar in load.teams.values() {
            assert!(all.contains(bar.caption.as_str()) && titles(&elements).contains(&bar.label), "{}", p.id);
        }
        // A shared card is outlined in dashes in each owner's box; the
        // unowned tray is drawn, and holds the orphans.
        let shared = board.teams.iter().flat_map(|t| &t.cards).filter(|c| c.shared).count();
        let dashed =
            elements.iter().filter(|e| e.name == "rect" && e.attr("stroke-dasharray") == Some("7 4")).count();
        assert_eq!(dashed, shared, "{}: shared outlines", p.id);
        assert!(all.contains("Unowned — nobody is accountable"), "{}", p.id);
        for orphan in &board.tray.cards {
            assert!(titles(&elements).contains(&format!(
                "{}, {} capability, unowned",
                orphan.name,
                orphan.layer.label()
            )));
        }
        if board.tray.cards.is_empty() {
            assert!(all.contains("Every capability has an owner."), "{}", p.id);
        }
        (shared_seen, orphans_seen) = (shared_seen + shared, orphans_seen + board.tray.cards.len());
        // Team kinds in the board's colours, and a key to them.
        for t in &f.teams {
            assert!(all.contains(&format!("{} team", t.kind.label())), "{}: key", p.id);
        }
    }
    assert!(shared_seen > 0 && orphans_seen > 0, "the presets show both marks");
}

#[test]
fn the_board_picture_escapes_every_name() {
    let mut f = file("orphaned-provisioning");
    f.title = "<script>alert(1)</script>".into();
    f.teams[0].name = "Ops & <b>Infra</b>".into();
    f.teams[1].color = Some("red\" onload=\"alert(1)".into());
    let orphan =
        f.capabilities.iter().position(|c| f.ownership.get(&c.id).is_none_or(Vec::is_empty)).unwrap();
    f.capabilities[orphan].name = "<script>x</script> \"q\" 'a'".into();
    let last = f.capabilities.len() - 1;
    assert_ne!(last, orphan);
    f.capabilities[last].name = "Bell\u{7} & co".into();
    let svg = board_svg(&f);
    let elements = parse(&svg).unwrap_or_else(|e| panic!("malformed picture: {e}\n{svg}"));
    assert!(!svg.contains("<script") && !svg.contains("<b>") && !svg.contains("onload"), "{svg}");
    assert!(!svg.contains('\u{7}'), "a control character XML cannot hold");
    let said = format!("{}\n{}", titles(&elements), texts(&elements).join(" "));
    for name in [
        "<script>alert(1)</script>",
        "Ops & <b>Infra</b>",
        "<script>x</script> \"q\" 'a'",
        "Bell\u{fffd} & co",
    ] {
        assert!(said.contains(name), "{name:?} does not read back from\n{said}");
    }
    // In a report the picture is an image: its text never reaches the page.
    // (Validation refuses the colour; the board ignored it.)
    f.teams[1].color = None;
    let sc = scenario(f);
    let input = ReportInput {
        scenario: &sc,
        single: None,
        monte_carlo: None,
        comparison: None,
        stale: false,
        boards: Boards { design: Some(svg.clone()), ..Boards::default() },
    };
    let md = report::markdown(&input);
    assert!(
        md.contains(&format!(
            "![The board as drawn: \\<script\\>alert(1)\\</script\\>]({})",
            report::svg_data_uri(&svg)
        )),
        "{md}"
    );
    let html = report::html_page(&input);
    assert!(
        html.contains(&format!("<img src=\"{}\"", report::svg_data_uri(&svg))) && !html.contains("<script")
    );
}

/// Writes every chart of two presets to target/chart-samples for people to
/// look at (and to convert to PNG with a headless browser).
#[test]
fn samples_for_review() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/chart-samples");
    std::fs::create_dir_all(&dir).unwrap();
    let clear = scenario(file("clear-boundary"));
    for id in ["orphaned-provisioning", "sre-absorbed"] {
        let sc = scenario(file(id));
        let log = run(&sc, 1);
        let logs: Vec<RunLog> = (0..30).map(|s| run(&sc, s)).collect();
        let (runs, agg) = monte_carlo(&sc, 1, 50);
        let c = compare(&clear, &sc, 1, 50).unwrap();
        let horizon = log.horizon;
        let samples = [
            ("budget", budget_svg(&sc, &log, None, SIZE)),
            ("budget-playback", budget_svg(&sc, &log, Some(horizon / 3), SIZE)),
            ("swimlanes", swimlanes_svg(&sc, &log, None, SIZE)),
            ("swimlanes-playback", swimlanes_svg(&sc, &log, Some(horizon / 3), SIZE)),
            ("handoffs", handoffs_svg(&sc, &Handoffs::of_log(&log), SIZE)),
            ("handoffs-30-runs", handoffs_svg(&sc, &Handoffs::of(&logs), SIZE)),
            ("outcomes", outcomes_svg(&sc, &agg, SIZE)),
            ("times", times_svg(&sc, &runs, SIZE)),
            ("comparison", comparison_svg(&c, SIZE)),
            ("board", board_svg(sc.file())),
        ];
        for (name, svg) in samples {
            parse(&svg).unwrap_or_else(|e| panic!("{id} {name}: {e}"));
            std::fs::write(dir.join(format!("{id}-{name}.svg")), svg).unwrap();
        }
    }
}
