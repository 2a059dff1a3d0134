//! Whose a key press is: the focused control's, or the page's shortcuts'.
//! One rule for the editor's undo, redo and Escape, the run panel's letters
//! and the story's keys, so a key the user types into a field never moves
//! the page, and a shortcut works wherever the focused control has no use
//! for the key.

/// The focused element, as far as keys are concerned.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Focus {
    /// The tag name, lower case.
    pub tag: String,
    /// An input's `type`, lower case (empty: text).
    pub kind: String,
    pub role: String,
    /// `contenteditable` and not "false".
    pub editable: bool,
}

impl Focus {
    /// The element a key press was aimed at.
    pub fn of(e: &web_sys::KeyboardEvent) -> Option<Focus> {
        use web_sys::wasm_bindgen::JsCast;
        let el = e.target()?.dyn_into::<web_sys::Element>().ok()?;
        let attr = |name: &str| el.get_attribute(name).unwrap_or_default().to_ascii_lowercase();
        Some(Focus {
            tag: el.tag_name().to_ascii_lowercase(),
            kind: attr("type"),
            role: attr("role"),
            editable: el.get_attribute("contenteditable").is_some_and(|v| v != "false"),
        })
    }
}

/// True when a key press may be one of the page's single-key shortcuts (the
/// run panel's, the story's): no modifier but Shift, not already used by an
/// element of the page (arrows move a focused team box), and not the
/// focused control's.
pub fn is_page_shortcut(e: &web_sys::KeyboardEvent) -> bool {
    !(e.default_prevented()
        || e.ctrl_key()
        || e.meta_key()
        || e.alt_key()
        || belongs_to_control(Focus::of(e).as_ref(), &e.key(), false))
}

/// Whether `key` (with Ctrl or Meta held when `modified`) belongs to the
/// focused control rather than to the page:
/// - a text field (a textarea, a text-like input, editable content) takes
///   every key, Ctrl+Z included: it is the field's own undo;
/// - a menu, a slider or a colour well takes plain keys (type-ahead,
///   arrows) but not Escape or modified keys;
/// - buttons, links, checkboxes and the board's cards and teams
///   (`role="button"`) take Space and Enter, which press them.
pub fn belongs_to_control(focus: Option<&Focus>, key: &str, modified: bool) -> bool {
    let Some(f) = focus else { return false };
    let activation = matches!(key, " " | "Enter");
    let plain = !modified && key != "Escape";
    match f.tag.as_str() {
        "textarea" => true,
        "select" => plain,
        "input" => match f.kind.as_str() {
            "checkbox" | "radio" | "button" | "submit" | "reset" | "file" => activation,
            "range" | "color" => plain,
            _ => true,
        },
        "button" | "a" | "summary" => activation,
        _ => f.editable || (activation && f.role == "button"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn focus(tag: &str, kind: &str, role: &str, editable: bool) -> Option<Focus> {
        Some(Focus { tag: tag.into(), kind: kind.into(), role: role.into(), editable })
    }

    #[test]
    fn keys_go_to_the_control_that_uses_them_and_the_rest_to_the_page() {
        let text = focus("input", "", "", false);
        let number = focus("input", "number", "", false);
        let area = focus("textarea", "", "", false);
        let slider = focus("input", "range", "", false);
        let menu = focus("select", "", "", false);
        let check = focus("input", "checkbox", "", false);
        let button = focus("button", "", "", false);
        let card = focus("g", "", "button", false);
        let editable = focus("div", "", "", true);
        let board = focus("svg", "", "", false);
        // (focus, key, modified, belongs to the control)
        let table = [
            (&text, "r", false, true),
            (&text, "z", true, true),
            (&text, "Escape", false, true),
            (&number, "m", false, true),
            (&area, "z", true, true),
            (&editable, "n", false, true),
            (&slider, "ArrowLeft", false, true),
            (&slider, "r", false, true),
            (&slider, "z", true, false),
            (&slider, "Escape", false, false),
            (&menu, "p", false, true),
            (&menu, "z", true, false),
            (&menu, "Escape", false, false),
            (&check, " ", false, true),
            (&check, "r", false, false),
            (&check, "z", true, false),
            (&button, "Enter", false, true),
            (&button, "m", false, false),
            (&card, " ", false, true),
            (&card, "Escape", false, false),
            (&board, "r", false, false),
            (&None, "z", true, false),
        ];
        for (f, key, modified, expected) in table {
            assert_eq!(
                belongs_to_control(f.as_ref(), key, modified),
                expected,
                "{f:?} {key:?} modified={modified}"
            );
        }
    }
}
