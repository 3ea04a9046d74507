//! `result-progress-conflict`: 検証結果 and 進捗状況 contradict each other (A with ③, C with ①).

use super::{Check, Ctx, Rule, Sink};
use crate::diagnostics::Severity;
use crate::form::{FieldRole, OptionRole};
use crate::messages::ja;

pub const RULE: Rule = Rule {
    id: "result-progress-conflict",
    severity: Severity::Warning,
    check: Check::Sheet(check),
};

fn check(cx: &Ctx, out: &mut Sink) {
    let (Some((r, rf, rn)), Some((p, pf, pn))) =
        (cx.chosen(FieldRole::Result), cx.chosen(FieldRole::Progress))
    else {
        return;
    };
    use OptionRole::{Achieved, Late, NotAchieved, OnSchedule};
    let pair = (rf.options[r].role, pf.options[p].role);
    if matches!(
        pair,
        (Some(Achieved), Some(Late)) | (Some(NotAchieved), Some(OnSchedule))
    ) {
        out.emit(
            rn.value.span().unwrap_or(rn.label.clone()),
            ja(
                "rules.result-progress-conflict.message",
                &[
                    ("result", &rf.options[r].display(&cx.form.format)),
                    ("progress", &pf.label),
                    ("option", &pf.options[p].display(&cx.form.format)),
                ],
            ),
        )
        .related(
            pn.value.span().unwrap_or(pn.label.clone()),
            pf.label.clone(),
        );
    }
}
