//! The `dudao` command line: arguments in, exit status out. Everything else
//! lives in the library.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use dudao::compile::Selection;
use dudao::data::{Encoding, ReadOptions};
use dudao::i18n::Lang;
use dudao::model::Pack;
use dudao::report::Reporter;
use dudao::run::{CheckRequest, RunError};
use dudao::value::Date;

/// Exit statuses (CLI.md): findings, and a run that cannot be trusted.
const EXIT_FINDINGS: u8 = 1;
const EXIT_FAILURE: u8 = 2;

#[derive(Parser)]
#[command(
    name = "dudao",
    version,
    about = "督导 — check education records against a plan's requirements"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// The language dudao speaks: en or zh (default: from LC_ALL, LC_MESSAGES, LANG).
    #[arg(long, global = true, value_name = "en|zh", value_parser = parse_lang)]
    lang: Option<Lang>,
}

#[derive(Subcommand)]
enum Command {
    /// Check the records in DATA (files, directories, globs) against a rule pack.
    Check(CheckArgs),
    /// Load a pack and list its rules (or report its errors).
    Rules {
        #[command(flatten)]
        pack: PackArgs,
        #[arg(long, value_enum, default_value_t = ListFormat::Human)]
        format: ListFormat,
    },
    /// Everything about one rule, with the plan text it cites.
    Explain {
        /// The rule id, e.g. BOARD-001.
        rule: String,
        #[command(flatten)]
        pack: PackArgs,
    },
    /// Run every rule's examples.
    Test {
        #[command(flatten)]
        pack: PackArgs,
    },
    /// Write an empty CSV (or .xlsx) with the pack's column headers, to fill in.
    Template {
        #[command(flatten)]
        pack: PackArgs,
        /// The record type (default: the pack's first).
        #[arg(long = "type")]
        record_type: Option<String>,
        /// Where to write (default: stdout); a name ending in .xlsx writes a workbook.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
}

#[derive(clap::Args)]
struct PackArgs {
    /// Rule files, directories or globs, or a built-in pack by name: `guigang`, `national`
    /// (default: the Guigang plan pack built into dudao).
    #[arg(short, long = "rules", value_name = "PACK")]
    rules: Vec<String>,
    /// Colour: auto, always or never (honours NO_COLOR).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    color: ColorChoice,
}

#[derive(clap::Args)]
struct CheckArgs {
    /// Data files, directories or glob patterns.
    #[arg(required = true, value_name = "DATA")]
    data: Vec<String>,
    #[command(flatten)]
    pack: PackArgs,
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    format: OutputFormat,
    /// Write the report there instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// The date against which `due` and waivers are judged (default: today).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<Date>,
    /// Rules to run: an id, an id prefix, or tag:NAME (repeatable).
    #[arg(long, value_name = "ID|PREFIX|tag:NAME")]
    select: Vec<String>,
    /// Rules to leave out: an id, an id prefix, or tag:NAME (repeatable).
    #[arg(long, value_name = "ID|PREFIX|tag:NAME")]
    ignore: Vec<String>,
    /// `--deny warnings`: warnings also fail the run.
    #[arg(long, value_enum)]
    deny: Vec<Deny>,
    /// Every DATA file holds records of this type.
    #[arg(long = "type", value_name = "NAME")]
    record_type: Option<String>,
    /// Force the encoding of text files.
    #[arg(long, value_enum)]
    encoding: Option<EncodingArg>,
    /// The CSV cell delimiter (one ASCII character; `\t` for tab).
    #[arg(long, value_name = "C", value_parser = parse_delimiter)]
    delimiter: Option<u8>,
    /// Worker threads (default: all cores). Output is identical for every N.
    #[arg(short, long, value_name = "N")]
    jobs: Option<usize>,
    /// Human/markdown output shows at most N diagnostics per rule (0 = all).
    #[arg(long, value_name = "N", default_value_t = 20)]
    max_per_rule: usize,
    /// Human output: the summary only.
    #[arg(short, long)]
    quiet: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum ListFormat {
    Human,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    Human,
    Json,
    Sarif,
    Junit,
    Github,
    Markdown,
    Html,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Deny {
    Warnings,
}

#[derive(Clone, Copy, ValueEnum)]
enum EncodingArg {
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    #[value(name = "gb18030", alias = "gbk")]
    Gb18030,
}

fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse_iso(s).ok_or_else(|| format!("`{s}` is not a real date in the form YYYY-MM-DD"))
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s)
        .ok_or_else(|| dudao::t!(Lang::from_env(), dudao::i18n::common::BAD_LANG, value = s))
}

fn parse_delimiter(s: &str) -> Result<u8, String> {
    match s {
        "\\t" | "tab" => Ok(b'\t'),
        _ if s.len() == 1 && s.is_ascii() => Ok(s.as_bytes()[0]),
        _ => Err(format!("`{s}` is not one ASCII character")),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    guarded(move || run(cli))
}

/// Runs a command on a worker thread: deep but bounded recursion (nested
/// expressions) gets room to spare, and a panic becomes an internal-error
/// diagnostic with exit 2 instead of an abort.
fn guarded(command: impl FnOnce() -> ExitCode + Send + 'static) -> ExitCode {
    let worker = std::thread::Builder::new()
        .stack_size(64 * 1024 * 1024)
        .spawn(command);
    match worker.map(|h| h.join()) {
        Ok(Ok(code)) => code,
        _ => {
            eprintln!(
                "error[internal]: dudao stopped on an internal error; this is a bug — please report it with the input that caused it"
            );
            ExitCode::from(EXIT_FAILURE)
        }
    }
}

fn run(cli: Cli) -> ExitCode {
    let lang = cli.lang.unwrap_or_else(Lang::from_env);
    match cli.command {
        Command::Check(args) => check(args, lang),
        Command::Rules { pack, format } => {
            with_pack(&pack, |p| rules(p, matches!(format, ListFormat::Json)))
        }
        Command::Explain { rule, pack } => with_pack(&pack, |p| explain(p, &rule)),
        Command::Test { pack } => {
            let color = use_color(pack.color, false);
            with_pack(&pack, |p| test(p, color, lang))
        }
        Command::Template {
            pack,
            record_type,
            output,
        } => with_pack(&pack, |p| {
            template(p, record_type.as_deref(), output.as_deref())
        }),
    }
}

/// Whether to colour output on stdout (or stderr).
fn use_color(choice: ColorChoice, stderr: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && if stderr {
                    std::io::stderr().is_terminal()
                } else {
                    std::io::stdout().is_terminal()
                }
        }
    }
}

