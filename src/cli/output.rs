//! Output formats of `hyoka check`: human (rustc/ruff style), JSON, SARIF 2.1.0.

use hyoka_core::diagnostics::json::JsonDiagnostic;
use hyoka_core::messages::ui;
use hyoka_core::text::{ColumnUnit, LineIndex};
use hyoka_core::{Diagnostic, Severity};
use serde_json::json;
use std::io::{self, Write};
use std::path::Path;

/// A file's name in each output, by the project's one path policy (hyoka_fs::paths).
#[derive(Debug, Clone)]
pub struct Name {
    /// For people: control characters and bytes that are not UTF-8 escaped.
    pub shown: String,
    /// For JSON: the path as text (bytes that are not UTF-8 become U+FFFD).
    pub text: String,
    /// For SARIF: a `file:///` URI or a relative reference, percent-encoding the real bytes.
    pub uri: String,
    /// The path it was read from (none for standard input).
    pub path: Option<std::path::PathBuf>,
}

impl Name {
    pub fn of(path: &Path) -> Name {
        Name {
            shown: hyoka_fs::paths::for_display(path),
            text: path.to_string_lossy().into_owned(),
            uri: hyoka_fs::paths::to_uri(path),
            path: Some(path.to_path_buf()),
        }
    }
    pub fn stdin() -> Name {
        Name {
            shown: "-".into(),
            text: "-".into(),
            uri: "-".into(),
            path: None,
        }
    }
}

pub struct FileReport {
    pub name: Name,
    pub text: String,
    pub index: Option<LineIndex>,
    pub diagnostics: Vec<Diagnostic>,
    /// Why the file could not be read, or (with diagnostics) why a fix was not written.
    pub error: Option<String>,
    /// What the cross-sheet rules read of it, when they run for it.
    pub summary: Option<hyoka_core::rules::workspace::Summary>,
    /// The config that applied to it, when it was summarized.
    pub config: Option<std::sync::Arc<hyoka_core::Config>>,
    /// Whether it takes part in the cross-sheet rules.
    pub cross_sheet: bool,
    /// The form it was read with, when it was summarized (a report lists its items).
    pub form: Option<std::sync::Arc<hyoka_core::Form>>,
}

impl FileReport {
    pub fn new(name: Name, text: String, diagnostics: Vec<Diagnostic>) -> Self {
        let index = Some(LineIndex::new(&text));
        FileReport {
            name,
            text,
            index,
            diagnostics,
            error: None,
            summary: None,
            config: None,
            cross_sheet: false,
            form: None,
        }
    }
    /// Keep the sheet's summary, and whether it takes part in the cross-sheet rules.
    pub fn with_summary(
        mut self,
        summary: Option<hyoka_core::rules::workspace::Summary>,
        config: &std::sync::Arc<hyoka_core::Config>,
        form: &std::sync::Arc<hyoka_core::Form>,
        cross_sheet: bool,
    ) -> Self {
        self.config = summary.is_some().then(|| config.clone());
        self.form = summary.is_some().then(|| form.clone());
        self.cross_sheet = cross_sheet && summary.is_some();
        self.summary = summary;
        self
    }
    pub fn error(name: Name, error: String) -> Self {
        FileReport {
            name,
            text: String::new(),
            index: None,
            diagnostics: vec![],
            error: Some(error),
            summary: None,
            config: None,
            cross_sheet: false,
            form: None,
        }
    }
    pub fn with_error(mut self, error: String) -> Self {
        self.error = Some(error);
        self
    }
    /// Whether the file was read and linted.
    pub fn was_checked(&self) -> bool {
        self.index.is_some()
    }

    /// 1-based (line, column, end line, end column) in Unicode scalar values, end exclusive.
    fn range(&self, span: &std::ops::Range<usize>) -> (u32, u32, u32, u32) {
        let idx = self
            .index
            .as_ref()
            .expect("reports with diagnostics have text");
        let a = idx.position(&self.text, span.start, ColumnUnit::Chars);
        let b = idx.position(&self.text, span.end, ColumnUnit::Chars);
        (a.line + 1, a.col + 1, b.line + 1, b.col + 1)
    }
}

/// Terminal columns a string takes (Unicode's East Asian Width: wide and full-width characters take two;
/// a tab is shown as four spaces; control characters take none).
pub fn display_width(s: &str) -> usize {
    use unicode_width::UnicodeWidthChar;
    s.chars()
        .map(|c| if c == '\t' { 4 } else { c.width().unwrap_or(0) })
        .sum()
}

