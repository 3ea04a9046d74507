//! A year's sheets as one workspace. Each sheet is read once into a `Summary`: what identifies its project,
//! its indicator figures, its yearly texts, and what a report shows of it. The cross-sheet rules compare
//! summaries only, so a front-end keeps them (the server re-reads an edited sheet alone) and maps the
//! `FileId`s it chose to paths; the core never sees a path.

use super::{indicators, Check, Ctx, ALL};
use crate::diagnostics::work;
use crate::diagnostics::{Diagnostic, FileId, Level, Levels, Severity};
use crate::form::Names;
use crate::form::{FieldRole, Kind, OptionRole, RowRole};
use crate::messages::ja;
use crate::model::table::cell;
use crate::model::{FieldNode, Span};
use crate::text::fold;
use std::collections::{BTreeMap, HashMap};

/// A text of the sheet as written (lines joined, trimmed) and the key it is compared by.
#[derive(Debug, Clone, PartialEq)]
pub struct Written {
    pub span: Span,
    pub text: String,
    pub key: String,
}

/// The owning department (部) and division (課).
#[derive(Debug, Clone, PartialEq)]
pub struct Owner {
    /// The field(s) holding it: the 課 when it has a field of its own.
    pub span: Span,
    /// As written, 部 and 課 joined by a space when they are separate fields.
    pub text: String,
    pub department: Option<String>,
    pub division: Option<String>,
    pub department_key: String,
    pub division_key: String,
    /// The whole owner folded, without spaces: two spellings that differ only in width or spacing are one.
    pub spelling: String,
}

/// One figure of an indicator table.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub row: RowRole,
    /// The row's name as the form spells it (目標, 実績).
    pub row_name: String,
    pub year: i32,
    /// The column's header as written (平成25年度).
    pub column: String,
    pub value: f64,
    /// The cell as written (`21.0`).
    pub written: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorSummary {
    /// The block's label (成果指標①).
    pub label: String,
    pub name: Option<Written>,
    /// The unit, folded.
    pub unit: Option<String>,
    pub figures: Vec<Figure>,
}

/// A text the form says is written afresh each year (`written_each_year`).
#[derive(Debug, Clone, PartialEq)]
pub struct YearlyText {
    /// Which field, the same across years: the item it is written in, and the form's label.
    pub field: String,
    /// The field named for a message (必要性の「分析・課題の抽出」).
    pub name: String,
    pub span: Span,
    /// The text without any white space.
    pub normalized: String,
}

/// An option chosen in a choice or rating field.
#[derive(Debug, Clone, PartialEq)]
pub struct Chosen {
    pub key: Option<String>,
    pub label: String,
    pub role: Option<OptionRole>,
}

/// One year's costs from the tables (rows with the roles project-cost and full-cost).
#[derive(Debug, Clone, PartialEq)]
pub struct Cost {
    pub year: i32,
    pub project_cost: Option<f64>,
    pub full_cost: Option<f64>,
}

/// What the cross-sheet rules and reports read of one sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub file: FileId,
    /// The form's id.
    pub form: String,
    /// The evaluated fiscal year N.
    pub year: Option<i32>,
    /// N as the form writes it (平成27年度).
    pub year_label: Option<String>,
    /// Where sheet-wide reports sit (the title line).
    pub anchor: Span,
    pub project: Option<Written>,
    pub owner: Option<Owner>,
    /// The label of the owner's field (事業担当, 担当課), for messages.
    pub owner_label: String,
    /// The budget code folded, without spaces.
    pub budget_code: Option<String>,
    pub indicators: Vec<IndicatorSummary>,
    pub texts: Vec<YearlyText>,
    pub result: Option<Chosen>,
    pub progress: Option<Chosen>,
    /// Each analysis item of the form (its name) and the rating chosen, if any.
    pub ratings: Vec<(String, Option<String>)>,
    pub costs: Vec<Cost>,
    /// Ranges silenced by the sheet's directives, per rule (`None`: all).
    silenced: super::Silenced,
}

/// Texts shorter than this (`特になし`, `同上`) are the same every year for good reason: copied-text skips them.
const MIN_COPIED_CHARS: usize = 15;

