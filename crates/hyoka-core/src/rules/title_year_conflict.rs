//! `title-year-conflict`: several title lines naming different years.

use super::{Check, Ctx, Rule, Sink};
use crate::diagnostics::Severity;
use crate::messages::ja;

pub const RULE: Rule = Rule {
    id: "title-year-conflict",
    severity: Severity::Error,
    check: Check::Sheet(check),
};

fn check(cx: &Ctx, out: &mut Sink) {
    let mut years = cx
        .sheet
        .titles
        .iter()
        .filter_map(|t| t.year.as_ref().map(|y| (t, y)));
    let Some((_, (first, first_span))) = years.next() else {
        return;
    };
    for (_, (y, span)) in years {
        if y != first {
            out.emit(
                span.clone(),
                ja(
                    "rules.title-year-conflict.message",
                    // As the title writes it (the stored year is N, the title's year plus the offset).
                    &[(
                        "year",
                        &cx.form
                            .format
                            .years
                            .format(*first - cx.form.title.year_offset),
                    )],
                ),
            )
            .related(
                first_span.clone(),
                ja("rules.title-year-conflict.related", &[]),
            );
        }
    }
}
