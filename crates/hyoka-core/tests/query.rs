//! Editor queries at the core's API: what a user sees on hover, in the outline, in completion and assists.

use hyoka_core::diagnostics::apply_edits;
use hyoka_core::query::{self, SymbolKind};
use hyoka_core::{check, Config, Form};

const COMPLETE: &str = include_str!("../../../examples/complete.hyoka");
const SEED: &str = include_str!("../../../tests/fixtures/seed/000_59f8551fd5b1e581.txt");

fn at(src: &str, needle: &str) -> usize {
    src.find(needle)
        .unwrap_or_else(|| panic!("{needle} not in text"))
        + needle.len() / 2
}

#[test]
fn hover_explains_a_viewpoint_an_item_a_field_and_an_option() {
    let form = Form::builtin();
    let (sheet, _) = check(SEED, &form, &Config::default());
    let h = query::hover(SEED, &sheet, &form, at(SEED, "事業目的の達成状況"))
        .expect("hover on a viewpoint");
    assert!(
        h.markdown
            .contains("必要性 ／ 分析の視点「事業目的の達成状況」"),
        "{}",
        h.markdown
    );
    assert!(
        h.markdown.contains("例"),
        "an example sentence: {}",
        h.markdown
    );
    assert_eq!(&SEED[h.span.clone()], "■ 事業目的の達成状況 高");

    let (sheet, _) = check(COMPLETE, &form, &Config::default());
    let h = query::hover(COMPLETE, &sheet, &form, at(COMPLETE, "\n効率性") + 1)
        .expect("hover on an item");
    assert!(h.markdown.contains("分析項目：効率性"));
    let h =
        query::hover(COMPLETE, &sheet, &form, at(COMPLETE, "進捗状況")).expect("hover on a label");
    assert!(
        h.markdown.contains("①：予定どおり") && h.markdown.contains("必須"),
        "{}",
        h.markdown
    );
    let value = COMPLETE.find("進捗状況").unwrap();
    let opt = COMPLETE[value..].find('①').unwrap() + value;
    let h = query::hover(COMPLETE, &sheet, &form, opt).expect("hover on an option");
    assert!(
        h.markdown.contains("進捗状況：①：予定どおり"),
        "{}",
        h.markdown
    );
}

#[test]
fn outline_is_title_sections_children_with_nested_ranges() {
    let form = Form::builtin();
    let (sheet, _) = check(COMPLETE, &form, &Config::default());
    let syms = query::outline(COMPLETE, &sheet, &form);
    assert_eq!(syms.len(), 1);
    let title = &syms[0];
    assert_eq!(title.kind, SymbolKind::Title);
    let sections: Vec<&str> = title.children.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        sections,
        [
            "１．事業の位置付け",
            "２．事業の検証",
            "３．年度別事業内容・決算額",
            "４．今後の事業展開"
        ]
    );
    fn nested(s: &query::Symbol) {
        assert!(
            s.range.start <= s.selection.start && s.selection.end <= s.range.end,
            "{}",
            s.name
        );
        for c in &s.children {
            assert!(
                s.range.start <= c.range.start && c.range.end <= s.range.end,
                "{} in {}",
                c.name,
                s.name
            );
            nested(c);
        }
    }
    nested(title);
    let two = &title.children[1];
    for name in ["成果指標①", "必要性", "効率性", "進捗状況"] {
        assert!(
            two.children.iter().any(|c| c.name == name),
            "{name} under section 2"
        );
    }
    let folds = query::folding(COMPLETE, &sheet, &form);
    assert!(folds.len() >= 8, "{folds:?}");
}

#[test]
fn completion_offers_options_viewpoints_labels_and_a_skeleton() {
    let form = Form::builtin();
    let src = "事業評価シート（平成27年度分）\n２．事業の検証\n進捗状況：\n必要性\n　□ ";
    let (sheet, _) = check(src, &form, &Config::default());
    let after_colon = src.find("進捗状況：").unwrap() + "進捗状況：".len();
    let items = query::complete(src, &sheet, &form, after_colon, 2015);
    let labels: Vec<&str> = items.iter().map(|c| c.label.as_str()).collect();
    assert!(
        labels.contains(&"①：予定どおり") && labels.contains(&"③：遅れている"),
        "{labels:?}"
    );
    let vps = query::complete(src, &sheet, &form, src.len(), 2015);
    assert!(
        vps.iter().any(|c| c.label == "市民ニーズ"),
        "viewpoints of 必要性"
    );
    assert!(vps
        .iter()
        .all(|c| c.detail.as_deref() == Some("必要性 の分析の視点")));

    let empty = query::complete("", &Default::default(), &form, 0, 2024);
    assert_eq!(empty.len(), 1);
    // The skeleton has every section and required part, for the year asked: only the values are missing.
    let skeleton = &empty[0].insert;
    assert!(
        skeleton.starts_with("事業評価シート（令和6年度分）"),
        "{skeleton}"
    );
    assert!(skeleton.contains("令和8年度の取組方針："));
    let (_, diags) = check(skeleton, &form, &Config::default());
    let structural: Vec<_> = diags
        .iter()
        .filter(|d| {
            !matches!(
                d.rule,
                "empty-field"
                    | "unchecked-viewpoints"
                    | "missing-rating"
                    | "choice-count"
                    | "missing-field"
            )
        })
        .collect();
    assert!(structural.is_empty(), "{structural:#?}");
    assert!(
        !diags
            .iter()
            .any(|d| d.rule == "missing-field" && d.severity == hyoka_core::Severity::Error),
        "{diags:#?}"
    );
}

