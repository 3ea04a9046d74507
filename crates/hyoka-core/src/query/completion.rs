//! Completion: a new sheet, options, viewpoints, and the labels and blocks valid where the cursor is.

use super::required_word;
use super::skeleton::skeleton;
use crate::form::{Field, Form};
use crate::messages::{ja, template, Language};
use crate::model::{Sheet, Span};
use crate::text::fold;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompletionKind {
    Field,
    Option,
    Viewpoint,
    Block,
    Snippet,
}

#[derive(Debug, Clone)]
pub struct Completion {
    pub label: String,
    pub detail: Option<String>,
    pub documentation: Option<String>,
    pub kind: CompletionKind,
    /// The text replacing `replace`.
    pub insert: String,
    pub replace: Span,
}

/// Completions at `offset`: a skeleton in an empty file (for fiscal year `default_year`, Gregorian);
/// options after a choice label; viewpoints after □/■; otherwise the labels, blocks and items valid here.
pub fn complete(
    src: &str,
    sheet: &Sheet,
    form: &Form,
    offset: usize,
    default_year: i32,
) -> Vec<Completion> {
    let offset = crate::text::lines::floor_char_boundary(src, offset);
    if src.trim().is_empty() {
        let year = default_year;
        return vec![Completion {
            label: ja("query.completion.new_sheet", &[("title", &form.title.word)]),
            detail: Some(ja(
                "query.completion.new_sheet_detail",
                &[
                    ("form", &form.name),
                    ("year", &form.format.years.format(year)),
                ],
            )),
            documentation: Some(ja("query.completion.new_sheet_doc", &[])),
            kind: CompletionKind::Snippet,
            insert: skeleton(form, year),
            replace: 0..src.len(),
        }];
    }
    let line = sheet.line_of(offset);
    let line_start = sheet.line_starts[line];
    let before = &src[line_start..offset];
    let (lead, typed) = crate::text::fold::trim(before);
    let word_start = line_start + lead;
    // After □/■: viewpoints.
    let marks = form.format.unticked.iter().chain(&form.format.ticked);
    for m in marks.filter(|m| !m.is_empty()) {
        if let Some(rest) = typed.strip_prefix(m.as_str()) {
            let (l, _) = crate::text::fold::trim(rest);
            let at = word_start + m.len() + l;
            let item = current_item(sheet, line_start);
            return form
                .analysis
                .items
                .iter()
                .enumerate()
                .filter(|(k, _)| item.is_none_or(|i| i == *k))
                .flat_map(|(_, it)| it.viewpoints.iter().map(move |v| (it, v)))
                .map(|(it, v)| Completion {
                    label: v.label.clone(),
                    detail: Some(ja("query.completion.viewpoint", &[("item", &it.name)])),
                    documentation: Some(v.help.trim().to_string()),
                    kind: CompletionKind::Viewpoint,
                    insert: if v.other {
                        let (open, close) = form.format.parenthesis_pair();
                        format!("{}{open}{close}", v.label)
                    } else {
                        v.label.clone()
                    },
                    replace: at..offset,
                })
                .collect();
        }
    }
    // After a choice label and its colon: the options.
    if let Some(colon) = typed.find(|c| crate::text::fold::folds_to(c, ':')) {
        let head = fold(&typed[..colon]);
        let f = form
            .fields
            .iter()
            .chain(&form.indicators.fields)
            .chain(&form.analysis.fields)
            .find(|f| {
                !f.options.is_empty() && (fold(&f.label) == head || head.ends_with(&fold(&f.label)))
            });
        if let Some(f) = f {
            let value_start =
                word_start + colon + typed[colon..].chars().next().map_or(1, char::len_utf8);
            let mut out: Vec<Completion> = f
                .options
                .iter()
                .map(|o| Completion {
                    label: o.display(&form.format),
                    detail: Some(f.label.clone()),
                    documentation: Some(o.help.trim().to_string()).filter(|s| !s.is_empty()),
                    kind: CompletionKind::Option,
                    insert: o.display(&form.format),
                    replace: value_start..offset,
                })
                .collect();
            for (i, o) in f.options.iter().enumerate() {
                let marked = form.render().choice(&f.options, Some(i));
                out.push(Completion {
                    label: marked.clone(),
                    detail: Some(ja("query.completion.marked", &[("option", &o.label)])),
                    documentation: None,
                    kind: CompletionKind::Option,
                    insert: marked,
                    replace: value_start..offset,
                });
            }
            return out;
        }
        return vec![];
    }
    let n = sheet.evaluated_year(src, form);
    labels_here(sheet, form, n, line_start, word_start..offset)
}

