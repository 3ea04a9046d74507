//! `stray-text`: text that belongs to no field.

use super::{Check, Ctx, Rule, Sink};
use crate::diagnostics::{Edit, Severity};
use crate::messages::ja;

pub const RULE: Rule = Rule {
    id: "stray-text",
    severity: Severity::Hint,
    check: Check::Sheet(check),
};

fn check(cx: &Ctx, out: &mut Sink) {
    let text_field = cx
        .form
        .analysis_text_field()
        .map(|i| &cx.form.analysis.fields[i].label);
    let mut prev_line: Option<usize> = None;
    for (span, item) in &cx.sheet.stray {
        let line = cx.sheet.line_of(span.start);
        // A run of stray lines needs a label only before its first line.
        let starts_run = prev_line.is_none_or(|p| !only_blank_between(cx, p, line));
        prev_line = Some(line);
        match (item, text_field) {
            (Some(k), Some(label)) => {
                let name = &cx.form.analysis.items[*k].name;
                let d = out.emit(
                    span.clone(),
                    ja(
                        "rules.stray-text.in_item",
                        &[("item", name), ("label", label)],
                    ),
                );
                if starts_run {
                    d.fix(
                        ja("rules.stray-text.fix", &[("label", label)]),
                        vec![Edit {
                            span: span.start..span.start,
                            text: format!("{label}{}", cx.form.format.label_separator),
                        }],
                        false,
                    );
                }
            }
            _ => {
                out.emit(span.clone(), ja("rules.stray-text.message", &[]));
            }
        }
    }
}

/// Lines strictly between `a` and `b` are blank or comments.
fn only_blank_between(cx: &Ctx, a: usize, b: usize) -> bool {
    (a + 1..b).all(|l| {
        let start = cx.sheet.line_starts[l];
        let t = cx.src[start..cx.line_content_end(l)].trim();
        t.is_empty() || t.starts_with("//")
    })
}
