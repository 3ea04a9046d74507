//! `copied-text`: a text written afresh each year is the same as last year's sheet (cross-sheet).

use super::workspace::{Sink, Workspace, YearlyText};
use super::{Check, Rule};
use crate::diagnostics::work;
use crate::diagnostics::Severity;
use crate::messages::ja;
use std::collections::HashMap;

pub const RULE: Rule = Rule {
    id: "copied-text",
    severity: Severity::Hint,
    check: Check::Workspace(check),
};

/// A yearly text identical (white space aside) to the same field of the project's previous sheet.
fn check(ws: &Workspace, sink: &mut Sink) {
    for (i, prev) in ws.with_previous() {
        let (s, p) = (ws.sheets[i], ws.sheets[prev]);
        // The previous sheet's texts by field and text (the first of each), looked up once per text.
        let mut before: HashMap<(&str, &str), &YearlyText> = HashMap::new();
        for o in &p.texts {
            work::step(1);
            before
                .entry((o.field.as_str(), o.normalized.as_str()))
                .or_insert(o);
        }
        for t in &s.texts {
            work::step(1);
            let Some(old) = before.get(&(t.field.as_str(), t.normalized.as_str())) else {
                continue;
            };
            let sheet = ws.sheet_name(prev);
            sink.emit(
                i,
                t.span.clone(),
                ja(
                    "rules.copied-text.message",
                    &[("field", &t.name), ("sheet", &sheet)],
                ),
            )
            .related_in(
                p.file,
                old.span.clone(),
                ja("rules.copied-text.related", &[("sheet", &sheet)]),
            );
        }
    }
}
