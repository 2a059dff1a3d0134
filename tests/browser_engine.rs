//! The engine in the browser: the same scenario and seed give the same event
//! log, byte for byte, as natively. The native side of this check is
//! `native_log_matches_the_committed_fixture` in `engine_laws.rs`, which
//! produces the fixture compared here.
#![cfg(target_arch = "wasm32")]

use faultline::engine::run;
use faultline::model::{presets, validate};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn browser_log_is_byte_identical_to_the_native_one() {
    let native = include_str!("data/clear-boundary.seed7.jsonl");
    let sc = validate(presets::preset("clear-boundary").unwrap()).unwrap();
    let log = run(&sc, 7).to_jsonl(&sc);
    assert!(log.lines().count() > 50, "the fixture run should be substantial");
    assert_eq!(log, native);
}

#[wasm_bindgen_test]
fn monte_carlo_aggregates_match_native_figures_in_the_browser() {
    // Sampling uses libm and ChaCha, so floating-point results agree too.
    let sc = validate(presets::preset("no-sre").unwrap()).unwrap();
    let runs = faultline::analysis::montecarlo::run_range(&sc, 5, 0..20);
    let agg = faultline::analysis::montecarlo::aggregate(&sc, &runs);
    let json = serde_json::to_string(&agg).unwrap();
    assert_eq!(json, include_str!("data/no-sre.seed5.runs20.json").trim_end());
}
