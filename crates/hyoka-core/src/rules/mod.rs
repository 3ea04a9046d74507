//! The rule catalogue (spec §5): one file per rule, each a `Rule` with id, default severity and check; its
//! summary, docs and messages are in the message catalogue under `rules.<id>` (`messages/ja.toml`).

use crate::diagnostics::work;
use crate::diagnostics::{Diagnostic, Edit, Level, Levels, Severity};
use crate::form::{Field, FieldRole, Form, LabelTarget};
use crate::messages::{self, Language};
use crate::model::choice::{self, Choice};
use crate::model::table::{self, TableView};
use crate::model::{FieldNode, IndicatorBlock, Sheet, Span};
use crate::syntax::DirectiveKind;
use std::collections::{BTreeMap, HashMap};

mod budget_code_format;
mod budget_sum;
mod choice_count;
mod choice_key_label_mismatch;
mod delay_reason_missing;
mod delay_reason_reports_success;
mod delay_reason_unexpected;
mod duplicate_field;
mod duplicate_section;
mod empty_field;
mod execution_rate;
mod field_outside_section;
mod full_cost_sum;
mod indicator_chronic_shortfall;
mod indicator_suspicious_values;
mod indicators;
mod invalid_choice;
mod invalid_number;
mod missing_field;
mod missing_rating;
mod missing_section;
mod missing_title;
mod missing_viewpoint;
mod multiple_ratings;
mod other_viewpoint_unnamed;
mod outcome_is_output;
mod plan_code_mismatch;
mod progress_indicator_conflict;
mod rating_text_conflict;
mod result_indicator_conflict;
mod result_progress_conflict;
mod section_order;
mod stray_text;
mod sums;
mod title_year_conflict;
mod unchecked_viewpoints;
mod unknown_label;
mod unknown_viewpoint;
mod year_mismatch;
// Cross-sheet rules: they compare the summaries of a workspace's sheets.
mod copied_text;
mod department_name_variant;
mod duplicate_project;
mod indicator_renamed;
mod target_changed;
pub mod workspace;

/// One rule: stable id, default severity and its check. Its one-line summary, Markdown docs and messages are
/// in the message catalogue under `rules.<id>`.
pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    pub check: Check,
}

/// What a rule looks at.
pub enum Check {
    /// One sheet (`run`).
    Sheet(fn(&Ctx, &mut Sink)),
    /// The sheets of a workspace compared with each other (`workspace::run`).
    Workspace(fn(&workspace::Workspace, &mut workspace::Sink)),
}

impl Rule {
    /// Whether the rule compares sheets (a cross-sheet rule) rather than checking one.
    pub fn is_cross_sheet(&self) -> bool {
        matches!(self.check, Check::Workspace(_))
    }
}

impl Rule {
    /// The one-line Japanese summary (`rules.<id>.summary`).
    pub fn summary(&self) -> &'static str {
        messages::template(Language::Japanese, &format!("rules.{}.summary", self.id))
    }

    /// A message the rule gives, as its fixture raises it (`rules.<id>.example`; a test keeps it true).
    pub fn example(&self) -> &'static str {
        messages::template(Language::Japanese, &format!("rules.{}.example", self.id))
    }

    /// The Markdown docs (`rules.<id>.doc`).
    pub fn doc(&self) -> &'static str {
        messages::template(Language::Japanese, &format!("rules.{}.doc", self.id))
    }
}

/// Every rule, in the order of the spec's catalogue.
pub const ALL: &[&Rule] = &[
    &missing_title::RULE,
    &title_year_conflict::RULE,
    &missing_section::RULE,
    &duplicate_section::RULE,
    &duplicate_field::RULE,
    &section_order::RULE,
    &field_outside_section::RULE,
    &missing_field::RULE,
    &empty_field::RULE,
    &unknown_label::RULE,
    &invalid_choice::RULE,
    &choice_key_label_mismatch::RULE,
    &choice_count::RULE,
    &unchecked_viewpoints::RULE,
    &other_viewpoint_unnamed::RULE,
    &unknown_viewpoint::RULE,
    &missing_viewpoint::RULE,
    &missing_rating::RULE,
    &multiple_ratings::RULE,
    &rating_text_conflict::RULE,
    &delay_reason_missing::RULE,
    &delay_reason_unexpected::RULE,
    &delay_reason_reports_success::RULE,
    &result_progress_conflict::RULE,
    &progress_indicator_conflict::RULE,
    &result_indicator_conflict::RULE,
    &indicator_chronic_shortfall::RULE,
    &indicator_suspicious_values::RULE,
    &outcome_is_output::RULE,
    &year_mismatch::RULE,
    &invalid_number::RULE,
    &budget_sum::RULE,
    &full_cost_sum::RULE,
    &execution_rate::RULE,
    &plan_code_mismatch::RULE,
    &budget_code_format::RULE,
    &stray_text::RULE,
    &target_changed::RULE,
    &indicator_renamed::RULE,
    &copied_text::RULE,
    &duplicate_project::RULE,
    &department_name_variant::RULE,
];

