//! `delay-reason-unexpected`: progress is on schedule yet a reason for a delay is written.

use super::{Check, Ctx, Rule, Sink};
use crate::diagnostics::Severity;
use crate::form::{FieldRole, OptionRole};
use crate::messages::ja;

pub const RULE: Rule = Rule {
    id: "delay-reason-unexpected",
    severity: Severity::Warning,
    check: Check::Sheet(check),
};

fn check(cx: &Ctx, out: &mut Sink) {
    let Some((p, pf, pn)) = cx.chosen(FieldRole::Progress) else {
        return;
    };
    if pf.options[p].role != Some(OptionRole::OnSchedule) {
        return;
    }
    let Some((_, rn)) = cx.role(FieldRole::DelayReason) else {
        return;
    };
    if !rn.value.is_empty() && !rn.value.is_dash(cx.src) {
        out.emit(
            rn.label.clone(),
            ja(
                "rules.delay-reason-unexpected.message",
                &[
                    ("progress", &pf.label),
                    ("option", &pf.options[p].display(&cx.form.format)),
                ],
            ),
        )
        .related(
            pn.value.span().unwrap_or(pn.label.clone()),
            pf.label.clone(),
        );
    }
}
