//! Editor queries on a parsed sheet, in byte offsets: hover, outline, folding, completion, assists.
//! The language server only converts positions and types.

use crate::diagnostics::{Edit, Fix};
use crate::form::{ChoiceOption, Field, Form, Kind, LabelTarget};
use crate::messages::{ja, template, Language};
use crate::model::choice::{self, Resolved};
use crate::model::number::format_amount;
use crate::model::table::{self, TableView};
use crate::model::{FieldNode, Sheet, Span};
use crate::text::fold;

fn within(span: &Span, offset: usize) -> bool {
    span.start <= offset && offset <= span.end
}

fn kind_name(k: Kind) -> &'static str {
    let t = |key| template(Language::Japanese, key);
    match k {
        Kind::Text => t("query.kind.text"),
        Kind::BudgetCode => t("query.kind.budget_code"),
        Kind::Choice => t("query.kind.choice"),
        Kind::MultiChoice => t("query.kind.multi_choice"),
        Kind::CodeList => t("query.kind.code_list"),
        Kind::Period => t("query.kind.period"),
        Kind::Consignment => t("query.kind.consignment"),
        Kind::Rating => t("query.kind.rating"),
    }
}

/// 必須 or 任意.
fn required_word(required: bool) -> &'static str {
    if required {
        template(Language::Japanese, "query.common.required")
    } else {
        template(Language::Japanese, "query.common.optional")
    }
}

fn options_md(options: &[ChoiceOption]) -> String {
    let mut s = String::from(template(Language::Japanese, "query.hover.options"));
    for o in options {
        s.push_str(&format!("\n- `{}`", o.display()));
        if !o.help.is_empty() {
            s.push_str(&format!(" — {}", o.help.trim().replace('\n', " ")));
        }
    }
    s
}

/// The hover text of a field label.
pub fn field_markdown(form: &Form, f: &Field, year: Option<i32>) -> String {
    let mut s = ja(
        "query.hover.field",
        &[
            ("label", &f.display_label(year)),
            ("required", &required_word(f.required)),
            ("kind", &kind_name(f.kind)),
            ("help", &f.help.trim()),
        ],
    );
    if !f.options.is_empty() {
        s.push_str(&options_md(&f.options));
    }
    for g in &f.groups {
        s.push_str(&ja(
            "query.hover.group",
            &[("name", &g.name), ("help", &g.help.trim())],
        ));
        if !g.options.is_empty() {
            s.push_str(&options_md(&g.options));
        }
    }
    let _ = form;
    s
}

pub struct HoverInfo {
    pub span: Span,
    pub markdown: String,
}

