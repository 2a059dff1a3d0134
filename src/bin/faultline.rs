//! The command-line tool: list presets, validate, run and compare scenarios
//! with the same engine the browser uses. A thin shell over the library.

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use clap::{Parser, Subcommand, ValueEnum};
    use faultline::analysis::report::{run_report, Format};
    use faultline::analysis::{compare, diagnostics, montecarlo, verdict};
    use faultline::engine;
    use faultline::model::{self, presets, Scenario};
    use std::process::ExitCode;

    #[derive(Parser)]
    #[command(
        name = "faultline",
        version,
        about = "Org-design simulator: where the line between teams is drawn, and what incidents do about it"
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

    #[derive(Subcommand)]
    enum Command {
        /// List the preset scenarios: id and title.
        Presets,
        /// Print a preset scenario as JSON.
        Preset { id: String },
        /// Validate a scenario file and print its diagnostics, with their
        /// simulated consequences. Exit 0 when valid, 1 when invalid, 2 when
        /// the file cannot be read.
        Check {
            file: String,
            /// Paired runs to simulate the consequences over (the design and
            /// each mended design this many times); 0 skips the simulation.
            #[arg(long, default_value_t = 100)]
            runs: u32,
        },
        /// Run a scenario once or many times and print a summary.
        Run {
            /// Scenario file, or `preset:ID`.
            file: String,
            /// Base seed; defaults to the scenario's.
            #[arg(long)]
            seed: Option<u64>,
            /// Monte Carlo runs; defaults to 1.
            #[arg(long, default_value_t = 1)]
            runs: u32,
            #[arg(long, value_enum, default_value_t = Fmt::Json)]
            format: Fmt,
            /// Print the event log of the single run (JSON lines) instead of the summary.
            #[arg(long)]
            log: bool,
        },
        /// Print the engine's assumptions: key, default, plausible range,
        /// unit and why. Override any in a scenario's `settings.assumptions`.
        Assumptions,
        /// Every preset on its own story's measure against the clear
        /// boundary, over the same runs (the README's preset table).
        Stories {
            #[arg(long, default_value_t = 500)]
            runs: u32,
            #[arg(long, default_value_t = 1)]
            seed: u64,
        },
        /// What each input moves: every parameter and assumption changed alone
        /// on a preset, with the output it moves most (the README's table).
        Effects {
            #[arg(long, default_value_t = 200)]
            runs: u32,
        },
        /// Compare two designs on the same failures and seeds.
        Compare {
            a: String,
            b: String,
            #[arg(long, default_value_t = 200)]
            runs: u32,
            #[arg(long)]
            seed: Option<u64>,
            #[arg(long, value_enum, default_value_t = Fmt::Md)]
            format: Fmt,
        },
    }

    /// A failure to load, with the exit code it deserves.
    struct LoadError {
        code: u8,
        message: String,
    }

    fn load(arg: &str) -> Result<Scenario, LoadError> {
        let text = match arg.strip_prefix("preset:") {
            Some(id) => presets::preset(id).map(|f| f.to_json()).ok_or_else(|| LoadError {
                code: 2,
                message: format!("no preset {id:?}; see `faultline presets`"),
            })?,
            None => std::fs::read_to_string(arg)
                .map_err(|e| LoadError { code: 2, message: format!("cannot read {arg}: {e}") })?,
        };
        model::parse(&text).map_err(|problems| {
            let mut message = format!(
                "{arg} is not a valid scenario ({} problem{}):",
                problems.len(),
                plural(problems.len())
            );
            for p in problems {
                message.push_str(&format!("\n  error: {p}"));
            }
            LoadError { code: 1, message }
        })
    }

    fn plural(n: usize) -> &'static str {
        if n == 1 {
            ""
        } else {
            "s"
        }
    }

    pub fn main() -> ExitCode {
        let cli = Cli::parse();
        match execute(cli.command) {
            Ok(out) => {
                print!("{out}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("{}", e.message);
                ExitCode::from(e.code)
            }
        }
    }

    fn execute(command: Command) -> Result<String, LoadError> {
        match command {
            Command::Presets => {
                Ok(presets::PRESETS.iter().map(|p| format!("{:<24}{}\n", p.id, p.title)).collect())
            }
            Command::Preset { id } => presets::preset(&id).map(|f| f.to_json() + "\n").ok_or_else(|| {
                LoadError { code: 2, message: format!("no preset {id:?}; see `faultline presets`") }
            }),
            Command::Check { file, runs } => {
                let sc = load(&file)?;
                let mut out = format!("{file}: valid scenario \"{}\"\n", sc.title());
                for w in &sc.warnings {
                    out.push_str(&format!("  warning: {w}\n"));
                }
                let paired = (runs > 0).then_some(diagnostics::Paired { seed: sc.settings.seed, runs });
                if paired.is_some() {
                    out.push_str(&format!(
                        "Consequences simulated over {runs} paired runs from seed {}: the design against the \
                         design with each finding mended, on the same failures and seeds.\n",
                        sc.settings.seed
                    ));
                }
                out.push_str(&diagnostics::render_text(&sc, &diagnostics::diagnose(&sc, paired)));
                Ok(out)
            }
            Command::Run { file, seed, runs, format, log } => {
                let sc = load(&file)?;
                let seed = seed.unwrap_or(sc.settings.seed);
                if runs == 0 {
                    return Err(LoadError { code: 2, message: "--runs must be at least 1".into() });
                }
                if log {
                    let run = engine::run(&sc, seed);
                    return Ok(run.to_jsonl(&sc));
                }
                let (summaries, agg) = if runs == 1 {
                    let run = engine::run(&sc, seed);
                    let s = vec![montecarlo::summarize(&sc, &run, 0)];
                    let agg = montecarlo::aggregate(&sc, &s);
                    let mut out =
                        run_report(sc.title(), seed, sc.settings.horizon_s, &agg).render(format.into());
                    if matches!(format, Fmt::Md) {
                        out.push_str("\n## Incidents\n\n");
                        for inc in &run.incidents {
                            out.push_str(&format!(
                                "- {}\n",
                                faultline::analysis::report::md_escape(&verdict::verdict(&sc, &run, inc))
                            ));
                        }
                    }
                    return Ok(out);
                } else {
                    montecarlo::monte_carlo(&sc, seed, runs)
                };
                let _ = summaries;
                Ok(run_report(sc.title(), seed, sc.settings.horizon_s, &agg).render(format.into()))
            }
            Command::Assumptions => {
                let mut out = String::from(
                    "| Key | Default | Plausible range | Unit | Why |\n| --- | ---: | ---: | --- | --- |\n",
                );
                for a in engine::assumptions::table() {
                    out.push_str(&format!(
                        "| `{}` | {} | {} – {} | {} | {} |\n",
                        a.key, a.default, a.low, a.high, a.unit, a.why
                    ));
                }
                Ok(out)
            }
            Command::Stories { runs, seed } => {
                let runs = runs.max(2);
                let rows = faultline::analysis::stories::preset_rows(seed, runs);
                Ok(faultline::analysis::stories::markdown(&rows, seed, runs))
            }
            Command::Effects { runs } => {
                let runs = runs.max(2);
                Ok(faultline::analysis::effects::markdown(&faultline::analysis::effects::effects(runs), runs))
            }
            Command::Compare { a, b, runs, seed, format } => {
                let (sa, sb) = (load(&a)?, load(&b)?);
                let seed = seed.unwrap_or(sa.settings.seed);
                if runs == 0 {
                    return Err(LoadError { code: 2, message: "--runs must be at least 1".into() });
                }
                let cmp = compare::compare(&sa, &sb, seed, runs).map_err(|problems| {
                    let mut message = format!("{b} cannot be run on {a}'s failures:");
                    for p in problems {
                        message.push_str(&format!("\n  error: {p}"));
                    }
                    LoadError { code: 1, message }
                })?;
                Ok(cmp.render(format.into()))
            }
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