impl Summary {
    /// Read a checked sheet.
    pub fn read(cx: &Ctx, file: FileId) -> Summary {
        let form = cx.form;
        let names = &form.format.names;
        let year = cx.year();
        let value_of = |n: &FieldNode| {
            let span = n.value.span()?;
            let text = n.value.text(cx.src);
            Some((span, fold::trim(&text).1.to_string()))
        };
        let field_text = |role| {
            let (_, n) = cx.role(role)?;
            value_of(n)
        };
        let project = field_text(FieldRole::ProjectName).map(|(span, text)| Written {
            key: name_key(&text, names),
            span,
            text,
        });
        let owner = read_owner(cx, &value_of);
        let owner_label = [FieldRole::Owner, FieldRole::Division, FieldRole::Department]
            .iter()
            .find_map(|r| form.field_by_role(*r))
            .map(|i| form.fields[i].label.clone())
            .unwrap_or_default();
        let budget_code = field_text(FieldRole::BudgetCode).map(|(_, t)| without_spaces(&t));
        let chosen = |role| {
            let (o, f, _) = cx.chosen(role)?;
            let opt = &f.options[o];
            Some(Chosen {
                key: opt.key.clone(),
                label: opt.label.clone(),
                role: opt.role,
            })
        };
        Summary {
            file,
            form: form.id.clone(),
            year,
            year_label: year.map(|y| form.format.years.format(y)),
            anchor: cx.sheet_anchor(),
            project,
            owner,
            owner_label,
            budget_code,
            indicators: read_indicators(cx),
            texts: read_texts(cx),
            result: chosen(FieldRole::Result),
            progress: chosen(FieldRole::Progress),
            ratings: read_ratings(cx),
            costs: read_costs(cx),
            silenced: super::silenced(cx.sheet, cx.src),
        }
    }

    fn is_silenced(&self, rule: &str, at: usize) -> bool {
        self.silenced.contains(rule, at)
    }

    /// The key that finds the same project in other years: its name and its 課.
    fn identity(&self, aliases: &HashMap<String, String>) -> Option<(String, String)> {
        let name = &self.project.as_ref()?.key;
        let name = aliases.get(name).unwrap_or(name).clone();
        let division = self.owner.as_ref().map(|o| o.division_key.clone());
        Some((name, division.unwrap_or_default()))
    }
}

/// A name as compared across sheets: width folded, white space and a leading code number dropped, and the
/// form's `[format.names] ignore` additions removed.
pub fn name_key(text: &str, names: &Names) -> String {
    let mut key = without_spaces(strip_code(&fold(text)));
    for word in &names.ignore {
        let word = fold(word);
        if !word.is_empty() {
            key = key.replace(&word, "");
        }
    }
    key
}

fn without_spaces(s: &str) -> String {
    fold(s).chars().filter(|c| !fold::is_space(*c)).collect()
}

/// `300300 教育推進部` → `教育推進部`: the code some forms write before a name.
fn strip_code(s: &str) -> &str {
    let t = s.trim_start_matches(fold::is_space);
    let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits > 0 && t[digits..].starts_with(fold::is_space) {
        t[digits..].trim_start_matches(fold::is_space)
    } else {
        t
    }
}

/// 部 and 課 of one field: split at the last space, else after the form's `department_ends` word.
fn split_owner(text: &str, names: &Names) -> (Option<String>, Option<String>) {
    let t = strip_code(text).trim_end_matches(fold::is_space);
    if let Some(at) = t.rfind(fold::is_space) {
        let division = t[at..].trim_start_matches(fold::is_space);
        let department = t[..at].trim_end_matches(fold::is_space);
        return (Some(department.to_string()), Some(division.to_string()));
    }
    // The last such word: 教育委員会事務局学校教育課 is 教育委員会事務局 + 学校教育課.
    let split = t
        .char_indices()
        .map(|(i, _)| i)
        .filter(|&i| i > 0)
        .rfind(|&i| {
            names
                .department_ends
                .iter()
                .any(|w| !w.is_empty() && t[..i].ends_with(w.as_str()))
        });
    match split {
        Some(i) => (Some(t[..i].to_string()), Some(t[i..].to_string())),
        None if t.is_empty() => (None, None),
        None => (None, Some(t.to_string())),
    }
}

