use super::{Ctx, Rule, Sink};
use crate::diagnostics::Severity;

pub const RULE: Rule = Rule {
    id: "delay-reason-missing",
    severity: Severity::Error,
    summary: "進捗状況が②／③なのに遅れている理由がない",
    doc: "進捗状況を `②：若干遅れている` または `③：遅れている` としたときは、`遅れている理由` に理由を書きます。\
欄がない、空、`－` だけのときに報告します。理由は「何が」「なぜ」遅れたかを一文で書くと伝わります。\
（この欄はこの規則だけが扱い、`missing-field`／`empty-field` は出しません。）",
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    let Some((chosen, pf, pn)) = cx.chosen("progress") else {
        return;
    };
    if chosen == 0 {
        return;
    }
    let reason = cx.role("delay-reason").map(|(_, n)| n);
    let empty = reason.is_none_or(|n| n.value.is_empty() || n.value.is_dash(cx.src));
    if empty {
        let span = pn.value.span().unwrap_or(pn.label.clone());
        let d = out.emit(
            span,
            format!(
                "進捗状況が「{}」なので、「遅れている理由」を書いてください",
                pf.options[chosen].display()
            ),
        );
        match reason {
            Some(r) => {
                d.related(r.label.clone(), "空の「遅れている理由」");
            }
            None => {
                d.fix(
                    "「遅れている理由」を挿入",
                    vec![cx.insert_lines_after(pn.extent().end, &["遅れている理由：".to_string()])],
                    false,
                );
            }
        }
    }
}
