//! Reading tables: header row, rows by name, columns by year. Rules check them, editor queries show them.

use super::number::{self, Num};
use super::{RowNode, Sheet, Span, TableNode};
use crate::form::{Form, Format};
use crate::text::fold;
use crate::text::year::Calendar;

fn known_row(form: &Form, name: &str) -> bool {
    let lx = &form.lexicon;
    lx.budget_rows
        .iter()
        .chain(&lx.indicator_rows)
        .any(|r| r == name)
}

/// A header row: its first cell names no row and one of its cells is a year.
pub fn is_header_row(src: &str, form: &Form, r: &RowNode) -> bool {
    let first = r
        .cells
        .first()
        .map(|c| fold(&src[c.clone()]))
        .unwrap_or_default();
    !known_row(form, &first)
        && r.cells
            .iter()
            .any(|c| cell_year(src, c, &form.format.years).is_some())
}

/// The year a header cell names (`平成27年度`, `平成27年度決算`, `令和元年度`).
pub fn cell_year(src: &str, c: &Span, years: &Calendar) -> Option<i32> {
    years.parse_prefix(&fold(&src[c.clone()])).map(|(y, _)| y)
}

/// A data cell of a row (column 0 is the first after the row name).
pub fn cell(r: &RowNode, col: usize) -> Option<&Span> {
    r.cells.get(col + 1)
}

/// The lines of a blank table: a header naming `years`, then each of `rows` with empty cells.
pub fn blank_table<'r>(years: &[String], rows: impl IntoIterator<Item = &'r str>) -> Vec<String> {
    let blanks = vec![" "; years.len()].join("|");
    let mut lines = vec![format!("| | {} |", years.join(" | "))];
    lines.extend(rows.into_iter().map(|r| format!("| {r} |{blanks}|")));
    lines
}

pub struct TableView<'a> {
    src: &'a str,
    pub format: &'a Format,
    pub table: &'a TableNode,
    pub header: Option<&'a RowNode>,
    /// (index into the row definitions, the row)
    pub rows: Vec<(usize, &'a RowNode)>,
}

impl<'a> TableView<'a> {
    /// `names` are the folded names of the row definitions (from the lexicon).
    pub fn new(src: &'a str, form: &'a Form, table: &'a TableNode, names: &[String]) -> Self {
        let header = table.rows.iter().find(|r| is_header_row(src, form, r));
        let rows = table
            .rows
            .iter()
            .filter_map(|r| {
                let name = fold(&src[r.cells.first()?.clone()]);
                names.iter().position(|d| *d == name).map(|i| (i, r))
            })
            .collect();
        TableView {
            src,
            format: &form.format,
            table,
            header,
            rows,
        }
    }

    /// The table of an indicator block, its rows named as in `form.indicators.rows`.
    pub fn indicator(src: &'a str, form: &'a Form, table: &'a TableNode) -> Self {
        TableView::new(src, form, table, &form.lexicon.indicator_rows)
    }

    pub fn row(&self, def: usize) -> Option<&'a RowNode> {
        self.rows.iter().find(|(i, _)| *i == def).map(|(_, r)| *r)
    }

    /// In the budget table: the row of `form.budget.rows` called `name`.
    pub fn budget_row(&self, form: &Form, name: &str) -> Option<&'a RowNode> {
        form.budget
            .rows
            .iter()
            .position(|r| r.name == name)
            .and_then(|i| self.row(i))
    }

    /// The number in a data cell of `r` (`Num::None` when there is no such cell).
    pub fn number(&self, r: &RowNode, col: usize) -> Num {
        cell(r, col).map_or(Num::None, |c| {
            number::parse(&self.src[c.clone()], &self.format.minus)
        })
    }

    /// Data columns (cells after the row name) in the header.
    pub fn header_years(&self) -> Vec<(Option<i32>, Span)> {
        self.header.map_or_else(Vec::new, |h| {
            h.cells
                .iter()
                .skip(1)
                .map(|c| (cell_year(self.src, c, &self.format.years), c.clone()))
                .collect()
        })
    }

    /// The data column for fiscal year `n`: the header column naming it, else the last column.
    pub fn column_for(&self, n: Option<i32>) -> Option<usize> {
        let years = self.header_years();
        if let Some(n) = n {
            if let Some(i) = years.iter().position(|(y, _)| *y == Some(n)) {
                return Some(i);
            }
        }
        self.width().checked_sub(1)
    }

    pub fn width(&self) -> usize {
        self.rows
            .iter()
            .map(|(_, r)| r.cells.len().saturating_sub(1))
            .max()
            .unwrap_or(0)
    }
}

/// The budget section's table (the first table in that section), its rows named as in `form.budget.rows`.
pub fn budget_table<'a>(src: &'a str, sheet: &'a Sheet, form: &'a Form) -> Option<TableView<'a>> {
    let number = form.budget.section;
    let t = sheet.tables.iter().find(|t| {
        t.section
            .is_some_and(|s| form.sections[sheet.sections[s].form].number == number)
    })?;
    Some(TableView::new(src, form, t, &form.lexicon.budget_rows))
}
