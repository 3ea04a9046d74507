//! `empty-field`: a required field is present but empty.

use super::{Check, Ctx, Rule, Sink};
use crate::diagnostics::Severity;
use crate::form::{Field, FieldRole};
use crate::messages::ja;
use crate::model::FieldNode;

pub const RULE: Rule = Rule {
    id: "empty-field",
    severity: Severity::Error,
    check: Check::Sheet(check),
};

fn check(cx: &Ctx, out: &mut Sink) {
    let form = cx.form;
    let mut report = |f: &Field, node: &FieldNode| {
        if f.required && !f.has_role(FieldRole::DelayReason) && node.value.is_empty() {
            let label = cx.label_of(node);
            let message = match cx.owner_of(node) {
                Some(block) => ja(
                    "rules.empty-field.in_block",
                    &[("block", &block), ("label", &label)],
                ),
                None => ja("rules.empty-field.message", &[("label", &label)]),
            };
            out.emit(node.label.clone(), message);
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

#[cfg(test)]
mod tests {
    use crate::{check, Config, Form};

    const COMPLETE: &str = include_str!("../../../../examples/complete.hyoka");

    #[test]
    fn a_block_field_names_its_block() {
        let text = COMPLETE
            .replace("　単位：％\n", "　単位：\n")
            .replace("　単位：人\n", "　単位：\n");
        let (_, d) = check(&text, &Form::builtin(), &Config::default());
        let mut messages: Vec<&str> = d
            .iter()
            .filter(|d| d.rule == "empty-field")
            .map(|d| d.message.as_str())
            .collect();
        messages.sort();
        assert_eq!(
            messages,
            [
                "成果指標①の必須の欄「単位」に値がありません",
                "成果指標②の必須の欄「単位」に値がありません",
            ]
        );
    }
}