fn read_owner(cx: &Ctx, value_of: &dyn Fn(&FieldNode) -> Option<(Span, String)>) -> Option<Owner> {
    let names = &cx.form.format.names;
    let get = |role| cx.role(role).and_then(|(_, n)| value_of(n));
    let (span, text, department, division) = if let Some((span, text)) = get(FieldRole::Owner) {
        let (d, v) = split_owner(&text, names);
        (span, text, d, v)
    } else {
        let department = get(FieldRole::Department);
        let division = get(FieldRole::Division);
        let span = division.as_ref().or(department.as_ref())?.0.clone();
        let parts: Vec<&str> = [&department, &division]
            .iter()
            .filter_map(|p| p.as_ref().map(|(_, t)| t.as_str()))
            .collect();
        let d = department.as_ref().map(|(_, t)| strip_code(t).to_string());
        (span, parts.join(" "), d, division.map(|(_, t)| t))
    };
    let key = |p: &Option<String>| p.as_deref().map_or(String::new(), |p| name_key(p, names));
    Some(Owner {
        span,
        spelling: without_spaces(&text),
        department_key: key(&department),
        division_key: key(&division),
        text,
        department,
        division,
    })
}

fn read_indicators(cx: &Ctx) -> Vec<IndicatorSummary> {
    let blocks = &cx.form.indicators.blocks;
    indicators::figures(cx)
        .into_iter()
        .map(|f| {
            let name =
                indicators::block_field(cx, f.block, FieldRole::IndicatorName).map(|(span, _)| {
                    let text = fold::trim(&cx.src[span.clone()]).1.to_string();
                    Written {
                        key: without_spaces(&text),
                        span,
                        text,
                    }
                });
            let unit = indicators::block_field(cx, f.block, FieldRole::IndicatorUnit)
                .map(|(_, t)| without_spaces(&t));
            let mut figures = Vec::new();
            for (col, (year, _)) in f.view.header_years().into_iter().enumerate() {
                let Some(year) = year else { continue };
                let column = super::column_name(&f.view, col);
                for (row, node) in [(RowRole::Target, f.target), (RowRole::Actual, f.actual)] {
                    let (Some(value), Some(span)) =
                        (f.view.number(node, col).value(), cell(node, col))
                    else {
                        continue;
                    };
                    let def = cx.form.indicator_row(row).expect("figures has both rows");
                    figures.push(Figure {
                        row,
                        row_name: cx.form.indicators.rows[def].name.clone(),
                        year,
                        column: column.clone(),
                        value,
                        written: fold::trim(&cx.src[span.clone()]).1.to_string(),
                        span: span.clone(),
                    });
                }
            }
            IndicatorSummary {
                label: blocks[f.block.form].label.clone(),
                name,
                unit,
                figures,
            }
        })
        .collect()
}

fn read_texts(cx: &Ctx) -> Vec<YearlyText> {
    let form = cx.form;
    cx.sheet
        .fields
        .iter()
        .chain(cx.live_block_fields())
        .filter(|n| form.field(n.target).written_each_year)
        .filter_map(|n| {
            let normalized = without_spaces(&n.value.text(cx.src));
            if normalized.chars().count() < MIN_COPIED_CHARS {
                return None;
            }
            Some(YearlyText {
                field: format!(
                    "{}/{}",
                    cx.owner_of(n).unwrap_or_default(),
                    form.field(n.target).label
                ),
                name: cx.field_name(n),
                span: n.value.span()?,
                normalized,
            })
        })
        .collect()
}

fn read_ratings(cx: &Ctx) -> Vec<(String, Option<String>)> {
    let form = cx.form;
    form.analysis
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let rating = cx
                .sheet
                .items
                .get(i)
                .and_then(Option::as_ref)
                .and_then(|b| {
                    b.fields.iter().find_map(|n| {
                        let f = form.field(n.target);
                        if f.kind != Kind::Rating {
                            return None;
                        }
                        let o = cx.choice(f, n).chosen()?;
                        Some(f.options[o].label.clone())
                    })
                });
            (item.name.clone(), rating)
        })
        .collect()
}

