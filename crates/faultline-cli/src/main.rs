//! The command-line tool: list presets, validate, run and compare scenarios
//! with the same engine the browser uses. A thin shell over the library.
//!
//! Everything it prints goes through one locked, buffered writer, and a write
//! that fails (a closed pipe, a full disk) ends the program with one line on
//! stderr and status 1, never a panic.

use clap::{Parser, Subcommand, ValueEnum};
use faultline_core::analysis::report::{run_report, Format};
use faultline_core::analysis::{compare, diagnostics, montecarlo, verdict};
use faultline_core::engine;
use faultline_core::import;
use faultline_core::model::validate::{MAX_JSON_BYTES, MAX_RUNS};
use faultline_core::model::{self, presets, Scenario};
use std::io::{self, BufWriter, Read, Write};
use std::process::ExitCode;

/// The most runs any command simulates: a scenario file's own limit on
/// `settings.runs`, so the command line cannot ask for more than a file may.
const RUNS_LIMIT: i64 = MAX_RUNS as i64;

#[derive(Parser)]
#[command(
    name = "faultline",
    version,
    about = "Org-design simulator: where the line between teams is drawn, and what incidents do about it",
    after_help = "Exit status: 0 on success; 1 when a scenario is invalid or the output cannot be written (a \
                      closed pipe, a full disk); 2 when a file cannot be read or the arguments are wrong."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Fmt {
    Json,
    Csv,
    Md,
}

impl From<Fmt> for Format {
    fn from(f: Fmt) -> Self {
        match f {
            Fmt::Json => Format::Json,
            Fmt::Csv => Format::Csv,
            Fmt::Md => Format::Md,
        }
    }
}

/// The advisor's and the sweep's objectives, by their keys.
#[derive(Clone, Copy, ValueEnum)]
enum Goal {
    /// Incidents ending silent, deflected or stalled.
    Silent,
    /// SLO windows in breach.
    Breach,
    /// Mean time to mitigate.
    Mitigate,
    /// Root causes fixed within the horizon.
    Fixed,
}

