//! The structural pass (spec §3): classified lines, one at a time, into a sheet: values and their continuation
//! lines, blocks, tables, split labels, checkbox attribution.

use super::{
    CheckboxNode, FieldNode, Head, IndicatorBlock, ItemBlock, RowNode, SectionNode, Sheet, Span,
    TableNode, TitleNode, UnknownNode, Value,
};
use crate::form::{Form, LabelTarget};
use crate::syntax::{self, LineKind};
use crate::text::fold::Folded;

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
        crate::diagnostics::work::step(1);
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
            LineKind::Blank | LineKind::AnalysisHeader => {}
            // A printed line between tables is a caption (箕面's 「(単位:千円)」): the next rows are a new table.
            LineKind::Printed => self.table_open = false,
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
            LineKind::Item { item, name, value } => {
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
                if let (Some(f), Some(value)) = (self.form.item_head_field(), value) {
                    let node = self.head_field(i, LabelTarget::Analysis(f), name, value);
                    let block = self.sheet.items[*item].as_mut().expect("just opened");
                    block.fields.push(node);
                }
            }
            LineKind::Indicator { block, name, value } => {
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
                if let (Some(f), Some(value)) = (self.form.indicator_head_field(), value) {
                    let node = self.head_field(i, LabelTarget::Indicator(f), name, value);
                    let b = self.sheet.indicators[*block].as_mut().expect("just opened");
                    b.fields.push(node);
                }
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

    /// The head field written on a block's line (`成果指標1：…`): its label is the block's name, its value
    /// what follows the separator (none when nothing does).
    fn head_field(
        &self,
        i: usize,
        target: LabelTarget,
        name: &crate::syntax::Rel,
        value: &crate::syntax::Rel,
    ) -> FieldNode {
        let base = self.base(i);
        let value = value.abs(base);
        FieldNode {
            target,
            line: i,
            line_span: name.abs(base).start..value.end,
            label: name.abs(base),
            year: None,
            value: Value {
                segments: (!value.is_empty()).then_some(value).into_iter().collect(),
            },
            section: self.sheet.sections.len().checked_sub(1),
        }
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
                Some(_) => self.section_table(row, section),
            }
        } else {
            // A header row of years under rows already read starts the next table (two tables with only a
            // blank line between them).
            let next_table =
                self.table_open && crate::model::table::is_header_row(self.src, self.form, &row);
            match self.sheet.tables.last_mut() {
                Some(t) if self.table_open && !next_table => t.rows.push(row),
                _ => self.section_table(row, section),
            }
        }
        self.extend_block(end);
    }

    /// A new table at section level, starting with `row`; it ends any block.
    fn section_table(&mut self, row: RowNode, section: Option<usize>) {
        self.close_block();
        self.sheet.tables.push(TableNode {
            rows: vec![row],
            section,
        });
        self.table_open = true;
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

/// Which viewpoint a checkbox text names, dropping a trailing rating word (高/中/低 pasted from the rating
/// column); for その他 also the name.
pub fn match_viewpoint(
    text: &Folded,
    vps: &[String],
    form: &Form,
    item: usize,
) -> (Option<usize>, Option<Span>) {
    let s = text.text.as_str();
    let mut candidates = vec![s];
    for noise in &form.lexicon.rating_words {
        if let Some(t) = s.strip_suffix(noise.as_str()).filter(|_| !noise.is_empty()) {
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
