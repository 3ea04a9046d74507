use super::{tables, Ctx, Rule, Sink};
use crate::diagnostics::{Edit, Severity};
use crate::form::LabelTarget;
use crate::model::year::{format_year, parse_year_prefix};
use crate::model::Span;
use crate::text::fold;

pub const RULE: Rule = Rule {
    id: "year-mismatch",
    severity: Severity::Error,
    summary: "欄名や表見出しの年度が評価対象年度 N と合わない（前年度シートの書き換え漏れ）",
    doc: "表題の年度 N を基準に、`平成N年度の主な取組と成果`・`平成N年度の検証結果` は N、`平成N+2年度の取組方針` は N+2、\
指標の表見出しは N-2・N-1・N の順、３．の表見出しは N・N+1・N+2 の順でなければなりません。前年度のシートを\
複製したときの書き換え漏れの典型です。年度は和暦・西暦のどちらでも書け、西暦で比べます（平成31年度＝令和元年度）。\
クイックフィックスは正しい年度に書き換えます。",
    check,
};

fn report(out: &mut Sink, span: Span, written: i32, expected: i32, what: &str) {
    let want = format_year(expected);
    out.emit(
        span.clone(),
        format!(
            "{what}の年度は{want}のはずですが、{}になっています",
            format_year(written)
        ),
    )
    .fix(
        format!("「{want}」に直す"),
        vec![Edit {
            span,
            text: want.clone(),
        }],
        false,
    );
}

/// The year part of a header cell (`平成25年度`), as a span.
fn year_span(cx: &Ctx, cell: &Span) -> Option<(i32, Span)> {
    let f = crate::text::Folded::new(cx.text(cell), cell.start);
    let (y, n) = parse_year_prefix(&f.text)?;
    Some((y, f.orig(0, n)))
}

fn check_header(
    cx: &Ctx,
    out: &mut Sink,
    view: &tables::TableView,
    offsets: &[i32],
    n: i32,
    what: &str,
) {
    let Some(h) = view.header else { return };
    for (col, off) in offsets.iter().enumerate() {
        let Some(cell) = tables::cell(h, col) else {
            continue;
        };
        if let Some((y, span)) = year_span(cx, cell) {
            if y != n + off {
                report(out, span, y, n + off, what);
            }
        }
    }
}

fn check(cx: &Ctx, out: &mut Sink) {
    let Some(n) = cx.year() else { return };
    for f in &cx.sheet.fields {
        let LabelTarget::Top(i) = f.target else {
            continue;
        };
        let (Some(off), Some((y, span))) = (cx.form.fields[i].year_offset, f.year.clone()) else {
            continue;
        };
        if y != n + off {
            report(
                out,
                span,
                y,
                n + off,
                &format!(
                    "「{}」",
                    fold(&cx.form.fields[i].label).trim_start_matches('の')
                ),
            );
        }
    }
    let ind = &cx.form.indicators;
    for b in cx.live_indicators() {
        if let Some(t) = &b.table {
            let view = tables::TableView::new(cx, t, &cx.form.lexicon.indicator_rows);
            check_header(
                cx,
                out,
                &view,
                &ind.year_offsets,
                n,
                &format!("「{}」の表見出し", ind.blocks[b.form].label),
            );
        }
    }
    if let Some(view) = cx.budget_table() {
        check_header(
            cx,
            out,
            view,
            &cx.form.budget.year_offsets,
            n,
            "決算額の表見出し",
        );
    }
}
