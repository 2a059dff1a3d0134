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
    render_board_on(file, None)
}

/// The board on the desk (`None`) or on a stage of this many pixels.
fn render_board_on(file: ScenarioFile, stage: Option<(u32, u32)>) -> String {
    let props = BoardProps {
        scenario: Rc::new(file),
        selection: None,
        on_select: Default::default(),
        overlay: None,
        advice: None,
        highlight: Vec::new(),
        on_edit: Default::default(),
        share_drops: false,
        load: None,
        stage,
    };
    futures::executor::block_on(LocalServerRenderer::<Board>::with_props(props).hydratable(false).render())
}

/// The projected board: arranged for its box, drawn with the stage's sizes,
/// and without the grips that resize boxes on the desk.
#[test]
fn the_stage_board_is_drawn_for_the_room() {
    let html = render_board_on(preset("clear-boundary").expect("preset"), Some((1000, 550)));
    assert!(html.contains("class=\"board stage\""), "{}", &html[..200]);
    assert!(!html.contains("resize-handle"), "no grips on the stage");
    assert_eq!(html.matches("class=\"card ").count(), 14);
    let desk = render_board(preset("clear-boundary").expect("preset"));
    assert!(desk.contains("resize-handle"));
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
    let absorbed = ["ci", "deploy", "templates", "ux_measurement", "slo_definitions", "incident_management"];
    check(
        "sre-absorbed",
        "sre",
        "sre",
        "SRE",
        &[&absorbed[..], &["error_budget_policy", "postmortems"]].concat(),
    );
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
    check("sre-absorbed", &[]);
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
fn a_team_colour_that_validation_would_refuse_is_dropped() {
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
    // Validation's rule, the one rule for a team colour: #rgb or #rrggbb.
    check("#0f7", Some("--team-color: #0f7"));
    check("teal", None);
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

/// The value of attribute `name` in an opening tag.
fn attr<'a>(tag: &'a str, name: &str) -> &'a str {
    let key = format!(" {name}=\"");
    let at = tag.find(&key).unwrap_or_else(|| panic!("no {name} in {tag}")) + key.len();
    &tag[at..at + tag[at..].find('"').expect("quoted")]
}

/// The bar of a team's week: its accessible name, the widths of its parts
/// by class, its frame's width, and the line under it.
fn week_bar(html: &str, team: &str) -> (String, Vec<(String, f64)>, f64, String) {
    let boundary = group(html, &format!("data-team=\"{team}\""));
    let bar = group(boundary, "class=\"team-hours\"");
    let tag = open_tag(bar, "class=\"team-hours\"");
    assert_eq!(attr(tag, "role"), "img", "{tag}");
    let rects: Vec<&str> = bar.split("<rect ").skip(1).collect();
    let width = |r: &str| attr(r, "width").parse::<f64>().expect("a number");
    let frame = rects.iter().find(|r| r.contains("hours-frame")).map(|r| width(r)).expect("a frame");
    let parts = rects
        .iter()
        .filter(|r| r.contains("hours-part"))
        .map(|r| (attr(r, "class").trim_start_matches("hours-part hours-").to_owned(), width(r)))
        .collect();
    let at = boundary.find("class=\"team-caption\"").expect("a caption");
    let caption = &boundary[at..];
    let caption = &caption[caption.find('>').expect("closes") + 1..caption.find("</text>").expect("ends")];
    (attr(tag, "aria-label").to_owned(), parts, frame, caption.to_owned())
}

