//! The serde types of a form's indicator blocks, analysis items and tables (budget and indicator tables,
//! their rows, sums and rates), and the phrases rules read.

use super::{Field, FieldRole};
use serde::Deserialize;

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
