//! `delay-reason-missing`: progress is late but no reason for the delay is given.

use super::{Check, Ctx, Rule, Sink};
use crate::diagnostics::Severity;
use crate::form::{FieldRole, OptionRole};
use crate::messages::ja;

pub const RULE: Rule = Rule {
    id: "delay-reason-missing",
    severity: Severity::Error,
    check: Check::Sheet(check),
};

fn check(cx: &Ctx, out: &mut Sink) {
    let Some((chosen, pf, pn)) = cx.chosen(FieldRole::Progress) else {
        return;
    };
    let behind = [OptionRole::SlightlyLate, OptionRole::Late];
    if !pf.options[chosen].role.is_some_and(|r| behind.contains(&r)) {
        return;
    }
    let reason = cx.role(FieldRole::DelayReason).map(|(_, n)| n);
    let empty = reason.is_none_or(|n| n.value.is_empty() || n.value.is_dash(cx.src));
    if empty {
        let span = pn.value.span().unwrap_or(pn.label.clone());
        let d = out.emit(
            span,
            ja(
                "rules.delay-reason-missing.message",
                &[
                    ("progress", &pf.label),
                    ("option", &pf.options[chosen].display(&cx.form.format)),
                ],
            ),
        );
        match reason {
            Some(r) => {
                d.related(
                    r.label.clone(),
                    ja("rules.delay-reason-missing.related", &[]),
                );
            }
            None => {
                if let Some(i) = cx.form.field_by_role(FieldRole::DelayReason) {
                    let line = cx
                        .form
                        .render()
                        .empty_field(&cx.form.fields[i], cx.year(), false);
                    d.fix(
                        ja("rules.delay-reason-missing.fix", &[]),
                        vec![cx.insert_lines_after(pn.extent().end, &[line])],
                        false,
                    );
                }
            }
        }
    }
}
