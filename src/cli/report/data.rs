//! What a report shows, built once from the checked sheets and written as JSON, CSV or HTML. Its JSON form
//! is the documented `hyoka report --format json` (docs/report.md).

use crate::cli::output::FileReport;
use hyoka_core::form::RowRole;
use hyoka_core::rules::workspace::{Summary, Workspace};
use hyoka_core::text::ColumnUnit;
use hyoka_core::{Form, Severity};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

pub const VERSION: u32 = 1;

#[derive(Serialize)]
pub struct Report {
    pub version: u32,
    pub summary: Totals,
    pub forms: Vec<FormInfo>,
    pub sheets: Vec<SheetRow>,
    pub projects: Vec<Project>,
    /// Files that could not be checked, and why.
    pub unreadable: Vec<Unreadable>,
}

#[derive(Serialize, Default, Clone, Copy)]
pub struct Totals {
    pub sheets: usize,
    pub errors: usize,
    pub warnings: usize,
    pub hints: usize,
}

#[derive(Serialize)]
pub struct FormInfo {
    pub id: String,
    pub name: String,
    /// The analysis items, in the form's order: each has a rating column.
    pub items: Vec<String>,
    /// The options of 検証結果 and 進捗状況, in the form's order (the charts' categories).
    pub results: Vec<String>,
    pub progress: Vec<String>,
    /// The options of the items' ratings (高・中・低).
    pub ratings: Vec<String>,
}

#[derive(Serialize)]
pub struct Unreadable {
    pub path: String,
    pub error: String,
}

#[derive(Serialize)]
pub struct SheetRow {
    pub path: String,
    /// The file's `file:` URI (the HTML links to it).
    #[serde(skip)]
    pub uri: String,
    pub form: String,
    pub year: Option<i32>,
    pub year_label: Option<String>,
    pub department: Option<String>,
    pub division: Option<String>,
    pub project: Option<String>,
    pub result: Option<String>,
    pub progress: Option<String>,
    pub ratings: Vec<Rating>,
    pub costs: Vec<Cost>,
    pub indicators: Vec<Indicator>,
    pub errors: usize,
    pub warnings: usize,
    pub hints: usize,
    pub diagnostics: Vec<Finding>,
}

#[derive(Serialize)]
pub struct Rating {
    pub item: String,
    pub rating: Option<String>,
}

#[derive(Serialize, Clone)]
pub struct Cost {
    pub year: i32,
    pub project_cost: Option<f64>,
    pub full_cost: Option<f64>,
}

#[derive(Serialize, Clone)]
pub struct Indicator {
    pub block: String,
    pub name: Option<String>,
    /// The name as compared across sheets (width folded, without spaces).
    #[serde(skip)]
    pub key: Option<String>,
    pub unit: Option<String>,
    pub years: Vec<IndicatorYear>,
}

#[derive(Serialize, Clone, PartialEq)]
pub struct IndicatorYear {
    pub year: i32,
    pub target: Option<f64>,
    pub actual: Option<f64>,
}

#[derive(Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: &'static str,
    pub line: u32,
    pub column: u32,
    pub message: String,
}

/// One project across years: its sheets (indices into `sheets`) and its indicators, each year's figures
/// taken from the latest sheet that gives them.
#[derive(Serialize)]
pub struct Project {
    pub name: String,
    pub department: Option<String>,
    pub division: Option<String>,
    pub sheets: Vec<usize>,
    /// Each year's 事業費 and フルコスト, from the latest sheet that gives the year.
    pub costs: Vec<Cost>,
    pub indicators: Vec<Indicator>,
}

