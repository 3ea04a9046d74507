use super::{Ctx, Rule, Sink};
use crate::diagnostics::Severity;
use crate::form::LabelTarget;
use crate::messages::ja;
use crate::model::table::{cell, TableView};
use crate::text::fold;

pub const RULE: Rule = Rule {
    id: "progress-indicator-conflict",
    severity: Severity::Warning,
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    let Some((p, pf, pn)) = cx.chosen("progress") else {
        return;
    };
    let ind = &cx.form.indicators;
    let n = cx.year();
    let mut counted = Vec::new();
    let mut missed = None;
    for b in cx
        .live_indicators()
        .filter(|b| ind.blocks[b.form].is_outcome())
    {
        let Some(t) = &b.table else { continue };
        let view = TableView::indicator(cx.src, cx.form, t);
        let (Some(target_row), Some(actual_row)) = (view.row(0), view.row(1)) else {
            continue;
        };
        let Some(col) = view.column_for(n) else {
            continue;
        };
        let val = |r| view.number(r, col).value();
        let (Some(target), Some(actual)) = (val(target_row), val(actual_row)) else {
            continue;
        };
        let decreasing = b.fields.iter().any(|f| {
            matches!(f.target, LabelTarget::Indicator(i) if ind.fields[i].kind == crate::form::Kind::Choice)
                && fold(&f.value.text(cx.src)).contains("減少")
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
    let last = pf.options.len() - 1;
    if p == 0 {
        if let Some((figures, cell)) = missed {
            let d = out.emit(
                span,
                ja(
                    "rules.progress-indicator-conflict.missed",
                    &[
                        ("progress", &pf.label),
                        ("option", &pf.options[0].display()),
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
    } else if p == last && !counted.is_empty() && missed.is_none() {
        let separator = ja("rules.progress-indicator-conflict.figures_separator", &[]);
        out.emit(
            span,
            ja(
                "rules.progress-indicator-conflict.all_met",
                &[
                    ("progress", &pf.label),
                    ("option", &pf.options[last].display()),
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
