//! Classified lines + form → a typed sheet: the structural pass of spec §3 (values, blocks, split labels,
//! checkbox attribution). Every node keeps byte spans into the original text.

pub mod choice;
pub mod number;
pub mod table;

use crate::form::{Form, LabelTarget};
use crate::syntax::{self, Directive, LineKind};
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

    /// The field that counts for form field `i`: the first in its own section, else the first anywhere.
    pub fn field(&self, form: &Form, i: usize) -> Option<&FieldNode> {
        let home = form.fields[i].section;
        self.fields_of(i)
            .find(|f| {
                f.section
                    .is_some_and(|s| form.sections[self.sections[s].form].number == home)
            })
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
        )
    }

    pub fn section(&self, form: &Form, number: u32) -> Option<&SectionNode> {
        self.sections
            .iter()
            .find(|s| form.sections[s.form].number == number)
    }
}

enum Open {
    None,
    /// Continuation lines are swallowed (a dropped value).
    Dropped,
    Top(usize),
    Indicator(usize, usize),
    Item(usize, usize),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Block {
    None,
    Indicator(usize),
    Item(usize),
}

struct Builder<'a> {
    src: &'a str,
    form: &'a Form,
    sheet: Sheet,
    open: Open,
    block: Block,
    /// Index into `sheet.tables` of a section-level table still taking rows, or a block table.
    table_open: bool,
    last_attributed_item: Option<usize>,
}

/// Build the sheet from classified lines.
pub fn build(src: &str, lines: &[syntax::Line], form: &Form) -> Sheet {
    let mut line_starts = Vec::with_capacity(lines.len());
    let mut at = 0;
    for l in lines {
        line_starts.push(at);
        at += l.len;
    }
    let mut b = Builder {
        src,
        form,
        sheet: Sheet {
            line_starts,
            indicators: vec![None; form.indicators.blocks.len()],
            items: vec![None; form.analysis.items.len()],
            text_len: src.len(),
            ..Default::default()
        },
        open: Open::None,
        block: Block::None,
        table_open: false,
        last_attributed_item: None,
    };
    let mut i = 0;
    while i < lines.len() {
        i = b.line(lines, i);
    }
    let end = src.len();
    if let Some(s) = b.sheet.sections.last_mut() {
        s.end = end;
    }
    b.sheet
}

impl<'a> Builder<'a> {
    fn base(&self, i: usize) -> usize {
        self.sheet.line_starts[i]
    }

    fn content(&self, lines: &[syntax::Line], i: usize) -> Span {
        lines[i].class.content.abs(self.base(i))
    }

    /// Handle line `i`; returns the next line to look at.
    fn line(&mut self, lines: &[syntax::Line], i: usize) -> usize {
        let base = self.base(i);
        let content = self.content(lines, i);
        match &lines[i].class.kind {
            LineKind::Blank | LineKind::PageMarker | LineKind::AnalysisHeader => {}
            LineKind::Comment(d) => {
                if let Some(d) = d {
                    self.sheet.directives.push((i, d.clone()));
                }
            }
            LineKind::Title { year } => {
                let year = year.map(|(y, r)| (y, r.abs(base)));
                self.sheet.titles.push(TitleNode {
                    line: i,
                    span: content,
                    year,
                });
            }
            LineKind::Heading { section, .. } => {
                self.close_block();
                self.open = Open::None;
                self.table_open = false;
                if let Some(prev) = self.sheet.sections.last_mut() {
                    prev.end = base;
                }
                self.sheet.sections.push(SectionNode {
                    form: *section,
                    line: i,
                    heading: content.clone(),
                    end: self.src.len(),
                    content_end: content.end,
                });
            }
            LineKind::Item { item, .. } => {
                self.close_block();
                self.open = Open::None;
                self.table_open = false;
                let block = self.sheet.items[*item].get_or_insert_with(|| ItemBlock {
                    form: *item,
                    heads: vec![],
                    checkboxes: vec![],
                    fields: vec![],
                });
                block.heads.push(Head {
                    line: i,
                    span: content.clone(),
                    end: content.end,
                });
                self.block = Block::Item(*item);
                self.last_attributed_item = Some(*item);
            }
            LineKind::Indicator { block, .. } => {
                self.close_block();
                self.open = Open::None;
                self.table_open = false;
                let b = self.sheet.indicators[*block].get_or_insert_with(|| IndicatorBlock {
                    form: *block,
                    heads: vec![],
                    fields: vec![],
                    table: None,
                });
                b.heads.push(Head {
                    line: i,
                    span: content.clone(),
                    end: content.end,
                });
                self.block = Block::Indicator(*block);
            }
            LineKind::Field(fl) => {
                let node = FieldNode {
                    target: fl.target,
                    line: i,
                    line_span: content.clone(),
                    label: fl.label.abs(base),
                    year: fl.year.map(|(y, r)| (y, r.abs(base))),
                    value: Value {
                        segments: fl.value.map(|v| v.abs(base)).into_iter().collect(),
                    },
                    section: self.sheet.sections.len().checked_sub(1),
                };
                self.field(node);
            }
            LineKind::UnknownField {
                head,
                suggestion,
                distance,
            } => {
                self.table_open = false;
                self.sheet.unknown.push(UnknownNode {
                    line: i,
                    line_span: content.clone(),
                    head: head.abs(base),
                    suggestion: *suggestion,
                    distance: *distance,
                });
                self.open = Open::Dropped;
                self.extend_block(content.end);
            }
            LineKind::Checkbox { ticked, mark, text } => {
                self.open = Open::None;
                self.table_open = false;
                let cb = CheckboxNode {
                    line: i,
                    span: content.clone(),
                    mark: mark.abs(base),
                    ticked: *ticked,
                    text: text.map(|t| t.abs(base)),
                    viewpoint: None,
                    other_name: None,
                };
                self.checkbox(cb);
            }
            LineKind::TableRow { cells } => {
                self.open = Open::None;
                let row = RowNode {
                    line: i,
                    span: content.clone(),
                    cells: cells.iter().map(|c| c.abs(base)).collect(),
                };
                self.row(row);
            }
            LineKind::TableSeparator => {}
            LineKind::Text { label_prefix } => {
                if *label_prefix {
                    if let Some(next) = self.split_label(lines, i) {
                        return next;
                    }
                }
                self.table_open = false;
                self.text(content);
            }
        }
        i + 1
    }

