//! `missing-rating`: a rating written with marks (●／○) but none chosen.

use super::{Check, Ctx, Rule, Sink};
use crate::diagnostics::Severity;
use crate::messages::ja;

pub const RULE: Rule = Rule {
    id: "missing-rating",
    severity: Severity::Error,
    check: Check::Sheet(check),
};

fn check(cx: &Ctx, out: &mut Sink) {
    for (_, n, c) in cx.ratings() {
        if c.marked() && c.filled().count() == 0 {
            if let Some(span) = n.value.span() {
                let f = cx.form.field(n.target);
                let options: Vec<&str> = f.options.iter().map(|o| o.label.as_str()).collect();
                let (chosen, _) = cx.form.format.choice_marks();
                out.emit(
                    span,
                    ja(
                        "rules.missing-rating.message",
                        &[
                            ("field", &cx.field_name(n)),
                            ("chosen", &chosen),
                            (
                                "options",
                                &options.join(&ja("rules.invalid-choice.option_separator", &[])),
                            ),
                        ],
                    ),
                );
            }
        }
    }
}