fn read_costs(cx: &Ctx) -> Vec<Cost> {
    let mut by_year: BTreeMap<i32, Cost> = BTreeMap::new();
    for (def, view) in cx.live_tables() {
        let rows: Vec<(RowRole, _)> = [RowRole::ProjectCost, RowRole::FullCost]
            .into_iter()
            .filter_map(|role| {
                let d = def.rows.iter().position(|r| r.role == Some(role))?;
                Some((role, view.row(d)?))
            })
            .collect();
        for (col, (year, _)) in view.header_years().into_iter().enumerate() {
            let Some(year) = year else { continue };
            for (role, row) in &rows {
                let Some(v) = view.number(row, col).value() else {
                    continue;
                };
                let cost = by_year.entry(year).or_insert(Cost {
                    year,
                    project_cost: None,
                    full_cost: None,
                });
                // A later column of the same year (決算 after 予算) wins.
                match role {
                    RowRole::ProjectCost => cost.project_cost = Some(v),
                    _ => cost.full_cost = Some(v),
                }
            }
        }
    }
    by_year.into_values().collect()
}

/// What the cross-sheet rules see: the summaries, grouped into projects.
pub struct Workspace<'a> {
    pub sheets: Vec<&'a Summary>,
    /// Each project's sheets (indices into `sheets`), by year then by the front-end's order.
    pub projects: Vec<Vec<usize>>,
    /// Each sheet's previous sheet in its project (see `previous`).
    previous: Vec<Option<usize>>,
}

impl<'a> Workspace<'a> {
    /// Group `sheets` into projects. `aliases` maps a project's former name to its present one
    /// (`[aliases]` of hyoka.toml). Each alias and each sheet is looked at once.
    pub fn new(sheets: Vec<&'a Summary>, aliases: &BTreeMap<String, String>) -> Self {
        let names = Names::default();
        let aliases: HashMap<String, String> = aliases
            .iter()
            .inspect(|_| work::step(1))
            .map(|(from, to)| (name_key(from, &names), name_key(to, &names)))
            .collect();
        let mut groups: HashMap<(String, String), Vec<usize>> = HashMap::new();
        for (i, s) in sheets.iter().enumerate() {
            work::step(1);
            if let Some(id) = s.identity(&aliases) {
                groups.entry(id).or_default().push(i);
            }
        }
        let mut projects: Vec<Vec<usize>> = Vec::new();
        for (_, group) in groups {
            projects.extend(split_by_budget_code(&sheets, group));
        }
        for p in &mut projects {
            work::step(p.len());
            p.sort_by_key(|&i| (sheets[i].year, i));
        }
        // Projects are disjoint, so two compare at their first sheets.
        projects.sort_by_key(|p| p[0]);
        let mut previous = vec![None; sheets.len()];
        for p in &projects {
            // The first sheet of the latest earlier year: of the year group before this one.
            let (mut group_first, mut before) = (None, None);
            for (k, &i) in p.iter().enumerate() {
                work::step(1);
                let year = sheets[i].year;
                if year.is_none() {
                    continue;
                }
                if k == 0 || sheets[p[k - 1]].year != year {
                    before = group_first;
                    group_first = Some(i);
                }
                previous[i] = before;
            }
        }
        Workspace {
            sheets,
            projects,
            previous,
        }
    }

    /// The latest sheet of sheet `i`'s project before its year (of several in that year, the first).
    pub fn previous(&self, i: usize) -> Option<usize> {
        self.previous[i]
    }

    /// Every sheet that has an earlier one in its project, with that previous sheet: (sheet, previous).
    pub fn with_previous(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.projects.iter().flat_map(move |project| {
            project
                .iter()
                .filter_map(move |&i| Some((i, self.previous(i)?)))
        })
    }

    /// 平成26年度のシート: another sheet named for a message.
    pub fn sheet_name(&self, i: usize) -> String {
        let s = self.sheets[i];
        let year = s.year_label.clone().unwrap_or_default();
        ja("rules.common.sheet", &[("year", &year)])
    }
}

