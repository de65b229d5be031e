//! The command line in the user's language: the language is chosen before
//! clap parses (`--lang X` / `--lang=X` in the arguments, else the
//! environment), then every about, argument help and heading comes from the
//! catalogue (`i18n::cli`), and clap's common errors are written in Chinese
//! under `zh`. Exit statuses stay clap's (2 for an error, 0 for `--help`).

use std::ffi::OsString;
use std::process::ExitCode;
use std::sync::OnceLock;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, Command};

use dudao::i18n::{Lang, Msg, cli as msg};
use dudao::t;

/// The language chosen for this process (set once, before parsing).
static LANG: OnceLock<Lang> = OnceLock::new();

/// The language chosen by [`choose_lang`], else the environment's.
pub fn lang() -> Lang {
    LANG.get().copied().unwrap_or_else(Lang::from_env)
}

/// The language the arguments ask for (`--lang X`, `--lang=X`, the last
/// one winning, before any `--`), else the environment's; an unknown value
/// falls back to the environment, and clap reports it in that language.
pub fn choose_lang(args: &[OsString]) -> Lang {
    let lang = lang_in_args(args).unwrap_or_else(Lang::from_env);
    let _ = LANG.set(lang);
    lang
}

/// The valid language the arguments name last, if any.
fn lang_in_args(args: &[OsString]) -> Option<Lang> {
    let mut chosen = None;
    let mut it = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(arg) = it.next() {
        if arg == "--" {
            break;
        }
        let value = match arg.strip_prefix("--lang") {
            Some("") => it.next().map(|v| v.into_owned()),
            Some(rest) => rest.strip_prefix('=').map(str::to_owned),
            None => None,
        };
        if let Some(value) = value {
            chosen = Lang::parse(&value).or(chosen);
        }
    }
    chosen
}

/// The catalogue text of argument `id` of subcommand `sub` (`""` for the
/// top level), if it has one.
fn arg_help(sub: &str, id: &str) -> Option<Msg> {
    Some(match (sub, id) {
        (_, "help") => msg::HELP_HELP,
        (_, "version") => msg::HELP_VERSION,
        (_, "lang") => msg::HELP_LANG,
        (_, "rules") => msg::HELP_RULES,
        (_, "color") => msg::HELP_COLOR,
        ("rules", "format") => msg::HELP_LIST_FORMAT,
        (_, "format") => msg::HELP_FORMAT,
        (_, "data") => msg::HELP_DATA,
        ("template", "output") => msg::HELP_TEMPLATE_OUTPUT,
        (_, "output") => msg::HELP_OUTPUT,
        (_, "as_of") => msg::HELP_AS_OF,
        (_, "select") => msg::HELP_SELECT,
        (_, "ignore") => msg::HELP_IGNORE,
        (_, "deny") => msg::HELP_DENY,
        ("template", "record_type") => msg::HELP_TEMPLATE_TYPE,
        (_, "record_type") => msg::HELP_TYPE,
        (_, "encoding") => msg::HELP_ENCODING,
        (_, "delimiter") => msg::HELP_DELIMITER,
        (_, "jobs") => msg::HELP_JOBS,
        (_, "max_per_rule") => msg::HELP_MAX_PER_RULE,
        (_, "quiet") => msg::HELP_QUIET,
        (_, "rule") => msg::HELP_RULE_ID,
        _ => return None,
    })
}

/// The catalogue text of a subcommand.
fn about(sub: &str) -> Option<Msg> {
    Some(match sub {
        "" => msg::ABOUT,
        "check" => msg::ABOUT_CHECK,
        "rules" => msg::ABOUT_RULES,
        "explain" => msg::ABOUT_EXPLAIN,
        "test" => msg::ABOUT_TEST,
        "template" => msg::ABOUT_TEMPLATE,
        "help" => msg::ABOUT_HELP,
        _ => return None,
    })
}

