//! `progress-indicator-conflict`: 進捗状況 contradicts whether the outcome indicators reached their targets.

use super::{indicators, Check, Ctx, Rule, Sink};
use crate::diagnostics::Severity;
use crate::form::{FieldRole, OptionRole};
use crate::messages::ja;

pub const RULE: Rule = Rule {
    id: "progress-indicator-conflict",
    severity: Severity::Warning,
    check: Check::Sheet(check),
};

fn check(cx: &Ctx, out: &mut Sink) {
    let Some((p, pf, pn)) = cx.chosen(FieldRole::Progress) else {
        return;
    };
    let compared = indicators::compared(cx, FieldRole::Progress);
    let missed = compared.iter().find(|c| c.missed);
    let span = pn.value.span().unwrap_or(pn.label.clone());
    let role = pf.options[p].role;
    if role == Some(OptionRole::OnSchedule) {
        if let Some(m) = missed {
            let d = out.emit(
                span,
                ja(
                    "rules.progress-indicator-conflict.missed",
                    &[
                        ("progress", &pf.label),
                        ("option", &pf.options[p].display(&cx.form.format)),
                        ("figures", &m.figures),
                    ],
                ),
            );
            if let Some(c) = &m.actual_cell {
                d.related(
                    c.clone(),
                    ja("rules.progress-indicator-conflict.missed_related", &[]),
                );
            }
        }
    } else if role == Some(OptionRole::Late) && !compared.is_empty() && missed.is_none() {
        out.emit(
            span,
            ja(
                "rules.progress-indicator-conflict.all_met",
                &[
                    ("progress", &pf.label),
                    ("option", &pf.options[p].display(&cx.form.format)),
                    ("figures", &indicators::joined(&compared)),
                ],
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::{check, Config, Form};

    const COMPLETE: &str = include_str!("../../../../examples/complete.hyoka");

    fn message(text: &str) -> String {
        let (_, d) = check(text, &Form::builtin(), &Config::default());
        let found: Vec<_> = d
            .iter()
            .filter(|d| d.rule == "progress-indicator-conflict")
            .collect();
        assert_eq!(found.len(), 1, "{d:#?}");
        found[0].message.clone()
    }

    #[test]
    fn the_message_quotes_the_figures_it_compared() {
        let missed = COMPLETE.replace(
            "| 実績 | 20.5 | 22.3 | 24.6 |",
            "| 実績 | 20.5 | 22.3 | -42 |",
        );
        assert!(
            message(&missed).contains("（成果指標①：平成27年度 目標 24／実績 -42）"),
            "{}",
            message(&missed)
        );
        let met = COMPLETE.replace(
            "進捗状況：①：予定どおり",
            "進捗状況：③\n遅れている理由：天候",
        );
        let m = message(&met);
        assert!(
            m.contains("成果指標①：平成27年度 目標 24／実績 24.6、成果指標②：平成27年度 目標 44／実績 44.8"),
            "{m}"
        );
    }
}
