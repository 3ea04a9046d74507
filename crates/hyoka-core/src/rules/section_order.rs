//! `section-order`: sections out of the form's order.

use super::{Check, Ctx, Rule, Sink};
use crate::diagnostics::Severity;
use crate::messages::ja;

pub const RULE: Rule = Rule {
    id: "section-order",
    severity: Severity::Warning,
    check: Check::Sheet(check),
};

fn check(cx: &Ctx, out: &mut Sink) {
    let mut max: Option<(u32, &crate::model::SectionNode)> = None;
    for s in &cx.sheet.sections {
        let n = cx.form.sections[s.form].number;
        match max {
            Some((m, prev)) if n < m => {
                let render = cx.form.render();
                let heading = render.heading(&cx.form.sections[s.form]);
                let previous = render.heading(&cx.form.sections[prev.form]);
                out.emit(
                    s.heading.clone(),
                    ja(
                        "rules.section-order.message",
                        &[("heading", &heading), ("previous", &previous)],
                    ),
                )
                .related(
                    prev.heading.clone(),
                    ja("rules.section-order.related", &[("previous", &previous)]),
                );
            }
            Some((m, _)) if n <= m => {}
            _ => max = Some((n, s)),
        }
    }
}
