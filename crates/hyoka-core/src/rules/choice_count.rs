use super::{Ctx, Rule, Sink};
use crate::diagnostics::Severity;
use crate::form::Kind;
use crate::model::choice::Resolved;

pub const RULE: Rule = Rule {
    id: "choice-count",
    severity: Severity::Error,
    summary: "一つだけ選ぶ欄で、選択が無い・二つ以上ある",
    doc: "一つだけ選ぶ欄（事業種類、検証結果、進捗状況、方向）を●／○で書くときは、選ぶ選択肢に●を一つ、他に○を\
付けます（`○ハード　●ソフト`）。●がない、または二つ以上あると報告します。印なしで二つ以上の選択肢を並べた\
値（`ハード　ソフト`）も、どれを選んだか分からないため報告します。総合評価は `missing-rating` と\
`multiple-ratings` が扱います。",
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    for (f, n, c) in cx.choice_nodes() {
        if f.kind != Kind::Choice || n.value.is_empty() {
            continue;
        }
        let Some(span) = n.value.span() else { continue };
        if c.marked() {
            match c.filled().count() {
                0 => {
                    out.emit(
                        span,
                        format!(
                            "「{}」に●がありません。選ぶ選択肢を●にしてください",
                            f.label
                        ),
                    );
                }
                1 => {}
                k => {
                    out.emit(
                        span,
                        format!("「{}」に●が{k}つあります。一つだけにしてください", f.label),
                    );
                }
            }
        } else {
            let named: Vec<usize> = c
                .tokens
                .iter()
                .filter_map(|t| match t.resolved {
                    Resolved::Option(i) => Some(i),
                    _ => None,
                })
                .collect();
            if named.len() > 1 {
                out.emit(span, format!("「{}」に選択肢が{}つ書かれています。選んだ一つだけを書くか、●で示してください", f.label, named.len()));
            }
        }
    }
}
