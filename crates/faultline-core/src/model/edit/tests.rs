//! The editing rules as tables: a scenario and an edit in, the changed
//! scenario (or the refusal) out.

use super::*;
use crate::model::presets::preset;
use crate::model::validate;
use crate::model::validate::MAX_NAME_CHARS;
use crate::model::{
    CapabilityId, FailureKind, Layer, Rect, Role, Shape, Share, Slo, TeamId, TeamKind, TimeSplit,
};

/// A board for the tests: teams without a rectangle stacked down the left,
/// no box narrower than 220. (The web app's own, its layout, is tested
/// with it.)
struct Stacked;

impl Geometry for Stacked {
    fn team_rects(&self, f: &ScenarioFile) -> Vec<Rect> {
        let at = |i: usize| Rect { x: 14.0, y: 14.0 + 150.0 * i as f64, w: 300.0, h: 130.0 };
        f.teams.iter().enumerate().map(|(i, t)| t.rect.unwrap_or_else(|| at(i))).collect()
    }

    fn min_team_width(&self) -> f64 {
        220.0
    }
}

fn apply(f: &mut ScenarioFile, edit: &Edit) -> Result<String, String> {
    super::apply(f, edit, &Stacked)
}

fn base() -> ScenarioFile {
    preset("clear-boundary").expect("the default preset exists")
}

fn owners(f: &ScenarioFile, c: &str) -> Vec<String> {
    f.ownership
        .get(&CapabilityId::new(c))
        .map(|v| v.iter().map(|t| t.to_string()).collect())
        .unwrap_or_default()
}

/// Applies `edit` to `f`, expects success with `said`, and checks the
/// result still validates.
fn ok(f: &mut ScenarioFile, edit: Edit, said: &str) {
    assert_eq!(apply(f, &edit).as_deref(), Ok(said), "{edit:?}");
    if let Err(p) = validate(f.clone()) {
        panic!("{edit:?} made an invalid file: {p:?}");
    }
}

/// Expects a refusal mentioning `why`, with the file unchanged.
fn refused(f: &ScenarioFile, edit: Edit, why: &str) {
    let mut copy = f.clone();
    let err = apply(&mut copy, &edit).expect_err(&format!("{edit:?} should be refused"));
    assert!(err.contains(why), "{edit:?}: {err}");
    assert_eq!(&copy, f, "{edit:?} changed the file although refused");
}

#[test]
fn ownership_moves_shares_and_orphans() {
    let mut f = base();
    ok(
        &mut f,
        Edit::MoveCapability { cap: "deploy".into(), from: Some("platform".into()), to: "sre".into() },
        "Moved Deploy and rollout system to SRE",
    );
    assert_eq!(owners(&f, "deploy"), ["sre"]);
    ok(
        &mut f,
        Edit::ShareCapability { cap: "deploy".into(), team: "platform".into() },
        "Platform Engineering now shares Deploy and rollout system",
    );
    assert_eq!(owners(&f, "deploy"), ["sre", "platform"]);
    // Moving one co-owner's card keeps the other co-owner.
    ok(
        &mut f,
        Edit::MoveCapability { cap: "deploy".into(), from: Some("sre".into()), to: "checkout-team".into() },
        "Moved Deploy and rollout system to Checkout team",
    );
    assert_eq!(owners(&f, "deploy"), ["platform", "checkout-team"]);
    // Moving onto a team that already co-owns it merges.
    ok(
        &mut f,
        Edit::MoveCapability {
            cap: "deploy".into(),
            from: Some("checkout-team".into()),
            to: "platform".into(),
        },
        "Moved Deploy and rollout system to Platform Engineering",
    );
    assert_eq!(owners(&f, "deploy"), ["platform"]);
    ok(&mut f, Edit::Unown { cap: "clusters".into() }, "Cluster provisioning is now unowned");
    assert_eq!(owners(&f, "clusters"), Vec::<String>::new());
    // From the tray: no previous owner.
    ok(
        &mut f,
        Edit::MoveCapability { cap: "clusters".into(), from: None, to: "sre".into() },
        "Moved Cluster provisioning to SRE",
    );
    assert_eq!(owners(&f, "clusters"), ["sre"]);
    ok(
        &mut f,
        Edit::RemoveOwner { cap: "clusters".into(), team: "sre".into() },
        "SRE no longer owns Cluster provisioning: nobody owns it now",
    );
    refused(&f, Edit::ShareCapability { cap: "ci".into(), team: "platform".into() }, "already owns");
    refused(
        &f,
        Edit::MoveCapability { cap: "nope".into(), from: None, to: "sre".into() },
        "no capability nope",
    );
    refused(&f, Edit::MoveCapability { cap: "ci".into(), from: None, to: "ghost".into() }, "no team ghost");
}

