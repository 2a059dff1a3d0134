#![cfg(not(target_arch = "wasm32"))]
//! Component tests of the board editor: props in, HTML out, rendered on the
//! server. They read what a user would see: the simple test and findings of
//! the live diagnosis, highlights on the board, the failures on their
//! timeline, the inspector's forms, and the notice for rejected text — with
//! user text always coming out as text.

use faultline::model::presets::preset;
use faultline::model::{Problem, ScenarioFile};
use faultline::ui::inspector::live::{evaluate, Live};
use faultline::ui::{
    AddCapabilityForm, AddCapabilityProps, Board, BoardProps, CapInspector, CapInspectorProps,
    DiagnosisPanel, DiagnosisProps, FailuresPanel, FailuresProps, Notice, NoticeBox, NoticeProps, Selection,
    SidePanel, SideProps, TeamInspector, TeamInspectorProps,
};
use std::rc::Rc;
use yew::{BaseComponent, LocalServerRenderer};

fn render<C: BaseComponent>(props: C::Properties) -> String {
    futures::executor::block_on(LocalServerRenderer::<C>::with_props(props).hydratable(false).render())
}

fn file(id: &str) -> ScenarioFile {
    preset(id).unwrap_or_else(|| panic!("preset {id} exists"))
}

fn diagnosis(f: &ScenarioFile) -> String {
    let live = Rc::new(evaluate(f, 5));
    render::<DiagnosisPanel>(DiagnosisProps {
        live,
        millis: 12.0,
        highlight: Vec::new(),
        on_highlight: Default::default(),
    })
}

#[test]
fn the_diagnosis_answers_the_simple_test_and_lists_every_finding() {
    let check = |preset_id: &str, drifting: bool, codes: &[&str]| {
        let html = diagnosis(&file(preset_id));
        assert_eq!(html.contains("class=\"simple-test drifting\""), drifting, "{preset_id}");
        assert!(html.contains("The simple test: "), "{preset_id}");
        for code in codes {
            assert!(html.contains(&format!("data-code=\"{code}\"")), "{preset_id}: {code}\n{html}");
        }
        // Runs are made only for findings that can be mended.
        let timing =
            if codes.is_empty() { "Checked in 12 ms<" } else { "Checked in 12 ms (5 simulated runs)" };
        assert!(html.contains(timing), "{preset_id}: timing");
    };
    check("clear-boundary", false, &[]);
    check("sre-absorbed", true, &["simple_test_drift", "shared"]);
    check("orphaned-provisioning", false, &["orphan"]);
    check("shared-deploy", true, &["shared"]);
    // A consequence is a sentence of its own under its finding.
    let html = diagnosis(&file("orphaned-provisioning"));
    assert!(html.contains("<p class=\"consequence\">Mending it (Platform Engineering owning"), "{html}");
}

#[test]
fn an_invalid_file_shows_its_problems_with_paths_instead_of_findings() {
    let mut f = file("clear-boundary");
    f.teams[0].headcount = -1.0;
    f.teams[1].name = "<b>x</b>".into();
    f.teams[1].time_split.toil = 99.0;
    assert!(matches!(evaluate(&f, 0), Live::Invalid(_)));
    let html = diagnosis(&f);
    assert!(html.contains("<code>teams[0].headcount</code>"), "{html}");
    assert!(html.contains("<code>teams[1].time_split</code>"), "{html}");
    assert!(!html.contains("data-code="), "no findings for an invalid file");
    assert!(!html.contains("<b>x</b>"));
}

#[test]
fn a_chosen_finding_is_outlined_on_the_board() {
    use faultline::analysis::diagnostics::Subject;
    let check = |highlight: Vec<Subject>, expected: &[&str]| {
        let html = render::<Board>(BoardProps {
            scenario: Rc::new(file("shared-deploy")),
            selection: None,
            on_select: Default::default(),
            overlay: None,
            advice: None,
            highlight: highlight.clone(),
            on_edit: Default::default(),
            share_drops: false,
            load: None,
            stage: None,
        });
        let got: Vec<&str> = html
            .match_indices("data-highlight=\"")
            .map(|(i, m)| {
                let rest = &html[i + m.len()..];
                &rest[..rest.find('"').unwrap_or(0)]
            })
            .collect();
        assert_eq!(got, expected, "{highlight:?}");
    };
    check(vec![], &[]);
    check(vec![Subject::Team("sre".into())], &["sre"]);
    // A shared card is outlined in every box that draws it.
    check(vec![Subject::Capability("deploy".into()), Subject::Design], &["deploy", "deploy"]);
    check(vec![Subject::Team("ghost".into())], &[]);
}

