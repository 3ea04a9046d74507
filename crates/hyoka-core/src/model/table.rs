//! Reading tables: header row, rows by name, columns by year. Rules check them, editor queries show them.

use super::number::{self, Num};
use super::{RowNode, Sheet, Span, TableNode};
use crate::form::{Budget, Form, Format};
use crate::text::fold;
use crate::text::year::Calendar;

fn known_row(form: &Form, name: &str) -> bool {
    let lx = &form.lexicon;
    lx.table_rows
        .iter()
        .flatten()
        .chain(&lx.indicator_rows)
        .flatten()
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
    /// `names` are the folded spellings of each row definition (from the lexicon).
    pub fn new(src: &'a str, form: &'a Form, table: &'a TableNode, names: &[Vec<String>]) -> Self {
        let header = table.rows.iter().find(|r| is_header_row(src, form, r));
        let rows = table
            .rows
            .iter()
            .filter_map(|r| Some((row_def(src, r, names)?, r)))
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

    /// The row of `def` (a table of the form) called `name`.
    pub fn named_row(&self, def: &Budget, name: &str) -> Option<&'a RowNode> {
        def.rows
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

    /// The text of the header cell over data column `col`, trimmed.
    pub fn header_cell(&self, col: usize) -> Option<String> {
        let c = cell(self.header?, col)?;
        Some(crate::text::fold::trim(&self.src[c.clone()]).1.to_string())
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

/// The row definition a row names, by its first cell.
fn row_def(src: &str, r: &RowNode, names: &[Vec<String>]) -> Option<usize> {
    let name = fold(&src[r.cells.first()?.clone()]);
    names.iter().position(|d| d.contains(&name))
}

/// The evaluated year N as a table's header gives it: the N most of its year columns agree on (each
/// column's year less the form's offset for it; the earliest column wins a tie), so one mistyped column is
/// the one reported.
pub fn year_from_header(def: &Budget, view: &TableView) -> Option<i32> {
    let votes: Vec<i32> = view
        .header_years()
        .iter()
        .zip(&def.year_offsets)
        .filter_map(|((y, _), off)| y.map(|y| y - off))
        .collect();
    let count = |n: &i32| votes.iter().filter(|v| *v == n).count();
    votes.iter().copied().fold(None, |best, n| match best {
        Some(b) if count(&b) >= count(&n) => Some(b),
        _ => Some(n),
    })
}

/// The evaluated year N: from the title, or, where the form's title names no year (貝塚市), from the header
/// of the form's first table (`views` are the sheet's tables, as [`tables`] matches them). The one definition
/// of N: rules, hover, completion and inlay hints all read it.
pub fn evaluated_year(sheet: &Sheet, form: &Form, views: &[Option<TableView>]) -> Option<i32> {
    if form.lexicon.title_has_year {
        return sheet.year();
    }
    year_from_header(form.tables().next()?, views.first()?.as_ref()?)
}

/// The sheet's tables matched to the form's (indexed like `form.tables()`). Each table of the form takes,
/// among the untaken tables of its section, the one naming most of its rows; one that names none only when
/// no other table of the form shares the section (a table still being written).
pub fn tables<'a>(src: &'a str, sheet: &'a Sheet, form: &'a Form) -> Vec<Option<TableView<'a>>> {
    let defs: Vec<&Budget> = form.tables().collect();
    let mut taken = vec![false; sheet.tables.len()];
    let mut out = Vec::with_capacity(defs.len());
    for (k, def) in defs.iter().enumerate() {
        let names = &form.lexicon.table_rows[k];
        let shared = defs.iter().filter(|d| d.section == def.section).count() > 1;
        let best = sheet
            .tables
            .iter()
            .enumerate()
            .filter(|(i, t)| !taken[*i] && sheet.section_number(form, t.section) == def.section)
            .map(|(i, t)| {
                let score = t
                    .rows
                    .iter()
                    .filter(|r| row_def(src, r, names).is_some())
                    .count();
                (i, score)
            })
            .filter(|(_, score)| *score > 0 || !shared)
            // The best score, the earliest table among equals.
            .max_by_key(|&(i, score)| (score, std::cmp::Reverse(i)));
        out.push(best.map(|(i, _)| {
            taken[i] = true;
            TableView::new(src, form, &sheet.tables[i], names)
        }));
    }
    out
}
