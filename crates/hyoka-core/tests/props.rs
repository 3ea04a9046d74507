//! Property tests of the core: whatever the text, `check` does not panic and every span it hands out
//! (diagnostic, related information, fix edits, the editor's "disable this rule" fix) lies within the text,
//! on char boundaries, with diagnostics sorted; and a notation fix (`hyoka check --fix`) removes the
//! diagnostic it belongs to.
//!
//! Case counts are proptest's default (256 per property) so the suite stays fast. For a longer run:
//!
//!     PROPTEST_CASES=20000 cargo test --release -p hyoka-core --test props
//!
//! Failing cases are not persisted to a `proptest-regressions/` file: when one is found, add it to the
//! `regressions` tests at the bottom as a plain `#[test]`.

use hyoka_core::diagnostics::{apply_edits, Diagnostic};
use hyoka_core::{check, Config, Form};
use proptest::prelude::*;
use proptest::test_runner::Config as PtConfig;
use std::sync::OnceLock;

const COMPLETE: &str = include_str!("../../../examples/complete.hyoka");
const SEED_EXAMPLE: &str = include_str!("../../../examples/seed.hyoka");
const SEED_RAW: &str = include_str!("../../../tests/fixtures/seed/000_59f8551fd5b1e581.txt");

fn form() -> &'static Form {
    static FORM: OnceLock<Form> = OnceLock::new();
    FORM.get_or_init(Form::builtin)
}

fn config() -> PtConfig {
    // `PtConfig::default()` honours PROPTEST_CASES; nothing is written to the source tree.
    PtConfig {
        failure_persistence: None,
        ..PtConfig::default()
    }
}

/// Snippets the sheet grammar reacts to: every label, alias, block and item name, viewpoint, option and
/// row name of the built-in form, headings, the title, marks, separators, odd characters and line breaks.
fn vocabulary() -> &'static Vec<String> {
    static V: OnceLock<Vec<String>> = OnceLock::new();
    V.get_or_init(|| {
        let f = form();
        let mut v: Vec<String> = Vec::new();
        let field = |fl: &hyoka_core::form::Field, v: &mut Vec<String>| {
            v.push(fl.label.clone());
            v.extend(fl.aliases.iter().cloned());
            for o in &fl.options {
                v.push(o.label.clone());
                if let Some(k) = &o.key {
                    v.push(k.clone());
                }
            }
            // A fragment of a long label (split labels, misspellings).
            let chars: Vec<char> = fl.label.chars().collect();
            if chars.len() >= 4 {
                v.push(chars[..chars.len() / 2].iter().collect());
                v.push(chars[chars.len() / 2..].iter().collect());
            }
        };
        for fl in f
            .fields
            .iter()
            .chain(&f.indicators.fields)
            .chain(&f.analysis.fields)
        {
            field(fl, &mut v);
        }
        for s in &f.sections {
            v.push(format!("{}．{}", s.number, s.title));
            v.push(format!("{}. {}", s.number, s.title));
        }
        v.extend(f.indicators.blocks.iter().map(|b| b.label.clone()));
        v.extend(f.indicators.rows.iter().map(|r| r.name.clone()));
        v.extend(f.budget.rows.iter().map(|r| r.name.clone()));
        for it in &f.analysis.items {
            v.push(it.name.clone());
            v.push(format!("【{}】", it.name));
            v.extend(it.viewpoints.iter().map(|p| p.label.clone()));
            v.extend(it.negative.iter().cloned());
            v.extend(it.positive.iter().cloned());
        }
        v.extend(f.analysis.phrases.negative.iter().cloned());
        v.extend(f.analysis.phrases.positive.iter().cloned());
        v.push(f.title.word.clone());
        for s in [
            "事業評価シート（平成27年度分）",
            "事業評価シート ( 平成28年度分 ) 2頁",
            "1頁",
            "平成27年度",
            "令和元年度",
            "令和2年度",
            "2015年度",
            "平成25年度",
            "項目　分析の視点　左記の視点に関する分析・課題の抽出　総合評価",
            "𠮷",
            "□",
            "■",
            "●",
            "○",
            "◉",
            "◯",
            "☐",
            "☑",
            "☒",
            "[ ]",
            "[x]",
            "|",
            "｜",
            "|---|",
            "\t",
            "\t\t",
            "\r",
            "\r\n",
            "\n",
            "\n",
            "\n",
            "\n\n",
            "：",
            ":",
            "、",
            "。",
            "１",
            "２",
            "３",
            "４",
            "０",
            "９",
            "．",
            ".",
            "　",
            " ",
            "  ",
            "//",
            "// hyoka-disable ",
            "// hyoka-disable-next-line ",
            "// hyoka-enable ",
            "budget-sum",
            "missing-field",
            "stray-text",
            ",",
            "1,742",
            "△",
            "▲",
            "-",
            "－",
            "−",
            "―",
            "～",
            "〜",
            "~",
            "(",
            ")",
            "（",
            "）",
            "【",
            "】",
            "「",
            "」",
            "'",
            "'04",
            "1-'030106-'040000",
            "0-'xxxxxx-'xx0000",
            "①",
            "②",
            "③",
            "⑳",
            "基本目標４",
            "Ａ：",
            "方向：減少",
            "課題：人員不足",
            "高",
            "中",
            "低",
            "94.2",
            "100.0",
            "#",
            "## ",
            "\u{feff}",
            "\u{3000}",
            "\u{200b}",
            "e\u{301}",
            "🇯🇵",
            "ｱｲｳ",
            "ﾞ",
            "\u{7f}",
            "\u{0}",
            "\u{fffd}",
            "€",
        ] {
            v.push(s.to_string());
        }
        v.sort();
        v.dedup();
        v
    })
}

