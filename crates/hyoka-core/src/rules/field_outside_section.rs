//! `field-outside-section`: a field outside the section or block it belongs to.

use super::{Check, Ctx, Rule, Sink};
use crate::diagnostics::Severity;
use crate::form::LabelTarget;
use crate::messages::ja;

pub const RULE: Rule = Rule {
    id: "field-outside-section",
    severity: Severity::Warning,
    check: Check::Sheet(check),
};

fn check(cx: &Ctx, out: &mut Sink) {
    let form = cx.form;
    for f in &cx.sheet.fields {
        let LabelTarget::Top(i) = f.target else {
            continue;
        };
        let home = form.fields[i].section;
        let here = f.section.map(|_| cx.sheet.section_number(form, f.section));
        // A field of the lines before the first heading (section 0) has no section to point to.
        if here != Some(home) && home != 0 {
            let Some(hs) = form.section_by_number(home) else {
                continue;
            };
            let heading = form.render().heading(&form.sections[hs]);
            let label = cx.label_of(f);
            let args: [(&str, &dyn std::fmt::Display); 2] =
                [("label", &label), ("heading", &heading)];
            let msg = match here {
                Some(_) => ja("rules.field-outside-section.message", &args),
                None => ja("rules.field-outside-section.before_sections", &args),
            };
            out.emit(f.label.clone(), msg);
        }
    }
    for f in &cx.sheet.misplaced {
        let owner = match f.target {
            LabelTarget::Indicator(_) => ja(
                "rules.field-outside-section.owner_indicator",
                &[(
                    "example",
                    &cx.form
                        .indicators
                        .blocks
                        .first()
                        .map_or("", |b| b.label.as_str()),
                )],
            ),
            _ => ja(
                "rules.field-outside-section.owner_item",
                &[(
                    "example",
                    &cx.form
                        .analysis
                        .items
                        .first()
                        .map_or("", |i| i.name.as_str()),
                )],
            ),
        };
        out.emit(
            f.label.clone(),
            ja(
                "rules.field-outside-section.misplaced",
                &[("label", &cx.label_of(f)), ("owner", &owner)],
            ),
        );
    }
}
