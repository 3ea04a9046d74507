use super::{Ctx, Rule, Sink};
use crate::diagnostics::Severity;
use crate::form::LabelTarget;

pub const RULE: Rule = Rule {
    id: "field-outside-section",
    severity: Severity::Warning,
    summary: "欄が属すべき大項目・ブロックの外にある",
    doc: "欄はそれぞれ決まった大項目に書きます（例：`事業の概要` は `１．事業の位置付け`）。別の大項目の下にある欄も\
読み取りますが、この警告で正しい位置へ移すよう促します（PDF から貼り付けると列が混ざってこうなりがちです）。\
指標の欄（指標名・説明・算定式・単位）と分析の欄（分析・課題の抽出・総合評価）は、それぞれの指標ブロック・\
分析項目の中でしか意味を持たないため、外にあるとその値は読み捨てます。",
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    let form = cx.form;
    for f in &cx.sheet.fields {
        let LabelTarget::Top(i) = f.target else {
            continue;
        };
        let home = form.fields[i].section;
        let here = f
            .section
            .map(|s| form.sections[cx.sheet.sections[s].form].number);
        if here != Some(home) {
            let Some(hs) = form.section_by_number(home) else {
                continue;
            };
            let title = &form.sections[hs].title;
            let home = super::missing_section::fullwidth_number(home);
            let msg = match here {
                Some(_) => format!("「{}」は「{home}．{title}」の欄です。その大項目へ移してください", cx.label_of(f)),
                None => format!("「{}」が大項目の見出しより前にあります。「{home}．{title}」の中へ移してください", cx.label_of(f)),
            };
            out.emit(f.label.clone(), msg);
        }
    }
    for f in &cx.sheet.misplaced {
        let owner = match f.target {
            LabelTarget::Indicator(_) => "指標ブロック（活動指標①など）",
            _ => "分析項目（必要性など）",
        };
        out.emit(
            f.label.clone(),
            format!(
                "「{}」は{owner}の中に書く欄です。ここに書いた値は読み取られません",
                cx.label_of(f)
            ),
        );
    }
}