/// One piece of generated text: a vocabulary snippet, a few arbitrary chars, or a number.
fn piece() -> impl Strategy<Value = String> {
    let vocab = vocabulary().clone();
    prop_oneof![
        6 => proptest::sample::select(vocab),
        2 => "\\PC{0,6}",
        1 => any::<String>().prop_map(|s| s.chars().take(6).collect()),
        1 => (0u32..2_000_000).prop_map(|n| n.to_string()),
    ]
}

fn arbitrary_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(piece(), 0..120).prop_map(|v| v.concat())
}

/// Assert the invariants every result of `check` must satisfy.
fn assert_well_formed(
    src: &str,
    diags: &[Diagnostic],
    sheet: &hyoka_core::Sheet,
) -> Result<(), TestCaseError> {
    let ok = |r: &std::ops::Range<usize>| {
        r.start <= r.end
            && r.end <= src.len()
            && src.is_char_boundary(r.start)
            && src.is_char_boundary(r.end)
    };
    for d in diags {
        prop_assert!(
            ok(&d.span),
            "{} span {:?} outside the text or off a char boundary (len {})",
            d.rule,
            d.span,
            src.len()
        );
        prop_assert!(
            hyoka_core::rules::find(d.rule).is_some(),
            "unknown rule id {}",
            d.rule
        );
        prop_assert!(!d.message.is_empty(), "{} has an empty message", d.rule);
        for r in &d.related {
            prop_assert!(
                ok(&r.span),
                "{} related span {:?} bad (len {})",
                d.rule,
                r.span,
                src.len()
            );
        }
        for f in &d.fixes {
            for e in &f.edits {
                prop_assert!(
                    ok(&e.span),
                    "{} fix '{}' edit span {:?} bad (len {})",
                    d.rule,
                    f.title,
                    e.span,
                    src.len()
                );
            }
            let mut spans: Vec<_> = f.edits.iter().map(|e| e.span.clone()).collect();
            spans.sort_by_key(|s| (s.start, s.end));
            for w in spans.windows(2) {
                prop_assert!(
                    w[0].end <= w[1].start,
                    "{} fix '{}' has overlapping edits {:?}",
                    d.rule,
                    f.title,
                    spans
                );
            }
        }
        let disable = hyoka_core::rules::disable_fix(src, sheet, d);
        for e in &disable.edits {
            prop_assert!(
                ok(&e.span),
                "disable fix for {} edit span {:?} bad",
                d.rule,
                e.span
            );
        }
    }
    for w in diags.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        prop_assert!(
            (a.span.start, a.span.end, a.rule) <= (b.span.start, b.span.end, b.rule),
            "diagnostics not sorted: {} {:?} before {} {:?}",
            a.rule,
            a.span,
            b.rule,
            b.span
        );
    }
    Ok(())
}

