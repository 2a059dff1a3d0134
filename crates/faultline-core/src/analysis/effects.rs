//! What each input moves: every parameter of a team, a capability, a
//! failure and the run settings, and every assumption of the engine,
//! changed one at a time on a preset where it matters and run on the same
//! seeds. Each input's row names the output it moves most, so "no input is
//! without effect" is a table anyone can regenerate (`faultline effects`).

use super::compare::{from_runs, Delta};
use super::montecarlo::run_range;
use crate::engine::assumptions::table;
use crate::model::{presets, validate, FailureKind, Scenario, ScenarioFile, ServiceTime, Shape, TimeSplit};
use std::fmt::Write;

/// One change to try.
pub struct Input {
    pub path: String,
    pub change: String,
    /// Presets to try it on, in order; the first where anything moves is reported.
    pub presets: Vec<&'static str>,
    /// What the base design needs for the input to matter, applied to both sides.
    pub setup: Option<&'static str>,
    prepare: Option<Edit>,
    apply: Edit,
}

/// A change to a scenario file.
type Edit = Box<dyn Fn(&mut ScenarioFile)>;

fn input(
    path: &str,
    change: &str,
    presets: &[&'static str],
    apply: impl Fn(&mut ScenarioFile) + 'static,
) -> Input {
    Input {
        path: path.to_owned(),
        change: change.to_owned(),
        presets: presets.to_vec(),
        setup: None,
        prepare: None,
        apply: Box::new(apply),
    }
}

fn team<'a>(f: &'a mut ScenarioFile, id: &str) -> &'a mut crate::model::Team {
    // Every input names a team of the presets it runs on.
    f.teams.iter_mut().find(|t| t.id.as_str() == id).expect("a preset team")
}

fn cap<'a>(f: &'a mut ScenarioFile, id: &str) -> &'a mut crate::model::Capability {
    f.capabilities.iter_mut().find(|c| c.id.as_str() == id).expect("a catalog capability")
}

const CLEAR: &[&str] = &["clear-boundary"];
const ALL: &[&str] = &["clear-boundary", "sre-absorbed", "no-sre", "shared-deploy", "orphaned-provisioning"];

/// Fields that only name or place things: they change every sentence and
/// the board, never a number.
pub const PRESENTATION: [&str; 8] = [
    "title",
    "description",
    "teams[].id",
    "teams[].name",
    "teams[].rect",
    "teams[].color",
    "capabilities[].id",
    "capabilities[].name",
];

