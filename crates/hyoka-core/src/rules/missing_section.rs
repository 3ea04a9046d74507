//! `missing-section`: a section heading of the form is missing.

use super::{Check, Ctx, Rule, Sink};
use crate::diagnostics::{Edit, Severity};
use crate::messages::ja;

pub const RULE: Rule = Rule {
    id: "missing-section",
    severity: Severity::Error,
    check: Check::Sheet(check),
};

fn check(cx: &Ctx, out: &mut Sink) {
    for (i, s) in cx.form.sections.iter().enumerate() {
        if cx.sheet.sections.iter().any(|n| n.form == i) {
            continue;
        }
        // Insert before the first present section that should come after it, else at the end.
        let next = cx
            .sheet
            .sections
            .iter()
            .filter(|n| cx.form.sections[n.form].number > s.number)
            .map(|n| cx.sheet.line_starts[n.line])
            .min();
        let heading = cx.form.render().heading(s);
        let nl = cx.newline();
        let edit = match next {
            Some(at) => Edit {
                span: at..at,
                text: format!("{heading}{nl}{nl}"),
            },
            None => {
                let end = cx.src.len();
                let sep = if cx.src.ends_with('\n') || cx.src.is_empty() {
                    ""
                } else {
                    nl
                };
                Edit {
                    span: end..end,
                    text: format!("{sep}{heading}{nl}"),
                }
            }
        };
        out.emit(
            cx.sheet_anchor(),
            ja("rules.missing-section.message", &[("heading", &heading)]),
        )
        .fix(
            ja("rules.common.insert", &[("label", &heading)]),
            vec![edit],
            false,
        );
    }
}
