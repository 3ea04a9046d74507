use super::{Ctx, Rule, Sink};
use crate::diagnostics::Severity;
use crate::form::LabelTarget;
use crate::model::{FieldNode, Head};

pub const RULE: Rule = Rule {
    id: "duplicate-field",
    severity: Severity::Error,
    summary: "同じ欄・指標・項目が二度ある",
    doc: "欄は大項目の中で、指標の欄（指標名・単位…）と分析の欄（分析・課題の抽出・総合評価）はそのブロックの中で、\
一度だけ書きます。活動指標①などの指標ブロックと必要性などの分析項目もシートに一度だけです。\
`総合計画の位置付け` と `行政改革の位置付け` はどちらか一方だけを書きます（両方あると二つ目を指摘します）。\
PDF から貼り付けたシートで、チェックボックスの後に項目名の行が出てくるのは重複ではありません。",
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    let form = cx.form;
    let dupes = |fields: &[FieldNode], same_section: bool, out: &mut Sink| {
        for (i, f) in fields.iter().enumerate() {
            let first = fields[..i]
                .iter()
                .find(|p| p.target == f.target && (!same_section || p.section == f.section));
            if let Some(first) = first {
                out.emit(
                    f.label.clone(),
                    format!(
                        "「{}」が二度書かれています。一つにまとめてください",
                        cx.label_of(f)
                    ),
                )
                .related(first.label.clone(), "最初の記載");
            }
        }
    };
    dupes(&cx.sheet.fields, true, out);
    // Of a group (総合計画の位置付け / 行政改革の位置付け) only one member may be written.
    let mut seen_group: Vec<(&str, &FieldNode)> = Vec::new();
    for f in &cx.sheet.fields {
        let LabelTarget::Top(i) = f.target else {
            continue;
        };
        let Some(g) = form.fields[i].group.as_deref() else {
            continue;
        };
        match seen_group
            .iter()
            .find(|(sg, p)| *sg == g && p.target != f.target)
        {
            Some((_, first)) => {
                out.emit(
                    f.label.clone(),
                    format!(
                        "「{}」と「{}」は一方だけを書きます",
                        cx.label_of(first),
                        cx.label_of(f)
                    ),
                )
                .related(first.label.clone(), "もう一方の記載");
            }
            None => seen_group.push((g, f)),
        }
    }
    let heads = |heads: &[Head], name: &str, out: &mut Sink| {
        for h in heads.iter().skip(1) {
            out.emit(
                h.span.clone(),
                format!("「{name}」が二度あります。一つにまとめてください"),
            )
            .related(heads[0].span.clone(), "最初の記載");
        }
    };
    for b in cx.sheet.indicators.iter().flatten() {
        heads(&b.heads, &form.indicators.blocks[b.form].label, out);
        dupes(&b.fields, false, out);
    }
    for it in cx.sheet.items.iter().flatten() {
        heads(&it.heads, &form.analysis.items[it.form].name, out);
        dupes(&it.fields, false, out);
    }
}
