//! `choice-count`: a single-choice field with no choice or several.

use super::{Check, Ctx, Rule, Sink};
use crate::diagnostics::Severity;
use crate::form::Kind;
use crate::messages::ja;
use crate::model::choice::Resolved;

pub const RULE: Rule = Rule {
    id: "choice-count",
    severity: Severity::Error,
    check: Check::Sheet(check),
};

fn check(cx: &Ctx, out: &mut Sink) {
    for (f, n, c) in cx.choice_nodes() {
        if f.kind != Kind::Choice || n.value.is_empty() {
            continue;
        }
        let Some(span) = n.value.span() else { continue };
        let mark = cx.form.format.choice_marks().0;
        if c.marked() {
            match c.filled().count() {
                0 => {
                    out.emit(
                        span,
                        ja(
                            "rules.choice-count.no_mark",
                            &[("field", &cx.field_name(n)), ("mark", &mark)],
                        ),
                    );
                }
                1 => {}
                k => {
                    out.emit(
                        span,
                        ja(
                            "rules.choice-count.many_marks",
                            &[("field", &cx.field_name(n)), ("count", &k), ("mark", &mark)],
                        ),
                    );
                }
            }
        } else {
            let named: Vec<usize> = c
                .tokens
                .iter()
                .filter_map(|t| match t.resolved {
                    Resolved::Option(i) => Some(i),
                    _ => None,
                })
                .collect();
            if named.len() > 1 {
                out.emit(
                    span,
                    ja(
                        "rules.choice-count.many_named",
                        &[
                            ("field", &cx.field_name(n)),
                            ("count", &named.len()),
                            ("mark", &mark),
                        ],
                    ),
                );
            }
        }
    }
}
