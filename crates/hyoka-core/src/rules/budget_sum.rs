use super::{sums, Rule};
use crate::diagnostics::Severity;

pub const RULE: Rule = Rule {
    id: "budget-sum",
    severity: Severity::Error,
    check: sums::check_sums,
};
