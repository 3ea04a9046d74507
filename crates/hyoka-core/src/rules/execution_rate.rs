use super::{tables, Ctx, Rule, Sink};
use crate::diagnostics::Severity;
use crate::messages::ja;
use crate::model::number::parse;

pub const RULE: Rule = Rule {
    id: "execution-rate",
    severity: Severity::Warning,
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    let Some(rate) = &cx.form.budget.rate else {
        return;
    };
    let Some(view) = cx.budget_table() else {
        return;
    };
    let row = |name: &str| tables::budget_row_index(cx, name).and_then(|i| view.row(i));
    let Some(rate_row) = row(&rate.rate) else {
        return;
    };
    for col in 0..view.width() {
        let Some(cell) = tables::cell(rate_row, col) else {
            continue;
        };
        let Some(r) = parse(cx.text(cell)).value() else {
            continue;
        };
        if !(0.0..=100.0).contains(&r) {
            out.emit(
                cell.clone(),
                ja("rules.execution-rate.out_of_range", &[("rate", &r)]),
            );
            continue;
        }
        let num = row(&rate.numerator)
            .and_then(|x| tables::cell(x, col))
            .and_then(|c| parse(cx.text(c)).value());
        let den = row(&rate.denominator)
            .and_then(|x| tables::cell(x, col))
            .and_then(|c| parse(cx.text(c)).value());
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
                        ("rate", &r),
                        ("numerator", &rate.numerator),
                        ("denominator", &rate.denominator),
                        ("expected", &format!("{expected:.1}")),
                    ],
                ),
            );
        }
    }
}