#[test]
fn each_team_box_shows_where_its_week_goes() {
    let check = |preset_id: &str, team: &str, label: &str, parts: &[(&str, f64)]| {
        let html = render_board(preset_file(preset_id));
        let (got, drawn, frame, caption) = week_bar(&html, team);
        assert_eq!(got, label, "{preset_id}/{team}");
        let total: f64 = parts.iter().map(|p| p.1).sum();
        assert_eq!(caption, format!("{total} h a week"), "{preset_id}/{team}");
        // Each part is as wide as its share of the week, to the tenth of a unit.
        let names: Vec<&str> = drawn.iter().map(|d| d.0.as_str()).collect();
        let expected: Vec<&str> = parts.iter().map(|p| p.0).collect();
        assert_eq!(names, expected, "{preset_id}/{team}");
        for ((name, w), (_, h)) in drawn.iter().zip(parts) {
            assert!((w - frame * h / total).abs() <= 0.06, "{preset_id}/{team} {name}: {w} of {frame}");
        }
    };
    check(
        "clear-boundary",
        "platform",
        "Platform Engineering: 360 h a week — 198 feature, 90 reliability (20 on-call, 70 fixes), 72 toil",
        &[("feature", 198.0), ("on-call", 20.0), ("fixes", 70.0), ("toil", 72.0)],
    );
    check(
        "clear-boundary",
        "sre",
        "SRE: 240 h a week — 24 feature, 168 reliability (10 on-call, 40 SLOs and measurement, 118 fixes), 48 toil",
        &[("feature", 24.0), ("on-call", 10.0), ("coverage", 40.0), ("fixes", 118.0), ("toil", 48.0)],
    );
    // Absorbed into Platform's toil, SRE has 26 hours for SLOs and
    // measurement instead of 40, and none for fixes.
    check(
        "sre-absorbed",
        "sre",
        "SRE: 240 h a week — 24 feature, 36 reliability (10 on-call, 26 SLOs and measurement), 180 toil",
        &[("feature", 24.0), ("on-call", 10.0), ("coverage", 26.0), ("toil", 180.0)],
    );
}

/// A service card: its badge's class and text, its meta line and its
/// accessible name.
fn service_card(html: &str, cap: &str) -> (String, String, String, String) {
    let card = group(html, &format!("data-capability=\"{cap}\""));
    let badge = group(card, "class=\"slo-badge");
    let class = attr(open_tag(badge, "slo-badge"), "class").to_owned();
    let text_of = |s: &str| {
        let t = &s[s.find("<text ").expect("a text")..];
        // The drawing ends each text with a space (not drawn) so read as a
        // whole the card's words stay apart.
        t[t.find('>').expect("closes") + 1..t.find("</text>").expect("ends")].trim_end().to_owned()
    };
    let meta = &card[card.find("class=\"card-meta").expect("a meta line")..];
    let meta = meta[meta.find('>').expect("closes") + 1..meta.find("</text>").expect("ends")].to_owned();
    (class, text_of(badge), meta, attr(open_tag(card, "data-capability"), "aria-label").to_owned())
}

