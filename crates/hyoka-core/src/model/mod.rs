//! Classified lines + form → a typed sheet: the structural pass of spec §3 (values, blocks, split labels,
//! checkbox attribution). Every node keeps byte spans into the original text.

mod build;
pub mod choice;
pub mod number;
pub mod table;

pub use build::{build, match_viewpoint};

use crate::form::{Form, LabelTarget};
use crate::syntax::{self, Directive};
use crate::text::fold::Folded;
use std::ops::Range;

pub type Span = Range<usize>;

/// A value: its inline part and continuation lines, each trimmed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Value {
    pub segments: Vec<Span>,
}

impl Value {
    pub fn is_empty(&self) -> bool {
        self.segments.is_empty()
    }
    /// The segments joined by newlines.
    pub fn text(&self, src: &str) -> String {
        let parts: Vec<&str> = self.segments.iter().map(|s| &src[s.clone()]).collect();
        parts.join("\n")
    }
    /// The segments joined without separator, folded, with the map back to the source.
    pub fn folded(&self, src: &str) -> Folded {
        let mut f = Folded::default();
        for s in &self.segments {
            f.append(&Folded::new(&src[s.clone()], s.start));
        }
        f
    }
    pub fn span(&self) -> Option<Span> {
        Some(self.segments.first()?.start..self.segments.last()?.end)
    }
    /// A lone `-`/`－`/`―`.
    pub fn is_dash(&self, src: &str) -> bool {
        self.segments.len() == 1
            && matches!(
                crate::text::fold(&src[self.segments[0].clone()]).as_str(),
                "-"
            )
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldNode {
    pub target: LabelTarget,
    pub line: usize,
    /// The label line(s), trimmed.
    pub line_span: Span,
    pub label: Span,
    pub year: Option<(i32, Span)>,
    pub value: Value,
    /// Index into `Sheet::sections` of the section it stands in.
    pub section: Option<usize>,
}

impl FieldNode {
    /// From the label to the end of the value.
    pub fn extent(&self) -> Span {
        let end = self
            .value
            .span()
            .map_or(self.line_span.end, |v| v.end.max(self.line_span.end));
        self.line_span.start..end
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TitleNode {
    pub line: usize,
    pub span: Span,
    pub year: Option<(i32, Span)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionNode {
    /// Index into `form.sections`.
    pub form: usize,
    pub line: usize,
    pub heading: Span,
    /// Byte offset where the section ends (the next heading's line, or the end of text).
    pub end: usize,
    /// End of the section's last non-blank line.
    pub content_end: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowNode {
    pub line: usize,
    pub span: Span,
    pub cells: Vec<Span>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableNode {
    pub rows: Vec<RowNode>,
    pub section: Option<usize>,
}

impl TableNode {
    pub fn span(&self) -> Span {
        self.rows[0].span.start..self.rows[self.rows.len() - 1].span.end
    }
}

/// A block head line (`活動指標①`, `必要性`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub line: usize,
    pub span: Span,
    /// End of the block's last line.
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorBlock {
    pub form: usize,
    pub heads: Vec<Head>,
    pub fields: Vec<FieldNode>,
    pub table: Option<TableNode>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckboxNode {
    pub line: usize,
    pub span: Span,
    pub mark: Span,
    pub ticked: bool,
    pub text: Option<Span>,
    /// Index into the item's viewpoints.
    pub viewpoint: Option<usize>,
    /// For その他: the parenthesised name (None: no parentheses or only white space).
    pub other_name: Option<Span>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemBlock {
    pub form: usize,
    pub heads: Vec<Head>,
    pub checkboxes: Vec<CheckboxNode>,
    pub fields: Vec<FieldNode>,
}

impl ItemBlock {
    /// Where a diagnostic about the whole item sits: its head line, else its first checkbox.
    pub fn anchor(&self) -> Span {
        self.heads
            .first()
            .map(|h| h.span.clone())
            .or_else(|| self.checkboxes.first().map(|c| c.span.clone()))
            .unwrap_or(0..0)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownNode {
    pub line: usize,
    pub line_span: Span,
    pub head: Span,
    pub suggestion: LabelTarget,
    pub distance: usize,
}

/// The typed sheet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sheet {
    /// Byte offset of each line's start.
    pub line_starts: Vec<usize>,
    pub titles: Vec<TitleNode>,
    pub sections: Vec<SectionNode>,
    pub fields: Vec<FieldNode>,
    /// Indexed like `form.indicators.blocks`.
    pub indicators: Vec<Option<IndicatorBlock>>,
    /// Indexed like `form.analysis.items`.
    pub items: Vec<Option<ItemBlock>>,
    pub tables: Vec<TableNode>,
    /// Text with no value open, and the analysis item it stands in, if any.
    pub stray: Vec<(Span, Option<usize>)>,
    pub unknown: Vec<UnknownNode>,
    /// Block fields met outside their block (their values are dropped).
    pub misplaced: Vec<FieldNode>,
    /// Checkboxes outside any item that could not be attributed.
    pub orphans: Vec<CheckboxNode>,
    pub directives: Vec<(usize, Directive)>,
    pub text_len: usize,
}

impl Sheet {
    /// The evaluated fiscal year N, as every reader of the sheet takes it: the title's, else (a form whose
    /// title names no year) the first table's header's. See [`table::evaluated_year`].
    pub fn evaluated_year(&self, src: &str, form: &Form) -> Option<i32> {
        if form.lexicon.title_has_year {
            return self.year();
        }
        table::evaluated_year(self, form, &table::tables(src, self, form))
    }

    /// The fiscal year N (Gregorian) from the first title that names one.
    pub fn year(&self) -> Option<i32> {
        self.titles
            .iter()
            .find_map(|t| t.year.as_ref().map(|y| y.0))
    }

    /// Fields written inside indicator blocks and analysis items.
    pub fn block_fields(&self) -> impl Iterator<Item = &FieldNode> {
        let indicators = self.indicators.iter().flatten().flat_map(|b| &b.fields);
        indicators.chain(self.items.iter().flatten().flat_map(|i| &i.fields))
    }

    /// Every field: top-level ones, then those inside blocks.
    pub fn all_fields(&self) -> impl Iterator<Item = &FieldNode> {
        self.fields.iter().chain(self.block_fields())
    }

    pub fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// Top-level fields of form field `i`, in text order.
    pub fn fields_of(&self, i: usize) -> impl Iterator<Item = &FieldNode> {
        self.fields
            .iter()
            .filter(move |f| f.target == LabelTarget::Top(i))
    }

    /// The form's number of the section a node stands in (`section` of a node): 0 before the first heading.
    pub fn section_number(&self, form: &Form, section: Option<usize>) -> u32 {
        section.map_or(0, |s| form.sections[self.sections[s].form].number)
    }

    /// The field that counts for form field `i`: the first in its own section, else the first anywhere.
    pub fn field(&self, form: &Form, i: usize) -> Option<&FieldNode> {
        let home = form.fields[i].section;
        self.fields_of(i)
            .find(|f| self.section_number(form, f.section) == home)
            .or_else(|| self.fields_of(i).next())
    }

    /// A field's label as the form spells it, with the year as written (else the sheet's) in a year slot.
    pub fn label_of(&self, form: &Form, node: &FieldNode) -> String {
        let f = form.field(node.target);
        f.display_label(
            node.year
                .as_ref()
                .map(|y| y.0 - f.year_offset.unwrap_or(0))
                .or(self.year()),
            &form.format.years,
        )
    }

    pub fn section(&self, form: &Form, number: u32) -> Option<&SectionNode> {
        self.sections
            .iter()
            .find(|s| form.sections[s.form].number == number)
    }
}

/// Parse a whole text.
pub fn parse(src: &str, form: &Form) -> (Vec<syntax::Line>, Sheet) {
    let lines = syntax::classify_all(src, &form.lexicon);
    let sheet = build(src, &lines, form);
    (lines, sheet)
}