/// What to show for the thing at `offset`.
pub fn hover(src: &str, sheet: &Sheet, form: &Form, offset: usize) -> Option<HoverInfo> {
    let h = |span: &Span, markdown: String| {
        Some(HoverInfo {
            span: span.clone(),
            markdown,
        })
    };
    let n = sheet.year();
    for t in &sheet.titles {
        if within(&t.span, offset) {
            return h(
                &t.span,
                format!("**{}**\n\n{}", form.title, form.title_help.trim()),
            );
        }
    }
    for s in &sheet.sections {
        if within(&s.heading, offset) {
            let def = &form.sections[s.form];
            return h(
                &s.heading,
                format!("**{}．{}**\n\n{}", def.number, def.title, def.help.trim()),
            );
        }
    }
    for it in sheet.items.iter().flatten() {
        let def = &form.analysis.items[it.form];
        for head in &it.heads {
            if within(&head.span, offset) {
                let vps: Vec<String> = def
                    .viewpoints
                    .iter()
                    .map(|v| format!("- {}", v.label))
                    .collect();
                return h(
                    &head.span,
                    ja(
                        "query.hover.item",
                        &[
                            ("item", &def.name),
                            ("help", &def.help.trim()),
                            ("viewpoints", &vps.join("\n")),
                        ],
                    ),
                );
            }
        }
        for c in &it.checkboxes {
            if within(&c.span, offset) {
                let Some(v) = c.viewpoint else {
                    return h(
                        &c.span,
                        ja(
                            "query.hover.not_viewpoint",
                            &[
                                ("item", &def.name),
                                (
                                    "viewpoints",
                                    &def.viewpoints
                                        .iter()
                                        .map(|v| v.label.as_str())
                                        .collect::<Vec<_>>()
                                        .join(template(
                                            Language::Japanese,
                                            "query.hover.viewpoint_separator",
                                        )),
                                ),
                            ],
                        ),
                    );
                };
                let vp = &def.viewpoints[v];
                let state = if c.ticked {
                    template(Language::Japanese, "query.hover.ticked")
                } else {
                    template(Language::Japanese, "query.hover.unticked")
                };
                return h(
                    &c.span,
                    ja(
                        "query.hover.viewpoint",
                        &[
                            ("item", &def.name),
                            ("viewpoint", &vp.label),
                            ("state", &state),
                            ("help", &vp.help.trim()),
                        ],
                    ),
                );
            }
        }
    }
    for b in sheet.indicators.iter().flatten() {
        let def = &form.indicators.blocks[b.form];
        for head in &b.heads {
            if within(&head.span, offset) {
                return h(
                    &head.span,
                    format!(
                        "**{}**（{}）\n\n{}\n\n{}",
                        def.label,
                        required_word(def.required),
                        def.help.trim(),
                        form.indicators.help.trim()
                    ),
                );
            }
        }
    }
    for node in sheet.all_fields().chain(&sheet.misplaced) {
        if let Some(x) = field_hover(src, form, node, offset, n) {
            return Some(x);
        }
    }
    for u in &sheet.unknown {
        if within(&u.head, offset) {
            let f = form.field(u.suggestion);
            return h(
                &u.head,
                ja(
                    "query.hover.unknown_label",
                    &[("label", &f.label), ("field", &field_markdown(form, f, n))],
                ),
            );
        }
    }
    table_hover(src, sheet, form, offset)
}

fn field_hover(
    src: &str,
    form: &Form,
    node: &FieldNode,
    offset: usize,
    n: Option<i32>,
) -> Option<HoverInfo> {
    let f = form.field(node.target);
    if within(&node.label, offset) {
        return Some(HoverInfo {
            span: node.label.clone(),
            markdown: field_markdown(form, f, n),
        });
    }
    if !node.value.span().is_some_and(|v| within(&v, offset)) || f.options.is_empty() {
        return None;
    }
    let c = choice::parse(&node.value, src, &f.options);
    let t = c.tokens.iter().find(|t| within(&t.span, offset))?;
    let md = match t.resolved {
        Resolved::Option(i) => {
            let o = &f.options[i];
            format!("**{}：{}**\n\n{}", f.label, o.display(), o.help.trim())
        }
        _ => ja(
            "query.hover.not_option",
            &[("label", &f.label), ("options", &options_md(&f.options))],
        ),
    };
    Some(HoverInfo {
        span: t.span.clone(),
        markdown: md,
    })
}

fn table_hover(src: &str, sheet: &Sheet, form: &Form, offset: usize) -> Option<HoverInfo> {
    let view = table::budget_table(src, sheet, form)?;
    for (def, row) in &view.rows {
        for (col, cell) in row.cells.iter().enumerate() {
            if !within(cell, offset) {
                continue;
            }
            let rd = &form.budget.rows[*def];
            let mut md = format!("**{}**\n\n{}", rd.name, rd.help.trim());
            if col > 0 {
                for sum in form.budget.sums.iter().filter(|s| s.total == rd.name) {
                    let val = |name: &str| {
                        view.budget_row(form, name)
                            .and_then(|r| view.number(r, col - 1).value())
                    };
                    let parts: f64 = sum.parts.iter().filter_map(|p| val(p)).sum();
                    let total = val(&sum.total).unwrap_or(0.0);
                    md.push_str(&ja(
                        "query.hover.sum",
                        &[
                            ("parts", &sum.parts.join("＋")),
                            ("sum", &format_amount(parts)),
                            ("total", &sum.total),
                            ("value", &format_amount(total)),
                            ("difference", &format_amount(total - parts)),
                        ],
                    ));
                }
            }
            return Some(HoverInfo {
                span: cell.clone(),
                markdown: md,
            });
        }
    }
    None
}

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
                detail: Some(format!("■ {ticked}")),
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
                name: format!("{}．{}", def.number, def.title),
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

