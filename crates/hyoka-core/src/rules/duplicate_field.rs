//! `duplicate-field`: a field, indicator block or analysis item written twice.

use super::{Check, Ctx, Rule, Sink};
use crate::diagnostics::work;
use crate::diagnostics::Severity;
use crate::form::LabelTarget;
use crate::messages::ja;
use crate::model::{FieldNode, Head};
use std::collections::HashMap;

pub const RULE: Rule = Rule {
    id: "duplicate-field",
    severity: Severity::Error,
    check: Check::Sheet(check),
};

fn check(cx: &Ctx, out: &mut Sink) {
    let form = cx.form;
    let dupes = |fields: &[FieldNode], same_section: bool, out: &mut Sink| {
        // The first field of each target (in each section, when `same_section`).
        let mut firsts: HashMap<(LabelTarget, Option<usize>), &FieldNode> = HashMap::new();
        for f in fields {
            work::step(1);
            let section = if same_section { f.section } else { None };
            let first = *firsts.entry((f.target, section)).or_insert(f);
            if !std::ptr::eq(first, f) {
                out.emit(
                    f.label.clone(),
                    ja(
                        "rules.duplicate-field.message",
                        &[("field", &cx.field_name(f))],
                    ),
                )
                .related(
                    first.label.clone(),
                    ja("rules.common.first_occurrence", &[]),
                );
            }
        }
    };
    dupes(&cx.sheet.fields, true, out);
    // Of a group (総合計画の位置付け / 行政改革の位置付け) only one member may be written. The first field of
    // the group is the one a later member of another target is told of (the same target again is a
    // duplicate, reported above).
    let mut seen_group: HashMap<&str, &FieldNode> = HashMap::new();
    for f in &cx.sheet.fields {
        work::step(1);
        let LabelTarget::Top(i) = f.target else {
            continue;
        };
        let Some(g) = form.fields[i].group.as_deref() else {
            continue;
        };
        match seen_group.get(g).filter(|p| p.target != f.target) {
            Some(first) => {
                out.emit(
                    f.label.clone(),
                    ja(
                        "rules.duplicate-field.group",
                        &[("first", &cx.label_of(first)), ("second", &cx.label_of(f))],
                    ),
                )
                .related(
                    first.label.clone(),
                    ja("rules.duplicate-field.group_related", &[]),
                );
            }
            None => {
                seen_group.entry(g).or_insert(f);
            }
        }
    }
    let heads = |heads: &[Head], name: &str, out: &mut Sink| {
        for h in heads.iter().skip(1) {
            out.emit(
                h.span.clone(),
                ja("rules.duplicate-field.block", &[("name", &name)]),
            )
            .related(
                heads[0].span.clone(),
                ja("rules.common.first_occurrence", &[]),
            );
        }
    };
    for b in cx.sheet.indicators.iter().flatten() {
        heads(&b.heads, &form.indicators.blocks[b.form].label, out);
        dupes(&b.fields, false, out);
    }
    for it in cx.sheet.items.iter().flatten() {
        heads(&it.heads, &form.analysis.items[it.form].name, out);
        dupes(&it.fields, false, out);
    }
}
