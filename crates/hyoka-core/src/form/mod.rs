//! The form as data (spec §7): deserialized from TOML, validated once, then indexed for matching.

pub mod check;
mod fields;
mod format;
mod lexicon;
mod render;
pub mod size;
mod tables;
pub use fields::*;
pub use format::{Format, Names, BASE_FORMAT};
pub use lexicon::{LabelTarget, Lexicon};
pub use render::Render;
pub use tables::*;

use crate::messages::ui;
use serde::Deserialize;
use std::fmt;

/// The built-in form of 平塚市 (平成27年度分).
pub const DEFAULT_FORM: &str = include_str!("../../../../forms/hiratsuka-h27.toml");

/// The built-in forms, embedded when hyoka is built: (file name under forms/, text). The first is the
/// default. Another city's form is one more file in forms/ and one more row here.
pub const BUILTIN_FORMS: &[(&str, &str)] = &[
    ("hiratsuka-h27.toml", DEFAULT_FORM),
    (
        "kakogawa-r4.toml",
        include_str!("../../../../forms/kakogawa-r4.toml"),
    ),
    // minoh-h21 before minoh-h26: its title names one year only, the later edition's any year.
    (
        "minoh-h21.toml",
        include_str!("../../../../forms/minoh-h21.toml"),
    ),
    (
        "minoh-h26.toml",
        include_str!("../../../../forms/minoh-h26.toml"),
    ),
    (
        "kaizuka-h28.toml",
        include_str!("../../../../forms/kaizuka-h28.toml"),
    ),
    (
        "koriyama-h27.toml",
        include_str!("../../../../forms/koriyama-h27.toml"),
    ),
];

// The doc comments of the types below are the descriptions of the form file's JSON Schema
// (forms/form.schema.json, `hyoka form schema`): they are written for form authors.

/// 事業評価シートの様式定義（forms/*.toml）。A form: the sheet's sections, fields, options and checks, as data.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Form {
    /// 様式の ID（英小文字・数字・ハイフン。例: hiratsuka-h27）。The form's id.
    pub id: String,
    /// 様式の名前（一覧に出す。例: 平塚市 事業評価シート（平成27年度分））。The form's display name.
    pub name: String,
    /// 表題行: 見分け方と年度。The sheet's title line: how it is recognised and where its year is.
    pub title: Title,
    /// 見出しの書き方（numbered: １．事業概要、bullet: ○事業概要、bracket: 【事業概要】、markdown: ## 事業概要）。
    /// 最初のものが挿入に使われる。既定 ["numbered", "markdown"]。The heading styles accepted; the first is
    /// the one inserted text uses.
    #[serde(default = "default_heading_styles")]
    pub heading_styles: Vec<HeadingStyle>,
    /// 大項目（１．事業の位置付け など）。シートに並ぶ順に書く。見出しのない様式では書かない（欄はすべて
    /// section = 0）。The sections, in order (none for a form without headings).
    #[serde(default)]
    pub sections: Vec<Section>,
    /// 大項目に置く欄（[[fields]]）。The fields of the sections.
    pub fields: Vec<Field>,
    /// 活動指標・成果指標のブロックと、その目標・実績の表（ない様式では書かない）。The indicator blocks and
    /// their table (absent from forms without indicators).
    #[serde(default)]
    pub indicators: Indicators,
    /// 分析表: 必要性・有効性などの分析項目と視点（ない様式では書かない）。The analysis items (absent from
    /// forms without an analysis table).
    #[serde(default)]
    pub analysis: Analysis,
    /// 年度別の事業費の表: 行、年度、合計の検算。The budget table: rows, years, sums.
    pub budget: Budget,
    /// そのほかの表（コスト推移、利用者数 など。書き方は budget と同じ）。同じ大項目に二つ以上あれば行の名前で
    /// 見分ける。More tables, written like `budget`; tables of one section are told apart by their rows.
    #[serde(default)]
    pub tables: Vec<Budget>,
    /// 遅れている理由が達成だけを述べていないかを見る語句（delay-reason-reports-success）。Phrases that tell a
    /// delay reason reporting success from one explaining a delay.
    #[serde(default)]
    pub delay_reason_phrases: DelayReasonPhrases,
    /// シートに印字されていて、書く値ではない行（例: 単位：千円、※…の注記）。幅をそろえ空白を除いて行全体を比べ、
    /// 一致すれば欄にも文にも数えない。Lines the form prints that are not values (a unit line, a note).
    #[serde(default)]
    pub printed_lines: Vec<String>,
    /// 書式（forms/format.toml の既定から変えるキーだけ）。The signs, where they differ from forms/format.toml.
    #[serde(default)]
    pub format: Format,
    #[serde(skip)]
    pub lexicon: Lexicon,
}

