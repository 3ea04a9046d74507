//! `multiple-ratings`: a rating with more than one mark chosen.

use super::{Check, Ctx, Rule, Sink};
use crate::diagnostics::Severity;
use crate::messages::ja;
use crate::model::choice::Resolved;

pub const RULE: Rule = Rule {
    id: "multiple-ratings",
    severity: Severity::Error,
    check: Check::Sheet(check),
};

fn check(cx: &Ctx, out: &mut Sink) {
    for (_, n, c) in cx.ratings() {
        let Some(span) = n.value.span() else { continue };
        let count = if c.marked() {
            c.filled().count()
        } else {
            c.tokens
                .iter()
                .filter(|t| matches!(t.resolved, Resolved::Option(_)))
                .count()
        };
        if count > 1 {
            out.emit(
                span,
                ja(
                    "rules.multiple-ratings.message",
                    &[("field", &cx.field_name(n)), ("count", &count)],
                ),
            );
        }
    }
}
