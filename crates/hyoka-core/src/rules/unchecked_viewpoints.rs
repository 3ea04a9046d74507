//! `unchecked-viewpoints`: an analysis item with no ticked viewpoint.

use super::{Check, Ctx, Rule, Sink};
use crate::diagnostics::Severity;
use crate::messages::ja;

pub const RULE: Rule = Rule {
    id: "unchecked-viewpoints",
    severity: Severity::Error,
    check: Check::Sheet(check),
};

fn check(cx: &Ctx, out: &mut Sink) {
    for it in cx.sheet.items.iter().flatten() {
        // An item without viewpoints in its form (郡山's 一次評価) has no box to tick.
        let has_viewpoints = !cx.form.analysis.items[it.form].viewpoints.is_empty();
        if has_viewpoints && !it.checkboxes.iter().any(|c| c.ticked) {
            let name = &cx.form.analysis.items[it.form].name;
            out.emit(
                it.anchor(),
                ja("rules.unchecked-viewpoints.message", &[("item", name)]),
            );
        }
    }
}
