//! The look every chart shares: palette, type sizes scaled to the drawing
//! area, fonts, and how numbers and time axes read.
//!
//! Sizes are given for a 1000 × 560 px chart and scale with the area, so a
//! chart stays readable on a projector (tick labels 18 px, axis titles 20 px,
//! titles 28 px at 1000 px wide). Colours: team kinds as on the board, and the
//! Okabe–Ito palette, which stays distinct under the common colour-vision
//! deficiencies, for series and outcomes.

use crate::analysis::report::minus_signs;
use crate::engine::{Outcome, Time};
use crate::model::{Scenario, TeamIx, TeamKind};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// What every chart function returns: the backend's drawing errors.
pub type ChartResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// Dark grey for text: softer than black, still high contrast on white.
pub const INK: RGBColor = RGBColor(0x1f, 0x29, 0x37);
/// Secondary text: subtitles, notes, axis descriptions.
pub const MUTED: RGBColor = RGBColor(0x4b, 0x55, 0x63);
/// Axis lines and tick marks.
pub const AXIS: RGBColor = RGBColor(0x37, 0x41, 0x51);
/// Grid lines.
pub const GRID: RGBColor = RGBColor(0xe5, 0xe7, 0xeb);
/// Spans when nobody had noticed an incident yet, and open incidents.
pub const UNNOTICED: RGBColor = RGBColor(0x9c, 0xa3, 0xaf);

/// A team kind's colour and the tint of its box on the board, as CSS hex:
/// the one source of the kind colours. The charts draw in them, the board's
/// picture and the colour picker take them from here, and `static/style.css`
/// states them as `--kind-*` for the page, which a test in `ui::board::picture`
/// checks against this.
pub fn kind_hex(kind: TeamKind) -> (&'static str, &'static str) {
    match kind {
        TeamKind::Platform => ("#1d4ed8", "#eff6ff"),
        TeamKind::Sre => ("#c2410c", "#fff7ed"),
        TeamKind::Product => ("#15803d", "#f0fdf4"),
        TeamKind::Other => ("#4b5563", "#f3f4f6"),
    }
}

/// Leadership, which holds incidents nobody owns.
pub const LEADERSHIP: RGBColor = RGBColor(0x9f, 0x12, 0x39);

/// Series colours: the Okabe–Ito palette, which stays distinct under the
/// common colour-vision deficiencies, without its yellow (unreadable on white).
pub const SERIES: [RGBColor; 7] = [
    RGBColor(0x00, 0x72, 0xb2),
    RGBColor(0xd5, 0x5e, 0x00),
    RGBColor(0x00, 0x9e, 0x73),
    RGBColor(0xcc, 0x79, 0xa7),
    RGBColor(0xe6, 0x9f, 0x00),
    RGBColor(0x56, 0xb4, 0xe9),
    RGBColor(0x00, 0x00, 0x00),
];

/// Design A and design B in comparisons.
pub const DESIGN_A: RGBColor = SERIES[0];
pub const DESIGN_B: RGBColor = SERIES[4];

/// plotters' SVG backend writes a font size of `size / 1.24`; asking for
/// `px * 1.24` gives text of `px` pixels in the SVG.
const SVG_FONT_FACTOR: f64 = 1.24;

/// One colour per outcome, from the same colourblind-safe palette; the
/// outcomes nobody resolved are the dark and warm ones.
pub fn outcome_colour(o: Outcome) -> RGBColor {
    match o {
        Outcome::Resolved => RGBColor(0x00, 0x9e, 0x73),
        Outcome::ResolvedAfterBouncing => RGBColor(0x56, 0xb4, 0xe9),
        Outcome::FixPending => RGBColor(0xf0, 0xe4, 0x42),
        Outcome::NeverPrioritised => RGBColor(0xe6, 0x9f, 0x00),
        Outcome::Deflected => RGBColor(0xcc, 0x79, 0xa7),
        Outcome::Stalled => RGBColor(0xd5, 0x5e, 0x00),
        Outcome::Silent => RGBColor(0x00, 0x00, 0x00),
        Outcome::WithinSlo => RGBColor(0x99, 0x99, 0x99),
    }
}

/// A short name for an outcome, for lane ends and tight legends.
pub fn outcome_short(o: Outcome) -> &'static str {
    match o {
        Outcome::Resolved => "resolved",
        Outcome::ResolvedAfterBouncing => "bounced, fixed",
        Outcome::FixPending => "fix pending",
        Outcome::NeverPrioritised => "never prioritised",
        Outcome::Deflected => "deflected",
        Outcome::Stalled => "stalled",
        Outcome::Silent => "silent",
        Outcome::WithinSlo => "within SLO",
    }
}

/// A team kind's colour, for drawing.
pub fn kind_colour(kind: TeamKind) -> RGBColor {
    let hex = kind_hex(kind).0;
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).expect("kind colours are #rrggbb");
    RGBColor(byte(1), byte(3), byte(5))
}

/// A team's colour: its kind's colour, shaded for the second and later team
/// of the same kind so that neighbouring bars of two product teams differ.
/// `None` is leadership.
pub fn team_colour(sc: &Scenario, team: Option<TeamIx>) -> RGBColor {
    let Some(t) = team.filter(|t| t.get() < sc.teams.len()) else {
        return LEADERSHIP;
    };
    let kind = sc.team(t).kind;
    let rank = sc.teams[..t.get()].iter().filter(|x| x.kind == kind).count();
    let base = kind_colour(kind);
    // Alternate darker and lighter, never so light that white text fails.
    const SHADES: [f64; 6] = [0.0, -0.35, 0.22, -0.55, 0.32, -0.2];
    let s = SHADES[rank % SHADES.len()];
    if s < 0.0 {
        mix(base, RGBColor(0, 0, 0), -s)
    } else {
        mix(base, WHITE, s)
    }
}

