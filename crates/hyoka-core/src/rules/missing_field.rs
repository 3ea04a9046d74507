//! `missing-field`: a required field, indicator block, analysis item or table is missing (an optional one is a hint).

use super::{Check, Ctx, Rule, Sink};
use crate::diagnostics::Severity;
use crate::form::{Field, FieldRole, LabelTarget, Render};
use crate::messages::ja;
use crate::model::table::TableView;
use crate::model::{SectionNode, Span};

pub const RULE: Rule = Rule {
    id: "missing-field",
    severity: Severity::Error,
    check: Check::Sheet(check),
};

fn severity(required: bool) -> Severity {
    if required {
        Severity::Error
    } else {
        Severity::Hint
    }
}

/// Where a missing part of a section is reported and inserted: the section's heading, or, for the lines
/// before the first heading (section 0), the title line.
struct Place {
    anchor: Span,
    /// Inserted lines go after the line holding this offset.
    insert_after: usize,
    /// The section named for a message: 「１．事業の位置付け」, 表題の下.
    name: String,
}

fn place(cx: &Ctx, number: u32) -> Option<Place> {
    if number == 0 {
        // After the last field already written before the first heading, else under the title.
        let last = (cx.sheet.fields.iter())
            .filter(|f| f.section.is_none())
            .map(|f| f.extent().end)
            .max();
        let title = cx.sheet.titles.first().map(|t| t.span.end);
        return Some(Place {
            anchor: cx.sheet_anchor(),
            insert_after: last.or(title).unwrap_or(0),
            name: ja("rules.missing-field.header_area", &[]),
        });
    }
    let sec: &SectionNode = cx.sheet.section(cx.form, number)?;
    let heading = cx.form.render().heading(&cx.form.sections[sec.form]);
    Some(Place {
        anchor: sec.heading.clone(),
        insert_after: sec.content_end,
        name: ja("rules.missing-field.section", &[("heading", &heading)]),
    })
}

fn check(cx: &Ctx, out: &mut Sink) {
    let form = cx.form;
    let n = cx.year();
    let mut groups_done: Vec<&str> = Vec::new();
    for (i, f) in form.fields.iter().enumerate() {
        if f.has_role(FieldRole::DelayReason) || cx.sheet.fields_of(i).next().is_some() {
            continue;
        }
        let Some(sec) = place(cx, f.section) else {
            continue;
        };
        if let Some(g) = f.group.as_deref() {
            if groups_done.contains(&g) {
                continue;
            }
            groups_done.push(g);
            let members: Vec<(usize, &Field)> = form
                .fields
                .iter()
                .enumerate()
                .filter(|(_, m)| m.group.as_deref() == Some(g))
                .collect();
            if members
                .iter()
                .any(|(j, _)| cx.sheet.fields_of(*j).next().is_some())
            {
                continue;
            }
            let names: Vec<String> = members
                .iter()
                .map(|(_, m)| ja("rules.missing-field.group_member", &[("label", &m.label)]))
                .collect();
            let label = f.display_label(n, &form.format.years);
            let line = form.render().empty_field(f, n, false);
            out.emit_with(
                severity(f.required),
                sec.anchor.clone(),
                ja(
                    "rules.missing-field.group",
                    &[
                        ("section", &sec.name),
                        (
                            "names",
                            &names.join(&ja("rules.missing-field.group_separator", &[])),
                        ),
                    ],
                ),
            )
            .fix(
                ja("rules.common.insert", &[("label", &label)]),
                vec![cx.insert_lines_after(sec.insert_after, &[line])],
                false,
            );
            continue;
        }
        let label = f.display_label(n, &form.format.years);
        let line = form.render().empty_field(f, n, false);
        let args: [(&str, &dyn std::fmt::Display); 2] = [("label", &label), ("section", &sec.name)];
        let message = if f.required {
            ja("rules.missing-field.required", &args)
        } else {
            ja("rules.missing-field.optional", &args)
        };
        let d = out.emit_with(severity(f.required), sec.anchor.clone(), message);
        d.fix(
            ja("rules.common.insert", &[("label", &label)]),
            vec![cx.insert_lines_after(sec.insert_after, &[line])],
            false,
        );
        // A misspelt label that looks like this field is probably it: point there.
        for u in cx
            .sheet
            .unknown
            .iter()
            .filter(|u| u.suggestion == LabelTarget::Top(i))
        {
            d.related(
                u.head.clone(),
                ja("rules.missing-field.misspelt", &[("label", &label)]),
            );
        }
    }
    indicators(cx, out);
    items(cx, out);
    tables(cx, out);
}

