//! The engine's directional laws: change one thing a practitioner can
//! change, run both designs on the same failures and seeds (common random
//! numbers), and the paired difference's 95% interval must sit on the side
//! of zero that experience says. Each law names the mechanism it rests on;
//! breaking that mechanism makes its test fail.
#![cfg(not(target_arch = "wasm32"))]

use faultline::analysis::montecarlo::{summarize, Estimate, RunSummary};
use faultline::engine::rng::run_seed;
use faultline::engine::{run, Channel, Outcome, RunLog};
use faultline::model::{presets, validate, Scenario, ScenarioFile, TimeSplit};

const RUNS: u32 = 500;
const SEED: u64 = 1;

fn clear() -> ScenarioFile {
    presets::preset("clear-boundary").expect("preset")
}

fn team<'a>(f: &'a mut ScenarioFile, id: &str) -> &'a mut faultline::model::Team {
    f.teams.iter_mut().find(|t| t.id.as_str() == id).expect("team in the preset")
}

/// Per-run values of `metric` for both designs, paired by seed, and the
/// estimate of B − A.
fn paired(
    a: &ScenarioFile,
    b: &ScenarioFile,
    metric: impl Fn(&Scenario, &RunLog) -> Option<f64>,
) -> Estimate {
    let (sa, sb) = (validate(a.clone()).expect("valid A"), validate(b.clone()).expect("valid B"));
    let diffs: Vec<f64> = (0..RUNS)
        .filter_map(|i| {
            let seed = run_seed(SEED, i);
            Some(metric(&sb, &run(&sb, seed))? - metric(&sa, &run(&sa, seed))?)
        })
        .collect();
    Estimate::of(&diffs)
}

fn summary(sc: &Scenario, log: &RunLog) -> RunSummary {
    summarize(sc, log, 0)
}

fn share(o: Outcome) -> impl Fn(&Scenario, &RunLog) -> Option<f64> {
    move |sc, log| summary(sc, log).share(o)
}

/// Root causes fixed within the horizon, per run.
fn fixed(sc: &Scenario, log: &RunLog) -> Option<f64> {
    Some(f64::from(summary(sc, log).roots_fixed))
}

fn above(what: &str, e: Estimate) {
    eprintln!("{what}: {:+.4} (95% CI {:+.4} to {:+.4})", e.mean, e.ci_low, e.ci_high);
    assert!(e.ci_low > 0.0, "{what}: expected an increase, got {e:?}");
}

fn below(what: &str, e: Estimate) {
    eprintln!("{what}: {:+.4} (95% CI {:+.4} to {:+.4})", e.mean, e.ci_low, e.ci_high);
    assert!(e.ci_high < 0.0, "{what}: expected a decrease, got {e:?}");
}

/// Mechanism: measurement and SLO coverage are bought with the owner's
/// reliability hours, and postmortems queue on them.
#[test]
fn more_sre_headcount_means_fewer_silent_outcomes_and_more_fixes() {
    let mut small = clear();
    team(&mut small, "sre").headcount = 1.0;
    let big = clear();
    below("silent share, SRE 1 → 6 people", paired(&small, &big, share(Outcome::Silent)));
    above("root causes fixed, SRE 1 → 6 people", paired(&small, &big, fixed));
}

/// Mechanism: the same coverage and postmortem hours, bought with time
/// instead of people: SRE absorbed into toil loses them.
#[test]
fn more_sre_reliability_time_means_fewer_silent_outcomes_and_more_fixes() {
    let mut absorbed = clear();
    team(&mut absorbed, "sre").time_split = TimeSplit { feature: 10.0, reliability: 15.0, toil: 75.0 };
    let focused = clear();
    below("silent share, SRE reliability 15% → 70%", paired(&absorbed, &focused, share(Outcome::Silent)));
    above("root causes fixed, SRE reliability 15% → 70%", paired(&absorbed, &focused, fixed));
}

