//! `budget-code-format`: 予算科目 not written as 会計-款項目-細目.

use super::{Check, Ctx, Rule, Sink};
use crate::diagnostics::Severity;
use crate::form::FieldRole;
use crate::messages::ja;
use crate::text::fold_code;

pub const RULE: Rule = Rule {
    id: "budget-code-format",
    severity: Severity::Warning,
    check: Check::Sheet(check),
};

/// Whether a code, folded and without its apostrophes, matches the field's pattern (no pattern: any).
pub fn valid(code: &str, pattern: Option<&regex::Regex>) -> bool {
    pattern.is_none_or(|p| p.is_match(&fold_code(code)))
}

fn check(cx: &Ctx, out: &mut Sink) {
    let Some((f, n)) = cx.role(FieldRole::BudgetCode) else {
        return;
    };
    let Some(span) = n.value.span() else { return };
    if !valid(&n.value.text(cx.src), f.pattern_regex.as_ref()) {
        out.emit(span, ja("rules.budget-code-format.message", &[]));
    }
}

#[cfg(test)]
mod tests {
    use crate::form::{FieldRole, Form};

    fn valid(code: &str) -> bool {
        let form = Form::builtin();
        let f = &form.fields[form.field_by_role(FieldRole::BudgetCode).unwrap()];
        super::valid(code, f.pattern_regex.as_ref())
    }

    #[test]
    fn forms() {
        for ok in [
            "1-'030106-'040000",
            "0-'xxxxxx-'xx0000",
            "'00-'xxxxxx-'xx0000",
            "１－'０３０１０６－'０４００００",
        ] {
            assert!(valid(ok), "{ok}");
        }
        for bad in [
            "1-030106",
            "123-'030106-'040000",
            "1-'03010-'040000",
            "一般会計",
        ] {
            assert!(!valid(bad), "{bad}");
        }
    }
}
