//! Work that grows with the size of the input, never with its square. Each shape is built at a size n and
//! at 8n, and `hyoka_core::work` counts the inner-loop steps of each run: the larger must take at most about
//! eight times the steps (a little more for the log factor of a sort or a binary search), where a quadratic
//! cost would take about sixty-four times. Nothing here measures time.

use hyoka_core::diagnostics::work;
use hyoka_core::diagnostics::Levels;
use hyoka_core::rules::workspace::{run, Summary};
use hyoka_core::{Config, FileId, Form};
use std::collections::BTreeMap;

const COMPLETE: &str = include_str!("../../../examples/complete.hyoka");

/// At most this many times the steps for eight times the input: 8 with a margin for a log factor.
const LINEAR: f64 = 10.0;

fn assert_linear(shape: &str, small: u64, large: u64) {
    let ratio = large as f64 / small.max(1) as f64;
    assert!(
        ratio <= LINEAR,
        "{shape}: {small} steps at n, {large} at 8n ({ratio:.1}×): the work grows faster than the input"
    );
}

/// The complete example with `chunk` (one or more lines) repeated `n` times after each of `at` (0-based
/// line indices of the example).
fn sheet(inserts: &[(usize, &str)], n: usize) -> String {
    let mut out = Vec::new();
    for (i, line) in COMPLETE.lines().enumerate() {
        out.push(line.to_string());
        for (at, chunk) in inserts {
            if *at == i {
                out.extend(std::iter::repeat_n(chunk.to_string(), n));
            }
        }
    }
    out.join("\n") + "\n"
}

fn lint_steps(text: &str) -> u64 {
    let form = Form::builtin();
    let ((_, diags), steps) = work::counted(|| hyoka_core::check(text, &form, &Config::default()));
    std::hint::black_box(diags);
    steps
}

/// Line indices in the complete example: the title, a field of section 1, section 2's heading, a field and
/// a row of the first indicator block, a checkbox and the rating of 必要性, a row of the budget table, its last row.
const AFTER_TITLE: usize = 0;
const AFTER_KIND: usize = 6;
const BEFORE_SECTION_2: usize = 22;
const AFTER_INDICATOR_NAME: usize = 25;
const AFTER_ACTUAL_ROW: usize = 30;
const AFTER_CHECKBOX: usize = 66;
const AFTER_RATING: usize = 74;
const AFTER_BUDGET_ROW: usize = 110;
const AFTER_BUDGET_TABLE: usize = 119;

#[test]
fn the_example_has_the_lines_the_shapes_repeat() {
    let lines: Vec<&str> = COMPLETE.lines().collect();
    assert!(lines[AFTER_TITLE].starts_with("事業評価シート"));
    assert!(lines[AFTER_KIND].starts_with("事業種類"));
    assert!(lines[BEFORE_SECTION_2 + 1].starts_with("２．"));
    assert!(lines[AFTER_INDICATOR_NAME].contains("指標名"));
    assert!(lines[AFTER_ACTUAL_ROW].contains("実績"));
    assert!(lines[AFTER_CHECKBOX].contains("□ 市民ニーズ"));
    assert!(lines[AFTER_RATING].contains("総合評価"));
    assert!(lines[AFTER_BUDGET_ROW].starts_with("| 国庫支出金"));
    assert!(lines[AFTER_BUDGET_TABLE].starts_with("| 執行率"));
}

