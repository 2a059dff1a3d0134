//! Text for the SVG board: fitting labels into boxes by an estimate of their
//! width and writing numbers for attributes. Pure functions with no Yew in them.

use crate::charts::{bold_width, text_width};

/// The width of `s` at `font_px`, in the font's units: the charts' one
/// estimate ([`text_width`], [`bold_width`] for bold), so the board and the
/// charts fit text by the same rule.
pub fn label_width(s: &str, font_px: f64, bold: bool) -> f64 {
    if bold {
        bold_width(s, font_px)
    } else {
        text_width(s, font_px)
    }
}

/// A coordinate as SVG attribute text, to a tenth of a unit so the markup
/// stays short and the same on every target.
pub fn svg_num(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    // Adding 0.0 turns -0 into 0.
    format!("{}", r + 0.0)
}

/// Word-wraps text onto at most `max_lines` lines of `max_w` width; the last
/// line ends in an ellipsis when the text does not fit.
pub fn fit_lines(text: &str, max_w: f64, font_px: f64, bold: bool, max_lines: usize) -> Vec<String> {
    let max_lines = max_lines.max(1);
    let fits = |s: &str| label_width(s, font_px, bold) <= max_w;
    let mut lines: Vec<String> = Vec::new();
    let mut words = text.split_whitespace().peekable();
    while let Some(word) = words.next() {
        let mut line = word.to_owned();
        while let Some(next) = words.peek() {
            let candidate = format!("{line} {next}");
            if !fits(&candidate) {
                break;
            }
            line = candidate;
            words.next();
        }
        let last = lines.len() + 1 == max_lines;
        if last && (words.peek().is_some() || !fits(&line)) {
            let rest: Vec<&str> = words.collect();
            let full = if rest.is_empty() { line } else { format!("{line} {}", rest.join(" ")) };
            lines.push(ellipsize(&full, &fits));
            return lines;
        }
        lines.push(if fits(&line) { line } else { ellipsize(&line, &fits) });
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

/// The longest prefix of `s` that fits with a trailing ellipsis.
fn ellipsize(s: &str, fits: &dyn Fn(&str) -> bool) -> String {
    if fits(s) {
        return s.to_owned();
    }
    let chars: Vec<char> = s.chars().collect();
    for n in (0..chars.len()).rev() {
        let candidate = format!("{}…", chars[..n].iter().collect::<String>().trim_end());
        if fits(&candidate) {
            return candidate;
        }
    }
    "…".to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_fit_their_boxes() {
        let check = |text: &str, width: f64, lines: usize, expected: &[&str]| {
            let got = fit_lines(text, width, 15.0, false, lines);
            assert_eq!(got, expected, "{text:?} in {width}");
            for line in &got {
                assert!(text_width(line, 15.0) <= width, "{line:?} wider than {width}");
            }
        };
        check("Checkout", 200.0, 2, &["Checkout"]);
        check("Deploy and rollout system", 170.0, 2, &["Deploy and rollout", "system"]);
        check("Deploy and rollout system", 100.0, 2, &["Deploy and", "rollout syst…"]);
        check("", 100.0, 1, &[""]);
        check("Checkout", 200.0, 0, &["Checkout"]);
        check("平台工程团队负责交付", 100.0, 1, &["平台工程…"]);
        check("Supercalifragilistic", 80.0, 1, &["Superc…"]);
    }
}
