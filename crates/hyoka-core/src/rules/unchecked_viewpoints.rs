use super::{Ctx, Rule, Sink};
use crate::diagnostics::Severity;

pub const RULE: Rule = Rule {
    id: "unchecked-viewpoints",
    severity: Severity::Error,
    summary: "分析項目で■の付いた分析の視点が一つもない",
    doc:
        "分析項目（必要性・有効性・妥当性・効率性）ごとに、分析に用いた視点の□を一つ以上■にします。\
■がないと、どの視点から分析したのかが読み手に伝わりません。エディタではチェックボックスの行で\
「□/■を切り替え」のアシストが使えます。",
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    for it in cx.sheet.items.iter().flatten() {
        if !it.checkboxes.iter().any(|c| c.ticked) {
            let name = &cx.form.analysis.items[it.form].name;
            out.emit(it.anchor(), format!("「{name}」に■の付いた分析の視点がありません。分析に用いた視点を■にしてください"));
        }
    }
}