fn indicators_of(s: &Summary) -> Vec<Indicator> {
    s.indicators
        .iter()
        .map(|b| {
            let mut years: BTreeMap<i32, IndicatorYear> = BTreeMap::new();
            for f in &b.figures {
                let y = years.entry(f.year).or_insert(IndicatorYear {
                    year: f.year,
                    target: None,
                    actual: None,
                });
                match f.row {
                    RowRole::Target => y.target = Some(f.value),
                    _ => y.actual = Some(f.value),
                }
            }
            Indicator {
                block: b.label.clone(),
                name: b.name.as_ref().map(|n| n.text.clone()),
                key: b.name.as_ref().map(|n| n.key.clone()),
                unit: b.unit.clone(),
                years: years.into_values().collect(),
            }
        })
        .collect()
}

fn count(r: &FileReport, s: Severity) -> usize {
    r.diagnostics.iter().filter(|d| d.severity == s).count()
}

/// A sheet's link from a page in the folder `base`: relative, so the report and the sheets can move together
/// (a shared drive); absolute where no relative path exists.
fn link(path: &str, base: &Path) -> String {
    let path = Path::new(path);
    match hyoka_fs::paths::relative_to(path, base) {
        Some(rel) => hyoka_fs::paths::to_uri(&rel),
        None => hyoka_fs::paths::to_uri(&std::path::absolute(path).unwrap_or(path.to_path_buf())),
    }
}

/// The report over the checked files. `forms` are the forms that may have read them (by id); `base` is the
/// folder the report is written to (its links start there).
pub fn build(
    reports: &[FileReport],
    forms: &[&Form],
    base: &Path,
    aliases: &BTreeMap<String, String>,
) -> Report {
    let mut sheets = Vec::new();
    let mut summaries: Vec<&Summary> = Vec::new();
    let mut unreadable = Vec::new();
    let mut totals = Totals::default();
    for r in reports {
        if let Some(e) = &r.error {
            unreadable.push(Unreadable {
                path: r.name.text.clone(),
                error: e.clone(),
            });
        }
        // A checked file: its report has the line index already.
        let (Some(s), Some(index)) = (r.summary.as_ref(), r.index.as_ref()) else {
            continue;
        };
        let findings = r
            .diagnostics
            .iter()
            .map(|d| {
                let at = index.position(&r.text, d.span.start, ColumnUnit::Chars);
                Finding {
                    rule: d.rule,
                    severity: d.severity.as_str(),
                    line: at.line + 1,
                    column: at.col + 1,
                    message: d.message.clone(),
                }
            })
            .collect();
        let (errors, warnings, hints) = (
            count(r, Severity::Error),
            count(r, Severity::Warning),
            count(r, Severity::Hint),
        );
        totals.sheets += 1;
        totals.errors += errors;
        totals.warnings += warnings;
        totals.hints += hints;
        let owner = s.owner.as_ref();
        sheets.push(SheetRow {
            path: r.name.text.clone(),
            // Standard input has no file to link to.
            uri: if r.name.text == "-" {
                String::new()
            } else {
                link(&r.name.text, base)
            },
            form: s.form.clone(),
            year: s.year,
            year_label: s.year_label.clone(),
            department: owner.and_then(|o| o.department.clone()),
            division: owner.and_then(|o| o.division.clone()),
            project: s.project.as_ref().map(|p| p.text.clone()),
            result: s.result.as_ref().map(|c| c.label.clone()),
            progress: s.progress.as_ref().map(|c| c.label.clone()),
            ratings: s
                .ratings
                .iter()
                .map(|(item, rating)| Rating {
                    item: item.clone(),
                    rating: rating.clone(),
                })
                .collect(),
            costs: s
                .costs
                .iter()
                .map(|c| Cost {
                    year: c.year,
                    project_cost: c.project_cost,
                    full_cost: c.full_cost,
                })
                .collect(),
            indicators: indicators_of(s),
            errors,
            warnings,
            hints,
            diagnostics: findings,
        });
        summaries.push(s);
    }
    let projects = projects(&sheets, &summaries, aliases);
    let used: Vec<&str> = {
        let mut ids: Vec<&str> = sheets.iter().map(|s| s.form.as_str()).collect();
        ids.dedup();
        ids
    };
    let mut infos: Vec<FormInfo> = Vec::new();
    for f in forms.iter().filter(|f| used.contains(&f.id.as_str())) {
        if !infos.iter().any(|i| i.id == f.id) {
            infos.push(form_info(f));
        }
    }
    let forms = infos;
    Report {
        version: VERSION,
        summary: totals,
        forms,
        sheets,
        projects,
        unreadable,
    }
}

