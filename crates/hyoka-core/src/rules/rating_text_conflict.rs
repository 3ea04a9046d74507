//! `rating-text-conflict`: the overall rating and the analysis text disagree.

use super::{Check, Ctx, Rule, Sink};
use crate::diagnostics::Severity;
use crate::form::LabelTarget;
use crate::messages::ja;
use crate::text::fold::fold_into;

pub const RULE: Rule = Rule {
    id: "rating-text-conflict",
    severity: Severity::Warning,
    check: Check::Sheet(check),
};

fn check(cx: &Ctx, out: &mut Sink) {
    let an = &cx.form.analysis;
    let lx = &cx.form.lexicon;
    let (Some(rating), Some(text_field)) = (cx.form.rating_field(), cx.form.analysis_text_field())
    else {
        return;
    };
    for it in cx.sheet.items.iter().flatten() {
        let Some(rn) = it
            .fields
            .iter()
            .find(|f| f.target == LabelTarget::Analysis(rating))
        else {
            continue;
        };
        let Some(tn) = it
            .fields
            .iter()
            .find(|f| f.target == LabelTarget::Analysis(text_field))
        else {
            continue;
        };
        let rf = &an.fields[rating];
        let Some(chosen) = cx.choice(rf, rn).chosen() else {
            continue;
        };
        let last = rf.options.len() - 1;
        if chosen != 0 && chosen != last {
            continue; // 中: nothing to compare
        }
        let Some(rspan) = rn.value.span() else {
            continue;
        };
        // Search the folded text without building the map back; build it only for a match.
        let mut plain = String::with_capacity(tn.value.span().map_or(0, |s| s.len()));
        for s in &tn.value.segments {
            fold_into(&cx.src[s.clone()], &mut plain);
        }
        let orig = |r: std::ops::Range<usize>| tn.value.folded(cx.src).orig(r.start, r.end);
        let negative = lx.item_negative[it.form].find(&plain);
        // 高 with a negative phrase; 低 with only positive ones.
        let found = if chosen == 0 {
            negative.map(|(i, r)| (&lx.item_negative[it.form].phrases[i], r))
        } else if negative.is_none() {
            let positive = &lx.item_positive[it.form];
            positive
                .find(&plain)
                .map(|(i, r)| (&positive.phrases[i], r))
        } else {
            None
        };
        let Some((phrase, r)) = found else { continue };
        let field = cx.field_name(rn);
        let args: [(&str, &dyn std::fmt::Display); 3] = [
            ("field", &field),
            ("option", &rf.options[chosen].label),
            ("phrase", phrase),
        ];
        let (message, related) = if chosen == 0 {
            (
                ja("rules.rating-text-conflict.negative", &args),
                ja("rules.rating-text-conflict.negative_related", &[]),
            )
        } else {
            (
                ja("rules.rating-text-conflict.positive", &args),
                ja("rules.rating-text-conflict.positive_related", &[]),
            )
        };
        out.emit(rspan, message).related(orig(r), related);
    }
}

#[cfg(test)]
mod tests {
    use crate::{check, Config, Form};

    const COMPLETE: &str = include_str!("../../../../examples/complete.hyoka");

    fn conflicts(text: &str) -> usize {
        let (_, d) = check(text, &Form::builtin(), &Config::default());
        d.iter()
            .filter(|d| d.rule == "rating-text-conflict")
            .count()
    }

    #[test]
    fn a_negated_phrase_does_not_count() {
        assert_eq!(conflicts(COMPLETE), 0);
        let doubted = COMPLETE.replacen(
            "必要性が高いです。",
            "必要性が高いですが、見直しが必要です。",
            1,
        );
        assert_eq!(conflicts(&doubted), 1);
        let negated = COMPLETE.replacen(
            "必要性が高いです。",
            "必要性が高く、見直す必要はないと考えます。",
            1,
        );
        assert_eq!(conflicts(&negated), 0);
        // Another negative phrase later in the text still counts.
        let both = COMPLETE.replacen(
            "必要性が高いです。",
            "見直す必要はないが、効果は限定的です。",
            1,
        );
        assert_eq!(conflicts(&both), 1);
    }
}