/// Foldable line ranges (0-based, inclusive): sections, blocks, multi-line fields.
pub fn folding(src: &str, sheet: &Sheet, form: &Form) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    fn walk(sheet: &Sheet, syms: &[Symbol], out: &mut Vec<(usize, usize)>) {
        for s in syms {
            let (a, b) = (
                sheet.line_of(s.range.start),
                sheet.line_of(s.range.end.saturating_sub(1).max(s.range.start)),
            );
            if b > a {
                out.push((a, b));
            }
            walk(sheet, &s.children, out);
        }
    }
    let syms = outline(src, sheet, form);
    // The title's range is the whole sheet: folding it hides everything, so start below it.
    match syms.as_slice() {
        [t] if t.kind == SymbolKind::Title => walk(sheet, &t.children, &mut out),
        _ => walk(sheet, &syms, &mut out),
    }
    out
}

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

/// Every option with an empty mark (`○ハード　○ソフト`): the writer moves the ● (an assist does it).
fn all_unmarked(options: &[ChoiceOption]) -> String {
    options
        .iter()
        .map(|o| format!("○{}", o.label))
        .collect::<Vec<_>>()
        .join("　")
}

/// A new sheet for fiscal year `n` (Gregorian) with every section and required part, for an empty file.
pub fn skeleton(form: &Form, n: i32) -> String {
    use crate::text::year::format_year;
    let year_label = format_year(n);
    let years = |offs: &[i32]| {
        offs.iter()
            .map(|o| format_year(n + o))
            .collect::<Vec<_>>()
            .join(" | ")
    };
    let blanks = |k: usize| vec![" "; k].join("|");
    let mut s = format!("{}（{year_label}分）\n", form.title);
    for sec in &form.sections {
        s.push_str(&format!("\n{}\n", sec.heading()));
        for f in form.fields.iter().filter(|f| {
            f.section == sec.number
                && f.group.as_deref().is_none_or(|g| {
                    form.fields
                        .iter()
                        .find(|x| x.group.as_deref() == Some(g))
                        .is_some_and(|x| std::ptr::eq(x, *f))
                })
        }) {
            if f.has_role("delay-reason") {
                continue;
            }
            let label = f.display_label(Some(n));
            let keyless = f.options.iter().all(|o| o.key.is_none());
            let value = if f.kind == Kind::Choice && keyless {
                all_unmarked(&f.options)
            } else {
                String::new()
            };
            s.push_str(&format!("{label}：{value}\n"));
        }
        if sec.number == form.indicators.section {
            for b in form.indicators.blocks.iter().filter(|b| b.required) {
                s.push_str(&format!("{}\n", b.label));
                for f in form.indicators.fields.iter().filter(|f| f.required) {
                    s.push_str(&format!("　{}：\n", f.label));
                }
                s.push_str(&format!(
                    "　| | {} |\n",
                    years(&form.indicators.year_offsets)
                ));
                for r in &form.indicators.rows {
                    s.push_str(&format!(
                        "　| {} |{}|\n",
                        r.name,
                        blanks(form.indicators.year_offsets.len())
                    ));
                }
            }
        }
        if sec.number == form.analysis.section {
            for it in &form.analysis.items {
                s.push_str(&format!("{}\n", it.name));
                for v in &it.viewpoints {
                    s.push_str(&format!("　□ {}\n", v.label));
                }
                for f in &form.analysis.fields {
                    let value = if f.kind == Kind::Rating {
                        all_unmarked(&f.options)
                    } else {
                        String::new()
                    };
                    s.push_str(&format!("　{}：{value}\n", f.label));
                }
            }
        }
        if sec.number == form.budget.section {
            s.push_str(&format!("| | {} |\n", years(&form.budget.year_offsets)));
            for r in form.budget.rows.iter().filter(|r| r.required) {
                s.push_str(&format!(
                    "| {} |{}|\n",
                    r.name,
                    blanks(form.budget.year_offsets.len())
                ));
            }
        }
    }
    s
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
            label: ja("query.completion.new_sheet", &[("title", &form.title)]),
            detail: Some(ja(
                "query.completion.new_sheet_detail",
                &[
                    ("form", &form.name),
                    ("year", &crate::text::year::format_year(year)),
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
    for m in ["□", "■", "☐", "[ ]", "[x]"] {
        if let Some(rest) = typed.strip_prefix(m) {
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
                        "その他（）".into()
                    } else {
                        v.label.clone()
                    },
                    replace: at..offset,
                })
                .collect();
        }
    }
    // After a choice label and its colon: the options.
    if let Some(colon) = typed.find([':', '：']) {
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
                    label: o.display(),
                    detail: Some(f.label.clone()),
                    documentation: Some(o.help.trim().to_string()).filter(|s| !s.is_empty()),
                    kind: CompletionKind::Option,
                    insert: o.display(),
                    replace: value_start..offset,
                })
                .collect();
            for (i, o) in f.options.iter().enumerate() {
                let marked: Vec<String> = f
                    .options
                    .iter()
                    .enumerate()
                    .map(|(j, x)| format!("{}{}", if i == j { "●" } else { "○" }, x.label))
                    .collect();
                out.push(Completion {
                    label: marked.join("　"),
                    detail: Some(ja("query.completion.marked", &[("option", &o.label)])),
                    documentation: None,
                    kind: CompletionKind::Option,
                    insert: marked.join("　"),
                    replace: value_start..offset,
                });
            }
            return out;
        }
        return vec![];
    }
    labels_here(sheet, form, line_start, word_start..offset)
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

