//! `hyoka check`: lint files and folders, print human / JSON / SARIF, exit 0 / 1 / 2.

use super::output::{self, FileReport};
use super::walk;
use clap::{Args, ValueEnum};
use hyoka_core::config::Config;
use hyoka_core::diagnostics::{apply_edits, Edit};
use hyoka_core::text::decode::{self, Encoding};
use hyoka_core::{Form, Severity};
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

#[derive(Args)]
pub struct CheckArgs {
    /// Files or folders to check; - reads standard input
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Apply notation-only fixes (label/viewpoint spellings at edit distance 1) in place
    #[arg(long)]
    pub fix: bool,
    /// Show hints in human output (JSON and SARIF always include them)
    #[arg(long)]
    pub show_hints: bool,
    /// Exit 1 on warnings too
    #[arg(long)]
    pub deny_warnings: bool,
    /// Use this form file instead of hyoka.toml's or the built-in one
    #[arg(long)]
    pub form: Option<PathBuf>,
}

/// Forms and configs are loaded once per path and shared across threads.
#[derive(Default)]
struct Cache {
    configs: HashMap<PathBuf, Result<Arc<Config>, String>>,
    forms: HashMap<PathBuf, Result<Arc<Form>, String>>,
}

struct Env {
    builtin: Arc<Form>,
    form_override: Option<Result<Arc<Form>, String>>,
    cache: Mutex<Cache>,
}

fn load_form(path: &Path) -> Result<Arc<Form>, String> {
    hyoka_fs::load::load_form(path)
        .map(Arc::new)
        .map_err(|e| e.to_string())
}

impl Env {
    fn resolve(&self, dir: &Path) -> Result<(Arc<Config>, Arc<Form>), String> {
        // Discovery climbs parents: a relative folder like "." has none, so make it absolute first.
        let dir = &std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        let cfg = cache
            .configs
            .entry(dir.to_path_buf())
            .or_insert_with(|| {
                hyoka_fs::load::config_for(dir)
                    .map(Arc::new)
                    .map_err(|e| e.to_string())
            })
            .clone()?;
        let form = match (&self.form_override, &cfg.form) {
            (Some(f), _) => f.clone()?,
            (None, Some(p)) => cache
                .forms
                .entry(p.clone())
                .or_insert_with(|| load_form(p))
                .clone()?,
            (None, None) => self.builtin.clone(),
        };
        Ok((cfg, form))
    }
}

enum Input {
    Stdin,
    File(PathBuf),
}

