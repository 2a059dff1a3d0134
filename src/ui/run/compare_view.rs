//! Compare: the board's design (A) against a second design (B) — a preset,
//! an imported scenario file, or the design as it was at the last run — on
//! the same failures and seeds, side by side, with the analysis' verdict.
//! An imported file that does not validate shows every problem with its
//! path and changes nothing else.

use super::browser;
use super::charts_view::ChartFigure;
use super::jobs;
use super::run_controls::parse_runs;
use super::run_state::{CompareRun, RunAction};
use crate::analysis::compare::aligned;
use crate::analysis::montecarlo::Aggregate;
use crate::charts::comparison_svg;
use crate::engine::Outcome;
use crate::model::presets::{preset, PRESETS};
use crate::model::validate::ROOT;
use crate::model::{parse, validate, Problem, Scenario, ScenarioFile};
use std::rc::Rc;
use yew::prelude::*;

pub const COMPARE_CHART: (u32, u32) = (1000, 560);

#[derive(Properties)]
pub struct CompareViewProps {
    /// Design A, validated; `None` when the board's design cannot run.
    pub scenario: Option<Rc<Scenario>>,
    pub file: Rc<ScenarioFile>,
    /// The design of the last run, when it differs from the board's.
    pub snapshot: Option<Rc<ScenarioFile>>,
    pub result: Option<Rc<CompareRun>>,
    pub busy: bool,
    pub stale: bool,
    pub default_seed: u64,
    pub on_action: Callback<RunAction>,
}

impl PartialEq for CompareViewProps {
    fn eq(&self, o: &Self) -> bool {
        // A validated scenario is compared by identity: the memo that makes
        // it hands out the same one until the design changes.
        let same_a = match (&self.scenario, &o.scenario) {
            (Some(a), Some(b)) => Rc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        };
        same_a
            && self.file == o.file
            && self.snapshot == o.snapshot
            && self.result == o.result
            && self.busy == o.busy
            && self.stale == o.stale
            && self.default_seed == o.default_seed
            && self.on_action == o.on_action
    }
}

/// An imported design B: its file name and what reading it gave.
#[derive(Clone)]
enum Imported {
    Valid(String, Rc<Scenario>),
    Invalid(String, Rc<Vec<Problem>>),
}

fn problems_text(ps: &[Problem]) -> String {
    ps.iter().map(Problem::to_string).collect::<Vec<_>>().join("; ")
}

