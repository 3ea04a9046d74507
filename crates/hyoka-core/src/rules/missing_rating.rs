use super::{Ctx, Rule, Sink};
use crate::diagnostics::Severity;
use crate::messages::ja;

pub const RULE: Rule = Rule {
    id: "missing-rating",
    severity: Severity::Error,
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    for (_, n, c) in cx.ratings() {
        if c.marked() && c.filled().count() == 0 {
            if let Some(span) = n.value.span() {
                out.emit(
                    span,
                    ja(
                        "rules.missing-rating.message",
                        &[("field", &cx.field_name(n))],
                    ),
                );
            }
        }
    }
}
