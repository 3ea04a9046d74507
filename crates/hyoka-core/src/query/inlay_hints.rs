//! Inlay hints: relative years and computed sums.

use crate::form::Form;
use crate::messages::ja;
use crate::model::number::format_amount;
use crate::model::table::{self, TableView};
use crate::model::{Sheet, Span};

/// An inlay hint: text shown after `offset`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlayHint {
    pub offset: usize,
    pub label: String,
}

fn relative_year(off: i32) -> String {
    match off {
        0 => "N".into(),
        o if o > 0 => format!("N+{o}"),
        o => format!("N{o}"),
    }
}

/// The computed 財源内訳 total beside 事業費(A), and N-2…N+2 beside year headers and year labels.
pub fn inlay_hints(src: &str, sheet: &Sheet, form: &Form) -> Vec<InlayHint> {
    let mut out = Vec::new();
    let Some(n) = sheet.evaluated_year(src, form) else {
        return out;
    };
    let year_hint = |out: &mut Vec<InlayHint>, span: &Span, y: i32| {
        out.push(InlayHint {
            offset: span.end,
            label: format!(" {}", relative_year(y - n)),
        });
    };
    for f in &sheet.fields {
        if let Some((y, span)) = &f.year {
            year_hint(&mut out, span, *y);
        }
    }
    let header = |view: &TableView, out: &mut Vec<InlayHint>| {
        for (y, cell) in view.header_years() {
            if let Some(y) = y {
                year_hint(out, &cell, y);
            }
        }
    };
    for b in sheet.indicators.iter().flatten() {
        if let Some(t) = &b.table {
            header(&TableView::indicator(src, form, t), &mut out);
        }
    }
    let views = table::tables(src, sheet, form);
    for (def, view) in form.tables().zip(&views) {
        let Some(view) = view else { continue };
        header(view, &mut out);
        for sum in &def.sums {
            let Some(total) = view.named_row(def, &sum.total) else {
                continue;
            };
            for col in 0..view.width() {
                let Some(cell) = table::cell(total, col) else {
                    continue;
                };
                let parts: Vec<f64> = sum
                    .parts
                    .iter()
                    .filter_map(|p| view.named_row(def, p))
                    .filter_map(|r| view.number(r, col).value())
                    .collect();
                if !parts.is_empty() {
                    out.push(InlayHint {
                        offset: cell.end,
                        label: ja(
                            "query.inlay.sum",
                            &[("sum", &format_amount(parts.iter().sum()))],
                        ),
                    });
                }
            }
        }
    }
    out.sort_by_key(|h| h.offset);
    out
}