/// Every parameter input, with the change tried.
pub fn inputs() -> Vec<Input> {
    let mut v = vec![
        input("teams[].headcount", "SRE 6 → 1 people", CLEAR, |f| team(f, "sre").headcount = 1.0),
        input("teams[].on_call", "Platform on-call off", CLEAR, |f| team(f, "platform").on_call = false),
        input("teams[].time_split", "Platform toil 20% → 70%", CLEAR, |f| {
            team(f, "platform").time_split = TimeSplit { feature: 20.6, reliability: 9.4, toil: 70.0 }
        }),
        // A team's kind only says where a page about an orphan is guessed at,
        // once no team owning the layer is left to try.
        Input {
            setup: Some("with pages and tickets going to the Checkout team"),
            prepare: Some(Box::new(|f: &mut ScenarioFile| {
                for role in ["incident_management", "slo_definitions"] {
                    f.ownership.insert(role.into(), vec!["checkout-team".into()]);
                }
            })),
            ..input("teams[].kind", "SRE's kind sre → platform", &["orphaned-provisioning"], |f| {
                team(f, "sre").kind = crate::model::TeamKind::Platform
            })
        },
        input(
            "capabilities[].layer",
            "Deploy and rollout system delivery → reliability, its role dropped",
            &["no-sre"],
            |f| {
                let c = cap(f, "deploy");
                c.layer = crate::model::Layer::Reliability;
                c.role = None;
            },
        ),
        input("capabilities[].role", "Error-budget policy loses its role", CLEAR, |f| {
            cap(f, "error_budget_policy").role = None
        }),
        input(
            "capabilities[].depends_on",
            "Checkout no longer depends on Identity integration",
            CLEAR,
            |f| cap(f, "checkout").depends_on.retain(|d| d.as_str() != "identity"),
        ),
        input("capabilities[].slo", "Checkout without an SLO", CLEAR, |f| cap(f, "checkout").slo = None),
        input("capabilities[].slo.target", "Checkout 99.9% → 99%", CLEAR, |f| {
            if let Some(s) = cap(f, "checkout").slo.as_mut() {
                s.target = 0.99;
            }
        }),
        input("capabilities[].slo.window_days", "Checkout's window 30 → 7 days", CLEAR, |f| {
            if let Some(s) = cap(f, "checkout").slo.as_mut() {
                s.window_days = 7.0;
            }
        }),
        input("capabilities[].traffic_rps", "Search 100 → 1,000 requests/s at peak", CLEAR, |f| {
            cap(f, "search").traffic_rps = Some(1_000.0)
        }),
        input("ownership", "Deploy and rollout system shared by Platform and SRE", CLEAR, |f| {
            f.ownership.insert("deploy".into(), vec!["platform".into(), "sre".into()]);
        }),
        input("failures[].kind", "the first rollout outage becomes latency creep", ALL, |f| {
            f.failures[1].kind = FailureKind::LatencyCreep
        }),
        input("failures[].target", "the first rollout outage hits Search instead of Deploy", ALL, |f| {
            f.failures[1].target = "search".into()
        }),
        input("failures[].start_hours", "the first rollout outage 10 days later", ALL, |f| {
            f.failures[1].start_hours += 240.0
        }),
        input("failures[].severity", "the first rollout outage 10% → 30% errors", ALL, |f| {
            f.failures[1].severity = Some(0.3)
        }),
        input("failures[].shape", "the first rollout outage sudden → ramp", ALL, |f| {
            f.failures[1].shape = Some(Shape::Ramp)
        }),
        input(
            "failures[].duration_hours",
            "the first rollout outage lasts 8 → 48 h unmitigated",
            ALL,
            |f| f.failures[1].duration_hours = Some(48.0),
        ),
        input("settings.horizon_days", "30 → 60 days", CLEAR, |f| f.settings.horizon_days = 60.0),
        input("settings.seed", "1 → 2", CLEAR, |f| f.settings.seed = 2),
        input("settings.background_rate_per_day", "0.05 → 0.5 a day", CLEAR, |f| {
            f.settings.background_rate_per_day = 0.5
        }),
        input("settings.background_kinds", "every kind → rollout outages only", CLEAR, |f| {
            f.settings.background_kinds = Some(vec![FailureKind::RolloutOutage])
        }),
        input("settings.alerts[].burn_rate", "the 1 h page at 14.4× → 30×", CLEAR, |f| {
            f.settings.alerts[0].burn_rate = 30.0
        }),
        input(
            "settings.alerts[].long_window_minutes",
            "the ticket's long window 3 days → 1 day",
            CLEAR,
            |f| f.settings.alerts[2].long_window_minutes = 1_440.0,
        ),
        input(
            "settings.alerts[].short_window_minutes",
            "the ticket's short window 6 h → 5 min",
            CLEAR,
            |f| f.settings.alerts[2].short_window_minutes = 5.0,
        ),
        input("settings.alerts[].page", "the 6 h page becomes a ticket", CLEAR, |f| {
            f.settings.alerts[1].page = false
        }),
        input("settings.responders", "one responder per team, whatever its size", CLEAR, |f| {
            f.settings.responders = Some(1.0)
        }),
        input("settings.mitigation", "every mitigation exponential, mean 4 h", CLEAR, |f| {
            f.settings.mitigation = Some(ServiceTime::Exponential { mean_minutes: 240.0 })
        }),
        input("settings.policy_threshold", "20% → 5% of a window's budget", ALL, |f| {
            f.settings.policy_threshold = 0.05
        }),
        input("settings.max_hops", "4 → 1 hand-off before leadership", &["orphaned-provisioning"], |f| {
            f.settings.max_hops = 1.0
        }),
        input("settings.recurrence_mean_days", "20 days → never recurs", CLEAR, |f| {
            f.settings.recurrence_mean_days = None
        }),
    ];
    for a in table() {
        let value = if a.high != a.default { a.high } else { a.low };
        let key = a.key;
        let row = input(
            &format!("settings.assumptions.{key}"),
            &format!("{} → {} {}", number(a.default), number(value), a.unit),
            ALL,
            move |f| {
                f.settings.assumptions.insert(key.to_owned(), value);
            },
        );
        // A service without traffic of its own has the reference traffic,
        // so the reference matters only beside a service that states one.
        v.push(if key == "reference_traffic_rps" {
            Input {
                setup: Some("with Search at 1,000 requests/s"),
                prepare: Some(Box::new(|f: &mut ScenarioFile| cap(f, "search").traffic_rps = Some(1_000.0))),
                ..row
            }
        } else {
            row
        });
    }
    v
}