/// Each shape: its name and what is repeated where.
fn sheet_shapes() -> Vec<(&'static str, Vec<(usize, &'static str)>)> {
    vec![
        (
            "a run of disable-next-line directives",
            vec![(AFTER_TITLE, "// hyoka-disable-next-line")],
        ),
        (
            "a directive before each of many flagged lines",
            vec![(
                AFTER_KIND,
                "// hyoka-disable-next-line duplicate-field\n事業種類：○ハード　●ソフト",
            )],
        ),
        (
            "many rules disabled, others enabled",
            vec![(
                AFTER_TITLE,
                "// hyoka-disable stray-text\n// hyoka-enable duplicate-field",
            )],
        ),
        (
            "a field repeated in an indicator block",
            vec![(
                AFTER_INDICATOR_NAME,
                "　指標名：地産地消推進イベントの開催回数",
            )],
        ),
        (
            "a row repeated in an indicator table",
            vec![(AFTER_ACTUAL_ROW, "　| 実績 | 11 | 13 | 14 |")],
        ),
        (
            "a checkbox repeated in an analysis item",
            vec![(AFTER_CHECKBOX, "　■ 市民ニーズ")],
        ),
        (
            "a rating repeated in an analysis item",
            vec![(AFTER_RATING, "　総合評価：●高　○中　○低")],
        ),
        (
            "a field repeated in two sections",
            vec![
                (AFTER_KIND, "事業種類：○ハード　●ソフト"),
                (AFTER_INDICATOR_NAME, "事業種類：○ハード　●ソフト"),
            ],
        ),
        (
            "a member of a group of fields repeated",
            vec![(AFTER_KIND, "総合計画の位置付け：'04")],
        ),
        (
            "headings repeated, one section after another",
            vec![
                (AFTER_TITLE, "１．事業の位置付け"),
                (BEFORE_SECTION_2, "２．事業の検証"),
            ],
        ),
        (
            "a row repeated in the budget table",
            vec![(AFTER_BUDGET_ROW, "| 県支出金 | 250 | 250 | 250 |")],
        ),
        (
            "many tables",
            vec![(
                AFTER_BUDGET_TABLE,
                "\n| | 平成27年度 | 平成28年度 |\n| 県支出金 | 250 | 250 |",
            )],
        ),
    ]
}

#[test]
fn one_sheet_costs_work_in_proportion_to_its_lines() {
    let n = 150;
    for (shape, inserts) in sheet_shapes() {
        let small = lint_steps(&sheet(&inserts, n));
        let large = lint_steps(&sheet(&inserts, 8 * n));
        assert_linear(shape, small, large);
    }
}

/// The example's summary, as sheet `file`.
fn summary() -> Summary {
    let form = Form::builtin();
    let (_, sheet) = hyoka_core::model::parse(COMPLETE, &form);
    hyoka_core::summarize(COMPLETE, &sheet, &form, FileId(0))
}

/// The example's summary moved `by` years later: the sheet's year and every figure's.
fn moved(s: &Summary, by: i32) -> Summary {
    let mut s = s.clone();
    s.year = s.year.map(|y| y + by);
    s.year_label = s.year.map(|y| format!("{y}"));
    for ind in &mut s.indicators {
        for f in &mut ind.figures {
            f.year += by;
        }
    }
    s
}

/// The cross-sheet rules over `sheets` with `aliases`: (steps, related locations).
fn workspace_work(mut sheets: Vec<Summary>, aliases: &BTreeMap<String, String>) -> (u64, usize) {
    for (i, s) in sheets.iter_mut().enumerate() {
        s.file = FileId(i as u32);
    }
    let refs: Vec<&Summary> = sheets.iter().collect();
    let levels = Levels::new();
    let (found, steps) = work::counted(|| run(&refs, aliases, &|_| &levels));
    let related = found.iter().map(|(_, d)| d.related.len()).sum();
    (steps, related)
}

type Workspace = (Vec<Summary>, BTreeMap<String, String>);

