//! The whole path a user's input takes through the product, as the command
//! line and the browser take it: read, validate, the share link both ways,
//! and for a valid design its runs, the summary report in every format,
//! diagnostics with their simulated consequences, a comparison with the
//! design it came from, the replay's frames, and the exported report with
//! every incident's verdict and the charts.
//!
//! Besides "no panic", a few things must hold whatever the input; a case
//! that breaks one fails with [`Broken`]: opening text in the browser agrees
//! with reading and validating it, a valid design survives its share link
//! unchanged, and every JSON output parses.

use faultline::analysis::diagnostics::{self, Paired};
use faultline::analysis::handoffs::Handoffs;
use faultline::analysis::report::{run_report, Format};
use faultline::analysis::{compare, montecarlo};
use faultline::charts::{
    self,
    report::{html_page, markdown, Boards, MonteCarlo, ReportInput, SingleRun},
};
use faultline::engine::{self, rng::run_seed};
use faultline::model::{self, Scenario};
use faultline::ui::app::codec;
use faultline::ui::board::picture::board_svg;
use faultline::ui::run::{playback, BoardOverlay};

/// What a case reached.
#[derive(Clone, Debug, Default)]
pub struct Reached {
    /// The text was read into a scenario file.
    pub read: bool,
    /// The file validated.
    pub valid: bool,
    /// Engine runs made directly and in comparisons (diagnostics' paired
    /// runs come on top: one of the design and one of each mended design).
    pub runs: u64,
    /// The first problem read or validation found, for the verbose log.
    pub problem: Option<String>,
}

/// A rule that must hold for every input, broken.
#[derive(Debug)]
pub struct Broken(pub String);

fn ensure(ok: bool, what: impl FnOnce() -> String) -> Result<(), Broken> {
    if ok {
        Ok(())
    } else {
        Err(Broken(what()))
    }
}

fn json(what: &str, text: &str) -> Result<(), Broken> {
    serde_json::from_str::<serde_json::Value>(text)
        .map(|_| ())
        .map_err(|e| Broken(format!("{what} is not JSON ({e}): {:.200}", text)))
}

/// Prints how long each stage took, when replaying one input.
struct Stages(Option<std::time::Instant>);

impl Stages {
    fn done(&mut self, stage: &str) {
        if let Some(t) = &mut self.0 {
            let (now, peak) = crate::alloc::so_far();
            eprintln!(
                "  {stage}: {:?}; {:.1} MB in use, {:.1} MB at the peak",
                t.elapsed(),
                now as f64 / 1e6,
                peak as f64 / 1e6
            );
            *t = std::time::Instant::now();
        }
    }
}

/// How a case runs: how many seeds a valid design runs on, whether the
/// report is exported as HTML (or Markdown), and whether each stage's time
/// goes to stderr.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    pub seeds: u32,
    pub html: bool,
    pub trace: bool,
}

