use super::{Ctx, Rule, Sink};
use crate::diagnostics::{Edit, Severity};
use crate::model::choice::Resolved;

pub const RULE: Rule = Rule {
    id: "choice-key-label-mismatch",
    severity: Severity::Error,
    summary: "選択肢の記号と名前が別の選択肢を指している（③：予定どおり）",
    doc: "`③：予定どおり` のように、記号（③）と名前（予定どおり）が違う選択肢を指していると、どちらを選んだのか\
読み手に分かりません。どちらが正しいかは書いた人にしか分からないため、クイックフィックスは両方の直し方を\
示します（`hyoka check --fix` は直しません）。",
    check,
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
                format!(
                    "記号「{}」は「{}」、名前「{}」は「{}」です。どちらかに揃えてください",
                    k.key.as_deref().unwrap_or(""),
                    k.label,
                    l.label,
                    l.display()
                ),
            );
            for o in [k, l] {
                d.fix(
                    format!("「{}」にする", o.display()),
                    vec![Edit {
                        span: t.text.clone(),
                        text: o.display(),
                    }],
                    false,
                );
            }
        }
    }
}
