//! `hyoka check`: lint files and folders, print human / JSON / SARIF, exit 0 / 1 / 2.

use super::output::{self, FileReport, Name};
use clap::{Args, ValueEnum};
use hyoka_core::config::Config;
use hyoka_core::diagnostics::Edit;
use hyoka_core::messages::ui;
use hyoka_core::text::decode::{self, Encoding};
use hyoka_core::{FileId, Form, Severity};
use hyoka_fs::load::{load_form, LoadError};
use hyoka_fs::read::{human_size, read_regular, total_limit, ReadError, SHEET_LIMIT};
use hyoka_fs::settings::{form_named, Forms, Resolved};
use hyoka_fs::write::{replace, ReadFile};
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Sarif,
}

/// The help texts come from the message catalogue (cli/args.rs).
#[derive(Args)]
pub struct CheckArgs {
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    #[arg(long)]
    pub fix: bool,
    #[arg(long)]
    pub show_hints: bool,
    #[arg(long)]
    pub deny_warnings: bool,
    #[arg(long, value_name = "FORM")]
    pub form: Option<String>,
    #[arg(long)]
    pub no_workspace: bool,
    /// Read every sheet's summary, whether or not the cross-sheet rules run (`hyoka report`).
    #[arg(skip)]
    pub summaries: bool,
}

/// `cli.check.no_sheets`: said when a run found no sheet, which must not look like a clean run.
pub(super) fn no_sheets_message(title_words: &[String]) -> String {
    ui(
        "cli.check.no_sheets",
        &[(
            "title",
            &title_words.join(&ui("cli.check.word_separator", &[])),
        )],
    )
}

/// Settings are resolved once per folder and forms loaded once per file, shared across threads.
#[derive(Default)]
struct Cache {
    folders: HashMap<PathBuf, Resolved>,
    forms: HashMap<PathBuf, Result<Arc<Form>, LoadError>>,
}

struct Env {
    /// The built-in forms, the default first.
    builtins: Vec<Arc<Form>>,
    form_override: Option<Arc<Form>>,
    cache: Mutex<Cache>,
}

impl Env {
    /// The config and form for a sheet with `text` in `dir`, or the reason it cannot be checked.
    fn resolve(&self, dir: &Path, text: &str) -> Result<(Arc<Config>, Arc<Form>), String> {
        let dir = &std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        let Cache { folders, forms } = &mut *cache;
        let resolved = folders.entry(dir.clone()).or_insert_with(|| {
            let mut load = |p: &Path| {
                forms
                    .entry(p.to_path_buf())
                    .or_insert_with(|| load_form(p).map(Arc::new))
                    .clone()
            };
            hyoka_fs::settings::resolve(
                Some(dir),
                Config::default,
                Forms {
                    builtins: &self.builtins,
                    forced: self.form_override.as_ref(),
                    load: &mut load,
                },
            )
        });
        match &resolved.problem {
            Some(p) => Err(p.message.clone()),
            None => Ok((
                resolved.config.clone(),
                resolved.form_for(text, &self.builtins),
            )),
        }
    }

    /// The words that mark a `.txt` file as a sheet: the title of `--form`, else those of the built-in forms.
    fn title_words(&self) -> Vec<&str> {
        match &self.form_override {
            Some(f) => vec![f.title.word.as_str()],
            None => self
                .builtins
                .iter()
                .map(|f| f.title.word.as_str())
                .collect(),
        }
    }

    /// Whether a `.txt` file is a sheet (`hyoka_fs::walk::is_sheet_text`).
    fn is_sheet_text(&self, text: &str) -> bool {
        hyoka_fs::walk::is_sheet_text(text, self.form_override.as_deref(), &self.builtins)
    }
}

enum Input {
    Stdin,
    File(PathBuf),
}

/// What a run found among the paths it was given.
#[derive(Default)]
struct Gathered {
    inputs: Vec<Input>,
    errors: Vec<FileReport>,
    skipped: usize,
    not_regular: usize,
}

/// What the summary says about the files that were not checked.
struct Counts {
    skipped: usize,
    not_regular: usize,
}