pub fn find(id: &str) -> Option<&'static Rule> {
    ALL.iter().copied().find(|r| r.id == id)
}

/// What a rule sees.
pub struct Ctx<'a> {
    pub src: &'a str,
    pub sheet: &'a Sheet,
    pub form: &'a Form,
    /// The form's tables as found in the sheet, read once for all the rules that look at them.
    tables: std::cell::OnceCell<Vec<Option<TableView<'a>>>>,
    choices: std::cell::OnceCell<Vec<(&'a Field, &'a FieldNode, Choice)>>,
    /// The block or item each field of a block was written in, by the field's target and line span.
    owners: std::cell::OnceCell<HashMap<(LabelTarget, Span), &'a str>>,
    /// Where each of `choices` is, by the address of its node.
    choice_at: std::cell::OnceCell<HashMap<*const FieldNode, usize>>,
}

/// Collects one rule's diagnostics.
pub struct Sink {
    rule: &'static str,
    severity: Severity,
    out: Vec<Diagnostic>,
}

impl Sink {
    pub fn emit(&mut self, span: Span, message: impl Into<String>) -> &mut Diagnostic {
        self.emit_with(self.severity, span, message)
    }
    pub fn emit_with(
        &mut self,
        severity: Severity,
        span: Span,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.out.push(Diagnostic {
            rule: self.rule,
            severity,
            span,
            message: message.into(),
            related: vec![],
            fixes: vec![],
        });
        self.out.last_mut().expect("just pushed")
    }
}

impl<'a> Ctx<'a> {
    pub fn new(src: &'a str, sheet: &'a Sheet, form: &'a Form) -> Self {
        Ctx {
            src,
            sheet,
            form,
            tables: std::cell::OnceCell::new(),
            choices: std::cell::OnceCell::new(),
            owners: std::cell::OnceCell::new(),
            choice_at: std::cell::OnceCell::new(),
        }
    }

    /// The form's tables (`form.tables()`, the budget table first) with the sheet's table of each, if any.
    pub fn tables(
        &self,
    ) -> impl Iterator<Item = (&'a crate::form::Budget, Option<&TableView<'a>>)> {
        let views = self
            .tables
            .get_or_init(|| table::tables(self.src, self.sheet, self.form));
        self.form.tables().zip(views.iter().map(Option::as_ref))
    }

    /// The form's tables that the sheet has.
    pub fn live_tables(&self) -> impl Iterator<Item = (&'a crate::form::Budget, &TableView<'a>)> {
        self.tables().filter_map(|(d, v)| Some((d, v?)))
    }

    /// The evaluated year N (`model::table::evaluated_year`: the title, else the first table's header).
    pub fn year(&self) -> Option<i32> {
        if self.form.lexicon.title_has_year {
            return self.sheet.year();
        }
        let views = self
            .tables
            .get_or_init(|| table::tables(self.src, self.sheet, self.form));
        table::evaluated_year(self.sheet, self.form, views)
    }

    /// Where sheet-level problems sit: the first title line, else line 1.
    pub fn sheet_anchor(&self) -> Span {
        if let Some(t) = self.sheet.titles.first() {
            return t.span.clone();
        }
        let first = self.src.lines().next().unwrap_or("");
        let (l, t) = crate::text::fold::trim(first);
        l..l + t.len()
    }

    pub fn section_anchor(&self, number: u32) -> Option<Span> {
        self.sheet
            .section(self.form, number)
            .map(|s| s.heading.clone())
    }