impl From<Goal> for faultline_core::analysis::objective::Objective {
    fn from(g: Goal) -> Self {
        use faultline_core::analysis::objective::Objective;
        match g {
            Goal::Silent => Objective::Silent,
            Goal::Breach => Objective::Breach,
            Goal::Mitigate => Objective::Mitigate,
            Goal::Fixed => Objective::Fixed,
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// List the preset scenarios: id and title.
    Presets,
    /// Print a preset scenario as JSON.
    Preset { id: String },
    /// Validate a scenario file and print its diagnostics, with their
    /// simulated consequences. Exit 0 when valid, 1 when invalid, 2 when
    /// the file cannot be read (missing, not UTF-8 text, or over 5 MB).
    Check {
        file: String,
        /// Paired runs to simulate the consequences over (the design and
        /// each mended design this many times), 0 to 100,000; 0 skips the
        /// simulation.
        #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(0..=RUNS_LIMIT))]
        runs: u32,
    },
    /// Run a scenario once or many times and print a summary.
    Run {
        /// Scenario file, or `preset:ID`.
        file: String,
        /// Base seed; defaults to the scenario's.
        #[arg(long)]
        seed: Option<u64>,
        /// Monte Carlo runs, 1 to 100,000.
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=RUNS_LIMIT))]
        runs: u32,
        #[arg(long, value_enum, default_value_t = Fmt::Json)]
        format: Fmt,
        /// Print the event log of the single run (JSON lines) instead of
        /// the summary; takes neither --runs nor --format.
        #[arg(long, conflicts_with_all = ["runs", "format"])]
        log: bool,
    },
    /// Print the engine's assumptions: key, default, plausible range,
    /// unit and why. Override any in a scenario's `settings.assumptions`.
    Assumptions,
    /// Every preset on its own story's measure against the clear
    /// boundary, over the same runs (the README's preset table).
    Stories {
        /// Runs per preset, 2 to 100,000.
        #[arg(long, default_value_t = 500, value_parser = clap::value_parser!(u32).range(2..=RUNS_LIMIT))]
        runs: u32,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// What each input moves: every parameter and assumption changed alone
    /// on a preset, with the output it moves most (the README's table).
    Effects {
        /// Runs per change, 2 to 100,000.
        #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u32).range(2..=RUNS_LIMIT))]
        runs: u32,
    },
    /// Compare two designs on the same failures and seeds.
    Compare {
        a: String,
        b: String,
        /// Paired runs, 1 to 100,000.
        #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u32).range(1..=RUNS_LIMIT))]
        runs: u32,
        #[arg(long)]
        seed: Option<u64>,
        #[arg(long, value_enum, default_value_t = Fmt::Md)]
        format: Fmt,
    },
    /// The moves a leader can make from a design (a capability to another
    /// team, a shared one to one owner, an orphan to an owner, time to
    /// reliability, on-call, one or two more people), each run against the
    /// design on the same failures and seeds and ranked by the objective,
    /// with its 95% interval, its cost and the best pair. FILE is a
    /// scenario file or a preset id (or `preset:ID`).
    Suggest {
        file: String,
        /// What to improve.
        #[arg(long, value_enum, default_value_t = Goal::Silent)]
        objective: Goal,
        /// Paired runs every move gets first; leaders get up to 16 times as many.
        #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(20..=10_000))]
        runs: u32,
        /// Base seed; defaults to the design's.
        #[arg(long)]
        seed: Option<u64>,
        #[arg(long, default_value = "md", value_parser = ["md", "json"])]
        format: String,
    },
    /// How much each of the engine's assumptions, moved alone to either end
    /// of its plausible range on the same seeds, moves a design's objective
    /// or, given B, the difference B − A; and whether the comparison's
    /// conclusion holds across every range or where it flips. A and B are
    /// preset ids (or `preset:ID`) or scenario files.
    Sensitivity {
        a: String,
        b: Option<String>,
        /// What to measure.
        #[arg(long, value_enum, default_value_t = Goal::Silent)]
        objective: Goal,
        /// Runs per measurement, 2 to 100,000.
        #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(2..=RUNS_LIMIT))]
        runs: u32,
        /// Base seed; defaults to A's.
        #[arg(long)]
        seed: Option<u64>,
        #[arg(long, default_value = "md", value_parser = ["md", "json"])]
        format: String,
        /// Also write the tornado chart to this SVG file.
        #[arg(long)]
        svg: Option<String>,
    },
    /// Import an organisation from a Backstage catalog (YAML, one or many
    /// documents) or a spreadsheet (CSV, see `faultline csv-template`) and
    /// print it as a scenario. Problems in the input go to stderr with
    /// their document or line and field; exit 1 when one stops the import.
    Import {
        file: String,
        /// A mapping file (JSON) saying which team is Platform, SRE or
        /// product and which capability plays which role; what it does not
        /// name is guessed. Write a first one with --print-mapping.
        #[arg(long)]
        map: Option<String>,
        /// Print the mapping (the guesses, with --map's choices over them)
        /// instead of the scenario.
        #[arg(long)]
        print_mapping: bool,
        /// The design's title.
        #[arg(long)]
        title: Option<String>,
    },
    /// Print a scenario's teams and ownership as Backstage catalog YAML:
    /// Groups and each capability's entity with its proposed spec.owner.
    ExportCatalog { file: String },
    /// Print the spreadsheet template `faultline import` reads.
    CsvTemplate,
}

/// Why a command stopped, with the exit status it deserves.
struct Failure {
    code: u8,
    message: String,
}

/// A write to stdout failed: the reader went away or the disk is full.
/// There is nothing left to show the output to, so say so once and stop.
impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure { code: 1, message: format!("faultline: could not write the output: {e}") }
    }
}

/// Reads a scenario file as text. At most one byte past the model's size
/// limit is read, so a huge file or a device that never ends (`/dev/zero`)
/// costs 5 MB, not all the memory there is.
fn read_bytes(path: &str) -> Result<Vec<u8>, Failure> {
    let unreadable = |why: String| Failure { code: 2, message: format!("cannot read {path}: {why}") };
    let file = std::fs::File::open(path).map_err(|e| unreadable(e.to_string()))?;
    let mut bytes = Vec::new();
    // `usize` to `u64` widens on every target this builds for.
    file.take(MAX_JSON_BYTES as u64 + 1).read_to_end(&mut bytes).map_err(|e| unreadable(e.to_string()))?;
    Ok(bytes)
}

fn read_text(path: &str) -> Result<String, Failure> {
    let unreadable = |why: String| Failure { code: 2, message: format!("cannot read {path}: {why}") };
    let bytes = read_bytes(path)?;
    if bytes.len() > MAX_JSON_BYTES {
        return Err(unreadable(format!(
            "it is larger than the {} MB a scenario may have",
            MAX_JSON_BYTES / 1_000_000
        )));
    }
    String::from_utf8(bytes).map_err(|e| {
        unreadable(format!("it is not UTF-8 text (byte {} is not)", e.utf8_error().valid_up_to()))
    })
}

