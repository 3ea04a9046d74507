use super::{Ctx, Rule, Sink};
use crate::diagnostics::{Edit, Severity};
use crate::text::{edit_distance, fold};

pub const RULE: Rule = Rule {
    id: "unknown-viewpoint",
    severity: Severity::Warning,
    summary: "チェックボックスがその項目の分析の視点にない",
    doc: "分析項目の□／■は、その項目の分析の視点（様式に印刷された文言）でなければなりません。\
視点は括弧まで含めて照合します（空白は無視）。書き間違いなら最も近い視点を提案し、クイックフィックスで\
直せます（1 文字違いなら `hyoka check --fix` も直します）。別の項目の視点を書いた場合は、正しい項目へ\
移してください。",
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    let an = &cx.form.analysis;
    for it in cx.sheet.items.iter().flatten() {
        let def = &an.items[it.form];
        for c in it.checkboxes.iter().filter(|c| c.viewpoint.is_none()) {
            let Some(text) = c.text.clone() else {
                out.emit(
                    c.span.clone(),
                    format!(
                        "チェックボックスに視点が書かれていません（「{}」の視点を書いてください）",
                        def.name
                    ),
                );
                continue;
            };
            let written = fold(cx.text(&text));
            let nearest = def
                .viewpoints
                .iter()
                .filter(|v| !v.other)
                .map(|v| (edit_distance(&written, &fold(&v.label)), v))
                .min_by_key(|(d, _)| *d);
            match nearest {
                Some((d, v)) if d <= (written.chars().count() / 3).max(1) => {
                    out.emit(
                        text.clone(),
                        format!(
                            "「{}」は「{}」の視点にありません。「{}」ではありませんか",
                            cx.text(&text),
                            def.name,
                            v.label
                        ),
                    )
                    .fix(
                        format!("「{}」に直す", v.label),
                        vec![Edit {
                            span: text,
                            text: v.label.clone(),
                        }],
                        d == 1,
                    );
                }
                _ => {
                    out.emit(
                        text.clone(),
                        format!("「{}」は「{}」の視点にありません", cx.text(&text), def.name),
                    );
                }
            }
        }
    }
    for c in &cx.sheet.orphans {
        out.emit(
            c.span.clone(),
            "どの分析項目の視点か分かりません。分析項目（必要性など）の下に書いてください",
        );
    }
}
