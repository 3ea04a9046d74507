//! The HTML report: one self-contained page (inline CSS, SVG and a short script; nothing from the network)
//! for people: a summary, the ratings' distribution overall and by 部, costs per 部 and year, a sortable and
//! filterable table of the sheets, and each project's indicators across years. It prints on A4 landscape.
//! Every word on the page comes from the catalogue (`report.*` in messages/ja.toml).

use super::data::{Indicator, Report, SheetRow};
use hyoka_core::messages::ja;
use std::collections::BTreeMap;
use std::fmt::Write;

const STYLE: &str = include_str!("report.css");
const SCRIPT: &str = include_str!("report.js");

/// The colours of a chart's categories, in order; the last is for "not written".
const PALETTE: [&str; 6] = [
    "#2b6cb0", "#38a169", "#d69e2e", "#e53e3e", "#805ad5", "#319795",
];
const NONE_COLOUR: &str = "#cbd5e0";

fn t(key: &str) -> String {
    ja(&format!("report.{key}"), &[])
}

/// Escape text for HTML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        hyoka_core::model::number::format_amount(v)
    } else {
        format!("{v}")
    }
}

/// Counts of each category for one row of a chart.
struct Bars {
    label: String,
    counts: Vec<usize>,
}

/// A horizontal stacked bar chart: one bar per row (全体, then each 部), one colour per category.
fn stacked_chart(title: &str, categories: &[String], rows: &[Bars]) -> String {
    let (label_w, bar_w, row_h) = (150.0, 420.0, 22.0);
    let legend_lines = {
        let (mut lines, mut x) = (1.0, label_w);
        for c in categories {
            let w = 24.0 + 11.0 * c.chars().count() as f64;
            if x + w > label_w + bar_w + 50.0 && x > label_w {
                lines += 1.0;
                x = label_w;
            }
            x += w;
        }
        lines
    };
    let height = 14.0 + row_h * rows.len() as f64 + 16.0 * legend_lines;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<figure class="chart"><figcaption>{}</figcaption><svg viewBox="0 0 {} {height}" width="100%" role="img" aria-label="{}">"#,
        esc(title),
        label_w + bar_w + 50.0,
        esc(title)
    );
    for (r, row) in rows.iter().enumerate() {
        let y = 4.0 + row_h * r as f64;
        let total: usize = row.counts.iter().sum();
        let _ = write!(
            svg,
            r#"<text x="{}" y="{}" text-anchor="end" class="label">{}</text>"#,
            label_w - 6.0,
            y + 14.0,
            esc(&row.label)
        );
        let mut x = label_w;
        for (k, n) in row.counts.iter().enumerate() {
            if *n == 0 || total == 0 {
                continue;
            }
            let w = bar_w * *n as f64 / total as f64;
            let colour = colour(k, categories.len());
            let _ = write!(
                svg,
                r#"<rect x="{x:.1}" y="{y}" width="{w:.1}" height="{}" fill="{colour}"><title>{}: {n}</title></rect>"#,
                row_h - 6.0,
                esc(&categories[k])
            );
            if w > 18.0 {
                let _ = write!(
                    svg,
                    r#"<text x="{:.1}" y="{}" text-anchor="middle" class="count">{n}</text>"#,
                    x + w / 2.0,
                    y + 12.0
                );
            }
            x += w;
        }
        let _ = write!(
            svg,
            r#"<text x="{:.1}" y="{}" class="label">{total}</text>"#,
            label_w + bar_w + 6.0,
            y + 14.0
        );
    }
    // The legend, wrapped onto as many lines as it needs.
    let mut ly = 8.0 + row_h * rows.len() as f64;
    let mut x = label_w;
    for (k, c) in categories.iter().enumerate() {
        let w = 24.0 + 11.0 * c.chars().count() as f64;
        if x + w > label_w + bar_w + 50.0 && x > label_w {
            x = label_w;
            ly += 16.0;
        }
        let _ = write!(
            svg,
            r#"<rect x="{x:.1}" y="{ly}" width="10" height="10" fill="{}"/><text x="{:.1}" y="{}" class="legend">{}</text>"#,
            colour(k, categories.len()),
            x + 14.0,
            ly + 9.0,
            esc(c)
        );
        x += w;
    }
    svg.push_str("</svg></figure>");
    svg
}

