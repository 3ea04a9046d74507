//! Reading tables: header row, rows by name, columns by year.

use super::Ctx;
use crate::messages::ja;
use crate::model::{RowNode, Span, TableNode};
use crate::text::fold;
use crate::text::year::parse_year_prefix;

fn known_row(cx: &Ctx, name: &str) -> bool {
    let lx = &cx.form.lexicon;
    lx.budget_rows
        .iter()
        .chain(&lx.indicator_rows)
        .any(|r| r == name)
}

/// A header row: its first cell names no row and one of its cells is a year.
pub fn is_header_row(cx: &Ctx, r: &RowNode) -> bool {
    let first = r
        .cells
        .first()
        .map(|c| fold(cx.text(c)))
        .unwrap_or_default();
    !known_row(cx, &first) && r.cells.iter().any(|c| cell_year(cx, c).is_some())
}

/// The year a header cell names (`平成27年度`, `平成27年度決算`, `令和元年度`).
pub fn cell_year(cx: &Ctx, c: &Span) -> Option<i32> {
    parse_year_prefix(&fold(cx.text(c))).map(|(y, _)| y)
}

pub struct TableView<'a> {
    pub table: &'a TableNode,
    pub header: Option<&'a RowNode>,
    /// (index into the row definitions, the row)
    pub rows: Vec<(usize, &'a RowNode)>,
}

impl<'a> TableView<'a> {
    /// `defs` are the row definitions and `names` their folded names (from the lexicon).
    pub fn new(cx: &Ctx, table: &'a TableNode, names: &[String]) -> Self {
        let header = table.rows.iter().find(|r| is_header_row(cx, r));
        let rows = table
            .rows
            .iter()
            .filter_map(|r| {
                let name = fold(cx.text(r.cells.first()?));
                names.iter().position(|d| *d == name).map(|i| (i, r))
            })
            .collect();
        TableView {
            table,
            header,
            rows,
        }
    }

    pub fn row(&self, def: usize) -> Option<&'a RowNode> {
        self.rows.iter().find(|(i, _)| *i == def).map(|(_, r)| *r)
    }

    /// Data columns (cells after the row name) in the header.
    pub fn header_years(&self, cx: &Ctx) -> Vec<(Option<i32>, Span)> {
        self.header.map_or_else(Vec::new, |h| {
            h.cells
                .iter()
                .skip(1)
                .map(|c| (cell_year(cx, c), c.clone()))
                .collect()
        })
    }

    /// The data column for fiscal year `n`: the header column naming it, else the last column.
    pub fn column_for(&self, cx: &Ctx, n: Option<i32>) -> Option<usize> {
        let years = self.header_years(cx);
        if let Some(n) = n {
            if let Some(i) = years.iter().position(|(y, _)| *y == Some(n)) {
                return Some(i);
            }
        }
        let width = self
            .rows
            .iter()
            .map(|(_, r)| r.cells.len().saturating_sub(1))
            .max()?;
        width.checked_sub(1)
    }

    pub fn width(&self) -> usize {
        self.rows
            .iter()
            .map(|(_, r)| r.cells.len().saturating_sub(1))
            .max()
            .unwrap_or(0)
    }
}

/// A data cell of a row (column 0 is the first after the row name).
pub fn cell(r: &RowNode, col: usize) -> Option<&Span> {
    r.cells.get(col + 1)
}

/// The section-3 table.
pub fn find_budget_table<'a>(cx: &Ctx<'a>) -> Option<TableView<'a>> {
    let number = cx.form.budget.section;
    let t = cx.sheet.tables.iter().find(|t| {
        t.section
            .is_some_and(|s| cx.form.sections[cx.sheet.sections[s].form].number == number)
    })?;
    Some(TableView::new(cx, t, &cx.form.lexicon.budget_rows))
}

pub fn budget_row_index(cx: &Ctx, name: &str) -> Option<usize> {
    cx.form.budget.rows.iter().position(|r| r.name == name)
}

/// The sum of form `budget.sums` whose rule is `rule`, checked per column.
pub fn check_sums(cx: &Ctx, out: &mut super::Sink, rule: &str) {
    use crate::model::number::parse;
    let Some(view) = cx.budget_table() else {
        return;
    };
    for sum in cx.form.budget.sums.iter().filter(|s| s.rule == rule) {
        let Some(total_row) = budget_row_index(cx, &sum.total).and_then(|i| view.row(i)) else {
            continue;
        };
        let part_rows: Vec<(&str, Option<&RowNode>)> = sum
            .parts
            .iter()
            .map(|p| {
                (
                    p.as_str(),
                    budget_row_index(cx, p).and_then(|i| view.row(i)),
                )
            })
            .collect();
        for col in 0..view.width() {
            let Some(total_cell) = cell(total_row, col) else {
                continue;
            };
            let Some(total) = parse(cx.text(total_cell)).value() else {
                continue;
            };
            let mut acc = 0.0;
            let mut any = false;
            let mut ok = true;
            for (_, r) in &part_rows {
                match r.and_then(|r| cell(r, col)).map(|c| parse(cx.text(c))) {
                    Some(crate::model::number::Num::Value { value, .. }) => {
                        acc += value;
                        any = true;
                    }
                    Some(crate::model::number::Num::Invalid) => ok = false,
                    _ => {}
                }
            }
            if !ok || !any || (acc - total).abs() < 0.5 {
                continue;
            }
            let year = view
                .header_years(cx)
                .get(col)
                .and_then(|(y, _)| *y)
                .map(crate::text::year::format_year);
            let col_name =
                year.unwrap_or_else(|| ja("rules.common.sum_column", &[("number", &(col + 1))]));
            let d = out.emit(
                total_cell.clone(),
                ja(
                    "rules.common.sum_mismatch",
                    &[
                        ("column", &col_name),
                        (
                            "parts",
                            &sum.parts.join(&ja("rules.common.sum_parts_separator", &[])),
                        ),
                        ("sum", &fmt(acc)),
                        ("total", &sum.total),
                        ("value", &fmt(total)),
                        ("difference", &fmt(total - acc)),
                    ],
                ),
            );
            for (name, r) in &part_rows {
                if let Some(c) = r.and_then(|r| cell(r, col)) {
                    d.related(c.clone(), name.to_string());
                }
            }
            // Quick fix: set the balancing row so the parts add up.
            if let Some(bal) = &sum.balance {
                let bal_row = part_rows
                    .iter()
                    .find(|(n, _)| n == bal)
                    .and_then(|(_, r)| *r);
                if let Some(c) = bal_row.and_then(|r| cell(r, col)) {
                    let current = parse(cx.text(c)).value().unwrap_or(0.0);
                    let want = current + (total - acc);
                    if want >= 0.0 {
                        d.fix(
                            ja(
                                "rules.common.sum_fix",
                                &[("row", bal), ("value", &fmt(want))],
                            ),
                            vec![crate::diagnostics::Edit {
                                span: c.clone(),
                                text: fmt(want),
                            }],
                            false,
                        );
                    }
                }
            }
        }
    }
}

/// A whole amount with thousands separators.
pub fn fmt(v: f64) -> String {
    let neg = v < 0.0;
    let digits = format!("{}", v.abs().round() as u64);
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if neg {
        format!("-{out}")
    } else {
        out
    }
}
