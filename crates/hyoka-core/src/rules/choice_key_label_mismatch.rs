//! `choice-key-label-mismatch`: an option's mark and name point at different options (③：予定どおり).

use super::{Check, Ctx, Rule, Sink};
use crate::diagnostics::{Edit, Severity};
use crate::messages::ja;
use crate::model::choice::Resolved;

pub const RULE: Rule = Rule {
    id: "choice-key-label-mismatch",
    severity: Severity::Error,
    check: Check::Sheet(check),
};

fn check(cx: &Ctx, out: &mut Sink) {
    for (f, _, c) in cx.choice_nodes() {
        for t in &c.tokens {
            let Resolved::KeyLabelMismatch { key, label } = t.resolved else {
                continue;
            };
            let (k, l) = (&f.options[key], &f.options[label]);
            let d = out.emit(
                t.text.clone(),
                ja(
                    "rules.choice-key-label-mismatch.message",
                    &[
                        ("key", &k.key.as_deref().unwrap_or("")),
                        ("key_option", &k.label),
                        ("label", &l.label),
                        ("label_option", &l.display(&cx.form.format)),
                    ],
                ),
            );
            for o in [k, l] {
                d.fix(
                    ja(
                        "rules.choice-key-label-mismatch.fix",
                        &[("option", &o.display(&cx.form.format))],
                    ),
                    vec![Edit {
                        span: t.text.clone(),
                        text: o.display(&cx.form.format),
                    }],
                    false,
                );
            }
        }
    }
}
