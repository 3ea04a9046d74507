//! The form as data (spec §7): deserialized from TOML, validated once, then indexed for matching.

mod lexicon;
pub use lexicon::{LabelTarget, Lexicon};

use crate::messages::ui;
use serde::Deserialize;
use std::fmt;

/// The built-in form of 平塚市 (平成27年度分).
pub const DEFAULT_FORM: &str = include_str!("../../../../forms/hiratsuka-h27.toml");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Form {
    pub id: String,
    pub name: String,
    pub title: String,
    pub title_help: String,
    pub sections: Vec<Section>,
    pub fields: Vec<Field>,
    pub indicators: Indicators,
    pub analysis: Analysis,
    pub budget: Budget,
    #[serde(skip)]
    pub lexicon: Lexicon,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub number: u32,
    pub title: String,
    pub help: String,
}

impl Section {
    /// The heading as a sheet writes it: `３．事業費の推移`.
    pub fn heading(&self) -> String {
        format!(
            "{}．{}",
            crate::text::fold::fullwidth_number(self.number),
            self.title
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Text,
    BudgetCode,
    Choice,
    MultiChoice,
    CodeList,
    Period,
    Consignment,
    Rating,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    pub label: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub section: u32,
    pub kind: Kind,
    #[serde(default)]
    pub required: bool,
    pub help: String,
    pub year_offset: Option<i32>,
    pub group: Option<String>,
    #[serde(default)]
    pub dash_is_empty: bool,
    pub role: Option<String>,
    pub levels: Option<u32>,
    #[serde(default)]
    pub options: Vec<ChoiceOption>,
    #[serde(default)]
    pub groups: Vec<ConsignmentGroup>,
    /// The value assumed when the field is absent (方向 = 増加): such a field raises no missing hint.
    pub default: Option<String>,
}

impl Field {
    /// The label as a person writes it, with the year slot filled for fiscal year `n` (Gregorian).
    pub fn display_label(&self, n: Option<i32>) -> String {
        match (self.year_offset, n) {
            (Some(off), Some(n)) => {
                format!("{}{}", crate::text::year::format_year(n + off), self.label)
            }
            (Some(off), None) => format!("平成N{}年度{}", offset_suffix(off), self.label),
            _ => self.label.clone(),
        }
    }

    pub fn has_role(&self, role: &str) -> bool {
        self.role.as_deref() == Some(role)
    }
}

fn offset_suffix(off: i32) -> String {
    match off {
        0 => String::new(),
        o if o > 0 => format!("+{o}"),
        o => o.to_string(),
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceOption {
    pub key: Option<String>,
    pub label: String,
    #[serde(default)]
    pub help: String,
    /// `key` and `label` width-folded, filled in when the form is loaded.
    #[serde(skip)]
    pub folded_key: Option<String>,
    #[serde(skip)]
    pub folded_label: String,
}

impl ChoiceOption {
    pub fn new(key: Option<&str>, label: &str) -> Self {
        ChoiceOption {
            key: key.map(String::from),
            label: label.into(),
            help: String::new(),
            folded_key: key.map(crate::text::fold),
            folded_label: crate::text::fold(label),
        }
    }
}

impl ChoiceOption {
    /// `③：遅れている`, or the label alone when the option has no key.
    pub fn display(&self) -> String {
        match &self.key {
            Some(k) => format!("{k}：{}", self.label),
            None => self.label.clone(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsignmentGroup {
    pub name: String,
    pub kind: Kind,
    #[serde(default)]
    pub options: Vec<ChoiceOption>,
    #[serde(default)]
    pub help: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicators {
    #[serde(default = "section_two")]
    pub section: u32,
    pub help: String,
    pub year_offsets: Vec<i32>,
    pub blocks: Vec<IndicatorBlockDef>,
    pub fields: Vec<Field>,
    pub rows: Vec<RowDef>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorBlockDef {
    pub label: String,
    #[serde(default)]
    pub required: bool,
    pub help: String,
    /// Counted by `progress-indicator-conflict`; defaults to labels starting with 成果指標.
    pub outcome: Option<bool>,
}

impl IndicatorBlockDef {
    pub fn is_outcome(&self) -> bool {
        self.outcome
            .unwrap_or_else(|| self.label.starts_with("成果指標"))
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RowDef {
    pub name: String,
    #[serde(default = "number_kind")]
    pub kind: RowKind,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub help: String,
}

fn section_two() -> u32 {
    2
}

fn number_kind() -> RowKind {
    RowKind::Number
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RowKind {
    Text,
    Amount,
    Percent,
    Number,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Analysis {
    #[serde(default = "section_two")]
    pub section: u32,
    pub help: String,
    pub fields: Vec<Field>,
    pub items: Vec<ItemDef>,
    pub phrases: Phrases,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemDef {
    pub name: String,
    pub help: String,
    #[serde(default)]
    pub negative: Vec<String>,
    #[serde(default)]
    pub positive: Vec<String>,
    pub viewpoints: Vec<Viewpoint>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Viewpoint {
    pub label: String,
    #[serde(default)]
    pub other: bool,
    pub help: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phrases {
    pub negative: Vec<String>,
    pub positive: Vec<String>,
    /// Suffixes that negate a phrase they directly follow (`見直す必要` + `はない`).
    #[serde(default)]
    pub negations: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Budget {
    pub section: u32,
    #[serde(default)]
    pub required: bool,
    pub help: String,
    pub year_offsets: Vec<i32>,
    pub rows: Vec<RowDef>,
    #[serde(default)]
    pub sums: Vec<SumDef>,
    pub rate: Option<RateDef>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SumDef {
    pub rule: String,
    pub total: String,
    pub parts: Vec<String>,
    pub balance: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateDef {
    pub rate: String,
    pub numerator: String,
    pub denominator: String,
}

#[derive(Debug, Clone)]
pub struct FormError(pub String);

impl fmt::Display for FormError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FormError {}

impl Form {
    /// Parse and validate a form file.
    pub fn from_toml(src: &str) -> Result<Form, FormError> {
        let mut form: Form = toml::from_str(src)
            .map_err(|e| FormError(ui("form.error.unreadable", &[("error", &e)])))?;
        form.validate()?;
        form.fold_options();
        form.lexicon = Lexicon::new(&form);
        Ok(form)
    }

    /// The built-in form. It is validated by the test suite, so failure here is a build defect.
    pub fn builtin() -> Form {
        Form::from_toml(DEFAULT_FORM).expect("the built-in form is valid")
    }

    fn fold_options(&mut self) {
        let fields = self
            .fields
            .iter_mut()
            .chain(&mut self.indicators.fields)
            .chain(&mut self.analysis.fields);
        for f in fields {
            let groups = f.groups.iter_mut().flat_map(|g| g.options.iter_mut());
            for o in f.options.iter_mut().chain(groups) {
                o.folded_key = o.key.as_deref().map(crate::text::fold);
                o.folded_label = crate::text::fold(&o.label);
            }
        }
    }

    fn validate(&self) -> Result<(), FormError> {
        let err = |m: String| Err(FormError(m));
        if self.sections.is_empty() {
            return err(ui("form.error.no_sections", &[]));
        }
        for f in &self.fields {
            if !self.sections.iter().any(|s| s.number == f.section) {
                return err(ui(
                    "form.error.field_section",
                    &[("label", &f.label), ("section", &f.section)],
                ));
            }
            if matches!(f.kind, Kind::Choice | Kind::Rating) && f.options.is_empty() {
                return err(ui("form.error.no_options", &[("label", &f.label)]));
            }
        }
        if !self
            .sections
            .iter()
            .any(|s| s.number == self.budget.section)
        {
            return err(ui(
                "form.error.budget_section",
                &[("section", &self.budget.section)],
            ));
        }
        let row_exists = |n: &str| self.budget.rows.iter().any(|r| r.name == n);
        for s in &self.budget.sums {
            for n in s
                .parts
                .iter()
                .chain(std::iter::once(&s.total))
                .chain(s.balance.iter())
            {
                if !row_exists(n) {
                    return err(ui("form.error.sum_row", &[("row", n)]));
                }
            }
        }
        if let Some(r) = &self.budget.rate {
            for n in [&r.rate, &r.numerator, &r.denominator] {
                if !row_exists(n) {
                    return err(ui("form.error.rate_row", &[("row", n)]));
                }
            }
        }
        if self.analysis.items.iter().any(|i| i.viewpoints.is_empty()) {
            return err(ui("form.error.no_viewpoints", &[]));
        }
        Ok(())
    }

    /// The field a label names.
    pub fn field(&self, t: LabelTarget) -> &Field {
        match t {
            LabelTarget::Top(i) => &self.fields[i],
            LabelTarget::Indicator(i) => &self.indicators.fields[i],
            LabelTarget::Analysis(i) => &self.analysis.fields[i],
        }
    }

    pub fn section_by_number(&self, n: u32) -> Option<usize> {
        self.sections.iter().position(|s| s.number == n)
    }

    pub fn field_by_role(&self, role: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.has_role(role))
    }

    pub fn rating_field(&self) -> Option<usize> {
        self.analysis
            .fields
            .iter()
            .position(|f| f.kind == Kind::Rating)
    }

    pub fn analysis_text_field(&self) -> Option<usize> {
        self.analysis
            .fields
            .iter()
            .position(|f| f.kind == Kind::Text)
    }
}
