use super::{Ctx, Rule, Sink};
use crate::diagnostics::Severity;
use crate::form::{FieldRole, Kind, LabelTarget, OptionRole, RowRole};
use crate::messages::ja;
use crate::model::table::{cell, TableView};

pub const RULE: Rule = Rule {
    id: "progress-indicator-conflict",
    severity: Severity::Warning,
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    let Some((p, pf, pn)) = cx.chosen(FieldRole::Progress) else {
        return;
    };
    let ind = &cx.form.indicators;
    let n = cx.year();
    let (Some(target_def), Some(actual_def)) = (
        cx.form.indicator_row(RowRole::Target),
        cx.form.indicator_row(RowRole::Actual),
    ) else {
        return;
    };
    let mut counted = Vec::new();
    let mut missed = None;
    for b in cx.live_indicators().filter(|b| ind.blocks[b.form].outcome) {
        let Some(t) = &b.table else { continue };
        let view = TableView::indicator(cx.src, cx.form, t);
        let (Some(target_row), Some(actual_row)) = (view.row(target_def), view.row(actual_def))
        else {
            continue;
        };
        let Some(col) = view.column_for(n) else {
            continue;
        };
        let val = |r| view.number(r, col).value();
        let (Some(target), Some(actual)) = (val(target_row), val(actual_row)) else {
            continue;
        };
        // The block's direction field names an option that means "lower is better".
        let decreasing = b.fields.iter().any(|f| {
            let LabelTarget::Indicator(i) = f.target else {
                return false;
            };
            let def = &ind.fields[i];
            def.kind == Kind::Choice
                && (cx.choice(def, f).chosen())
                    .is_some_and(|o| def.options[o].role == Some(OptionRole::Decreasing))
        });
        let key = if decreasing {
            "rules.progress-indicator-conflict.figures_decreasing"
        } else {
            "rules.progress-indicator-conflict.figures"
        };
        let figures = ja(
            key,
            &[
                ("indicator", &ind.blocks[b.form].label),
                ("column", &super::column_name(&view, col)),
                ("target", &super::format_number(target)),
                ("actual", &super::format_number(actual)),
            ],
        );
        let miss = if decreasing {
            actual > target
        } else {
            actual < target
        };
        if miss && missed.is_none() {
            missed = Some((figures.clone(), cell(actual_row, col).cloned()));
        }
        counted.push(figures);
    }
    let span = pn.value.span().unwrap_or(pn.label.clone());
    let role = pf.options[p].role;
    if role == Some(OptionRole::OnSchedule) {
        if let Some((figures, cell)) = missed {
            let d = out.emit(
                span,
                ja(
                    "rules.progress-indicator-conflict.missed",
                    &[
                        ("progress", &pf.label),
                        ("option", &pf.options[p].display(&cx.form.format)),
                        ("figures", &figures),
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
    } else if role == Some(OptionRole::Late) && !counted.is_empty() && missed.is_none() {
        let separator = ja("rules.progress-indicator-conflict.figures_separator", &[]);
        out.emit(
            span,
            ja(
                "rules.progress-indicator-conflict.all_met",
                &[
                    ("progress", &pf.label),
                    ("option", &pf.options[p].display(&cx.form.format)),
                    ("figures", &counted.join(&separator)),
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
            m.contains("成果指標①：平成27年度 目標 24／実績 24.6、成果指標②：平成27年度 目標 32,000／実績 33,200"),
            "{m}"
        );
    }
}