/// `command` (clap's, from the derive) with every text in `lang`.
pub fn command(command: Command, lang: Lang) -> Command {
    let mut command = command;
    // Build first, so that clap's own `--help`, `--version` and `help`
    // exist and can be reworded too.
    command.build();
    localize(command, "", lang)
}

fn localize(mut command: Command, sub: &str, lang: Lang) -> Command {
    if let Some(text) = about(sub) {
        command = command.about(t!(lang, text));
    }
    let ids: Vec<String> = command
        .get_arguments()
        .map(|a| a.get_id().as_str().to_owned())
        .collect();
    for id in &ids {
        command = command.mut_arg(id, |arg| localize_arg(arg, sub, lang));
    }
    let subs: Vec<String> = command
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    for name in &subs {
        command = command.mut_subcommand(name, |s| localize(s, name, lang));
    }
    if lang == Lang::Zh {
        let usage = command.render_usage().to_string();
        let usage = usage
            .trim()
            .trim_start_matches("Usage:")
            .trim()
            .replace("[OPTIONS]", "[选项]")
            .replace("<COMMAND>", "<命令>")
            .replace("[COMMAND]", "[命令]");
        // Headings of our own, so that they end with a full-width colon.
        let mut template = format!(
            "{{about-with-newline}}\n{}{{usage}}\n",
            t!(lang, msg::HEADING_USAGE)
        );
        let sections = [
            (
                command.has_subcommands(),
                msg::HEADING_COMMANDS,
                "{subcommands}",
            ),
            (
                command.get_positionals().next().is_some(),
                msg::HEADING_ARGUMENTS,
                "{positionals}",
            ),
            (
                command.get_opts().next().is_some()
                    || command.get_arguments().any(|a| !a.is_positional()),
                msg::HEADING_OPTIONS,
                "{options}",
            ),
        ];
        for (present, heading, tag) in sections {
            if present {
                template.push_str(&format!("\n{}：\n{tag}\n", t!(lang, heading)));
            }
        }
        command = command
            .override_usage(usage)
            .subcommand_value_name(msg::COMMAND_VALUE.template(lang))
            .help_template(template);
    }
    command
}

fn localize_arg(arg: Arg, sub: &str, lang: Lang) -> Arg {
    let mut arg = match arg_help(sub, arg.get_id().as_str()) {
        Some(text) => arg.help(t!(lang, text)),
        None => arg,
    };
    if lang == Lang::Zh {
        // The Chinese help texts say the defaults and values themselves.
        arg = arg.hide_default_value(true).hide_possible_values(true);
    }
    arg
}

/// Ends the process for a clap error or `--help`/`--version`: clap's own
/// output in English, the catalogue's in Chinese; status 2 for errors.
pub fn exit_on(error: clap::Error, command: &mut Command, lang: Lang) -> ExitCode {
    let error = error.with_cmd(command);
    let shows_help = matches!(
        error.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    );
    if lang == Lang::En || shows_help {
        let _ = error.print();
        return ExitCode::from(error.exit_code().clamp(0, 255) as u8);
    }
    eprint!("{}", chinese(&error));
    ExitCode::from(2)
}

/// One context value of a clap error as text.
fn context(error: &clap::Error, kind: ContextKind) -> Option<String> {
    Some(match error.get(kind)? {
        ContextValue::String(s) => s.clone(),
        ContextValue::Strings(v) => v.join("、"),
        ContextValue::StyledStr(s) => s.to_string(),
        ContextValue::StyledStrs(v) => v
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("、"),
        ContextValue::Number(n) => n.to_string(),
        ContextValue::Bool(b) => b.to_string(),
        _ => return None,
    })
}

