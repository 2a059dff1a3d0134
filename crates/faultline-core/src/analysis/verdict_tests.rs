//! The verdicts' capacity wording: who measured a service that went
//! unnoticed and with how many hours, and whose fix lane a fix waited in.

use super::*;
use crate::engine::run;
use crate::model::presets::preset;
use crate::model::validate;

/// Every verdict with one of `outcomes` over a few seeds.
fn verdicts(sc: &Scenario, outcomes: &[Outcome]) -> Vec<String> {
    (1..6)
        .flat_map(|seed| {
            let log = run(sc, seed);
            log.incidents
                .iter()
                .filter(|i| outcomes.contains(&i.outcome))
                .map(|i| verdict(sc, &log, i))
                .collect::<Vec<_>>()
        })
        .collect()
}

fn scenario(id: &str, edit: impl FnOnce(&mut crate::model::ScenarioFile)) -> Scenario {
    let mut f = preset(id).expect("preset");
    edit(&mut f);
    validate(f).expect("valid")
}

#[test]
fn silence_names_who_measures_and_their_hours() {
    // A one-person SRE has hours to measure one service of three.
    let sc = scenario("clear-boundary", |f| f.teams[1].headcount = 1.0);
    let v = verdicts(&sc, &[Outcome::Silent]);
    let unmeasured: Vec<&String> = v.iter().filter(|v| v.contains(" not measured")).collect();
    assert!(!unmeasured.is_empty(), "{v:#?}");
    let cap = run(&sc, 1).capacity;
    let sre = sc.team_by_id(&crate::model::TeamId::new("sre")).expect("SRE");
    let had: f64 =
        cap.services.iter().flatten().filter(|c| c.measurer == Some(sre)).map(|c| c.measure_hours).sum();
    for v in unmeasured {
        assert!(
            v.contains(&format!("SRE had {} h a week for measurement (24 needed), so ", hours(had))),
            "{v}"
        );
    }
    // With nobody owning measurement, that is what the verdict says;
    // signs that were there and ignored are a different story.
    let sc = scenario("clear-boundary", |f| {
        f.ownership.remove(&crate::model::CapabilityId::new("ux_measurement"));
    });
    let v = verdicts(&sc, &[Outcome::Silent]);
    let unnoticed: Vec<&String> = v.iter().filter(|v| v.contains("went unnoticed for")).collect();
    assert!(!unnoticed.is_empty());
    assert!(unnoticed.iter().all(|v| v.contains("nobody owns UX measurement, so ")), "{v:#?}");
}

#[test]
fn fixes_that_wait_or_never_come_name_the_fix_lane() {
    let all: Vec<Scenario> = crate::model::presets::PRESETS.iter().map(|p| scenario(p.id, |_| {})).collect();
    let pending: Vec<String> = all.iter().flat_map(|sc| verdicts(sc, &[Outcome::FixPending])).collect();
    assert!(!pending.is_empty());
    for v in &pending {
        assert!(
            v.contains("'s backlog (") && (v.contains("h a week for fixes)") || v.contains("feature hours")),
            "{v}"
        );
    }
    let never: Vec<String> = all.iter().flat_map(|sc| verdicts(sc, &[Outcome::NeverPrioritised])).collect();
    assert!(!never.is_empty());
    for v in &never {
        assert!(
            v.contains("h a week for postmortems and fixes")
                || v.contains("no hours a week left for fixes")
                || v.contains("no postmortem drove it")
                || v.contains("the postmortem found nobody"),
            "{v}"
        );
    }
}
