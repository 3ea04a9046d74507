//! hyoka in the browser: bindings over hyoka-core for the offline page (dist/hyoka.html). No logic of its
//! own: each function parses the text it is given with the core and hands back JSON. Positions cross the
//! boundary as UTF-16 offsets (JavaScript strings, CodeMirror), converted in `position` only.

mod position;

use hyoka_core::diagnostics::json::JsonDiagnostic;
use hyoka_core::text::{ColumnUnit, LineIndex};
use hyoka_core::{Config, Diagnostic, Form, Sheet};
use position::Utf16;
use serde_json::{json, Value};
use std::sync::OnceLock;
use wasm_bindgen::prelude::*;

/// The built-in forms, parsed once.
fn builtins() -> &'static [Form] {
    static FORMS: OnceLock<Vec<Form>> = OnceLock::new();
    FORMS.get_or_init(Form::builtins)
}

/// The form `id` names, else the one the title line chooses (as `hyoka check` does), else the default.
fn form_for(text: &str, id: &str) -> &'static Form {
    let forms = builtins();
    forms
        .iter()
        .find(|f| !id.is_empty() && f.id == id)
        .or_else(|| hyoka_core::syntax::detect_form(text, forms))
        .unwrap_or(&forms[0])
}

fn parse(text: &str, id: &str) -> (&'static Form, Sheet, Vec<Diagnostic>) {
    let form = form_for(text, id);
    let (sheet, diags) = hyoka_core::check(text, form, &Config::default());
    (form, sheet, diags)
}

/// The built-in forms: `[{id, name}]`, the default first.
#[wasm_bindgen]
pub fn forms() -> String {
    let list: Vec<Value> = builtins()
        .iter()
        .map(|f| json!({ "id": f.id, "name": f.name }))
        .collect();
    Value::Array(list).to_string()
}

/// The id of the form a text's title line chooses ("" when none does).
#[wasm_bindgen]
pub fn detect(text: &str) -> String {
    hyoka_core::syntax::detect_form(text, builtins()).map_or(String::new(), |f| f.id.clone())
}

/// What `hyoka check --format json --no-workspace FILE` gives for one file: `{"diagnostics": […]}` with the
/// same fields, 1-based lines and columns in Unicode scalar values (`window.hyoka.check`).
#[wasm_bindgen]
pub fn check(text: &str, form: &str) -> String {
    let (_, _, diags) = parse(text, form);
    let index = LineIndex::new(text);
    let range = |span: &std::ops::Range<usize>| {
        let a = index.position(text, span.start, ColumnUnit::Chars);
        let b = index.position(text, span.end, ColumnUnit::Chars);
        (a.line + 1, a.col + 1, b.line + 1, b.col + 1)
    };
    // The command line's JSON diagnostic (one type for both: hyoka_core::diagnostics::json).
    let list: Vec<JsonDiagnostic> = diags
        .iter()
        .map(|d| JsonDiagnostic::new(d, range(&d.span), &|r| (range(&r.span), None)))
        .collect();
    json!({ "diagnostics": list }).to_string()
}

fn edits_json(u: &Utf16, edits: &[hyoka_core::Edit]) -> Value {
    edits
        .iter()
        .map(|e| json!({ "from": u.of(e.span.start), "to": u.of(e.span.end), "insert": e.text }))
        .collect()
}

/// The diagnostics for the editor: `[{from, to, severity, rule, message, fixes: [{title, edits}]}]`, UTF-16.
#[wasm_bindgen]
pub fn lint(text: &str, form: &str) -> String {
    let (_, sheet, diags) = parse(text, form);
    lint_json(text, &sheet, &diags, &Utf16::new(text)).to_string()
}

fn lint_json(text: &str, sheet: &Sheet, diags: &[Diagnostic], u: &Utf16) -> Value {
    let list: Vec<Value> = diags
        .iter()
        .map(|d| {
            let fixes: Vec<Value> = d
                .fixes
                .iter()
                .chain(std::iter::once(&hyoka_core::rules::disable_fix(text, sheet, d)))
                .map(|f| json!({ "title": f.title, "edits": edits_json(u, &f.edits) }))
                .collect();
            json!({ "from": u.of(d.span.start), "to": u.of(d.span.end), "severity": d.severity.as_str(),
                "rule": d.rule, "message": d.message, "fixes": fixes })
        })
        .collect();
    Value::Array(list)
}

/// Everything the editor shows after an edit, from one parse: `{form, diagnostics, tokens, outline}` (as
/// `lint`, `tokens` and `outline` give them).
#[wasm_bindgen]
pub fn analyse(text: &str, form: &str) -> String {
    let (form, sheet, diags) = parse(text, form);
    let u = Utf16::new(text);
    json!({
        "form": form.id,
        "diagnostics": lint_json(text, &sheet, &diags, &u),
        "tokens": tokens_json(text, &sheet, form, &u),
        "outline": symbols_json(&u, &hyoka_core::query::outline(text, &sheet, form)),
    })
    .to_string()
}

