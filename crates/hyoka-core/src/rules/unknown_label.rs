use super::{Ctx, Rule, Sink};
use crate::diagnostics::{Edit, Severity};
use crate::form::LabelTarget;
use crate::model::year::parse_year_prefix;
use crate::text::fold;

pub const RULE: Rule = Rule {
    id: "unknown-label",
    severity: Severity::Warning,
    summary: "様式にない欄名（書き間違いの疑い）",
    doc: "`事業の概用：…` のように、様式の欄名に近いが一致しない見出し（2〜20 文字、`：` で終わる）を報告します。\
この行は欄として読めないため、前の欄の値はここで終わり、この行の値は読み捨てます。最も近い欄名を提案し、\
クイックフィックスで置き換えられます（1 文字違いなら `hyoka check --fix` も直します）。\
欄名から遠い `課題：人員不足` のような文は本文として扱い、報告しません。",
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    for u in &cx.sheet.unknown {
        let f = match u.suggestion {
            LabelTarget::Top(i) => &cx.form.fields[i],
            LabelTarget::Indicator(i) => &cx.form.indicators.fields[i],
            LabelTarget::Analysis(i) => &cx.form.analysis.fields[i],
        };
        let written = cx.text(&u.head);
        // Keep the year as written; the suggestion replaces the label only.
        let replacement = match (f.year_offset, parse_year_prefix(&fold(written))) {
            (Some(_), Some(_)) => {
                let idx = written.find("年度").map_or(0, |i| i + "年度".len());
                format!("{}{}", &written[..idx], f.label)
            }
            _ => f.label.clone(),
        };
        out.emit(
            u.head.clone(),
            format!(
                "「{written}」は様式にない欄名です。「{replacement}」の書き間違いではありませんか"
            ),
        )
        .fix(
            format!("「{replacement}」に直す"),
            vec![Edit {
                span: u.head.clone(),
                text: replacement.clone(),
            }],
            u.distance == 1,
        );
    }
}
