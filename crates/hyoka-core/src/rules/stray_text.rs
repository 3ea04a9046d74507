use super::{Ctx, Rule, Sink};
use crate::diagnostics::{Edit, Severity};

pub const RULE: Rule = Rule {
    id: "stray-text",
    severity: Severity::Hint,
    summary: "どの欄にも属さない文",
    doc: "欄のラベルの後でも表の中でもない文です。PDF から貼り付けたときに、ラベルが失われた値がこうなります。\
どの欄の値かを確かめて、その欄の下へ移してください。分析項目（必要性など）の中にある文は、ラベルを失った\
分析と考えられるため、先頭に `分析・課題の抽出：` を付けるクイックフィックスを示します。（ヒントのため、`hyoka check` は `--show-hints` のときだけ表示します。）",
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    let text_field = cx
        .form
        .analysis_text_field()
        .map(|i| &cx.form.analysis.fields[i].label);
    let mut prev_line: Option<usize> = None;
    for (span, item) in &cx.sheet.stray {
        let line = cx.sheet.line_of(span.start);
        // A run of stray lines needs a label only before its first line.
        let starts_run = prev_line.is_none_or(|p| !only_blank_between(cx, p, line));
        prev_line = Some(line);
        match (item, text_field) {
            (Some(k), Some(label)) => {
                let name = &cx.form.analysis.items[*k].name;
                let d = out.emit(
                    span.clone(),
                    format!("「{name}」の中にある、欄のラベルがない文です。分析なら前に「{label}：」を付けてください"),
                );
                if starts_run {
                    d.fix(
                        format!("「{label}：」を付ける"),
                        vec![Edit {
                            span: span.start..span.start,
                            text: format!("{label}："),
                        }],
                        false,
                    );
                }
            }
            _ => {
                out.emit(
                    span.clone(),
                    "どの欄にも属さない文です。欄のラベルの下へ移してください",
                );
            }
        }
    }
}

/// Lines strictly between `a` and `b` are blank or comments.
fn only_blank_between(cx: &Ctx, a: usize, b: usize) -> bool {
    (a + 1..b).all(|l| {
        let start = cx.sheet.line_starts[l];
        let t = cx.src[start..cx.line_content_end(l)].trim();
        t.is_empty() || t.starts_with("//")
    })
}
