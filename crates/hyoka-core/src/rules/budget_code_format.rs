use super::{Ctx, Rule, Sink};
use crate::diagnostics::Severity;
use crate::messages::ja;
use crate::text::fold_code;

pub const RULE: Rule = Rule {
    id: "budget-code-format",
    severity: Severity::Warning,
    check,
};

pub fn valid(code: &str) -> bool {
    let c = fold_code(code);
    let parts: Vec<&str> = c.split('-').collect();
    let ok = |p: &str, lens: &[usize]| {
        lens.contains(&p.len())
            && p.chars()
                .all(|ch| ch.is_ascii_digit() || ch == 'x' || ch == 'X')
    };
    parts.len() == 3 && ok(parts[0], &[1, 2]) && ok(parts[1], &[6]) && ok(parts[2], &[6])
}

fn check(cx: &Ctx, out: &mut Sink) {
    let Some((_, n)) = cx.role("budget-code") else {
        return;
    };
    let Some(span) = n.value.span() else { return };
    if !valid(&n.value.text(cx.src)) {
        out.emit(span, ja("rules.budget-code-format.message", &[]));
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn forms() {
        for ok in [
            "1-'030106-'040000",
            "0-'xxxxxx-'xx0000",
            "'00-'xxxxxx-'xx0000",
            "１－'０３０１０６－'０４００００",
        ] {
            assert!(super::valid(ok), "{ok}");
        }
        for bad in [
            "1-030106",
            "123-'030106-'040000",
            "1-'03010-'040000",
            "一般会計",
        ] {
            assert!(!super::valid(bad), "{bad}");
        }
    }
}
