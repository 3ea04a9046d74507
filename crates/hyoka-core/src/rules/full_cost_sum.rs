use super::{sums, Rule};
use crate::diagnostics::Severity;

pub const RULE: Rule = Rule {
    id: "full-cost-sum",
    severity: Severity::Error,
    check: sums::check_sums,
};
