//! `execution-rate`: 執行率 outside 0–100 or not 事業費(A) ÷ 予算額 × 100.

use super::{Check, Ctx, Rule, Sink};
use crate::diagnostics::Severity;
use crate::form::{Budget, RateDef};
use crate::messages::ja;
use crate::model::table::{cell, TableView};

pub const RULE: Rule = Rule {
    id: "execution-rate",
    severity: Severity::Warning,
    check: Check::Sheet(check),
};

fn check(cx: &Ctx, out: &mut Sink) {
    for (def, view) in cx.live_tables() {
        if let Some(rate) = &def.rate {
            check_rate(out, def, view, rate);
        }
    }
}

fn check_rate(out: &mut Sink, def: &Budget, view: &TableView, rate: &RateDef) {
    let row = |name: &str| view.named_row(def, name);
    let Some(rate_row) = row(&rate.rate) else {
        return;
    };
    for col in 0..view.width() {
        let Some(cell) = cell(rate_row, col) else {
            continue;
        };
        let Some(r) = view.number(rate_row, col).value() else {
            continue;
        };
        if !(0.0..=100.0).contains(&r) {
            out.emit(
                cell.clone(),
                ja(
                    "rules.execution-rate.out_of_range",
                    &[
                        ("column", &super::column_name(view, col)),
                        ("rate", &r),
                        ("numerator", &rate.numerator),
                        ("denominator", &rate.denominator),
                    ],
                ),
            );
            continue;
        }
        let value = |name: &str| row(name).and_then(|x| view.number(x, col).value());
        let (num, den) = (value(&rate.numerator), value(&rate.denominator));
        let (Some(num), Some(den)) = (num, den) else {
            continue;
        };
        if den <= 0.0 {
            continue;
        }
        let expected = (num / den * 1000.0 + 0.5).floor() / 10.0;
        if (expected - r).abs() > 0.1 + 1e-9 {
            out.emit(
                cell.clone(),
                ja(
                    "rules.execution-rate.mismatch",
                    &[
                        ("column", &super::column_name(view, col)),
                        ("rate", &r),
                        ("numerator", &rate.numerator),
                        ("num", &super::format_number(num)),
                        ("denominator", &rate.denominator),
                        ("den", &super::format_number(den)),
                        ("expected", &format!("{expected:.1}")),
                    ],
                ),
            );
        }
    }
}
