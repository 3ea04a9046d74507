//! `year-mismatch`: a year in a label or table header does not fit the evaluated year N (left from last year's sheet).

use super::{Check, Ctx, Rule, Sink};
use crate::diagnostics::{Edit, Severity};
use crate::form::LabelTarget;
use crate::messages::ja;
use crate::model::table::{cell, TableView};
use crate::model::Span;

pub const RULE: Rule = Rule {
    id: "year-mismatch",
    severity: Severity::Error,
    check: Check::Sheet(check),
};

fn report(cx: &Ctx, out: &mut Sink, span: Span, written: i32, expected: i32, what: &str) {
    let years = &cx.form.format.years;
    let want = years.format(expected);
    out.emit(
        span.clone(),
        ja(
            "rules.year-mismatch.message",
            &[
                ("what", &what),
                ("expected", &want),
                ("written", &years.format(written)),
            ],
        ),
    )
    .fix(
        ja("rules.common.replace", &[("text", &want)]),
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
    let (y, n) = cx.form.format.years.parse_prefix(&f.text)?;
    Some((y, f.orig(0, n)))
}

fn check_header(cx: &Ctx, out: &mut Sink, view: &TableView, offsets: &[i32], n: i32, what: &str) {
    let Some(h) = view.header else { return };
    for (col, off) in offsets.iter().enumerate() {
        let Some(cell) = cell(h, col) else {
            continue;
        };
        if let Some((y, span)) = year_span(cx, cell) {
            if y != n + off {
                report(cx, out, span, y, n + off, what);
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
            let label = cx.form.fields[i].display_label(None, &cx.form.format.years);
            report(
                cx,
                out,
                span,
                y,
                n + off,
                &ja("rules.year-mismatch.what_field", &[("label", &label)]),
            );
        }
    }
    let ind = &cx.form.indicators;
    for b in cx.live_indicators() {
        if let Some(t) = &b.table {
            let view = TableView::indicator(cx.src, cx.form, t);
            check_header(
                cx,
                out,
                &view,
                &ind.year_offsets,
                n,
                &ja(
                    "rules.year-mismatch.what_indicator",
                    &[("block", &ind.blocks[b.form].label)],
                ),
            );
        }
    }
    for (def, view) in cx.live_tables() {
        check_header(
            cx,
            out,
            view,
            &def.year_offsets,
            n,
            &ja(
                "rules.year-mismatch.what_budget",
                &[("table", &cx.form.table_name(def))],
            ),
        );
    }
}