fn gather(paths: &[PathBuf], is_sheet: &dyn Fn(&str) -> bool) -> Gathered {
    let mut g = Gathered::default();
    for p in paths {
        if p.as_os_str() == "-" {
            g.inputs.push(Input::Stdin);
            continue;
        }
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => {
                let w = hyoka_fs::walk::walk(p, is_sheet);
                g.skipped += w.skipped;
                g.not_regular += w.not_regular;
                g.inputs.extend(w.files.into_iter().map(Input::File));
                g.errors.extend(
                    w.errors
                        .into_iter()
                        .map(|(p, e)| FileReport::error(Name::of(&p), e)),
                );
            }
            Ok(m) if m.is_file() => g.inputs.push(Input::File(p.clone())),
            // A FIFO or a device named on the command line is an error, not a hang.
            Ok(_) => g.errors.push(FileReport::error(
                Name::of(p),
                ReadError::NotRegular.to_string(),
            )),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => g.errors.push(FileReport::error(
                Name::of(p),
                ui("cli.check.no_such_path", &[]),
            )),
            Err(e) => g.errors.push(FileReport::error(
                Name::of(p),
                ReadError::from(e).to_string(),
            )),
        }
    }
    // A file named twice (`s.hyoka ./s.hyoka`, or also found in a folder) is checked and fixed once.
    let mut seen = std::collections::HashSet::new();
    g.inputs.retain(|i| match i {
        Input::File(p) => std::fs::canonicalize(p).map_or(true, |c| seen.insert(c)),
        Input::Stdin => true,
    });
    g
}

/// The inputs whose sizes fit in `limit` together, in order; a report in words for each of the rest (they
/// are not read: a folder walk must not hold more than the total in memory).
fn within_total(
    inputs: Vec<Input>,
    stdin: &Result<Vec<u8>, String>,
    limit: u64,
) -> (Vec<Input>, Vec<FileReport>) {
    let mut used: u64 = 0;
    let mut kept = Vec::with_capacity(inputs.len());
    let mut over = Vec::new();
    for input in inputs {
        let size = match &input {
            Input::Stdin => stdin.as_ref().map_or(0, |b| b.len() as u64),
            // Unreadable files cost nothing; reading them reports why.
            Input::File(p) => std::fs::metadata(p).map_or(0, |m| m.len()),
        };
        if used.saturating_add(size) > limit {
            let name = match &input {
                Input::Stdin => Name::stdin(),
                Input::File(p) => Name::of(p),
            };
            over.push(FileReport::error(
                name,
                ReadError::OverTotal { limit }.to_string(),
            ));
        } else {
            used += size;
            kept.push(input);
        }
    }
    (kept, over)
}

fn read_stdin() -> Result<Vec<u8>, String> {
    let mut b = Vec::new();
    std::io::stdin()
        .take(SHEET_LIMIT + 1)
        .read_to_end(&mut b)
        .map_err(|e| ui("cli.check.stdin_unreadable", &[("error", &e)]))?;
    if b.len() as u64 > SHEET_LIMIT {
        return Err(ui(
            "cli.check.stdin_too_large",
            &[("limit", &human_size(SHEET_LIMIT))],
        ));
    }
    Ok(b)
}

/// The checked files of a run, and what the summary line says of the others.
pub(super) struct Collected {
    pub reports: Vec<FileReport>,
    counts: Counts,
    stdin_bytes: Result<Vec<u8>, String>,
    stdin_fixed: Option<Vec<u8>>,
    pub title_words: Vec<String>,
}

