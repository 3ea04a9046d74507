//! `full-cost-sum`: フルコスト(A+B) is not 事業費(A) plus 人件費(B).

use super::{sums, Check, Ctx, Rule, Sink};
use crate::diagnostics::Severity;
use crate::form::SumRule;

pub const RULE: Rule = Rule {
    id: "full-cost-sum",
    severity: Severity::Error,
    check: Check::Sheet(check),
};

fn check(cx: &Ctx, out: &mut Sink) {
    sums::check_sums(cx, out, SumRule::FullCostSum);
}
