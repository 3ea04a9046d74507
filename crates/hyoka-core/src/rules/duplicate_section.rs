//! `duplicate-section`: a section heading written twice.

use super::{Check, Ctx, Rule, Sink};
use crate::diagnostics::work;
use crate::diagnostics::Severity;
use crate::messages::ja;
use crate::model::SectionNode;
use std::collections::HashMap;

pub const RULE: Rule = Rule {
    id: "duplicate-section",
    severity: Severity::Error,
    check: Check::Sheet(check),
};

fn check(cx: &Ctx, out: &mut Sink) {
    // The first heading of each section of the form.
    let mut firsts: HashMap<usize, &SectionNode> = HashMap::new();
    for s in &cx.sheet.sections {
        work::step(1);
        let first = *firsts.entry(s.form).or_insert(s);
        if !std::ptr::eq(first, s) {
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