/// Sheet text as a terminal shows it: control characters (ESC, BEL, a lone CR…) and the bidirectional
/// controls that reorder what is seen are written as `\u{1b}`, so a sheet cannot retitle the window, clear the
/// screen or disguise a line for whoever runs `hyoka check`. A tab becomes four spaces, as the carets count it.
pub fn terminal_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\t' => out.push_str("    "),
            c if c.is_control() || is_bidi_control(c) => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

struct Style {
    on: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

fn sev_label(s: Severity) -> (&'static str, &'static str) {
    match s {
        Severity::Error => ("error", "1;31"),
        Severity::Warning => ("warning", "1;33"),
        Severity::Info => ("info", "1;36"),
        Severity::Hint => ("hint", "1;32"),
    }
}

pub fn human(
    out: &mut impl Write,
    reports: &[FileReport],
    show_hints: bool,
    color: bool,
    skipped: usize,
    not_regular: usize,
) -> io::Result<()> {
    let st = Style { on: color };
    let (mut errors, mut warnings, mut others, mut hidden) = (0, 0, 0, 0);
    for r in reports {
        if let Some(e) = &r.error {
            writeln!(out, "{}: {}: {e}", st.paint("1;31", "error"), r.name.shown)?;
        }
        let Some(idx) = r.index.as_ref() else {
            continue;
        };
        for d in &r.diagnostics {
            match d.severity {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
                Severity::Hint if !show_hints => {
                    hidden += 1;
                    continue;
                }
                _ => others += 1,
            }
            let (label, code) = sev_label(d.severity);
            let (l, c, el, ec) = r.range(&d.span);
            writeln!(
                out,
                "{}{} {}",
                st.paint(code, &format!("{label}[{}]", d.rule)),
                st.paint("1", ":"),
                terminal_text(&d.message)
            )?;
            let gutter = l.to_string().len();
            writeln!(
                out,
                "{:gutter$}{} {}:{l}:{c}",
                "",
                st.paint("1;34", "-->"),
                r.name.shown
            )?;
            let line_range = idx.line_range((l - 1) as usize);
            let line = &r.text[line_range.clone()];
            let shown = terminal_text(line);
            writeln!(out, "{:gutter$} {}", "", st.paint("1;34", "|"))?;
            writeln!(
                out,
                "{} {} {shown}",
                st.paint("1;34", &l.to_string()),
                st.paint("1;34", "|")
            )?;
            let start = d.span.start.clamp(line_range.start, line_range.end) - line_range.start;
            let end = if el == l {
                d.span.end.min(line_range.end) - line_range.start
            } else {
                line.len()
            };
            let pad = display_width(&terminal_text(&line[..start]));
            let width = display_width(&terminal_text(&line[start..end.max(start)])).max(1);
            let _ = ec;
            writeln!(
                out,
                "{:gutter$} {} {:pad$}{}",
                "",
                st.paint("1;34", "|"),
                "",
                st.paint(code, &"^".repeat(width))
            )?;
            for rel in &d.related {
                let owner = related_file(reports, r, rel);
                let (rl, rc, _, _) = owner.range(&rel.span);
                writeln!(
                    out,
                    "{:gutter$} {} {}: {} ({}:{rl}:{rc})",
                    "",
                    st.paint("1;34", "="),
                    st.paint("1", "note"),
                    terminal_text(&rel.message),
                    owner.name.shown
                )?;
            }
            writeln!(out)?;
        }
    }
    let files = reports.iter().filter(|r| r.was_checked()).count();
    let failed = reports.len() - files;
    let mut summary = ui(
        "cli.summary.checked",
        &[
            ("files", &files),
            ("errors", &errors),
            ("warnings", &warnings),
        ],
    );
    if others > 0 {
        summary.push_str(&ui("cli.summary.others", &[("count", &others)]));
    }
    if hidden > 0 {
        summary.push_str(&ui("cli.summary.hidden_hints", &[("count", &hidden)]));
    }
    if failed > 0 {
        summary.push_str(&ui("cli.summary.failed", &[("count", &failed)]));
    }
    if skipped > 0 {
        summary.push_str(&ui("cli.summary.skipped", &[("count", &skipped)]));
    }
    if not_regular > 0 {
        summary.push_str(&ui("cli.summary.not_regular", &[("count", &not_regular)]));
    }
    writeln!(out, "{}", st.paint("1", &summary))
}

/// The report of the file a related location is in: another checked file (cross-sheet rules), else `r`.
fn related_file<'a>(
    reports: &'a [FileReport],
    r: &'a FileReport,
    rel: &hyoka_core::diagnostics::Related,
) -> &'a FileReport {
    rel.file
        .and_then(|f| reports.get(f.0 as usize))
        .filter(|o| o.was_checked())
        .unwrap_or(r)
}