/// The help for the thing at UTF-16 offset `at`: `{from, to, markdown}` or `null`.
#[wasm_bindgen]
pub fn hover(text: &str, form: &str, at: u32) -> String {
    let (form, sheet, _) = parse(text, form);
    let u = Utf16::new(text);
    match hyoka_core::query::hover(text, &sheet, form, u.byte(at)) {
        Some(h) => {
            json!({ "from": u.of(h.span.start), "to": u.of(h.span.end), "markdown": h.markdown })
                .to_string()
        }
        None => "null".into(),
    }
}

fn symbols_json(u: &Utf16, list: &[hyoka_core::query::Symbol]) -> Value {
    use hyoka_core::query::SymbolKind as K;
    list.iter()
        .map(|s| {
            let kind = match s.kind {
                K::Title => "title",
                K::Section => "section",
                K::Field => "field",
                K::Indicator => "indicator",
                K::Item => "item",
                K::Table => "table",
            };
            json!({ "name": s.name, "detail": s.detail, "kind": kind, "from": u.of(s.range.start),
                "to": u.of(s.range.end), "at": u.of(s.selection.start), "children": symbols_json(u, &s.children) })
        })
        .collect()
}

/// The outline: title → sections → fields, blocks, items, tables (`[{name, kind, at, from, to, children}]`).
#[wasm_bindgen]
pub fn outline(text: &str, form: &str) -> String {
    let (form, sheet, _) = parse(text, form);
    let u = Utf16::new(text);
    symbols_json(&u, &hyoka_core::query::outline(text, &sheet, form)).to_string()
}

/// The code actions for a range: quick fixes and disables of the diagnostics it touches, assists, fix-all
/// (`[{title, kind, preferred, edits}]`).
#[wasm_bindgen]
pub fn actions(text: &str, form: &str, from: u32, to: u32) -> String {
    use hyoka_core::query::ActionKind as K;
    let (form, sheet, diags) = parse(text, form);
    let u = Utf16::new(text);
    let range = u.byte(from)..u.byte(to);
    let list: Vec<Value> =
        hyoka_core::query::code_actions(text, &sheet, form, &diags, range, |_| true)
            .iter()
            .map(|a| {
                let kind = match a.kind {
                    K::QuickFix => "quickfix",
                    K::Disable => "disable",
                    K::Refactor => "refactor",
                    K::FixAll => "fixall",
                };
                json!({ "title": a.fix.title, "kind": kind, "preferred": a.preferred,
                "edits": edits_json(&u, &a.fix.edits) })
            })
            .collect();
    Value::Array(list).to_string()
}

/// Syntax colouring from the core's semantic tokens: `[[from, to, type]]`.
#[wasm_bindgen]
pub fn tokens(text: &str, form: &str) -> String {
    let (form, sheet, _) = parse(text, form);
    tokens_json(text, &sheet, form, &Utf16::new(text)).to_string()
}

fn tokens_json(text: &str, sheet: &Sheet, form: &Form, u: &Utf16) -> Value {
    use hyoka_core::query::TokenType as T;
    let list: Vec<Value> = hyoka_core::query::semantic_tokens(text, sheet, form)
        .iter()
        .map(|(span, t)| {
            let name = match t {
                T::Heading => "heading",
                T::Block => "block",
                T::Label => "label",
                T::Mark => "mark",
                T::Option => "option",
                T::Number => "number",
            };
            json!([u.of(span.start), u.of(span.end), name])
        })
        .collect();
    Value::Array(list)
}

/// A new sheet of form `form` for fiscal year `year` (Gregorian).
#[wasm_bindgen]
pub fn skeleton(form: &str, year: i32) -> String {
    hyoka_core::query::skeleton(form_for("", form), year)
}

/// A file's bytes as text: `{text, encoding: "utf-8"|"utf-8-bom"|"shift_jis", crlf}`, or `{error}` in
/// Japanese when the bytes are not text.
#[wasm_bindgen]
pub fn decode(bytes: &[u8]) -> String {
    use hyoka_core::text::decode::Encoding as E;
    match hyoka_core::text::decode::decode(bytes) {
        Ok((text, enc)) => {
            let encoding = match enc {
                E::Utf8 => "utf-8",
                E::Utf8Bom => "utf-8-bom",
                E::ShiftJis => "shift_jis",
            };
            let crlf = hyoka_core::text::lines::newline(&text) == "\r\n";
            json!({ "text": text, "encoding": encoding, "crlf": crlf }).to_string()
        }
        Err(e) => json!({ "error": e.to_string() }).to_string(),
    }
}

/// The file to save: `original` (the bytes as opened, `before` their text) with the text changed to
/// `after`. Only the changed stretch is re-encoded, so every other byte stays as it was (the encoding, the
/// line ends, a BOM). Empty when the change cannot be written in the file's encoding (𠮷 in Shift_JIS).
#[wasm_bindgen]
pub fn save(original: &[u8], before: &str, after: &str) -> Vec<u8> {
    let Ok((text, enc)) = hyoka_core::text::decode::decode(original) else {
        return after.as_bytes().to_vec();
    };
    if text != before {
        return hyoka_core::text::decode::encode(after, enc);
    }
    let edit = position::change(before, after);
    let spliced = hyoka_core::text::decode::splice(original, enc, before, &[vec![edit]]);
    if spliced.unencodable.is_empty() {
        spliced.bytes
    } else {
        Vec::new()
    }
}
