//! Hover: what a title, heading, block, checkbox, label, option or budget cell means.

use super::required_word;
use crate::form::{ChoiceOption, Field, Form, Format, Kind};
use crate::messages::{ja, template, Language};
use crate::model::choice::{self, Resolved};
use crate::model::number::format_amount;
use crate::model::table;
use crate::model::{FieldNode, Sheet, Span};

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

fn options_md(options: &[ChoiceOption], format: &Format) -> String {
    let mut s = String::from(template(Language::Japanese, "query.hover.options"));
    for o in options {
        s.push_str(&format!("\n- `{}`", o.display(format)));
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
            ("label", &f.display_label(year, &form.format.years)),
            ("required", &required_word(f.required)),
            ("kind", &kind_name(f.kind)),
            ("help", &f.help.trim()),
        ],
    );
    if !f.options.is_empty() {
        s.push_str(&options_md(&f.options, &form.format));
    }
    for g in &f.groups {
        s.push_str(&ja(
            "query.hover.group",
            &[("name", &g.name), ("help", &g.help.trim())],
        ));
        if !g.options.is_empty() {
            s.push_str(&options_md(&g.options, &form.format));
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
    let n = sheet.evaluated_year(src, form);
    for t in &sheet.titles {
        if within(&t.span, offset) {
            return h(
                &t.span,
                ja(
                    "query.hover.title",
                    &[
                        ("word", &form.title.word),
                        ("name", &form.name),
                        ("id", &form.id),
                        ("help", &form.title.help.trim()),
                    ],
                ),
            );
        }
    }
    for s in &sheet.sections {
        if within(&s.heading, offset) {
            let def = &form.sections[s.form];
            return h(
                &s.heading,
                format!("**{}**\n\n{}", form.render().heading(def), def.help.trim()),
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
                    ja(
                        "query.hover.block",
                        &[
                            ("label", &def.label),
                            ("required", &required_word(def.required)),
                            ("help", &def.help.trim()),
                            ("common", &form.indicators.help.trim()),
                        ],
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
    let c = choice::parse_field(&node.value, src, f, &form.format);
    let t = c.tokens.iter().find(|t| within(&t.span, offset))?;
    let md = match t.resolved {
        Resolved::Option(i) => {
            let o = &f.options[i];
            ja(
                "query.hover.option",
                &[
                    ("label", &f.label),
                    ("option", &o.display(&form.format)),
                    ("help", &o.help.trim()),
                ],
            )
        }
        _ => ja(
            "query.hover.not_option",
            &[
                ("label", &f.label),
                ("options", &options_md(&f.options, &form.format)),
            ],
        ),
    };
    Some(HoverInfo {
        span: t.span.clone(),
        markdown: md,
    })
}

fn table_hover(src: &str, sheet: &Sheet, form: &Form, offset: usize) -> Option<HoverInfo> {
    let views = table::tables(src, sheet, form);
    let (table, view) = form
        .tables()
        .zip(&views)
        .find_map(|(t, v)| Some((t, v.as_ref().filter(|v| within(&v.table.span(), offset))?)))?;
    for (def, row) in &view.rows {
        for (col, cell) in row.cells.iter().enumerate() {
            if !within(cell, offset) {
                continue;
            }
            let rd = &table.rows[*def];
            let mut md = format!("**{}**\n\n{}", rd.name, rd.help.trim());
            if col > 0 {
                for sum in table.sums.iter().filter(|s| s.total == rd.name) {
                    let val = |name: &str| {
                        view.named_row(table, name)
                            .and_then(|r| view.number(r, col - 1).value())
                    };
                    let parts: f64 = sum.parts.iter().filter_map(|p| val(p)).sum();
                    let total = val(&sum.total).unwrap_or(0.0);
                    md.push_str(&ja(
                        "query.hover.sum",
                        &[
                            ("parts", &sum.parts.join(&form.format.plus)),
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
