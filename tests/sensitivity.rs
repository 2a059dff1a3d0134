//! The sensitivity sweep on real designs: the clear boundary (A) against
//! shared ownership of the deploy system (B), and the clear boundary alone,
//! on the share of incidents nobody resolved. Every end of every assumption
//! runs on the same seeds (common random numbers), so an end that is the
//! default, or an assumption no mechanism of the design reads, gives exactly
//! the base headline, bit for bit.
#![cfg(not(target_arch = "wasm32"))]

use faultline::analysis::batch::Rounds;
use faultline::analysis::compare::aligned;
use faultline::analysis::montecarlo::{run_range, Estimate};
use faultline::analysis::objective::Objective;
use faultline::analysis::sensitivity::{sensitivity, to_markdown, Row, Sensitivity, Sweep};
use faultline::charts::{tornado_svg, DEFAULT_SIZE};
use faultline::engine::assumptions::table;
use faultline::model::{presets, validate, Scenario, ScenarioFile};
use std::sync::OnceLock;
use std::time::Instant;

const OBJECTIVE: Objective = Objective::Silent;
const RUNS: u32 = 100;

fn scenario(id: &str) -> Scenario {
    validate(presets::preset(id).expect("preset")).expect("presets validate")
}

fn clear() -> Scenario {
    scenario("clear-boundary")
}

fn shared() -> Scenario {
    scenario("shared-deploy")
}

fn seed() -> u64 {
    clear().settings().seed
}

fn timed(what: &str, f: impl FnOnce() -> Sensitivity) -> Sensitivity {
    let t = Instant::now();
    let s = f();
    eprintln!("{what}: {} assumptions in {:.1} s; {}", s.rows.len(), t.elapsed().as_secs_f64(), s.sentence);
    s
}

/// Shared deploy (B) against the clear boundary (A), computed once.
fn comparison() -> &'static Sensitivity {
    static S: OnceLock<Sensitivity> = OnceLock::new();
    S.get_or_init(|| {
        timed("clear-boundary vs shared-deploy", || {
            sensitivity(&clear(), Some(&shared()), OBJECTIVE, seed(), RUNS).expect("the presets align")
        })
    })
}

/// The clear boundary alone, computed once.
fn alone() -> &'static Sensitivity {
    static S: OnceLock<Sensitivity> = OnceLock::new();
    S.get_or_init(|| {
        timed("clear-boundary alone", || sensitivity(&clear(), None, OBJECTIVE, seed(), RUNS).expect("valid"))
    })
}

fn both() -> [(&'static str, &'static Sensitivity); 2] {
    [("comparison", comparison()), ("alone", alone())]
}

/// The headline with `key` set to `value` on both sides, measured here the
/// way a reader would: B on A's failures and settings, the same seeds.
fn measure(b: bool, key: &str, value: f64) -> Estimate {
    let with = |f: &ScenarioFile| {
        let mut f = f.clone();
        f.settings.assumptions.insert(key.to_owned(), value);
        validate(f).expect("a plausible value validates")
    };
    let a = with(clear().file());
    let ra = run_range(&a, seed(), 0..RUNS);
    if b {
        let b = with(aligned(&clear(), &shared()).expect("aligns").file());
        OBJECTIVE.paired(&ra, &run_range(&b, seed(), 0..RUNS))
    } else {
        OBJECTIVE.estimate(&ra)
    }
}

fn row<'a>(s: &'a Sensitivity, key: &str) -> &'a Row {
    s.rows.iter().find(|r| r.key == key).expect("a row per assumption")
}

/// An end at the default is the base itself; any other end was run: it
/// has runs behind it and, for the largest swings, equals the headline
/// measured independently with that assumption set.
#[test]
fn every_end_is_the_base_or_a_measurement() {
    for (what, s) in both() {
        assert_eq!(s.runs, RUNS);
        assert!(s.base.n > 0, "{what}: base {:?}", s.base);
        let mut at_default = 0;
        for r in &s.rows {
            assert!(r.skipped.is_none(), "{what}: {} skipped: {:?}", r.key, r.skipped);
            for (value, at) in [(r.low, &r.at_low), (r.high, &r.at_high)] {
                if value == r.default {
                    assert_eq!(at, &s.base, "{what}: {} at its default {value}", r.key);
                    at_default += 1;
                } else {
                    assert!(
                        at.n > 0 && at.ci_low <= at.mean && at.mean <= at.ci_high,
                        "{what}: {} {at:?}",
                        r.key
                    );
                }
            }
        }
        assert!(at_default > 0, "{what}: no end sits at its default, so that path is not exercised");
        for r in s.rows.iter().take(2) {
            let b = s.b_title.is_some();
            assert_eq!(r.at_low, measure(b, r.key, r.low), "{what}: {} at the low end", r.key);
            assert_eq!(r.at_high, measure(b, r.key, r.high), "{what}: {} at the high end", r.key);
        }
    }
}

