use super::{Ctx, Rule, Sink};
use crate::diagnostics::Severity;
use crate::form::LabelTarget;
use crate::messages::ja;
use crate::model::table::{cell, TableView};
use crate::text::fold;

pub const RULE: Rule = Rule {
    id: "progress-indicator-conflict",
    severity: Severity::Warning,
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    let Some((p, pf, pn)) = cx.chosen("progress") else {
        return;
    };
    let ind = &cx.form.indicators;
    let n = cx.year();
    let mut counted = 0;
    let mut missed = None;
    for b in cx
        .live_indicators()
        .filter(|b| ind.blocks[b.form].is_outcome())
    {
        let Some(t) = &b.table else { continue };
        let view = TableView::indicator(cx.src, cx.form, t);
        let (Some(target_row), Some(actual_row)) = (view.row(0), view.row(1)) else {
            continue;
        };
        let Some(col) = view.column_for(n) else {
            continue;
        };
        let val = |r| view.number(r, col).value();
        let (Some(target), Some(actual)) = (val(target_row), val(actual_row)) else {
            continue;
        };
        let decreasing = b.fields.iter().any(|f| {
            matches!(f.target, LabelTarget::Indicator(i) if ind.fields[i].kind == crate::form::Kind::Choice)
                && fold(&f.value.text(cx.src)).contains("減少")
        });
        counted += 1;
        let miss = if decreasing {
            actual > target
        } else {
            actual < target
        };
        if miss && missed.is_none() {
            missed = Some((b, cell(actual_row, col).cloned()));
        }
    }
    let span = pn.value.span().unwrap_or(pn.label.clone());
    let last = pf.options.len() - 1;
    if p == 0 {
        if let Some((b, cell)) = missed {
            let d = out.emit(
                span,
                ja(
                    "rules.progress-indicator-conflict.missed",
                    &[
                        ("progress", &pf.label),
                        ("option", &pf.options[0].display()),
                        ("indicator", &ind.blocks[b.form].label),
                    ],
                ),
            );
            if let Some(c) = cell {
                d.related(
                    c,
                    ja("rules.progress-indicator-conflict.missed_related", &[]),
                );
            }
        }
    } else if p == last && counted > 0 && missed.is_none() {
        out.emit(
            span,
            ja(
                "rules.progress-indicator-conflict.all_met",
                &[
                    ("progress", &pf.label),
                    ("option", &pf.options[last].display()),
                ],
            ),
        );
    }
}