/// 表題行。The title line.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Title {
    /// 表題の語（例: 事業評価シート）。表題行に必ず含まれる語で（template にも書く）、様式を表題から選ぶときは
    /// この語のある行だけに pattern を当てる。The title's word: in every title line (and in the template);
    /// choosing a form by its title tries the pattern only on lines that hold it.
    pub word: String,
    /// 表題行の正規表現。幅をそろえて空白を除いた行（全角→半角: （）→()）全体に当てる。名前付きグループ
    /// year が年度（例: 事業評価シート(?:\((?P<year>[^)]*?)分?\))?）。year のない表題では、年度 N を事業費の
    /// 表の見出しから読む。The title line as a regular expression over the folded line (whole line); the named
    /// group `year` is its year. Without one, N is read from the budget table's header.
    pub pattern: String,
    /// 新しいシートの表題行。{year} に表題の年度が入る（例: 事業評価シート（{year}分））。The title line of
    /// a new sheet; `{year}` is replaced by the title's year.
    pub template: String,
    /// 評価対象年度 N − 表題の年度（表題が令和4年度で N が令和3年度なら -1）。既定 0。The evaluated year N
    /// minus the title's year.
    #[serde(default)]
    pub year_offset: i32,
    /// 表題行のホバーに出す説明（Markdown）。Hover help of the title line.
    pub help: String,
}

/// 見出しの書き方。A heading style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum HeadingStyle {
    /// 番号付き: １．事業の位置付け、2. 事業の検証、３、…（後ろに（…）を付けてよい）。Numbered.
    #[default]
    Numbered,
    /// 記号付き: ○事業概要、■、◆ など（[format] bullets）。Bulleted.
    Bullet,
    /// 括弧: 【事業概要】（[format] brackets）。Bracketed.
    Bracket,
    /// Markdown: # 事業概要、## 事業概要。
    Markdown,
}

impl HeadingStyle {
    /// A heading in this style.
    pub fn write(self, number: &str, title: &str, format: &Format) -> String {
        match self {
            HeadingStyle::Numbered => format!("{number}{}{title}", format.heading_separator),
            HeadingStyle::Bullet => {
                let bullet = format.bullets.first().map_or("", String::as_str);
                format!("{bullet}{title}")
            }
            HeadingStyle::Bracket => {
                let (open, close) = format.bracket_pair();
                format!("{open}{title}{close}")
            }
            HeadingStyle::Markdown => format!("## {title}"),
        }
    }
}

fn default_heading_styles() -> Vec<HeadingStyle> {
    vec![HeadingStyle::Numbered, HeadingStyle::Markdown]
}

/// The JSON Schema of a form file, generated from the types above (their doc comments are its
/// descriptions). Draft 7, the version taplo (VS Code's Even Better TOML) validates with.
#[cfg(feature = "schema")]
pub fn json_schema() -> schemars::Schema {
    let mut schema = schemars::generate::SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<Form>();
    schema.insert(
        "title".into(),
        crate::messages::ja("form.schema.title", &[]).into(),
    );
    schema
}