fn labels_here(sheet: &Sheet, form: &Form, at: usize, replace: Span) -> Vec<Completion> {
    let n = sheet.year();
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
        insert: format!("{label}："),
        label,
        replace: replace.clone(),
    };
    for (i, f) in form.fields.iter().enumerate() {
        if Some(f.section) != number || sheet.fields_of(i).next().is_some() {
            continue;
        }
        out.push(field(f, f.display_label(n)));
    }
    if number == Some(form.indicators.section) {
        for (k, b) in form.indicators.blocks.iter().enumerate() {
            if sheet.indicators[k].is_none() {
                out.push(block(
                    &b.label,
                    template(Language::Japanese, "query.completion.indicator_block"),
                    &b.help,
                ));
            }
        }
        for f in &form.indicators.fields {
            out.push(field(f, f.label.clone()));
        }
    }
    if number == Some(form.analysis.section) {
        for (k, it) in form.analysis.items.iter().enumerate() {
            if sheet.items[k].as_ref().is_none_or(|i| i.heads.is_empty()) {
                out.push(block(
                    &it.name,
                    template(Language::Japanese, "query.completion.analysis_item"),
                    &it.help,
                ));
            }
        }
        for f in &form.analysis.fields {
            out.push(field(f, f.label.clone()));
        }
    }
    for s in &form.sections {
        if sheet
            .sections
            .iter()
            .all(|x| form.sections[x.form].number != s.number)
        {
            let heading = s.heading();
            out.push(block(
                &heading,
                template(Language::Japanese, "query.completion.section_heading"),
                &s.help,
            ));
        }
    }
    out
}

