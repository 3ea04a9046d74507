use super::{Ctx, Rule, Sink};
use crate::diagnostics::Severity;

pub const RULE: Rule = Rule {
    id: "delay-reason-unexpected",
    severity: Severity::Warning,
    summary: "進捗状況が①なのに遅れている理由が書かれている",
    doc: "進捗状況が `①：予定どおり` なら、遅れている理由は空にします（`－` は空と同じ扱いです）。\
理由が書かれていると、進捗状況の選び間違いか、前年度のシートの消し忘れが疑われます。",
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    let Some((0, pf, pn)) = cx.chosen("progress") else {
        return;
    };
    let Some((_, rn)) = cx.role("delay-reason") else {
        return;
    };
    if !rn.value.is_empty() && !rn.value.is_dash(cx.src) {
        out.emit(rn.label.clone(), format!("進捗状況が「{}」なのに遅れている理由が書かれています。進捗状況か理由を見直してください", pf.options[0].display()))
            .related(pn.value.span().unwrap_or(pn.label.clone()), "進捗状況");
    }
}
