//! `indicator-renamed`: an indicator's name differs from last year's sheet (cross-sheet).

use super::workspace::{Sink, Workspace};
use super::{Check, Rule};
use crate::diagnostics::Severity;
use crate::messages::ja;

pub const RULE: Rule = Rule {
    id: "indicator-renamed",
    severity: Severity::Hint,
    check: Check::Workspace(check),
};

/// An indicator block whose name differs from the same block of the project's previous sheet. A name that
/// moved to another block (the indicators were reordered) is not a rename.
fn check(ws: &Workspace, sink: &mut Sink) {
    for (i, prev) in ws.with_previous() {
        let (s, p) = (ws.sheets[i], ws.sheets[prev]);
        let names = |sheet: &crate::rules::workspace::Summary| -> Vec<String> {
            sheet
                .indicators
                .iter()
                .filter_map(|b| Some(b.name.as_ref()?.key.clone()))
                .collect()
        };
        let (now, before) = (names(s), names(p));
        for b in &s.indicators {
            let Some(name) = &b.name else { continue };
            let Some(old) = p
                .indicators
                .iter()
                .find(|o| o.label == b.label)
                .and_then(|o| o.name.as_ref())
            else {
                continue;
            };
            if old.key == name.key || before.contains(&name.key) || now.contains(&old.key) {
                continue;
            }
            let sheet = ws.sheet_name(prev);
            sink.emit(
                i,
                name.span.clone(),
                ja(
                    "rules.indicator-renamed.message",
                    &[
                        ("block", &b.label),
                        ("sheet", &sheet),
                        ("old", &old.text),
                        ("new", &name.text),
                    ],
                ),
            )
            .related_in(
                p.file,
                old.span.clone(),
                ja("rules.indicator-renamed.related", &[("sheet", &sheet)]),
            );
        }
    }
}