fn check_text(src: &str) -> Result<(), TestCaseError> {
    let (sheet, diags) = check(src, form(), &Config::default());
    assert_well_formed(src, &diags, &sheet)
}

/// An edit of a base text at a char boundary: delete up to `len` chars, then insert `text`.
#[derive(Debug, Clone)]
struct Mutation {
    at: prop::sample::Index,
    delete: usize,
    insert: String,
}

fn mutation() -> impl Strategy<Value = Mutation> {
    (
        any::<prop::sample::Index>(),
        prop_oneof![3 => Just(0usize), 2 => 1usize..4, 1 => 4usize..80],
        prop_oneof![
            1 => Just(String::new()),
            3 => piece(),
            1 => proptest::collection::vec(piece(), 1..6).prop_map(|v| v.concat()),
        ],
    )
        .prop_map(|(at, delete, insert)| Mutation { at, delete, insert })
}

fn mutate(base: &str, muts: &[Mutation]) -> String {
    let mut s = base.to_string();
    for m in muts {
        let bounds: Vec<usize> = s.char_indices().map(|(i, _)| i).chain([s.len()]).collect();
        let i = m.at.index(bounds.len());
        let start = bounds[i];
        let end = bounds[(i + m.delete).min(bounds.len() - 1)];
        s.replace_range(start..end, &m.insert);
    }
    s
}

fn base_text() -> impl Strategy<Value = &'static str> {
    prop_oneof![Just(COMPLETE), Just(SEED_EXAMPLE), Just(SEED_RAW)]
}

/// Replace one char of a label or viewpoint occurrence in `base` with `with`: a misspelling at edit distance 1.
fn misspell(
    base: &str,
    which: prop::sample::Index,
    pos: prop::sample::Index,
    with: char,
) -> String {
    let f = form();
    let mut words: Vec<String> = f
        .fields
        .iter()
        .chain(&f.indicators.fields)
        .chain(&f.analysis.fields)
        .map(|x| x.label.clone())
        .collect();
    words.extend(
        f.analysis
            .items
            .iter()
            .flat_map(|it| it.viewpoints.iter().map(|v| v.label.clone())),
    );
    let hits: Vec<(usize, &String)> = words
        .iter()
        .flat_map(|w| base.match_indices(w.as_str()).map(move |(i, _)| (i, w)))
        .collect();
    if hits.is_empty() {
        return base.to_string();
    }
    let (at, w) = hits[which.index(hits.len())];
    let chars: Vec<(usize, char)> = w.char_indices().collect();
    let (off, c) = chars[pos.index(chars.len())];
    let mut s = base.to_string();
    s.replace_range(at + off..at + off + c.len_utf8(), &with.to_string());
    s
}

/// (rule, severity, message, start line/col, end line/col) of a diagnostic, columns in chars.
type Position = (
    &'static str,
    hyoka_core::Severity,
    String,
    (u32, u32),
    (u32, u32),
);

/// The positions of every diagnostic.
fn positions(src: &str) -> Vec<Position> {
    use hyoka_core::text::{ColumnUnit, LineIndex};
    let idx = LineIndex::new(src);
    let at = |o: usize| {
        let p = idx.position(src, o, ColumnUnit::Chars);
        (p.line, p.col)
    };
    let (_, diags) = check(src, form(), &Config::default());
    diags
        .iter()
        .map(|d| {
            (
                d.rule,
                d.severity,
                d.message.clone(),
                at(d.span.start),
                at(d.span.end),
            )
        })
        .collect()
}

/// Where a byte offset of the text before `edits` lands after them.
fn map_offset(edits: &[hyoka_core::Edit], offset: usize) -> usize {
    let mut delta: isize = 0;
    for e in edits {
        if e.span.end <= offset && !(e.span.start == e.span.end && e.span.start == offset) {
            delta += e.text.len() as isize - (e.span.end - e.span.start) as isize;
        } else if e.span.start < offset {
            // Inside a replaced range: it lands at the start of the replacement.
            return (e.span.start as isize + delta) as usize;
        }
    }
    (offset as isize + delta) as usize
}