/// The holder's name; `None` is leadership.
pub fn team_name(sc: &Scenario, team: Option<TeamIx>) -> &str {
    match team.filter(|t| t.get() < sc.teams.len()) {
        Some(t) => &sc.team(t).name,
        None => "Leadership",
    }
}

/// `a` moved towards `b` by `t` (0 = a, 1 = b).
pub fn mix(a: RGBColor, b: RGBColor, t: f64) -> RGBColor {
    let t = t.clamp(0.0, 1.0);
    let f = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * t).round() as u8;
    RGBColor(f(a.0, b.0), f(a.1, b.1), f(a.2, b.2))
}

/// Whether white text reads better than dark text on this fill.
pub fn wants_white_text(fill: RGBColor) -> bool {
    let lum = 0.2126 * f64::from(fill.0) + 0.7152 * f64::from(fill.1) + 0.0722 * f64::from(fill.2);
    lum < 150.0
}

/// Type sizes and spacing for one drawing area, scaled from a 1000 × 560 px
/// reference and never below half of it.
#[derive(Clone, Copy, Debug)]
pub struct Theme {
    pub scale: f64,
}

impl Theme {
    pub fn of<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>) -> Self {
        let (w, h) = area.dim_in_pixel();
        let s = (f64::from(w) / 1000.0).min(f64::from(h) / 560.0);
        Self { scale: if s.is_finite() { s.clamp(0.5, 4.0) } else { 1.0 } }
    }

    /// A length given at the reference size, in pixels at this size.
    pub fn px(&self, v: f64) -> f64 {
        v * self.scale
    }

    /// [`Self::px`] rounded to whole pixels.
    pub fn i(&self, v: f64) -> i32 {
        (v * self.scale).round() as i32
    }

    pub fn title_px(&self) -> f64 {
        self.px(28.0)
    }
    pub fn subtitle_px(&self) -> f64 {
        self.px(19.0)
    }
    pub fn axis_px(&self) -> f64 {
        self.px(20.0)
    }
    pub fn tick_px(&self) -> f64 {
        self.px(18.0)
    }
    pub fn legend_px(&self) -> f64 {
        self.px(18.0)
    }
    /// The outer padding around a chart.
    pub fn pad(&self) -> i32 {
        self.i(18.0)
    }
    /// Width of data lines.
    pub fn line_width(&self) -> u32 {
        self.i(4.0).max(2) as u32
    }
}

/// A text style of `px` pixels in the SVG.
pub fn font(px: f64, colour: RGBColor) -> TextStyle<'static> {
    FontDesc::new(FontFamily::SansSerif, px * SVG_FONT_FACTOR, FontStyle::Normal).color(&colour)
}

pub fn bold(px: f64, colour: RGBColor) -> TextStyle<'static> {
    FontDesc::new(FontFamily::SansSerif, px * SVG_FONT_FACTOR, FontStyle::Bold).color(&colour)
}

/// The same style anchored at a point.
pub fn anchored(style: &TextStyle<'static>, h: HPos, v: VPos) -> TextStyle<'static> {
    style.pos(Pos::new(h, v))
}

/// A percentage for labels: "37%", "2.5%", with a real minus sign.
pub fn percent(fraction: f64) -> String {
    let p = fraction * 100.0;
    let s = if p != 0.0 && p.abs() < 9.95 { format!("{p:.1}%") } else { format!("{p:.0}%") };
    minus_signs(&s)
}

/// Percentage points with a sign: "+12 pts", "−3.5 pts".
pub fn points(fraction: f64) -> String {
    let p = fraction * 100.0;
    if p.abs() < 0.05 {
        return "0 pts".to_owned();
    }
    let s = if p != 0.0 && p.abs() < 9.95 { format!("{p:+.1}") } else { format!("{p:+.0}") };
    format!("{} pts", minus_signs(&s))
}

/// A tick label: integers without decimals, others with what they need.
pub fn tick(v: f64) -> String {
    let s = if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else if v.abs() < 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.0}")
    };
    minus_signs(&s)
}

/// The unit a time axis is drawn in, from the length of what it shows.
#[derive(Clone, Copy, Debug)]
pub struct TimeAxis {
    pub seconds: f64,
    pub name: &'static str,
}

impl TimeAxis {
    pub fn for_horizon(horizon: Time) -> Self {
        use crate::time::{DAY, HOUR, MINUTE};
        if horizon >= 2 * DAY {
            Self { seconds: DAY as f64, name: "days" }
        } else if horizon >= 2 * HOUR {
            Self { seconds: HOUR as f64, name: "hours" }
        } else {
            Self { seconds: MINUTE as f64, name: "minutes" }
        }
    }

    pub fn of(&self, t: Time) -> f64 {
        t as f64 / self.seconds
    }

    pub fn desc(&self) -> String {
        format!("Time since the run started ({})", self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_well() {
        assert_eq!(percent(0.375), "38%");
        assert_eq!(percent(0.025), "2.5%");
        assert_eq!(percent(-1.54), "−154%");
        assert_eq!(points(-0.12), "−12 pts");
        assert_eq!(points(0.0), "0 pts");
        assert_eq!(tick(5.0), "5");
        assert_eq!(tick(-50.0), "−50");
        assert_eq!(tick(0.5), "0.5");
    }
}