/// Mechanism: a wrong guess's delay is only paid when an orphan is paged,
/// and a co-owner only defers when a capability has several owners. Neither
/// design has an orphan and the clear boundary has no co-owned capability,
/// so those rows are the base at both ends, exactly.
#[test]
fn an_assumption_no_mechanism_reads_gives_exactly_the_base() {
    let (a, b) = (clear(), shared());
    for sc in [&a, &b] {
        assert!(sc.cap_ixs().all(|c| !sc.owners(c).is_empty()), "{} has an orphan", sc.title());
    }
    assert!(a.cap_ixs().all(|c| a.owners(c).len() == 1), "the clear boundary has a co-owned capability");
    let untouched: [(&Sensitivity, &[&str]); 2] =
        [(comparison(), &["guess_minutes"]), (alone(), &["guess_minutes", "defer_chance", "defer_minutes"])];
    for (s, keys) in untouched {
        for key in keys {
            let r = row(s, key);
            assert_eq!((r.at_low, r.at_high, r.swing), (s.base, s.base, 0.0), "{key}");
            assert!(r.flip.is_none());
        }
    }
    // And the swing is a real measurement elsewhere: something moves each headline.
    assert!(comparison().rows[0].swing > 0.0 && alone().rows[0].swing > 0.0);
}

/// One row per assumption of the table, largest swing first, each swing the
/// farther end's distance from the base.
#[test]
fn rows_cover_the_table_sorted_by_swing() {
    let keys: Vec<&str> = table().iter().map(|a| a.key).collect();
    for (what, s) in both() {
        let mut got: Vec<&str> = s.rows.iter().map(|r| r.key).collect();
        got.sort_unstable();
        let mut want = keys.clone();
        want.sort_unstable();
        assert_eq!(got, want, "{what}");
        for r in &s.rows {
            let swing = (r.at_low.mean - s.base.mean).abs().max((r.at_high.mean - s.base.mean).abs());
            assert_eq!(r.swing, swing, "{what}: {}", r.key);
        }
        assert!(s.rows.windows(2).all(|w| w[0].swing >= w[1].swing), "{what}: not sorted by swing");
        let top: Vec<String> =
            s.rows.iter().take(5).map(|r| format!("{} {:.1} pts", r.key, r.swing * 100.0)).collect();
        eprintln!("{what}: largest swings: {}", top.join(", "));
    }
}

/// The sentence says which design it is about: both for a comparison.
#[test]
fn the_sentence_names_the_designs() {
    let (a, b) = (clear(), shared());
    let s = comparison();
    assert_eq!(s.a_title, a.title());
    assert_eq!(s.b_title.as_deref(), Some(b.title()));
    assert!(s.sentence.contains(a.title()) && s.sentence.contains(b.title()), "{}", s.sentence);
    assert!(alone().sentence.contains(a.title()), "{}", alone().sentence);
    assert!(alone().b_title.is_none());
}

/// The page runs the sweep a batch at a time; run to its end, it gives
/// what `sensitivity` gives in one go, and its progress counts every engine
/// run: made never passes the expected total, and they meet at the end.
/// With no conclusion flipping there is no bisection, so the first estimate
/// of the total is exact.
#[test]
fn stepping_the_sweep_gives_the_same_result() {
    let mut sweep = Sweep::new(&clear(), Some(&shared()), OBJECTIVE, seed(), RUNS).expect("aligns");
    let (made, first_total) = sweep.progress();
    assert_eq!(made, 0);
    assert!(first_total > 0);
    let (mut steps, mut last) = (0u32, (0, first_total));
    while sweep.step() {
        steps += 1;
        let (made, total) = sweep.progress();
        assert!(made >= last.0 && made <= total, "{made}/{total} after {last:?}");
        assert!(total >= last.1, "the expected total shrank: {total} after {}", last.1);
        assert!(!sweep.done());
        last = (made, total);
    }
    assert!(sweep.done());
    let (made, total) = sweep.progress();
    assert_eq!(made, total, "every run counted");
    eprintln!("stepped sweep: {steps} steps, {made} engine runs (first estimate {first_total})");
    let s = sweep.finish();
    if s.rows.iter().all(|r| r.flip.is_none()) {
        assert_eq!(made, first_total, "nothing flipped, yet the total changed");
    }
    assert_eq!(&s, comparison());
}

