//! `plan-code-mismatch`: a plan code and the number its line shows disagree.

use super::{Check, Ctx, Rule, Sink};
use crate::diagnostics::Severity;
use crate::form::FieldRole;
use crate::messages::ja;
use crate::text::{fold, fold_code};

pub const RULE: Rule = Rule {
    id: "plan-code-mismatch",
    severity: Severity::Warning,
    check: Check::Sheet(check),
};

/// The number a level line shows after its code: after one of the field's number words (基本目標N), a
/// circled digit, or a leading number.
fn shown_number(rest: &str, words: &[String]) -> Option<u32> {
    let f = fold(rest);
    for w in words.iter().map(|w| fold(w)).filter(|w| !w.is_empty()) {
        if let Some(at) = f.find(&w) {
            let d: String = f[at + w.len()..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            if let Ok(n) = d.parse() {
                return Some(n);
            }
        }
    }
    if let Some(c) = f.chars().find(|c| ('①'..='⑳').contains(c)) {
        return Some(c as u32 - '①' as u32 + 1);
    }
    let d: String = f.chars().take_while(char::is_ascii_digit).collect();
    d.parse().ok()
}

fn check(cx: &Ctx, out: &mut Sink) {
    for n in &cx.sheet.fields {
        let crate::form::LabelTarget::Top(i) = n.target else {
            continue;
        };
        if !cx.form.fields[i].has_role(FieldRole::PlanPosition) {
            continue;
        }
        for seg in &n.value.segments {
            let s = cx.text(seg);
            let t = s.trim_start();
            if !(t.starts_with('\'') || t.starts_with('’')) {
                continue;
            }
            let code_end = t
                .find(|c: char| crate::text::fold::is_space(c))
                .unwrap_or(t.len());
            let code = fold_code(&t[..code_end]).replace('’', "");
            let Ok(code_n) = code.parse::<u32>() else {
                continue;
            };
            let Some(shown) = shown_number(&t[code_end..], &cx.form.fields[i].number_words) else {
                continue;
            };
            if shown != code_n {
                let start = seg.start + (s.len() - t.len());
                out.emit(
                    start..start + code_end,
                    ja(
                        "rules.plan-code-mismatch.message",
                        &[("code", &&t[..code_end]), ("number", &shown)],
                    ),
                );
            }
        }
    }
}
