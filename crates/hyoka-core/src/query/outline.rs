//! The document outline: title → sections → fields, blocks, items and tables.

use crate::form::{Form, LabelTarget};
use crate::messages::ja;
use crate::model::{FieldNode, Sheet, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SymbolKind {
    Title,
    Section,
    Field,
    Indicator,
    Item,
    Table,
}

#[derive(Debug, Clone)]
pub struct Symbol {
    pub name: String,
    pub detail: Option<String>,
    pub kind: SymbolKind,
    pub range: Span,
    pub selection: Span,
    pub children: Vec<Symbol>,
}

/// Title → sections → fields, indicator blocks, analysis items, tables; each range covers its block.
pub fn outline(src: &str, sheet: &Sheet, form: &Form) -> Vec<Symbol> {
    let mut leaves: Vec<Symbol> = Vec::new();
    for f in &sheet.fields {
        let value = f.value.text(src);
        let detail = value
            .lines()
            .next()
            .map(|l| l.chars().take(30).collect::<String>())
            .filter(|s| !s.is_empty());
        leaves.push(Symbol {
            name: sheet.label_of(form, f),
            detail,
            kind: SymbolKind::Field,
            range: f.extent(),
            selection: f.label.clone(),
            children: vec![],
        });
    }
    let block_children = |fields: &[FieldNode], range: &Span| -> Vec<Symbol> {
        fields
            .iter()
            .filter(|f| f.extent().start >= range.start && f.extent().end <= range.end)
            .map(|f| Symbol {
                name: form.field(f.target).label.clone(),
                detail: f
                    .value
                    .text(src)
                    .lines()
                    .next()
                    .map(|l| l.chars().take(30).collect()),
                kind: SymbolKind::Field,
                range: f.extent(),
                selection: f.label.clone(),
                children: vec![],
            })
            .collect()
    };
    for b in sheet.indicators.iter().flatten() {
        for head in &b.heads {
            let range = head.span.start..head.end;
            let name_field = b
                .fields
                .iter()
                .find(|f| matches!(f.target, LabelTarget::Indicator(0)));
            leaves.push(Symbol {
                name: form.indicators.blocks[b.form].label.clone(),
                detail: name_field.map(|f| f.value.text(src)),
                kind: SymbolKind::Indicator,
                children: block_children(&b.fields, &range),
                range,
                selection: head.span.clone(),
            });
        }
    }
    for it in sheet.items.iter().flatten() {
        let def = &form.analysis.items[it.form];
        let ticked = it.checkboxes.iter().filter(|c| c.ticked).count();
        let spans: Vec<(Span, Span)> = if it.heads.is_empty() {
            it.checkboxes
                .first()
                .map(|c| (c.span.clone(), c.span.clone()))
                .into_iter()
                .collect()
        } else {
            it.heads
                .iter()
                .map(|h| (h.span.start..h.end, h.span.clone()))
                .collect()
        };
        for (range, selection) in spans {
            leaves.push(Symbol {
                name: def.name.clone(),
                detail: Some(format!("{} {ticked}", form.format.checkbox_marks().0)),
                kind: SymbolKind::Item,
                children: block_children(&it.fields, &range),
                range,
                selection,
            });
        }
    }
    for t in &sheet.tables {
        let span = t.span();
        leaves.push(Symbol {
            name: ja("query.outline.table", &[]),
            detail: None,
            kind: SymbolKind::Table,
            range: span.clone(),
            selection: t.rows[0].span.clone(),
            children: vec![],
        });
    }
    leaves.sort_by_key(|s| s.range.start);
    let mut sections: Vec<Symbol> = sheet
        .sections
        .iter()
        .map(|s| {
            let def = &form.sections[s.form];
            Symbol {
                name: form.render().heading(def),
                detail: None,
                kind: SymbolKind::Section,
                range: s.heading.start..s.content_end.max(s.heading.end),
                selection: s.heading.clone(),
                children: vec![],
            }
        })
        .collect();
    let mut top = Vec::new();
    for leaf in leaves {
        match sections
            .iter_mut()
            .rev()
            .find(|s| s.range.start <= leaf.range.start)
        {
            Some(s) => {
                s.range.end = s.range.end.max(leaf.range.end);
                s.children.push(leaf);
            }
            None => top.push(leaf),
        }
    }
    top.extend(sections);
    top.sort_by_key(|s| s.range.start);
    match sheet.titles.first() {
        Some(t) => {
            let start = t
                .span
                .start
                .min(top.first().map_or(t.span.start, |s| s.range.start));
            let end = top
                .iter()
                .map(|s| s.range.end)
                .max()
                .unwrap_or(t.span.end)
                .max(t.span.end);
            vec![Symbol {
                name: src[t.span.clone()].trim().to_string(),
                detail: None,
                kind: SymbolKind::Title,
                range: start..end,
                selection: t.span.clone(),
                children: top,
            }]
        }
        None => top,
    }
}
