use super::{tables, Ctx, Rule, Sink};
use crate::diagnostics::Severity;
use crate::model::number::parse;

pub const RULE: Rule = Rule {
    id: "execution-rate",
    severity: Severity::Warning,
    summary: "執行率が 0〜100 の外、または事業費(A)÷予算額×100 と合わない",
    doc: "執行率(%) は 事業費(A) ÷ 予算額 × 100 を小数第2位で四捨五入した値です（±0.1 まで許容）。\
0〜100 の外の値、または計算と合わない値を警告します。`－` の執行率は確認しません（決算前の年度）。",
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
            out.emit(cell.clone(), format!("執行率 {r} が 0〜100 の範囲外です"));
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
                format!(
                    "執行率 {r} は {} ÷ {} × 100 = {expected:.1} と合いません",
                    rate.numerator, rate.denominator
                ),
            );
        }
    }
}
