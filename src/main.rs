//! The `dudao` command line: arguments in, exit status out. Everything else
//! lives in the library.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use dudao::compile::Selection;
use dudao::data::{Encoding, ReadOptions};
use dudao::i18n::{Lang, cli as msg};
use dudao::model::Pack;
use dudao::report::Reporter;
use dudao::run::{CheckRequest, RunError};
use dudao::t;
use dudao::value::Date;

mod cli_text;

/// Exit statuses (CLI.md): findings, and a run that cannot be trusted.
const EXIT_FINDINGS: u8 = 1;
const EXIT_FAILURE: u8 = 2;

#[derive(Parser)]
/// The command line; its texts come from the catalogue (`cli_text`).
#[command(name = "dudao", version)]
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
    Date::parse_iso(s).ok_or_else(|| t!(cli_text::lang(), msg::BAD_DATE, value = s))
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| t!(cli_text::lang(), dudao::i18n::common::BAD_LANG, value = s))
}

fn parse_delimiter(s: &str) -> Result<u8, String> {
    match s {
        "\\t" | "tab" => Ok(b'\t'),
        _ if s.len() == 1 && s.is_ascii() => Ok(s.as_bytes()[0]),
        _ => Err(t!(cli_text::lang(), msg::BAD_DELIMITER, value = s)),
    }
}

fn main() -> ExitCode {
    keep_freed_memory();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = cli_text::choose_lang(&args);
    let mut command = cli_text::command(Cli::command(), lang);
    let cli = match command
        .try_get_matches_from_mut(args)
        .and_then(|matches| Cli::from_arg_matches(&matches))
    {
        Ok(cli) => cli,
        Err(e) => return cli_text::exit_on(e, &mut command, lang),
    };
    guarded(move || run(cli, lang))
}

/// Asks glibc's allocator to keep 64 MB of address space at the top of each
/// heap instead of 128 KB. By default a thread's heap gives memory back as
/// soon as a batch's buffers are freed and takes it again for the next one:
/// at 1,000,000 records that was 8,800 `mprotect` calls (each flushing the
/// other core's TLB) and 3,600 more page faults than with the pad (strace,
/// `perf stat`). Untouched address space costs no memory: peak RSS is the
/// same.
fn keep_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `mallopt` sets one parameter of glibc's allocator, here before
    // any other thread exists; any value of M_TOP_PAD is valid.
    unsafe {
        libc::mallopt(libc::M_TOP_PAD, 64 << 20);
    }
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
            eprintln!("{}", t!(cli_text::lang(), msg::INTERNAL_ERROR));
            ExitCode::from(EXIT_FAILURE)
        }
    }
}

/// Runs the parsed command; `lang` is the language chosen before parsing
/// (`--lang`, else the environment).
fn run(cli: Cli, lang: Lang) -> ExitCode {
    let lang = cli.lang.unwrap_or(lang);
    match cli.command {
        Command::Check(args) => check(args, lang),
        Command::Rules { pack, format } => with_pack(&pack, lang, |p| {
            rules(p, matches!(format, ListFormat::Json), lang)
        }),
        Command::Explain { rule, pack } => with_pack(&pack, lang, |p| explain(p, &rule, lang)),
        Command::Test { pack } => {
            let color = use_color(pack.color, false);
            with_pack(&pack, lang, |p| test(p, color, lang))
        }
        Command::Template {
            pack,
            record_type,
            output,
        } => with_pack(&pack, lang, |p| {
            template(p, record_type.as_deref(), output.as_deref(), lang)
        }),
    }
}

