use super::{tables, Ctx, Rule, Sink};
use crate::diagnostics::Severity;
use crate::form::RowKind;
use crate::model::number::{self, Num};

pub const RULE: Rule = Rule {
    id: "invalid-number",
    severity: Severity::Error,
    summary: "数値であるべきセルが数値でない、または３．の金額が負",
    doc: "指標の目標・実績と３．の金額・執行率は数値で書きます。桁区切りの `,`、小数点、マイナスの `－`・`△`・`▲` が使えます。\
空欄や `－` だけは「なし」です。３．の金額は千円単位の整数で、負の値は書けません。執行率は小数第1位までの\
百分率です。単位（`人`、`千円`、`%`）はセルに書かず、単位の欄や表題に書きます。",
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    for b in cx.live_indicators() {
        let Some(t) = &b.table else { continue };
        let view = tables::TableView::new(cx, t, &cx.form.lexicon.indicator_rows);
        for (_, r) in &view.rows {
            for c in r.cells.iter().skip(1) {
                if number::parse(cx.text(c)) == Num::Invalid {
                    out.emit(
                        c.clone(),
                        format!(
                            "「{}」は数値ではありません。数値だけを書いてください",
                            cx.text(c)
                        ),
                    );
                }
            }
        }
    }
    let Some(view) = cx.budget_table() else {
        return;
    };
    for (def, r) in &view.rows {
        let kind = cx.form.budget.rows[*def].kind;
        if kind == RowKind::Text {
            continue;
        }
        for c in r.cells.iter().skip(1) {
            let text = cx.text(c);
            match number::parse(text) {
                Num::Invalid => {
                    out.emit(
                        c.clone(),
                        format!("「{text}」は数値ではありません。数値だけを書いてください"),
                    );
                }
                Num::Value { value, decimals } => {
                    if kind == RowKind::Amount && value < 0.0 {
                        out.emit(
                            c.clone(),
                            format!("金額「{text}」が負です。決算額は 0 以上で書いてください"),
                        );
                    } else if kind == RowKind::Amount && decimals > 0 {
                        out.emit(
                            c.clone(),
                            format!(
                                "金額「{text}」に小数があります。千円単位の整数で書いてください"
                            ),
                        );
                    } else if kind == RowKind::Percent && decimals > 1 {
                        out.emit(
                            c.clone(),
                            format!("執行率「{text}」は小数第1位までで書いてください"),
                        );
                    }
                }
                Num::None => {}
            }
        }
    }
}
