//! `unknown-label`: a label the form does not have (likely misspelt).

use super::{Check, Ctx, Rule, Sink};
use crate::diagnostics::{Edit, Severity};
use crate::messages::ja;
use crate::text::fold;

pub const RULE: Rule = Rule {
    id: "unknown-label",
    severity: Severity::Warning,
    check: Check::Sheet(check),
};

fn check(cx: &Ctx, out: &mut Sink) {
    for u in &cx.sheet.unknown {
        let f = cx.form.field(u.suggestion);
        let written = cx.text(&u.head);
        // Keep the year as written; the suggestion replaces the label only.
        let replacement = match (
            f.year_offset,
            cx.form.format.years.parse_prefix(&fold(written)),
        ) {
            (Some(_), Some(_)) => {
                let suffix = &cx.form.format.years.suffix;
                let idx = written
                    .find(suffix.as_str())
                    .map_or(0, |i| i + suffix.len());
                format!("{}{}", &written[..idx], f.label)
            }
            _ => f.label.clone(),
        };
        out.emit(
            u.head.clone(),
            ja(
                "rules.unknown-label.message",
                &[("written", &written), ("replacement", &replacement)],
            ),
        )
        .fix(
            ja("rules.common.replace", &[("text", &replacement)]),
            vec![Edit {
                span: u.head.clone(),
                text: replacement.clone(),
            }],
            u.distance == 1,
        );
    }
}
