use super::{Ctx, Rule, Sink};
use crate::diagnostics::Severity;
use crate::messages::ja;

pub const RULE: Rule = Rule {
    id: "unchecked-viewpoints",
    severity: Severity::Error,
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    for it in cx.sheet.items.iter().flatten() {
        if !it.checkboxes.iter().any(|c| c.ticked) {
            let name = &cx.form.analysis.items[it.form].name;
            out.emit(
                it.anchor(),
                ja("rules.unchecked-viewpoints.message", &[("item", name)]),
            );
        }
    }
}
