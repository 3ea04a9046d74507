//! The form as data (spec §7): deserialized from TOML, validated once, then indexed for matching.

pub mod check;
mod format;
mod lexicon;
mod render;
pub mod size;
pub use format::{Format, Names, BASE_FORMAT};
pub use lexicon::{LabelTarget, Lexicon};
pub use render::Render;

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

/// 大項目（見出し）。A section heading.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// 大項目の番号（「１．」なら 1。番号のない見出しでも付ける）。欄や表の section はこの番号を指す。0 は使わない
    /// （最初の見出しより前を指す番号）。The section's number (given even when headings are not numbered):
    /// fields name their section by it; 0 is reserved for the lines before the first heading.
    pub number: u32,
    /// 見出しの語（番号と「．」の後。例: 事業の位置付け）。The heading after its number.
    pub title: String,
    /// 見出しのホバーに出す説明（Markdown）。Hover help.
    pub help: String,
}

/// 欄の値の種類。The kind of a field's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// 自由記述。Free text.
    Text,
    /// 予算科目（1-'030106-'040000）。A budget code.
    BudgetCode,
    /// 選択肢から一つ（●/○、キー、ラベル）。One of the options.
    Choice,
    /// 選択肢からいくつでも。Any number of the options.
    MultiChoice,
    /// `'NN 名称` の行を levels 行。Lines of codes and names.
    CodeList,
    /// 期間（開始～終了）。A period.
    Period,
    /// 【委託：…】【協働：…】のような【】の組（groups）。Bracketed groups.
    Consignment,
    /// 分析項目の評価（高・中・低）。The rating of an analysis item.
    Rating,
}

/// 欄: 「欄名：内容」または欄名の行と続く行。A field: a label and its value.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// 欄名。year_offset があれば年度の後の部分（例: の検証結果）。The label (after the year, with year_offset).
    pub label: String,
    /// 欄名の別の書き方（例: 事業名）。Other accepted spellings.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// 置く大項目の番号（[[fields]] のみ）。0 は最初の見出しより前（表題の下の欄）。The number of its section
    /// (top-level fields only); 0 is before the first heading.
    #[serde(default)]
    pub section: u32,
    /// 値の種類。The kind of its value.
    pub kind: Kind,
    /// 必須か（ないと missing-field）。Whether a sheet must have it.
    #[serde(default)]
    pub required: bool,
    /// 欄名のホバーに出す、書き方の助言と例（Markdown）。Hover help: what to write, with an example.
    pub help: String,
    /// 欄名の前に付く年度の、評価対象年度 N からのずれ（平成N+2年度… なら 2）。The year prefix's offset from N.
    pub year_offset: Option<i32>,
    /// どれか一つだけを書く欄の組の名前（例: plan-position）。Fields of one group: exactly one is written.
    pub group: Option<String>,
    /// 「－」を空欄とみなす。A dash counts as empty.
    #[serde(default)]
    pub dash_is_empty: bool,
    /// ルールが読む欄の役割。新しい欄には不要。The role a rule looks the field up by; most fields need none.
    pub role: Option<FieldRole>,
    /// 毎年書き直す文章の欄か（前年のシートと同じ文なら copied-text が知らせる）。A text written afresh each
    /// year: copied-text compares it with the previous year's sheet.
    #[serde(default)]
    pub written_each_year: bool,
    /// 値の形の正規表現（幅をそろえ ' を除いた値の全体に当てる。例: 予算科目 [0-9xX]{1,2}-[0-9xX]{6}-[0-9xX]{6}）。
    /// A regular expression the folded value must match whole (budget-code-format checks it).
    pub pattern: Option<String>,
    /// `pattern`, compiled when the form is loaded.
    #[serde(skip)]
    pub pattern_regex: Option<regex::Regex>,
    /// code-list の行数（階層の数）。The number of code lines.
    pub levels: Option<u32>,
    /// code-list の行で、後ろに番号が来る語（例: 基本目標 → 基本目標４ の 4）。Words a level's number follows.
    #[serde(default)]
    pub number_words: Vec<String>,
    /// 選択肢（choice, multi-choice, rating）。The options.
    #[serde(default)]
    pub options: Vec<ChoiceOption>,
    /// consignment の【】の組。The bracketed groups of a consignment field.
    #[serde(default)]
    pub groups: Vec<ConsignmentGroup>,
    /// 欄がないときに使う値（方向 = 増加）。ないことを知らせない。The value assumed when it is absent.
    pub default: Option<String>,
    /// choice で、選択の行の後の行に理由などの文を続けてよい（加古川市の総合評価）。A choice followed, on
    /// the next lines, by free text such as its reason.
    #[serde(default)]
    pub comment: bool,
}

