use super::{Ctx, Rule, Sink};
use crate::diagnostics::Severity;
use crate::form::Field;
use crate::messages::ja;
use crate::model::FieldNode;

pub const RULE: Rule = Rule {
    id: "empty-field",
    severity: Severity::Error,
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    let form = cx.form;
    let mut report = |f: &Field, node: &FieldNode| {
        if f.required && !f.has_role("delay-reason") && node.value.is_empty() {
            out.emit(
                node.label.clone(),
                ja(
                    "rules.empty-field.message",
                    &[("label", &cx.label_of(node))],
                ),
            );
        }
    };
    for (i, f) in form.fields.iter().enumerate() {
        if let Some(node) = cx.sheet.field(form, i) {
            report(f, node);
        }
    }
    for node in cx.live_block_fields() {
        report(form.field(node.target), node);
    }
}