/// Runs `input` through the product. `base` is the valid design the input
/// was made from, if any.
pub fn exercise(input: &[u8], base: Option<&Scenario>, options: Options) -> Result<Reached, Broken> {
    let Options { seeds, html, trace } = options;
    let mut stages = Stages(trace.then(std::time::Instant::now));
    let mut reached = Reached::default();
    // The command line refuses text that is not UTF-8; a browser's file
    // reader replaces what is not. Either way the model sees text.
    let text = String::from_utf8_lossy(input);
    let opened = codec::open_text(&text);
    // Pasted into the address bar as it is, and as a share link's payload.
    let _ = codec::open_fragment(&text);
    let _ = codec::open_fragment(&format!("#s={text}"));
    stages.done("open_text and open_fragment");
    let file = match model::read(&text) {
        Ok(file) => file,
        Err(problems) => {
            ensure(!problems.is_empty(), || "read failed with no problem".into())?;
            reached.problem = problems.first().map(ToString::to_string);
            return ensure(opened.is_err(), || "open_text opened what read refused".into()).map(|()| reached);
        }
    };
    reached.read = true;
    let link = codec::share_fragment(&file);
    let reopened = codec::open_fragment(&link);
    let sc = match model::validate(file.clone()) {
        Ok(sc) => sc,
        Err(problems) => {
            ensure(!problems.is_empty(), || "validation failed with no problem".into())?;
            reached.problem = problems.first().map(ToString::to_string);
            ensure(opened.is_err(), || "open_text opened what validation refused".into())?;
            return ensure(reopened.is_err(), || "an invalid design opened from its share link".into())
                .map(|()| reached);
        }
    };
    reached.valid = true;
    stages.done("read, share link, validate");
    ensure(opened.is_ok(), || format!("open_text refused a valid design: {:?}", opened.err()))?;
    match reopened {
        Ok(back) => ensure(codec::compact_json(&back) == codec::compact_json(&file), || {
            "the design changed on its way through a share link".into()
        })?,
        Err(r) => return Err(Broken(format!("a valid design's share link does not open: {:?}", r.problems))),
    }

    let base_seed = sc.settings().seed;
    let mut logs = Vec::new();
    let mut summaries = Vec::new();
    for i in 0..seeds {
        let log = engine::run(&sc, run_seed(base_seed, i));
        reached.runs += 1;
        summaries.push(montecarlo::summarize(&sc, &log, i));
        logs.push(log);
    }
    stages.done("engine runs");
    if let Some(log) = logs.first() {
        for line in log.to_jsonl(&sc).lines() {
            json("an event log line", line)?;
        }
        stages.done("event log");
        let last = log.events.len();
        for step in [0, last / 2, last.saturating_sub(1), last, last + 1] {
            let frame = playback::frame(log, step);
            let _ = BoardOverlay::of(&sc, &frame);
            let _ = playback::next_close(log, step);
            let _ = playback::previous_close(log, step);
        }
        stages.done("playback");
    }
    let agg = montecarlo::aggregate(&sc, &summaries);
    let report = run_report(sc.title(), base_seed, sc.settings().horizon_s, &agg);
    json("the run report", &report.render(Format::Json))?;
    let _ = report.render(Format::Csv);
    let _ = report.render(Format::Md);
    stages.done("run report");

    // One paired run per design keeps the library on this thread (a range
    // of one run spawns no workers), so the case's memory is all counted.
    let diagnosis = diagnostics::diagnose(&sc, Some(Paired { seed: base_seed, runs: 1 }));
    let _ = diagnostics::render_text(&sc, &diagnosis);
    stages.done("diagnostics");

    let comparison = match base.map(|a| compare::compare(a, &sc, base_seed, 1)) {
        Some(Ok(cmp)) => {
            reached.runs += 2;
            json("the comparison", &cmp.render(Format::Json))?;
            let _ = cmp.render(Format::Csv);
            let _ = cmp.render(Format::Md);
            Some(cmp)
        }
        _ => None,
    };
    stages.done("comparison");

    let input = ReportInput {
        scenario: &sc,
        single: logs.first().map(|log| SingleRun { scenario: &sc, log }),
        monte_carlo: Some(MonteCarlo {
            scenario: &sc,
            seed: base_seed,
            summaries: &summaries,
            aggregate: &agg,
            handoffs: &Handoffs::of(&logs),
            // The consequences were simulated above, on this thread.
            consequences: false,
        }),
        comparison: comparison.as_ref(),
        stale: false,
        // The pictures of the boards carry every name the case holds.
        boards: Boards {
            design: Some(board_svg(sc.file())),
            baseline: base.filter(|_| comparison.is_some()).map(|a| board_svg(a.file())),
            proposal: comparison.as_ref().map(|_| board_svg(sc.file())),
        },
    };
    if trace {
        // Which part of the export is slow, when replaying one input.
        if let Some(log) = logs.first() {
            let _ = faultline::analysis::verdict::verdicts(&sc, log);
            stages.done("  (every verdict)");
            let size = faultline::charts::report::REPORT_CHART;
            let _ = charts::budget_svg(&sc, log, None, size);
            stages.done("  (budget chart)");
            let _ = charts::swimlanes_svg(&sc, log, None, size);
            stages.done("  (swimlanes chart)");
            let _ = charts::handoffs_svg(&sc, &Handoffs::of(&logs), size);
            stages.done("  (hand-offs chart)");
        }
        let _ = charts::outcomes_svg(&sc, &agg, faultline::charts::report::REPORT_CHART);
        let _ = charts::times_svg(&sc, &summaries, faultline::charts::report::REPORT_CHART);
        stages.done("  (outcomes and times charts)");
    }
    // Both formats come from the same blocks (every verdict, every chart);
    // a case exports one of them, as a user does.
    if html {
        let _ = html_page(&input);
    } else {
        let _ = markdown(&input);
    }
    stages.done("exported report with verdicts and charts");
    Ok(reached)
}