fn form_info(f: &Form) -> FormInfo {
    use hyoka_core::form::{FieldRole, Kind};
    let options = |role| {
        f.field_by_role(role)
            .map(|i| {
                f.fields[i]
                    .options
                    .iter()
                    .map(|o| o.label.clone())
                    .collect()
            })
            .unwrap_or_default()
    };
    let ratings = f
        .analysis
        .fields
        .iter()
        .find(|x| x.kind == Kind::Rating)
        .map(|x| x.options.iter().map(|o| o.label.clone()).collect())
        .unwrap_or_default();
    FormInfo {
        id: f.id.clone(),
        name: f.name.clone(),
        items: f.analysis.items.iter().map(|i| i.name.clone()).collect(),
        results: options(FieldRole::Result),
        progress: options(FieldRole::Progress),
        ratings,
    }
}

/// Projects as the cross-sheet rules group them (name and 課, renamed ones joined by `[aliases]`), by 部, 課
/// and name.
fn projects(
    sheets: &[SheetRow],
    summaries: &[&Summary],
    aliases: &BTreeMap<String, String>,
) -> Vec<Project> {
    let ws = Workspace::new(summaries.to_vec(), aliases);
    let mut out: Vec<Project> = ws
        .projects
        .iter()
        .map(|members| {
            let latest = &sheets[*members.last().expect("a project has a sheet")];
            // Each indicator (by block and name) across the sheets; a later sheet's figure wins.
            let mut indicators: Vec<Indicator> = Vec::new();
            for &i in members {
                for ind in &sheets[i].indicators {
                    let slot = match indicators
                        .iter_mut()
                        .find(|x| x.key == ind.key && (x.key.is_some() || x.block == ind.block))
                    {
                        Some(x) => x,
                        None => {
                            indicators.push(Indicator {
                                years: vec![],
                                ..ind.clone()
                            });
                            indicators.last_mut().expect("just pushed")
                        }
                    };
                    // The latest sheet names the indicator (its block, its spelling, its unit).
                    slot.block = ind.block.clone();
                    slot.name = ind.name.clone();
                    slot.unit = ind.unit.clone().or(slot.unit.take());
                    for y in &ind.years {
                        match slot.years.iter_mut().find(|x| x.year == y.year) {
                            Some(x) => {
                                x.target = y.target.or(x.target);
                                x.actual = y.actual.or(x.actual);
                            }
                            None => slot.years.push(y.clone()),
                        }
                    }
                }
            }
            for ind in &mut indicators {
                ind.years.sort_by_key(|y| y.year);
            }
            // Each year's costs from the latest sheet that gives them (a plan gives way to the result).
            let mut costs: BTreeMap<i32, Cost> = BTreeMap::new();
            for &i in members {
                for c in &sheets[i].costs {
                    let e = costs.entry(c.year).or_insert_with(|| c.clone());
                    e.project_cost = c.project_cost.or(e.project_cost);
                    e.full_cost = c.full_cost.or(e.full_cost);
                }
            }
            Project {
                name: latest.project.clone().unwrap_or_default(),
                costs: costs.into_values().collect(),
                department: latest.department.clone(),
                division: latest.division.clone(),
                sheets: members.clone(),
                indicators,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        (&a.department, &a.division, &a.name).cmp(&(&b.department, &b.division, &b.name))
    });
    out
}

impl Report {
    /// Every analysis item of the forms in use, in order of first appearance (the CSV's rating columns).
    pub fn items(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for f in &self.forms {
            for i in &f.items {
                if !out.contains(&i.as_str()) {
                    out.push(i);
                }
            }
        }
        out
    }
}