/// Mean hours from detection to fix of the root causes a team owns; a fix
/// not done by the horizon counts up to the horizon.
fn fix_hours_of(team_id: &'static str) -> impl Fn(&Scenario, &RunLog) -> Option<f64> {
    move |sc, log| {
        let t = sc.team_by_id(&team_id.into())?;
        let lead: Vec<f64> = log
            .root_causes
            .iter()
            .filter(|r| sc.owners(r.target).contains(&t))
            .filter_map(|r| Some((r.fixed.unwrap_or(log.horizon) - r.detected?) as f64 / 3_600.0))
            .collect();
        (!lead.is_empty()).then(|| lead.iter().sum::<f64>() / lead.len() as f64)
    }
}

/// Mechanism: toil is spent first, so the fix lane (reliability hours after
/// on-call and coverage) shrinks and fix items wait longer.
#[test]
fn more_platform_toil_means_slower_fixes_of_platform_root_causes() {
    let base = clear();
    let mut toil = clear();
    // The inspector's linked sliders: raising toil scales the other two down.
    let s = team(&mut toil, "platform").time_split;
    let rest = (100.0 - 70.0) / (s.feature + s.reliability);
    team(&mut toil, "platform").time_split =
        TimeSplit { feature: s.feature * rest, reliability: s.reliability * rest, toil: 70.0 };
    above(
        "hours to fix Platform's root causes, toil 20% → 70%",
        paired(&base, &toil, fix_hours_of("platform")),
    );
}

/// Mean minutes from start to mitigation of incidents whose root cause a
/// team owns; not mitigated by the horizon counts up to the horizon.
fn mitigate_minutes_of(team_id: &'static str) -> impl Fn(&Scenario, &RunLog) -> Option<f64> {
    move |sc, log| {
        let t = sc.team_by_id(&team_id.into())?;
        let m: Vec<f64> = log
            .incidents
            .iter()
            .filter(|i| i.detected.is_some() && sc.owners(i.target).contains(&t))
            .map(|i| (i.mitigated.unwrap_or(log.horizon) - i.start) as f64 / 60.0)
            .collect();
        (!m.is_empty()).then(|| m.iter().sum::<f64>() / m.len() as f64)
    }
}

/// Mechanism: a team without on-call picks work up the next working day.
#[test]
fn the_owner_without_on_call_takes_longer_to_mitigate() {
    let base = clear();
    let mut off = clear();
    team(&mut off, "platform").on_call = false;
    above(
        "minutes to mitigate Platform's incidents, on-call off",
        paired(&base, &off, mitigate_minutes_of("platform")),
    );
}

/// Mechanism: the policy is enforced only by a team that does not build the
/// paved road; without it "working as designed" stands.
#[test]
fn the_policy_owned_by_the_builder_means_more_deflection() {
    let base = clear();
    let mut drift = clear();
    drift.ownership.insert("error_budget_policy".into(), vec!["platform".into()]);
    above("deflected share, policy to Platform", paired(&base, &drift, share(Outcome::Deflected)));
}

/// Mechanism: alerts burn against the SLO's budget; a degradation that never
/// burns faster than 1× is within the SLO, not a silent failure.
#[test]
fn a_looser_slo_pages_less_and_allows_more_without_more_silence() {
    let base = clear();
    let mut loose = clear();
    for c in loose.capabilities.iter_mut() {
        if let Some(slo) = c.slo.as_mut() {
            slo.target = 0.99;
        }
    }
    let pages = |sc: &Scenario, log: &RunLog| Some(summary(sc, log).pages as f64);
    below("pages per run, SLO 99.9% → 99%", paired(&base, &loose, pages));
    above("within-SLO share, SLO 99.9% → 99%", paired(&base, &loose, share(Outcome::WithinSlo)));
    let silent = paired(&base, &loose, share(Outcome::Silent));
    eprintln!(
        "silent share, SLO 99.9% → 99%: {:+.4} (95% CI {:+.4} to {:+.4})",
        silent.mean, silent.ci_low, silent.ci_high
    );
    assert!(silent.ci_low <= 0.0, "a looser SLO must not make more silent failures: {silent:?}");
}

