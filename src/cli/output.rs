//! Output formats of `hyoka check`: human (rustc/ruff style), JSON, SARIF 2.1.0.

use hyoka_core::text::{ColumnUnit, LineIndex};
use hyoka_core::{Diagnostic, Severity};
use serde_json::{json, Value};
use std::io::{self, Write};

pub struct FileReport {
    pub path: String,
    pub text: String,
    pub index: Option<LineIndex>,
    pub diagnostics: Vec<Diagnostic>,
    pub error: Option<String>,
}

impl FileReport {
    pub fn new(path: String, text: String, diagnostics: Vec<Diagnostic>) -> Self {
        let index = Some(LineIndex::new(&text));
        FileReport {
            path,
            text,
            index,
            diagnostics,
            error: None,
        }
    }
    pub fn error(path: String, error: String) -> Self {
        FileReport {
            path,
            text: String::new(),
            index: None,
            diagnostics: vec![],
            error: Some(error),
        }
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

/// Terminal columns a string takes: East Asian wide and full-width chars take two.
pub fn display_width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

fn char_width(c: char) -> usize {
    let u = c as u32;
    let wide = matches!(u,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6
        | 0x1F300..=0x1F64F | 0x1F900..=0x1F9FF | 0x20000..=0x3FFFD);
    if c == '\t' {
        4
    } else if c.is_control() || matches!(u, 0xFE00..=0xFE0F | 0xE0100..=0xE01EF | 0x200B..=0x200D) {
        0
    } else if wide {
        2
    } else {
        1
    }
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
) -> io::Result<()> {
    let st = Style { on: color };
    let (mut errors, mut warnings, mut others, mut hidden) = (0, 0, 0, 0);
    for r in reports {
        if let Some(e) = &r.error {
            writeln!(out, "{}: {}: {e}", st.paint("1;31", "error"), r.path)?;
            continue;
        }
        let idx = r.index.as_ref().expect("text present");
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
                d.message
            )?;
            let gutter = l.to_string().len();
            writeln!(
                out,
                "{:gutter$}{} {}:{l}:{c}",
                "",
                st.paint("1;34", "-->"),
                r.path
            )?;
            let line_range = idx.line_range((l - 1) as usize);
            let line = &r.text[line_range.clone()];
            let shown: String = line.replace('\t', "    ");
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
            let pad = display_width(&line[..start]);
            let width = display_width(&line[start..end.max(start)]).max(1);
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
                let (rl, rc, _, _) = r.range(&rel.span);
                writeln!(
                    out,
                    "{:gutter$} {} {}: {} ({}:{rl}:{rc})",
                    "",
                    st.paint("1;34", "="),
                    st.paint("1", "note"),
                    rel.message,
                    r.path
                )?;
            }
            writeln!(out)?;
        }
    }
    let files = reports.iter().filter(|r| r.error.is_none()).count();
    let failed = reports.len() - files;
    let mut summary = format!("{files} ファイルを検査: エラー {errors} 件、警告 {warnings} 件");
    if others > 0 {
        summary.push_str(&format!("、情報・ヒント {others} 件"));
    }
    if hidden > 0 {
        summary.push_str(&format!("（ヒント {hidden} 件は --show-hints で表示）"));
    }
    if failed > 0 {
        summary.push_str(&format!("、読めないファイル {failed} 件"));
    }
    if skipped > 0 {
        summary.push_str(&format!("、シートでないためスキップ {skipped} ファイル"));
    }
    writeln!(out, "{}", st.paint("1", &summary))
}

pub fn json(out: &mut impl Write, reports: &[FileReport]) -> io::Result<()> {
    let files: Vec<Value> = reports
        .iter()
        .map(|r| match &r.error {
            Some(e) => json!({ "path": r.path, "error": e }),
            None => json!({
                "path": r.path,
                "diagnostics": r.diagnostics.iter().map(|d| {
                    let (l, c, el, ec) = r.range(&d.span);
                    json!({ "rule": d.rule, "severity": d.severity.as_str(), "message": d.message,
                            "line": l, "column": c, "end_line": el, "end_column": ec })
                }).collect::<Vec<_>>(),
            }),
        })
        .collect();
    serde_json::to_writer(&mut *out, &json!({ "files": files }))?;
    writeln!(out)
}

/// A relative or absolute path as a URI reference: `/` kept, everything outside RFC 3986's unreserved set encoded.
fn uri(path: &str) -> String {
    let p = path.replace('\\', "/");
    let mut s = String::new();
    for b in p.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s
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
                "locations": [{ "physicalLocation": { "artifactLocation": { "uri": uri(&r.path) } } }],
            }));
            continue;
        }
        for d in &r.diagnostics {
            let idx = rules.iter().position(|x| x.id == d.rule).unwrap_or(0);
            let mut res = json!({
                "ruleId": d.rule,
                "ruleIndex": idx,
                "level": level(d.severity),
                "message": { "text": d.message },
                "locations": [{ "physicalLocation": {
                    "artifactLocation": { "uri": uri(&r.path) },
                    "region": region(r, &d.span),
                }}],
            });
            if !d.related.is_empty() {
                res["relatedLocations"] = d
                    .related
                    .iter()
                    .enumerate()
                    .map(|(i, rel)| json!({
                        "id": i,
                        "message": { "text": rel.message },
                        "physicalLocation": { "artifactLocation": { "uri": uri(&r.path) }, "region": region(r, &rel.span) },
                    }))
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
                    "shortDescription": { "text": r.summary },
                    "fullDescription": { "text": r.doc },
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

    #[test]
    fn uris() {
        assert_eq!(uri("examples/a b.hyoka"), "examples/a%20b.hyoka");
        assert_eq!(uri("事業"), "%E4%BA%8B%E6%A5%AD");
    }
}
