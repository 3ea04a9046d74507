use super::{Ctx, Rule, Sink};
use crate::diagnostics::{Edit, Severity};

pub const RULE: Rule = Rule {
    id: "missing-title",
    severity: Severity::Error,
    summary: "表題行（事業評価シート（平成N年度分））がない、または年度がない",
    doc: "シートには表題行 `事業評価シート（平成27年度分）` が必要です。括弧内の年度が評価対象年度 N になり、\
年度に関するチェック（`year-mismatch` など）はすべてこの N を基準にします。表題行がない、または年度が\
読めないときは年度のチェックを行いません。\n\n例：\n```\n事業評価シート（平成27年度分）\n```\n\
クイックフィックスは 1 行目に表題行の雛形を挿入します。",
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    let sheet = cx.sheet;
    if sheet.titles.is_empty() {
        let d = out.emit(
            cx.sheet_anchor(),
            format!(
                "表題行がありません。1 行目に「{}（平成NN年度分）」と書いてください",
                cx.form.title
            ),
        );
        d.fix(
            "表題行を挿入",
            vec![Edit {
                span: 0..0,
                text: format!("{}（平成　年度分）{}", cx.form.title, cx.newline()),
            }],
            false,
        );
    } else if sheet.year().is_none() {
        out.emit(
            sheet.titles[0].span.clone(),
            "表題行に年度がありません。「（平成27年度分）」のように評価対象年度を書いてください",
        );
    }
}
