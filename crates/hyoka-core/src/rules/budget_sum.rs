//! `budget-sum`: the funding breakdown does not add up to 事業費(A).

use super::{sums, Check, Ctx, Rule, Sink};
use crate::diagnostics::Severity;
use crate::form::SumRule;

pub const RULE: Rule = Rule {
    id: "budget-sum",
    severity: Severity::Error,
    check: Check::Sheet(check),
};

fn check(cx: &Ctx, out: &mut Sink) {
    sums::check_sums(cx, out, SumRule::BudgetSum);
}
