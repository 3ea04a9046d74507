use super::{Ctx, Rule, Sink};
use crate::diagnostics::Severity;
use crate::form::{Field, LabelTarget};
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
    for b in cx.live_indicators() {
        for node in &b.fields {
            if let LabelTarget::Indicator(j) = node.target {
                report(&form.indicators.fields[j], node);
            }
        }
    }
    for it in cx.sheet.items.iter().flatten() {
        for node in &it.fields {
            if let LabelTarget::Analysis(j) = node.target {
                report(&form.analysis.fields[j], node);
            }
        }
    }
}