fn load(arg: &str) -> Result<Scenario, Failure> {
    let text = match arg.strip_prefix("preset:") {
        Some(id) => presets::preset(id).map(|f| f.to_json()).ok_or_else(|| Failure {
            code: 2,
            message: format!("no preset {id:?}; see `faultline presets`"),
        })?,
        None => read_text(arg)?,
    };
    model::parse(&text).map_err(|problems| {
        let mut message =
            format!("{arg} is not a valid scenario ({} problem{}):", problems.len(), plural(problems.len()));
        for p in problems {
            message.push_str(&format!("\n  error: {p}"));
        }
        Failure { code: 1, message }
    })
}

/// A design named on the command line: a bare preset id reads as the
/// preset unless a file has that name.
fn load_design(arg: &str) -> Result<Scenario, Failure> {
    if !arg.starts_with("preset:") && presets::preset(arg).is_some() && !std::path::Path::new(arg).exists() {
        load(&format!("preset:{arg}"))
    } else {
        load(arg)
    }
}

/// `value` as pretty JSON when `format` is "json", else as `markdown` renders it.
fn json_or<T: serde::Serialize>(
    out: &mut impl Write,
    format: &str,
    value: &T,
    markdown: fn(&T) -> String,
) -> Result<(), Failure> {
    if format == "json" {
        let json = serde_json::to_string_pretty(value)
            .map_err(|e| Failure { code: 1, message: format!("faultline: {e}") })?;
        writeln!(out, "{json}")?;
    } else {
        out.write_all(markdown(value).as_bytes())?;
    }
    Ok(())
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Writes a message to stderr. If even stderr is gone there is nobody to
/// tell, and the exit status still says what happened.
fn complain(message: &str) {
    let _ = writeln!(io::stderr().lock(), "{message}");
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // Help and the version go to stdout, usage errors to stderr;
        // clap's own `exit` would ignore a failed write of either.
        Err(e) => {
            let printed = e.print().and_then(|()| io::stdout().flush());
            return match printed {
                Err(io) if !e.use_stderr() => {
                    complain(&Failure::from(io).message);
                    ExitCode::from(1)
                }
                // clap's exit codes are 0 and 2.
                _ => ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2)),
            };
        }
    };
    let mut out = BufWriter::new(io::stdout().lock());
    match execute(cli.command, &mut out).and_then(|()| out.flush().map_err(Failure::from)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            complain(&e.message);
            ExitCode::from(e.code)
        }
    }
}

