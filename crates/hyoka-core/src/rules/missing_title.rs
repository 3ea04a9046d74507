//! `missing-title`: no title line, or a title without its year.

use super::{Check, Ctx, Rule, Sink};
use crate::diagnostics::{Edit, Severity};
use crate::messages::ja;

pub const RULE: Rule = Rule {
    id: "missing-title",
    severity: Severity::Error,
    check: Check::Sheet(check),
};

fn check(cx: &Ctx, out: &mut Sink) {
    let sheet = cx.sheet;
    let title = cx.form.render().title(None);
    if sheet.titles.is_empty() {
        let d = out.emit(
            cx.sheet_anchor(),
            ja("rules.missing-title.message", &[("title", &title)]),
        );
        d.fix(
            ja("rules.missing-title.fix", &[]),
            vec![Edit {
                span: 0..0,
                text: format!("{title}{}", cx.newline()),
            }],
            false,
        );
    } else if sheet.year().is_none() && cx.form.lexicon.title_has_year {
        out.emit(
            sheet.titles[0].span.clone(),
            ja("rules.missing-title.no_year", &[("title", &title)]),
        );
    }
}