/// Loads the pack named by `-r` (or the built-in one); on load errors
/// prints them all and exits 2.
fn load(args: &PackArgs) -> Result<Pack, ExitCode> {
    let builtin = match args.rules.as_slice() {
        [] => Some(dudao::builtin::guigang()),
        // `-r national`: a built-in pack's name, unless such a path exists.
        [name] if !std::path::Path::new(name).exists() => dudao::builtin::by_name(name),
        _ => None,
    };
    let loaded = builtin.unwrap_or_else(|| dudao::check::load_paths(&args.rules));
    loaded.map_err(|errors| {
        let text = dudao::check::render_errors(&errors, use_color(args.color, true));
        eprint!("{text}");
        eprintln!(
            "error: the rule pack has {} error{}; nothing was checked",
            errors.len(),
            if errors.len() == 1 { "" } else { "s" }
        );
        ExitCode::from(EXIT_FAILURE)
    })
}

fn with_pack(args: &PackArgs, f: impl FnOnce(&Pack) -> ExitCode) -> ExitCode {
    match load(args) {
        Ok(pack) => f(&pack),
        Err(code) => code,
    }
}

fn check(args: CheckArgs, lang: Lang) -> ExitCode {
    let pack = match load(&args.pack) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if let Some(jobs) = args.jobs.filter(|&j| j > 0) {
        // Only fails if a pool exists already, which cannot happen here.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs)
            .build_global();
    }
    let record_type = match &args.record_type {
        None => None,
        Some(name) => match pack.record(name) {
            Some(i) => Some(i as u32),
            None => return unknown_record_type(&pack, name),
        },
    };
    let request = CheckRequest {
        data: args.data.clone(),
        read: ReadOptions {
            encoding: args.encoding.map(|e| match e {
                EncodingArg::Utf8 => Encoding::Utf8,
                EncodingArg::Gb18030 => Encoding::Gb18030,
            }),
            delimiter: args.delimiter,
            record_type,
            lang,
        },
        selection: Selection {
            select: args.select.clone(),
            ignore: args.ignore.clone(),
        },
        as_of: args.as_of.unwrap_or_else(Date::today),
    };
    let mut output = match dudao::report::output::Output::open(args.output.as_deref(), &args.data) {
        Ok(o) => o,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(EXIT_FAILURE);
        }
    };
    let color = args.output.is_none() && use_color(args.pack.color, false);
    let result = {
        let mut reporter: Box<dyn Reporter + '_> = match args.format {
            OutputFormat::Json => Box::new(dudao::report::json::JsonReporter::new(output.writer())),
            OutputFormat::Sarif => {
                Box::new(dudao::report::sarif::SarifReporter::new(output.writer()))
            }
            OutputFormat::Junit => {
                Box::new(dudao::report::junit::JunitReporter::new(output.writer()))
            }
            OutputFormat::Github => {
                Box::new(dudao::report::github::GithubReporter::new(output.writer()))
            }
            OutputFormat::Markdown => Box::new(dudao::report::markdown::MarkdownReporter::new(
                output.writer(),
                dudao::report::markdown::MarkdownOptions {
                    max_per_rule: args.max_per_rule,
                },
            )),
            OutputFormat::Html => Box::new(dudao::report::html::HtmlReporter::new(
                output.writer(),
                dudao::report::html::HtmlOptions::default(),
            )),
            OutputFormat::Human => Box::new(dudao::report::human::HumanReporter::new(
                output.writer(),
                dudao::report::human::HumanOptions {
                    color,
                    max_per_rule: args.max_per_rule,
                    quiet: args.quiet,
                    width: std::env::var("COLUMNS")
                        .ok()
                        .and_then(|c| c.parse().ok())
                        .unwrap_or(100),
                },
            )),
        };
        dudao::run::check(&pack, &request, reporter.as_mut())
    };
    match result {
        Ok(result) => {
            if let Err(e) = output.commit() {
                eprintln!("error: cannot write the report: {e}");
                return ExitCode::from(EXIT_FAILURE);
            }
            let s = &result.summary;
            let deny_warnings = args.deny.contains(&Deny::Warnings);
            if result.unreadable {
                ExitCode::from(EXIT_FAILURE)
            } else if s.errors > 0 || (deny_warnings && s.warnings > 0) {
                ExitCode::from(EXIT_FINDINGS)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(RunError::Paths(problems)) => {
            for p in problems {
                eprintln!("error: {p}");
            }
            ExitCode::from(EXIT_FAILURE)
        }
        Err(RunError::Output(e)) => {
            eprintln!("error: cannot write the report: {e}");
            ExitCode::from(EXIT_FAILURE)
        }
    }
}

/// `dudao rules`: the pack's rules as a table or JSON.
fn rules(pack: &Pack, json: bool) -> ExitCode {
    let text = if json {
        dudao::report::pack::rules_json(pack)
    } else {
        dudao::report::pack::rules_table(pack)
    };
    print_stdout(&text)
}

/// `dudao explain RULE`.
fn explain(pack: &Pack, id: &str) -> ExitCode {
    match dudao::report::pack::explain(pack, id) {
        Ok(text) => print_stdout(&text),
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(EXIT_FAILURE)
        }
    }
}