/// Gather the sheets of `args.paths`, check each (in parallel) and run the cross-sheet rules over them.
/// Notes (Shift_JIS, fixes written) go to standard error here.
pub(super) fn collect(args: &CheckArgs) -> Result<Collected, ExitCode> {
    let builtins: Vec<Arc<Form>> = Form::builtins().into_iter().map(Arc::new).collect();
    let form_override = match args.form.as_deref().map(|f| form_named(f, &builtins)) {
        Some(Err(e)) => {
            eprintln!("hyoka: {e}");
            return Err(ExitCode::from(2));
        }
        Some(Ok(f)) => Some(f),
        None => None,
    };
    let env = Env {
        builtins,
        form_override,
        cache: Mutex::default(),
    };
    let gathered = gather(&args.paths, &|text| env.is_sheet_text(text));
    let counts = Counts {
        skipped: gathered.skipped,
        not_regular: gathered.not_regular,
    };
    let mut reports = gathered.errors;
    let stdin_bytes = if gathered.inputs.iter().any(|i| matches!(i, Input::Stdin)) {
        read_stdin()
    } else {
        Ok(vec![])
    };
    let (inputs, over) = within_total(gathered.inputs, &stdin_bytes, total_limit());
    reports.extend(over);
    let notes = Mutex::new(Vec::new());
    let stdin_fixed: Mutex<Option<Vec<u8>>> = Mutex::new(None);
    let checked: Vec<FileReport> = inputs
        .par_iter()
        .map(|input| match input {
            Input::Stdin => {
                let dir = std::env::current_dir().unwrap_or_default();
                let (report, out) = check_stdin(&env, args, stdin_bytes.clone(), &dir, &notes);
                *stdin_fixed.lock().unwrap_or_else(|e| e.into_inner()) = out;
                report
            }
            Input::File(p) => {
                let dir = p
                    .parent()
                    .map(Path::to_path_buf)
                    .filter(|d| !d.as_os_str().is_empty())
                    .unwrap_or_else(|| PathBuf::from("."));
                let read = read_regular(p, SHEET_LIMIT)
                    .map(|(bytes, fingerprint)| ReadFile { bytes, fingerprint })
                    .map_err(|e| e.to_string());
                check_file(&env, args, Name::of(p), read, &dir, p, &notes)
            }
        })
        .collect();
    reports.extend(checked);
    cross_sheet(&mut reports);
    let stderr = std::io::stderr();
    for n in notes.into_inner().unwrap_or_default() {
        let _ = writeln!(stderr.lock(), "{n}");
    }
    Ok(Collected {
        reports,
        counts,
        stdin_bytes,
        stdin_fixed: stdin_fixed.into_inner().unwrap_or_else(|e| e.into_inner()),
        title_words: {
            // Two forms may share a title word (箕面市's editions): name it once.
            let mut words: Vec<String> = Vec::new();
            for w in env.title_words() {
                if !words.iter().any(|x| x == w) {
                    words.push(w.to_string());
                }
            }
            words
        },
    })
}

