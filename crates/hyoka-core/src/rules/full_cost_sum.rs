use super::{tables, Ctx, Rule, Sink};
use crate::diagnostics::Severity;

pub const RULE: Rule = Rule {
    id: "full-cost-sum",
    severity: Severity::Error,
    summary: "フルコスト(A+B)が事業費(A)＋人件費(B)と合わない",
    doc: "３．の表で、フルコスト(A+B) は事業費(A) と人件費(B) の合計です。合わない列のフルコストのセルに付きます。",
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    tables::check_sums(cx, out, RULE.id);
}