#[test]
fn giving_a_capability_to_one_team_replaces_every_owner() {
    let mut f = base();
    ok(
        &mut f,
        Edit::ShareCapability { cap: "deploy".into(), team: "sre".into() },
        "SRE now shares Deploy and rollout system",
    );
    ok(
        &mut f,
        Edit::GiveTo { cap: "deploy".into(), team: "sre".into() },
        "Deploy and rollout system now belongs to SRE alone",
    );
    assert_eq!(owners(&f, "deploy"), ["sre"]);
    // An orphan gets its owner.
    ok(&mut f, Edit::Unown { cap: "clusters".into() }, "Cluster provisioning is now unowned");
    ok(
        &mut f,
        Edit::GiveTo { cap: "clusters".into(), team: "platform".into() },
        "Cluster provisioning now belongs to Platform Engineering alone",
    );
    assert_eq!(owners(&f, "clusters"), ["platform"]);
    refused(&f, Edit::GiveTo { cap: "clusters".into(), team: "platform".into() }, "already owns");
    refused(&f, Edit::GiveTo { cap: "clusters".into(), team: "ghost".into() }, "no team ghost");
}

#[test]
fn teams_are_added_renamed_recoloured_and_deleted() {
    let mut f = base();
    ok(
        &mut f,
        Edit::AddTeam { name: "  Data platform ".into(), kind: TeamKind::Platform },
        "Added team Data platform",
    );
    assert_eq!(f.teams[5].id.as_str(), "data-platform");
    ok(
        &mut f,
        Edit::AddTeam { name: "Data platform".into(), kind: TeamKind::Other },
        "Added team Data platform",
    );
    assert_eq!(f.teams[6].id.as_str(), "data-platform-2", "ids stay unique");
    ok(&mut f, Edit::AddTeam { name: "平台".into(), kind: TeamKind::Other }, "Added team 平台");
    assert_eq!(f.teams[7].id.as_str(), "team");
    ok(
        &mut f,
        Edit::RenameTeam { team: "sre".into(), name: "<img src=x onerror=alert(1)>".into() },
        "Renamed SRE to <img src=x onerror=alert(1)>",
    );
    ok(
        &mut f,
        Edit::RecolourTeam { team: "sre".into(), color: Some("#0f766e".into()) },
        "<img src=x onerror=alert(1)> is drawn in #0f766e",
    );
    ok(
        &mut f,
        Edit::RecolourTeam { team: "sre".into(), color: None },
        "<img src=x onerror=alert(1)> is drawn in its kind's colour",
    );
    refused(
        &f,
        Edit::RecolourTeam { team: "sre".into(), color: Some("red; x".into()) },
        "teams[1].color: colour must look like #1f77b4",
    );
    refused(&f, Edit::RenameTeam { team: "sre".into(), name: "   ".into() }, "cannot be empty");
    refused(
        &f,
        Edit::RenameTeam { team: "sre".into(), name: "x".repeat(201) },
        "name is longer than 200 characters",
    );
    ok(
        &mut f,
        Edit::DeleteTeam { team: "platform".into() },
        "Deleted team Platform Engineering; 6 capabilities are now unowned",
    );
    assert!(owners(&f, "ci").is_empty() && !f.ownership.contains_key(&CapabilityId::new("ci")));
}