/// Edits the editor offers without a diagnostic: toggle □/■, move ● to another option, write a plain
/// single choice in the marked form.
pub fn assists(src: &str, sheet: &Sheet, form: &Form, range: Span) -> Vec<Fix> {
    let mut out = Vec::new();
    let hit = |s: &Span| s.start <= range.end && range.start <= s.end;
    for it in sheet.items.iter().flatten() {
        for c in it.checkboxes.iter().filter(|c| hit(&c.span)) {
            let written = &src[c.mark.clone()];
            let (new, title) = match written {
                "□" | "☐" => ("■", ja("query.assist.tick", &[])),
                "■" | "☑" | "☒" => ("□", ja("query.assist.untick", &[])),
                "[ ]" | "［ ］" | "[　]" => ("[x]", ja("query.assist.tick_ascii", &[])),
                _ => ("[ ]", ja("query.assist.untick_ascii", &[])),
            };
            out.push(Fix {
                title,
                edits: vec![Edit {
                    span: c.mark.clone(),
                    text: new.into(),
                }],
                notation: false,
            });
        }
    }
    for node in sheet.all_fields() {
        let f = form.field(node.target);
        if !matches!(f.kind, Kind::Choice | Kind::Rating) {
            continue;
        }
        let Some(vspan) = node.value.span() else {
            continue;
        };
        if !hit(&vspan) && !hit(&node.label) {
            continue;
        }
        let c = choice::parse(&node.value, src, &f.options);
        if c.marked() {
            let filled: Vec<&choice::Token> = c.filled().collect();
            for t in c.tokens.iter().filter(|t| t.mark == Some(false)) {
                let Resolved::Option(o) = t.resolved else {
                    continue;
                };
                let mut edits = vec![Edit {
                    span: t.span.start..t.text.start,
                    text: "●".into(),
                }];
                edits.extend(filled.iter().map(|x| Edit {
                    span: x.span.start..x.text.start,
                    text: "○".into(),
                }));
                out.push(Fix {
                    title: ja("query.assist.choose", &[("option", &f.options[o].label)]),
                    edits,
                    notation: false,
                });
            }
        } else if let Some(i) = c.chosen() {
            if node.value.segments.len() == 1 {
                let marked: Vec<String> = f
                    .options
                    .iter()
                    .enumerate()
                    .map(|(j, o)| format!("{}{}", if i == j { "●" } else { "○" }, o.label))
                    .collect();
                out.push(Fix {
                    title: ja("query.assist.marked", &[]),
                    edits: vec![Edit {
                        span: vspan,
                        text: marked.join("　"),
                    }],
                    notation: true,
                });
            }
        }
    }
    out
}

/// An inlay hint: text shown after `offset`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlayHint {
    pub offset: usize,
    pub label: String,
}

fn relative_year(off: i32) -> String {
    match off {
        0 => "N".into(),
        o if o > 0 => format!("N+{o}"),
        o => format!("N{o}"),
    }
}

/// The computed 財源内訳 total beside 事業費(A), and N-2…N+2 beside year headers and year labels.
pub fn inlay_hints(src: &str, sheet: &Sheet, form: &Form) -> Vec<InlayHint> {
    let mut out = Vec::new();
    let Some(n) = sheet.year() else { return out };
    let year_hint = |out: &mut Vec<InlayHint>, span: &Span, y: i32| {
        out.push(InlayHint {
            offset: span.end,
            label: format!(" {}", relative_year(y - n)),
        });
    };
    for f in &sheet.fields {
        if let Some((y, span)) = &f.year {
            year_hint(&mut out, span, *y);
        }
    }
    let header = |view: &TableView, out: &mut Vec<InlayHint>| {
        for (y, cell) in view.header_years() {
            if let Some(y) = y {
                year_hint(out, &cell, y);
            }
        }
    };
    for b in sheet.indicators.iter().flatten() {
        if let Some(t) = &b.table {
            header(&TableView::indicator(src, form, t), &mut out);
        }
    }
    if let Some(view) = table::budget_table(src, sheet, form) {
        header(&view, &mut out);
        for sum in &form.budget.sums {
            let Some(total) = view.budget_row(form, &sum.total) else {
                continue;
            };
            for col in 0..view.width() {
                let Some(cell) = table::cell(total, col) else {
                    continue;
                };
                let parts: Vec<f64> = sum
                    .parts
                    .iter()
                    .filter_map(|p| view.budget_row(form, p))
                    .filter_map(|r| view.number(r, col).value())
                    .collect();
                if !parts.is_empty() {
                    out.push(InlayHint {
                        offset: cell.end,
                        label: ja(
                            "query.inlay.sum",
                            &[("sum", &format_amount(parts.iter().sum()))],
                        ),
                    });
                }
            }
        }
    }
    out.sort_by_key(|h| h.offset);
    out
}

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
            for t in choice::parse(&node.value, src, &f.options).tokens {
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
                crate::model::number::parse(&src[c.clone()]),
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