    /// The line break this text uses (CRLF files get CRLF insertions).
    pub fn newline(&self) -> &'static str {
        crate::text::lines::newline(self.src)
    }

    /// An edit inserting `lines` as new lines after the line holding `offset`.
    pub fn insert_lines_after(&self, offset: usize, lines: &[String]) -> Edit {
        let line = self.sheet.line_of(offset);
        let end = self.line_content_end(line);
        let nl = self.newline();
        let text: String = lines.iter().map(|l| format!("{nl}{l}")).collect();
        Edit {
            span: end..end,
            text,
        }
    }

    pub fn line_content_end(&self, line: usize) -> usize {
        let start = self.sheet.line_starts[line];
        let rest = &self.src[start..];
        start + rest.find(['\n', '\r']).unwrap_or(rest.len())
    }

    /// The parsed value of a choice field (from the shared parse when it is one of `choice_nodes`).
    pub fn choice(&self, field: &Field, node: &FieldNode) -> std::borrow::Cow<'_, Choice> {
        work::step(1);
        let nodes = self.choice_nodes();
        let at = self.choice_at.get_or_init(|| {
            let mut at = HashMap::new();
            for (k, (_, n, _)) in nodes.iter().enumerate() {
                work::step(1);
                at.entry(std::ptr::from_ref::<FieldNode>(n)).or_insert(k);
            }
            at
        });
        match at.get(&std::ptr::from_ref(node)).map(|&k| &nodes[k]) {
            Some((_, _, c)) => std::borrow::Cow::Borrowed(c),
            None => std::borrow::Cow::Owned(choice::parse_field(
                &node.value,
                self.src,
                field,
                &self.form.format,
            )),
        }
    }

    /// The effective top-level field with `role`, and its form definition.
    pub fn role(&self, role: FieldRole) -> Option<(&'a Field, &'a FieldNode)> {
        let i = self.form.field_by_role(role)?;
        Some((&self.form.fields[i], self.sheet.field(self.form, i)?))
    }

    /// The option chosen for the field with `role`.
    pub fn chosen(&self, role: FieldRole) -> Option<(usize, &'a Field, &'a FieldNode)> {
        let (f, n) = self.role(role)?;
        Some((self.choice(f, n).chosen()?, f, n))
    }

    /// Indicator blocks that count: present, and (for optional blocks) not printed empty.
    pub fn live_indicators(&self) -> impl Iterator<Item = &'a IndicatorBlock> + '_ {
        self.sheet
            .indicators
            .iter()
            .flatten()
            .filter(|b| self.form.indicators.blocks[b.form].required || !self.block_is_blank(b))
    }

    /// Fields written in the blocks that count: live indicator blocks, then analysis items.
    pub fn live_block_fields(&self) -> impl Iterator<Item = &'a FieldNode> + '_ {
        let items = self.sheet.items.iter().flatten().flat_map(|it| &it.fields);
        self.live_indicators().flat_map(|b| &b.fields).chain(items)
    }

    /// An optional block printed with every field and cell empty (the paper form always prints ②).
    pub fn block_is_blank(&self, b: &IndicatorBlock) -> bool {
        let fields_empty = b.fields.iter().all(|f| f.value.is_empty());
        let cells_empty = b.table.as_ref().is_none_or(|t| {
            t.rows.iter().all(|r| {
                let is_header = table::is_header_row(self.src, self.form, r);
                is_header || r.cells.iter().skip(1).all(|c| c.is_empty())
            })
        });
        fields_empty && cells_empty
    }

    pub fn text(&self, span: &Span) -> &'a str {
        &self.src[span.clone()]
    }
}

/// Run every enabled rule; apply configured severities and disable directives; sort by position.
pub fn run(src: &str, sheet: &Sheet, form: &Form, levels: &Levels) -> Vec<Diagnostic> {
    let cx = Ctx::new(src, sheet, form);
    let mut all = Vec::new();
    for rule in ALL {
        let level = levels.get(rule.id).copied();
        if level == Some(Level::Off) {
            continue;
        }
        let Check::Sheet(check) = rule.check else {
            continue;
        };
        let mut sink = Sink {
            rule: rule.id,
            severity: rule.severity,
            out: vec![],
        };
        check(&cx, &mut sink);
        if let Some(Level::On(sev)) = level {
            for d in &mut sink.out {
                // A rule's reduced-severity reports (optional fields' hints) stay hints.
                if d.severity == rule.severity {
                    d.severity = sev;
                }
            }
        }
        all.extend(sink.out);
    }
    let silenced = silenced(sheet, src);
    all.retain(|d| !silenced.contains(d.rule, d.span.start));
    all.sort_by_key(Diagnostic::order_key);
    all
}

