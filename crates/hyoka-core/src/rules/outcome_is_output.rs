//! `outcome-is-output`: an outcome indicator counts activity (participants, events held).

use super::{Check, Ctx, Rule, Sink};
use crate::diagnostics::Severity;
use crate::form::{FieldRole, LabelTarget};
use crate::messages::ja;

pub const RULE: Rule = Rule {
    id: "outcome-is-output",
    severity: Severity::Hint,
    check: Check::Sheet(check),
};

/// An outcome indicator (成果指標) whose name counts activity done: one of the form's `output_words`
/// (参加者数, 開催回数…) in its name.
fn check(cx: &Ctx, out: &mut Sink) {
    let ind = &cx.form.indicators;
    let words = &cx.form.lexicon.output_words;
    for b in cx.live_indicators().filter(|b| ind.blocks[b.form].outcome) {
        let names = b.fields.iter().filter(|f| {
            matches!(f.target, LabelTarget::Indicator(i) if ind.fields[i].has_role(FieldRole::IndicatorName))
        });
        for f in names {
            let Some(span) = f.value.span() else { continue };
            let name = f.value.folded(cx.src).text;
            let Some(word) = words.iter().find(|w| name.contains(w.as_str())) else {
                continue;
            };
            out.emit(
                span.clone(),
                ja(
                    "rules.outcome-is-output.message",
                    &[
                        ("block", &ind.blocks[b.form].label),
                        ("name", &cx.text(&span)),
                        ("word", word),
                    ],
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{messages, COMPLETE};

    fn hints(text: &str) -> Vec<String> {
        messages("outcome-is-output", text)
    }

    #[test]
    fn an_outcome_that_counts_participants_is_a_hint() {
        assert!(hints(COMPLETE).is_empty());
        let visitors = COMPLETE.replace(
            "指標名：市内産の農水産物を選んで購入している市民の割合",
            "指標名：地産地消推進イベントの来場者数",
        );
        let h = hints(&visitors);
        assert_eq!(h.len(), 1, "{h:?}");
        assert!(
            h[0].contains("成果指標②") && h[0].contains("来場者数"),
            "{}",
            h[0]
        );
        // The same name in an activity indicator is what activity indicators are for.
        let activity = COMPLETE.replacen("指標名：", "指標名：朝市の来場者数／", 1);
        assert!(hints(&activity).is_empty());
    }
}