/// Two sheets of one year with different budget codes are two projects (予算科目 breaks the tie): such a
/// group is split by code, and sheets without one stay together.
fn split_by_budget_code(sheets: &[&Summary], group: Vec<usize>) -> Vec<Vec<usize>> {
    // The first code met in each year; a second one differing from it splits the group.
    let mut first_code: HashMap<Option<i32>, &str> = HashMap::new();
    let codes_differ_in_a_year = group.iter().any(|&i| {
        work::step(1);
        let Some(code) = sheets[i].budget_code.as_deref() else {
            return false;
        };
        *first_code.entry(sheets[i].year).or_insert(code) != code
    });
    if !codes_differ_in_a_year {
        return vec![group];
    }
    let mut by_code: BTreeMap<Option<String>, Vec<usize>> = BTreeMap::new();
    for i in group {
        work::step(1);
        by_code
            .entry(sheets[i].budget_code.clone())
            .or_default()
            .push(i);
    }
    by_code.into_values().collect()
}

/// Collects one cross-sheet rule's diagnostics, each for a file of the workspace.
pub struct Sink<'w> {
    rule: &'static str,
    severity: Severity,
    sheets: &'w [&'w Summary],
    out: Vec<(FileId, Diagnostic)>,
}

impl Sink<'_> {
    /// A diagnostic on sheet `i` (index into `Workspace::sheets`).
    pub fn emit(&mut self, i: usize, span: Span, message: impl Into<String>) -> &mut Diagnostic {
        self.out.push((
            self.sheets[i].file,
            Diagnostic {
                rule: self.rule,
                severity: self.severity,
                span,
                message: message.into(),
                related: vec![],
                fixes: vec![],
            },
        ));
        &mut self.out.last_mut().expect("just pushed").1
    }
}

/// Run every cross-sheet rule over the sheets, with each file's levels (`levels` of its config; a rule
/// turned off there reports nothing in that file) and its disable directives.
pub fn run<'l>(
    sheets: &[&Summary],
    aliases: &BTreeMap<String, String>,
    levels: &dyn Fn(FileId) -> &'l Levels,
) -> Vec<(FileId, Diagnostic)> {
    let ws = Workspace::new(sheets.to_vec(), aliases);
    let by_file: HashMap<FileId, &Summary> = sheets.iter().map(|s| (s.file, *s)).collect();
    let mut all = Vec::new();
    for rule in ALL {
        let Check::Workspace(check) = rule.check else {
            continue;
        };
        let mut sink = Sink {
            rule: rule.id,
            severity: rule.severity,
            sheets: &ws.sheets,
            out: vec![],
        };
        check(&ws, &mut sink);
        for (file, mut d) in sink.out {
            match levels(file).get(rule.id) {
                Some(Level::Off) => continue,
                Some(Level::On(sev)) => d.severity = *sev,
                None => {}
            }
            if by_file[&file].is_silenced(rule.id, d.span.start) {
                continue;
            }
            all.push((file, d));
        }
    }
    all.sort_by_key(|(file, d)| (*file, d.order_key()));
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owners_split_at_the_last_space_or_after_the_department() {
        let names = crate::Form::builtin().format.names.clone();
        let split = |t| split_owner(t, &names);
        assert_eq!(
            split("産業振興部　農水産課"),
            (Some("産業振興部".into()), Some("農水産課".into()))
        );
        assert_eq!(
            split("300300 教育推進部 学校教育課"),
            (Some("教育推進部".into()), Some("学校教育課".into()))
        );
        assert_eq!(
            split("産業振興部農水産課"),
            (Some("産業振興部".into()), Some("農水産課".into()))
        );
        assert_eq!(split("人事課"), (None, Some("人事課".into())));
        assert_eq!(
            split("教育委員会事務局学校教育課"),
            (Some("教育委員会事務局".into()), Some("学校教育課".into()))
        );
    }

    #[test]
    fn names_compare_without_width_spaces_codes_or_room() {
        let names = crate::Form::builtin().format.names.clone();
        assert_eq!(
            name_key("０１　生活保護事業（扶助費）", &names),
            name_key("01 生活保護事業(扶助費)", &names)
        );
        assert_eq!(
            name_key("高齢者・地域福祉課（室）", &names),
            "高齢者・地域福祉課"
        );
        assert_ne!(name_key("農水産課", &names), name_key("農林水産課", &names));
    }
}
