//! Semantic tokens: headings, blocks, labels, marks, options and numbers.

use crate::form::Form;
use crate::model::choice::{self, Resolved};
use crate::model::{FieldNode, Sheet, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenType {
    Heading,
    Block,
    Label,
    Mark,
    Option,
    Number,
}

impl TokenType {
    pub const ALL: [TokenType; 6] = [
        TokenType::Heading,
        TokenType::Block,
        TokenType::Label,
        TokenType::Mark,
        TokenType::Option,
        TokenType::Number,
    ];
}

/// Single-line spans to highlight, sorted and non-overlapping.
pub fn semantic_tokens(src: &str, sheet: &Sheet, form: &Form) -> Vec<(Span, TokenType)> {
    let mut out: Vec<(Span, TokenType)> = Vec::new();
    for t in &sheet.titles {
        out.push((t.span.clone(), TokenType::Heading));
    }
    for s in &sheet.sections {
        out.push((s.heading.clone(), TokenType::Heading));
    }
    let field = |out: &mut Vec<(Span, TokenType)>, node: &FieldNode| {
        out.push((node.label.clone(), TokenType::Label));
        let f = form.field(node.target);
        if !f.options.is_empty() {
            for t in choice::parse_field(&node.value, src, f, &form.format).tokens {
                if matches!(t.resolved, Resolved::Option(_)) {
                    if t.mark.is_some() {
                        out.push((t.span.start..t.text.start, TokenType::Mark));
                    }
                    out.push((t.text.clone(), TokenType::Option));
                }
            }
        }
    };
    for node in &sheet.fields {
        field(&mut out, node);
    }
    for b in sheet.indicators.iter().flatten() {
        for h in &b.heads {
            out.push((h.span.clone(), TokenType::Block));
        }
        for node in &b.fields {
            field(&mut out, node);
        }
    }
    for it in sheet.items.iter().flatten() {
        for h in &it.heads {
            out.push((h.span.clone(), TokenType::Block));
        }
        for c in &it.checkboxes {
            out.push((c.mark.clone(), TokenType::Mark));
            if let (Some(t), Some(_)) = (&c.text, c.viewpoint) {
                out.push((t.clone(), TokenType::Option));
            }
        }
        for node in &it.fields {
            field(&mut out, node);
        }
    }
    let block_tables = sheet
        .indicators
        .iter()
        .flatten()
        .filter_map(|b| b.table.as_ref());
    for r in sheet
        .tables
        .iter()
        .chain(block_tables)
        .flat_map(|t| &t.rows)
    {
        for c in r.cells.iter().skip(1) {
            if matches!(
                crate::model::number::parse(&src[c.clone()], &form.format.minus),
                crate::model::number::Num::Value { .. }
            ) {
                out.push((c.clone(), TokenType::Number));
            }
        }
    }
    // Tokens never cross a line break; multi-line spans (split labels) are dropped.
    out.retain(|(s, _)| s.start < s.end && !src[s.clone()].contains(['\n', '\r']));
    out.sort_by_key(|(s, _)| (s.start, s.end));
    let mut last_end = 0;
    out.retain(|(s, _)| {
        let keep = s.start >= last_end;
        if keep {
            last_end = s.end;
        }
        keep
    });
    out
}
