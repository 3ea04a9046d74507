//! Checking a form file for its authors (`hyoka form check`): the form's validation, every problem at once,
//! each placed in the text. A problem names a path into the document (`fields[3].section`); the parsed TOML
//! document (toml_edit keeps spans) turns the path into the byte span of the value, or of the nearest
//! enclosing table when the key is absent.

use super::{Budget, Field, Form, Kind};
use crate::messages::ui;
use crate::text::fold;
use std::collections::HashMap;
use std::ops::Range;
use toml_edit::{ImDocument, Item, Table, Value};

/// One step of a path into a form file: a key or an array index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Key(&'static str),
    Index(usize),
}

use Step::{Index, Key};

/// A problem found by the form's validation, at a path of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: Vec<Step>,
    /// In the user's language.
    pub message: String,
    /// For a duplicate: where the first one is.
    pub first: Option<Vec<Step>>,
}

/// A problem placed in the text: byte spans, `None` when the document shows no place for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub span: Option<Range<usize>>,
    pub message: String,
    pub first: Option<Range<usize>>,
}

/// Parse, deserialize and validate a form file: the form, or every problem found (a TOML syntax error or
/// a key the form does not know stops reading, so it comes alone), in the order of the text.
pub fn check(src: &str) -> Result<Form, Vec<Located>> {
    if let Some(at) = super::size::over_limit(src) {
        return Err(vec![located(
            Some(at..at + 1),
            super::size::message(src, at),
        )]);
    }
    let doc = match ImDocument::parse(src) {
        Ok(d) => d,
        Err(e) => {
            let message = ui("form.error.syntax", &[("error", &one_line(e.message()))]);
            return Err(vec![located(e.span(), message)]);
        }
    };
    let form = match Form::parse(src) {
        Ok(f) => f,
        Err(e) => return Err(vec![located(e.span(), shape_message(e.message()))]),
    };
    let problems = form.problems_in(src);
    if problems.is_empty() {
        return Ok(form.indexed());
    }
    let mut out: Vec<Located> = problems
        .into_iter()
        .map(|p| Located {
            span: locate(&doc, &p.path),
            message: p.message,
            first: p.first.and_then(|f| locate(&doc, &f)),
        })
        .collect();
    out.sort_by_key(|l| l.span.as_ref().map_or(0, |s| s.start));
    Err(out)
}

fn located(span: Option<Range<usize>>, message: String) -> Located {
    Located {
        span,
        message,
        first: None,
    }
}

fn one_line(s: &str) -> String {
    s.trim()
        .lines()
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("; ")
}

/// Why a form's regular expression was refused: over the cost cap, or not a regular expression.
fn pattern_message(e: &regex::Error) -> String {
    match e {
        regex::Error::CompiledTooBig(limit) => ui(
            "form.error.pattern_too_costly",
            &[("limit", &(limit / 1024))],
        ),
        e => ui(
            "form.error.bad_pattern",
            &[("error", &one_line(&e.to_string()))],
        ),
    }
}

/// The names between backticks in a serde message: "unknown field `x`, expected one of `a`, `b`".
fn quoted(s: &str) -> Vec<&str> {
    s.split('`').skip(1).step_by(2).collect()
}

/// serde's English words for a form that is TOML but not a form, in the user's language.
fn shape_message(m: &str) -> String {
    let m = one_line(m);
    let names = quoted(&m);
    let expected = names.get(1..).unwrap_or_default().join(", ");
    let name = names.first().copied().unwrap_or_default();
    if m.starts_with("unknown field") {
        ui(
            "form.error.unknown_key",
            &[("key", &name), ("expected", &expected)],
        )
    } else if m.starts_with("missing field") {
        ui("form.error.missing_key", &[("key", &name)])
    } else if m.starts_with("unknown variant") {
        ui(
            "form.error.unknown_value",
            &[("value", &name), ("expected", &expected)],
        )
    } else if let Some((found, expected)) = m
        .strip_prefix("invalid type: ")
        .and_then(|r| r.split_once(", expected "))
    {
        let expected = type_name(expected);
        ui(
            "form.error.wrong_type",
            &[("found", &found), ("expected", &expected)],
        )
    } else {
        ui("form.error.shape", &[("error", &m)])
    }
}

/// serde's name of an expected type, in the user's language where the catalogue has it.
fn type_name(expected: &str) -> String {
    let key = match expected {
        "u32" | "i32" | "u64" | "i64" | "an integer" => "form.error.type_integer",
        "a boolean" => "form.error.type_boolean",
        "a string" => "form.error.type_string",
        "a sequence" => "form.error.type_array",
        e if e.starts_with("struct ") || e == "a map" => "form.error.type_table",
        e => return e.to_string(),
    };
    ui(key, &[])
}

