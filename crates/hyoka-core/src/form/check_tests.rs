//! Unit tests of `check.rs`.

use super::*;

fn line_col(src: &str, span: &Option<Range<usize>>) -> (usize, usize) {
    let at = span.as_ref().expect("a span").start;
    let line = src[..at].matches('\n').count() + 1;
    let col = src[..at].rsplit('\n').next().unwrap().chars().count() + 1;
    (line, col)
}

#[test]
fn a_checked_form_is_the_form_that_loads() {
    // Same signs and eras as Form::from_toml gives: the checked form is usable, not a half-built one.
    let checked = check(crate::form::DEFAULT_FORM).expect("the built-in form checks");
    let loaded = Form::builtin();
    assert_eq!(checked.format.ticked, loaded.format.ticked);
    assert_eq!(
        checked.format.years.format(2019),
        loaded.format.years.format(2019)
    );
    assert!(!checked.format.years.eras.is_empty());
    assert!(checked.lexicon.title_pattern.is_some());
}

#[test]
fn every_message_key_named_here_is_in_the_catalogue() {
    let src = include_str!("check.rs");
    let keys: Vec<&str> = src
        .split('"')
        .filter(|s| s.starts_with("form.error.") && !s.ends_with('.'))
        .collect();
    assert!(keys.len() > 20, "{keys:?}");
    for key in keys {
        assert!(crate::messages::has(key), "ja.toml has no {key}");
    }
}

#[test]
fn the_builtin_form_has_no_problems() {
    assert!(check(super::super::DEFAULT_FORM).is_ok());
}

/// `Form::builtins` reads the built-in forms without validating them: here they are validated, and what
/// the checked path gives is what the quick path gives.
#[test]
fn every_builtin_form_validates_and_loads_the_same_either_way() {
    let quick = Form::builtins();
    for ((id, text), q) in super::super::BUILTIN_FORMS.iter().zip(&quick) {
        let checked = check(text).unwrap_or_else(|e| panic!("{id}: {e:?}"));
        let checked = checked.indexed();
        assert_eq!(format!("{checked:?}"), format!("{q:?}"), "{id}");
    }
}

#[test]
fn paths_locate_values_and_fall_back_to_their_table() {
    let src = "a = 1\n\n[[t]]\nx = 1\n\n[[t]]\ny = [\"p\", \"q\"]\n";
    let doc = ImDocument::parse(src).unwrap();
    let span = locate(&doc, &[k("t"), Index(1), k("y"), Index(1)]);
    assert_eq!(line_col(src, &span), (7, 11));
    let span = locate(&doc, &[k("t"), Index(1), k("missing")]);
    assert_eq!(line_col(src, &span), (6, 1));
    assert_eq!(locate(&doc, &[k("none")]), None);
}

#[test]
fn duplicates_fold_widths() {
    let src = super::super::DEFAULT_FORM
        .replacen("name = \"予算額\"", "name = \"事業費（Ａ）\"", 1)
        .replacen("id = \"hiratsuka-h27\"", "id = \"copy\"", 1);
    let problems = check(&src).unwrap_err();
    assert_eq!(problems.len(), 2, "{problems:?}"); // the duplicate, and the rate's denominator
    assert!(problems.iter().any(|p| p.first.is_some()));
}
/// The built-in form under another id, `from` replaced by `to`.
fn copy_with(from: &str, to: &str) -> String {
    let src = super::super::DEFAULT_FORM;
    assert!(src.contains(from), "{from:?}");
    src.replacen("id = \"hiratsuka-h27\"", "id = \"my-city\"", 1)
        .replacen(from, to, 1)
}

const BUDGET_CODE: &str = "pattern = '[0-9xX]{1,2}-[0-9xX]{6}-[0-9xX]{6}'";
const TITLE: &str = "pattern = '事業評価シート(?:";

