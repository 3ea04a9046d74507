use super::{Ctx, Rule, Sink};
use crate::diagnostics::Severity;
use crate::form::Kind;

pub const RULE: Rule = Rule {
    id: "missing-rating",
    severity: Severity::Error,
    summary: "総合評価を●／○で書いているが●がない",
    doc: "総合評価は `●高　○中　○低` のように、選んだ評価に●を一つ付けます。●が一つもないと評価が読めません。\
`総合評価：高` のように評価だけを書くこともできます。",
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    for (f, n, c) in cx.choice_nodes() {
        if f.kind != Kind::Rating {
            continue;
        }
        if c.marked() && c.filled().count() == 0 {
            if let Some(span) = n.value.span() {
                out.emit(
                    span,
                    "総合評価に●がありません。高・中・低のどれか一つを●にしてください",
                );
            }
        }
    }
}