    fn close_block(&mut self) {
        self.block = Block::None;
    }

    fn extend_block(&mut self, end: usize) {
        let head = match self.block {
            Block::None => None,
            Block::Indicator(k) => self.sheet.indicators[k]
                .as_mut()
                .and_then(|b| b.heads.last_mut()),
            Block::Item(k) => self.sheet.items[k]
                .as_mut()
                .and_then(|b| b.heads.last_mut()),
        };
        if let Some(h) = head {
            h.end = h.end.max(end);
        }
        if let Some(s) = self.sheet.sections.last_mut() {
            s.content_end = s.content_end.max(end);
        }
    }

    fn field(&mut self, node: FieldNode) {
        self.table_open = false;
        let end = node.extent().end;
        match node.target {
            LabelTarget::Top(_) => {
                self.close_block();
                self.sheet.fields.push(node);
                self.open = Open::Top(self.sheet.fields.len() - 1);
            }
            LabelTarget::Indicator(_) => match self.block {
                Block::Indicator(k) => {
                    let b = self.sheet.indicators[k]
                        .as_mut()
                        .expect("open block exists");
                    b.fields.push(node);
                    self.open = Open::Indicator(k, b.fields.len() - 1);
                }
                _ => self.misplaced(node),
            },
            LabelTarget::Analysis(_) => match self.block {
                Block::Item(k) => {
                    let b = self.sheet.items[k].as_mut().expect("open block exists");
                    b.fields.push(node);
                    self.open = Open::Item(k, b.fields.len() - 1);
                }
                _ => self.misplaced(node),
            },
        }
        self.extend_block(end);
    }

    fn misplaced(&mut self, node: FieldNode) {
        self.close_block();
        self.sheet.misplaced.push(node);
        self.open = Open::Dropped;
    }

    fn text(&mut self, content: Span) {
        let end = content.end;
        let value = match self.open {
            Open::None => {
                let item = match self.block {
                    Block::Item(k) => Some(k),
                    _ => None,
                };
                self.sheet.stray.push((content, item));
                self.extend_block(end);
                return;
            }
            Open::Dropped => None,
            Open::Top(i) => Some(&mut self.sheet.fields[i].value),
            Open::Indicator(k, i) => self.sheet.indicators[k]
                .as_mut()
                .map(|b| &mut b.fields[i].value),
            Open::Item(k, i) => self.sheet.items[k].as_mut().map(|b| &mut b.fields[i].value),
        };
        if let Some(v) = value {
            v.segments.push(content);
        }
        self.extend_block(end);
    }

    fn row(&mut self, row: RowNode) {
        let end = row.span.end;
        let section = self.sheet.sections.len().checked_sub(1);
        if let Block::Indicator(k) = self.block {
            let b = self.sheet.indicators[k]
                .as_mut()
                .expect("open block exists");
            match &mut b.table {
                None => {
                    b.table = Some(TableNode {
                        rows: vec![row],
                        section,
                    });
                    self.table_open = true;
                }
                Some(t) if self.table_open => t.rows.push(row),
                // A second table in the block is read at section level.
                Some(_) => {
                    self.close_block();
                    self.sheet.tables.push(TableNode {
                        rows: vec![row],
                        section,
                    });
                    self.table_open = true;
                }
            }
            self.extend_block(end);
            return;
        }
        if self.table_open {
            if let Some(t) = self.sheet.tables.last_mut() {
                t.rows.push(row);
                self.extend_block(end);
                return;
            }
        }
        self.close_block();
        self.sheet.tables.push(TableNode {
            rows: vec![row],
            section,
        });
        self.table_open = true;
        self.extend_block(end);
    }