pub fn run(args: CheckArgs) -> ExitCode {
    let Collected {
        reports,
        counts,
        stdin_bytes,
        stdin_fixed,
        title_words,
    } = match collect(&args) {
        Ok(c) => c,
        Err(code) => return code,
    };
    // With `--fix -` the fixed text goes to standard output, as a formatter's would; the report moves to
    // standard error.
    let fix_to_stdout = args.fix && args.paths.iter().any(|p| p.as_os_str() == "-");
    let stderr = std::io::stderr();
    let written = if fix_to_stdout {
        let mut err = std::io::BufWriter::new(stderr.lock());
        let report = write_report(&mut err, &args, &reports, &counts, false);
        let fixed = stdin_fixed;
        let stdout = std::io::stdout();
        let mut out = std::io::BufWriter::new(stdout.lock());
        let text = match (fixed, &stdin_bytes) {
            (Some(b), _) => b,
            (None, Ok(b)) => b.clone(),
            (None, Err(_)) => vec![],
        };
        report
            .and_then(|_| err.flush())
            .and_then(|_| out.write_all(&text))
            .and_then(|_| out.flush())
    } else {
        let stdout = std::io::stdout();
        let color = args.format == Format::Human
            && stdout.is_terminal()
            && std::env::var_os("NO_COLOR").is_none()
            && console_shows_colour();
        let mut out = std::io::BufWriter::new(stdout.lock());
        write_report(&mut out, &args, &reports, &counts, color).and_then(|_| out.flush())
    };
    if let Err(e) = written {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("hyoka: {}", ui("cli.check.output_failed", &[("error", &e)]));
            return ExitCode::from(2);
        }
    }
    if reports.is_empty() {
        // A folder without sheets must not look like a clean run.
        eprintln!("hyoka: {}", no_sheets_message(&title_words));
        return ExitCode::from(2);
    }
    let any_io_error = reports.iter().any(|r| r.error.is_some());
    let worst = reports
        .iter()
        .flat_map(|r| &r.diagnostics)
        .map(|d| d.severity)
        .min();
    let failing = match worst {
        Some(Severity::Error) => true,
        Some(Severity::Warning) => args.deny_warnings,
        _ => false,
    };
    if any_io_error {
        ExitCode::from(2)
    } else if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Run the cross-sheet rules over the checked sheets that take part (`--no-workspace` and `workspace = false`
/// leave a sheet out) and add what they find to each sheet's report. A file's id is its place in `reports`.
fn cross_sheet(reports: &mut [FileReport]) {
    for (i, r) in reports.iter_mut().enumerate() {
        if let Some(s) = &mut r.summary {
            s.file = FileId(i as u32);
        }
    }
    let summaries: Vec<_> = reports
        .iter()
        .filter(|r| r.cross_sheet)
        .filter_map(|r| r.summary.as_ref())
        .collect();
    if summaries.len() < 2 {
        return;
    }
    // Each folder's hyoka.toml may add aliases; together they name the renamed projects.
    let aliases = Config::merged_aliases(reports.iter().filter_map(|r| r.config.as_deref()));
    let no_levels = hyoka_core::diagnostics::Levels::new();
    let levels = |f: FileId| {
        reports[f.0 as usize]
            .config
            .as_ref()
            .map_or(&no_levels, |c| &c.rules)
    };
    let found = hyoka_core::rules::workspace::run(&summaries, &aliases, &levels);
    for (file, d) in found {
        reports[file.0 as usize].diagnostics.push(d);
    }
    for r in reports.iter_mut() {
        r.diagnostics.sort_by_key(hyoka_core::Diagnostic::order_key);
    }
}

fn write_report(
    out: &mut impl Write,
    args: &CheckArgs,
    reports: &[FileReport],
    counts: &Counts,
    color: bool,
) -> std::io::Result<()> {
    match args.format {
        Format::Human => output::human(
            out,
            reports,
            args.show_hints,
            color,
            counts.skipped,
            counts.not_regular,
        ),
        Format::Json => output::json(out, reports),
        Format::Sarif => output::sarif(out, reports),
    }
}

fn note(notes: &Mutex<Vec<String>>, s: String) {
    notes
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(format!("hyoka: {s}"));
}

fn encoding_name(enc: Encoding) -> &'static str {
    match enc {
        Encoding::Utf8 | Encoding::Utf8Bom => "UTF-8",
        Encoding::ShiftJis => "Shift_JIS",
    }
}

/// A sheet linted as read and, with `--fix`, after its notation fixes.
struct Linted {
    before: FileReport,
    after: Option<Fixed>,
}

struct Fixed {
    report: FileReport,
    bytes: Vec<u8>,
    count: usize,
}

