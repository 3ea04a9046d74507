//! Code actions: everything the editor offers for a range, as titled edit sets. The server only converts
//! them to its protocol's types.

use super::{assists, touches};
use crate::diagnostics::{fix_all, Diagnostic, Fix};
use crate::form::Form;
use crate::messages::ui;
use crate::model::{Sheet, Span};
use crate::rules::disable_fix;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionKind {
    /// A diagnostic's own fix.
    QuickFix,
    /// Silence a diagnostic's rule on its line.
    Disable,
    /// An assist: an edit offered without a diagnostic.
    Refactor,
    /// Every notation fix of the sheet at once.
    FixAll,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    pub kind: ActionKind,
    pub fix: Fix,
    /// Quick fixes and disables: the index of the diagnostic they answer.
    pub diagnostic: Option<usize>,
    /// The action to prefer for its diagnostic: its first fix, when that only changes notation.
    pub preferred: bool,
}

/// The actions for `range` of the kinds `wanted` accepts, in the order an editor lists them: for each
/// diagnostic the range touches its fixes, then a disable (one per rule and line); then the assists; then
/// fix-all (when there is anything to fix).
pub fn code_actions(
    src: &str,
    sheet: &Sheet,
    form: &Form,
    diagnostics: &[Diagnostic],
    range: Span,
    wanted: impl Fn(ActionKind) -> bool,
) -> Vec<Action> {
    let mut out = Vec::new();
    let (quick, disables) = (wanted(ActionKind::QuickFix), wanted(ActionKind::Disable));
    let mut disabled = std::collections::HashSet::new();
    let touched = diagnostics.iter().enumerate();
    for (k, d) in touched.filter(|(_, d)| touches(&d.span, &range)) {
        let fixes = d.fixes.iter().filter(|_| quick);
        let fixes = fixes.map(|f| (ActionKind::QuickFix, f.clone()));
        // One disable per rule and line, however many diagnostics share them.
        let disable = (disables && disabled.insert((d.rule, sheet.line_of(d.span.start))))
            .then(|| (ActionKind::Disable, disable_fix(src, sheet, d)));
        for (i, (kind, fix)) in fixes.chain(disable).enumerate() {
            out.push(Action {
                kind,
                preferred: i == 0 && fix.notation,
                fix,
                diagnostic: Some(k),
            });
        }
    }
    if wanted(ActionKind::Refactor) {
        out.extend(
            assists(src, sheet, form, range)
                .into_iter()
                .map(|fix| Action {
                    kind: ActionKind::Refactor,
                    fix,
                    diagnostic: None,
                    preferred: false,
                }),
        );
    }
    if wanted(ActionKind::FixAll) {
        let edits: Vec<_> = fix_all(diagnostics)
            .into_iter()
            .flat_map(|f| f.edits.clone())
            .collect();
        if !edits.is_empty() {
            out.push(Action {
                kind: ActionKind::FixAll,
                fix: Fix {
                    // The editor's words: the key is the server's.
                    title: ui("lsp.server.fix_all", &[]),
                    edits,
                    notation: true,
                },
                diagnostic: None,
                preferred: false,
            });
        }
    }
    out
}
