//! Assists: edits offered without a diagnostic.

use crate::diagnostics::{Edit, Fix};
use crate::form::{Form, Kind};
use crate::messages::ja;
use crate::model::choice::{self, Resolved};
use crate::model::{Sheet, Span};

/// Edits the editor offers without a diagnostic: toggle □/■, move ● to another option, write a plain
/// single choice in the marked form.
pub fn assists(src: &str, sheet: &Sheet, form: &Form, range: Span) -> Vec<Fix> {
    let mut out = Vec::new();
    let hit = |s: &Span| super::touches(s, &range);
    for it in sheet.items.iter().flatten() {
        for c in it.checkboxes.iter().filter(|c| hit(&c.span)) {
            // A bracket mark ([ ], ［ｘ］) toggles to its ASCII twin, any other to the form's first mark.
            let bracket = crate::text::fold(&src[c.mark.clone()]).starts_with('[');
            let (ticked, unticked) = form.format.checkbox_marks();
            let (new, title) = match (c.ticked, bracket) {
                (false, false) => (ticked, ja("query.assist.tick", &[])),
                (true, false) => (unticked, ja("query.assist.untick", &[])),
                (false, true) => ("[x]", ja("query.assist.tick_ascii", &[])),
                (true, true) => ("[ ]", ja("query.assist.untick_ascii", &[])),
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
        let c = choice::parse_field(&node.value, src, f, &form.format);
        if c.marked() {
            let (chosen, not_chosen) = form.format.choice_marks();
            let filled: Vec<&choice::Token> = c.filled().collect();
            for t in c.tokens.iter().filter(|t| t.mark == Some(false)) {
                let Resolved::Option(o) = t.resolved else {
                    continue;
                };
                let mut edits = vec![Edit {
                    span: t.span.start..t.text.start,
                    text: chosen.to_string(),
                }];
                edits.extend(filled.iter().map(|x| Edit {
                    span: x.span.start..x.text.start,
                    text: not_chosen.to_string(),
                }));
                out.push(Fix {
                    title: ja("query.assist.choose", &[("option", &f.options[o].label)]),
                    edits,
                    notation: false,
                });
            }
        } else if let Some(i) = c.chosen() {
            if node.value.segments.len() == 1 {
                out.push(Fix {
                    title: ja("query.assist.marked", &[]),
                    edits: vec![Edit {
                        span: vspan,
                        text: form.render().choice(&f.options, Some(i)),
                    }],
                    notation: true,
                });
            }
        }
    }
    out
}
