//! `delay-reason-reports-success`: progress is late but the delay reason only reports success.

use super::{Check, Ctx, Rule, Sink};
use crate::diagnostics::Severity;
use crate::form::{FieldRole, OptionRole};
use crate::messages::ja;

pub const RULE: Rule = Rule {
    id: "delay-reason-reports-success",
    severity: Severity::Warning,
    check: Check::Sheet(check),
};

/// A late 進捗状況 whose 遅れている理由 reports only success: it holds wording of achievement and none of delay,
/// shortfall or something that did not happen (form `delay_reason_phrases`). Any such wording reads as an
/// explanation, so 「実施したが、…段階ではなかったため」 passes.
fn check(cx: &Ctx, out: &mut Sink) {
    let Some((p, pf, _)) = cx.chosen(FieldRole::Progress) else {
        return;
    };
    if !matches!(
        pf.options[p].role,
        Some(OptionRole::SlightlyLate | OptionRole::Late)
    ) {
        return;
    }
    let Some((_, rn)) = cx.role(FieldRole::DelayReason) else {
        return;
    };
    let Some(span) = rn.value.span() else { return };
    let text = rn.value.folded(cx.src).text;
    let phrases = &cx.form.lexicon.delay_reason;
    let Some(success) = phrases.success.iter().find(|w| text.contains(w.as_str())) else {
        return;
    };
    if phrases.shortfall.iter().any(|w| text.contains(w.as_str())) {
        return;
    }
    out.emit(
        span,
        ja(
            "rules.delay-reason-reports-success.message",
            &[
                ("progress", &pf.label),
                ("option", &pf.options[p].display(&cx.form.format)),
                ("phrase", &success),
            ],
        ),
    );
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{messages, COMPLETE};

    fn fires(reason: &str) -> bool {
        let text = COMPLETE.replace(
            "進捗状況：①：予定どおり",
            &format!("進捗状況：②：若干遅れている\n遅れている理由：{reason}"),
        );
        !messages("delay-reason-reports-success", &text).is_empty()
    }

    #[test]
    fn a_reason_that_only_reports_success_is_flagged() {
        // From a published sheet: ② with a reason that says everything was done.
        assert!(fires("すべての職員への研修を実施できたため"));
        assert!(fires("計画どおり５回の講座を開催し、目標を達成した。"));
        // The seed's reason: something was done, but a step was not reached, which explains the delay.
        assert!(!fires(
            "特定課題に対する会議等を実施したが、活性化会議に諮る段階ではなかったため"
        ));
        assert!(!fires(
            "関係機関との調整に時間を要したため、実施が年度末にずれ込んだ"
        ));
        assert!(!fires("用地交渉が難航し、着工を延期した"));
        assert!(!fires("天候不良により２回を中止した"));
        // No wording of achievement at all: nothing to say.
        assert!(!fires("補助申請の審査期間が延びたため"));
    }
}
