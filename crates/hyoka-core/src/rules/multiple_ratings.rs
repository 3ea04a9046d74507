use super::{Ctx, Rule, Sink};
use crate::diagnostics::Severity;
use crate::form::Kind;
use crate::model::choice::Resolved;

pub const RULE: Rule = Rule {
    id: "multiple-ratings",
    severity: Severity::Error,
    summary: "総合評価に●が二つ以上ある",
    doc: "総合評価は一つだけ選びます。`●高　●中　○低` のように●が二つ以上あると報告します。印なしで `高　中` と\
二つ以上書いた値も同じく報告します。",
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    for (f, n, c) in cx.choice_nodes() {
        if f.kind != Kind::Rating {
            continue;
        }
        let Some(span) = n.value.span() else { continue };
        let count = if c.marked() {
            c.filled().count()
        } else {
            c.tokens
                .iter()
                .filter(|t| matches!(t.resolved, Resolved::Option(_)))
                .count()
        };
        if count > 1 {
            out.emit(
                span,
                format!("総合評価が{count}つ選ばれています。一つだけにしてください"),
            );
        }
    }
}