#[test]
fn team_numbers_refuse_what_validation_would() {
    let mut f = base();
    let t = || TeamId::new("sre");
    ok(&mut f, Edit::SetHeadcount { team: t(), headcount: 12.0 }, "SRE has 12 people");
    for bad in [f64::NAN, -1.0, 2.5, f64::INFINITY, "1e309".parse().unwrap_or(0.5), 10_001.0] {
        refused(
            &f,
            Edit::SetHeadcount { team: t(), headcount: bad },
            "teams[1].headcount: headcount must be",
        );
    }
    ok(&mut f, Edit::SetOnCall { team: t(), on_call: false }, "SRE no longer runs an on-call rotation");
    ok(&mut f, Edit::SetTeamKind { team: t(), kind: TeamKind::Product }, "SRE is now a Product team");
    ok(
        &mut f,
        Edit::SetTimeSplit { team: t(), split: split_from([20, 50, 30]) },
        "SRE: 20% feature, 50% reliability, 30% toil",
    );
    refused(&f, Edit::SetTimeSplit { team: t(), split: split_from([20, 50, 31]) }, "sum to 100");
    refused(
        &f,
        Edit::SetTimeSplit {
            team: t(),
            split: TimeSplit { feature: f64::NAN, reliability: 50.0, toil: 50.0 },
        },
        "time_split.feature: a time share must be a finite number",
    );
}

#[test]
fn moving_one_team_pins_every_team_where_it_is_drawn() {
    let mut f = base();
    let drawn = Stacked.team_rects(&f);
    ok(
        &mut f,
        Edit::SetTeamRect { team: "sre".into(), rect: Rect { x: 700.4, y: 500.0, w: 100.0, h: 80.0 } },
        "SRE is at 700, 500, 220 by 80",
    );
    assert!(f.teams.iter().all(|t| t.rect.is_some()));
    assert_eq!(f.teams[0].rect.map(|r| (r.x, r.y)), Some((drawn[0].x.round(), drawn[0].y.round())));
    assert_eq!(f.teams[1].rect, Some(Rect { x: 700.0, y: 500.0, w: Stacked.min_team_width(), h: 80.0 }));
    refused(
        &f,
        Edit::SetTeamRect { team: "sre".into(), rect: Rect { x: f64::NAN, y: 0.0, w: 300.0, h: 300.0 } },
        "finite",
    );
    refused(
        &f,
        Edit::SetTeamRect { team: "sre".into(), rect: Rect { x: 0.0, y: 0.0, w: -3.0, h: 300.0 } },
        "positive size",
    );
    // A team added once rects exist goes below every box, not on one.
    ok(&mut f, Edit::AddTeam { name: "New".into(), kind: TeamKind::Other }, "Added team New");
    let b = Stacked.team_rects(&f);
    let new = *b.last().expect("the new team");
    assert!(b[..b.len() - 1].iter().all(|r| r.y + r.h <= new.y), "{new:?}");
}

#[test]
fn capabilities_are_edited_within_the_model_rules() {
    let mut f = base();
    ok(
        &mut f,
        Edit::RenameCapability { cap: "ci".into(), name: "Build".into() },
        "Renamed CI pipelines to Build",
    );
    ok(
        &mut f,
        Edit::SetSlo { cap: "checkout".into(), slo: Some(Slo { target: 0.995, window_days: 28.0 }) },
        "Checkout: SLO 99.5% over 28 days",
    );
    refused(
        &f,
        Edit::SetSlo { cap: "checkout".into(), slo: Some(Slo { target: 1.0, window_days: 28.0 }) },
        "slo.target: SLO target must be strictly between 0 and 1",
    );
    refused(
        &f,
        Edit::SetSlo { cap: "checkout".into(), slo: Some(Slo { target: 0.99, window_days: 0.0 }) },
        "slo.window_days: SLO window must be between 1 and 365",
    );
    refused(
        &f,
        Edit::SetSlo { cap: "ci".into(), slo: Some(Slo { target: 0.99, window_days: 30.0 }) },
        "only service",
    );
    refused(&f, Edit::SetLayer { cap: "ci".into(), layer: Layer::Service }, "stays in that layer");
    let deps = f
        .capabilities
        .iter()
        .find(|c| c.id.as_str() == "deploy")
        .map(|c| c.depends_on.clone())
        .unwrap_or_default();
    assert!(!deps.is_empty(), "deploy depends on something in the catalog");
    // Giving a dependency of deploy a dependency on deploy closes a cycle.
    refused(&f, Edit::SetDependencies { cap: deps[0].clone(), depends_on: vec!["deploy".into()] }, "cycle");
    refused(&f, Edit::SetDependencies { cap: "deploy".into(), depends_on: vec!["deploy".into()] }, "itself");
    refused(
        &f,
        Edit::SetDependencies { cap: "deploy".into(), depends_on: vec!["nope".into()] },
        "no capability",
    );
    ok(
        &mut f,
        Edit::SetDependencies { cap: "checkout".into(), depends_on: vec!["deploy".into()] },
        "Checkout depends on 1 capabilities",
    );
}