#[component]
pub fn CompareView(props: &CompareViewProps) -> Html {
    let choice = use_state(|| "preset:shared-deploy".to_owned());
    let imported = use_state(|| None::<Imported>);
    let runs = use_state(|| "200".to_owned());

    let on_choice = {
        let choice = choice.clone();
        Callback::from(move |e: Event| {
            if let Some(s) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                choice.set(s.value());
            }
        })
    };
    let on_runs = {
        let runs = runs.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(i) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                runs.set(i.value());
            }
        })
    };
    let on_file = {
        let (imported, choice) = (imported.clone(), choice.clone());
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() else { return };
            let Some(file) = input.files().and_then(|fs| fs.get(0)) else { return };
            let (imported, choice) = (imported.clone(), choice.clone());
            browser::read_text(
                file,
                Callback::from(move |(name, text): (String, Result<String, String>)| {
                    let result = match text {
                        Ok(text) => match parse(&text) {
                            Ok(sc) => Imported::Valid(name, Rc::new(sc)),
                            Err(ps) => Imported::Invalid(name, Rc::new(ps)),
                        },
                        Err(why) => Imported::Invalid(name, Rc::new(vec![Problem::new(ROOT, why)])),
                    };
                    if matches!(result, Imported::Valid(..)) {
                        choice.set("file".to_owned());
                    }
                    imported.set(Some(result));
                }),
            );
        })
    };

    // Design B as chosen, or why it cannot be used.
    let design_b: Result<(String, Rc<Scenario>), String> = match choice.as_str() {
        "snapshot" => match &props.snapshot {
            Some(f) => validate((**f).clone())
                .map(|sc| ("the design as it was at the last run".to_owned(), Rc::new(sc)))
                .map_err(|ps| problems_text(&ps)),
            None => Err("There is no earlier run to compare with.".to_owned()),
        },
        "file" => match &*imported {
            Some(Imported::Valid(name, sc)) => Ok((format!("file {name}"), sc.clone())),
            _ => Err("Import a valid scenario file first.".to_owned()),
        },
        other => {
            let id = other.strip_prefix("preset:").unwrap_or(other);
            match preset(id).map(validate) {
                Some(Ok(sc)) => Ok((format!("preset {}", sc.title()), Rc::new(sc))),
                Some(Err(ps)) => Err(problems_text(&ps)),
                None => Err(format!("Unknown preset {id}.")),
            }
        }
    };
    let parsed_runs = parse_runs(&runs);
    let start = {
        let (a, file, cb) = (props.scenario.clone(), props.file.clone(), props.on_action.clone());
        let b = design_b.clone();
        let seed = props.default_seed;
        Callback::from(move |_: MouseEvent| {
            let (Some(a), Ok((source, b)), Some(n)) = (a.clone(), b.clone(), parsed_runs) else { return };
            match aligned(&a, &b) {
                Ok(b) => jobs::compare(file.clone(), a, Rc::new(b), source, seed, n, cb.clone()),
                Err(ps) => cb.emit(RunAction::Failed(format!(
                    "Design B cannot run on design A's failures: {}",
                    problems_text(&ps)
                ))),
            }
        })
    };
    let can_start = props.scenario.is_some() && design_b.is_ok() && parsed_runs.is_some() && !props.busy;

    let preset_options = PRESETS.iter().map(|p| {
        let v = format!("preset:{}", p.id);
        html! { <option value={v.clone()} selected={*choice == v}>{ format!("Preset: {}", p.title) }</option> }
    });
    let file_label = match &*imported {
        Some(Imported::Valid(name, _)) => format!("Imported: {name}"),
        _ => "Imported file (choose below)".to_owned(),
    };
    let import_problems = match &*imported {
        Some(Imported::Invalid(name, ps)) => html! {
            <div class="import-problems" role="alert">
                <strong>{ format!("{name} is not a scenario Faultline can run:") }</strong>
                <ul>{ for ps.iter().map(|p| html! { <li>{ p.to_string() }</li> }) }</ul>
            </div>
        },
        _ => html! {},
    };
    html! {
        <section class="compare" aria-labelledby="compare-title">
            <h2 id="compare-title">{ "Compare with another design" }</h2>
            <div class="compare-form run-row">
                <label class="field">
                    <span>{ "Design B" }</span>
                    <select id="compare-b" onchange={on_choice} aria-label="Design B">
                        { for preset_options }
                        <option value="snapshot" selected={*choice == "snapshot"} disabled={props.snapshot.is_none()}>
                            { "The design as it was at the last run" }</option>
                        <option value="file" selected={*choice == "file"}
                            disabled={!matches!(&*imported, Some(Imported::Valid(..)))}>{ file_label }</option>
                    </select>
                </label>
                <label class="field editing">
                    <span>{ "Import B" }</span>
                    <input id="compare-file" type="file" accept=".json,application/json" onchange={on_file}
                        aria-label="Import design B from a scenario file" />
                </label>
                <label class="field">
                    <span>{ "Runs" }</span>
                    <input id="compare-runs" type="number" min="1" value={(*runs).clone()} oninput={on_runs}
                        aria-label="Paired runs for the comparison" />
                </label>
                <button type="button" id="compare-start" class="primary" onclick={start} disabled={!can_start}
                    aria-label="Compare the board's design with design B on the same failures and seeds">
                    { "Compare" }</button>
            </div>
            { import_problems }
            if let Err(why) = &design_b {
                <p class="muted">{ why.clone() }</p>
            }
            if let Some(r) = &props.result {
                <ComparisonResult result={r.clone()} stale={props.stale} />
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ComparisonResultProps {
    result: Rc<CompareRun>,
    stale: bool,
}

#[component]
fn ComparisonResult(props: &ComparisonResultProps) -> Html {
    let cmp = &props.result.comparison;
    let svg = use_memo(props.result.clone(), |r| Rc::new(comparison_svg(&r.comparison, COMPARE_CHART)));
    let side = |label: &str, title: &str, agg: &Aggregate| {
        let rows = Outcome::ALL.iter().enumerate().map(|(i, o)| {
            let s = &agg.outcomes[i];
            html! {
                <tr class={o.name()}>
                    <th scope="row">{ o.label() }</th>
                    <td>{ s.count }</td>
                    <td>{ format!("{:.0}%", s.share.mean * 100.0) }</td>
                </tr>
            }
        });
        html! {
            <div class="compare-side">
                <h3><span class="side-label">{ label.to_owned() }</span>{ title.to_owned() }</h3>
                <table class="outcome-table">
                    <thead><tr><th scope="col">{ "Outcome" }</th><th scope="col">{ "Incidents" }</th>
                        <th scope="col">{ "Share" }</th></tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
                <p class="muted">{ format!("Hand-offs per incident: {:.2}", agg.handoffs.mean) }</p>
            </div>
        }
    };
    html! {
        <div class="compare-result" id="compare-result">
            if props.stale {
                <p class="stale" role="status">{ "Design changed since this comparison — compare again." }</p>
            }
            <p id="compare-verdict" class="compare-verdict">{ cmp.verdict.clone() }</p>
            <p class="muted">{ format!(
                "{} paired runs from seed {} on the same failures (B is {}); {:.0} ms in this browser.",
                cmp.runs, cmp.seed, props.result.b_source, props.result.millis
            ) }</p>
            <div class="compare-sides">
                { side("A", &cmp.a_title, &cmp.a) }
                { side("B", &cmp.b_title, &cmp.b) }
            </div>
            <ChartFigure id="comparison" title="A and B on the same failures and seeds" svg={(*svg).clone()}
                size={COMPARE_CHART} />
        </div>
    }
}
