use super::{sums, Ctx, Rule, Sink};
use crate::diagnostics::Severity;

pub const RULE: Rule = Rule {
    id: "budget-sum",
    severity: Severity::Error,
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    sums::check_sums(cx, out, RULE.id);
}