#[test]
fn failures_get_unique_ids_and_checked_fields() {
    let mut f = base();
    ok(
        &mut f,
        Edit::AddFailure { failure: new_failure(FailureKind::LatencyCreep, "checkout".into(), 30.0) },
        "Injected latency creep on Checkout",
    );
    ok(
        &mut f,
        Edit::AddFailure { failure: new_failure(FailureKind::RolloutOutage, "deploy".into(), 0.0) },
        "Injected rollout outage on Deploy and rollout system",
    );
    let ids: Vec<&str> = f.failures.iter().rev().take(2).map(|x| x.id.as_str()).collect();
    assert_eq!(ids, ["f2", "f1"]);
    refused(
        &f,
        Edit::AddFailure { failure: new_failure(FailureKind::RolloutOutage, "deploy".into(), -1.0) },
        "between day 0",
    );
    refused(
        &f,
        Edit::AddFailure { failure: new_failure(FailureKind::RolloutOutage, "deploy".into(), 31.0 * 24.0) },
        "between day 0",
    );
    let mut edited = f.failures.last().cloned().expect("f2");
    edited.severity = Some(0.5);
    edited.shape = Some(Shape::Ramp);
    ok(&mut f, Edit::EditFailure { failure: edited.clone() }, "Changed failure rollout outage");
    edited.severity = Some(1.5);
    refused(&f, Edit::EditFailure { failure: edited.clone() }, "severity");
    edited.severity = None;
    edited.duration_hours = Some(f64::NAN);
    refused(&f, Edit::EditFailure { failure: edited }, "duration");
    ok(&mut f, Edit::RemoveFailure { id: "f1".into() }, "Removed failure latency creep on checkout");
    // The freed id is reused, and never collides.
    ok(
        &mut f,
        Edit::AddFailure { failure: new_failure(FailureKind::ConfigDrift, "ci".into(), 5.0) },
        "Injected config drift on CI pipelines",
    );
    assert_eq!(f.failures.last().map(|x| x.id.as_str()), Some("f1"));
    refused(&f, Edit::RemoveFailure { id: "f9".into() }, "no failure f9");
}

#[test]
fn linked_sliders_rebalance_to_exactly_100() {
    use Share::{Feature, Reliability, Toil};
    let check = |split: [u32; 3], which: Share, value: u32, expected: [u32; 3]| {
        let got = rebalance(split, which, value);
        assert_eq!(got, expected, "{split:?}: slider {which:?} to {value}");
        assert_eq!(got.iter().sum::<u32>(), 100);
    };
    check([55, 25, 20], Feature, 55, [55, 25, 20]);
    check([55, 25, 20], Feature, 100, [100, 0, 0]);
    check([55, 25, 20], Feature, 0, [0, 56, 44]);
    check([55, 25, 20], Reliability, 45, [40, 45, 15]);
    check([10, 70, 20], Toil, 50, [6, 44, 50]);
    check([100, 0, 0], Feature, 40, [40, 30, 30]);
    check([0, 0, 100], Toil, 1, [50, 49, 1]);
    check([33, 33, 34], Reliability, 34, [33, 34, 33]);
    check([50, 50, 0], Feature, 80, [80, 20, 0]);
    check([70, 20, 10], Toil, 250, [0, 0, 100]);
}

#[test]
fn splits_from_files_round_to_whole_percent() {
    let check = |f: f64, r: f64, t: f64, expected: [u32; 3]| {
        assert_eq!(split_percent(&TimeSplit { feature: f, reliability: r, toil: t }), expected);
    };
    check(55.0, 25.0, 20.0, [55, 25, 20]);
    check(33.4, 33.3, 33.3, [33, 33, 34]);
    check(f64::NAN, 50.0, 50.0, [0, 50, 50]);
    check(120.0, 50.0, 0.0, [100, 0, 0]);
}

#[test]
fn a_new_failure_writes_out_its_kind_defaults() {
    let fl = new_failure(FailureKind::LatencyCreep, "search".into(), 12.0);
    let d = FailureKind::LatencyCreep.defaults();
    assert_eq!(
        (fl.severity, fl.shape, fl.duration_hours),
        (Some(d.severity), Some(d.shape), Some(d.duration_hours))
    );
    let mut f = base();
    let mut bad = fl.clone();
    bad.severity = Some(0.0);
    refused(&f, Edit::AddFailure { failure: bad }, "severity");
    ok(&mut f, Edit::AddFailure { failure: fl }, "Injected latency creep on Search");
}

