//! `unknown-viewpoint`: a checkbox that is not one of its item's viewpoints.

use super::{Check, Ctx, Rule, Sink};
use crate::diagnostics::{Edit, Severity};
use crate::messages::ja;
use crate::text::{edit_distance, fold};

pub const RULE: Rule = Rule {
    id: "unknown-viewpoint",
    severity: Severity::Warning,
    check: Check::Sheet(check),
};

fn check(cx: &Ctx, out: &mut Sink) {
    let an = &cx.form.analysis;
    for it in cx.sheet.items.iter().flatten() {
        let def = &an.items[it.form];
        for c in it.checkboxes.iter().filter(|c| c.viewpoint.is_none()) {
            let Some(text) = c.text.clone() else {
                out.emit(
                    c.span.clone(),
                    ja("rules.unknown-viewpoint.no_text", &[("item", &def.name)]),
                );
                continue;
            };
            let written = fold(cx.text(&text));
            let nearest = def
                .viewpoints
                .iter()
                .filter(|v| !v.other)
                .map(|v| (edit_distance(&written, &fold(&v.label)), v))
                .min_by_key(|(d, _)| *d);
            match nearest {
                Some((d, v)) if d <= (written.chars().count() / 3).max(1) => {
                    out.emit(
                        text.clone(),
                        ja(
                            "rules.unknown-viewpoint.suggest",
                            &[
                                ("written", &cx.text(&text)),
                                ("item", &def.name),
                                ("viewpoint", &v.label),
                            ],
                        ),
                    )
                    .fix(
                        ja("rules.common.replace", &[("text", &v.label)]),
                        vec![Edit {
                            span: text,
                            text: v.label.clone(),
                        }],
                        d == 1,
                    );
                }
                _ => {
                    out.emit(
                        text.clone(),
                        ja(
                            "rules.unknown-viewpoint.message",
                            &[("written", &cx.text(&text)), ("item", &def.name)],
                        ),
                    );
                }
            }
        }
    }
    // Boxes mean viewpoints only where the form has some (貝塚市's and 加古川市's have none).
    let has_viewpoints = cx
        .form
        .analysis
        .items
        .iter()
        .any(|i| !i.viewpoints.is_empty());
    for c in cx.sheet.orphans.iter().filter(|_| has_viewpoints) {
        let example = cx
            .form
            .analysis
            .items
            .first()
            .map_or("", |i| i.name.as_str());
        out.emit(
            c.span.clone(),
            ja("rules.unknown-viewpoint.orphan", &[("example", &example)]),
        );
    }
}
