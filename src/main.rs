//! hyoka: argument parsing only; hands over to `cli` or `lsp`.
#![forbid(unsafe_code)]

use hyoka::cli::{self, args::Command};
use hyoka::lsp;
use std::process::ExitCode;

fn main() -> ExitCode {
    hyoka_core::messages::set_language(cli::locale::detect());
    let args = match cli::args::parse() {
        Ok(a) => a,
        Err(code) => return code,
    };
    match args.command {
        Command::Check(a) => cli::check::run(a),
        Command::Report(a) => cli::report::run(a),
        Command::Explain { rule } => cli::explain(&rule),
        Command::Rules { markdown } => cli::rules(markdown),
        Command::Lsp { form, .. } => lsp::run(form),
        Command::Form { command } => cli::form::run(command),
    }
}
