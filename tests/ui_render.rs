#![cfg(not(target_arch = "wasm32"))]
//! Component tests: props in, HTML out. Components are rendered on the
//! server (natively, no browser) and the tests read the markup the way a
//! browser would: which boundary holds which card, what is marked shared or
//! unowned, and that user text comes out as text, never as markup.

use faultline::model::presets::{preset, DEFAULT_PRESET, PRESETS};
use faultline::model::ScenarioFile;
use faultline::ui::{App, AppProps, Board, BoardProps};
use std::rc::Rc;
use yew::{AttrValue, LocalServerRenderer};

fn render_board(file: ScenarioFile) -> String {
    let props = BoardProps {
        scenario: Rc::new(file),
        selection: None,
        on_select: Default::default(),
        overlay: None,
        highlight: Vec::new(),
        on_edit: Default::default(),
        share_drops: false,
    };
    futures::executor::block_on(LocalServerRenderer::<Board>::with_props(props).hydratable(false).render())
}

fn render_app(preset_id: &str) -> String {
    let props = AppProps { preset: AttrValue::from(preset_id.to_owned()), persist: false };
    futures::executor::block_on(LocalServerRenderer::<App>::with_props(props).hydratable(false).render())
}

fn preset_file(id: &str) -> ScenarioFile {
    preset(id).unwrap_or_else(|| panic!("preset {id} exists"))
}

/// The `<g>` element whose opening tag carries `marker` (such as
/// `data-team="sre"`), from its opening tag to its matching `</g>`.
fn group<'a>(html: &'a str, marker: &str) -> &'a str {
    let at = html.find(marker).unwrap_or_else(|| panic!("no element with {marker}"));
    let start = html[..at].rfind("<g ").expect("the marker sits in a <g> tag");
    let mut depth = 0;
    let mut i = start;
    while i < html.len() {
        if html[i..].starts_with("<g ") || html[i..].starts_with("<g>") {
            depth += 1;
        } else if html[i..].starts_with("</g>") {
            depth -= 1;
            if depth == 0 {
                return &html[start..i + 4];
            }
        }
        i += html[i..].chars().next().map_or(1, char::len_utf8);
    }
    panic!("unclosed <g> for {marker}");
}

/// The opening tag of the element carrying `marker`.
fn open_tag<'a>(html: &'a str, marker: &str) -> &'a str {
    let g = group(html, marker);
    &g[..=g.find('>').expect("tags close")]
}

