//! The command line's grammar (clap) with every word a user reads taken from the message catalogue, and
//! clap's errors retold in the user's language.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, ArgMatches, CommandFactory, FromArgMatches, Parser, Subcommand};
use hyoka_core::messages::ui;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "hyoka", version, disable_help_subcommand = true)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    Check(super::CheckArgs),
    Report(super::report::ReportArgs),
    Explain {
        rule: String,
    },
    Rules {
        #[arg(long)]
        markdown: bool,
    },
    Lsp {
        #[arg(long)]
        stdio: bool,
        #[arg(long, value_name = "FORM")]
        form: Option<String>,
    },
    Form {
        #[command(subcommand)]
        command: FormCommand,
    },
}

/// `hyoka form …`: tools for the authors of form files.
#[derive(Subcommand)]
pub enum FormCommand {
    Check {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    List,
    Schema,
}

/// The commands, and the subcommands of `form`: their help texts are `cli.help.<name>` and
/// `cli.help.form.<name>` in the catalogue.
const COMMANDS: [&str; 6] = ["check", "report", "explain", "rules", "lsp", "form"];
const FORM_COMMANDS: [&str; 3] = ["check", "list", "schema"];

fn localize(cmd: clap::Command, key: &str) -> clap::Command {
    let mut cmd = cmd
        .help_template(ui("cli.help.template", &[]))
        .next_help_heading(ui("cli.help.options_heading", &[]))
        // clap's own -h has English words: replace it with ours.
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help(ui("cli.help.help", &[])),
        );
    let args: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for arg in args {
        if arg == "help" || arg == "version" {
            continue;
        }
        let help = ui(&format!("{key}.{arg}"), &[]);
        cmd = cmd.mut_arg(arg, |a| {
            let heading = if a.is_positional() {
                "cli.help.arguments_heading"
            } else {
                "cli.help.options_heading"
            };
            let a = a.help(help).help_heading(ui(heading, &[]));
            // Values and defaults are spelt out in our own help text.
            if a.get_action().takes_values() {
                a.hide_possible_values(true).hide_default_value(true)
            } else {
                a
            }
        });
    }
    if key != "cli.help" {
        cmd = cmd
            .about(ui(&format!("{key}.about"), &[]))
            .override_usage(ui(&format!("{key}.usage"), &[]));
        let after = format!("{key}.after");
        if hyoka_core::messages::has(&after) {
            cmd = cmd.after_help(ui(&after, &[]));
        }
    }
    cmd
}

/// The whole command line, in the user's language.
pub fn command() -> clap::Command {
    let mut cmd = localize(Args::command(), "cli.help")
        .about(ui("cli.help.about", &[]))
        .after_help(ui("cli.help.after", &[]))
        .subcommand_help_heading(ui("cli.help.commands_heading", &[]))
        .subcommand_value_name(ui("cli.help.command_value", &[]))
        .disable_version_flag(true)
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(ui("cli.help.version", &[])),
        );
    for name in COMMANDS {
        cmd = cmd.mut_subcommand(name, |sub| localize(sub, &format!("cli.help.{name}")));
    }
    cmd.mut_subcommand("form", |mut form| {
        form = form
            .disable_help_subcommand(true)
            .subcommand_help_heading(ui("cli.help.commands_heading", &[]))
            .subcommand_value_name(ui("cli.help.command_value", &[]));
        for name in FORM_COMMANDS {
            form = form.mut_subcommand(name, |sub| localize(sub, &format!("cli.help.form.{name}")));
        }
        form
    })
}

/// Parse the process's arguments, or the exit code after help, the version, or a usage error.
pub fn parse() -> Result<Args, ExitCode> {
    let matches: ArgMatches = match command().try_get_matches() {
        Ok(m) => m,
        Err(e) => return Err(report(e)),
    };
    Args::from_arg_matches(&matches).map_err(report)
}

fn context(e: &clap::Error, kind: ContextKind) -> Option<String> {
    e.get(kind).map(|v| match v {
        ContextValue::String(s) => s.clone(),
        ContextValue::Strings(v) => v.join(", "),
        ContextValue::StyledStr(s) => s.to_string(),
        ContextValue::StyledStrs(v) => v
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .join(", "),
        ContextValue::Number(n) => n.to_string(),
        ContextValue::Bool(b) => b.to_string(),
        _ => String::new(),
    })
}

fn report(e: clap::Error) -> ExitCode {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            return ExitCode::from(2);
        }
        _ => {}
    }
    let arg = context(&e, ContextKind::InvalidArg).unwrap_or_default();
    let message = match e.kind() {
        ErrorKind::UnknownArgument => ui("cli.usage.unknown_argument", &[("arg", &arg)]),
        ErrorKind::InvalidSubcommand => {
            let sub = context(&e, ContextKind::InvalidSubcommand).unwrap_or(arg);
            ui("cli.usage.unknown_command", &[("arg", &sub)])
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let value = context(&e, ContextKind::InvalidValue).unwrap_or_default();
            let mut m = if value.is_empty() {
                ui("cli.usage.missing_value", &[("arg", &arg)])
            } else {
                ui(
                    "cli.usage.invalid_value",
                    &[("value", &value), ("arg", &arg)],
                )
            };
            if let Some(values) = context(&e, ContextKind::ValidValue) {
                m.push_str(&ui("cli.usage.possible_values", &[("values", &values)]));
            }
            m
        }
        ErrorKind::MissingRequiredArgument => ui("cli.usage.missing_argument", &[("arg", &arg)]),
        ErrorKind::MissingSubcommand => ui("cli.usage.missing_command", &[]),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            ui("cli.usage.too_many", &[("arg", &arg)])
        }
        ErrorKind::ArgumentConflict => ui("cli.usage.conflict", &[("arg", &arg)]),
        ErrorKind::NoEquals => ui("cli.usage.missing_value", &[("arg", &arg)]),
        _ => ui("cli.usage.other", &[]),
    };
    let args: Vec<String> = std::env::args().skip(1).take(2).collect();
    let command = match args.as_slice() {
        [form, sub, ..] if form == "form" && FORM_COMMANDS.contains(&sub.as_str()) => {
            format!("hyoka form {sub}")
        }
        [c, ..] if COMMANDS.contains(&c.as_str()) => format!("hyoka {c}"),
        _ => "hyoka".to_string(),
    };
    eprintln!("hyoka: {message}");
    eprintln!("{}", ui("cli.usage.hint", &[("command", &command)]));
    ExitCode::from(2)
}
