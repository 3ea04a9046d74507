//! `missing-viewpoint`: an analysis item lacks a viewpoint of the form.

use super::{Check, Ctx, Rule, Sink};
use crate::diagnostics::Severity;
use crate::messages::ja;

pub const RULE: Rule = Rule {
    id: "missing-viewpoint",
    severity: Severity::Warning,
    check: Check::Sheet(check),
};

fn check(cx: &Ctx, out: &mut Sink) {
    for it in cx.sheet.items.iter().flatten() {
        let def = &cx.form.analysis.items[it.form];
        let anchor = it.anchor();
        let after = it.checkboxes.last().map_or(anchor.end, |c| c.span.end);
        let indent = it
            .checkboxes
            .last()
            .map_or(cx.form.format.indent.as_str(), |c| {
                let start = cx.sheet.line_starts[c.line];
                &cx.src[start..c.span.start]
            });
        for (v, vp) in def.viewpoints.iter().enumerate() {
            if !it.checkboxes.iter().any(|c| c.viewpoint == Some(v)) {
                out.emit(
                    anchor.clone(),
                    ja(
                        "rules.missing-viewpoint.message",
                        &[("item", &def.name), ("viewpoint", &vp.label)],
                    ),
                )
                .fix(
                    ja("rules.missing-viewpoint.fix", &[("viewpoint", &vp.label)]),
                    vec![cx.insert_lines_after(
                        after,
                        &[cx.form.render().checkbox(indent, &vp.label)],
                    )],
                    false,
                );
            }
        }
    }
}