/// The last category is always "not written".
fn colour(k: usize, n: usize) -> &'static str {
    if k + 1 == n {
        NONE_COLOUR
    } else {
        PALETTE[k % PALETTE.len()]
    }
}

/// A chart of one value per sheet (its 検証結果, say): overall and by 部.
fn distribution(
    title: &str,
    options: &[String],
    sheets: &[&SheetRow],
    value: &dyn Fn(&SheetRow) -> Option<String>,
) -> String {
    let mut categories: Vec<String> = options.to_vec();
    // Values a form of the folder writes that the first form does not list.
    for s in sheets {
        if let Some(v) = value(s) {
            if !categories.contains(&v) {
                categories.push(v);
            }
        }
    }
    categories.push(t("not_written"));
    let counts = |list: &[&SheetRow]| {
        let mut c = vec![0; categories.len()];
        for s in list {
            let k = value(s)
                .and_then(|v| categories.iter().position(|x| *x == v))
                .unwrap_or(categories.len() - 1);
            c[k] += 1;
        }
        c
    };
    let mut rows = vec![Bars {
        label: t("overall"),
        counts: counts(sheets),
    }];
    for (dept, list) in by_department(sheets) {
        rows.push(Bars {
            label: dept,
            counts: counts(&list),
        });
    }
    stacked_chart(title, &categories, &rows)
}

fn department_of(s: &SheetRow) -> String {
    s.department.clone().unwrap_or_else(|| t("no_department"))
}

fn by_department<'a>(sheets: &[&'a SheetRow]) -> BTreeMap<String, Vec<&'a SheetRow>> {
    let mut m: BTreeMap<String, Vec<&SheetRow>> = BTreeMap::new();
    for s in sheets {
        m.entry(department_of(s)).or_default().push(s);
    }
    m
}

