//! The CSV report: one row per sheet, fixed columns (docs/report.md), for Excel on Japanese Windows: UTF-8
//! with a BOM and CRLF line ends, or Shift_JIS (`--encoding cp932`).

use super::data::{Report, SheetRow};
use hyoka_core::messages::ja;

/// Budget years as offsets from N: the columns 事業費（N-2）… 事業費（N+2）, whatever years a form's table has.
pub const COST_OFFSETS: [i32; 5] = [-2, -1, 0, 1, 2];

/// A text cell: quoted when it holds a separator, a quote or a line break. A cell Excel would run as a
/// formula (`=`, `+`, `-`, `@` first) gets a leading apostrophe, so a sheet's text cannot become one.
fn text_cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

fn number_cell(v: Option<f64>) -> String {
    v.map_or(String::new(), |v| {
        if v.fract() == 0.0 && v.abs() < 1e15 {
            format!("{}", v as i64)
        } else {
            format!("{v}")
        }
    })
}

fn header(items: &[&str]) -> Vec<String> {
    let h = |k: &str| ja(&format!("report.csv.{k}"), &[]);
    let mut cols: Vec<String> = [
        "path",
        "form",
        "year",
        "year_label",
        "department",
        "division",
        "project",
        "result",
        "progress",
    ]
    .iter()
    .map(|k| h(k))
    .collect();
    cols.extend(
        items
            .iter()
            .map(|i| ja("report.csv.rating", &[("item", i)])),
    );
    cols.extend(COST_OFFSETS.iter().map(|o| {
        ja(
            "report.csv.project_cost",
            &[("year", &super::relative_year(*o))],
        )
    }));
    cols.push(h("full_cost"));
    cols.push(h("errors"));
    cols.push(h("warnings"));
    cols
}

fn row(s: &SheetRow, items: &[&str]) -> Vec<String> {
    let opt = |v: &Option<String>| text_cell(v.as_deref().unwrap_or(""));
    let mut cells = vec![
        text_cell(&s.path),
        text_cell(&s.form),
        s.year.map_or(String::new(), |y| y.to_string()),
        opt(&s.year_label),
        opt(&s.department),
        opt(&s.division),
        opt(&s.project),
        opt(&s.result),
        opt(&s.progress),
    ];
    for item in items {
        let rating = s
            .ratings
            .iter()
            .find(|r| r.item == *item)
            .and_then(|r| r.rating.clone());
        cells.push(opt(&rating));
    }
    let cost = |offset: i32| {
        let y = s.year? + offset;
        s.costs.iter().find(|c| c.year == y)
    };
    for o in COST_OFFSETS {
        cells.push(number_cell(cost(o).and_then(|c| c.project_cost)));
    }
    cells.push(number_cell(cost(0).and_then(|c| c.full_cost)));
    cells.push(s.errors.to_string());
    cells.push(s.warnings.to_string());
    cells
}

/// The CSV text (without BOM; the caller encodes it).
pub fn write(report: &Report) -> String {
    let items = report.items();
    let mut out = String::new();
    let mut line = |cells: Vec<String>| {
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    };
    line(header(&items));
    for s in &report.sheets {
        line(row(s, &items));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        assert_eq!(text_cell("a,b"), "\"a,b\"");
        assert_eq!(text_cell("say \"x\""), "\"say \"\"x\"\"\"");
        assert_eq!(text_cell("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(text_cell("line\nbreak"), "\"line\nbreak\"");
        assert_eq!(number_cell(Some(1742.0)), "1742");
        assert_eq!(number_cell(Some(94.2)), "94.2");
        assert_eq!(number_cell(None), "");
    }
}
