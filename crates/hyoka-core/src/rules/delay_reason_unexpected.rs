use super::{Ctx, Rule, Sink};
use crate::diagnostics::Severity;
use crate::messages::ja;

pub const RULE: Rule = Rule {
    id: "delay-reason-unexpected",
    severity: Severity::Warning,
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    let Some((0, pf, pn)) = cx.chosen("progress") else {
        return;
    };
    let Some((_, rn)) = cx.role("delay-reason") else {
        return;
    };
    if !rn.value.is_empty() && !rn.value.is_dash(cx.src) {
        out.emit(
            rn.label.clone(),
            ja(
                "rules.delay-reason-unexpected.message",
                &[
                    ("progress", &pf.label),
                    ("option", &pf.options[0].display()),
                ],
            ),
        )
        .related(
            pn.value.span().unwrap_or(pn.label.clone()),
            pf.label.clone(),
        );
    }
}