#[test]
fn failures_are_listed_and_marked_on_the_timeline() {
    let mut f = file("clear-boundary");
    f.capabilities.iter_mut().find(|c| c.id.as_str() == "deploy").expect("deploy").name =
        "<img src=x onerror=alert(1)>".into();
    let n = f.failures.len();
    let html = render::<FailuresPanel>(FailuresProps { scenario: Rc::new(f), on_edit: Default::default() });
    assert_eq!(html.matches("class=\"tl-mark\"").count(), n, "one mark per failure");
    assert!(html.contains(&format!("Failures ({n})")));
    assert!(
        html.contains("aria-label=\"Slow provisioning on Cluster provisioning, day 1, 02:00\""),
        "{html}"
    );
    assert!(html.contains("Rollout outage on &lt;img src=x onerror=alert(1)&gt;"));
    assert!(!html.contains("<img"));
    // The inject form offers every kind and every capability as a target.
    assert_eq!(html.matches("<option value=\"latency_creep\"").count(), 1);
    assert!(html.contains("id=\"new-failure-target\""));
}

#[test]
fn the_team_inspector_edits_every_field_with_labels() {
    let f = file("clear-boundary");
    let mut team = f.teams[1].clone();
    team.name = "\"><script>alert(1)</script>".into();
    let html = render::<TeamInspector>(TeamInspectorProps { team, drawn: None, on_edit: Default::default() });
    for id in [
        "team-name",
        "team-kind",
        "team-colour",
        "team-headcount",
        "team-oncall",
        "split-0",
        "split-1",
        "split-2",
    ] {
        assert!(html.contains(&format!("for=\"{id}\"")), "{id} has a label");
        assert!(html.contains(&format!("id=\"{id}\"")), "{id} exists");
    }
    // SRE's split is 10/70/20, shown on the linked sliders.
    for (i, v) in [10, 70, 20].iter().enumerate() {
        assert!(html.contains(&format!(">{v}%</output>")), "split {i} shows {v}%");
    }
    assert!(!html.contains("<script>"));
    assert!(html.contains("Delete team \"&gt;&lt;script&gt;alert(1)&lt;/script&gt;</button>"), "{html}");
}

#[test]
fn the_capability_inspector_offers_owners_and_co_owners() {
    let f = file("shared-deploy");
    let cap = f.capabilities.iter().find(|c| c.id.as_str() == "deploy").expect("deploy").clone();
    let html = render::<CapInspector>(CapInspectorProps {
        scenario: Rc::new(f),
        cap,
        on_edit: Default::default(),
        refused: None,
    });
    let select = |id: &str| {
        let at = html.find(&format!("id=\"{id}\"")).unwrap_or_else(|| panic!("{id}"));
        &html[at..at + html[at..].find("</select>").expect("closes")]
    };
    let owner = select("cap-owner");
    assert!(owner.contains("value=\"platform\" selected"), "{owner}");
    assert!(owner.contains("Nobody (unowned)"));
    let share = select("cap-share");
    // Platform and SRE own it already, so only the product teams are offered.
    assert!(!share.contains("value=\"platform\"") && !share.contains("value=\"sre\""), "{share}");
    assert!(share.contains("value=\"checkout-team\""));
    assert!(html.contains("aria-label=\"Remove SRE as an owner\""));
    assert!(html.contains(">Make unowned</button>"));
}

#[test]
fn a_notice_lists_every_problem_and_offers_the_rejected_text() {
    let notice = Notice {
        title: "The shared link could not be opened".into(),
        problems: vec![Problem::new("teams[3].name", "name is empty"), Problem::new("$", "<b>bad</b>")],
        rejected: Some("{...".into()),
        filename: "faultline-link.txt".into(),
    };
    let html = render::<NoticeBox>(NoticeProps {
        notice,
        on_download: Default::default(),
        on_dismiss: Default::default(),
    });
    assert!(html.contains("role=\"alert\""));
    assert!(html.contains("<code>teams[3].name</code>: name is empty"));
    assert!(html.contains("&lt;b&gt;bad&lt;/b&gt;"));
    // A problem with the whole text has no path worth showing.
    assert!(!html.contains("<code>$</code>"), "{html}");
    assert!(html.contains("Download the rejected text (faultline-link.txt)"));
}

/// The capability inspector for one capability of a preset, with `change`
/// applied to the file first and `refused` as the last refusal.
fn inspect(id: &str, change: impl FnOnce(&mut ScenarioFile), refused: Option<&str>) -> String {
    let mut f = file("clear-boundary");
    change(&mut f);
    let cap = f.capabilities.iter().find(|c| c.id.as_str() == id).expect("in the preset").clone();
    render::<CapInspector>(CapInspectorProps {
        scenario: Rc::new(f),
        cap,
        on_edit: Default::default(),
        refused: refused.map(|r| r.to_owned().into()),
    })
}

/// The markup of the element with this id, up to the end of its tag or its
/// closing `</select>`.
fn element<'a>(html: &'a str, id: &str) -> &'a str {
    let at = html.find(&format!("id=\"{id}\"")).unwrap_or_else(|| panic!("{id} in {html}"));
    let start = html[..at].rfind('<').expect("a tag");
    let end = if html[start..].starts_with("<select") {
        at + html[at..].find("</select>").expect("closes")
    } else {
        at + html[at..].find('>').expect("ends")
    };
    &html[start..end]
}