/// `dudao test`: exit 0 when every example holds, 1 otherwise.
fn test(pack: &Pack, color: bool, lang: Lang) -> ExitCode {
    let report = dudao::eval::examples::run_examples(pack, lang);
    let text = dudao::report::pack::examples(pack, &report, color);
    let code = print_stdout(&text);
    if code != ExitCode::SUCCESS {
        code
    } else if report.mismatches.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_FINDINGS)
    }
}

/// `dudao template`: the header row for schools to fill in.
fn template(pack: &Pack, record_type: Option<&str>, output: Option<&Path>) -> ExitCode {
    let rtype = match record_type {
        None => 0,
        Some(name) => match pack.record(name) {
            Some(i) => i,
            None => return unknown_record_type(pack, name),
        },
    };
    let Some(rtype) = pack.records.get(rtype) else {
        eprintln!("error: the pack declares no record type");
        return ExitCode::from(EXIT_FAILURE);
    };
    let result = match output {
        Some(path)
            if path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("xlsx")) =>
        {
            dudao::report::template::write_xlsx(rtype, path)
        }
        Some(path) => {
            dudao::report::output::write_atomically(path, &dudao::report::template::csv(rtype))
        }
        None => std::io::stdout().write_all(&dudao::report::template::csv(rtype)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot write the template: {e}");
            ExitCode::from(EXIT_FAILURE)
        }
    }
}

fn unknown_record_type(pack: &Pack, name: &str) -> ExitCode {
    let names = pack.records.iter().map(|r| r.name.as_str());
    eprintln!(
        "error: the pack has no record type `{name}`{}",
        dudao::check::suggest::did_you_mean(name, names)
    );
    ExitCode::from(EXIT_FAILURE)
}

fn print_stdout(text: &str) -> ExitCode {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot write: {e}");
            ExitCode::from(EXIT_FAILURE)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_exit_status_2() {
        assert_eq!(guarded(|| panic!("a bug")), ExitCode::from(EXIT_FAILURE));
        assert_eq!(
            guarded(|| ExitCode::from(EXIT_FINDINGS)),
            ExitCode::from(EXIT_FINDINGS)
        );
    }
}
