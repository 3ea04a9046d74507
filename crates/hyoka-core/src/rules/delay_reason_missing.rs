use super::{Ctx, Rule, Sink};
use crate::diagnostics::Severity;
use crate::messages::ja;

pub const RULE: Rule = Rule {
    id: "delay-reason-missing",
    severity: Severity::Error,
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    let Some((chosen, pf, pn)) = cx.chosen("progress") else {
        return;
    };
    if chosen == 0 {
        return;
    }
    let reason = cx.role("delay-reason").map(|(_, n)| n);
    let empty = reason.is_none_or(|n| n.value.is_empty() || n.value.is_dash(cx.src));
    if empty {
        let span = pn.value.span().unwrap_or(pn.label.clone());
        let d = out.emit(
            span,
            ja(
                "rules.delay-reason-missing.message",
                &[
                    ("progress", &pf.label),
                    ("option", &pf.options[chosen].display()),
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
                d.fix(
                    ja("rules.delay-reason-missing.fix", &[]),
                    vec![cx.insert_lines_after(pn.extent().end, &["遅れている理由：".to_string()])],
                    false,
                );
            }
        }
    }
}
