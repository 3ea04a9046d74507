use super::{Ctx, Rule, Sink};
use crate::diagnostics::Severity;
use crate::model::year::format_year;

pub const RULE: Rule = Rule {
    id: "title-year-conflict",
    severity: Severity::Error,
    summary: "表題行が二つ以上あり、年度が食い違う",
    doc: "PDF から貼り付けたシートでは表題行（ページ見出し）が何度も現れますが、年度はすべて同じでなければ\
なりません。異なる年度があるときは、別の年度のシートが混ざっているか、年度の書き換え漏れです。\
最初の表題行の年度を正として、食い違う表題行を指摘します。",
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    let mut years = cx
        .sheet
        .titles
        .iter()
        .filter_map(|t| t.year.as_ref().map(|y| (t, y)));
    let Some((_, (first, first_span))) = years.next() else {
        return;
    };
    for (_, (y, span)) in years {
        if y != first {
            out.emit(
                span.clone(),
                format!(
                    "表題の年度が最初の表題（{}）と違います。同じ年度にしてください",
                    format_year(*first)
                ),
            )
            .related(first_span.clone(), "最初の表題の年度");
        }
    }
}