/// The most a form's regular expression may compile to, in bytes of its automaton (the regex crate's
/// `size_limit`; its default is 10 MiB). Matching costs time in proportion to it, for every title line and
/// value tried: a pattern just under the default, like `(?:.{1,200}){1,50}`, costs seconds per sheet. The
/// built-in forms' largest pattern needs about 8 KiB (a test checks each fits an eighth of the cap).
pub const PATTERN_SIZE_LIMIT: usize = 256 * 1024;

/// A form's regular expression, made to match the whole text. Every regular expression a form gives (the
/// title's, the fields' value patterns) is compiled here, under the cost cap [`PATTERN_SIZE_LIMIT`]: one
/// over it is `regex::Error::CompiledTooBig`, which `hyoka form check` reports at the pattern.
pub fn anchored(pattern: &str) -> Result<regex::Regex, regex::Error> {
    regex::RegexBuilder::new(&format!("^(?:{pattern})$"))
        .size_limit(PATTERN_SIZE_LIMIT)
        .dfa_size_limit(PATTERN_SIZE_LIMIT)
        .build()
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
    /// Parse and validate a form file (one of the built-in forms, or one loaded from a file: then it may not
    /// take a built-in form's id, see [`Form::reserved_id`]).
    pub fn from_toml(src: &str) -> Result<Form, FormError> {
        if let Some(at) = size::over_limit(src) {
            return Err(FormError(size::message(src, at)));
        }
        let form = Form::parse(src)
            .map_err(|e| FormError(ui("form.error.unreadable", &[("error", &e)])))?;
        form.validate(src)?;
        Ok(form.indexed())
    }

    /// Whether a form file whose text is `src` may not take the id `id`: it is a built-in form's, and `src`
    /// is not that form's text (line ends aside: forms/*.toml checked out on Windows is still that form).
    /// Sheets are told apart by their form's id (`hyoka report` shows a form's name and ratings by it), so a
    /// copy of a built-in form that kept its id would be reported as the built-in form.
    pub fn reserved_id(id: &str, src: &str) -> bool {
        BUILTIN_FORMS.iter().any(|(file, text)| {
            file.strip_suffix(".toml") == Some(id) && !text.lines().eq(src.lines())
        })
    }

    /// Deserialize a form file, its `[format]` laid over forms/format.toml; not validated yet. An error in
    /// the form's own text carries its span.
    fn parse(src: &str) -> Result<Form, toml::de::Error> {
        let mut form: Form = toml::from_str(src)?;
        form.format = Form::merged_format(src)?;
        Ok(form)
    }

    /// forms/format.toml with the form's own `[format]` keys laid over it.
    fn merged_format(src: &str) -> Result<Format, toml::de::Error> {
        let table = |s: &str| -> Result<toml::Table, toml::de::Error> {
            let mut t: toml::Table = toml::from_str(s)?;
            Ok(match t.remove("format") {
                Some(toml::Value::Table(f)) => f,
                _ => toml::Table::new(),
            })
        };
        let mut base = table(BASE_FORMAT)?;
        format::merge(&mut base, &table(src)?);
        Format::deserialize(toml::Value::Table(base))
    }

    /// A validated form with its folded spellings and lexicon filled in.
    fn indexed(mut self) -> Form {
        self.prepare_fields();
        self.lexicon = Lexicon::new(&self);
        self
    }

    /// The built-in form. It is validated by the test suite, so failure here is a build defect.
    pub fn builtin() -> Form {
        Form::from_toml(DEFAULT_FORM).expect("the built-in form is valid")
    }

    /// Every built-in form, the default first. The test suite validates them (like [`Form::builtin`]), so
    /// they are read without validating again, each text parsed once: the browser page loads them at start.
    pub fn builtins() -> Vec<Form> {
        BUILTIN_FORMS
            .iter()
            .map(|(_, text)| Form::trusted(text))
            .collect()
    }

    /// A form the test suite has validated: parsed once, its `[format]` laid over the shared one.
    fn trusted(src: &str) -> Form {
        static BASE: std::sync::OnceLock<toml::Table> = std::sync::OnceLock::new();
        let base = BASE.get_or_init(|| {
            let mut t: toml::Table =
                toml::from_str(BASE_FORMAT).expect("forms/format.toml is valid");
            match t.remove("format") {
                Some(toml::Value::Table(f)) => f,
                _ => toml::Table::new(),
            }
        });
        let table: toml::Table = toml::from_str(src).expect("the built-in forms are valid");
        let mut format = base.clone();
        if let Some(toml::Value::Table(own)) = table.get("format") {
            format::merge(&mut format, own);
        }
        let mut form =
            Form::deserialize(toml::Value::Table(table)).expect("the built-in forms are valid");
        form.format =
            Format::deserialize(toml::Value::Table(format)).expect("their formats are valid");
        form.indexed()
    }

    /// Fill in what each field derives when loaded: folded option spellings, the compiled value pattern.
    fn prepare_fields(&mut self) {
        let fields = self
            .fields
            .iter_mut()
            .chain(&mut self.indicators.fields)
            .chain(&mut self.analysis.fields);
        for f in fields {
            f.pattern_regex = f.pattern.as_deref().and_then(|p| anchored(p).ok());
            let groups = f.groups.iter_mut().flat_map(|g| g.options.iter_mut());
            for o in f.options.iter_mut().chain(groups) {
                o.folded_key = o.key.as_deref().map(crate::text::fold);
                o.folded_label = crate::text::fold(&o.label);
            }
        }
    }

    /// The first of [`Form::problems_in`], as an error.
    fn validate(&self, src: &str) -> Result<(), FormError> {
        match self.problems_in(src).into_iter().next() {
            Some(p) => Err(FormError(p.message)),
            None => Ok(()),
        }
    }

    /// The field a label names.
    pub fn field(&self, t: LabelTarget) -> &Field {
        match t {
            LabelTarget::Top(i) => &self.fields[i],
            LabelTarget::Indicator(i) => &self.indicators.fields[i],
            LabelTarget::Analysis(i) => &self.analysis.fields[i],
        }
    }

    /// The budget table, then the other tables: the index of a table everywhere (0 is the budget table).
    pub fn tables(&self) -> impl Iterator<Item = &Budget> {
        std::iter::once(&self.budget).chain(&self.tables)
    }

    /// A table's name in messages: its own, else its section's title.
    pub fn table_name(&self, table: &Budget) -> String {
        table.name.clone().unwrap_or_else(|| {
            self.section_by_number(table.section)
                .map(|s| self.sections[s].title.clone())
                .unwrap_or_default()
        })
    }

    pub fn section_by_number(&self, n: u32) -> Option<usize> {
        self.sections.iter().position(|s| s.number == n)
    }

    /// The indicator row with `role`.
    pub fn indicator_row(&self, role: RowRole) -> Option<usize> {
        self.indicators
            .rows
            .iter()
            .position(|r| r.role == Some(role))
    }

    pub fn field_by_role(&self, role: FieldRole) -> Option<usize> {
        self.fields.iter().position(|f| f.has_role(role))
    }

    /// The indicator field a block's line carries the value of (`head_field`).
    pub fn indicator_head_field(&self) -> Option<usize> {
        let label = self.indicators.head_field.as_deref()?;
        self.indicators.fields.iter().position(|f| f.label == label)
    }

    /// The analysis field an item's line carries the value of (`head_field`).
    pub fn item_head_field(&self) -> Option<usize> {
        let label = self.analysis.head_field.as_deref()?;
        self.analysis.fields.iter().position(|f| f.label == label)
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

impl AsRef<Form> for Form {
    fn as_ref(&self) -> &Form {
        self
    }
}