/// The span a path names: the value at its end, or the nearest enclosing table or array that exists.
pub fn locate(doc: &ImDocument<&str>, path: &[Step]) -> Option<Range<usize>> {
    enum Node<'a> {
        Item(&'a Item),
        Table(&'a Table),
        Value(&'a Value),
    }
    fn span(n: &Node) -> Option<Range<usize>> {
        match n {
            Node::Item(i) => i.span(),
            Node::Table(t) => t.span(),
            Node::Value(v) => v.span(),
        }
    }
    let mut node = Node::Item(doc.as_item());
    let mut best = None;
    for step in path {
        let next = match (&node, step) {
            (Node::Item(i), Key(k)) => i.as_table_like().and_then(|t| t.get(k)).map(Node::Item),
            (Node::Table(t), Key(k)) => t.get(k).map(Node::Item),
            (Node::Value(v), Key(k)) => v.as_inline_table().and_then(|t| t.get(k)).map(Node::Value),
            (Node::Item(Item::ArrayOfTables(a)), Index(n)) => a.get(*n).map(Node::Table),
            (Node::Item(Item::Value(Value::Array(a))), Index(n))
            | (Node::Value(Value::Array(a)), Index(n)) => a.get(*n).map(Node::Value),
            _ => None,
        };
        match next {
            Some(n) => {
                node = n;
                best = span(&node).or(best);
            }
            None => break,
        }
    }
    best
}

fn k(key: &'static str) -> Step {
    Key(key)
}

/// The three lists of fields, with the key each sits under.
fn field_lists(form: &Form) -> [(Vec<Step>, &Vec<Field>); 3] {
    [
        (vec![k("fields")], &form.fields),
        (vec![k("indicators"), k("fields")], &form.indicators.fields),
        (vec![k("analysis"), k("fields")], &form.analysis.fields),
    ]
}

fn at(base: &[Step], more: impl IntoIterator<Item = Step>) -> Vec<Step> {
    base.iter().cloned().chain(more).collect()
}

/// The options of one field or group: each label and each key once.
fn option_duplicates(out: &mut Vec<Problem>, options: &[super::ChoiceOption], base: Vec<Step>) {
    let mut labels = Duplicates::new("form.error.duplicate_option");
    let mut keys = Duplicates::new("form.error.duplicate_option");
    for (o, opt) in options.iter().enumerate() {
        labels.add(out, &opt.label, at(&base, [Index(o), k("label")]));
        if let Some(key) = &opt.key {
            keys.add(out, key, at(&base, [Index(o), k("key")]));
        }
    }
}

/// Reports the second and later of entries that fold to the same text.
struct Duplicates<'a> {
    key: &'static str,
    seen: HashMap<String, (&'a str, Vec<Step>)>,
}

impl<'a> Duplicates<'a> {
    fn new(key: &'static str) -> Self {
        Duplicates {
            key,
            seen: HashMap::new(),
        }
    }

    fn add(&mut self, out: &mut Vec<Problem>, text: &'a str, path: Vec<Step>) {
        let folded = fold(text);
        match self.seen.get(&folded) {
            None => {
                self.seen.insert(folded, (text, path));
            }
            Some((first_text, first_path)) => {
                let mut message = ui(self.key, &[("label", &text)]);
                if *first_text != text {
                    message.push_str(&ui(
                        "form.error.same_after_folding",
                        &[("other", first_text)],
                    ));
                }
                out.push(Problem {
                    path,
                    message,
                    first: Some(first_path.clone()),
                });
            }
        }
    }
}

impl Form {
    /// [`Form::problems`], after the id when it is a built-in form's and `src` is not that form
    /// ([`Form::reserved_id`]).
    pub fn problems_in(&self, src: &str) -> Vec<Problem> {
        let mut out = Vec::new();
        if Form::reserved_id(&self.id, src) {
            out.push(Problem {
                path: vec![k("id")],
                message: ui("form.error.reserved_id", &[("id", &self.id)]),
                first: None,
            });
        }
        out.extend(self.problems());
        out
    }

    /// Everything the form's entries get wrong between them (the TOML shape is serde's): sections that do
    /// not exist, choices without options, sums and rates naming missing rows, duplicates after folding.
    pub fn problems(&self) -> Vec<Problem> {
        let mut out = Vec::new();
        let problem = |path: Vec<Step>, message: String| Problem {
            path,
            message,
            first: None,
        };
        // The year's place is checked once the pattern compiles: a refused pattern is one problem, not two.
        let title_pattern = super::anchored(&self.title.pattern);
        if let Err(e) = &title_pattern {
            out.push(problem(vec![k("title"), k("pattern")], pattern_message(e)));
        }
        // A title without a year (貝塚市) is allowed: N is then read from the budget table's header. A
        // title with one must give its template a place for it.
        // A title line is found by its word before its pattern is tried (form detection), so every title
        // the template writes must hold the word.
        if !fold(&self.title.template).contains(fold(&self.title.word).as_str()) {
            out.push(problem(
                vec![k("title"), k("word")],
                ui(
                    "form.error.word_not_in_template",
                    &[("word", &self.title.word)],
                ),
            ));
        }
        let slot = self.title.template.contains("{year}");
        let has_year = title_pattern
            .as_ref()
            .is_ok_and(|re| re.capture_names().any(|n| n == Some("year")));
        if title_pattern.is_ok() && !has_year && slot {
            out.push(problem(
                vec![k("title"), k("pattern")],
                ui("form.error.no_year_group", &[]),
            ));
        }
        if has_year && !slot {
            out.push(problem(
                vec![k("title"), k("template")],
                ui("form.error.no_year_slot", &[]),
            ));
        }
        let section_exists = |n: u32| self.sections.iter().any(|s| s.number == n);
        // Fields and tables may stand before the first heading: section 0.
        let place_exists = |n: u32| n == 0 || section_exists(n);
        let mut numbers = Duplicates::new("form.error.duplicate_section");
        let mut titles = Duplicates::new("form.error.duplicate_section_title");
        let number_texts: Vec<String> =
            self.sections.iter().map(|s| s.number.to_string()).collect();
        for (i, s) in self.sections.iter().enumerate() {
            numbers.add(
                &mut out,
                &number_texts[i],
                vec![k("sections"), Index(i), k("number")],
            );
            titles.add(
                &mut out,
                &s.title,
                vec![k("sections"), Index(i), k("title")],
            );
        }
        for (i, f) in self.fields.iter().enumerate() {
            if !place_exists(f.section) {
                out.push(problem(
                    vec![k("fields"), Index(i), k("section")],
                    ui(
                        "form.error.field_section",
                        &[("label", &f.label), ("section", &f.section)],
                    ),
                ));
            }
        }
        for (table, n) in [
            ("indicators", self.indicators.section),
            ("analysis", self.analysis.section),
        ] {
            // A form without indicators or an analysis table leaves the table out.
            let absent = match table {
                "indicators" => self.indicators.blocks.is_empty(),
                _ => self.analysis.items.is_empty(),
            };
            if !absent && !section_exists(n) {
                out.push(problem(
                    vec![k(table), k("section")],
                    ui(
                        "form.error.table_section",
                        &[("table", &table), ("section", &n)],
                    ),
                ));
            }
        }
        for (path, t) in self.table_paths() {
            if !place_exists(t.section) {
                out.push(problem(
                    at(&path, [k("section")]),
                    ui("form.error.budget_section", &[("section", &t.section)]),
                ));
            }
        }
        let mut labels = Duplicates::new("form.error.duplicate_label");
        for (base, fields) in field_lists(self) {
            for (i, f) in fields.iter().enumerate() {
                let here = at(&base, [Index(i)]);
                if matches!(f.kind, Kind::Choice | Kind::Rating) && f.options.is_empty() {
                    out.push(problem(
                        at(&here, [k("kind")]),
                        ui("form.error.no_options", &[("label", &f.label)]),
                    ));
                }
                if let Some(Err(e)) = f.pattern.as_deref().map(super::anchored) {
                    out.push(problem(at(&here, [k("pattern")]), pattern_message(&e)));
                }
                labels.add(&mut out, &f.label, at(&here, [k("label")]));
                for (a, alias) in f.aliases.iter().enumerate() {
                    labels.add(&mut out, alias, at(&here, [k("aliases"), Index(a)]));
                }
                option_duplicates(&mut out, &f.options, at(&here, [k("options")]));
                let mut groups = Duplicates::new("form.error.duplicate_group");
                for (g, group) in f.groups.iter().enumerate() {
                    let path = at(&here, [k("groups"), Index(g)]);
                    groups.add(&mut out, &group.name, at(&path, [k("name")]));
                    option_duplicates(&mut out, &group.options, at(&path, [k("options")]));
                }
            }
        }
        let mut blocks = Duplicates::new("form.error.duplicate_block");
        for (i, b) in self.indicators.blocks.iter().enumerate() {
            let path = vec![k("indicators"), k("blocks"), Index(i), k("label")];
            blocks.add(&mut out, &b.label, path);
        }
        let mut items = Duplicates::new("form.error.duplicate_item");
        for (i, item) in self.analysis.items.iter().enumerate() {
            let here = vec![k("analysis"), k("items"), Index(i)];
            items.add(&mut out, &item.name, at(&here, [k("name")]));
            let mut viewpoints = Duplicates::new("form.error.duplicate_viewpoint");
            for (v, vp) in item.viewpoints.iter().enumerate() {
                let path = at(&here, [k("viewpoints"), Index(v), k("label")]);
                viewpoints.add(&mut out, &vp.label, path);
            }
        }
        let tables = self.table_paths().into_iter().map(|(p, t)| (p, &t.rows));
        for (path, rows) in
            std::iter::once((vec![k("indicators")], &self.indicators.rows)).chain(tables)
        {
            let mut names = Duplicates::new("form.error.duplicate_row");
            for (i, r) in rows.iter().enumerate() {
                let here = at(&path, [k("rows"), Index(i)]);
                names.add(&mut out, &r.name, at(&here, [k("name")]));
                for (a, alias) in r.aliases.iter().enumerate() {
                    names.add(&mut out, alias, at(&here, [k("aliases"), Index(a)]));
                }
            }
        }
        for (path, t) in self.table_paths() {
            t.sum_problems(&mut out, &path);
        }
        // Row roles belong to one kind of table: target/actual to the indicators', costs to the others.
        let role_name = |r: super::RowRole| match r {
            super::RowRole::Target => "target",
            super::RowRole::Actual => "actual",
            super::RowRole::ProjectCost => "project-cost",
            super::RowRole::FullCost => "full-cost",
        };
        let is_cost =
            |r: super::RowRole| matches!(r, super::RowRole::ProjectCost | super::RowRole::FullCost);
        for (path, t) in self.table_paths() {
            for (i, r) in t.rows.iter().enumerate() {
                if let Some(role) = r.role.filter(|x| !is_cost(*x)) {
                    out.push(problem(
                        at(&path, [k("rows"), Index(i), k("role")]),
                        ui(
                            "form.error.table_row_role",
                            &[("row", &r.name), ("role", &role_name(role))],
                        ),
                    ));
                }
            }
        }
        for (i, r) in self.indicators.rows.iter().enumerate() {
            if let Some(role) = r.role.filter(|x| is_cost(*x)) {
                out.push(problem(
                    vec![k("indicators"), k("rows"), Index(i), k("role")],
                    ui(
                        "form.error.indicator_row_role",
                        &[("row", &r.name), ("role", &role_name(role))],
                    ),
                ));
            }
        }
        out
    }

    /// Each table with its path in the form file: `budget`, then `tables[i]`.
    fn table_paths(&self) -> Vec<(Vec<Step>, &Budget)> {
        let extra = self.tables.iter().enumerate();
        std::iter::once((vec![k("budget")], &self.budget))
            .chain(extra.map(|(i, t)| (vec![k("tables"), Index(i)], t)))
            .collect()
    }
}

impl Budget {
    /// Sums and the rate name rows of the table (the table they sum); a sum's balance is one of its parts
    /// (the row its fix adjusts).
    fn sum_problems(&self, out: &mut Vec<Problem>, path: &[Step]) {
        let row_exists = |n: &str| self.rows.iter().any(|r| r.name == n);
        let missing = |out: &mut Vec<Problem>, path: Vec<Step>, row: &str, key: &str| {
            if !row_exists(row) {
                out.push(Problem {
                    path,
                    message: ui(key, &[("row", &row)]),
                    first: None,
                });
            }
        };
        for (i, s) in self.sums.iter().enumerate() {
            let here = at(path, [k("sums"), Index(i)]);
            missing(out, at(&here, [k("total")]), &s.total, "form.error.sum_row");
            for (p, part) in s.parts.iter().enumerate() {
                let path = at(&here, [k("parts"), Index(p)]);
                missing(out, path, part, "form.error.sum_row");
            }
            if let Some(b) = &s.balance {
                missing(out, at(&here, [k("balance")]), b, "form.error.sum_row");
                if row_exists(b) && !s.parts.contains(b) {
                    out.push(Problem {
                        path: at(&here, [k("balance")]),
                        message: ui("form.error.sum_balance", &[("row", b)]),
                        first: None,
                    });
                }
            }
        }
        if let Some(r) = &self.rate {
            for (key, row) in [
                ("rate", &r.rate),
                ("numerator", &r.numerator),
                ("denominator", &r.denominator),
            ] {
                missing(
                    out,
                    at(path, [k("rate"), k(key)]),
                    row,
                    "form.error.rate_row",
                );
            }
        }
    }
}

#[cfg(test)]
#[path = "check_tests.rs"]
mod tests;
