use super::{tables, Ctx, Rule, Sink};
use crate::diagnostics::Severity;
use crate::form::{Field, LabelTarget};
use crate::model::Span;

pub const RULE: Rule = Rule {
    id: "missing-field",
    severity: Severity::Error,
    summary: "必須の欄・指標ブロック・分析項目・表がない（任意の欄はヒント）",
    doc: "様式の必須欄（事務事業名、事業担当、予算科目、事業種類、総合計画（または行政改革）の位置付け、\
対象・受益者、目的・目標、事業の概要、検証結果、進捗状況、主な取組と成果、今後に向けた課題の分析、取組方針、\
課長コメント）、活動指標①・成果指標①とその指標名・単位・表、四つの分析項目とその分析・総合評価、\
３．の表とその必須行がないと報告します。診断は、欠けた部分を入れるべき大項目の見出し（ブロックの欄なら\
ブロックの行）に付きます。大項目そのものがないときは `missing-section` だけを出し、ブロックがないときは\
ブロック一つにつき一件だけ出します。任意の欄（根拠法令等など）がないときはヒントです。\
`遅れている理由` は `delay-reason-missing` が扱うため、この規則では報告しません。\
クイックフィックスは欄の雛形をあるべき位置に挿入します。",
    check,
};

fn severity(required: bool) -> Severity {
    if required {
        Severity::Error
    } else {
        Severity::Hint
    }
}

fn check(cx: &Ctx, out: &mut Sink) {
    let form = cx.form;
    let n = cx.year();
    let mut groups_done: Vec<&str> = Vec::new();
    for (i, f) in form.fields.iter().enumerate() {
        if f.has_role("delay-reason") || cx.sheet.fields_of(i).next().is_some() {
            continue;
        }
        let Some(sec) = cx.sheet.section(form, f.section) else {
            continue;
        };
        if let Some(g) = f.group.as_deref() {
            if groups_done.contains(&g) {
                continue;
            }
            groups_done.push(g);
            let members: Vec<(usize, &Field)> = form
                .fields
                .iter()
                .enumerate()
                .filter(|(_, m)| m.group.as_deref() == Some(g))
                .collect();
            if members
                .iter()
                .any(|(j, _)| cx.sheet.fields_of(*j).next().is_some())
            {
                continue;
            }
            let names: Vec<String> = members
                .iter()
                .map(|(_, m)| format!("「{}」", m.label))
                .collect();
            let label = f.display_label(n);
            out.emit_with(
                severity(f.required),
                sec.heading.clone(),
                format!("{}のどちらかを書いてください", names.join("か")),
            )
            .fix(
                format!("「{label}」を挿入"),
                vec![cx.insert_lines_after(sec.content_end, &[format!("{label}：")])],
                false,
            );
            continue;
        }
        let label = f.display_label(n);
        let what = if f.required { "必須の欄" } else { "欄" };
        let d = out.emit_with(
            severity(f.required),
            sec.heading.clone(),
            format!("{what}「{label}」がありません"),
        );
        d.fix(
            format!("「{label}」を挿入"),
            vec![cx.insert_lines_after(sec.content_end, &[format!("{label}：")])],
            false,
        );
        // A misspelt label that looks like this field is probably it: point there.
        for u in cx
            .sheet
            .unknown
            .iter()
            .filter(|u| u.suggestion == LabelTarget::Top(i))
        {
            d.related(
                u.head.clone(),
                format!("「{label}」の書き間違いかもしれません（unknown-label）"),
            );
        }
    }
    indicators(cx, out);
    items(cx, out);
    budget(cx, out);
}

