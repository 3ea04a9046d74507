//! `invalid-choice`: a choice field's value is none of the form's options.

use super::{Check, Ctx, Rule, Sink};
use crate::diagnostics::Severity;
use crate::form::{ChoiceOption, Format, Kind, LabelTarget};
use crate::messages::ja;
use crate::model::choice::{self, Choice, Resolved};
use crate::model::{Span, Value};

pub const RULE: Rule = Rule {
    id: "invalid-choice",
    severity: Severity::Error,
    check: Check::Sheet(check),
};

fn options_list(options: &[ChoiceOption], format: &Format) -> String {
    options
        .iter()
        .map(|o| o.display(format))
        .collect::<Vec<_>>()
        .join(&ja("rules.invalid-choice.option_separator", &[]))
}

fn report(cx: &Ctx, out: &mut Sink, field: &str, options: &[ChoiceOption], value: &Choice) {
    for t in &value.tokens {
        if t.resolved == Resolved::Unknown && !t.text.is_empty() {
            out.emit(
                t.text.clone(),
                ja(
                    "rules.invalid-choice.message",
                    &[
                        ("value", &cx.text(&t.text)),
                        ("field", &field),
                        ("options", &options_list(options, &cx.form.format)),
                    ],
                ),
            );
        }
    }
}

fn check(cx: &Ctx, out: &mut Sink) {
    for (f, n, c) in cx.choice_nodes() {
        report(cx, out, &cx.field_name(n), &f.options, c);
    }
    // 委託、協働: the 委託 group is a multiple choice inside 【委託：…】.
    for n in &cx.sheet.fields {
        let LabelTarget::Top(i) = n.target else {
            continue;
        };
        let f = &cx.form.fields[i];
        if f.kind != Kind::Consignment {
            continue;
        }
        for g in f.groups.iter().filter(|g| g.kind == Kind::MultiChoice) {
            for seg in &n.value.segments {
                if let Some(span) = group_span(cx.text(seg), &g.name, &cx.form.format) {
                    let v = Value {
                        segments: std::iter::once(seg.start + span.start..seg.start + span.end)
                            .collect(),
                    };
                    report(
                        cx,
                        out,
                        &ja("rules.common.field", &[("label", &g.name)]),
                        &g.options,
                        &choice::parse(&v, cx.src, &g.options, &cx.form.format),
                    );
                }
            }
        }
    }
}

/// The inside of `【NAME：…】` (to the end of the text when unclosed), relative to `s`.
pub fn group_span(s: &str, name: &str, format: &Format) -> Option<Span> {
    let (open, close) = format.bracket_pair();
    if open.is_empty() || close.is_empty() {
        return None;
    }
    let head = format!("{open}{name}");
    let at = s.find(&head)? + head.len();
    let rest = &s[at..];
    let skip = rest
        .find(|c: char| crate::text::fold::fold_char(c).is_some_and(|f| f != ':'))
        .unwrap_or(rest.len());
    let start = at + skip;
    let end = s[start..].find(close).map_or(s.len(), |e| start + e);
    (start < end).then_some(start..end)
}