impl Field {
    /// The label as a person writes it, with the year slot filled for fiscal year `n` (Gregorian).
    pub fn display_label(&self, n: Option<i32>, years: &crate::text::year::Calendar) -> String {
        match self.year_offset {
            Some(off) => format!("{}{}", years.relative(n, off), self.label),
            None => self.label.clone(),
        }
    }

    pub fn has_role(&self, role: FieldRole) -> bool {
        self.role == Some(role)
    }
}

/// 欄の役割: 整合性のルールとワークスペースが読む。The role of a field, read by the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum FieldRole {
    /// 事業の名前（事務事業名）。The project's name.
    ProjectName,
    /// 担当（部と課を一つの欄に。空白で分ける）。The owning department and division in one field.
    Owner,
    /// 担当の部（部だけの欄）。The owning department, in a field of its own.
    Department,
    /// 担当の課（課だけの欄）。The owning division (課), in a field of its own.
    Division,
    /// 検証結果（選択肢に achieved などの role）。The verdict on results.
    Result,
    /// 進捗状況（選択肢に on-schedule などの role）。Progress.
    Progress,
    /// 遅れている理由。The reason for a delay.
    DelayReason,
    /// 予算科目（pattern で形を確かめる）。The budget code.
    BudgetCode,
    /// 指標の名前（指標のブロックの欄）。The name of an indicator (a field of the indicator blocks).
    IndicatorName,
    /// 指標の単位（指標のブロックの欄）。The unit of an indicator.
    IndicatorUnit,
    /// 今後の見通し（課題の分析、取組方針）。What the sheet says about the years ahead.
    Outlook,
    /// 計画上の位置付け（コードと番号を照らす）。The place in the city plan.
    PlanPosition,
}

/// 選択肢。An option of a choice.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ChoiceOption {
    /// 選択肢の記号（A、① など）。なくてもよい。The option's key, if it has one.
    pub key: Option<String>,
    /// 選択肢の語（例: 成果があがった）。The option's words.
    pub label: String,
    /// 選択肢のホバーに出す説明（Markdown）。Hover help.
    #[serde(default)]
    pub help: String,
    /// 整合性のルールが読む意味（on-schedule など）。The meaning a consistency rule reads.
    pub role: Option<OptionRole>,
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
            role: None,
            folded_key: key.map(crate::text::fold),
            folded_label: crate::text::fold(label),
        }
    }
}

impl ChoiceOption {
    /// `③：遅れている`, or the label alone when the option has no key.
    pub fn display(&self, format: &Format) -> String {
        match &self.key {
            Some(k) => format!("{k}{}{}", format.label_separator, self.label),
            None => self.label.clone(),
        }
    }
}

/// 選択肢の意味: 整合性のルール（進捗・検証結果・指標の向き）が読む。The meaning of an option, for the
/// consistency rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum OptionRole {
    /// 進捗: 予定どおり。Progress on schedule.
    OnSchedule,
    /// 進捗: やや遅れている（遅れている理由が要る）。Slightly behind (a delay reason is due).
    SlightlyLate,
    /// 進捗: 遅れている。Behind schedule.
    Late,
    /// 成果: あがった。Results achieved.
    Achieved,
    /// 成果: 一部あがった。Partly achieved.
    PartlyAchieved,
    /// 成果: あがらなかった。Not achieved.
    NotAchieved,
    /// 指標の向き: 小さいほどよい（事故件数など）。An indicator where lower is better.
    Decreasing,
}

/// consignment の【名前：…】の組。A bracketed group of a consignment field.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ConsignmentGroup {
    /// 【】の中のコロンの前の語（例: 委託）。The group's name.
    pub name: String,
    /// 組の値の種類（text か multi-choice）。The kind of its value.
    pub kind: Kind,
    /// 選択肢（multi-choice）。The options.
    #[serde(default)]
    pub options: Vec<ChoiceOption>,
    /// ホバーに出す説明（Markdown）。Hover help.
    #[serde(default)]
    pub help: String,
}

