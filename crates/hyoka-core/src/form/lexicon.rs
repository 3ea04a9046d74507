//! Folded spellings of everything the classifier matches, built once per form.

use super::{Form, Format, HeadingStyle, Kind};
use crate::text::fold;

/// Which form field a label names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LabelTarget {
    /// `form.fields[i]`
    Top(usize),
    /// `form.indicators.fields[i]`
    Indicator(usize),
    /// `form.analysis.fields[i]`
    Analysis(usize),
}

#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    /// Plain labels and aliases, longest first.
    pub labels: Vec<(String, LabelTarget)>,
    /// Labels with a year slot: the folded part after 年度.
    pub year_labels: Vec<(String, LabelTarget)>,
    /// The title's word, folded.
    pub title: String,
    /// The title pattern, anchored at both ends (`None` until the form is indexed, or when it is invalid:
    /// the form's validation reports that).
    pub title_pattern: Option<regex::Regex>,
    /// The evaluated year N minus the title's year.
    pub title_year_offset: i32,
    /// Whether the title names the year at all.
    pub title_has_year: bool,
    /// The start of the analysis table's header line, folded.
    pub analysis_header: Option<String>,
    pub heading_styles: Vec<HeadingStyle>,
    /// The signs of the sheet (marks, brackets, eras).
    pub format: Format,
    /// Words of the rating options, folded: a checkbox text ending in one has it as column noise.
    pub rating_words: Vec<String>,
    pub sections: Vec<String>,
    pub items: Vec<String>,
    pub indicators: Vec<String>,
    /// Per item, its viewpoints folded.
    pub viewpoints: Vec<Vec<String>>,
    /// Per table of `form.tables()`, per row, the folded name and aliases.
    pub table_rows: Vec<Vec<Vec<String>>>,
    pub indicator_rows: Vec<Vec<String>>,
    /// `rating-text-conflict` phrases per item (shared and the item's own), folded, searched in one pass.
    pub item_negative: Vec<PhraseSet>,
    pub item_positive: Vec<PhraseSet>,
    /// Whether indicator blocks and analysis items take their `head_field` from their line.
    pub indicator_head_field: bool,
    pub item_head_field: bool,
    /// `[indicators] count_units` and `shortfall_words`, folded.
    pub count_units: Vec<String>,
    pub shortfall_words: Vec<String>,
    /// `[indicators] output_words`, folded.
    pub output_words: Vec<String>,
    /// The delay-reason phrases, folded.
    pub delay_reason: super::DelayReasonPhrases,
    /// The form's `printed_lines`, folded.
    pub printed_lines: Vec<String>,
    /// Bytes a line may have and still be one of them (a folded char is at most 3 bytes wider as written).
    pub printed_max_len: usize,
    /// Every (folded) char a structural line can start with: a line starting otherwise, without a colon,
    /// is text.
    pub first_chars: Vec<char>,
}

/// Phrases searched together; the first match in the text wins.
#[derive(Debug, Clone, Default)]
pub struct PhraseSet {
    pub phrases: Vec<String>,
    searcher: Option<aho_corasick::AhoCorasick>,
    negations: Vec<String>,
}

impl PhraseSet {
    fn new(phrases: Vec<String>, negations: &[String]) -> Self {
        let phrases: Vec<String> = phrases.into_iter().filter(|p| !p.is_empty()).collect();
        let searcher = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostFirst)
            .build(&phrases)
            .ok();
        PhraseSet {
            phrases,
            searcher,
            negations: negations.to_vec(),
        }
    }

    /// The first phrase in `text` not directly negated: (phrase index, byte range in `text`).
    pub fn find(&self, text: &str) -> Option<(usize, std::ops::Range<usize>)> {
        self.searcher
            .as_ref()?
            .find_iter(text)
            .find(|m| {
                !self
                    .negations
                    .iter()
                    .any(|n| text[m.end()..].starts_with(n.as_str()))
            })
            .map(|m| (m.pattern().as_usize(), m.range()))
    }
}

/// Each row's name and aliases, folded.
fn row_spellings(rows: &[super::RowDef]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| {
            std::iter::once(&r.name)
                .chain(&r.aliases)
                .map(|n| fold(n))
                .collect()
        })
        .collect()
}