#[test]
fn a_pattern_over_the_cost_cap_is_refused_at_the_pattern() {
    // Under the regex crate's own 10 MiB limit, and seconds of matching per sheet.
    let costly = "(?:.{1,200}){1,50}";
    let too_big = crate::messages::ja(
        "form.error.pattern_too_costly",
        &[("limit", &(super::super::PATTERN_SIZE_LIMIT / 1024))],
    );
    for (from, to) in [
        (BUDGET_CODE, format!("pattern = '{costly}'")),
        (TITLE, format!("pattern = '{costly}|事業評価シート(?:")),
    ] {
        let src = copy_with(from, &to);
        let problems = check(&src).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        let at = src.find(&to).unwrap() + "pattern = ".len();
        assert_eq!(problems[0].span.as_ref().map(|s| s.start), Some(at));
        assert_eq!(problems[0].message, too_big);
        // Loading it fails the same way.
        assert_eq!(Form::from_toml(&src).unwrap_err().0, too_big);
    }
    // A pattern that is not one is still reported as such.
    let problems = check(&copy_with(BUDGET_CODE, "pattern = '[0-9'")).unwrap_err();
    assert!(
        problems[0].message.contains("正規表現として読めません"),
        "{problems:?}"
    );
}

/// The smallest `size_limit` a pattern compiles under (within 1 KiB).
fn compiled_size(pattern: &str) -> usize {
    let fits = |limit: usize| {
        regex::RegexBuilder::new(&format!("^(?:{pattern})$"))
            .size_limit(limit)
            .build()
            .is_ok()
    };
    let (mut lo, mut hi) = (0, 10 << 20);
    while hi - lo > 1024 {
        let mid = (lo + hi) / 2;
        if fits(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    hi
}

#[test]
fn every_builtin_pattern_fits_the_cost_cap_with_a_wide_margin() {
    let mut largest = 0;
    for form in Form::builtins() {
        let fields = form
            .fields
            .iter()
            .chain(&form.indicators.fields)
            .chain(&form.analysis.fields);
        let patterns = std::iter::once(form.title.pattern.as_str())
            .chain(fields.filter_map(|f| f.pattern.as_deref()));
        for p in patterns {
            let size = compiled_size(p);
            assert!(
                size * 8 <= super::super::PATTERN_SIZE_LIMIT,
                "{}: {p}: {size}",
                form.id
            );
            largest = largest.max(size);
        }
    }
    eprintln!("the largest built-in pattern compiles in {largest} bytes");
}

#[test]
fn a_form_file_may_not_take_a_builtin_forms_id() {
    let src = super::super::DEFAULT_FORM.replacen("name = \"平塚市", "name = \"写しの市", 1);
    let problems = check(&src).unwrap_err();
    assert_eq!(problems.len(), 1, "{problems:?}");
    let at = src.find("id = \"hiratsuka-h27\"").unwrap() + "id = ".len();
    assert_eq!(problems[0].span.as_ref().map(|s| s.start), Some(at));
    assert!(problems[0].message.contains("別の ID"), "{problems:?}");
    let loaded = Form::from_toml(&src).unwrap_err().0;
    assert_eq!(loaded, problems[0].message);
    // Every built-in id, whichever form the copy was made from.
    for (file, _) in super::super::BUILTIN_FORMS {
        let id = file.strip_suffix(".toml").unwrap();
        let src = copy_with("name = \"平塚市", "name = \"写しの市").replacen(
            "id = \"my-city\"",
            &format!("id = \"{id}\""),
            1,
        );
        assert!(check(&src).is_err(), "{id}");
    }
    // The built-in form's own file is that form, whatever its line ends; another id is free.
    assert!(check(super::super::DEFAULT_FORM).is_ok());
    assert!(check(&super::super::DEFAULT_FORM.replace('\n', "\r\n")).is_ok());
    assert!(check(&copy_with("name = \"平塚市", "name = \"写しの市")).is_ok());
}

#[test]
fn a_form_over_the_node_cap_is_refused_before_it_is_parsed() {
    // Valid TOML of many tiny values: each would be a node of the parsed document.
    let src = format!("x = [{}1]\n", "1,".repeat(super::super::size::NODE_LIMIT));
    let problems = check(&src).unwrap_err();
    assert_eq!(problems.len(), 1, "{problems:?}");
    let at = super::super::size::over_limit(&src).unwrap();
    assert_eq!(problems[0].span, Some(at..at + 1));
    assert!(problems[0].message.contains("多すぎます"), "{problems:?}");
    assert_eq!(Form::from_toml(&src).unwrap_err().0, problems[0].message);
    // Just under the cap it is parsed (and is no form).
    let under = format!(
        "x = [{}1]\n",
        "1,".repeat(super::super::size::NODE_LIMIT - 2)
    );
    let problems = check(&under).unwrap_err();
    assert!(!problems[0].message.contains("多すぎます"), "{problems:?}");
}