/// 指標: ブロック（活動指標① など）、ブロック内の欄、年度を列にした表。Indicator blocks.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Indicators {
    /// 指標を置く大項目の番号（既定 2）。The number of its section.
    #[serde(default = "section_two")]
    pub section: u32,
    /// 指標のホバーに出す説明（Markdown）。Hover help.
    pub help: String,
    /// 表の列の年度の、N からのずれ（例: [-2, -1, 0]）。The table's years, as offsets from N.
    pub year_offsets: Vec<i32>,
    /// 指標のブロック。The blocks.
    pub blocks: Vec<IndicatorBlockDef>,
    /// 各ブロックの欄（指標名、単位 など）。The fields of each block.
    pub fields: Vec<Field>,
    /// 表の行（目標、実績）。The table's rows.
    pub rows: Vec<RowDef>,
    /// 実績が負の数になりえない単位（例: 人、件、回。indicator-suspicious-values）。Units that cannot be negative.
    #[serde(default)]
    pub count_units: Vec<String>,
    /// 今後の見通しの欄で、目標との差に触れていると読む語（例: 下回、未達。indicator-chronic-shortfall）。Words
    /// that, in an outlook field, address a shortfall.
    #[serde(default)]
    pub shortfall_words: Vec<String>,
    /// 成果指標の名前にあれば、活動の量を数えていると見る語（例: 参加者数、開催回数。outcome-is-output）。
    /// Words that, in an outcome indicator's name, count activity done.
    #[serde(default)]
    pub output_words: Vec<String>,
    /// ブロックの行の「：」の後に書く値を、この欄（fields の label）の値として読む（例: 指標名。
    /// 成果指標1：集会所整備数）。The field whose value follows the block's label on its line.
    pub head_field: Option<String>,
}

/// 指標のブロック。An indicator block.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct IndicatorBlockDef {
    /// ブロックの見出し（例: 成果指標①）。The block's heading.
    pub label: String,
    /// 必須か。Whether a sheet must have it.
    #[serde(default)]
    pub required: bool,
    /// ホバーに出す説明（Markdown）。Hover help.
    pub help: String,
    /// 成果指標か（成果を測るブロック）。Whether it measures outcomes.
    #[serde(default)]
    pub outcome: bool,
    /// この指標の N 年度の目標と実績と照らし合わせる欄の役割（progress: 進捗状況、result: 検証結果）。
    /// The roles of the fields whose answer is checked against this indicator's year-N target and result.
    #[serde(default)]
    pub compared_with: Vec<FieldRole>,
}

/// 表の行。A row of a table.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RowDef {
    /// 行の名前（表の最初の列。例: 事業費(A)）。The row's name.
    pub name: String,
    /// 行の名前の別の書き方（例: 事業費計）。Other accepted spellings of the name.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// 値の種類（既定 number）。The kind of its cells.
    #[serde(default = "number_kind")]
    pub kind: RowKind,
    /// 必須か。Whether a sheet must have it.
    #[serde(default)]
    pub required: bool,
    /// ホバーに出す説明（Markdown）。Hover help.
    #[serde(default)]
    pub help: String,
    /// 行の意味: 指標の表では目標（target）か実績（actual）、費用の表では事業費（project-cost）かフルコスト
    /// （full-cost）。What the row holds: targets or results in an indicator table, a cost in the others.
    pub role: Option<RowRole>,
}

/// 表の行の意味（指標の表の target・actual、費用の表の project-cost・full-cost）。What a table row holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum RowRole {
    /// 目標値・計画値。Targets.
    Target,
    /// 実績値。Results.
    Actual,
    /// 費用の表で、事業費の総額の行（hyoka report が集計する）。The project cost's row, totalled by reports.
    ProjectCost,
    /// 費用の表で、フルコストの行（hyoka report が集計する）。The full cost's row, totalled by reports.
    FullCost,
}

fn section_two() -> u32 {
    2
}

fn number_kind() -> RowKind {
    RowKind::Number
}

/// 表の行の値の種類。The kind of a row's cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema, serde::Serialize))]
#[serde(rename_all = "kebab-case")]
pub enum RowKind {
    /// 文。Text.
    Text,
    /// 千円単位の金額（0 以上の整数）。An amount in thousands of yen.
    Amount,
    /// 百分率。A percentage.
    Percent,
    /// 数。A number.
    Number,
}

/// 分析表。The analysis table.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Analysis {
    /// 分析表を置く大項目の番号（既定 2）。The number of its section.
    #[serde(default = "section_two")]
    pub section: u32,
    /// 分析表のホバーに出す説明（Markdown）。Hover help.
    pub help: String,
    /// 分析表の見出し行の始まり（幅をそろえ空白を除いて比べる。例: 項目分析の視点）。その行は読み飛ばす。
    /// The start of the table's header line, which is skipped.
    pub header: Option<String>,
    /// 各分析項目の欄（分析・課題の抽出、総合評価）。The fields of each item.
    pub fields: Vec<Field>,
    /// 分析項目（必要性、有効性 など）。The items.
    pub items: Vec<ItemDef>,
    /// 評価と文の食い違いを探す語句（rating-text-conflict）。Phrases for rating-text-conflict.
    #[serde(default)]
    pub phrases: Phrases,
    /// 項目の行の「：」の後に書く値を、この欄（fields の label）の値として読む（例: 評価。一次評価：B）。
    /// The field whose value follows the item's name on its line.
    pub head_field: Option<String>,
}