/// `error: MESSAGE` (错误：MESSAGE) on stderr.
fn report_error(lang: Lang, message: &str) {
    eprintln!("{}", t!(lang, msg::ERROR, message = message));
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
fn load(args: &PackArgs, lang: Lang) -> Result<Pack, ExitCode> {
    let builtin = match args.rules.as_slice() {
        [] => Some(dudao::builtin::guigang_in(lang)),
        // `-r national`: a built-in pack's name, unless such a path exists.
        [name] if !std::path::Path::new(name).exists() => dudao::builtin::by_name_in(name, lang),
        _ => None,
    };
    let loaded = builtin.unwrap_or_else(|| dudao::check::load_paths_in(&args.rules, lang));
    loaded.map_err(|errors| {
        let text = dudao::check::render_errors_in(&errors, use_color(args.color, true), lang);
        eprint!("{text}");
        let count = errors.len();
        let line = if count == 1 {
            msg::PACK_HAS_ERRORS_ONE
        } else {
            msg::PACK_HAS_ERRORS_MANY
        };
        eprintln!("{}", t!(lang, line, count = count));
        ExitCode::from(EXIT_FAILURE)
    })
}

fn with_pack(args: &PackArgs, lang: Lang, f: impl FnOnce(&Pack) -> ExitCode) -> ExitCode {
    match load(args, lang) {
        Ok(pack) => f(&pack),
        Err(code) => code,
    }
}

fn check(args: CheckArgs, lang: Lang) -> ExitCode {
    let pack = match load(&args.pack, lang) {
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
            None => return unknown_record_type(&pack, name, lang),
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
    let mut output =
        match dudao::report::output::Output::open(args.output.as_deref(), &args.data, lang) {
            Ok(o) => o,
            Err(message) => {
                report_error(lang, &message);
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
                report_error(lang, &t!(lang, msg::CANNOT_WRITE_REPORT, error = e));
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
                report_error(lang, &p.to_string());
            }
            ExitCode::from(EXIT_FAILURE)
        }
        Err(RunError::Output(e)) => {
            report_error(lang, &t!(lang, msg::CANNOT_WRITE_REPORT, error = e));
            ExitCode::from(EXIT_FAILURE)
        }
    }
}

/// `dudao rules`: the pack's rules as a table or JSON.
fn rules(pack: &Pack, json: bool, lang: Lang) -> ExitCode {
    let text = if json {
        dudao::report::pack::rules_json(pack)
    } else {
        dudao::report::pack::rules_table(pack, lang)
    };
    print_stdout(&text, lang)
}

/// `dudao explain RULE`.
fn explain(pack: &Pack, id: &str, lang: Lang) -> ExitCode {
    match dudao::report::pack::explain(pack, id, lang) {
        Ok(text) => print_stdout(&text, lang),
        Err(message) => {
            report_error(lang, &message);
            ExitCode::from(EXIT_FAILURE)
        }
    }
}

/// `dudao test`: exit 0 when every example holds, 1 otherwise.
fn test(pack: &Pack, color: bool, lang: Lang) -> ExitCode {
    let report = dudao::eval::examples::run_examples(pack, lang);
    let text = dudao::report::pack::examples(pack, &report, color, lang);
    let code = print_stdout(&text, lang);
    if code != ExitCode::SUCCESS {
        code
    } else if report.mismatches.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_FINDINGS)
    }
}

/// `dudao template`: the header row for schools to fill in.
fn template(pack: &Pack, record_type: Option<&str>, output: Option<&Path>, lang: Lang) -> ExitCode {
    let rtype = match record_type {
        None => 0,
        Some(name) => match pack.record(name) {
            Some(i) => i,
            None => return unknown_record_type(pack, name, lang),
        },
    };
    let Some(rtype) = pack.records.get(rtype) else {
        report_error(lang, &t!(lang, msg::NO_RECORD_TYPE));
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
            report_error(lang, &t!(lang, msg::CANNOT_WRITE_TEMPLATE, error = e));
            ExitCode::from(EXIT_FAILURE)
        }
    }
}

fn unknown_record_type(pack: &Pack, name: &str, lang: Lang) -> ExitCode {
    let names = pack.records.iter().map(|r| r.name.as_str());
    let suggestion = dudao::check::suggest::did_you_mean(lang, name, names);
    let message = t!(
        lang,
        msg::UNKNOWN_RECORD_TYPE,
        name = dudao::escape::escape(name),
        suggestion = suggestion
    );
    report_error(lang, &message);
    ExitCode::from(EXIT_FAILURE)
}

fn print_stdout(text: &str, lang: Lang) -> ExitCode {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            report_error(lang, &t!(lang, msg::CANNOT_WRITE, error = e));
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