    fn checkbox(&mut self, mut cb: CheckboxNode) {
        let end = cb.span.end;
        let text = cb
            .text
            .clone()
            .map(|t| Folded::new(&self.src[t.clone()], t.start))
            .unwrap_or_default();
        if let Block::Item(k) = self.block {
            let (vp, name) = match_viewpoint(&text, &self.form.lexicon.viewpoints[k], self.form, k);
            cb.viewpoint = vp;
            cb.other_name = name;
            self.sheet.items[k]
                .as_mut()
                .expect("open block exists")
                .checkboxes
                .push(cb);
            self.extend_block(end);
            return;
        }
        if matches!(self.block, Block::Indicator(_)) {
            self.close_block();
        }
        // Outside an item (pasted from a PDF): the item whose viewpoint the text names.
        let named = (0..self.form.analysis.items.len()).find_map(|k| {
            let (vp, name) = match_viewpoint(&text, &self.form.lexicon.viewpoints[k], self.form, k);
            vp.filter(|&v| !self.form.analysis.items[k].viewpoints[v].other)
                .map(|v| (k, v, name))
        });
        let target = match named {
            Some((k, v, name)) => {
                cb.viewpoint = Some(v);
                cb.other_name = name;
                Some(k)
            }
            None => self.last_attributed_item.inspect(|&k| {
                let (vp, name) =
                    match_viewpoint(&text, &self.form.lexicon.viewpoints[k], self.form, k);
                cb.viewpoint = vp;
                cb.other_name = name;
            }),
        };
        match target {
            Some(k) => {
                self.last_attributed_item = Some(k);
                self.sheet.items[k]
                    .get_or_insert_with(|| ItemBlock {
                        form: k,
                        heads: vec![],
                        checkboxes: vec![],
                        fields: vec![],
                    })
                    .checkboxes
                    .push(cb);
            }
            None => self.sheet.orphans.push(cb),
        }
        if let Some(s) = self.sheet.sections.last_mut() {
            s.content_end = s.content_end.max(end);
        }
    }

    /// `総合計画の` / `位置付け`: a label split over two lines (blank lines between are allowed).
    fn split_label(&mut self, lines: &[syntax::Line], i: usize) -> Option<usize> {
        let j = (i + 1..lines.len()).find(|&j| !matches!(lines[j].class.kind, LineKind::Blank))?;
        if !matches!(
            lines[j].class.kind,
            LineKind::Text { .. } | LineKind::Field(_) | LineKind::UnknownField { .. }
        ) {
            return None;
        }
        let first = self.content(lines, i);
        let second = self.content(lines, j);
        let mut f = Folded::new(&self.src[first.clone()], first.start);
        let first_len = f.text.len();
        f.append(&Folded::new(&self.src[second.clone()], second.start));
        let m = syntax::classify::match_label(&f, 0, self.src, &self.form.lexicon)?;
        if m.end <= first_len {
            return None;
        }
        let label_end = f.orig_end(m.end);
        let value = syntax::classify::value_after(&self.src[..second.end], label_end);
        let node = FieldNode {
            target: m.target,
            line: i,
            line_span: first.start..second.end,
            label: first.start..label_end,
            year: m.year.map(|(y, e)| (y, f.orig(0, e))),
            value: Value {
                segments: value.into_iter().collect(),
            },
            section: self.sheet.sections.len().checked_sub(1),
        };
        self.field(node);
        Some(j + 1)
    }
}

/// Which viewpoint a checkbox text names, dropping trailing 高/中/低 column noise; for その他 also the name.
pub fn match_viewpoint(
    text: &Folded,
    vps: &[String],
    form: &Form,
    item: usize,
) -> (Option<usize>, Option<Span>) {
    let s = text.text.as_str();
    let mut candidates = vec![s];
    for noise in ["高", "中", "低"] {
        if let Some(t) = s.strip_suffix(noise) {
            candidates.push(t);
        }
    }
    for c in &candidates {
        if let Some(v) = vps.iter().position(|v| v == c) {
            return (Some(v), None);
        }
    }
    let Some(other) = form.analysis.items[item]
        .viewpoints
        .iter()
        .position(|v| v.other)
    else {
        return (None, None);
    };
    let other_label = &vps[other];
    for c in &candidates {
        if let Some(rest) = c.strip_prefix(other_label.as_str()) {
            let inner = rest
                .strip_prefix('(')
                .and_then(|r| r.strip_suffix(')'))
                .unwrap_or(rest);
            if inner.is_empty() {
                return (Some(other), None);
            }
            let a = other_label.len() + (rest.len() - inner.len()).min(1);
            return (Some(other), Some(text.orig(a, a + inner.len())));
        }
    }
    (None, None)
}

/// Parse a whole text.
pub fn parse(src: &str, form: &Form) -> (Vec<syntax::Line>, Sheet) {
    let lines = syntax::classify_all(src, &form.lexicon);
    let sheet = build(src, &lines, form);
    (lines, sheet)
}
