//! `hyoka report PATH… -o FILE`: the checked sheets of a folder as one overview — HTML for people, CSV for
//! Excel, JSON for programs (docs/report.md). The sheets are gathered and checked as `hyoka check` does,
//! cross-sheet rules included.

mod csv;
mod data;
mod html;

use super::check::{collect, no_sheets_message, CheckArgs, Collected, Format as CheckFormat};
use clap::{Args, ValueEnum};
use hyoka_core::messages::{ja, ui};
use hyoka_core::Form;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq, Debug)]
pub enum Format {
    Html,
    Csv,
    Json,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq, Debug)]
pub enum Encoding {
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    #[value(name = "cp932", alias = "shift_jis", alias = "sjis")]
    Cp932,
}

/// The help texts come from the message catalogue (cli/args.rs).
#[derive(Args)]
pub struct ReportArgs {
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: PathBuf,
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    #[arg(long, value_enum, default_value = "utf-8")]
    pub encoding: Encoding,
    #[arg(long, value_name = "FORM")]
    pub form: Option<String>,
    #[arg(long)]
    pub no_workspace: bool,
}

/// `N-2`, `N`, `N+1`: a budget year relative to the evaluated year.
pub fn relative_year(offset: i32) -> String {
    match offset {
        0 => "N".to_string(),
        o if o > 0 => format!("N+{o}"),
        o => format!("N{o}"),
    }
}

/// The format a file name asks for, by its extension.
fn format_of(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => Some(Format::Html),
        "csv" => Some(Format::Csv),
        "json" => Some(Format::Json),
        _ => None,
    }
}

pub fn run(args: ReportArgs) -> ExitCode {
    let Some(format) = args.format.or_else(|| format_of(&args.output)) else {
        eprintln!("hyoka: {}", ui("cli.report.unknown_format", &[]));
        return ExitCode::from(2);
    };
    if args.encoding == Encoding::Cp932 && format != Format::Csv {
        eprintln!("hyoka: {}", ui("cli.report.encoding_csv_only", &[]));
        return ExitCode::from(2);
    }
    let check = CheckArgs {
        paths: args.paths.clone(),
        format: CheckFormat::Json,
        fix: false,
        show_hints: false,
        deny_warnings: false,
        form: args.form.clone(),
        no_workspace: args.no_workspace,
        summaries: true,
    };
    let Collected {
        reports,
        title_words,
        ..
    } = match collect(&check) {
        Ok(c) => c,
        Err(code) => return code,
    };
    if reports.is_empty() {
        eprintln!("hyoka: {}", no_sheets_message(&title_words));
        return ExitCode::from(2);
    }
    let builtins = Form::builtins();
    let mut forms: Vec<&Form> = builtins.iter().collect();
    let loaded: Vec<std::sync::Arc<Form>> = reports.iter().filter_map(|r| r.form.clone()).collect();
    forms.extend(loaded.iter().map(|f| f.as_ref()));
    let base = match args.output.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let aliases =
        hyoka_core::Config::merged_aliases(reports.iter().filter_map(|r| r.config.as_deref()));
    let report = data::build(&reports, &forms, &base, &aliases);
    let mut replaced = 0;
    let bytes = match format {
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&report).expect("a report serializes");
            s.push('\n');
            s.into_bytes()
        }
        Format::Html => {
            let generated = ja(
                "report.generated",
                &[
                    ("version", &env!("CARGO_PKG_VERSION")),
                    ("date", &hyoka_fs::clock::today_in_japan()),
                ],
            );
            html::write(&report, &generated).into_bytes()
        }
        Format::Csv => {
            let text = csv::write(&report);
            match args.encoding {
                Encoding::Utf8 => {
                    let mut b = b"\xEF\xBB\xBF".to_vec();
                    b.extend_from_slice(text.as_bytes());
                    b
                }
                Encoding::Cp932 => {
                    let (b, n) = hyoka_core::text::decode::encode_shift_jis_lossy(
                        &text,
                        &ja("report.csv.replacement", &[]),
                    );
                    replaced = n;
                    b
                }
            }
        }
    };
    let shown = hyoka_fs::paths::for_display(&args.output);
    let inputs: Vec<PathBuf> = reports.iter().filter_map(|r| r.name.path.clone()).collect();
    if let Err(e) = hyoka_fs::write::write_output(&args.output, &bytes, &inputs) {
        eprintln!(
            "hyoka: {}",
            ui(
                "cli.report.write_failed",
                &[("path", &shown), ("error", &output_error(&e))]
            )
        );
        return ExitCode::from(2);
    }
    if replaced > 0 {
        eprintln!(
            "hyoka: {}",
            ui(
                "cli.report.replaced",
                &[("path", &shown), ("count", &replaced)]
            )
        );
    }
    eprintln!(
        "hyoka: {}",
        ui(
            "cli.report.written",
            &[
                ("path", &shown),
                ("sheets", &report.summary.sheets),
                ("errors", &report.summary.errors),
                ("warnings", &report.summary.warnings),
            ]
        )
    );
    if report.unreadable.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    }
}

/// Why the report was not written, in words of its own: the write errors of --fix speak of fixing a sheet.
fn output_error(e: &hyoka_fs::write::OutputError) -> String {
    use hyoka_fs::write::{OutputError, WriteError};
    match e {
        OutputError::Link => ui("cli.report.link", &[]),
        OutputError::Input => ui("cli.report.input", &[]),
        OutputError::Swapped => ui("cli.report.swapped", &[]),
        OutputError::Write(WriteError::ReadOnly) => ui("cli.report.read_only", &[]),
        OutputError::Write(WriteError::Read(_)) => ui("cli.report.not_a_file", &[]),
        OutputError::Write(WriteError::Io(io)) => match io.kind() {
            std::io::ErrorKind::NotFound => ui("cli.report.no_folder", &[]),
            std::io::ErrorKind::PermissionDenied => ui("cli.report.permission", &[]),
            kind => kind.to_string(),
        },
        OutputError::Write(e) => e.to_string(),
    }
}