fn indicators(cx: &Ctx, out: &mut Sink) {
    let form = cx.form;
    let ind = &form.indicators;
    let sec = place(cx, ind.section);
    for (k, def) in ind.blocks.iter().enumerate() {
        match &cx.sheet.indicators[k] {
            None => {
                let Some(sec) = sec.as_ref().filter(|_| def.required) else {
                    continue;
                };
                let lines = form.render().indicator_block(def, cx.year());
                out.emit(
                    sec.anchor.clone(),
                    ja(
                        "rules.missing-field.no_block",
                        &[("block", &def.label), ("section", &sec.name)],
                    ),
                )
                .fix(
                    ja("rules.common.insert", &[("label", &def.label)]),
                    vec![cx.insert_lines_after(sec.insert_after, &lines)],
                    false,
                );
            }
            Some(b) => {
                if !def.required && cx.block_is_blank(b) {
                    continue;
                }
                let head = &b.heads[0];
                for (j, f) in ind
                    .fields
                    .iter()
                    .enumerate()
                    .filter(|(_, f)| f.default.is_none())
                {
                    if !b
                        .fields
                        .iter()
                        .any(|x| x.target == LabelTarget::Indicator(j))
                    {
                        block_field(cx, out, f, &head.span, head.end, &def.label);
                    }
                }
                match &b.table {
                    None => {
                        out.emit(head.span.clone(), {
                            let (first, last) = Render::years_span(&ind.year_offsets);
                            ja(
                                "rules.missing-field.no_table",
                                &[("block", &def.label), ("first", &first), ("last", &last)],
                            )
                        });
                    }
                    Some(t) => {
                        let view = TableView::indicator(cx.src, cx.form, t);
                        for (r, row) in ind.rows.iter().enumerate() {
                            if row.required && view.row(r).is_none() {
                                out.emit(
                                    head.span.clone(),
                                    ja(
                                        "rules.missing-field.no_row",
                                        &[("block", &def.label), ("row", &row.name)],
                                    ),
                                );
                            }
                        }
                    }
                }
            }
        }
    }
}

fn block_field(cx: &Ctx, out: &mut Sink, f: &Field, anchor: &Span, end: usize, owner: &str) {
    let args: [(&str, &dyn std::fmt::Display); 2] = [("owner", &owner), ("label", &f.label)];
    let message = if f.required {
        ja("rules.missing-field.block_required", &args)
    } else {
        ja("rules.missing-field.block_optional", &args)
    };
    let line = cx.form.render().empty_field(f, cx.year(), true);
    out.emit_with(severity(f.required), anchor.clone(), message)
        .fix(
            ja("rules.common.insert", &[("label", &f.label)]),
            vec![cx.insert_lines_after(end, &[line])],
            false,
        );
}

fn items(cx: &Ctx, out: &mut Sink) {
    let form = cx.form;
    let an = &form.analysis;
    let sec = place(cx, an.section);
    for (k, def) in an.items.iter().enumerate() {
        match &cx.sheet.items[k] {
            None => {
                let Some(sec) = &sec else { continue };
                let lines = form.render().item(def, cx.year());
                out.emit(
                    sec.anchor.clone(),
                    ja(
                        "rules.missing-field.no_item",
                        &[("item", &def.name), ("section", &sec.name)],
                    ),
                )
                .fix(
                    ja("rules.common.insert", &[("label", &def.name)]),
                    vec![cx.insert_lines_after(sec.insert_after, &lines)],
                    false,
                );
            }
            Some(it) => {
                let anchor = it.anchor();
                let end = it.heads.last().map(|h| h.end).unwrap_or(anchor.end);
                for (j, f) in an.fields.iter().enumerate() {
                    if !it
                        .fields
                        .iter()
                        .any(|x| x.target == LabelTarget::Analysis(j))
                    {
                        block_field(cx, out, f, &anchor, end, &def.name);
                    }
                }
            }
        }
    }
}

fn tables(cx: &Ctx, out: &mut Sink) {
    for (b, view) in cx.tables() {
        table(cx, out, b, view);
    }
}

/// A required table of the form missing from its section, or rows missing from the table.
fn table(cx: &Ctx, out: &mut Sink, b: &crate::form::Budget, view: Option<&TableView>) {
    let name = cx.form.table_name(b);
    match view {
        None if b.required => {
            let Some(sec) = place(cx, b.section) else {
                return;
            };
            let lines = cx.form.render().table_of(b, cx.year());
            out.emit(
                sec.anchor.clone(),
                ja(
                    "rules.missing-field.no_budget_table",
                    &[("table", &name), ("section", &sec.name)],
                ),
            )
            .fix(
                ja("rules.missing-field.budget_table_fix", &[]),
                vec![cx.insert_lines_after(sec.insert_after, &lines)],
                false,
            );
        }
        None => {}
        Some(view) => {
            for (r, row) in b.rows.iter().enumerate() {
                if view.row(r).is_none() {
                    out.emit_with(
                        severity(row.required),
                        view.table.rows[0].span.clone(),
                        ja(
                            "rules.missing-field.no_budget_row",
                            &[("table", &name), ("row", &row.name)],
                        ),
                    );
                }
            }
        }
    }
}
