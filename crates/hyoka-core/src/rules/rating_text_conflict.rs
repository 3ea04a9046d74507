use super::{Ctx, Rule, Sink};
use crate::diagnostics::Severity;
use crate::form::LabelTarget;
use crate::text::fold::fold_into;

pub const RULE: Rule = Rule {
    id: "rating-text-conflict",
    severity: Severity::Warning,
    summary: "総合評価と分析の文章が食い違う（高なのに否定的な語、低なのに肯定的な語だけ）",
    doc: "総合評価が **高** なのに分析・課題の抽出に否定的な語句（`必要性は低い`、`効果は限定的`、`見直しが必要` など）が\
ある、または **低** なのに肯定的な語句（`必要性が高い`、`有効です`、`効率的` など）だけがあるときに警告します。\
語句の一覧は様式定義にあり、項目ごとに追加できます（効率性では `コストが低い` は良い知らせです）。\
直後に `はない`・`ではない` などが続く語句（`見直す必要はない`、`効率的ではない`）は打ち消されているので数えません\
（打ち消しの語も様式定義の `negations` にあります）。評価か文章のどちらかを見直してください。",
    check,
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
        if chosen == 0 {
            if let Some((i, r)) = negative {
                let p = &lx.item_negative[it.form].phrases[i];
                out.emit(rspan, format!("総合評価は「{}」ですが、分析に否定的な「{p}」があります。評価か分析を見直してください", rf.options[0].label))
                    .related(orig(r), "否定的な語句");
            }
        } else if negative.is_none() {
            if let Some((i, r)) = lx.item_positive[it.form].find(&plain) {
                let p = &lx.item_positive[it.form].phrases[i];
                out.emit(rspan, format!("総合評価は「{}」ですが、分析には肯定的な「{p}」しかありません。評価か分析を見直してください", rf.options[last].label))
                    .related(orig(r), "肯定的な語句");
            }
        }
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