#[test]
fn assists_toggle_boxes_and_move_the_mark() {
    let form = Form::builtin();
    let (sheet, _) = check(COMPLETE, &form, &Config::default());
    let line = COMPLETE.find("□ 市民ニーズ").unwrap();
    let fixes = query::assists(COMPLETE, &sheet, &form, line..line);
    let toggle = fixes
        .iter()
        .find(|f| f.title.contains("■"))
        .expect("toggle");
    let out = apply_edits(COMPLETE, &toggle.edits);
    assert!(out.contains("■ 市民ニーズ"));
    assert_eq!(
        out.len(),
        COMPLETE.len(),
        "□ and ■ are both three bytes; nothing else changes"
    );

    let rating = COMPLETE.find("総合評価：●高").unwrap() + "総合評価：".len();
    let fixes = query::assists(COMPLETE, &sheet, &form, rating..rating);
    let to_mid = fixes
        .iter()
        .find(|f| f.title.contains("「中」"))
        .expect("move ● to 中");
    let out = apply_edits(COMPLETE, &to_mid.edits);
    assert!(
        out.contains("総合評価：○高　●中　○低"),
        "{}",
        &out[rating - 20..rating + 40]
    );
}

#[test]
fn inlay_hints_show_relative_years_and_the_budget_total() {
    let form = Form::builtin();
    let (sheet, _) = check(COMPLETE, &form, &Config::default());
    let hints = query::inlay_hints(COMPLETE, &sheet, &form);
    assert!(hints.iter().any(|h| h.label == " N-2"));
    assert!(hints.iter().any(|h| h.label == " N+2"));
    assert!(
        hints.iter().any(|h| h.label.starts_with(" (計 ")),
        "{hints:?}"
    );
    let toks = query::semantic_tokens(COMPLETE, &sheet, &form);
    assert!(toks.windows(2).all(|w| w[0].0.end <= w[1].0.start));
}

#[test]
fn a_missing_field_points_at_its_misspelt_label() {
    let form = Form::builtin();
    let src = COMPLETE.replacen("\n事業の概要\n", "\n事業の概用：\n", 1);
    assert_ne!(src, COMPLETE);
    let (_, diags) = check(&src, &form, &Config::default());
    let missing = diags
        .iter()
        .find(|d| d.rule == "missing-field" && d.message.contains("事業の概要"))
        .expect("the misspelt label's value is dropped, so the field is missing");
    assert_eq!(missing.related.len(), 1);
    assert_eq!(&src[missing.related[0].span.clone()], "事業の概用");
}

/// Every built-in form's new-sheet skeleton is read back as that form's sheet: its title chooses the form,
/// and nothing is missing or misplaced; only the values are still to be written.
#[test]
fn every_built_in_skeleton_is_read_back_whole() {
    let forms = Form::builtins();
    for form in &forms {
        // A year the form's title takes (箕面's 2009 edition names its one year).
        let skeleton = [2016, 2009]
            .into_iter()
            .map(|n| {
                query::complete("", &Default::default(), form, 0, n)[0]
                    .insert
                    .clone()
            })
            .find(|s| {
                hyoka_core::syntax::detect_form(s, &forms).map(|f| f.id.as_str())
                    == Some(form.id.as_str())
            })
            .unwrap_or_else(|| panic!("{}: its skeleton's title does not choose it", form.id));
        let skeleton = &skeleton;
        let (_, diags) = check(skeleton, form, &Config::default());
        let structural: Vec<_> = diags
            .iter()
            .filter(|d| d.severity != hyoka_core::Severity::Hint)
            .filter(|d| {
                !matches!(
                    d.rule,
                    "empty-field" | "unchecked-viewpoints" | "missing-rating" | "choice-count"
                )
            })
            .collect();
        assert!(
            structural.is_empty(),
            "{}: {structural:#?}\n{skeleton}",
            form.id
        );
    }
}

/// Where the title names no year (貝塚市), N comes from the budget table's header, and hover, completion,
/// inlay hints and the rules all take the same N: the editor used to show no N-relative year on such a sheet.
#[test]
fn a_sheet_whose_title_names_no_year_has_one_n_everywhere() {
    let kaizuka = include_str!("../../../examples/kaizuka/h28-shokuin-kenshu.hyoka");
    let forms = Form::builtins();
    let form = hyoka_core::syntax::detect_form(kaizuka, &forms).expect("the 貝塚市 title");
    assert!(!form.lexicon.title_has_year);
    let (sheet, _) = check(kaizuka, form, &Config::default());
    assert_eq!(sheet.year(), None, "the title names no year");
    let n = sheet.evaluated_year(kaizuka, form);
    // H27予算 H27決算 H28予算 H28決算 H29予算: the sheet evaluates 平成28年度.
    assert_eq!(n, Some(2016));
    assert_eq!(hyoka_core::rules::Ctx::new(kaizuka, &sheet, form).year(), n);
    let hints = query::inlay_hints(kaizuka, &sheet, form);
    let labels: Vec<&str> = hints.iter().map(|h| h.label.as_str()).collect();
    assert!(labels.contains(&" N"), "{labels:?}");
    assert!(labels.contains(&" N-1"), "{labels:?}");
    assert!(labels.contains(&" N+1"), "{labels:?}");
}
