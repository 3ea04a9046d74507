//! Unit tests of `classify.rs`.

use super::*;
use crate::form::Form;

fn kind(line: &str) -> LineKind {
    let form = Form::builtin();
    classify(line, &form.lexicon).kind
}

#[test]
fn headings_in_every_width() {
    for l in [
        "１．事業の位置付け",
        "1. 事業の位置付け",
        "## １．事業の位置付け",
        " 1、事業の位置付け",
    ] {
        assert!(
            matches!(kind(l), LineKind::Heading { section: 0, .. }),
            "{l}"
        );
    }
    assert!(matches!(
        kind("３．年度別事業内容・決算額 （単位：千円）"),
        LineKind::Heading { section: 2, .. }
    ));
    assert!(matches!(
        kind("４．今後の事業展開（担当課としての提案）"),
        LineKind::Heading { section: 3, .. }
    ));
    assert!(matches!(
        kind("5. 事業の位置付けについて"),
        LineKind::Text { .. }
    ));
}

/// The built-in form with other heading styles.
fn kind_styled(styles: &str, line: &str) -> LineKind {
    let src = crate::form::DEFAULT_FORM
        .replacen(
            "heading_styles = [\"numbered\", \"markdown\"]",
            &format!("heading_styles = {styles}"),
            1,
        )
        .replacen("id = \"hiratsuka-h27\"", "id = \"styled\"", 1);
    let form = Form::from_toml(&src).unwrap();
    classify(line, &form.lexicon).kind
}

#[test]
fn bullet_and_bracket_headings_where_the_form_uses_them() {
    let bullet = "[\"bullet\"]";
    for l in [
        "○事業の位置付け",
        "■ 事業の位置付け",
        "◆事業の位置付け（概要）",
    ] {
        assert!(
            matches!(
                kind_styled(bullet, l),
                LineKind::Heading {
                    section: 0,
                    number: None
                }
            ),
            "{l}"
        );
    }
    // A checkbox is still a checkbox, and a numbered heading is not one under a bullet-only form.
    assert!(matches!(
        kind_styled(bullet, "■ 市民ニーズ"),
        LineKind::Checkbox { ticked: true, .. }
    ));
    assert!(!matches!(
        kind_styled(bullet, "１．事業の位置付け"),
        LineKind::Heading { .. }
    ));
    let bracket = "[\"bracket\"]";
    assert!(matches!(
        kind_styled(bracket, "【事業の位置付け】"),
        LineKind::Heading { section: 0, .. }
    ));
    // 【必要性】 is still an item, and the built-in styles read no bullet heading.
    assert!(matches!(
        kind_styled(bracket, "【必要性】"),
        LineKind::Item { .. }
    ));
    assert!(!matches!(kind("○事業の位置付け"), LineKind::Heading { .. }));
}

#[test]
fn title_with_page_number() {
    let l = "事業評価シート　（平成27年度分） 1";
    match kind(l) {
        LineKind::Title {
            year: Some((2015, r)),
        } => assert_eq!(&l[r.start as usize..r.end as usize], "平成27年度"),
        k => panic!("{k:?}"),
    }
    assert_eq!(kind("事業評価シート"), LineKind::Title { year: None });
    assert_eq!(kind("1頁"), LineKind::Printed);
    assert!(matches!(kind("1"), LineKind::Text { .. }));
}

#[test]
fn fields_need_a_boundary() {
    assert!(matches!(kind("事業の概要"), LineKind::Field(_)));
    assert!(matches!(kind("事業の概要：本市の…"), LineKind::Field(_)));
    assert!(matches!(kind("事業の概要 本市の…"), LineKind::Field(_)));
    assert!(matches!(kind("事業の概要を見直す"), LineKind::Text { .. }));
    let l = "遅れている理由 特定課題に対する会議";
    match kind(l) {
        LineKind::Field(f) => {
            let v = f.value.unwrap();
            assert_eq!(&l[v.start as usize..v.end as usize], "特定課題に対する会議");
        }
        k => panic!("{k:?}"),
    }
    match kind("平成27年度の主な取組と成果") {
        LineKind::Field(f) => assert_eq!(f.year.map(|y| y.0), Some(2015)),
        k => panic!("{k:?}"),
    }
    assert!(matches!(
        kind("令和2年度の取組方針：継続します"),
        LineKind::Field(_)
    ));
}

#[test]
fn unknown_labels_and_prose() {
    assert!(matches!(
        kind("事業の概用：本市の"),
        LineKind::UnknownField { distance: 1, .. }
    ));
    for l in ["課題：人員不足", "③：遅れている", "Ａ：成果があがった"] {
        assert_eq!(
            kind(l),
            LineKind::Text {
                label_prefix: false
            },
            "{l}"
        );
    }
    assert_eq!(kind(" 総合計画の"), LineKind::Text { label_prefix: true });
    assert_eq!(kind("平成27年度"), LineKind::Text { label_prefix: true });
}

#[test]
fn items_checkboxes_tables() {
    assert!(matches!(kind("必要性"), LineKind::Item { item: 0, .. }));
    assert!(matches!(kind("【効率性】"), LineKind::Item { item: 3, .. }));
    assert!(matches!(
        kind("成果指標①"),
        LineKind::Indicator { block: 2, .. }
    ));
    assert!(matches!(
        kind("■ 事業目的の達成状況 高"),
        LineKind::Checkbox { ticked: true, .. }
    ));
    assert!(matches!(
        kind("[ ] 市民ニーズ"),
        LineKind::Checkbox { ticked: false, .. }
    ));
    assert!(matches!(
        kind("[x] 市民ニーズ"),
        LineKind::Checkbox { ticked: true, .. }
    ));
    match kind("| 目標 | 40 | 45 |") {
        LineKind::TableRow { cells } => assert_eq!(cells.len(), 3),
        k => panic!("{k:?}"),
    }
    assert_eq!(kind("|---|---|"), LineKind::TableSeparator);
    match kind("国庫支出金\t0\t0\t0") {
        LineKind::TableRow { cells } => assert_eq!(cells.len(), 4),
        k => panic!("{k:?}"),
    }
    assert_eq!(
        kind("項目 分析の視点 左記の視点に関する分析・課題の抽出 総合評価"),
        LineKind::AnalysisHeader
    );
    assert_eq!(
        kind("// hyoka-disable budget-sum,stray-text"),
        LineKind::Comment(Some(Directive {
            kind: DirectiveKind::Disable,
            rules: vec!["budget-sum".into(), "stray-text".into()]
        }))
    );
}