fn indicators(cx: &Ctx, out: &mut Sink) {
    let form = cx.form;
    let ind = &form.indicators;
    let sec = cx.sheet.section(form, ind.section);
    for (k, def) in ind.blocks.iter().enumerate() {
        match &cx.sheet.indicators[k] {
            None => {
                let Some(sec) = sec.filter(|_| def.required) else {
                    continue;
                };
                let mut lines = vec![def.label.clone()];
                lines.extend(
                    ind.fields
                        .iter()
                        .filter(|f| f.required)
                        .map(|f| format!("　{}：", f.label)),
                );
                out.emit(
                    sec.heading.clone(),
                    format!("「{}」のブロックがありません", def.label),
                )
                .fix(
                    format!("「{}」を挿入", def.label),
                    vec![cx.insert_lines_after(sec.content_end, &lines)],
                    false,
                );
            }
            Some(b) => {
                if !def.required && cx.block_is_blank(b) {
                    continue;
                }
                let head = &b.heads[0];
                for (j, f) in ind
                    .fields
                    .iter()
                    .enumerate()
                    .filter(|(_, f)| f.default.is_none())
                {
                    if !b
                        .fields
                        .iter()
                        .any(|x| x.target == LabelTarget::Indicator(j))
                    {
                        block_field(cx, out, f, &head.span, head.end, &def.label);
                    }
                }
                match &b.table {
                    None => {
                        out.emit(
                            head.span.clone(),
                            format!("「{}」に目標と実績の表がありません", def.label),
                        );
                    }
                    Some(t) => {
                        let view = tables::TableView::new(cx, t, &cx.form.lexicon.indicator_rows);
                        for (r, row) in ind.rows.iter().enumerate() {
                            if view.row(r).is_none() {
                                out.emit(
                                    head.span.clone(),
                                    format!(
                                        "「{}」の表に「{}」の行がありません",
                                        def.label, row.name
                                    ),
                                );
                            }
                        }
                    }
                }
            }
        }
    }
}

fn block_field(cx: &Ctx, out: &mut Sink, f: &Field, anchor: &Span, end: usize, owner: &str) {
    let what = if f.required { "必須の欄" } else { "欄" };
    out.emit_with(
        severity(f.required),
        anchor.clone(),
        format!("「{owner}」に{what}「{}」がありません", f.label),
    )
    .fix(
        format!("「{}」を挿入", f.label),
        vec![cx.insert_lines_after(end, &[format!("　{}：", f.label)])],
        false,
    );
}

fn items(cx: &Ctx, out: &mut Sink) {
    let form = cx.form;
    let an = &form.analysis;
    let sec = cx.sheet.section(form, an.section);
    for (k, def) in an.items.iter().enumerate() {
        match &cx.sheet.items[k] {
            None => {
                let Some(sec) = sec else { continue };
                let mut lines = vec![def.name.clone()];
                lines.extend(def.viewpoints.iter().map(|v| format!("　□ {}", v.label)));
                lines.extend(
                    an.fields
                        .iter()
                        .filter(|f| f.required)
                        .map(|f| format!("　{}：", f.label)),
                );
                out.emit(
                    sec.heading.clone(),
                    format!("分析項目「{}」がありません", def.name),
                )
                .fix(
                    format!("「{}」を挿入", def.name),
                    vec![cx.insert_lines_after(sec.content_end, &lines)],
                    false,
                );
            }
            Some(it) => {
                let anchor = it.anchor();
                let end = it.heads.last().map(|h| h.end).unwrap_or(anchor.end);
                for (j, f) in an.fields.iter().enumerate() {
                    if !it
                        .fields
                        .iter()
                        .any(|x| x.target == LabelTarget::Analysis(j))
                    {
                        block_field(cx, out, f, &anchor, end, &def.name);
                    }
                }
            }
        }
    }
}

fn budget(cx: &Ctx, out: &mut Sink) {
    let b = &cx.form.budget;
    let Some(sec) = cx.sheet.section(cx.form, b.section) else {
        return;
    };
    match cx.budget_table() {
        None if b.required => {
            let n = cx.year();
            let years: Vec<String> = b
                .year_offsets
                .iter()
                .map(|o| {
                    n.map_or_else(
                        || format!("N{o:+}年度"),
                        |n| crate::model::year::format_year(n + o),
                    )
                })
                .collect();
            let mut lines = vec![format!("| | {} |", years.join(" | "))];
            let blanks = vec![" "; years.len()].join("|");
            lines.extend(
                b.rows
                    .iter()
                    .filter(|r| r.required)
                    .map(|r| format!("| {} |{}|", r.name, blanks)),
            );
            out.emit(
                sec.heading.clone(),
                "年度別事業内容・決算額の表がありません",
            )
            .fix(
                "表の雛形を挿入",
                vec![cx.insert_lines_after(sec.content_end, &lines)],
                false,
            );
        }
        None => {}
        Some(view) => {
            for (r, row) in b.rows.iter().enumerate() {
                if view.row(r).is_none() {
                    out.emit_with(
                        severity(row.required),
                        view.table.rows[0].span.clone(),
                        format!("表に「{}」の行がありません", row.name),
                    );
                }
            }
        }
    }
}
