//! A QR code of the share link, drawn in the page as SVG (the `qrcode`
//! crate computes the modules; nothing leaves the page), so people in the
//! room can open the projected design on their own laptops.

use qrcode::{Color, EcLevel, QrCode};
use yew::prelude::*;

/// Modules of white around the code, as the standard asks.
const QUIET: usize = 4;

/// The path of a code's dark modules, one horizontal run at a time, or why
/// there is no code.
pub fn qr_path(text: &str) -> Result<(usize, String), String> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::L).map_err(|_| {
        format!("The link is {} characters, too long for a QR code; share it as text instead.", text.len())
    })?;
    let w = code.width();
    let colors = code.to_colors();
    let mut d = String::new();
    for y in 0..w {
        let mut x = 0;
        while x < w {
            if colors[y * w + x] == Color::Dark {
                let start = x;
                while x < w && colors[y * w + x] == Color::Dark {
                    x += 1;
                }
                d.push_str(&format!("M{} {}h{}v1h-{}z", start + QUIET, y + QUIET, x - start, x - start));
            } else {
                x += 1;
            }
        }
    }
    Ok((w + 2 * QUIET, d))
}

#[derive(Properties, PartialEq)]
pub struct QrProps {
    pub text: AttrValue,
}

#[component]
pub fn Qr(props: &QrProps) -> Html {
    let drawn = use_memo(props.text.clone(), |t| qr_path(t));
    match &*drawn {
        Ok((size, d)) => html! {
            <svg class="qr" viewBox={format!("0 0 {size} {size}")} role="img"
                aria-label="QR code of the share link for this design" shape-rendering="crispEdges">
                <rect width={size.to_string()} height={size.to_string()} fill="#fff" />
                <path d={d.clone()} fill="#000" />
            </svg>
        },
        Err(why) => html! { <p class="muted">{ why.clone() }</p> },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_becomes_a_code_and_an_overlong_one_says_so() {
        let (size, d) = qr_path("http://127.0.0.1:8080/#s=abc").expect("short links fit");
        assert_eq!(size, 25 + 2 * QUIET, "a 29-byte link is a version 2 code, 25 modules wide");
        assert!(d.starts_with("M4 4h7v1h-7z"), "the finder pattern's top row: {}", &d[..20]);
        let long = "x".repeat(3_000);
        assert!(qr_path(&long).unwrap_err().contains("3000 characters"));
    }
}
