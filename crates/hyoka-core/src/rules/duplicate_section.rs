use super::{Check, Ctx, Rule, Sink};
use crate::diagnostics::Severity;
use crate::messages::ja;

pub const RULE: Rule = Rule {
    id: "duplicate-section",
    severity: Severity::Error,
    check: Check::Sheet(check),
};

fn check(cx: &Ctx, out: &mut Sink) {
    for (i, s) in cx.sheet.sections.iter().enumerate() {
        if let Some(first) = cx.sheet.sections[..i].iter().find(|p| p.form == s.form) {
            let title = &cx.form.sections[s.form].title;
            out.emit(
                s.heading.clone(),
                ja("rules.duplicate-section.message", &[("title", title)]),
            )
            .related(
                first.heading.clone(),
                ja("rules.duplicate-section.related", &[]),
            );
        }
    }
}