/// Same designs, objective, seed and runs: the same result, to the bit.
#[test]
fn a_sweep_is_deterministic() {
    let again = sensitivity(&clear(), None, OBJECTIVE, seed(), RUNS).expect("valid");
    assert_eq!(&again, alone());
}

/// Per-run values of the headline B − A with `key` at `value`, in run order.
fn per_run(key: &str, value: f64) -> Vec<Option<f64>> {
    let with = |f: &ScenarioFile| {
        let mut f = f.clone();
        f.settings.assumptions.insert(key.to_owned(), value);
        validate(f).expect("a plausible value validates")
    };
    let a = run_range(&with(clear().file()), seed(), 0..RUNS);
    let b = run_range(&with(aligned(&clear(), &shared()).expect("aligns").file()), seed(), 0..RUNS);
    a.iter().zip(&b).map(|(x, y)| Some(OBJECTIVE.value(y)? - OBJECTIVE.value(x)?)).collect()
}

/// Mechanism: in shared deploy SRE co-owns the deploy system, so it builds
/// part of the paved road and no team can enforce the error-budget policy; a
/// builder's "working as designed" stands, where in the clear boundary SRE
/// overrules it. So the more often builders deflect, the more shared deploy
/// leaves unresolved than the clear boundary: every `deflect_chance` row
/// that moves the difference widens it towards its high end, and for the
/// largest, the paired difference of the two ends excludes zero.
#[test]
fn more_deflection_widens_the_gap_of_shared_deploy() {
    let s = comparison();
    let rows: Vec<&Row> =
        s.rows.iter().filter(|r| r.key.starts_with("deflect_chance.") && r.swing > 0.0).collect();
    for r in &rows {
        eprintln!(
            "{} {} → {}: B − A {} → {}",
            r.key,
            r.low,
            r.high,
            OBJECTIVE.show_estimate(&r.at_low),
            OBJECTIVE.show_estimate(&r.at_high)
        );
        assert!(r.at_high.mean > r.at_low.mean, "{}: the gap narrows as builders deflect more: {r:?}", r.key);
    }
    assert!(rows.len() >= 3, "only {} deflection rows move the difference", rows.len());
    let top = rows[0];
    let (low, high) = (per_run(top.key, top.low), per_run(top.key, top.high));
    assert_eq!(Estimate::of(&low.iter().flatten().copied().collect::<Vec<_>>()), top.at_low);
    let d: Vec<f64> = low.iter().zip(&high).filter_map(|(l, h)| Some((*h)? - (*l)?)).collect();
    let e = Estimate::of(&d);
    eprintln!("{}: high − low end {}", top.key, OBJECTIVE.show_estimate(&e));
    assert!(e.ci_low > 0.0, "{}: {e:?}", top.key);
}

/// One table row per assumption, each naming its key once.
#[test]
fn the_markdown_has_one_row_per_assumption() {
    for (what, s) in both() {
        let md = to_markdown(s);
        let rows: Vec<&str> = md.lines().filter(|l| l.starts_with("| `")).collect();
        assert_eq!(rows.len(), table().len(), "{what}:\n{md}");
        for r in &s.rows {
            let key = format!("| `{}` |", r.key);
            assert_eq!(rows.iter().filter(|l| l.starts_with(&key)).count(), 1, "{what}: {}", r.key);
        }
    }
}

/// The tornado draws the assumption with the largest swing, and a title
/// with markup in it is text in the SVG, escaped, as it is in the Markdown.
#[test]
fn the_tornado_shows_the_top_key_and_escapes_titles() {
    let s = comparison();
    let svg = tornado_svg(s, DEFAULT_SIZE);
    assert!(svg.contains(s.rows[0].key), "{} not drawn", s.rows[0].key);

    let mut file = shared().into_file();
    file.title = "<b>Deploy</b> & \"co\"".to_owned();
    let marked = validate(file).expect("valid");
    let s = sensitivity(&clear(), Some(&marked), OBJECTIVE, seed(), 20).expect("aligns");
    assert!(s.sentence.contains("<b>Deploy</b>"), "{}", s.sentence);
    let svg = tornado_svg(&s, DEFAULT_SIZE);
    assert!(!svg.contains("<b>") && !svg.contains("</b>"), "raw markup from a title in the SVG");
    assert!(svg.contains("&lt;b&gt;Deploy&lt;/b&gt;"), "the title is not drawn escaped");
    let md = to_markdown(&s);
    assert!(!md.contains("<b>") && md.contains(r"\<b\>Deploy\</b\>"), "{md}");
}
