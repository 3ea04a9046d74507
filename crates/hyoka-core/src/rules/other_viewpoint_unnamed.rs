use super::{Ctx, Rule, Sink};
use crate::diagnostics::Severity;

pub const RULE: Rule = Rule {
    id: "other-viewpoint-unnamed",
    severity: Severity::Warning,
    summary: "■その他 に視点の名前がない",
    doc: "`■ その他` を選んだときは、括弧の中に自分で加えた視点の名前を書きます（`■ その他（広域連携）`）。\
名前がないと、何の視点で分析したのか分かりません。",
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    for it in cx.sheet.items.iter().flatten() {
        let def = &cx.form.analysis.items[it.form];
        for c in &it.checkboxes {
            let is_other = c.viewpoint.is_some_and(|v| def.viewpoints[v].other);
            if c.ticked && is_other && c.other_name.is_none() {
                out.emit(
                    c.span.clone(),
                    "「その他」を選んだときは（　）の中に視点の名前を書いてください",
                );
            }
        }
    }
}