/// The byte ranges silenced by a sheet's directives: those for every rule and those for one. Each list is
/// sorted by start, with the furthest end of the ranges so far, so a position is looked up by a binary
/// search rather than against every range.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Silenced {
    all: Vec<(usize, usize)>,
    rules: HashMap<String, Vec<(usize, usize)>>,
}

impl Silenced {
    fn new(ranges: Vec<(Option<String>, Span)>) -> Self {
        let mut all = Vec::new();
        let mut rules: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
        for (rule, r) in ranges {
            work::step(1);
            match rule {
                None => all.push((r.start, r.end)),
                Some(rule) => rules.entry(rule).or_default().push((r.start, r.end)),
            }
        }
        let prepare = |list: &mut Vec<(usize, usize)>| {
            list.sort_unstable();
            let mut furthest = 0;
            for (_, end) in list.iter_mut() {
                furthest = furthest.max(*end);
                *end = furthest;
            }
        };
        prepare(&mut all);
        rules.values_mut().for_each(prepare);
        Silenced { all, rules }
    }

    /// Whether a diagnostic of `rule` starting at byte `at` is silenced.
    pub(crate) fn contains(&self, rule: &str, at: usize) -> bool {
        work::step(1);
        let hit = |list: &[(usize, usize)]| {
            let k = list.partition_point(|&(start, _)| start <= at);
            k > 0 && list[k - 1].1 > at
        };
        hit(&self.all) || self.rules.get(rule).is_some_and(|l| hit(l))
    }
}

/// The ranges silenced by the sheet's directives, per rule.
pub(crate) fn silenced(sheet: &Sheet, src: &str) -> Silenced {
    let mut out = Vec::new();
    // Disable directives still open, by rule (`None`: every rule), with where each starts.
    let mut open: BTreeMap<Option<String>, Vec<usize>> = BTreeMap::new();
    let line_start = |l: usize| sheet.line_starts.get(l).copied().unwrap_or(src.len());
    // The line a disable-next-line directive silences: the next that is neither blank nor a comment. Lines up
    // to `scanned` are known to be blank or comments up to `found`, so a run of directives is scanned once.
    let (mut scanned, mut found): (usize, Option<usize>) = (0, None);
    for (line, d) in &sheet.directives {
        let rules: Vec<Option<String>> = if d.rules.is_empty() {
            vec![None]
        } else {
            d.rules.iter().cloned().map(Some).collect()
        };
        work::step(rules.len());
        match d.kind {
            DirectiveKind::Disable => {
                for r in rules {
                    open.entry(r).or_default().push(line_start(*line));
                }
            }
            DirectiveKind::Enable => {
                let closed: Vec<Option<String>> = if rules.contains(&None) {
                    open.keys().cloned().collect()
                } else {
                    rules
                };
                for r in closed {
                    for start in open.remove(&r).unwrap_or_default() {
                        work::step(1);
                        out.push((r.clone(), start..line_start(*line)));
                    }
                }
            }
            DirectiveKind::DisableNextLine => {
                if *line >= scanned {
                    found = (line + 1..sheet.line_starts.len()).find(|&l| {
                        work::step(1);
                        let s = line_start(l);
                        let e = line_start(l + 1);
                        let t = src[s..e].trim();
                        !t.is_empty() && !t.starts_with("//")
                    });
                    scanned = found.unwrap_or(sheet.line_starts.len());
                }
                if let Some(l) = found {
                    for r in rules {
                        out.push((r, line_start(l)..line_start(l + 1).max(line_start(l) + 1)));
                    }
                }
            }
        }
    }
    for (r, starts) in open {
        for start in starts {
            out.push((r.clone(), start..usize::MAX));
        }
    }
    Silenced::new(out)
}

/// The fix every diagnostic gets in the editor: silence its rule on its line.
pub fn disable_fix(src: &str, sheet: &Sheet, d: &Diagnostic) -> crate::diagnostics::Fix {
    let line = sheet.line_of(d.span.start);
    let start = sheet.line_starts[line];
    let indent: String = src[start..]
        .chars()
        .take_while(|c| crate::text::fold::is_space(*c) && *c != '\n' && *c != '\r')
        .collect();
    let nl = crate::text::lines::newline(src);
    crate::diagnostics::Fix {
        title: messages::ja("rules.common.disable", &[("rule", &d.rule)]),
        edits: vec![Edit {
            span: start..start,
            text: format!("{indent}// hyoka-disable-next-line {}{nl}", d.rule),
        }],
        notation: false,
    }
}

