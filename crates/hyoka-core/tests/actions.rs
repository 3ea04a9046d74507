//! Code actions at the core's API: what the server converts for textDocument/codeAction.

use hyoka_core::diagnostics::fix_all;
use hyoka_core::query::{self, ActionKind};
use hyoka_core::{check, Config, Form};

const SEED: &str = include_str!("../../../tests/fixtures/seed/000_59f8551fd5b1e581.txt");
const UNKNOWN: &str = include_str!("../../../tests/fixtures/rules/unknown-label.hyoka");

#[test]
fn quick_fixes_then_one_disable_per_rule_and_line_then_assists() {
    let form = Form::builtin();
    let (sheet, diags) = check(SEED, &form, &Config::default());
    let actions = query::code_actions(SEED, &sheet, &form, &diags, 0..SEED.len(), |k| {
        k != ActionKind::FixAll
    });
    let mut disabled = std::collections::HashSet::new();
    let mut last_diagnostic = 0;
    let mut seen_assist = false;
    for (i, a) in actions.iter().enumerate() {
        match a.kind {
            ActionKind::QuickFix | ActionKind::Disable => {
                assert!(!seen_assist, "diagnostics' actions come before assists");
                let k = a.diagnostic.expect("answers a diagnostic");
                assert!(k >= last_diagnostic, "in the diagnostics' order");
                last_diagnostic = k;
                let first = i == 0 || actions[i - 1].diagnostic != Some(k);
                assert_eq!(a.preferred, first && a.fix.notation);
                if a.kind == ActionKind::Disable {
                    let d = &diags[k];
                    assert!(disabled.insert((d.rule, sheet.line_of(d.span.start))));
                } else {
                    assert!(diags[k].fixes.contains(&a.fix));
                }
            }
            ActionKind::Refactor => {
                seen_assist = true;
                assert_eq!(a.diagnostic, None);
            }
            ActionKind::FixAll => panic!("fix-all was not wanted"),
        }
    }
    assert!(!disabled.is_empty() && seen_assist);
}

#[test]
fn fix_all_is_every_first_notation_fix_and_only_when_wanted() {
    let form = Form::builtin();
    let (sheet, diags) = check(UNKNOWN, &form, &Config::default());
    let all = query::code_actions(UNKNOWN, &sheet, &form, &diags, 0..0, |_| true);
    let fa: Vec<_> = all
        .iter()
        .filter(|a| a.kind == ActionKind::FixAll)
        .collect();
    assert_eq!(fa.len(), 1);
    let expected: Vec<_> = fix_all(&diags)
        .into_iter()
        .flat_map(|f| f.edits.clone())
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(fa[0].fix.edits, expected);
    let none = query::code_actions(UNKNOWN, &sheet, &form, &diags, 0..0, |k| {
        k != ActionKind::FixAll
    });
    assert!(none.iter().all(|a| a.kind != ActionKind::FixAll));
}
