//! No input is without effect: every parameter of a team, a capability, a
//! failure and the settings, and every assumption, changed alone on a
//! preset, moves some output.
#![cfg(not(target_arch = "wasm32"))]

use faultline::analysis::effects::{effects, inputs};
use faultline::engine::assumptions::table;

#[test]
fn every_input_and_every_assumption_moves_some_output() {
    let all = effects(100);
    assert_eq!(all.len(), inputs().len());
    // Each assumption of the table is among the inputs.
    for a in table() {
        assert!(all.iter().any(|e| e.path == format!("settings.assumptions.{}", a.key)), "{}", a.key);
    }
    let still: Vec<&str> = all.iter().filter(|e| e.moved.is_none()).map(|e| e.path.as_str()).collect();
    for e in &all {
        if let (Some(d), Some(p)) = (&e.moved, e.preset) {
            eprintln!("{} ({}) on {p}: {} {:+.4}", e.path, e.change, d.label, d.diff.mean);
        }
    }
    assert!(still.is_empty(), "inputs without effect: {still:?}");
}