/// The JSON report, written as it is made: one diagnostic's value at a time, so a sheet with a hundred
/// thousand diagnostics does not hold them all as JSON values at once (about 6 KB each).
pub fn json(out: &mut impl Write, reports: &[FileReport]) -> io::Result<()> {
    out.write_all(b"{\"files\":[")?;
    for (k, r) in reports.iter().enumerate() {
        if k > 0 {
            out.write_all(b",")?;
        }
        out.write_all(b"{\"path\":")?;
        serde_json::to_writer(&mut *out, &r.name.text)?;
        if let Some(e) = &r.error {
            out.write_all(b",\"error\":")?;
            serde_json::to_writer(&mut *out, e)?;
        }
        if r.was_checked() {
            out.write_all(b",\"diagnostics\":[")?;
            for (i, d) in r.diagnostics.iter().enumerate() {
                if i > 0 {
                    out.write_all(b",")?;
                }
                serde_json::to_writer(&mut *out, &json_diagnostic(reports, r, d))?;
            }
            out.write_all(b"]")?;
        }
        out.write_all(b"}")?;
    }
    out.write_all(b"]}")?;
    writeln!(out)
}

fn json_diagnostic<'a>(
    reports: &'a [FileReport],
    r: &'a FileReport,
    d: &'a Diagnostic,
) -> JsonDiagnostic<'a> {
    JsonDiagnostic::new(d, r.range(&d.span), &|rel| {
        let owner = related_file(reports, r, rel);
        // Only a location in another file names it.
        let path = (!std::ptr::eq(owner, r)).then_some(owner.name.text.as_str());
        (owner.range(&rel.span), path)
    })
}

pub fn sarif(out: &mut impl Write, reports: &[FileReport]) -> io::Result<()> {
    let rules = hyoka_core::rules::ALL;
    let level = |s: Severity| match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    };
    let region = |r: &FileReport, span: &std::ops::Range<usize>| {
        let (l, c, el, ec) = r.range(span);
        json!({ "startLine": l, "startColumn": c, "endLine": el, "endColumn": ec })
    };
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for r in reports {
        if let Some(e) = &r.error {
            notifications.push(json!({
                "level": "error",
                "message": { "text": e },
                "locations": [{ "physicalLocation": { "artifactLocation": { "uri": r.name.uri } } }],
            }));
        }
        for d in &r.diagnostics {
            let idx = rules.iter().position(|x| x.id == d.rule).unwrap_or(0);
            let mut res = json!({
                "ruleId": d.rule,
                "ruleIndex": idx,
                "level": level(d.severity),
                "message": { "text": d.message },
                "locations": [{ "physicalLocation": {
                    "artifactLocation": { "uri": r.name.uri },
                    "region": region(r, &d.span),
                }}],
            });
            if !d.related.is_empty() {
                res["relatedLocations"] = d
                    .related
                    .iter()
                    .enumerate()
                    .map(|(i, rel)| {
                        let owner = related_file(reports, r, rel);
                        json!({
                            "id": i,
                            "message": { "text": rel.message },
                            "physicalLocation": { "artifactLocation": { "uri": owner.name.uri }, "region": region(owner, &rel.span) },
                        })
                    })
                    .collect();
            }
            results.push(res);
        }
    }
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "hyoka",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules.iter().map(|r| json!({
                    "id": r.id,
                    "shortDescription": { "text": r.summary() },
                    "fullDescription": { "text": r.doc() },
                    "defaultConfiguration": { "level": level(r.severity) },
                })).collect::<Vec<_>>(),
            }},
            "columnKind": "unicodeCodePoints",
            "invocations": [{ "executionSuccessful": notifications.is_empty(), "toolExecutionNotifications": notifications }],
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths() {
        assert_eq!(display_width("事業費(A)"), 9);
        assert_eq!(display_width("　"), 2);
        assert_eq!(display_width("𠮷"), 2);
        assert_eq!(display_width("ｱ"), 1);
    }
}
