use super::{Ctx, Rule, Sink};
use crate::diagnostics::Severity;
use crate::form::RowKind;
use crate::messages::ja;
use crate::model::number::{self, Num};
use crate::model::table::TableView;

pub const RULE: Rule = Rule {
    id: "invalid-number",
    severity: Severity::Error,
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    for b in cx.live_indicators() {
        let Some(t) = &b.table else { continue };
        let view = TableView::indicator(cx.src, cx.form, t);
        for (_, r) in &view.rows {
            for c in r.cells.iter().skip(1) {
                if number::parse(cx.text(c)) == Num::Invalid {
                    out.emit(
                        c.clone(),
                        ja("rules.invalid-number.not_number", &[("text", &cx.text(c))]),
                    );
                }
            }
        }
    }
    let Some(view) = cx.budget_table() else {
        return;
    };
    for (def, r) in &view.rows {
        let kind = cx.form.budget.rows[*def].kind;
        if kind == RowKind::Text {
            continue;
        }
        for c in r.cells.iter().skip(1) {
            let text = cx.text(c);
            match number::parse(text) {
                Num::Invalid => {
                    out.emit(
                        c.clone(),
                        ja("rules.invalid-number.not_number", &[("text", &text)]),
                    );
                }
                Num::Value { value, decimals } => {
                    if kind == RowKind::Amount && value < 0.0 {
                        out.emit(
                            c.clone(),
                            ja("rules.invalid-number.negative", &[("text", &text)]),
                        );
                    } else if kind == RowKind::Amount && decimals > 0 {
                        out.emit(
                            c.clone(),
                            ja("rules.invalid-number.decimals", &[("text", &text)]),
                        );
                    } else if kind == RowKind::Percent && decimals > 1 {
                        out.emit(
                            c.clone(),
                            ja("rules.invalid-number.rate_decimals", &[("text", &text)]),
                        );
                    }
                }
                Num::None => {}
            }
        }
    }
}