fn execute(command: Command, out: &mut impl Write) -> Result<(), Failure> {
    match command {
        Command::Presets => {
            for p in &presets::PRESETS {
                writeln!(out, "{:<24}{}", p.id, p.title)?;
            }
        }
        Command::Preset { id } => {
            let f = presets::preset(&id).ok_or_else(|| Failure {
                code: 2,
                message: format!("no preset {id:?}; see `faultline presets`"),
            })?;
            writeln!(out, "{}", f.to_json())?;
        }
        Command::Check { file, runs } => {
            let sc = load(&file)?;
            writeln!(out, "{file}: valid scenario \"{}\"", sc.title())?;
            for w in sc.warnings() {
                writeln!(out, "  warning: {w}")?;
            }
            let paired = (runs > 0).then_some(diagnostics::Paired { seed: sc.settings().seed, runs });
            let diagnosis = diagnostics::diagnose(&sc, paired);
            if paired.is_some() && diagnosis.unsimulated.is_none() {
                writeln!(
                    out,
                    "Consequences simulated over {runs} paired runs from seed {}: the design against the \
                         design with each finding mended, on the same failures and seeds.",
                    sc.settings().seed
                )?;
            }
            out.write_all(diagnostics::render_text(&sc, &diagnosis).as_bytes())?;
        }
        Command::Run { file, seed, runs, format, log } => {
            let sc = load(&file)?;
            let seed = seed.unwrap_or(sc.settings().seed);
            if log {
                let run = engine::run(&sc, seed);
                out.write_all(run.to_jsonl(&sc).as_bytes())?;
            } else if runs == 1 {
                let run = engine::run(&sc, seed);
                let s = vec![montecarlo::summarize(&sc, &run, 0)];
                let agg = montecarlo::aggregate(&sc, &s);
                let report = run_report(sc.title(), seed, sc.settings().horizon_s, &agg);
                out.write_all(report.render(format.into()).as_bytes())?;
                if matches!(format, Fmt::Md) {
                    write!(out, "\n## Incidents\n\n")?;
                    for v in verdict::verdicts(&sc, &run) {
                        writeln!(out, "- {}", faultline_core::analysis::report::md_escape(&v))?;
                    }
                }
            } else {
                let (_, agg) = montecarlo::monte_carlo(&sc, seed, runs);
                let report = run_report(sc.title(), seed, sc.settings().horizon_s, &agg);
                out.write_all(report.render(format.into()).as_bytes())?;
            }
        }
        Command::Assumptions => {
            write!(
                out,
                "| Key | Default | Plausible range | Unit | Why |\n| --- | ---: | ---: | --- | --- |\n"
            )?;
            for a in engine::assumptions::table() {
                writeln!(
                    out,
                    "| `{}` | {} | {} – {} | {} | {} |",
                    a.key, a.default, a.low, a.high, a.unit, a.why
                )?;
            }
        }
        Command::Stories { runs, seed } => {
            let rows = faultline_core::analysis::stories::preset_rows(seed, runs);
            out.write_all(faultline_core::analysis::stories::markdown(&rows, seed, runs).as_bytes())?;
        }
        Command::Effects { runs } => {
            let effects = faultline_core::analysis::effects::effects(runs);
            out.write_all(faultline_core::analysis::effects::markdown(&effects, runs).as_bytes())?;
        }
        Command::Compare { a, b, runs, seed, format } => {
            let (sa, sb) = (load(&a)?, load(&b)?);
            let seed = seed.unwrap_or(sa.settings().seed);
            let cmp = compare::compare(&sa, &sb, seed, runs).map_err(|problems| {
                let mut message = format!("{b} cannot be run on {a}'s failures:");
                for p in problems {
                    message.push_str(&format!("\n  error: {p}"));
                }
                Failure { code: 1, message }
            })?;
            out.write_all(cmp.render(format.into()).as_bytes())?;
        }
        Command::Suggest { file, objective, runs, seed, format } => {
            use faultline_core::analysis::advisor;
            let objective = objective.into();
            let sc = load_design(&file)?;
            let seed = seed.unwrap_or(sc.settings().seed);
            let result = advisor::suggest(&sc, advisor::Plan::new(objective, seed, runs));
            json_or(out, &format, &result, advisor::to_markdown)?;
        }
        Command::Sensitivity { a, b, objective, runs, seed, format, svg } => {
            use faultline_core::analysis::sensitivity;
            let objective = objective.into();
            let sa = load_design(&a)?;
            let sb = b.as_deref().map(load_design).transpose()?;
            let seed = seed.unwrap_or(sa.settings().seed);
            let result =
                sensitivity::sensitivity(&sa, sb.as_ref(), objective, seed, runs).map_err(|problems| {
                    let mut message =
                        format!("{} cannot be run on {a}'s failures:", b.as_deref().unwrap_or(&a));
                    for p in problems {
                        message.push_str(&format!("\n  error: {p}"));
                    }
                    Failure { code: 1, message }
                })?;
            if let Some(path) = &svg {
                let chart =
                    faultline_core::charts::tornado_svg(&result, faultline_core::charts::DEFAULT_SIZE);
                std::fs::write(path, chart)
                    .map_err(|e| Failure { code: 1, message: format!("cannot write {path}: {e}") })?;
            }
            json_or(out, &format, &result, sensitivity::to_markdown)?;
        }
        Command::Import { file, map, print_mapping, title } => {
            let draft = import::read_input(&file, &read_bytes(&file)?);
            let mut mapping = match &map {
                Some(m) => import::Mapping::from_json(&read_text(m)?)
                    .map_err(|e| Failure { code: 1, message: format!("{m}: {e}") })?,
                None => import::Mapping::default(),
            };
            if let Some(t) = title {
                mapping.title = t;
            }
            for f in draft.findings.iter().filter(|f| !f.blocking) {
                complain(&format!("{file}: warning: {f}"));
            }
            if print_mapping {
                let full = mapping.over(&import::guess_mapping(&draft));
                writeln!(out, "{}", full.to_json())?;
                return Ok(());
            }
            let built = import::build(&draft, &mapping).map_err(|problems| {
                let mut message = format!(
                    "{file} cannot be imported ({} problem{}):",
                    problems.len(),
                    plural(problems.len())
                );
                for p in problems {
                    message.push_str(&format!("\n  error: {p}"));
                }
                Failure { code: 1, message }
            })?;
            for n in &built.notes {
                complain(&format!("{file}: note: {n}"));
            }
            writeln!(out, "{}", built.file.to_json())?;
        }
        Command::ExportCatalog { file } => {
            let sc = load(&file)?;
            out.write_all(import::export_catalog(sc.file()).as_bytes())?;
        }
        Command::CsvTemplate => out.write_all(import::CSV_TEMPLATE.as_bytes())?,
    }
    Ok(())
}
