//! Run reports in JSON, CSV and Markdown: the same numbers for scripts, for
//! spreadsheets and for pasting into a planning document.

use super::montecarlo::{Aggregate, Distribution, Estimate};
use crate::engine::{format_duration, Outcome, Time};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Csv,
    Md,
}

/// Minutes to a time: p50, p90 and mean, as the run report's JSON carries them.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Times {
    pub p10: f64,
    pub p50: f64,
    pub p90: f64,
    pub mean: f64,
    pub mean_ci95: [f64; 2],
    pub n: u32,
}

impl From<Distribution> for Times {
    fn from(d: Distribution) -> Self {
        Self {
            p10: round2(d.p10),
            p50: round2(d.p50),
            p90: round2(d.p90),
            mean: round2(d.mean),
            mean_ci95: [round2(d.ci_low), round2(d.ci_high)],
            n: d.n,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Share {
    pub mean: f64,
    pub ci95: [f64; 2],
}

impl From<Estimate> for Share {
    fn from(e: Estimate) -> Self {
        Self { mean: round4(e.mean), ci95: [round4(e.ci_low), round4(e.ci_high)] }
    }
}

/// The summary `faultline run` prints.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RunReport {
    pub scenario: String,
    pub runs: u32,
    pub seed: u64,
    pub horizon_days: f64,
    /// Runs that reached their budget before the horizon, and why the first did.
    pub stopped_runs: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stopped: Option<String>,
    pub incidents: u64,
    pub events: u64,
    /// Count of incidents per outcome, over all runs.
    pub outcomes: BTreeMap<&'static str, u64>,
    /// Per-run share of each outcome: mean and 95% interval.
    pub outcome_shares: BTreeMap<&'static str, Share>,
    pub unaccountable_share: Share,
    pub handoffs_per_incident: Share,
    pub handoffs_per_detected_incident: Share,
    /// Minutes from failure start to detection.
    pub time_to_detect: Times,
    /// Minutes from failure start to mitigation.
    pub time_to_mitigate: Times,
    /// Per service: share of a window's budget consumed, share of SLO
    /// windows in breach, and share of runs that met the SLO.
    pub budgets: BTreeMap<String, BudgetStats>,
    /// Share of detected root causes fixed within the horizon, and fixed or
    /// in a backlog with a date.
    pub root_causes_fixed: Share,
    pub root_causes_fixed_or_dated: Share,
    pub pages_per_run: Share,
}

/// One service's SLO across the runs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BudgetStats {
    /// Share of a window's budget consumed (per run, averaged over its windows).
    pub consumed: Times,
    pub windows_breached: Share,
    /// Share of runs in which every window kept within budget.
    pub slo_met: f64,
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

pub fn run_report(title: &str, seed: u64, horizon_s: i64, agg: &Aggregate) -> RunReport {
    RunReport {
        scenario: title.to_owned(),
        runs: agg.runs,
        seed,
        horizon_days: crate::time::days(horizon_s),
        stopped_runs: agg.stopped,
        stopped: agg.stopped_why.clone(),
        incidents: agg.incidents,
        events: agg.events,
        outcomes: agg.outcomes.iter().map(|o| (o.outcome.name(), o.count)).collect(),
        outcome_shares: agg.outcomes.iter().map(|o| (o.outcome.name(), o.share.into())).collect(),
        unaccountable_share: agg.unaccountable.into(),
        handoffs_per_incident: agg.handoffs.into(),
        handoffs_per_detected_incident: agg.handoffs_per_detected.into(),
        time_to_detect: agg.detect_minutes.into(),
        time_to_mitigate: agg.mitigate_minutes.into(),
        budgets: agg
            .budgets
            .iter()
            .map(|b| {
                let stats = BudgetStats {
                    consumed: b.consumed.into(),
                    windows_breached: b.breached.into(),
                    slo_met: round4(b.met),
                };
                (b.service.clone(), stats)
            })
            .collect(),
        root_causes_fixed: agg.fixed.into(),
        root_causes_fixed_or_dated: agg.fixed_or_dated.into(),
        pages_per_run: agg.pages.into(),
    }
}

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

/// A time given in minutes, as every view writes a duration (see
/// [`format_duration`]): "52 s", "40 min", "5.2 h", "3.9 days".
pub fn duration(minutes: f64) -> String {
    format_duration(to_seconds(minutes))
}

/// A difference of two times given in minutes, with its sign: "+4.7 h",
/// "-40 min"; a difference under half a second is "0 s".
pub fn signed_duration(minutes: f64) -> String {
    let s = to_seconds(minutes);
    match s.signum() {
        1 => format!("+{}", format_duration(s)),
        -1 => format!("-{}", format_duration(-s)),
        _ => format_duration(0),
    }
}

/// `s` with real minus signs (U+2212) for the hyphens a number's sign is
/// written with, as every view shows a negative number.
pub fn minus_signs(s: &str) -> String {
    s.replace('-', "\u{2212}")
}

/// Capitalised: the first letter in upper case, as a label starts a sentence.
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// Minutes to whole seconds; not a number is none, and the cast saturates.
fn to_seconds(minutes: f64) -> Time {
    if minutes.is_finite() {
        crate::time::from_minutes(minutes)
    } else {
        0
    }
}

/// A share of an error budget as a planner reads it: "62% used" within the
/// budget, "exhausted 5.8×" past it. A share of 5.81 is never "581%".
pub fn budget(share: f64) -> String {
    let share = if share.is_finite() { share.max(0.0) } else { 0.0 };
    if share > 1.0 {
        format!("exhausted {share:.1}×")
    } else {
        format!("{:.0}% used", share * 100.0)
    }
}

impl RunReport {
    pub fn render(&self, format: Format) -> String {
        match format {
            // Plain data with string keys always serializes.
            Format::Json => serde_json::to_string_pretty(self).expect("reports serialize") + "\n",
            Format::Csv => self.csv(),
            Format::Md => self.markdown(),
        }
    }

    fn csv(&self) -> String {
        let mut s = String::from("metric,value,ci95_low,ci95_high\n");
        let _ = writeln!(s, "runs,{},,", self.runs);
        let _ = writeln!(s, "seed,{},,", self.seed);
        let _ = writeln!(s, "incidents,{},,", self.incidents);
        let _ = writeln!(s, "stopped_runs,{},,", self.stopped_runs);
        for o in Outcome::ALL {
            let sh = &self.outcome_shares[o.name()];
            let _ = writeln!(s, "{}_count,{},,", o.name(), self.outcomes[o.name()]);
            let _ = writeln!(s, "{}_share,{},{},{}", o.name(), sh.mean, sh.ci95[0], sh.ci95[1]);
        }
        let h = &self.handoffs_per_incident;
        let _ = writeln!(s, "handoffs_per_incident,{},{},{}", h.mean, h.ci95[0], h.ci95[1]);
        for (name, t) in
            [("time_to_detect_min", &self.time_to_detect), ("time_to_mitigate_min", &self.time_to_mitigate)]
        {
            let _ = writeln!(s, "{name}_p50,{},,", t.p50);
            let _ = writeln!(s, "{name}_p90,{},,", t.p90);
            let _ = writeln!(s, "{name}_mean,{},{},{}", t.mean, t.mean_ci95[0], t.mean_ci95[1]);
        }
        for (service, b) in &self.budgets {
            let name = csv_field(service);
            let _ = writeln!(s, "budget_consumed_median:{name},{},,", b.consumed.p50);
            let w = &b.windows_breached;
            let _ = writeln!(s, "windows_breached:{name},{},{},{}", w.mean, w.ci95[0], w.ci95[1]);
            let _ = writeln!(s, "slo_met:{name},{},,", b.slo_met);
        }
        let f = &self.root_causes_fixed;
        let _ = writeln!(s, "root_causes_fixed,{},{},{}", f.mean, f.ci95[0], f.ci95[1]);
        s
    }

    fn markdown(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "# {}\n", md_escape(&self.scenario));
        let _ = writeln!(
            s,
            "{} run{} from seed {} over {} days: {} incidents.\n",
            self.runs,
            if self.runs == 1 { "" } else { "s" },
            self.seed,
            self.horizon_days,
            self.incidents
        );
        if let Some(why) = &self.stopped {
            let _ =
                writeln!(s, "**{} of these runs stopped early.** {}\n", self.stopped_runs, md_escape(why));
        }
        let _ = writeln!(s, "| Outcome | Incidents | Share (95% CI) |\n| --- | ---: | ---: |");
        for o in Outcome::ALL {
            let sh = &self.outcome_shares[o.name()];
            let _ = writeln!(
                s,
                "| {} | {} | {} ({} – {}) |",
                o.label(),
                self.outcomes[o.name()],
                pct(sh.mean),
                pct(sh.ci95[0]),
                pct(sh.ci95[1])
            );
        }
        let h = &self.handoffs_per_incident;
        let _ = writeln!(
            s,
            "\nHand-offs per incident: {:.2} (95% CI {:.2} – {:.2}).\n",
            h.mean, h.ci95[0], h.ci95[1]
        );
        let _ = writeln!(s, "| {} |\n| --- | ---: | ---: | ---: | ---: |", TIMES_HEAD.join(" | "));
        for row in self.time_rows() {
            let _ = writeln!(s, "| {} |", row.join(" | "));
        }
        let _ = writeln!(s, "\n| {} |\n| --- | ---: | ---: | ---: | ---: |", BUDGETS_HEAD.join(" | "));
        for mut row in self.budget_rows() {
            row[0] = md_escape(&row[0]);
            let _ = writeln!(s, "| {} |", row.join(" | "));
        }
        let f = &self.root_causes_fixed;
        let _ = writeln!(
            s,
            "\nRoot causes fixed within the horizon: {} of those detected (95% CI {} – {}); fixed or in a backlog with a date: {}.",
            pct(f.mean),
            pct(f.ci95[0]),
            pct(f.ci95[1]),
            pct(self.root_causes_fixed_or_dated.mean)
        );
        s
    }
}

/// The head of the table of times to detect and to mitigate.
pub const TIMES_HEAD: [&str; 5] = ["Time", "p10", "median", "p90", "mean (95% CI)"];

/// The head of the table of error budgets, one row per service.
pub const BUDGETS_HEAD: [&str; 5] =
    ["Service", "Error budget per window, median", "p90", "Windows in breach", "Runs meeting the SLO"];

impl RunReport {
    /// The rows under [`TIMES_HEAD`], as plain text: "To detect", "40 min", …
    pub fn time_rows(&self) -> Vec<Vec<String>> {
        [("To detect", &self.time_to_detect), ("To mitigate", &self.time_to_mitigate)]
            .into_iter()
            .map(|(name, t)| {
                vec![
                    name.to_owned(),
                    duration(t.p10),
                    duration(t.p50),
                    duration(t.p90),
                    format!(
                        "{} ({} – {})",
                        duration(t.mean),
                        duration(t.mean_ci95[0]),
                        duration(t.mean_ci95[1])
                    ),
                ]
            })
            .collect()
    }

    /// The rows under [`BUDGETS_HEAD`], as plain text (the service's name
    /// unescaped): "Search", "62% used", "exhausted 5.8×", …
    pub fn budget_rows(&self) -> Vec<Vec<String>> {
        self.budgets
            .iter()
            .map(|(service, b)| {
                vec![
                    service.clone(),
                    budget(b.consumed.p50),
                    budget(b.consumed.p90),
                    pct(b.windows_breached.mean),
                    pct(b.slo_met),
                ]
            })
            .collect()
    }
}

/// Escapes text a user typed so it cannot break a Markdown table or inject markup.
pub fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '|' | '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' => {
                out.push('\\');
                out.push(ch);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(ch),
        }
    }
    out
}

/// Quotes a CSV field when it needs it.
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}
