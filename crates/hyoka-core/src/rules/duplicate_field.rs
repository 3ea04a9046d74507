use super::{Check, Ctx, Rule, Sink};
use crate::diagnostics::Severity;
use crate::form::LabelTarget;
use crate::messages::ja;
use crate::model::{FieldNode, Head};

pub const RULE: Rule = Rule {
    id: "duplicate-field",
    severity: Severity::Error,
    check: Check::Sheet(check),
};

fn check(cx: &Ctx, out: &mut Sink) {
    let form = cx.form;
    let dupes = |fields: &[FieldNode], same_section: bool, out: &mut Sink| {
        for (i, f) in fields.iter().enumerate() {
            let first = fields[..i]
                .iter()
                .find(|p| p.target == f.target && (!same_section || p.section == f.section));
            if let Some(first) = first {
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
    // Of a group (総合計画の位置付け / 行政改革の位置付け) only one member may be written.
    let mut seen_group: Vec<(&str, &FieldNode)> = Vec::new();
    for f in &cx.sheet.fields {
        let LabelTarget::Top(i) = f.target else {
            continue;
        };
        let Some(g) = form.fields[i].group.as_deref() else {
            continue;
        };
        match seen_group
            .iter()
            .find(|(sg, p)| *sg == g && p.target != f.target)
        {
            Some((_, first)) => {
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
            None => seen_group.push((g, f)),
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