/// A clap error written in Chinese, with its tip and usage.
fn chinese(error: &clap::Error) -> String {
    let lang = Lang::Zh;
    let arg = context(error, ContextKind::InvalidArg).unwrap_or_default();
    let value = context(error, ContextKind::InvalidValue).unwrap_or_default();
    let message = match error.kind() {
        ErrorKind::UnknownArgument => t!(lang, msg::UNKNOWN_ARGUMENT, arg = arg),
        ErrorKind::InvalidSubcommand => {
            let sub = context(error, ContextKind::InvalidSubcommand).unwrap_or_default();
            t!(lang, msg::UNKNOWN_SUBCOMMAND, arg = sub)
        }
        ErrorKind::MissingRequiredArgument => t!(lang, msg::MISSING_REQUIRED, args = arg),
        ErrorKind::MissingSubcommand => t!(lang, msg::MISSING_SUBCOMMAND),
        ErrorKind::InvalidValue if value.is_empty() => t!(lang, msg::VALUE_MISSING, arg = arg),
        ErrorKind::InvalidValue => t!(lang, msg::INVALID_VALUE, value = value, arg = arg),
        ErrorKind::ValueValidation => {
            let source = std::error::Error::source(error);
            let reason = match source {
                // Rust's own words for a bad number (`--jobs abc`).
                Some(e) if e.is::<std::num::ParseIntError>() => t!(lang, msg::NOT_A_COUNT),
                Some(e) => e.to_string(),
                None => String::new(),
            };
            t!(
                lang,
                msg::INVALID_VALUE_BECAUSE,
                value = value,
                arg = arg,
                reason = reason
            )
        }
        ErrorKind::ArgumentConflict => t!(lang, msg::ARGUMENT_TWICE, arg = arg),
        _ => {
            let detail = error.render().to_string();
            let first = detail.lines().next().unwrap_or_default();
            let first = first.trim_start_matches("error: ").to_owned();
            t!(lang, msg::BAD_ARGUMENTS, detail = first)
        }
    };
    let mut out = t!(lang, msg::ERROR, message = message);
    out.push('\n');
    let suggestion = context(error, ContextKind::SuggestedArg)
        .or_else(|| context(error, ContextKind::SuggestedSubcommand));
    if let Some(s) = suggestion {
        out.push_str(&format!("\n  {}\n", t!(lang, msg::TIP_SIMILAR, arg = s)));
    }
    if let Some(values) = context(error, ContextKind::ValidValue) {
        out.push_str(&format!(
            "  {}\n",
            t!(lang, msg::POSSIBLE_VALUES, values = values)
        ));
    }
    if let Some(usage) = context(error, ContextKind::Usage) {
        let usage = usage.trim().trim_start_matches("Usage:").trim().to_owned();
        out.push_str(&format!("\n{}{usage}\n", t!(lang, msg::HEADING_USAGE)));
    }
    out.push_str(&format!(
        "\n{}\n",
        t!(lang, msg::MORE_INFO, help = "dudao --help")
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn the_language_is_found_before_parsing() {
        let lang = |list: &[&str]| lang_in_args(&args(list));
        assert_eq!(lang(&["dudao", "--lang", "zh", "rules"]), Some(Lang::Zh));
        assert_eq!(lang(&["dudao", "rules", "--lang=en"]), Some(Lang::En));
        assert_eq!(
            lang(&["dudao", "--lang", "zh", "--lang", "en"]),
            Some(Lang::En)
        );
        assert_eq!(lang(&["dudao", "--lang", "fr"]), None);
        assert_eq!(lang(&["dudao", "check", "--", "--lang", "zh"]), None);
        assert_eq!(lang(&["dudao", "--lang"]), None);
    }

    /// Every command and argument has its text in the catalogue, so no new
    /// one can slip into the help untranslated.
    #[test]
    fn every_command_and_argument_is_in_the_catalogue() {
        fn walk(command: &Command, sub: &str) {
            assert!(about(sub).is_some(), "no about for `{sub}`");
            for arg in command.get_arguments() {
                let id = arg.get_id().as_str();
                assert!(arg_help(sub, id).is_some(), "no help for `{sub} {id}`");
            }
            for s in command.get_subcommands() {
                walk(s, s.get_name());
            }
        }
        let mut command = crate::Cli::command();
        command.build();
        walk(&command, "");
    }
}
