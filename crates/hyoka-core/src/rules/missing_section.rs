use super::{Ctx, Rule, Sink};
use crate::diagnostics::{Edit, Severity};

pub const RULE: Rule = Rule {
    id: "missing-section",
    severity: Severity::Error,
    summary: "大項目（１．〜４．）の見出しがない",
    doc: "シートは４つの大項目 `１．事業の位置付け`・`２．事業の検証`・`３．年度別事業内容・決算額（単位：千円）`・\
`４．今後の事業展開（担当課としての提案）` からなります。見出しがない大項目は、その中の欄も読めないため、\
欄ごとの `missing-field` は出さずにこの診断だけを出します。診断は表題行に付きます。\
クイックフィックスは見出しをあるべき位置に挿入します。",
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    for (i, s) in cx.form.sections.iter().enumerate() {
        if cx.sheet.sections.iter().any(|n| n.form == i) {
            continue;
        }
        // Insert before the first present section that should come after it, else at the end.
        let next = cx
            .sheet
            .sections
            .iter()
            .filter(|n| cx.form.sections[n.form].number > s.number)
            .map(|n| cx.sheet.line_starts[n.line])
            .min();
        let heading = format!("{}．{}", fullwidth_number(s.number), s.title);
        let nl = cx.newline();
        let edit = match next {
            Some(at) => Edit {
                span: at..at,
                text: format!("{heading}{nl}{nl}"),
            },
            None => {
                let end = cx.src.len();
                let sep = if cx.src.ends_with('\n') || cx.src.is_empty() {
                    ""
                } else {
                    nl
                };
                Edit {
                    span: end..end,
                    text: format!("{sep}{heading}{nl}"),
                }
            }
        };
        out.emit(
            cx.sheet_anchor(),
            format!("「{heading}」の見出しがありません。大項目を追加してください"),
        )
        .fix(format!("「{heading}」を挿入"), vec![edit], false);
    }
}

pub fn fullwidth_number(n: u32) -> String {
    n.to_string()
        .chars()
        .map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap_or(c))
        .collect()
}
