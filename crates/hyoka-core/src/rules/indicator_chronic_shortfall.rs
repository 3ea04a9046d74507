//! `indicator-chronic-shortfall`: an indicator misses its target every year and the plan ahead does not mention it.

use super::{indicators, Check, Ctx, Rule, Sink};
use crate::diagnostics::Severity;
use crate::form::FieldRole;
use crate::messages::ja;
use crate::model::table::cell;

pub const RULE: Rule = Rule {
    id: "indicator-chronic-shortfall",
    severity: Severity::Hint,
    check: Check::Sheet(check),
};

/// An indicator that missed its target in every year of its table, which the outlook fields (今後に向けた
/// 課題の分析, 取組方針) pass over: they name neither the indicator nor any shortfall (form
/// `[indicators] shortfall_words`).
fn check(cx: &Ctx, out: &mut Sink) {
    if cx.form.field_by_role(FieldRole::Outlook).is_none() {
        return;
    }
    let outlook: String = (cx.sheet.fields.iter())
        .filter(|f| cx.form.field(f.target).has_role(FieldRole::Outlook))
        .map(|f| f.value.folded(cx.src).text)
        .collect();
    let words = &cx.form.lexicon.shortfall_words;
    if words.iter().any(|w| outlook.contains(w.as_str())) {
        return;
    }
    for f in indicators::figures(cx) {
        let width = f.view.width();
        let decreasing = indicators::is_decreasing(cx, f.block);
        let mut quoted = Vec::new();
        for col in 0..width {
            let (Some(t), Some(a)) = (
                f.view.number(f.target, col).value(),
                f.view.number(f.actual, col).value(),
            ) else {
                break;
            };
            let missed = if decreasing { a > t } else { a < t };
            if !missed {
                break;
            }
            quoted.push(ja(
                "rules.indicator-chronic-shortfall.year",
                &[
                    ("column", &super::column_name(&f.view, col)),
                    ("target", &super::format_number(t)),
                    ("actual", &super::format_number(a)),
                ],
            ));
        }
        // Every year of the table, and at least two of them.
        if width < 2 || quoted.len() != width {
            continue;
        }
        let name = indicators::block_field(cx, f.block, FieldRole::IndicatorName);
        if name
            .as_ref()
            .is_some_and(|(_, n)| !n.is_empty() && outlook.contains(n.as_str()))
        {
            continue;
        }
        let block = &cx.form.indicators.blocks[f.block.form].label;
        let anchor = (f.block.heads.first().map(|h| h.span.clone()))
            .or_else(|| cell(f.actual, 0).cloned())
            .unwrap_or_default();
        out.emit(
            anchor,
            ja(
                "rules.indicator-chronic-shortfall.message",
                &[
                    ("block", block),
                    (
                        "figures",
                        &quoted.join(&ja(
                            "rules.progress-indicator-conflict.figures_separator",
                            &[],
                        )),
                    ),
                ],
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{messages, COMPLETE};

    fn hints(text: &str) -> Vec<String> {
        messages("indicator-chronic-shortfall", text)
    }

    #[test]
    fn a_target_missed_every_year_that_the_outlook_passes_over() {
        assert!(hints(COMPLETE).is_empty());
        let short = COMPLETE.replace(
            "| 実績 | 20.5 | 22.3 | 24.6 |",
            "| 実績 | 19.0 | 21.1 | 23.2 |",
        );
        let h = hints(&short);
        assert_eq!(h.len(), 1, "{h:?}");
        assert!(
            h[0].contains("成果指標①") && h[0].contains("平成25年度 目標 20／実績 19"),
            "{}",
            h[0]
        );
        // The outlook addresses it: no hint.
        let addressed = short.replacen(
            "今後に向けた課題の分析\n",
            "今後に向けた課題の分析\n　市内産野菜の使用割合が３年続けて目標を下回っています。\n",
            1,
        );
        assert!(hints(&addressed).is_empty(), "{addressed}");
        // Missed in one year only: nothing to say.
        let once = COMPLETE.replace(
            "| 実績 | 20.5 | 22.3 | 24.6 |",
            "| 実績 | 20.5 | 22.3 | 23.2 |",
        );
        assert!(hints(&once).is_empty());
    }
}
