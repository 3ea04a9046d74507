use super::{Ctx, Rule, Sink};
use crate::diagnostics::Severity;

pub const RULE: Rule = Rule {
    id: "result-progress-conflict",
    severity: Severity::Warning,
    summary: "検証結果と進捗状況が食い違う（A と③、C と①）",
    doc: "検証結果 `A：成果があがった` なのに進捗状況が `③：遅れている`、または `C：成果があがらなかった` なのに\
`①：予定どおり` のときに警告します。どちらかの選び間違いでないか確かめてください。本当にそうなら、\
主な取組と成果にその事情を書いておくと読み手が納得できます。",
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    let (Some((r, rf, rn)), Some((p, pf, pn))) = (cx.chosen("result"), cx.chosen("progress"))
    else {
        return;
    };
    let (r_last, p_last) = (rf.options.len() - 1, pf.options.len() - 1);
    if (r == 0 && p == p_last) || (r == r_last && p == 0) {
        out.emit(
            rn.value.span().unwrap_or(rn.label.clone()),
            format!(
                "検証結果「{}」と進捗状況「{}」が食い違っています。どちらかを見直してください",
                rf.options[r].display(),
                pf.options[p].display()
            ),
        )
        .related(pn.value.span().unwrap_or(pn.label.clone()), "進捗状況");
    }
}
