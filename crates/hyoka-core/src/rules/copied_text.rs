use super::workspace::{Sink, Workspace};
use super::{Check, Rule};
use crate::diagnostics::Severity;
use crate::messages::ja;

pub const RULE: Rule = Rule {
    id: "copied-text",
    severity: Severity::Hint,
    check: Check::Workspace(check),
};

/// A yearly text identical (white space aside) to the same field of the project's previous sheet.
fn check(ws: &Workspace, sink: &mut Sink) {
    for (i, prev) in ws.with_previous() {
        let (s, p) = (ws.sheets[i], ws.sheets[prev]);
        for t in &s.texts {
            let Some(old) = p
                .texts
                .iter()
                .find(|o| o.field == t.field && o.normalized == t.normalized)
            else {
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