/// Text as it appears in a text node of the rendered HTML.
fn text(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[test]
fn teams_are_boundaries_holding_their_cards() {
    let check = |preset_id: &str, team: &str, kind: &str, label: &str, cards: &[&str]| {
        let html = render_board(preset_file(preset_id));
        let boundary = group(&html, &format!("data-team=\"{team}\""));
        let tag = open_tag(boundary, "data-team");
        assert!(tag.contains(&format!("kind-{kind}")), "{preset_id}/{team} is coloured by kind: {tag}");
        assert!(tag.contains("tabindex=\"0\"") && tag.contains("role=\"group\""), "{tag}");
        assert!(boundary.contains(&format!(">{label}</text>")), "{preset_id}/{team} shows its name");
        assert_eq!(count(boundary, "data-capability="), cards.len(), "{preset_id}/{team} card count");
        for cap in cards {
            let card = open_tag(boundary, &format!("data-capability=\"{cap}\""));
            assert!(card.contains("role=\"button\"") && card.contains("tabindex=\"0\""), "{card}");
            assert!(card.contains("aria-label=\""), "{card}");
        }
    };
    let platform = ["clusters", "ci", "deploy", "templates", "identity", "portal"];
    let sre =
        ["ux_measurement", "slo_definitions", "incident_management", "error_budget_policy", "postmortems"];
    check("clear-boundary", "platform", "platform", "Platform Engineering", &platform);
    check("clear-boundary", "sre", "sre", "SRE", &sre);
    check("clear-boundary", "checkout-team", "product", "Checkout team", &["checkout"]);
    let absorbed =
        ["ci", "deploy", "templates", "slo_definitions", "incident_management", "error_budget_policy"];
    check("sre-absorbed", "sre", "sre", "SRE", &[&absorbed[..], &["postmortems"]].concat());
    check("orphaned-provisioning", "platform", "platform", "Platform Engineering", &platform[1..]);
}

#[test]
fn the_team_meta_line_gives_kind_and_headcount() {
    let html = render_board(preset_file("clear-boundary"));
    let check = |team: &str, meta: &str| {
        let boundary = group(&html, &format!("data-team=\"{team}\""));
        assert!(boundary.contains(&format!(">{meta}</text>")), "{team}: {meta}");
    };
    check("platform", "Platform · 9 people · on-call");
    check("sre", "SRE · 6 people · on-call");
    check("search-team", "Product · 5 people · on-call");
}

#[test]
fn orphans_sit_in_the_unowned_tray() {
    let check = |preset_id: &str, orphans: &[(&str, &str, &str)]| {
        let html = render_board(preset_file(preset_id));
        let tray = group(&html, "data-tray=\"unowned\"");
        assert_eq!(count(tray, "data-capability="), orphans.len(), "{preset_id}: cards in the tray");
        for (cap, name, layer) in orphans {
            let card = open_tag(tray, &format!("data-capability=\"{cap}\""));
            assert!(card.contains(&format!("aria-label=\"{name}, {layer} capability, unowned\"")), "{card}");
            // Drawn once, in the tray, and in no team.
            assert_eq!(count(&html, &format!("data-capability=\"{cap}\"")), 1, "{preset_id}: {cap}");
        }
        if orphans.is_empty() {
            assert!(tray.contains("Every capability has an owner."), "{preset_id}: the empty tray says so");
        }
    };
    check("orphaned-provisioning", &[("clusters", "Cluster provisioning", "delivery")]);
    check("sre-absorbed", &[("ux_measurement", "UX measurement (SLIs)", "reliability")]);
    check("no-sre", &[("error_budget_policy", "Error-budget policy", "reliability")]);
    check("clear-boundary", &[]);
}

#[test]
fn a_shared_capability_is_marked_shared_in_every_owner() {
    let check = |preset_id: &str, cap: &str, owners: &[&str]| {
        let html = render_board(preset_file(preset_id));
        assert_eq!(count(&html, &format!("data-capability=\"{cap}\"")), owners.len(), "{preset_id}: {cap}");
        for owner in owners {
            let boundary = group(&html, &format!("data-team=\"{owner}\""));
            let card = group(boundary, &format!("data-capability=\"{cap}\""));
            let tag = open_tag(card, "data-capability");
            assert!(tag.contains("class=\"card layer-") && tag.contains(" shared\""), "{owner}: {tag}");
            assert!(card.contains("· shared</text>"), "{owner}: the card says shared in words");
            assert!(tag.contains(", shared by "), "{owner}: the label names the co-owners: {tag}");
        }
    };
    check("shared-deploy", "deploy", &["platform", "sre"]);
    check("no-sre", "incident_management", &["checkout-team", "search-team", "accounts-team"]);
    // The same capability with one owner is not marked.
    let html = render_board(preset_file("clear-boundary"));
    assert!(!open_tag(&html, "data-capability=\"deploy\"").contains("shared"));
}

#[test]
fn user_text_is_escaped() {
    let check = |hostile: &str, escaped: &str| {
        let mut file = preset_file("clear-boundary");
        file.teams[0].name = hostile.to_owned();
        file.capabilities[0].name = hostile.to_owned();
        file.teams[1].color = Some(format!("red\" onload=\"{hostile}"));
        let html = render_board(file);
        for raw in ["<img", "<script", "onerror=alert(1)>", "\" onload="] {
            assert!(!html.contains(raw), "{hostile:?} came out raw as {raw:?}");
        }
        assert!(html.contains(escaped), "{hostile:?} is shown as text: expected {escaped:?}");
    };
    check("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;");
    check("\"><script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;");
    check("Ops & <b>Infra</b>", "Ops &amp; &lt;b&gt;Infra&lt;/b&gt;");
}

#[test]
fn a_team_colour_that_is_not_a_plain_colour_is_dropped() {
    let check = |color: &str, style: Option<&str>| {
        let mut file = preset_file("clear-boundary");
        file.teams[0].color = Some(color.to_owned());
        let html = render_board(file);
        let tag = open_tag(&html, "data-team=\"platform\"");
        match style {
            Some(s) => assert!(tag.contains(&format!("style=\"{s}\"")), "{color:?}: {tag}"),
            None => assert!(!tag.contains("style="), "{color:?}: {tag}"),
        }
    };
    check("#0f766e", Some("--team-color: #0f766e"));
    check("teal", Some("--team-color: teal"));
    check("red; fill: url(x)", None);
}

#[test]
fn the_app_shows_the_preset_menu_what_it_teaches_and_the_board() {
    let check = |preset_id: &str, expected_preset: &str| {
        let page = render_app(preset_id);
        let info = PRESETS.iter().find(|p| p.id == expected_preset).expect("listed preset");
        assert!(page.contains("<h1>Faultline</h1>"), "{preset_id}: title");
        // The preset menu, apart from the editor's other menus.
        let at = page.find("id=\"preset-select\"").expect("the preset menu");
        let menu = &page[at..at + page[at..].find("</select>").expect("the menu closes")];
        assert_eq!(count(menu, "<option "), PRESETS.len(), "{preset_id}: one option per preset");
        for p in PRESETS {
            assert!(menu.contains(&format!(">{}</option>", text(p.title))), "{}", p.id);
        }
        let selected: Vec<&str> = menu.match_indices(" selected").map(|(i, _)| &menu[..i]).collect();
        assert_eq!(selected.len(), 1, "{preset_id}: one option selected");
        assert!(
            selected[0].ends_with(&format!("value=\"{expected_preset}\"")),
            "{preset_id}: {expected_preset} selected"
        );
        assert!(page.contains(&format!(">{}</h2>", text(info.title))), "{preset_id}: heading");
        assert!(page.contains(&format!(">{}</p>", text(info.teaches))), "{preset_id}: what it teaches");
        assert!(page.contains("<svg ") && page.contains("class=\"board\""), "{preset_id}: the board");
    };
    check(DEFAULT_PRESET, "clear-boundary");
    check("shared-deploy", "shared-deploy");
    check("no-sre", "no-sre");
    // An unknown preset id opens the default rather than an empty page.
    check("no-such-preset", DEFAULT_PRESET);
}
