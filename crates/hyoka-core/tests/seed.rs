//! The raw seed (text taken out of a PDF) read as spec §9 says.

use hyoka_core::form::LabelTarget;
use hyoka_core::{check, Config, Form, Severity};

const SEED: &str = include_str!("../../../tests/fixtures/seed/000_59f8551fd5b1e581.txt");

fn line(sheet: &hyoka_core::Sheet, offset: usize) -> usize {
    sheet.line_of(offset) + 1
}

#[test]
fn structure_of_the_seed() {
    let form = Form::builtin();
    let (sheet, _) = check(SEED, &form, &Config::default());
    let numbers: Vec<u32> = sheet
        .sections
        .iter()
        .map(|s| form.sections[s.form].number)
        .collect();
    assert_eq!(numbers, [1, 2, 3, 4]);
    assert_eq!(sheet.year(), Some(2015));
    assert_eq!(sheet.titles.len(), 1);

    let field = |label: &str| {
        let i = form
            .fields
            .iter()
            .position(|f| f.label == label)
            .unwrap_or_else(|| panic!("{label}"));
        sheet
            .field(&form, i)
            .unwrap_or_else(|| panic!("{label} not found"))
    };
    for label in [
        "事業の概要",
        "目的・目標",
        "遅れている理由",
        "の主な取組と成果",
        "総合計画の位置付け",
        "の取組方針",
        "課長コメント",
        "今後に向けた課題の分析",
    ] {
        assert!(!field(label).value.is_empty(), "{label} has no value");
    }
    let progress = field("進捗状況");
    assert_eq!(progress.value.text(SEED), "③：遅れている");
    assert_eq!(line(&sheet, progress.value.segments[0].start), 19);
    assert!(field("遅れている理由")
        .value
        .text(SEED)
        .starts_with("特定課題に対する会議等"));
    let plan = field("総合計画の位置付け");
    assert_eq!(
        (line(&sheet, plan.label.start), line(&sheet, plan.label.end)),
        (28, 29),
        "split label"
    );
    assert_eq!(plan.value.segments.len(), 3);
    assert_eq!(field("の取組方針").year.as_ref().map(|y| y.0), Some(2017));

    // Sixteen checkboxes, four per item, one ■ each; the items' late lines merged.
    let mut total = 0;
    for (k, item) in sheet.items.iter().enumerate() {
        let item = item.as_ref().unwrap_or_else(|| panic!("item {k} missing"));
        assert_eq!(item.checkboxes.len(), 4, "{}", form.analysis.items[k].name);
        assert_eq!(item.checkboxes.iter().filter(|c| c.ticked).count(), 1);
        assert!(item.checkboxes.iter().all(|c| c.viewpoint.is_some()));
        assert_eq!(item.heads.len(), 1);
        total += item.checkboxes.len();
    }
    assert_eq!(total, 16);
    let ticked: Vec<&str> = sheet
        .items
        .iter()
        .flatten()
        .map(|i| {
            let c = i.checkboxes.iter().find(|c| c.ticked).unwrap();
            form.analysis.items[i.form].viewpoints[c.viewpoint.unwrap()]
                .label
                .as_str()
        })
        .collect();
    assert_eq!(
        ticked,
        [
            "事業目的の達成状況",
            "継続による成果向上の可能性",
            "事業の目的、対象、内容",
            "事業手法（民活の余地、事業形態の検討）"
        ]
    );
    assert!(sheet
        .fields
        .iter()
        .all(|f| matches!(f.target, LabelTarget::Top(_))));
}

#[test]
fn diagnostics_of_the_seed() {
    let form = Form::builtin();
    let (sheet, diags) = check(SEED, &form, &Config::default());
    let mut got: Vec<(usize, &str, String)> = diags
        .iter()
        .filter(|d| d.severity <= Severity::Warning)
        .map(|d| (line(&sheet, d.span.start), d.rule, d.message.clone()))
        .collect();
    got.sort();
    let count = |rule: &str, line_no: usize| {
        got.iter()
            .filter(|(l, r, _)| *r == rule && *l == line_no)
            .count()
    };
    let has = |rule: &str, line_no: usize, needle: &str| {
        got.iter()
            .any(|(l, r, m)| *r == rule && *l == line_no && m.contains(needle))
    };
    // Section 1's lost fields, on its heading.
    for f in [
        "事務事業名",
        "事業担当",
        "予算科目",
        "事業種類",
        "対象・受益者",
    ] {
        assert!(has("missing-field", 1, f), "{f}: {got:#?}");
    }
    assert_eq!(count("missing-field", 1), 5);
    // Section 2: 検証結果 (its label is broken around its value) and the two ① indicator blocks.
    for f in ["平成27年度の検証結果", "活動指標①", "成果指標①"] {
        assert!(has("missing-field", 4, f), "{f}: {got:#?}");
    }
    assert_eq!(count("missing-field", 4), 3);
    assert!(has("missing-field", 70, "表"));
    // Each item lacks its analysis and rating.
    for item_line in [103, 109, 130, 137] {
        assert!(has("missing-field", item_line, "分析・課題の抽出"));
        assert!(has("missing-field", item_line, "総合評価"));
    }
    for (l, f) in [
        (5, "事業の概要"),
        (8, "目的・目標"),
        (28, "総合計画の位置付け"),
    ] {
        assert!(has("field-outside-section", l, f), "{f}: {got:#?}");
    }
    assert_eq!(
        got.len(),
        5 + 3 + 1 + 8 + 3,
        "nothing else of severity E or W: {got:#?}"
    );
    assert!(got
        .iter()
        .all(|(_, r, _)| *r == "missing-field" || *r == "field-outside-section"));
}

#[test]
fn analysis_text_that_lost_its_label_gets_it_back() {
    let form = Form::builtin();
    let (sheet, diags) = check(SEED, &form, &Config::default());
    // Lines 105-107 are 効率性's analysis, pasted without its label.
    let stray: Vec<_> = diags
        .iter()
        .filter(|d| d.rule == "stray-text" && line(&sheet, d.span.start) == 105)
        .collect();
    assert_eq!(stray.len(), 1);
    assert!(stray[0].message.contains("効率性"), "{}", stray[0].message);
    let fix = &stray[0].fixes[0];
    let fixed = hyoka_core::diagnostics::apply_edits(SEED, &fix.edits);
    let (sheet2, diags2) = check(&fixed, &form, &Config::default());
    let missing_analysis = |d: &&hyoka_core::Diagnostic| {
        d.rule == "missing-field" && d.message.contains("効率性の必須の欄「分析・課題の抽出」")
    };
    assert_eq!(diags.iter().filter(missing_analysis).count(), 1);
    assert_eq!(diags2.iter().filter(missing_analysis).count(), 0);
    // The run's later lines are now its continuation, not stray.
    assert!(!diags2
        .iter()
        .any(|d| d.rule == "stray-text" && (105..=107).contains(&line(&sheet2, d.span.start))));
    // Only the first line of a run offers the fix.
    let second: Vec<_> = diags
        .iter()
        .filter(|d| d.rule == "stray-text" && line(&sheet, d.span.start) == 106)
        .collect();
    assert!(second.iter().all(|d| d.fixes.is_empty()));
}