/// 事業費 and フルコスト totals per 部 and year. A project counts each year once, with the figure of its
/// latest sheet for that year (the result replaces the plan a sheet of an earlier year gave).
fn costs_table(report: &Report) -> String {
    // (部, costs of one project or of a sheet that belongs to none)
    let mut lines: Vec<(String, &[super::data::Cost])> = Vec::new();
    let mut in_project = vec![false; report.sheets.len()];
    for p in &report.projects {
        let dept = p.department.clone().unwrap_or_else(|| t("no_department"));
        lines.push((dept, &p.costs));
        for &i in &p.sheets {
            in_project[i] = true;
        }
    }
    for (i, s) in report.sheets.iter().enumerate() {
        if !in_project[i] {
            lines.push((department_of(s), &s.costs));
        }
    }
    let mut years: Vec<i32> = lines
        .iter()
        .flat_map(|(_, c)| c.iter().map(|c| c.year))
        .collect();
    years.sort();
    years.dedup();
    if years.is_empty() {
        return String::new();
    }
    let mut by_dept: BTreeMap<String, Vec<&[super::data::Cost]>> = BTreeMap::new();
    for (d, c) in lines {
        by_dept.entry(d).or_default().push(c);
    }
    let mut html = format!(
        r#"<table class="costs"><thead><tr><th>{}</th><th></th>"#,
        esc(&t("col_department"))
    );
    for y in &years {
        let _ = write!(html, r#"<th class="num">{y}</th>"#);
    }
    html.push_str("</tr></thead><tbody>");
    for (dept, list) in by_dept {
        for (k, key) in [(0, "project_cost"), (1, "full_cost")] {
            let _ = write!(
                html,
                "<tr>{}<th>{}</th>",
                if k == 0 {
                    format!(r#"<th rowspan="2">{}</th>"#, esc(&dept))
                } else {
                    String::new()
                },
                esc(&t(key))
            );
            for y in &years {
                let sum: Option<f64> = list
                    .iter()
                    .filter_map(|costs| costs.iter().find(|c| c.year == *y))
                    .filter_map(|c| if k == 0 { c.project_cost } else { c.full_cost })
                    .fold(None, |a, v| Some(a.unwrap_or(0.0) + v));
                let _ = write!(
                    html,
                    r#"<td class="num">{}</td>"#,
                    sum.map_or(String::new(), number)
                );
            }
            html.push_str("</tr>");
        }
    }
    html.push_str("</tbody></table>");
    html
}

/// The filter control for one column: every distinct value, sorted.
fn select(id: &str, label: &str, values: impl Iterator<Item = String>) -> String {
    let mut v: Vec<String> = values.filter(|v| !v.is_empty()).collect();
    v.sort();
    v.dedup();
    let mut html = format!(
        r#"<label>{} <select id="{id}"><option value="">{}</option>"#,
        esc(label),
        esc(&t("filter_all"))
    );
    for x in v {
        let _ = write!(html, r#"<option value="{0}">{0}</option>"#, esc(&x));
    }
    html.push_str("</select></label>");
    html
}

fn sheets_table(report: &Report) -> String {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let mut html = String::from(r#"<div class="controls">"#);
    html.push_str(&select(
        "filter-department",
        &t("col_department"),
        report.sheets.iter().map(|s| opt(&s.department)),
    ));
    html.push_str(&select(
        "filter-division",
        &t("col_division"),
        report.sheets.iter().map(|s| opt(&s.division)),
    ));
    html.push_str(&select(
        "filter-rating",
        &t("col_result"),
        report.sheets.iter().map(|s| opt(&s.result)),
    ));
    let _ = write!(
        html,
        r#"<label><input type="checkbox" id="filter-errors"> {}</label> <span id="shown"></span></div>"#,
        esc(&t("filter_errors"))
    );
    html.push_str(r#"<table id="sheets"><colgroup><col class="c-path"><col class="c-year"><col class="c-dept"><col class="c-div"><col class="c-project"><col class="c-result"><col class="c-progress"><col class="c-ratings"><col class="c-n"><col class="c-n"><col class="c-diag"></colgroup><thead><tr>"#);
    for (key, sort) in [
        ("path", "text"),
        ("year", "number"),
        ("department", "text"),
        ("division", "text"),
        ("project", "text"),
        ("result", "text"),
        ("progress", "text"),
    ] {
        let _ = write!(
            html,
            r#"<th data-key="{key}" data-sort="{sort}"><button type="button">{}</button></th>"#,
            esc(&t(&format!("col_{key}")))
        );
    }
    let _ = write!(html, "<th>{}</th>", esc(&t("col_ratings")));
    for key in ["errors", "warnings"] {
        let _ = write!(
            html,
            r#"<th data-key="{key}" data-sort="number" class="num"><button type="button">{}</button></th>"#,
            esc(&t(&format!("col_{key}")))
        );
    }
    let _ = write!(
        html,
        "<th>{}</th></tr></thead><tbody>",
        esc(&t("col_diagnostics"))
    );
    for s in &report.sheets {
        let _ = write!(
            html,
            r#"<tr class="sheet" data-path="{}" data-year="{}" data-department="{}" data-division="{}" data-project="{}" data-result="{}" data-progress="{}" data-errors="{}" data-warnings="{}">"#,
            esc(&s.path),
            s.year.map_or(String::new(), |y| y.to_string()),
            esc(&opt(&s.department)),
            esc(&opt(&s.division)),
            esc(&opt(&s.project)),
            esc(&opt(&s.result)),
            esc(&opt(&s.progress)),
            s.errors,
            s.warnings
        );
        let _ = write!(
            html,
            r#"<td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"#,
            if s.uri.is_empty() {
                esc(&s.path)
            } else {
                format!(
                    r#"<a class="file" href="{}">{}</a>"#,
                    esc(&s.uri),
                    esc(&s.path)
                )
            },
            esc(&opt(&s.year_label)),
            esc(&opt(&s.department)),
            esc(&opt(&s.division)),
            esc(&opt(&s.project)),
            esc(&opt(&s.result)),
            esc(&opt(&s.progress)),
        );
        let ratings: Vec<String> = s
            .ratings
            .iter()
            .map(|r| {
                let none = t("no_rating");
                esc(&ja(
                    "report.rating_entry",
                    &[
                        ("item", &r.item),
                        ("rating", &r.rating.as_deref().unwrap_or(&none)),
                    ],
                ))
            })
            .collect();
        let _ = write!(
            html,
            r#"<td class="ratings">{}</td><td class="num{}">{}</td><td class="num">{}</td><td>"#,
            ratings.join("<br>"),
            if s.errors > 0 { " bad" } else { "" },
            s.errors,
            s.warnings
        );
        let shown: Vec<_> = s.diagnostics.iter().collect();
        if !shown.is_empty() {
            let _ = write!(
                html,
                r#"<details><summary>{}</summary><ul>"#,
                esc(&ja("report.diagnostics_count", &[("count", &shown.len())]))
            );
            for d in shown {
                let _ = write!(
                    html,
                    r#"<li class="{}">{}:{} <code>{}</code> {}</li>"#,
                    d.severity,
                    d.line,
                    d.column,
                    d.rule,
                    esc(&d.message)
                );
            }
            html.push_str("</ul></details>");
        }
        html.push_str("</td></tr>");
    }
    html.push_str("</tbody></table>");
    html
}

/// A small line chart of one indicator: target dashed, actual solid, one point per year.
fn indicator_chart(ind: &Indicator) -> String {
    let (w, h, pad) = (220.0, 90.0, 24.0);
    let values: Vec<f64> = ind
        .years
        .iter()
        .flat_map(|y| [y.target, y.actual])
        .flatten()
        .collect();
    if values.is_empty() {
        return String::new();
    }
    let (lo, hi) = values
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), v| (a.min(*v), b.max(*v)));
    let span = if hi > lo { hi - lo } else { 1.0 };
    let n = ind.years.len().max(2) as f64 - 1.0;
    let x = |i: usize| pad + (w - 2.0 * pad) * i as f64 / n;
    let y = |v: f64| h - 20.0 - (h - 34.0) * (v - lo) / span;
    let line = |pick: &dyn Fn(usize) -> Option<f64>, class: &str| {
        let pts: Vec<String> = (0..ind.years.len())
            .filter_map(|i| pick(i).map(|v| format!("{:.1},{:.1}", x(i), y(v))))
            .collect();
        let dots: String = (0..ind.years.len())
            .filter_map(|i| {
                pick(i).map(|v| {
                    format!(
                        r#"<circle cx="{:.1}" cy="{:.1}" r="2.5" class="{class}"><title>{}</title></circle>"#,
                        x(i),
                        y(v),
                        number(v)
                    )
                })
            })
            .collect();
        format!(
            r#"<polyline points="{}" class="{class}" fill="none"/>{dots}"#,
            pts.join(" ")
        )
    };
    let target = line(&|i| ind.years[i].target, "target");
    let actual = line(&|i| ind.years[i].actual, "actual");
    let mut labels = String::new();
    for (i, yr) in ind.years.iter().enumerate() {
        let _ = write!(
            labels,
            r#"<text x="{:.1}" y="{}" text-anchor="middle" class="axis">{}</text>"#,
            x(i),
            h - 6.0,
            yr.year
        );
    }
    let title = match &ind.name {
        Some(n) => ja(
            "report.indicator_title",
            &[("block", &ind.block), ("name", n)],
        ),
        None => ind.block.clone(),
    };
    let unit = ind.unit.clone().unwrap_or_default();
    format!(
        r#"<figure class="indicator"><figcaption>{}</figcaption><svg viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="{}"><text x="2" y="10" class="axis">{} {}</text><text x="2" y="{}" class="axis">{} {}</text>{target}{actual}{labels}</svg></figure>"#,
        esc(&title),
        esc(&title),
        esc(&number(hi)),
        esc(&unit),
        h - 22.0,
        esc(&number(lo)),
        esc(&unit),
    )
}

fn projects(report: &Report) -> String {
    let mut html = String::new();
    for p in &report.projects {
        if p.indicators.is_empty() {
            continue;
        }
        let years: Vec<String> = p
            .sheets
            .iter()
            .filter_map(|&i| report.sheets[i].year_label.clone())
            .collect();
        let _ = write!(
            html,
            r#"<section class="project"><h3>{}</h3><p class="meta">{} {} {}</p><div class="indicators">"#,
            esc(&p.name),
            esc(p.department.as_deref().unwrap_or("")),
            esc(p.division.as_deref().unwrap_or("")),
            esc(&years.join(&t("list_separator")))
        );
        for ind in &p.indicators {
            html.push_str(&indicator_chart(ind));
        }
        html.push_str("</div></section>");
    }
    html
}

/// The page.
pub fn write(report: &Report, generated: &str) -> String {
    let sheets: Vec<&SheetRow> = report.sheets.iter().collect();
    let mut html = String::with_capacity(64 * 1024 + report.sheets.len() * 2048);
    let _ = write!(
        html,
        r#"<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{}</title><style>{STYLE}</style></head><body><header><h1>{}</h1><p class="meta">{}</p></header>"#,
        esc(&t("title")),
        esc(&t("title")),
        esc(generated)
    );
    let total = report.summary;
    let _ = write!(
        html,
        r#"<section id="summary"><h2>{}</h2><dl><div><dt>{}</dt><dd data-count="sheets">{}</dd></div><div><dt>{}</dt><dd data-count="errors">{}</dd></div><div><dt>{}</dt><dd data-count="warnings">{}</dd></div><div><dt>{}</dt><dd data-count="hints">{}</dd></div></dl></section>"#,
        esc(&t("summary_heading")),
        esc(&t("sheets")),
        total.sheets,
        esc(&t("errors")),
        total.errors,
        esc(&t("warnings")),
        total.warnings,
        esc(&t("hints")),
        total.hints
    );
    if !report.unreadable.is_empty() {
        let _ = write!(
            html,
            r#"<section id="unreadable"><h2>{}</h2><ul>"#,
            esc(&t("unreadable_heading"))
        );
        for u in &report.unreadable {
            let _ = write!(html, "<li>{}: {}</li>", esc(&u.path), esc(&u.error));
        }
        html.push_str("</ul></section>");
    }
    let _ = write!(
        html,
        r#"<section id="charts"><h2>{}</h2><div class="charts">"#,
        esc(&t("charts_heading"))
    );
    let first = report.forms.first();
    let options = |f: &dyn Fn(&super::data::FormInfo) -> &Vec<String>| {
        let mut all: Vec<String> = Vec::new();
        for form in &report.forms {
            for o in f(form) {
                if !all.contains(o) {
                    all.push(o.clone());
                }
            }
        }
        all
    };
    // The sheets whose form has the field: a form without 進捗状況 leaves nothing unwritten.
    let having = |has: &dyn Fn(&super::data::FormInfo) -> bool| -> Vec<&SheetRow> {
        sheets
            .iter()
            .copied()
            .filter(|s| report.forms.iter().any(|f| f.id == s.form && has(f)))
            .collect()
    };
    if first.is_some() {
        let with_result = having(&|f| !f.results.is_empty());
        if !with_result.is_empty() {
            html.push_str(&distribution(
                &t("col_result"),
                &options(&|f| &f.results),
                &with_result,
                &|s| s.result.clone(),
            ));
        }
        let with_progress = having(&|f| !f.progress.is_empty());
        if !with_progress.is_empty() {
            html.push_str(&distribution(
                &t("col_progress"),
                &options(&|f| &f.progress),
                &with_progress,
                &|s| s.progress.clone(),
            ));
        }
        for item in report.items() {
            // The ratings of the forms that have this item.
            let mut ratings: Vec<String> = Vec::new();
            for form in report
                .forms
                .iter()
                .filter(|f| f.items.iter().any(|i| i == item))
            {
                for o in &form.ratings {
                    if !ratings.contains(o) {
                        ratings.push(o.clone());
                    }
                }
            }
            let item_sheets: Vec<&SheetRow> = sheets
                .iter()
                .copied()
                .filter(|s| s.ratings.iter().any(|r| r.item == item))
                .collect();
            html.push_str(&distribution(
                &ja("report.chart_rating", &[("item", &item)]),
                &ratings,
                &item_sheets,
                &|s| {
                    s.ratings
                        .iter()
                        .find(|r| r.item == item)
                        .and_then(|r| r.rating.clone())
                },
            ));
        }
    }
    html.push_str("</div></section>");
    let _ = write!(
        html,
        r#"<section id="costs"><h2>{}</h2>{}</section>"#,
        esc(&t("costs_heading")),
        costs_table(report)
    );
    let _ = write!(
        html,
        r#"<section id="list"><h2>{}</h2>{}</section>"#,
        esc(&t("table_heading")),
        sheets_table(report)
    );
    let _ = write!(
        html,
        r#"<section id="projects"><h2>{}</h2><p class="legend"><span class="key target"></span>{} <span class="key actual"></span>{}</p>{}</section>"#,
        esc(&t("projects_heading")),
        esc(&t("target")),
        esc(&t("actual")),
        projects(report)
    );
    let _ = write!(
        html,
        r#"<script>const SHOWN = "{}";{SCRIPT}</script></body></html>"#,
        esc(&t("shown"))
    );
    html
}
