//! The presets tell their stories through mechanisms, and the good design
//! looks good: the calibration targets, checked over 500 runs.
#![cfg(not(target_arch = "wasm32"))]

use faultline::analysis::stories::{preset_rows, PresetRow};

fn rows() -> Vec<PresetRow> {
    preset_rows(1, 500)
}

#[test]
fn every_anti_pattern_is_clearly_worse_on_its_own_story() {
    let rows = rows();
    for r in &rows {
        let Some((story, here, clear)) = &r.story else { continue };
        eprintln!(
            "{}: {} {:.4} ({:.4} to {:.4}) vs clear boundary {:.4} ({:.4} to {:.4})",
            r.id, story.label, here.mean, here.ci_low, here.ci_high, clear.mean, clear.ci_low, clear.ci_high
        );
        // Worse, with 95% intervals that do not overlap.
        if story.lower_is_better {
            assert!(here.ci_low > clear.ci_high, "{}: {here:?} vs {clear:?}", r.id);
        } else {
            assert!(here.ci_high < clear.ci_low, "{}: {here:?} vs {clear:?}", r.id);
        }
    }
    assert_eq!(rows.iter().filter(|r| r.story.is_some()).count(), rows.len() - 1);
}

#[test]
fn the_clear_boundary_meets_its_slos_and_fixes_what_it_finds() {
    let rows = rows();
    let clear = rows.iter().find(|r| r.id == "clear-boundary").expect("the default preset");
    eprintln!(
        "clear-boundary: worst service meets its SLO in {:.1}% of runs; {:.1}% of detected root causes fixed, {:.1}% fixed or dated",
        clear.slo_met * 100.0,
        clear.fixed.mean * 100.0,
        clear.fixed_or_dated.mean * 100.0
    );
    assert!(clear.slo_met >= 0.7, "{}", clear.slo_met);
    assert!(clear.fixed_or_dated.ci_low >= 0.7, "{:?}", clear.fixed_or_dated);
}
