//! The sums of the form's tables (`sums` of `budget` and `[[tables]]`), checked per column.

use super::{Ctx, Sink};
use crate::diagnostics::Edit;
use crate::form::{Budget, SumDef, SumRule};
use crate::messages::ja;
use crate::model::number::{format_amount, parse, Num};
use crate::model::table::{cell, TableView};
use crate::model::RowNode;

/// The check of the rules named in the tables' `sums`: each of `rule`'s sums, per column.
pub fn check_sums(cx: &Ctx, out: &mut Sink, rule: SumRule) {
    for (def, view) in cx.live_tables() {
        for sum in def.sums.iter().filter(|s| s.rule == rule) {
            check_sum(cx, out, def, view, sum);
        }
    }
}

fn check_sum(cx: &Ctx, out: &mut Sink, def: &Budget, view: &TableView, sum: &SumDef) {
    let Some(total_row) = view.named_row(def, &sum.total) else {
        return;
    };
    let part_rows: Vec<(&str, Option<&RowNode>)> = sum
        .parts
        .iter()
        .map(|p| (p.as_str(), view.named_row(def, p)))
        .collect();
    // A required part that is missing is missing-field's to report; summing without it would only add
    // a mismatch in every column. An optional row may be left out and counts as nothing.
    let required = |name: &str| def.rows.iter().any(|r| r.name == name && r.required);
    if part_rows
        .iter()
        .any(|(name, r)| r.is_none() && required(name))
    {
        return;
    }
    for col in 0..view.width() {
        let Some(total_cell) = cell(total_row, col) else {
            continue;
        };
        let Some(total) = view.number(total_row, col).value() else {
            continue;
        };
        let mut acc = 0.0;
        let mut any = false;
        let mut ok = true;
        for (_, r) in &part_rows {
            match r.map_or(Num::None, |r| view.number(r, col)) {
                Num::Value { value, .. } => {
                    acc += value;
                    any = true;
                }
                Num::Invalid => ok = false,
                Num::None => {}
            }
        }
        if !ok || !any || (acc - total).abs() < 0.5 {
            continue;
        }
        let col_name = super::column_name(view, col);
        let d = out.emit(
            total_cell.clone(),
            ja(
                "rules.common.sum_mismatch",
                &[
                    ("column", &col_name),
                    (
                        "parts",
                        &sum.parts.join(&ja("rules.common.sum_parts_separator", &[])),
                    ),
                    ("sum", &format_amount(acc)),
                    ("total", &sum.total),
                    ("value", &format_amount(total)),
                    ("difference", &format_amount(total - acc)),
                ],
            ),
        );
        for (name, r) in &part_rows {
            if let Some(c) = r.and_then(|r| cell(r, col)) {
                d.related(c.clone(), name.to_string());
            }
        }
        // Quick fix: set the balancing row so the parts add up.
        if let Some(bal) = &sum.balance {
            let bal_row = part_rows
                .iter()
                .find(|(n, _)| n == bal)
                .and_then(|(_, r)| *r);
            if let Some(c) = bal_row.and_then(|r| cell(r, col)) {
                let current = parse(cx.text(c), &cx.form.format.minus)
                    .value()
                    .unwrap_or(0.0);
                let want = current + (total - acc);
                if want >= 0.0 {
                    d.fix(
                        ja(
                            "rules.common.sum_fix",
                            &[("row", bal), ("value", &format_amount(want))],
                        ),
                        vec![Edit {
                            span: c.clone(),
                            text: format_amount(want),
                        }],
                        false,
                    );
                }
            }
        }
    }
}
