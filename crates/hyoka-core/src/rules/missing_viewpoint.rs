use super::{Ctx, Rule, Sink};
use crate::diagnostics::Severity;

pub const RULE: Rule = Rule {
    id: "missing-viewpoint",
    severity: Severity::Warning,
    summary: "分析項目に様式の分析の視点が並んでいない",
    doc: "様式は分析項目ごとにすべての分析の視点を□付きで印刷しています（選ばない視点も□のまま残します）。\
視点の行が消えていると、どの視点を検討したのか読み手に分かりません。クイックフィックスは欠けた視点を\
□付きで挿入します。",
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    for it in cx.sheet.items.iter().flatten() {
        let def = &cx.form.analysis.items[it.form];
        let anchor = it.anchor();
        let after = it.checkboxes.last().map_or(anchor.end, |c| c.span.end);
        let indent = it.checkboxes.last().map_or("　", |c| {
            let start = cx.sheet.line_starts[c.line];
            &cx.src[start..c.span.start]
        });
        for (v, vp) in def.viewpoints.iter().enumerate() {
            if !it.checkboxes.iter().any(|c| c.viewpoint == Some(v)) {
                out.emit(
                    anchor.clone(),
                    format!(
                        "「{}」に分析の視点「{}」の行がありません。選ばない視点も□で残してください",
                        def.name, vp.label
                    ),
                )
                .fix(
                    format!("「□ {}」を挿入", vp.label),
                    vec![cx.insert_lines_after(after, &[format!("{indent}□ {}", vp.label)])],
                    false,
                );
            }
        }
    }
}