impl Lexicon {
    pub fn new(form: &Form) -> Self {
        let negations: Vec<String> = form
            .analysis
            .phrases
            .negations
            .iter()
            .map(|n| fold(n))
            .collect();
        let title_pattern = super::anchored(&form.title.pattern).ok();
        let title_has_year = title_pattern
            .as_ref()
            .is_some_and(|re| re.capture_names().any(|n| n == Some("year")));
        let mut lx = Lexicon {
            title: fold(&form.title.word),
            title_pattern,
            title_year_offset: form.title.year_offset,
            title_has_year,
            analysis_header: form.analysis.header.as_deref().map(fold),
            heading_styles: form.heading_styles.clone(),
            format: form.format.clone(),
            rating_words: form
                .analysis
                .fields
                .iter()
                .filter(|f| f.kind == Kind::Rating)
                .flat_map(|f| &f.options)
                .map(|o| fold(&o.label))
                .collect(),
            sections: form.sections.iter().map(|s| fold(&s.title)).collect(),
            items: form.analysis.items.iter().map(|i| fold(&i.name)).collect(),
            indicators: form
                .indicators
                .blocks
                .iter()
                .map(|b| fold(&b.label))
                .collect(),
            viewpoints: form
                .analysis
                .items
                .iter()
                .map(|i| i.viewpoints.iter().map(|v| fold(&v.label)).collect())
                .collect(),
            table_rows: form.tables().map(|t| row_spellings(&t.rows)).collect(),
            indicator_rows: row_spellings(&form.indicators.rows),
            indicator_head_field: form.indicators.head_field.is_some(),
            item_head_field: form.analysis.head_field.is_some(),
            output_words: form
                .indicators
                .output_words
                .iter()
                .map(|w| fold(w))
                .collect(),
            count_units: form
                .indicators
                .count_units
                .iter()
                .map(|w| fold(w))
                .collect(),
            shortfall_words: (form.indicators.shortfall_words.iter())
                .map(|w| fold(w))
                .collect(),
            delay_reason: super::DelayReasonPhrases {
                success: form
                    .delay_reason_phrases
                    .success
                    .iter()
                    .map(|p| fold(p))
                    .collect(),
                shortfall: form
                    .delay_reason_phrases
                    .shortfall
                    .iter()
                    .map(|p| fold(p))
                    .collect(),
            },
            printed_lines: form.printed_lines.iter().map(|l| fold(l)).collect(),
            printed_max_len: form
                .printed_lines
                .iter()
                .map(|l| l.len() * 3)
                .max()
                .unwrap_or(0),
            item_negative: form
                .analysis
                .items
                .iter()
                .map(|i| {
                    PhraseSet::new(
                        form.analysis
                            .phrases
                            .negative
                            .iter()
                            .chain(&i.negative)
                            .map(|p| fold(p))
                            .collect(),
                        &negations,
                    )
                })
                .collect(),
            item_positive: form
                .analysis
                .items
                .iter()
                .map(|i| {
                    PhraseSet::new(
                        i.positive
                            .iter()
                            .chain(&form.analysis.phrases.positive)
                            .map(|p| fold(p))
                            .collect(),
                        &negations,
                    )
                })
                .collect(),
            ..Default::default()
        };
        let groups = [
            (&form.fields, LabelTarget::Top as fn(usize) -> LabelTarget),
            (&form.indicators.fields, LabelTarget::Indicator),
            (&form.analysis.fields, LabelTarget::Analysis),
        ];
        for (fields, make) in groups {
            for (i, f) in fields.iter().enumerate() {
                let list = if f.year_offset.is_some() {
                    &mut lx.year_labels
                } else {
                    &mut lx.labels
                };
                for l in std::iter::once(&f.label).chain(&f.aliases) {
                    list.push((fold(l), make(i)));
                }
            }
        }
        lx.labels.sort_by_key(|(l, _)| std::cmp::Reverse(l.len()));
        let years = &form.format.years;
        let eras = years
            .eras
            .iter()
            .flat_map(|e| std::iter::once(e.name.as_str()).chain(e.abbreviation.as_deref()));
        let template = fold(&form.title.template);
        let format = &form.format;
        // Bullets start structure lines only where the form writes headings with them (・ starts prose).
        let bullets: &[String] = if form.heading_styles.contains(&HeadingStyle::Bullet) {
            &format.bullets
        } else {
            &[]
        };
        let starts = lx
            .labels
            .iter()
            .map(|(l, _)| l.as_str())
            .chain([lx.title.as_str(), template.as_str(), "#"])
            .chain(lx.analysis_header.as_deref())
            .chain(eras)
            .chain(format.brackets.first().map(String::as_str))
            .chain(bullets.iter().map(String::as_str))
            .chain(lx.sections.iter().map(String::as_str))
            .chain(lx.items.iter().map(String::as_str))
            .chain(lx.indicators.iter().map(String::as_str));
        lx.first_chars = starts
            .filter_map(|s| s.chars().next())
            .chain('0'..='9')
            .collect();
        lx.first_chars.sort_unstable();
        lx.first_chars.dedup();
        lx.year_labels
            .sort_by_key(|(l, _)| std::cmp::Reverse(l.len()));
        lx
    }
}