proptest! {
    #![proptest_config(config())]

    /// (a) Arbitrary text, rich in the form's own vocabulary.
    #[test]
    fn arbitrary_text_is_handled(src in arbitrary_text()) {
        check_text(&src)?;
    }

    /// (a') Arbitrary text with CRLF / CR line breaks everywhere.
    #[test]
    fn arbitrary_text_with_other_line_breaks(src in arbitrary_text(), cr in prop_oneof![Just("\r\n"), Just("\r")]) {
        check_text(&src.replace('\n', cr))?;
    }

    /// (b) Random deletions and insertions at char boundaries of real sheets.
    #[test]
    fn edited_sheets_are_handled(base in base_text(), muts in proptest::collection::vec(mutation(), 1..8)) {
        check_text(&mutate(base, &muts))?;
    }

    /// Spec §1: a sheet may use LF or CRLF — either way, the same diagnostics at the same
    /// (line, column) positions, start and end.
    #[test]
    fn crlf_gives_the_same_diagnostics(base in base_text(), muts in proptest::collection::vec(mutation(), 0..4)) {
        let lf = mutate(base, &muts).replace('\r', "");
        let crlf = lf.replace('\n', "\r\n");
        prop_assert_eq!(positions(&lf), positions(&crlf), "--- text ---\n{}", lf);
    }

    /// (c) Every notation fix (what `hyoka check --fix` applies) removes the diagnostic it belongs to,
    /// and the fixed text is still well formed.
    #[test]
    fn notation_fixes_remove_their_diagnostic(
        base in base_text(),
        which in any::<prop::sample::Index>(),
        pos in any::<prop::sample::Index>(),
        with in proptest::sample::select(vec!['用', '要', '業', '事', '標', '民', 'ア', 'の', '・', '額', 'ヅ', '費']),
        muts in proptest::collection::vec(mutation(), 0..3),
    ) {
        let src = mutate(&misspell(base, which, pos, with), &muts);
        let (sheet, diags) = check(&src, form(), &Config::default());
        assert_well_formed(&src, &diags, &sheet)?;
        for d in &diags {
            for f in d.fixes.iter().filter(|f| f.notation) {
                let fixed = apply_edits(&src, &f.edits);
                prop_assert_ne!(&fixed, &src, "notation fix '{}' of {} changes nothing", f.title, d.rule);
                let (sheet2, after) = check(&fixed, form(), &Config::default());
                assert_well_formed(&fixed, &after, &sheet2)?;
                let at = map_offset(&f.edits, d.span.start);
                let still: Vec<_> = after.iter().filter(|x| x.rule == d.rule && x.span.start == at).collect();
                prop_assert!(
                    still.is_empty(),
                    "applying '{}' did not remove {} at byte {} ('{}'): after the fix: {:?}\n--- text ---\n{}",
                    f.title, d.rule, d.span.start, &src[d.span.clone()], still.iter().map(|x| &x.message).collect::<Vec<_>>(), src
                );
            }
        }
    }
}

/// The notation-fix property really is exercised: a misspelt label and a misspelt viewpoint both get one.
#[test]
fn notation_fixes_exist() {
    let src = COMPLETE
        .replacen("事業の概要\n", "事業の概用：\n", 1)
        .replacen("□ 市民ニーズ", "□ 市民ニーヅ", 1);
    let (_, diags) = check(&src, form(), &Config::default());
    let rules: Vec<&str> = diags
        .iter()
        .filter(|d| d.fixes.iter().any(|f| f.notation))
        .map(|d| d.rule)
        .collect();
    assert_eq!(rules, ["unknown-label", "unknown-viewpoint"], "{diags:#?}");
}

/// The base texts themselves.
#[test]
fn base_texts_are_well_formed() {
    for src in [COMPLETE, SEED_EXAMPLE, SEED_RAW] {
        let (sheet, diags) = check(src, form(), &Config::default());
        assert_well_formed(src, &diags, &sheet).unwrap();
    }
}

/// Cases found by the properties above, kept as plain tests.
mod regressions {}
