use super::{Ctx, Rule, Sink};
use crate::diagnostics::Severity;

pub const RULE: Rule = Rule {
    id: "duplicate-section",
    severity: Severity::Error,
    summary: "同じ大項目の見出しが二度ある",
    doc: "大項目の見出しはシートに一度だけ書きます。二度目の見出しの下に書いた欄は二度目の大項目に属するため、\
欄の重複や欠落の原因になります。二度目の見出しを削除し、内容を一つにまとめてください。",
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    for (i, s) in cx.sheet.sections.iter().enumerate() {
        if let Some(first) = cx.sheet.sections[..i].iter().find(|p| p.form == s.form) {
            let title = &cx.form.sections[s.form].title;
            out.emit(
                s.heading.clone(),
                format!("大項目「{title}」の見出しが二度あります。一つにまとめてください"),
            )
            .related(first.heading.clone(), "最初の見出し");
        }
    }
}