/// Mechanism: a root cause recurs until it is fixed, whatever its last
/// incident's outcome; without a fix lane fixes are never done.
#[test]
fn more_unfixed_root_causes_mean_more_incidents() {
    let base = clear();
    let mut no_lane = clear();
    team(&mut no_lane, "platform").time_split = TimeSplit { feature: 80.0, reliability: 0.0, toil: 20.0 };
    let unfixed = |_: &Scenario, log: &RunLog| {
        Some(log.root_causes.iter().filter(|r| r.fixed.is_none()).count() as f64)
    };
    let incidents = |_: &Scenario, log: &RunLog| Some(log.incidents.len() as f64);
    above("unfixed root causes, Platform without reliability time", paired(&base, &no_lane, unfixed));
    above("incidents per run, Platform without reliability time", paired(&base, &no_lane, incidents));
}

/// Across the presets, the same law: a design that leaves more root causes
/// unfixed gets more incidents, one that fixes more gets fewer — worse
/// designs are never rewarded with quiet because their failures stop counting.
#[test]
fn across_the_presets_unfixed_root_causes_and_incidents_move_together() {
    let unfixed = |_: &Scenario, log: &RunLog| {
        Some(log.root_causes.iter().filter(|r| r.fixed.is_none()).count() as f64)
    };
    let incidents = |_: &Scenario, log: &RunLog| Some(log.incidents.len() as f64);
    let mut checked = 0;
    for id in ["sre-absorbed", "no-sre", "shared-deploy", "orphaned-provisioning"] {
        let other = presets::preset(id).expect("preset");
        let (u, n) = (paired(&clear(), &other, unfixed), paired(&clear(), &other, incidents));
        eprintln!(
            "clear-boundary → {id}: unfixed {:+.3} ({:+.3} to {:+.3}), incidents {:+.3} ({:+.3} to {:+.3})",
            u.mean, u.ci_low, u.ci_high, n.mean, n.ci_low, n.ci_high
        );
        if u.ci_low > 0.0 {
            assert!(n.ci_low > 0.0, "{id}: more unfixed root causes but not more incidents: {n:?}");
            checked += 1;
        } else if u.ci_high < 0.0 {
            assert!(n.ci_high < 0.0, "{id}: fewer unfixed root causes but not fewer incidents: {n:?}");
            checked += 1;
        }
    }
    assert!(checked >= 3, "the presets should differ in what they leave unfixed");
}

/// Incidents whose failure reaches a service, as (detected by a complaint,
/// hours from start to detection); one never detected counts up to the
/// horizon.
fn on_service(sc: &Scenario, log: &RunLog, service: &str) -> Vec<(bool, f64)> {
    let Some(s) = sc.cap_by_id(&service.into()) else { return Vec::new() };
    log.incidents
        .iter()
        .filter(|i| i.affected.contains(&s))
        .map(|i| {
            let complaint = matches!(i.channel, Some(Channel::Complaint { .. }));
            (complaint, (i.detected.unwrap_or(log.horizon) - i.start) as f64 / 3_600.0)
        })
        .collect()
}

/// Share of the incidents reaching a service first noticed through a complaint.
fn complaint_share_on(service: &'static str) -> impl Fn(&Scenario, &RunLog) -> Option<f64> {
    move |sc, log| {
        let v = on_service(sc, log, service);
        (!v.is_empty()).then(|| v.iter().filter(|x| x.0).count() as f64 / v.len() as f64)
    }
}

/// Mean hours to detect the incidents reaching a service.
fn detect_hours_on(service: &'static str) -> impl Fn(&Scenario, &RunLog) -> Option<f64> {
    move |sc, log| {
        let v = on_service(sc, log, service);
        (!v.is_empty()).then(|| v.iter().map(|x| x.1).sum::<f64>() / v.len() as f64)
    }
}

/// Mechanism: users complain in proportion to the bad requests they see,
/// so the complaint comes from the busiest service a failure reaches, at a
/// rate scaled by its traffic over the reference traffic.
#[test]
fn a_busier_service_is_complained_about_sooner() {
    let base = clear();
    let mut busy = clear();
    let search = busy.capabilities.iter_mut().find(|c| c.id.as_str() == "search").expect("search");
    search.traffic_rps = Some(1_000.0);
    above(
        "share of Search's incidents noticed through a complaint, traffic 100 → 1,000 requests/s",
        paired(&base, &busy, complaint_share_on("search")),
    );
    below(
        "hours to detect Search's incidents, traffic 100 → 1,000 requests/s",
        paired(&base, &busy, detect_hours_on("search")),
    );
}
