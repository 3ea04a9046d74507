//! `invalid-number`: a cell that should hold a number does not, or a negative amount in the budget.

use super::{Check, Ctx, Rule, Sink};
use crate::diagnostics::Severity;
use crate::form::{Budget, RowKind};
use crate::messages::ja;
use crate::model::number::{self, Num};
use crate::model::table::TableView;

pub const RULE: Rule = Rule {
    id: "invalid-number",
    severity: Severity::Error,
    check: Check::Sheet(check),
};

fn check(cx: &Ctx, out: &mut Sink) {
    let ind = &cx.form.indicators;
    for b in cx.live_indicators() {
        let Some(t) = &b.table else { continue };
        let view = TableView::indicator(cx.src, cx.form, t);
        for (def, r) in &view.rows {
            for (col, c) in r.cells.iter().skip(1).enumerate() {
                if number::parse(cx.text(c), &cx.form.format.minus) == Num::Invalid {
                    let place = ja(
                        "rules.invalid-number.place_indicator",
                        &[
                            ("block", &ind.blocks[b.form].label),
                            ("row", &ind.rows[*def].name),
                            ("column", &super::column_name(&view, col)),
                        ],
                    );
                    out.emit(
                        c.clone(),
                        ja(
                            "rules.invalid-number.not_number",
                            &[("place", &place), ("text", &cx.text(c))],
                        ),
                    );
                }
            }
        }
    }
    for (table, view) in cx.live_tables() {
        table_cells(cx, out, table, view);
    }
}

fn table_cells(cx: &Ctx, out: &mut Sink, table: &Budget, view: &TableView) {
    for (def, r) in &view.rows {
        let kind = table.rows[*def].kind;
        if kind == RowKind::Text {
            continue;
        }
        for (col, c) in r.cells.iter().skip(1).enumerate() {
            let text = cx.text(c);
            let key = match number::parse(text, &cx.form.format.minus) {
                Num::Invalid => "rules.invalid-number.not_number",
                Num::Value { value, .. } if kind == RowKind::Amount && value < 0.0 => {
                    "rules.invalid-number.negative"
                }
                Num::Value { decimals, .. } if kind == RowKind::Amount && decimals > 0 => {
                    "rules.invalid-number.decimals"
                }
                Num::Value { decimals, .. } if kind == RowKind::Percent && decimals > 1 => {
                    "rules.invalid-number.rate_decimals"
                }
                _ => continue,
            };
            let place = ja(
                "rules.invalid-number.place_budget",
                &[
                    ("row", &table.rows[*def].name),
                    ("column", &super::column_name(view, col)),
                ],
            );
            out.emit(c.clone(), ja(key, &[("place", &place), ("text", &text)]));
        }
    }
}