/// A shape of workspace: its name and how to build it at n sheets.
type WorkspaceShape = (&'static str, fn(usize) -> Workspace);

/// Each shape of workspace at n sheets.
fn workspace_shapes() -> Vec<WorkspaceShape> {
    vec![
        ("copies of one sheet", |n| {
            (vec![summary(); n], BTreeMap::new())
        }),
        ("one project in many years", |n| {
            let s = summary();
            (
                (0..n as i32).map(|k| moved(&s, k)).collect(),
                BTreeMap::new(),
            )
        }),
        ("one project, some years given twice", |n| {
            let s = summary();
            (
                (0..n as i32).map(|k| moved(&s, k / 2)).collect(),
                BTreeMap::new(),
            )
        }),
        ("many budget codes in one year", |n| {
            let s = summary();
            let sheets = (0..n)
                .map(|k| {
                    let mut s = s.clone();
                    s.budget_code = Some(format!("{}", k / 2));
                    s
                })
                .collect();
            (sheets, BTreeMap::new())
        }),
        ("one budget code on half the sheets of one year", |n| {
            let s = summary();
            let sheets = (0..n)
                .map(|k| {
                    let mut s = s.clone();
                    s.budget_code = (k % 2 == 0).then(|| "1".to_string());
                    s
                })
                .collect();
            (sheets, BTreeMap::new())
        }),
        ("many aliases", |n| {
            let s = summary();
            let mut aliases = BTreeMap::new();
            let sheets = (0..n)
                .map(|k| {
                    let mut s = moved(&s, (k % 2) as i32);
                    let project = s.project.as_mut().expect("the example names its project");
                    let name = format!("project {}", k / 2);
                    let old = format!("former {name}");
                    if k % 2 == 0 {
                        project.key = old.clone();
                    } else {
                        project.key = name.clone();
                    }
                    aliases.insert(old, name);
                    s
                })
                .collect();
            (sheets, aliases)
        }),
        ("one division spelt many ways", |n| {
            let s = summary();
            let sheets = (0..n)
                .map(|k| {
                    let mut s = s.clone();
                    let project = s.project.as_mut().expect("the example names its project");
                    project.key = format!("project {k}");
                    let owner = s.owner.as_mut().expect("the example names its owner");
                    owner.spelling = format!("{k} {}", owner.spelling);
                    if k % 3 == 0 {
                        owner.department_key = format!("department {k}");
                    }
                    s
                })
                .collect();
            (sheets, BTreeMap::new())
        }),
        ("many yearly texts in two years", |n| {
            let s = summary();
            let mut texts = Vec::new();
            for k in 0..n {
                for t in &s.texts {
                    let mut t = t.clone();
                    t.field = format!("{k}/{}", t.field);
                    texts.push(t);
                }
            }
            let mut first = s.clone();
            first.texts = texts;
            let second = moved(&first, 1);
            (vec![first, second], BTreeMap::new())
        }),
    ]
}

#[test]
fn the_cross_sheet_rules_cost_work_in_proportion_to_the_sheets() {
    let n = 100;
    for (shape, build) in workspace_shapes() {
        let (sheets, aliases) = build(n);
        let (small, related_small) = workspace_work(sheets, &aliases);
        let (sheets, aliases) = build(8 * n);
        let (large, related_large) = workspace_work(sheets, &aliases);
        assert_linear(shape, small, large);
        assert!(
            related_large as f64 <= LINEAR * related_small.max(n) as f64,
            "{shape}: {related_small} related locations for n sheets, {related_large} for 8n"
        );
    }
}

#[test]
fn copies_of_one_sheet_point_to_a_few_others_and_count_them_all() {
    let n = 50;
    let (steps, related) = workspace_work(vec![summary(); n], &BTreeMap::new());
    assert!(steps > 0);
    // Each copy points to three others at most, not to the other 49.
    assert!(
        related <= 3 * n,
        "{related} related locations for {n} copies"
    );
    let sheets: Vec<Summary> = (0..n)
        .map(|i| {
            let mut s = summary();
            s.file = FileId(i as u32);
            s
        })
        .collect();
    let refs: Vec<&Summary> = sheets.iter().collect();
    let levels = Levels::new();
    let found = run(&refs, &BTreeMap::new(), &|_| &levels);
    let duplicates: Vec<_> = found
        .iter()
        .filter(|(_, d)| d.rule == "duplicate-project")
        .collect();
    assert_eq!(duplicates.len(), n, "each copy is told");
    for (file, d) in duplicates {
        assert!(d.message.contains(&format!(" {n} ")), "{}", d.message);
        assert_eq!(d.related.len(), 3);
        // The first copies of the year, never the sheet itself.
        let others: Vec<u32> = d
            .related
            .iter()
            .map(|r| r.file.expect("in another file").0)
            .collect();
        let expected: Vec<u32> = (0..n as u32).filter(|&j| j != file.0).take(3).collect();
        assert_eq!(others, expected);
    }
}