pub fn run(args: CheckArgs) -> ExitCode {
    let env = Env {
        builtin: Arc::new(Form::builtin()),
        form_override: args.form.as_deref().map(load_form),
        cache: Mutex::default(),
    };
    if let Some(Err(e)) = &env.form_override {
        eprintln!("hyoka: {e}");
        return ExitCode::from(2);
    }
    let mut inputs = Vec::new();
    let mut skipped = 0;
    let mut reports: Vec<FileReport> = Vec::new();
    for p in &args.paths {
        if p.as_os_str() == "-" {
            inputs.push(Input::Stdin);
        } else if p.is_dir() {
            let w = walk::walk(p);
            skipped += w.skipped;
            inputs.extend(w.files.into_iter().map(Input::File));
            reports.extend(
                w.errors
                    .into_iter()
                    .map(|(p, e)| FileReport::error(p.display().to_string(), e)),
            );
        } else {
            inputs.push(Input::File(p.clone()));
        }
    }
    // A file named twice (`s.hyoka ./s.hyoka`, or also found in a folder) is checked and fixed once.
    let mut seen = std::collections::HashSet::new();
    inputs.retain(|i| match i {
        Input::File(p) => std::fs::canonicalize(p).map_or(true, |c| seen.insert(c)),
        Input::Stdin => true,
    });
    let stdin_text = if inputs.iter().any(|i| matches!(i, Input::Stdin)) {
        let mut b = Vec::new();
        std::io::stdin()
            .read_to_end(&mut b)
            .map(|_| b)
            .map_err(|e| e.to_string())
    } else {
        Ok(vec![])
    };
    let notes = Mutex::new(Vec::new());
    let checked: Vec<FileReport> = inputs
        .par_iter()
        .map(|input| {
            let (name, bytes, dir) = match input {
                Input::Stdin => (
                    "-".to_string(),
                    stdin_text.clone(),
                    std::env::current_dir().unwrap_or_default(),
                ),
                Input::File(p) => (
                    p.display().to_string(),
                    std::fs::read(p).map_err(|e| io_message(&e)),
                    p.parent()
                        .map(Path::to_path_buf)
                        .filter(|d| !d.as_os_str().is_empty())
                        .unwrap_or_else(|| PathBuf::from(".")),
                ),
            };
            let path = match input {
                Input::File(p) => Some(p.as_path()),
                Input::Stdin => None,
            };
            check_one(&env, &args, name, bytes, &dir, path, &notes)
        })
        .collect();
    reports.extend(checked);
    for n in notes.into_inner().unwrap_or_default() {
        eprintln!("{n}");
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let color = args.format == Format::Human
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none();
    let written = match args.format {
        Format::Human => output::human(&mut out, &reports, args.show_hints, color, skipped),
        Format::Json => output::json(&mut out, &reports),
        Format::Sarif => output::sarif(&mut out, &reports),
    };
    if let Err(e) = written.and_then(|_| out.flush()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("hyoka: 出力できません: {e}");
            return ExitCode::from(2);
        }
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

fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "ファイルがありません".into(),
        std::io::ErrorKind::PermissionDenied => "読み取りの権限がありません".into(),
        _ => format!("読めません: {e}"),
    }
}

fn check_one(
    env: &Env,
    args: &CheckArgs,
    name: String,
    bytes: Result<Vec<u8>, String>,
    dir: &Path,
    path: Option<&Path>,
    notes: &Mutex<Vec<String>>,
) -> FileReport {
    let bytes = match bytes {
        Ok(b) => b,
        Err(e) => return FileReport::error(name, e),
    };
    let (text, enc) = match decode::decode(&bytes) {
        Ok(x) => x,
        Err(e) => return FileReport::error(name, e.to_string()),
    };
    if enc == Encoding::ShiftJis {
        notes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(format!("hyoka: {name}: Shift_JIS (CP932) として読みました"));
    }
    let (cfg, form) = match env.resolve(dir) {
        Ok(x) => x,
        Err(e) => return FileReport::error(name, e),
    };
    let (mut sheet, mut diags) = hyoka_core::check(&text, &form, &cfg);
    let mut text = text;
    if args.fix {
        if let Some(p) = path {
            let edits: Vec<Edit> = diags
                .iter()
                .flat_map(|d| d.fixes.iter().filter(|f| f.notation).take(1))
                .flat_map(|f| f.edits.clone())
                .collect();
            if !edits.is_empty() {
                let fixed = apply_edits(&text, &edits);
                if let Err(e) = write_atomically(p, &decode::encode(&fixed, enc)) {
                    return FileReport::error(name, format!("修正を書き込めません: {e}"));
                }
                notes
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(format!("hyoka: {name}: {} 箇所を修正しました", edits.len()));
                text = fixed;
                (sheet, diags) = hyoka_core::check(&text, &form, &cfg);
            }
        }
    }
    let _ = sheet;
    FileReport::new(name, text, diags)
}

/// Write to a temporary file beside `path`, then rename over it: a crash never leaves half a file.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    // Through a symlink: rewrite its target and keep the link.
    let path = &std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Unique per thread: the same file named twice is fixed by two threads at once.
    let tmp = dir.join(format!(
        ".{file_name}.hyoka-fix-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        if let Ok(meta) = std::fs::metadata(path) {
            std::fs::set_permissions(&tmp, meta.permissions())?;
            // Keep the owner too; only root may give a file away, so a refusal leaves ours.
            #[cfg(unix)]
            {
                use std::os::unix::fs::MetadataExt;
                let _ = std::os::unix::fs::chown(&tmp, Some(meta.uid()), Some(meta.gid()));
            }
        }
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
