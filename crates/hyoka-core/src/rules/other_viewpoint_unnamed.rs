//! `other-viewpoint-unnamed`: ■その他 ticked without naming the viewpoint.

use super::{Check, Ctx, Rule, Sink};
use crate::diagnostics::Severity;
use crate::messages::ja;

pub const RULE: Rule = Rule {
    id: "other-viewpoint-unnamed",
    severity: Severity::Warning,
    check: Check::Sheet(check),
};

fn check(cx: &Ctx, out: &mut Sink) {
    for it in cx.sheet.items.iter().flatten() {
        let def = &cx.form.analysis.items[it.form];
        for c in &it.checkboxes {
            let is_other = c.viewpoint.is_some_and(|v| def.viewpoints[v].other);
            if c.ticked && is_other && c.other_name.is_none() {
                out.emit(
                    c.span.clone(),
                    ja(
                        "rules.other-viewpoint-unnamed.message",
                        &[("item", &def.name)],
                    ),
                );
            }
        }
    }
}
