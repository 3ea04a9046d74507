//! `indicator-suspicious-values`: suspicious indicator figures (actual copied from target, negative counts, actual without target).

use super::{indicators, Check, Ctx, Rule, Sink};
use crate::diagnostics::Severity;
use crate::form::{FieldRole, RowRole};
use crate::messages::ja;
use crate::model::number::Num;
use crate::model::table::cell;

pub const RULE: Rule = Rule {
    id: "indicator-suspicious-values",
    severity: Severity::Hint,
    check: Check::Sheet(check),
};

/// Figures that are possible but usually a slip: 実績 equal to 目標 in every year (a copied row), a negative
/// 実績 in a unit that counts (form `[indicators] count_units`), an 実績 for a year without 目標.
fn check(cx: &Ctx, out: &mut Sink) {
    let counts = &cx.form.lexicon.count_units;
    // The rows as the form names them (目標/実績, 計画値/実績値).
    let row_name = |role| {
        cx.form
            .indicator_row(role)
            .map_or("", |r| cx.form.indicators.rows[r].name.as_str())
    };
    let (target_name, actual_name) = (row_name(RowRole::Target), row_name(RowRole::Actual));
    for f in indicators::figures(cx) {
        let block = &cx.form.indicators.blocks[f.block.form].label;
        let width = f.view.width();
        let pairs: Vec<(f64, f64)> = (0..width)
            .filter_map(|c| {
                Some((
                    f.view.number(f.target, c).value()?,
                    f.view.number(f.actual, c).value()?,
                ))
            })
            .collect();
        if width >= 2 && pairs.len() == width && pairs.iter().all(|(t, a)| t == a) {
            if let Some(first) = cell(f.actual, 0) {
                out.emit(
                    first.clone(),
                    ja(
                        "rules.indicator-suspicious-values.copied",
                        &[
                            ("block", block),
                            ("target", &target_name),
                            ("actual", &actual_name),
                        ],
                    ),
                );
            }
        }
        let unit = indicators::block_field(cx, f.block, FieldRole::IndicatorUnit);
        let counted = unit.as_ref().filter(|(_, u)| counts.contains(u));
        for col in 0..width {
            let Some(c) = cell(f.actual, col) else {
                continue;
            };
            let actual = f.view.number(f.actual, col);
            let column = super::column_name(&f.view, col);
            if let (Some((_, u)), Some(a)) = (counted, actual.value()) {
                if a < 0.0 {
                    out.emit(
                        c.clone(),
                        ja(
                            "rules.indicator-suspicious-values.negative",
                            &[
                                ("block", block),
                                ("column", &column),
                                ("unit", u),
                                ("actual_row", &actual_name),
                                ("actual", &super::format_number(a)),
                            ],
                        ),
                    );
                }
            }
            if actual.value().is_some() && f.view.number(f.target, col) == Num::None {
                out.emit(
                    c.clone(),
                    ja(
                        "rules.indicator-suspicious-values.no_target",
                        &[
                            ("block", block),
                            ("column", &column),
                            ("target", &target_name),
                            ("actual", &actual_name),
                        ],
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{messages, COMPLETE};

    fn hints(text: &str) -> Vec<String> {
        messages("indicator-suspicious-values", text)
    }

    #[test]
    fn copied_rows_negative_counts_and_results_without_targets() {
        assert!(hints(COMPLETE).is_empty());
        let copied = COMPLETE.replace(
            "| 実績 | 20.5 | 22.3 | 24.6 |",
            "| 実績 | 20.0 | 22.0 | 24.0 |",
        );
        let h = hints(&copied);
        assert!(h.len() == 1 && h[0].contains("成果指標①"), "{h:?}");
        let negative = COMPLETE.replace("| 実績 | 11 | 13 | 14 |", "| 実績 | 11 | -13 | 14 |");
        let h = hints(&negative);
        assert!(h.len() == 1 && h[0].contains("-13"), "{h:?}");
        let no_target =
            COMPLETE.replace("| 目標 | 20.0 | 22.0 | 24.0 |", "| 目標 | | 22.0 | 24.0 |");
        let h = hints(&no_target);
        assert!(h.len() == 1 && h[0].contains("平成25年度"), "{h:?}");
    }
}