#[test]
fn the_capability_inspector_edits_role_layer_service_fields_and_removal_with_labels() {
    let html = inspect(
        "checkout",
        |f| {
            let c = f.capabilities.iter_mut().find(|c| c.id.as_str() == "checkout").expect("checkout");
            c.traffic_rps = Some(2_500.0);
            c.name = "<script>alert(1)</script>".into();
        },
        None,
    );
    for id in [
        "cap-owner",
        "cap-share",
        "cap-name",
        "cap-role",
        "cap-layer",
        "cap-slo-target",
        "cap-slo-window",
        "cap-traffic",
    ] {
        assert!(html.contains(&format!("for=\"{id}\"")), "{id} has a label");
    }
    let role = element(&html, "cap-role");
    assert!(
        role.contains("<option value=\"\" selected=\"selected\">No role (dependencies only)</option>"),
        "{role}"
    );
    assert_eq!(role.matches("<option").count(), 12, "no role and the eleven roles");
    assert!(role.contains(">Error-budget policy, reliability layer</option>"), "{role}");
    assert!(!element(&html, "cap-layer").contains("disabled"), "a service without a role picks its layer");
    assert!(element(&html, "cap-layer").contains("value=\"service\" selected"));
    assert!(element(&html, "cap-traffic").contains("value=\"2500\""), "{}", element(&html, "cap-traffic"));
    assert!(element(&html, "cap-traffic").contains("placeholder=\"100 (the reference)\""));
    assert!(element(&html, "cap-slo-target").contains("value=\"99.9\""));
    // One checkbox per other capability, inside a labelled group.
    assert_eq!(html.matches("type=\"checkbox\"").count(), 13);
    assert!(html.contains("<summary>Depends on 4 capabilities</summary>"));
    assert!(html.contains(">Remove capability &lt;script&gt;alert(1)&lt;/script&gt;</button>"), "{html}");
    assert!(html.contains("Removing it also takes it out of its owners' boxes"));
    assert!(!html.contains("<script>") && !html.contains("Not changed"));
}

#[test]
fn a_role_fixes_the_layer_and_only_a_service_has_slo_and_traffic() {
    let html = inspect("deploy", |_| {}, None);
    assert!(element(&html, "cap-role").contains("value=\"Deploy and rollout\" selected"));
    let layer = element(&html, "cap-layer");
    assert!(layer.contains("disabled") && layer.contains("aria-describedby=\"cap-layer-hint\""), "{layer}");
    assert!(html
        .contains("Its role, Deploy and rollout, puts it in the delivery layer; choose no role to move it."));
    assert!(!html.contains("cap-traffic") && !html.contains("cap-slo-target"));
    assert!(html.contains("Removing it also removes the 3 failures injected on it"), "{html}");
}

#[test]
fn a_refused_cycle_is_said_beside_the_dependencies() {
    let why = "that would make a dependency cycle: Cluster provisioning → Checkout → Cluster provisioning";
    let html = inspect("clusters", |_| {}, Some(why));
    let said = format!("role=\"alert\" class=\"field-error refused\">Not changed: {why}</p>");
    let at = html.find(&said).unwrap_or_else(|| panic!("{html}"));
    assert!(html.find("</details>").is_some_and(|d| d < at), "after the dependency list");
    // In the side column it is said once, in the inspector.
    let f = file("clear-boundary");
    let side = render::<SidePanel>(SideProps {
        live: Rc::new(evaluate(&f, 0)),
        scenario: Rc::new(f),
        selection: Some(Selection::Capability("clusters".into())),
        highlight: Vec::new(),
        millis: 0.0,
        refused: Some(why.into()),
        on_edit: Default::default(),
        on_highlight: Default::default(),
    });
    assert_eq!(side.matches("Not changed: ").count(), 1, "{side}");
    assert!(side.find("Not changed: ") > side.find("data-inspecting=\"clusters\""));
}

#[test]
fn the_add_capability_form_labels_every_field() {
    let f = file("clear-boundary");
    let n = f.teams.len();
    let html =
        render::<AddCapabilityForm>(AddCapabilityProps { scenario: Rc::new(f), on_edit: Default::default() });
    for id in ["new-cap-name", "new-cap-role", "new-cap-layer", "new-cap-owner"] {
        assert!(html.contains(&format!("for=\"{id}\"")), "{id} has a label");
        assert!(html.contains(&format!("id=\"{id}\"")), "{id} exists");
    }
    let owner = element(&html, "new-cap-owner");
    assert!(
        owner.contains("<option value=\"\" selected=\"selected\">Nobody (the unowned tray)</option>"),
        "{owner}"
    );
    assert_eq!(owner.matches("<option").count(), n + 1, "the tray and every team");
    assert!(element(&html, "new-cap-layer").contains("value=\"service\" selected"));
    assert_eq!(element(&html, "new-cap-role").matches("<option").count(), 12);
    assert!(html.contains("<button type=\"submit\" disabled=\"disabled\">Add capability</button>"), "{html}");
    assert!(html.contains("A service starts with a 99.9% SLO over 30 days"));
}
