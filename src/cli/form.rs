//! `hyoka form check | list | schema`: tools for the authors of form files (docs/forms.md).

use super::args::FormCommand;
use hyoka_core::form::{self, check::Located, Form, BUILTIN_FORMS};
use hyoka_core::messages::ui;
use hyoka_core::text::lines::{ColumnUnit, LineIndex};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

pub fn run(command: FormCommand) -> ExitCode {
    match command {
        FormCommand::Check { file } => check(&file),
        FormCommand::List => list(),
        FormCommand::Schema => schema(),
    }
}

/// Write to standard output; a closed pipe (`| head`) is not an error.
fn emit(text: &str) -> Result<(), ExitCode> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("hyoka: {}", ui("cli.check.output_failed", &[("error", &e)]));
            Err(ExitCode::from(2))
        }
        _ => Ok(()),
    }
}

fn finish(text: &str, code: ExitCode) -> ExitCode {
    emit(text).err().unwrap_or(code)
}

/// `FILE:line:column: message` per problem (1-based, columns in characters); 0 and a summary when the
/// form is valid, 2 otherwise.
fn check(path: &Path) -> ExitCode {
    let text = match hyoka_fs::load::read_form(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("hyoka: {e}");
            return ExitCode::from(2);
        }
    };
    let shown = hyoka_fs::paths::for_display(path);
    match form::check::check(&text) {
        Ok(f) => finish(&format!("{}\n", summary(&shown, &f)), ExitCode::SUCCESS),
        Err(problems) => finish(&report(&shown, &text, &problems), ExitCode::from(2)),
    }
}

fn summary(shown: &str, f: &Form) -> String {
    let fields = f.fields.len() + f.indicators.fields.len() + f.analysis.fields.len();
    ui(
        "cli.form.ok",
        &[
            ("path", &shown),
            ("id", &f.id),
            ("name", &f.name),
            ("sections", &f.sections.len()),
            ("fields", &fields),
            ("items", &f.analysis.items.len()),
        ],
    )
}

/// The problems, one line each.
pub fn report(shown: &str, text: &str, problems: &[Located]) -> String {
    let index = LineIndex::new(text);
    let at = |offset: usize| {
        let p = index.position(text, offset, ColumnUnit::Chars);
        (p.line + 1, p.col + 1)
    };
    let mut out = String::new();
    for p in problems {
        let mut message = p.message.clone();
        let (line, column) = match &p.span {
            Some(s) => at(s.start),
            None => {
                message.push_str(&ui("cli.form.no_position", &[]));
                (1, 1)
            }
        };
        if let Some(first) = &p.first {
            let (l, c) = at(first.start);
            message.push_str(&ui("cli.form.first", &[("line", &l), ("column", &c)]));
        }
        out.push_str(&format!("{shown}:{line}:{column}: {message}\n"));
    }
    out
}

/// The built-in forms: id, name, title.
fn list() -> ExitCode {
    let forms: Vec<Form> = BUILTIN_FORMS
        .iter()
        .map(|(file, text)| {
            // Each is checked by the test suite: failure here is a build defect.
            Form::from_toml(text).unwrap_or_else(|e| panic!("built-in form {file}: {e}"))
        })
        .collect();
    let width = forms
        .iter()
        .map(|f| f.id.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for f in &forms {
        let id = format!("{:<width$}", f.id);
        out.push_str(&ui(
            "cli.form.list_line",
            &[("id", &id), ("name", &f.name), ("title", &f.title.word)],
        ));
        out.push('\n');
    }
    finish(&out, ExitCode::SUCCESS)
}

/// The JSON Schema of form files, as committed in forms/form.schema.json.
pub fn schema_json() -> String {
    let mut s = serde_json::to_string_pretty(&form::json_schema())
        .expect("a JSON Schema serializes to JSON");
    s.push('\n');
    s
}

fn schema() -> ExitCode {
    finish(&schema_json(), ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_form_is_valid_and_ids_are_unique() {
        let mut ids = std::collections::BTreeSet::new();
        for (file, text) in BUILTIN_FORMS {
            let f = form::check::check(text).unwrap_or_else(|p| panic!("{file}: {p:?}"));
            assert!(ids.insert(f.id.clone()), "{file}: id {} twice", f.id);
            assert_eq!(format!("{}.toml", f.id), *file, "a file is named by its id");
        }
    }

    #[test]
    fn a_problem_without_a_place_is_on_line_1_and_says_so() {
        let problems = [Located {
            span: None,
            message: "x".into(),
            first: None,
        }];
        let out = report("f.toml", "a = 1\n", &problems);
        assert!(out.starts_with("f.toml:1:1: x"), "{out}");
        assert!(out.len() > "f.toml:1:1: x\n".len(), "{out}");
    }
}