/// Decode and lint (or say why the file cannot be checked); with `--fix`, splice the notation fixes into the original bytes and lint the result.
fn lint(
    env: &Env,
    args: &CheckArgs,
    name: &Name,
    bytes: &[u8],
    dir: &Path,
    notes: &Mutex<Vec<String>>,
) -> Result<Linted, String> {
    hyoka_fs::read::check_lines(bytes).map_err(|e| e.to_string())?;
    let (text, enc) = decode::decode(bytes).map_err(|e| e.to_string())?;
    if enc == Encoding::ShiftJis {
        note(
            notes,
            ui("cli.check.shift_jis_note", &[("path", &name.shown)]),
        );
    }
    let (cfg, form) = env.resolve(dir, &text)?;
    let (sheet, diags) = hyoka_core::check(&text, &form, &cfg);
    // What the cross-sheet rules read, when they run for this sheet (its file id is set once all are in).
    let cross_sheet = !args.no_workspace && cfg.workspace;
    let summarize = |text: &str, sheet: &hyoka_core::Sheet| {
        (cross_sheet || args.summaries)
            .then(|| hyoka_core::summarize(text, sheet, &form, FileId(0)))
    };
    let chosen = if args.fix {
        hyoka_core::diagnostics::fix_all(&diags)
    } else {
        vec![]
    };
    if chosen.is_empty() {
        // Nothing to splice: skip mapping the whole text back onto its bytes.
        let summary = summarize(&text, &sheet);
        return Ok(Linted {
            before: FileReport::new(name.clone(), text, diags).with_summary(
                summary,
                &cfg,
                &form,
                cross_sheet,
            ),
            after: None,
        });
    }
    let edits: Vec<Vec<Edit>> = chosen.iter().map(|f| f.edits.clone()).collect();
    let spliced = decode::splice(bytes, enc, &text, &edits);
    for &i in &spliced.unencodable {
        note(
            notes,
            ui(
                "cli.check.unencodable_fix",
                &[
                    ("path", &name.shown),
                    ("title", &chosen[i].title),
                    ("encoding", &encoding_name(enc)),
                ],
            ),
        );
    }
    let after = if spliced.applied.is_empty() {
        None
    } else {
        let (new_text, _) = decode::decode(&spliced.bytes).map_err(|e| e.to_string())?;
        let (new_sheet, new_diags) = hyoka_core::check(&new_text, &form, &cfg);
        let summary = summarize(&new_text, &new_sheet);
        Some(Fixed {
            report: FileReport::new(name.clone(), new_text, new_diags).with_summary(
                summary,
                &cfg,
                &form,
                cross_sheet,
            ),
            bytes: spliced.bytes,
            count: spliced.applied.len(),
        })
    };
    let summary = summarize(&text, &sheet);
    Ok(Linted {
        before: FileReport::new(name.clone(), text, diags).with_summary(
            summary,
            &cfg,
            &form,
            cross_sheet,
        ),
        after,
    })
}

fn fixed_note(notes: &Mutex<Vec<String>>, name: &Name, count: usize) {
    note(
        notes,
        ui(
            "cli.check.fixed",
            &[("path", &name.shown), ("count", &count)],
        ),
    );
}

/// Standard input: the report, and the fixed bytes when fixes were applied.
fn check_stdin(
    env: &Env,
    args: &CheckArgs,
    bytes: Result<Vec<u8>, String>,
    dir: &Path,
    notes: &Mutex<Vec<String>>,
) -> (FileReport, Option<Vec<u8>>) {
    let name = Name::stdin();
    let bytes = match bytes {
        Ok(b) => b,
        Err(e) => return (FileReport::error(name, e), None),
    };
    match lint(env, args, &name, &bytes, dir, notes) {
        Ok(Linted { after: Some(f), .. }) => {
            fixed_note(notes, &name, f.count);
            (f.report, Some(f.bytes))
        }
        Ok(Linted { before, .. }) => (before, None),
        Err(e) => (FileReport::error(name, e), None),
    }
}

fn check_file(
    env: &Env,
    args: &CheckArgs,
    name: Name,
    read: Result<ReadFile, String>,
    dir: &Path,
    path: &Path,
    notes: &Mutex<Vec<String>>,
) -> FileReport {
    let original = match read {
        Ok(r) => r,
        Err(e) => return FileReport::error(name, e),
    };
    match lint(env, args, &name, &original.bytes, dir, notes) {
        Ok(Linted {
            before,
            after: Some(f),
        }) => match replace(path, &original, &f.bytes) {
            Ok(()) => {
                fixed_note(notes, &name, f.count);
                f.report
            }
            // Not written: the file is as it was read; say why.
            Err(e) => before.with_error(e.to_string()),
        },
        Ok(Linted { before, .. }) => before,
        Err(e) => FileReport::error(name, e),
    }
}

/// Whether the terminal turns escape sequences into colour. The classic Windows console (cmd.exe, PowerShell
/// in conhost) prints them raw unless the program switches its mode; Windows Terminal (WT_SESSION) and
/// terminals that set TERM interpret them.
fn console_shows_colour() -> bool {
    !cfg!(windows) || std::env::var_os("WT_SESSION").is_some() || std::env::var_os("TERM").is_some()
}