impl<'a> Ctx<'a> {
    /// Every written field with a single-choice or rating value: (definition, node, parsed value), parsed
    /// once for all the rules.
    pub fn choice_nodes(&self) -> &[(&'a Field, &'a FieldNode, Choice)] {
        self.choices.get_or_init(|| {
            self.find_choice_nodes()
                .into_iter()
                .map(|(f, n)| {
                    (
                        f,
                        n,
                        choice::parse_field(&n.value, self.src, f, &self.form.format),
                    )
                })
                .collect()
        })
    }

    /// The written rating fields (評価), parsed.
    pub fn ratings(&self) -> impl Iterator<Item = &(&'a Field, &'a FieldNode, Choice)> + '_ {
        let is_rating =
            |(f, _, _): &&(&Field, &FieldNode, Choice)| f.kind == crate::form::Kind::Rating;
        self.choice_nodes().iter().filter(is_rating)
    }

    fn find_choice_nodes(&self) -> Vec<(&'a Field, &'a FieldNode)> {
        use crate::form::Kind;
        let form: &'a Form = self.form;
        self.sheet
            .fields
            .iter()
            .chain(self.live_block_fields())
            .map(|n| (form.field(n.target), n))
            .filter(|(f, _)| matches!(f.kind, Kind::Choice | Kind::Rating))
            .collect()
    }
}

impl<'a> Ctx<'a> {
    /// A field's label as the form spells it (the year as written, for labels with a year slot).
    pub fn label_of(&self, node: &FieldNode) -> String {
        self.sheet.label_of(self.form, node)
    }
}

impl<'a> Ctx<'a> {
    /// The indicator block or analysis item a field node was written in (its name), if any.
    pub fn owner_of(&self, node: &FieldNode) -> Option<&'a str> {
        work::step(1);
        let owners = self.owners.get_or_init(|| {
            let form: &'a Form = self.form;
            let sheet: &'a Sheet = self.sheet;
            let blocks = sheet.indicators.iter().flatten().flat_map(|b| {
                let name = form.indicators.blocks[b.form].label.as_str();
                b.fields.iter().map(move |f| (f, name))
            });
            let items = sheet.items.iter().flatten().flat_map(|it| {
                let name = form.analysis.items[it.form].name.as_str();
                it.fields.iter().map(move |f| (f, name))
            });
            let mut owners = HashMap::new();
            // The first block holding such a field names it: indicator blocks, then items.
            for (f, name) in blocks.chain(items) {
                work::step(1);
                owners
                    .entry((f.target, f.line_span.clone()))
                    .or_insert(name);
            }
            owners
        });
        owners.get(&(node.target, node.line_span.clone())).copied()
    }

    /// A field named for a message: 「単位」, or 成果指標②の「単位」 inside a block.
    pub fn field_name(&self, node: &FieldNode) -> String {
        let label = self.label_of(node);
        match self.owner_of(node) {
            Some(block) => messages::ja(
                "rules.common.block_field",
                &[("block", &block), ("label", &label)],
            ),
            None => messages::ja("rules.common.field", &[("label", &label)]),
        }
    }
}

/// A data column of a table named for a message: its header's year, else "N列目".
/// A column as its header names it (`令和3年度(決算見込)`, `H28決算`), else by its place.
pub fn column_name(view: &TableView, col: usize) -> String {
    view.header_cell(col)
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| messages::ja("rules.common.sum_column", &[("number", &(col + 1))]))
}

/// A number as a message quotes it: amounts with thousands separators, decimals kept.
pub fn format_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        crate::model::number::format_amount(v)
    } else {
        format!("{v}")
    }
}

/// For the rules' unit tests: the complete example, and the messages one rule gives on a text (built-in form).
#[cfg(test)]
pub(crate) mod test_support {
    pub const COMPLETE: &str = include_str!("../../../../examples/complete.hyoka");

    pub fn messages(rule: &str, text: &str) -> Vec<String> {
        let (_, d) = crate::check(text, &crate::Form::builtin(), &crate::Config::default());
        d.iter()
            .filter(|d| d.rule == rule)
            .map(|d| d.message.clone())
            .collect()
    }
}