fn current_item(sheet: &Sheet, at: usize) -> Option<usize> {
    let section_start = sheet
        .sections
        .iter()
        .rev()
        .find(|s| s.heading.start <= at)
        .map_or(0, |s| s.heading.start);
    sheet
        .items
        .iter()
        .flatten()
        .flat_map(|it| it.heads.iter().map(move |h| (it.form, h)))
        .filter(|(_, h)| h.span.start < at && h.span.start >= section_start)
        .max_by_key(|(_, h)| h.span.start)
        .map(|(k, _)| k)
}

/// The labels that may be written at `at`; `n` is the evaluated year the year slots are filled with.
fn labels_here(
    sheet: &Sheet,
    form: &Form,
    n: Option<i32>,
    at: usize,
    replace: Span,
) -> Vec<Completion> {
    let section = sheet.sections.iter().rev().find(|s| s.heading.start <= at);
    let number = section.map(|s| form.sections[s.form].number);
    let mut out = Vec::new();
    let block = |label: &str, detail: &str, help: &str| Completion {
        label: label.to_string(),
        detail: Some(detail.into()),
        documentation: Some(help.trim().to_string()),
        kind: CompletionKind::Block,
        insert: label.to_string(),
        replace: replace.clone(),
    };
    let field = |f: &Field, label: String| Completion {
        detail: Some(required_word(f.required).into()),
        documentation: Some(f.help.trim().to_string()),
        kind: CompletionKind::Field,
        insert: format!("{label}{}", form.format.label_separator),
        label,
        replace: replace.clone(),
    };
    for (i, f) in form.fields.iter().enumerate() {
        if Some(f.section) != number || sheet.fields_of(i).next().is_some() {
            continue;
        }
        out.push(field(f, f.display_label(n, &form.format.years)));
    }
    // In the indicator and analysis sections: the blocks not written yet (name, help), and the block fields.
    let indicator_blocks = form
        .indicators
        .blocks
        .iter()
        .enumerate()
        .filter(|(k, _)| sheet.indicators[*k].is_none())
        .map(|(_, b)| (&b.label, &b.help));
    let analysis_items = form
        .analysis
        .items
        .iter()
        .enumerate()
        .filter(|(k, _)| sheet.items[*k].as_ref().is_none_or(|i| i.heads.is_empty()))
        .map(|(_, it)| (&it.name, &it.help));
    let in_blocks: [(u32, Vec<_>, &str, &[Field]); 2] = [
        (
            form.indicators.section,
            indicator_blocks.collect(),
            template(Language::Japanese, "query.completion.indicator_block"),
            &form.indicators.fields,
        ),
        (
            form.analysis.section,
            analysis_items.collect(),
            template(Language::Japanese, "query.completion.analysis_item"),
            &form.analysis.fields,
        ),
    ];
    for (section, blocks, detail, fields) in in_blocks {
        if number != Some(section) {
            continue;
        }
        out.extend(
            blocks
                .into_iter()
                .map(|(name, help)| block(name, detail, help)),
        );
        out.extend(fields.iter().map(|f| field(f, f.label.clone())));
    }
    for s in &form.sections {
        if sheet
            .sections
            .iter()
            .all(|x| form.sections[x.form].number != s.number)
        {
            let heading = form.render().heading(s);
            out.push(block(
                &heading,
                template(Language::Japanese, "query.completion.section_heading"),
                &s.help,
            ));
        }
    }
    out
}