/// A number as a person writes it: no float noise, no trailing zeros.
fn number(x: f64) -> String {
    let s = format!("{x:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// What one input moved most, on the first preset where it moved anything.
pub struct Effect {
    pub path: String,
    pub change: String,
    pub preset: Option<&'static str>,
    pub moved: Option<Delta>,
}

fn scenario(file: ScenarioFile) -> Option<Scenario> {
    validate(file).ok()
}

/// Runs every input over `runs` paired runs (each design from its own
/// `settings.seed`, so only the seed input changes the draws).
pub fn effects(runs: u32) -> Vec<Effect> {
    let bases: Vec<(&str, ScenarioFile, Vec<super::montecarlo::RunSummary>)> = presets::PRESETS
        .iter()
        .filter_map(|p| {
            let file = presets::preset(p.id)?;
            let sc = scenario(file.clone())?;
            let rs = run_range(&sc, sc.settings.seed, 0..runs);
            Some((p.id, file, rs))
        })
        .collect();
    inputs()
        .into_iter()
        .map(|inp| {
            for id in &inp.presets {
                let Some((_, file, ra)) = bases.iter().find(|b| b.0 == *id) else { continue };
                let mut base = file.clone();
                if let Some(prepare) = &inp.prepare {
                    prepare(&mut base);
                }
                let mut changed = base.clone();
                (inp.apply)(&mut changed);
                let (Some(a), Some(b)) = (scenario(base), scenario(changed)) else { continue };
                let prepared;
                let ra = if inp.prepare.is_some() {
                    prepared = run_range(&a, a.settings.seed, 0..runs);
                    &prepared
                } else {
                    ra
                };
                let rb = run_range(&b, b.settings.seed, 0..runs);
                let cmp = from_runs(&a, &b, a.settings.seed, ra, &rb);
                // The move that stands out most from its own noise.
                let strength = |d: &Delta| {
                    let half = (d.diff.ci_high - d.diff.ci_low) / 2.0;
                    d.diff.mean.abs() / half.max(1e-12 * d.a.abs().max(1.0))
                };
                let best = cmp
                    .deltas
                    .into_iter()
                    .filter(|d| d.diff.mean != 0.0 || d.a != d.b)
                    .max_by(|x, y| strength(x).total_cmp(&strength(y)));
                // Some inputs only change who holds what (a team's kind steers
                // the guesses about an orphan): then the event log is what moves.
                let best = best.or_else(|| {
                    let differs = (0..runs).any(|i| {
                        let seed = crate::engine::rng::run_seed(a.settings.seed, i);
                        crate::engine::run(&a, seed).events != crate::engine::run(&b, seed).events
                    });
                    differs.then(|| Delta {
                        metric: "event_log",
                        label: "who holds each incident (the event log)",
                        is_share: false,
                        lower_is_better: true,
                        a: 0.0,
                        b: 0.0,
                        diff: super::montecarlo::Estimate::of(&[]),
                    })
                });
                if let Some(d) = best {
                    let change = match inp.setup {
                        Some(setup) => format!("{} ({setup})", inp.change),
                        None => inp.change,
                    };
                    return Effect { path: inp.path, change, preset: Some(id), moved: Some(d) };
                }
            }
            Effect { path: inp.path, change: inp.change, preset: None, moved: None }
        })
        .collect()
}

/// The table as Markdown.
pub fn markdown(effects: &[Effect], runs: u32) -> String {
    let mut s = format!(
        "Each input changed alone on the first preset where it moves anything, {runs} paired runs; the output it \
         moves most clearly, before → after, and the paired difference with its 95% interval.\n\n\
         | Input | Change | Preset | Moves most | Before → after | Difference (95% CI) |\n| --- | --- | --- | --- | ---: | ---: |\n"
    );
    for e in effects {
        match (&e.moved, e.preset) {
            (Some(d), Some(p)) if d.metric == "event_log" => {
                let _ = writeln!(s, "| `{}` | {} | {p} | {} | differs | |", e.path, e.change, d.label);
            }
            (Some(d), Some(p)) => {
                let _ = writeln!(
                    s,
                    "| `{}` | {} | {p} | {} | {} → {} | {} |",
                    e.path,
                    e.change,
                    d.label,
                    d.value_text(d.a),
                    d.value_text(d.b),
                    d.diff_text()
                );
            }
            _ => {
                let _ = writeln!(s, "| `{}` | {} | — | **nothing** | | |", e.path, e.change);
            }
        }
    }
    let _ = writeln!(
        s,
        "\nPresentation only (names and places things, moves no number): {}. `settings.runs` sets how many runs a \
         Monte Carlo makes, so it moves the width of every interval, not the outcomes.",
        PRESENTATION.map(|p| format!("`{p}`")).join(", ")
    );
    s
}