#[test]
fn the_design_is_renamed_within_the_models_limit() {
    let mut f = base();
    ok(&mut f, Edit::SetTitle { title: "  Today's org ".into() }, "Renamed Clear boundary to Today's org");
    assert_eq!(f.title, "Today's org", "trimmed");
    refused(&f, Edit::SetTitle { title: " \t ".into() }, "cannot be empty");
    refused(
        &f,
        Edit::SetTitle { title: "x".repeat(MAX_NAME_CHARS + 1) },
        "title is longer than 200 characters",
    );
    ok(
        &mut f,
        Edit::SetTitle { title: "é".repeat(MAX_NAME_CHARS) },
        &format!("Renamed Today's org to {}", "é".repeat(200)),
    );
    let mut untitled = ScenarioFile { title: String::new(), ..base() };
    ok(&mut untitled, Edit::SetTitle { title: "Proposal".into() }, "Named the design Proposal");
}

fn cap<'a>(f: &'a ScenarioFile, id: &str) -> &'a crate::model::Capability {
    f.capabilities.iter().find(|c| c.id.as_str() == id).unwrap_or_else(|| panic!("capability {id}"))
}

#[test]
fn capabilities_are_added_with_fresh_ids_to_the_tray_or_a_team() {
    let mut f = base();
    let add = |name: &str, layer, role, owner: Option<&str>| Edit::AddCapability {
        name: name.into(),
        layer,
        role,
        owner: owner.map(TeamId::new),
    };
    ok(&mut f, add(" Payments ", Layer::Service, None, None), "Added Payments to the unowned tray");
    let p = cap(&f, "payments");
    assert_eq!(
        (p.layer, p.slo, p.traffic_rps),
        (Layer::Service, Some(crate::model::catalog::DEFAULT_SLO), None),
        "{p:?}"
    );
    assert!(owners(&f, "payments").is_empty());
    ok(
        &mut f,
        add("Payments", Layer::Service, None, Some("checkout-team")),
        "Added Payments to Checkout team",
    );
    assert_eq!(owners(&f, "payments-2"), ["checkout-team"], "ids stay unique");
    ok(
        &mut f,
        add("Feature flags", Layer::Delivery, Some(Role::DeployRollout), Some("platform")),
        "Added Feature flags to Platform Engineering",
    );
    let flags = cap(&f, "feature-flags");
    assert_eq!((flags.role, flags.slo), (Some(Role::DeployRollout), None), "only a service has an SLO");
    refused(
        &f,
        add("Flags", Layer::Service, Some(Role::DeployRollout), None),
        "the Deploy and rollout role belongs to the delivery layer",
    );
    refused(&f, add("  ", Layer::Service, None, None), "cannot be empty");
    refused(&f, add("Ledger", Layer::Service, None, Some("ghost")), "no team ghost");
    // Past the model's limit of 5,000 capabilities validation refuses it.
    let mut full = base();
    let n = full.capabilities.len();
    full.capabilities.extend((n..5_000).map(|i| crate::model::Capability {
        id: CapabilityId::new(format!("c{i}")),
        name: format!("C{i}"),
        layer: Layer::Delivery,
        role: None,
        depends_on: Vec::new(),
        slo: None,
        traffic_rps: None,
    }));
    refused(
        &full,
        add("One too many", Layer::Delivery, None, None),
        "the design would not be valid: capabilities: 5001 capabilities; the limit is 5000",
    );
}

#[test]
fn removing_a_capability_takes_its_ownership_dependencies_and_failures() {
    let mut f = base();
    ok(
        &mut f,
        Edit::RemoveCapability { cap: "identity".into() },
        "Removed Identity integration; 3 capabilities no longer depend on it; the failure injected on it went \
         too: certificate expiry (cert-expiry)",
    );
    assert!(f.capabilities.iter().all(|c| c.id.as_str() != "identity"));
    assert!(f.capabilities.iter().all(|c| c.depends_on.iter().all(|d| d.as_str() != "identity")));
    assert!(!f.ownership.contains_key(&CapabilityId::new("identity")));
    assert!(f.failures.iter().all(|x| x.target.as_str() != "identity"));
    ok(&mut f, Edit::RemoveCapability { cap: "accounts".into() }, "Removed Accounts");
    ok(
        &mut f,
        Edit::RemoveCapability { cap: "deploy".into() },
        "Removed Deploy and rollout system; 2 capabilities no longer depend on it; the 3 failures injected on \
         it went too: rollout outage (rollout-outage), config drift (deploy-drift), rollout outage \
         (rollout-outage-2)",
    );
    refused(&f, Edit::RemoveCapability { cap: "deploy".into() }, "no capability deploy");
}