/// 分析項目。An analysis item.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ItemDef {
    /// 項目の名前（例: 必要性）。The item's name.
    pub name: String,
    /// ホバーに出す説明（Markdown）。Hover help.
    pub help: String,
    /// この項目だけの否定的な語句。Negative phrases of this item.
    #[serde(default)]
    pub negative: Vec<String>,
    /// この項目だけの肯定的な語句。Positive phrases of this item.
    #[serde(default)]
    pub positive: Vec<String>,
    /// 分析の視点（□/■ で印を付ける。ない項目もある）。The viewpoints (ticked with □/■; an item may have none).
    pub viewpoints: Vec<Viewpoint>,
}

/// 分析の視点。A viewpoint of an analysis item.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Viewpoint {
    /// 視点の語（例: 市民ニーズ）。The viewpoint's words.
    pub label: String,
    /// 「その他」の視点（内容を書き添える）。The "other" viewpoint, named by the writer.
    #[serde(default)]
    pub other: bool,
    /// ホバーに出す説明（Markdown）。Hover help.
    pub help: String,
}

/// 遅れている理由の語句。Phrases of a delay reason.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DelayReasonPhrases {
    /// 達成を述べる語句（例: できた、達成した、完了した）。Wording of achievement.
    pub success: Vec<String>,
    /// 遅れ・未達・起きなかったことを述べる語句（例: 遅れ、未達、なかった、延期）。一つでもあれば警告しない。
    /// Wording of delay, shortfall or something that did not happen; any one of them silences the rule.
    pub shortfall: Vec<String>,
}

/// すべての分析項目に共通の語句。Phrases shared by all items.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Phrases {
    /// 否定的な語句（評価が高なのにあると警告）。Negative phrases.
    pub negative: Vec<String>,
    /// 肯定的な語句（評価が低なのにあると警告）。Positive phrases.
    pub positive: Vec<String>,
    /// 直前の語句を打ち消す語（見直す必要 + はない）。Suffixes that negate the phrase before them.
    #[serde(default)]
    pub negations: Vec<String>,
}

/// 年度を列にした表（事業費の表など）。A table with years as columns (the budget table and others).
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Budget {
    /// 表の名前（メッセージに出す。例: 年度別事業内容・決算額）。既定は置く大項目の見出し。The table's name in
    /// messages; by default its section's title.
    pub name: Option<String>,
    /// 表を置く大項目の番号（0 は最初の見出しより前）。The number of its section (0: before the first heading).
    pub section: u32,
    /// 必須か。Whether a sheet must have it.
    #[serde(default)]
    pub required: bool,
    /// 表のホバーに出す説明（Markdown）。Hover help.
    pub help: String,
    /// 表の列の年度の、N からのずれ（例: [0, 1, 2]）。The table's years, as offsets from N.
    pub year_offsets: Vec<i32>,
    /// 表の行。The rows.
    pub rows: Vec<RowDef>,
    /// 検算する合計: total = parts の和。Sums to check: total = the sum of parts.
    #[serde(default)]
    pub sums: Vec<SumDef>,
    /// 検算する率: rate = numerator ÷ denominator × 100。A rate to check.
    pub rate: Option<RateDef>,
}

/// 検算する合計。A sum to check.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SumDef {
    /// 合わないときのルール（budget-sum か full-cost-sum）。The rule that reports a wrong sum.
    pub rule: SumRule,
    /// 合計の行の名前。The row of the total.
    pub total: String,
    /// 足す行の名前。The rows that add up to it.
    pub parts: Vec<String>,
    /// 合わないときに直す行（修正の提案に使う）。The row a fix adjusts.
    pub balance: Option<String>,
}

/// 合計を確かめるルール。ルールの ID は様式によらない（設定やSARIFが頼る）。The rule a sum is checked by;
/// rule ids do not depend on the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum SumRule {
    /// 財源の内訳の合計（budget-sum）。Funding sources add up to the project cost.
    BudgetSum,
    /// 事業費と人件費などの合計（full-cost-sum）。Costs add up to the full cost.
    FullCostSum,
}

/// 検算する率。A rate to check.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RateDef {
    /// 率の行（%）。The row of the rate.
    pub rate: String,
    /// 分子の行。The numerator's row.
    pub numerator: String,
    /// 分母の行。The denominator's row.
    pub denominator: String,
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
