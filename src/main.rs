//! hyoka: argument parsing only; hands over to `cli` or `lsp`.
#![forbid(unsafe_code)]

use clap::{Parser, Subcommand};
use hyoka::{cli, lsp};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "hyoka",
    version,
    about = "事業評価シートの検査ツールと言語サーバー (linter and language server for 事業評価シート)"
)]
struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check sheets (files, folders, or - for stdin)
    Check(cli::CheckArgs),
    /// Show a rule's documentation
    Explain {
        /// Rule id, e.g. budget-sum
        rule: String,
    },
    /// List the rules
    Rules {
        /// Print docs/rules.md (all rules with their documentation) as Markdown
        #[arg(long)]
        markdown: bool,
    },
    /// Run the language server over stdio
    Lsp {
        /// Accepted and ignored (editors' clients add it)
        #[arg(long)]
        stdio: bool,
        /// A form file to use instead of the built-in one
        #[arg(long)]
        form: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let args = Args::parse();
    match args.command {
        Command::Check(a) => cli::check::run(a),
        Command::Explain { rule } => cli::explain(&rule),
        Command::Rules { markdown } => cli::rules(markdown),
        Command::Lsp { form, .. } => lsp::run(form),
    }
}