#[test]
fn a_role_puts_a_capability_in_its_layer() {
    let mut f = base();
    ok(
        &mut f,
        Edit::SetTraffic { cap: "search".into(), traffic_rps: Some(800.0) },
        "Search: 800 requests per second at peak",
    );
    ok(
        &mut f,
        Edit::SetRole { cap: "search".into(), role: Some(Role::Postmortems) },
        "Search plays Postmortems, in the reliability layer: a service no more, it has no SLO or traffic",
    );
    let s = cap(&f, "search");
    assert_eq!(
        (s.layer, s.role, s.slo, s.traffic_rps),
        (Layer::Reliability, Some(Role::Postmortems), None, None)
    );
    ok(&mut f, Edit::SetRole { cap: "search".into(), role: None }, "Search plays no role");
    assert_eq!(cap(&f, "search").layer, Layer::Reliability, "the layer stays");
    ok(
        &mut f,
        Edit::SetRole { cap: "ci".into(), role: Some(Role::CiPipelines) },
        "CI pipelines plays CI pipelines",
    );
    ok(
        &mut f,
        Edit::SetRole { cap: "ci".into(), role: Some(Role::IncidentManagement) },
        "CI pipelines plays Incident management, in the reliability layer",
    );
    refused(&f, Edit::SetRole { cap: "nope".into(), role: None }, "no capability nope");
    // With its role gone, a capability may change layer again.
    refused(&f, Edit::SetLayer { cap: "ci".into(), layer: Layer::Delivery }, "stays in that layer");
    ok(&mut f, Edit::SetRole { cap: "ci".into(), role: None }, "CI pipelines plays no role");
    ok(
        &mut f,
        Edit::SetLayer { cap: "ci".into(), layer: Layer::Delivery },
        "CI pipelines is in the delivery layer",
    );
}

#[test]
fn traffic_is_a_services_and_refuses_what_validation_would() {
    let mut f = base();
    let set = |c: &str, t: Option<f64>| Edit::SetTraffic { cap: c.into(), traffic_rps: t };
    ok(&mut f, set("checkout", Some(2_500.0)), "Checkout: 2500 requests per second at peak");
    assert_eq!(cap(&f, "checkout").traffic_rps, Some(2_500.0));
    for bad in [0.0, -1.0, f64::NAN, f64::INFINITY, 10_000_001.0] {
        refused(
            &f,
            set("checkout", Some(bad)),
            "traffic_rps: traffic is requests per second, more than 0 and at most 10,000,000",
        );
    }
    refused(&f, set("deploy", Some(100.0)), "only service capabilities carry traffic");
    ok(&mut f, set("checkout", Some(10_000_000.0)), "Checkout: 10000000 requests per second at peak");
    ok(&mut f, set("checkout", None), "Checkout has the reference traffic");
    // Leaving the service layer drops the traffic with the SLO.
    ok(&mut f, set("checkout", Some(50.0)), "Checkout: 50 requests per second at peak");
    ok(
        &mut f,
        Edit::SetLayer { cap: "checkout".into(), layer: Layer::Delivery },
        "Checkout is in the delivery layer",
    );
    assert_eq!((cap(&f, "checkout").slo, cap(&f, "checkout").traffic_rps), (None, None));
}

#[test]
fn a_dependency_cycle_is_refused_by_name() {
    let f = base();
    refused(
        &f,
        Edit::SetDependencies { cap: "clusters".into(), depends_on: vec!["checkout".into()] },
        "that would make a dependency cycle: Cluster provisioning → Checkout → Cluster provisioning",
    );
    refused(
        &f,
        Edit::SetDependencies { cap: "ci".into(), depends_on: vec!["portal".into()] },
        "that would make a dependency cycle: CI pipelines → Developer portal → Service templates → CI pipelines",
    );
}
