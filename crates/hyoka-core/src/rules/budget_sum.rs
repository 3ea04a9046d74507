use super::{tables, Ctx, Rule, Sink};
use crate::diagnostics::Severity;

pub const RULE: Rule = Rule {
    id: "budget-sum",
    severity: Severity::Error,
    summary: "財源内訳の合計が事業費(A)と合わない",
    doc: "３．の表では、年度ごとに財源内訳（国庫支出金・県支出金・起債・その他特財・一般財源）の合計が事業費(A)と\
一致しなければなりません。合わない列の事業費(A)のセルに付き、差額を示します。クイックフィックスは\
一般財源を差額分だけ増減して合計を合わせます（金額の判断は人が行うため `hyoka check --fix` は直しません）。",
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    tables::check_sums(cx, out, RULE.id);
}
