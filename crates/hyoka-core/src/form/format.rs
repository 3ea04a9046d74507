//! The signs a sheet is written with (marks, eras, brackets) and how inserted text is written: data from
//! forms/format.toml, which a form's own `[format]` table overrides key by key.

use crate::text::year::Calendar;
use serde::Deserialize;

/// The shared signs, embedded when hyoka is built.
pub const BASE_FORMAT: &str = include_str!("../../../../forms/format.toml");

/// 書式: シートを書く記号と、hyoka が挿入する行の書き方。既定は forms/format.toml で、様式の [format] は書いた
/// キーだけを置き換える。The signs of the sheet; a form's `[format]` overrides forms/format.toml key by key.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct Format {
    /// 未チェックの印（例: □）。Marks of an unticked checkbox.
    pub unticked: Vec<String>,
    /// チェックの印（例: ■）。Marks of a ticked checkbox.
    pub ticked: Vec<String>,
    /// 選んだ選択肢の印（例: ●）。Marks of the chosen option.
    pub chosen: Vec<char>,
    /// 選ばない選択肢の印（例: ○）。Marks of an option not chosen.
    pub not_chosen: Vec<char>,
    /// 「-」のほかの負の数の印（例: △）。Minus signs besides "-".
    pub minus: Vec<char>,
    /// ページ番号の行の語（例: 1頁 の 頁）。The word after a page number.
    pub page_suffix: String,
    /// 見出しの番号の後の記号（幅をそろえて比べる。例: "." は １．も 1. も表す、"、"）。Marks after a heading's
    /// number.
    pub number_marks: Vec<char>,
    /// 見出しの頭の記号（heading_styles に bullet があるとき。例: ○、■、◆）。Heading bullets.
    pub bullets: Vec<String>,
    /// 項目名や【委託：…】を囲む括弧の組（例: ["【", "】"]）。The bracket pair.
    pub brackets: Vec<String>,
    /// 欄名に現れない句読点（例: 、。）。Punctuation never found in a label.
    pub prose_marks: Vec<String>,
    /// その他の視点に名前を書き添える括弧の組（例: ["（", "）"]）。The parentheses around an added name.
    pub parentheses: Vec<String>,
    /// 欄名と値の間（例: ：）。Written between a label and its value.
    pub label_separator: String,
    /// ブロックの中の行の字下げ（例: 全角空白）。The indent of a block's lines.
    pub indent: String,
    /// 並べた選択肢の間（例: 全角空白）。Between options written side by side.
    pub option_separator: String,
    /// 大項目の番号と見出しの間（例: ．）。Between a section's number and title.
    pub heading_separator: String,
    /// 合計の式の「＋」。The plus sign of a sum.
    pub plus: String,
    /// 年度の書き方。How years are written.
    pub years: Calendar,
    /// 事業と担当の名前の比べ方（年度をまたいでシートを結ぶ）。How project and owner names are compared.
    pub names: Names,
}

/// 事業名・担当名を比べるときの決まり。幅・空白・先頭の番号はいつも無視する。How names are compared across
/// sheets; width, spaces and a leading code number are always ignored.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct Names {
    /// 比べるときに除く書き添え（例: "（室）"）。Additions dropped before names are compared.
    pub ignore: Vec<String>,
    /// 部と課を一つの欄に空白なしで書いたとき、部の名前の終わりになる語（例: 部、局）。Words that end the
    /// department's part of an owner written without a space.
    pub department_ends: Vec<String>,
}

impl Format {
    /// The open and close bracket (empty when the form has none).
    pub fn bracket_pair(&self) -> (&str, &str) {
        pair(&self.brackets)
    }

    /// The open and close parenthesis (empty when the form has none).
    pub fn parenthesis_pair(&self) -> (&str, &str) {
        pair(&self.parentheses)
    }

    /// The chosen (`true`) or not-chosen (`false`) meaning of a mark, `None` for other chars.
    pub fn choice_mark(&self, c: char) -> Option<bool> {
        if self.chosen.contains(&c) {
            Some(true)
        } else if self.not_chosen.contains(&c) {
            Some(false)
        } else {
            None
        }
    }

    /// The first chosen and not-chosen marks, as inserted text writes them.
    pub fn choice_marks(&self) -> (char, char) {
        (
            self.chosen.first().copied().unwrap_or('*'),
            self.not_chosen.first().copied().unwrap_or('-'),
        )
    }

    /// The first ticked and unticked marks, as inserted text writes them.
    pub fn checkbox_marks(&self) -> (&str, &str) {
        fn first<'a>(v: &'a [String], d: &'static str) -> &'a str {
            v.first().map_or(d, String::as_str)
        }
        (first(&self.ticked, "[x]"), first(&self.unticked, "[ ]"))
    }
}

/// The first two signs of a pair key (`brackets`, `parentheses`), or two empty ones.
fn pair(signs: &[String]) -> (&str, &str) {
    match signs {
        [open, close, ..] => (open, close),
        _ => ("", ""),
    }
}

/// Merge `over` into `base`: tables key by key (recursively), anything else replaced.
pub(crate) fn merge(base: &mut toml::Table, over: &toml::Table) {
    for (k, v) in over {
        match (base.get_mut(k), v) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge(b, o),
            _ => {
                base.insert(k.clone(), v.clone());
            }
        }
    }
}
