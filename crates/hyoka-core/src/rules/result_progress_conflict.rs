use super::{Ctx, Rule, Sink};
use crate::diagnostics::Severity;
use crate::messages::ja;

pub const RULE: Rule = Rule {
    id: "result-progress-conflict",
    severity: Severity::Warning,
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    let (Some((r, rf, rn)), Some((p, pf, pn))) = (cx.chosen("result"), cx.chosen("progress"))
    else {
        return;
    };
    let (r_last, p_last) = (rf.options.len() - 1, pf.options.len() - 1);
    if (r == 0 && p == p_last) || (r == r_last && p == 0) {
        out.emit(
            rn.value.span().unwrap_or(rn.label.clone()),
            ja(
                "rules.result-progress-conflict.message",
                &[
                    ("result", &rf.options[r].display()),
                    ("progress", &pf.label),
                    ("option", &pf.options[p].display()),
                ],
            ),
        )
        .related(
            pn.value.span().unwrap_or(pn.label.clone()),
            pf.label.clone(),
        );
    }
}