#[test]
fn a_service_card_says_how_its_slo_is_kept() {
    let check = |file: ScenarioFile, cap: &str, class: &str, badge: &str, label: &str| {
        let html = render_board(file);
        let (got_class, got_badge, meta, got_label) = service_card(&html, cap);
        assert_eq!(got_class, format!("slo-badge {class}"), "{cap}");
        assert_eq!(got_badge, text(badge), "{cap}");
        assert_eq!(meta, "service", "before a run the meta line gives the layer");
        assert_eq!(got_label, text(label), "{cap}");
        // The accessible name starts with what the card shows, in order.
        assert!(
            label.starts_with(&format!("{}, {badge}, service capability", label.split(',').next().unwrap()))
        );
    };
    check(
        preset_file("clear-boundary"),
        "search",
        "slo-measured",
        "SLO 99.9% · measured 100%",
        "Search, SLO 99.9% · measured 100%, service capability, owned by Search team; measured by SRE with 8 h a week",
    );
    // Absorbed into toil, SRE measures the first service fully, the second
    // in part and the third not at all.
    check(
        preset_file("sre-absorbed"),
        "checkout",
        "slo-measured",
        "SLO 99.9% · measured 100%",
        "Checkout, SLO 99.9% · measured 100%, service capability, owned by Checkout team; measured by SRE with 8 h a week",
    );
    check(
        preset_file("sre-absorbed"),
        "search",
        "slo-weak",
        "SLO 99.9% · measured 75%",
        "Search, SLO 99.9% · measured 75%, service capability, owned by Search team; measured by SRE with 6 h a week",
    );
    check(
        preset_file("sre-absorbed"),
        "accounts",
        "slo-unmeasured",
        "SLO not measured",
        "Accounts, SLO not measured, service capability, owned by Accounts team; SLO 99.9%, coverage 0% of what \
         it needs, so its alerts do not work; measured by SRE with 0 h a week; 0% of its SLO upkeep done",
    );
    // With nobody owning UX measurement, no service is measured.
    let mut orphaned = preset_file("clear-boundary");
    orphaned.ownership.remove(&faultline::model::CapabilityId::new("ux_measurement"));
    check(
        orphaned,
        "search",
        "slo-unmeasured",
        "SLO not measured",
        "Search, SLO not measured, service capability, owned by Search team; SLO 99.9%, coverage 0% of what \
         it needs, so its alerts do not work; nobody owns UX measurement",
    );
    // A one-person SRE measures the first service and runs out of hours.
    let mut small = preset_file("clear-boundary");
    small.teams[1].headcount = 1.0;
    check(
        small.clone(),
        "checkout",
        "slo-measured",
        "SLO 99.9% · measured 100%",
        "Checkout, SLO 99.9% · measured 100%, service capability, owned by Checkout team; measured by SRE with 8 h a week",
    );
    check(
        small,
        "accounts",
        "slo-unmeasured",
        "SLO not measured",
        "Accounts, SLO not measured, service capability, owned by Accounts team; SLO 99.9%, coverage 0% of what \
         it needs, so its alerts do not work; measured by SRE with 0 h a week; 0% of its SLO upkeep done",
    );
    let mut none = preset_file("clear-boundary");
    let search = none.capabilities.iter_mut().find(|c| c.id.as_str() == "search").expect("search");
    search.slo = None;
    check(
        none,
        "search",
        "slo-none",
        "no SLO",
        "Search, no SLO, service capability, owned by Search team; nothing alerts on its users' pain",
    );
}

#[test]
fn a_design_that_does_not_validate_keeps_its_layout_without_bars() {
    let mut f = preset_file("clear-boundary");
    let valid = render_board(f.clone());
    f.teams[0].time_split.toil = 90.0;
    let html = render_board(f);
    assert!(!html.contains("team-hours") && !html.contains("slo-badge"), "nothing to measure");
    // The boxes and cards stay where they were.
    let rects = |h: &str| -> Vec<String> {
        h.match_indices("class=\"team-box\"")
            .map(|(i, _)| {
                let start = h[..i].rfind('<').expect("in a tag");
                h[start..i + h[i..].find('>').expect("closes")].to_owned()
            })
            .collect()
    };
    assert_eq!(rects(&valid).len(), 5);
    assert_eq!(rects(&html), rects(&valid));
}

/// The design's name is a labelled text field holding the title, and the
/// page offers to keep the design as the baseline.
#[test]
fn the_design_name_is_a_labelled_field_and_the_baseline_can_be_kept() {
    let html = render_app("sre-absorbed");
    assert!(html.contains("<label for=\"design-title\">Design name</label>"), "labelled");
    let at = html.find("id=\"design-title\"").expect("the name field");
    let field = &html[html[..at].rfind('<').expect("in a tag")..at + html[at..].find('>').expect("closes")];
    assert!(field.contains("value=\"SRE absorbed into Platform\""), "{field}");
    assert!(field.contains("maxlength=\"200\"") && field.contains("type=\"text\""), "{field}");
    assert!(html.contains(">Set as baseline</button>"));
    assert!(html.contains("Proposal: <strong>SRE absorbed into Platform</strong>"));
}
