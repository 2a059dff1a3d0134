//! The picture's own rules: its colours are the stylesheet's, text is
//! escaped for XML, and a design that does not validate is still drawn.
//! What it shows of every preset, and that it parses, is checked with the
//! charts in `tests/charts.rs`.

use super::*;
use crate::model::presets::preset;
use std::collections::BTreeMap;

const STYLESHEET: &str = include_str!("../../../static/style.css");

/// The stylesheet's custom properties (`--kind-sre: #c2410c;`), by name.
fn variables() -> BTreeMap<&'static str, &'static str> {
    STYLESHEET
        .lines()
        .filter_map(|l| l.trim().strip_prefix("--")?.strip_suffix(';')?.split_once(':'))
        .map(|(k, v)| (k.trim(), v.trim()))
        .collect()
}

/// The value of `property` in the rule whose selector is `selector`, with
/// `var(--x)` resolved.
fn rule(selector: &str, property: &str) -> String {
    let start = STYLESHEET
        .find(&format!("\n{selector} {{"))
        .unwrap_or_else(|| panic!("no rule {selector} in static/style.css"));
    let body = &STYLESHEET[start..];
    let body = &body[body.find('{').unwrap_or(0) + 1..body.find('}').unwrap_or(body.len())];
    let value = body
        .split(';')
        .filter_map(|d| d.split_once(':'))
        .find(|(k, _)| k.trim() == property)
        .map(|(_, v)| v.trim())
        .unwrap_or_else(|| panic!("{selector} sets no {property}"));
    match value.strip_prefix("var(--").and_then(|v| v.strip_suffix(')')) {
        Some(name) => variables()[name].to_owned(),
        None => value.to_owned(),
    }
}

#[test]
fn the_picture_has_the_boards_colours() {
    let vars = variables();
    let check = |var: &str, ours: &str| assert_eq!(vars.get(var).copied(), Some(ours), "--{var}");
    for kind in TeamKind::ALL {
        let (stroke, tint) = kind_colours(kind);
        let name = super::super::team::kind_class(kind);
        check(&format!("kind-{name}"), stroke);
        check(&format!("kind-{name}-tint"), tint);
    }
    for layer in Layer::ALL {
        check(&format!("layer-{}", layer.label()), layer_colour(layer));
    }
    for part in Part::ALL {
        check(&format!("hours-{}", part.class()), part_colour(part));
    }
    check("hours-incidents", INCIDENTS);
    check("text", colour::TEXT);
    check("text-muted", colour::TEXT_MUTED);
    check("bg-soft", colour::BG_SOFT);
    check("danger", colour::DANGER);
    assert_eq!(rule(".card-box", "stroke"), colour::CARD);
    for state in [SloState::Measured, SloState::Weak, SloState::NotMeasured, SloState::None] {
        let (fill, stroke, ink, _) = badge_colours(state);
        let selector = format!(".slo-badge.{} rect", state.class());
        assert_eq!((rule(&selector, "fill"), rule(&selector, "stroke")), (fill.into(), stroke.into()));
        assert_eq!(rule(&format!(".board .slo-badge.{} text", state.class()), "fill"), ink);
    }
}

#[test]
fn user_text_is_escaped_for_xml() {
    let check = |input: &str, expected: &str| assert_eq!(xml_escape(input), expected, "{input:?}");
    check("Ops & <Infra>", "Ops &amp; &lt;Infra&gt;");
    check(r#"say "hi" it's"#, "say &quot;hi&quot; it&apos;s");
    check("bell\u{7}tab\tend\u{ffff}", "bell\u{fffd}tab\tend\u{fffd}");
    check("平台 ✓", "平台 ✓");
}

#[test]
fn a_design_that_does_not_validate_is_still_drawn() {
    let mut file = preset("clear-boundary").expect("preset");
    file.teams[0].headcount = -3.0;
    assert!(plan(&file).is_none(), "the change must make the design invalid");
    let svg = board_svg(&file);
    assert!(svg.contains(&xml_escape(&file.teams[0].name)) && svg.ends_with("</svg>\n"));
    // Without a plan there are no bars of hours and no SLO badges.
    assert!(!svg.contains(" h a week") && !svg.contains("SLO 99"), "{svg}");
    let valid = board_svg(&preset("clear-boundary").expect("preset"));
    assert!(valid.contains(" h a week") && valid.contains("SLO 99.9% · measured 100%"), "{valid}");
}
