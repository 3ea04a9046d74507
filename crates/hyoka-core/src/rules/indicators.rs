//! The indicators a field's answer is checked against (form `compared_with`): each one's year-N target and
//! result, read once for progress-indicator-conflict and result-indicator-conflict.

use super::Ctx;
use crate::form::{FieldRole, Kind, LabelTarget, OptionRole, RowRole};
use crate::messages::ja;
use crate::model::table::{cell, TableView};
use crate::model::{IndicatorBlock, RowNode, Span};

/// One indicator's year-N figures, as a message quotes them.
pub struct Compared {
    /// 「成果指標①：平成27年度 目標 24／実績 24.6」
    pub figures: String,
    /// The result falls short of the target (above it, for a decreasing indicator).
    pub missed: bool,
    /// The cell of the result.
    pub actual_cell: Option<Span>,
}

/// The indicators compared with the field of `role` whose year-N target and result are both numbers.
pub fn compared(cx: &Ctx, role: FieldRole) -> Vec<Compared> {
    let ind = &cx.form.indicators;
    let n = cx.year();
    let mut out = Vec::new();
    let compared = figures(cx)
        .into_iter()
        .filter(|f| ind.blocks[f.block.form].compared_with.contains(&role));
    for f in compared {
        let Some(col) = f.view.column_for(n) else {
            continue;
        };
        let val = |r| f.view.number(r, col).value();
        let (Some(target), Some(actual)) = (val(f.target), val(f.actual)) else {
            continue;
        };
        let decreasing = is_decreasing(cx, f.block);
        let key = if decreasing {
            "rules.progress-indicator-conflict.figures_decreasing"
        } else {
            "rules.progress-indicator-conflict.figures"
        };
        let figures = ja(
            key,
            &[
                ("indicator", &ind.blocks[f.block.form].label),
                ("column", &super::column_name(&f.view, col)),
                ("target", &super::format_number(target)),
                ("actual", &super::format_number(actual)),
            ],
        );
        out.push(Compared {
            figures,
            missed: if decreasing {
                actual > target
            } else {
                actual < target
            },
            actual_cell: cell(f.actual, col).cloned(),
        });
    }
    out
}

/// Whether the block's direction field names an option that means "lower is better".
pub fn is_decreasing(cx: &Ctx, b: &IndicatorBlock) -> bool {
    let ind = &cx.form.indicators;
    b.fields.iter().any(|f| {
        let LabelTarget::Indicator(i) = f.target else {
            return false;
        };
        let def = &ind.fields[i];
        def.kind == Kind::Choice
            && (cx.choice(def, f).chosen())
                .is_some_and(|o| def.options[o].role == Some(OptionRole::Decreasing))
    })
}

/// The value of a block's field with `role`, folded (its 指標名, its 単位).
pub fn block_field(cx: &Ctx, b: &IndicatorBlock, role: FieldRole) -> Option<(Span, String)> {
    let ind = &cx.form.indicators;
    b.fields.iter().find_map(|f| {
        let LabelTarget::Indicator(i) = f.target else {
            return None;
        };
        if !ind.fields[i].has_role(role) {
            return None;
        }
        Some((f.value.span()?, f.value.folded(cx.src).text))
    })
}

/// A live block's table with its target and actual rows, when it has both.
pub struct Figures<'a> {
    pub block: &'a IndicatorBlock,
    pub view: TableView<'a>,
    pub target: &'a RowNode,
    pub actual: &'a RowNode,
}

pub fn figures<'a>(cx: &'a Ctx) -> Vec<Figures<'a>> {
    let (Some(target_def), Some(actual_def)) = (
        cx.form.indicator_row(RowRole::Target),
        cx.form.indicator_row(RowRole::Actual),
    ) else {
        return Vec::new();
    };
    cx.live_indicators()
        .filter_map(|block| {
            let view = TableView::indicator(cx.src, cx.form, block.table.as_ref()?);
            let (target, actual) = (view.row(target_def)?, view.row(actual_def)?);
            Some(Figures {
                block,
                view,
                target,
                actual,
            })
        })
        .collect()
}

/// The figures of several indicators, joined for a message.
pub fn joined(list: &[Compared]) -> String {
    let separator = ja("rules.progress-indicator-conflict.figures_separator", &[]);
    let figures: Vec<&str> = list.iter().map(|c| c.figures.as_str()).collect();
    figures.join(&separator)
}
