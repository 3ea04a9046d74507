//! `result-indicator-conflict`: 検証結果 contradicts whether the outcome indicators reached their targets.

use super::{indicators, Check, Ctx, Rule, Sink};
use crate::diagnostics::Severity;
use crate::form::{FieldRole, OptionRole};
use crate::messages::ja;

pub const RULE: Rule = Rule {
    id: "result-indicator-conflict",
    severity: Severity::Warning,
    check: Check::Sheet(check),
};

/// 検証結果 against the indicators the form compares it with: "achieved" while every one missed its year-N
/// target, or "not achieved" while every one met it. A mixed picture says nothing.
fn check(cx: &Ctx, out: &mut Sink) {
    let Some((r, rf, rn)) = cx.chosen(FieldRole::Result) else {
        return;
    };
    let compared = indicators::compared(cx, FieldRole::Result);
    if compared.is_empty() {
        return;
    }
    let all_missed = compared.iter().all(|c| c.missed);
    let all_met = compared.iter().all(|c| !c.missed);
    let key = match rf.options[r].role {
        Some(OptionRole::Achieved) if all_missed => "rules.result-indicator-conflict.all_missed",
        Some(OptionRole::NotAchieved) if all_met => "rules.result-indicator-conflict.all_met",
        _ => return,
    };
    let d = out.emit(
        rn.value.span().unwrap_or(rn.label.clone()),
        ja(
            key,
            &[
                ("result", &cx.label_of(rn)),
                ("option", &rf.options[r].display(&cx.form.format)),
                ("figures", &indicators::joined(&compared)),
            ],
        ),
    );
    for c in &compared {
        if let Some(cell) = &c.actual_cell {
            d.related(
                cell.clone(),
                ja("rules.result-indicator-conflict.related", &[]),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{messages, COMPLETE};

    fn found(text: &str) -> Vec<String> {
        messages("result-indicator-conflict", text)
    }

    #[test]
    fn achieved_while_every_outcome_missed_quotes_the_figures() {
        assert!(found(COMPLETE).is_empty());
        let both_missed = COMPLETE
            .replace(
                "| 実績 | 20.5 | 22.3 | 24.6 |",
                "| 実績 | 20.5 | 22.3 | -42 |",
            )
            .replace(
                "| 実績 | 39.2 | 42.5 | 44.8 |",
                "| 実績 | 39.2 | 42.5 | 43.1 |",
            );
        let m = found(&both_missed);
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(
            m[0].contains("目標 24／実績 -42") && m[0].contains("目標 44／実績 43.1"),
            "{}",
            m[0]
        );
        // One met, one missed: a mixed picture raises nothing.
        let one_missed = COMPLETE.replace(
            "| 実績 | 20.5 | 22.3 | 24.6 |",
            "| 実績 | 20.5 | 22.3 | -42 |",
        );
        assert!(found(&one_missed).is_empty());
    }
}
