use super::{Ctx, Rule, Sink};
use crate::diagnostics::Severity;

pub const RULE: Rule = Rule {
    id: "stray-text",
    severity: Severity::Hint,
    summary: "どの欄にも属さない文",
    doc: "欄のラベルの後でも表の中でもない文です。PDF から貼り付けたときに、ラベルが失われた値がこうなります。\
どの欄の値かを確かめて、その欄の下へ移してください。（ヒントのため、`hyoka check` は `--show-hints` のときだけ表示します。）",
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    for s in &cx.sheet.stray {
        out.emit(
            s.clone(),
            "どの欄にも属さない文です。欄のラベルの下へ移してください",
        );
    }
}
