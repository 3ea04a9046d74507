//! The serde types of a form's sections, fields and their options: what a sheet's labels are matched against.

use super::Format;
use serde::Deserialize;

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
