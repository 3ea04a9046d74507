use super::{Ctx, Rule, Sink};
use crate::diagnostics::Severity;

pub const RULE: Rule = Rule {
    id: "section-order",
    severity: Severity::Warning,
    summary: "大項目が１．〜４．の順に並んでいない",
    doc: "大項目は `１．事業の位置付け` から `４．今後の事業展開` まで番号順に並べます。順番が入れ替わっていると、\
読み手が欄を探しにくくなります。前の大項目より小さい番号の見出しを指摘します。",
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    let mut max: Option<(u32, &crate::model::SectionNode)> = None;
    for s in &cx.sheet.sections {
        let n = cx.form.sections[s.form].number;
        match max {
            Some((m, prev)) if n < m => {
                out.emit(
                    s.heading.clone(),
                    format!("大項目 {n} が大項目 {m} の後にあります。番号順に並べてください"),
                )
                .related(prev.heading.clone(), format!("大項目 {m}"));
            }
            Some((m, _)) if n <= m => {}
            _ => max = Some((n, s)),
        }
    }
}
