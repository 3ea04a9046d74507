//! End-to-end tests of `hyoka form check | list | schema` (docs/forms.md): run the built binary on the
//! built-in form and on broken copies of it written to temporary folders; nothing in the repository is
//! written. forms/form.schema.json must be what `hyoka form schema` prints.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

const FORM: &str = "forms/hiratsuka-h27.toml";
const SCHEMA: &str = "forms/form.schema.json";
const REGENERATE: &str = "cargo run -- form schema > forms/form.schema.json";

#[derive(Debug)]
struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Run hyoka in `dir` under a locale (`LANG`; the locale variables that take precedence are removed).
fn run_lang(dir: &Path, lang: &str, args: &[&str]) -> Out {
    let o = Command::new(env!("CARGO_BIN_EXE_hyoka"))
        .args(args)
        .current_dir(dir)
        .env("LANG", lang)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("run hyoka");
    Out {
        code: o.status.code().expect("exited normally"),
        stdout: String::from_utf8(o.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(o.stderr).expect("stderr is UTF-8"),
    }
}

fn run(args: &[&str]) -> Out {
    run_lang(&root(), "ja_JP.UTF-8", args)
}

/// The id of a user's copy of the built-in form (a built-in form's id is reserved).
const COPY_ID: &str = "id = \"my-city\"";

/// The built-in form under another id, as a user's copy of it would be.
fn copy() -> String {
    let src = read(FORM);
    assert!(src.contains("id = \"hiratsuka-h27\""), "{FORM} has its id");
    src.replacen("id = \"hiratsuka-h27\"", COPY_ID, 1)
}

/// A copy of the built-in form with `from` replaced once by `to`, written as `name` in a new temporary folder.
fn broken(name: &str, from: &str, to: &str) -> (tempfile::TempDir, String) {
    let src = copy();
    assert!(
        src.contains(from),
        "the built-in form no longer has {from:?}"
    );
    let text = src.replacen(from, to, 1);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), &text).unwrap();
    (dir, text)
}

/// 1-based line and column (in characters) of the first `needle` in `text`, after the first `after`.
fn position(text: &str, after: &str, needle: &str) -> (usize, usize) {
    let from = text.find(after).unwrap_or_else(|| panic!("no {after:?}"));
    let at = from
        + text[from..]
            .find(needle)
            .unwrap_or_else(|| panic!("no {needle:?}"));
    let line = text[..at].matches('\n').count() + 1;
    let col = text[..at].rsplit('\n').next().unwrap().chars().count() + 1;
    (line, col)
}

/// `hyoka form check NAME` in the folder: exit 2 and exactly the one expected line.
fn assert_one_problem(
    dir: &Path,
    name: &str,
    lang: &str,
    (line, col): (usize, usize),
    message: &str,
) {
    let out = run_lang(dir, lang, &["form", "check", name]);
    assert_eq!(out.code, 2, "{out:?}");
    assert_eq!(
        out.stdout,
        format!("{name}:{line}:{col}: {message}\n"),
        "{out:?}"
    );
    assert!(out.stderr.is_empty(), "{out:?}");
}

// ───────────────────────────── schema ─────────────────────────────

#[test]
fn committed_schema_is_what_form_schema_prints() {
    let out = run(&["form", "schema"]);
    assert_eq!(out.code, 0, "{out:?}");
    let committed = std::fs::read_to_string(root().join(SCHEMA))
        .unwrap_or_else(|e| panic!("{SCHEMA} is missing ({e}); run `{REGENERATE}`"));
    assert!(
        committed == out.stdout,
        "{SCHEMA} is stale (the serde types in crates/hyoka-core/src/form/mod.rs changed); run `{REGENERATE}`"
    );
    let v: serde_json::Value = serde_json::from_str(&committed).expect("the schema is JSON");
    assert_eq!(v["$schema"], "http://json-schema.org/draft-07/schema#");
    assert_eq!(v["additionalProperties"], false, "unknown keys are refused");
    // The doc comments of the serde types are the descriptions a form author reads.
    let field = &v["definitions"]["Field"]["properties"];
    for key in [
        "label", "aliases", "section", "kind", "required", "help", "options",
    ] {
        let d = field[key]["description"].as_str().unwrap_or_default();
        assert!(!d.is_empty(), "Field.{key} has a description");
    }
}

#[test]
fn builtin_form_starts_with_the_schema_directive() {
    // taplo (VS Code's Even Better TOML) reads `#:schema <path>` in the header comments, relative to the file.
    let src = read(FORM);
    assert_eq!(src.lines().next(), Some("#:schema ./form.schema.json"));
}

fn validate_with_python(files: &[&Path]) -> std::process::Output {
    let script = root().join("tests/data/validate.py");
    let out = Command::new("python3")
        .arg(&script)
        .arg(root().join(SCHEMA))
        .args(files)
        .output();
    out.unwrap_or_else(|e| {
        panic!("python3 is needed to validate forms against {SCHEMA} ({e}); install python3 and `pip install jsonschema`")
    })
}

#[test]
fn builtin_form_validates_against_the_schema_and_a_broken_one_does_not() {
    let v = validate_with_python(&[&root().join(FORM)]);
    assert!(
        v.status.success(),
        "{FORM} does not validate against {SCHEMA}:\n{}{}",
        String::from_utf8_lossy(&v.stdout),
        String::from_utf8_lossy(&v.stderr)
    );
    let (dir, _) = broken(
        "bad.toml",
        "kind = \"period\"",
        "kind = \"periods\"\nlabl = \"x\"",
    );
    let v = validate_with_python(&[&dir.path().join("bad.toml")]);
    let said = String::from_utf8_lossy(&v.stdout);
    assert_eq!(
        v.status.code(),
        Some(1),
        "{said}{}",
        String::from_utf8_lossy(&v.stderr)
    );
    assert!(said.contains("labl") && said.contains("periods"), "{said}");
}

// ───────────────────────────── check ─────────────────────────────

#[test]
fn builtin_form_checks_clean() {
    let out = run(&["form", "check", FORM]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(
        out.stdout,
        "forms/hiratsuka-h27.toml: 正しい様式です（hiratsuka-h27「平塚市 事業評価シート（平成27年度分）」: 大項目 4、欄 25、分析項目 4）\n"
    );
    let out = run_lang(&root(), "en_US.UTF-8", &["form", "check", FORM]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        out.stdout.contains("a valid form (hiratsuka-h27"),
        "{out:?}"
    );
}

#[test]
fn syntax_error_is_placed() {
    let (dir, text) = broken(
        "f.toml",
        "word = \"事業評価シート\"",
        "word = \"事業評価シート",
    );
    // The string runs to the end of its line: the error is there, columns counted in characters.
    let (line, col) = position(&text, "word = \"事業評価シート", "\n");
    assert_one_problem(
        dir.path(),
        "f.toml",
        "ja_JP.UTF-8",
        (line, col),
        "TOML の書き方の誤りです: invalid basic string",
    );
}

#[test]
fn unknown_key_is_placed_with_the_keys_allowed() {
    let (dir, text) = broken(
        "f.toml",
        "aliases = [\"根拠法令\"]",
        "aliases = [\"根拠法令\"]\nlabl = \"x\"",
    );
    let keys = "label, aliases, section, kind, required, help, year_offset, group, dash_is_empty, role, written_each_year, pattern, levels, number_words, options, groups, default, comment";
    let pos = position(&text, "", "labl =");
    assert_one_problem(
        dir.path(),
        "f.toml",
        "ja_JP.UTF-8",
        pos,
        &format!("不明なキー「labl」です（書けるキー: {keys}）"),
    );
    assert_one_problem(
        dir.path(),
        "f.toml",
        "en_US.UTF-8",
        pos,
        &format!("unknown key “labl” (expected: {keys})"),
    );
}

#[test]
fn sum_naming_a_missing_row_is_placed_at_that_name() {
    let (dir, text) = broken(
        "f.toml",
        "\"事業費(A)\", \"人件費(B)\"]",
        "\"事業費(A)\", \"人件費\"]",
    );
    let pos = position(&text, "rule = \"full-cost-sum\"", "\"人件費\"");
    assert_one_problem(
        dir.path(),
        "f.toml",
        "ja_JP.UTF-8",
        pos,
        "budget.sums の行「人件費」が budget.rows にありません",
    );
}

#[test]
fn a_row_role_of_the_wrong_kind_of_table_is_placed_at_the_role() {
    // 事業費(A) is the budget table's project cost; `target` belongs to an indicator table's rows.
    let (dir, text) = broken(
        "f.toml",
        "name = \"事業費(A)\"\nrole = \"project-cost\"",
        "name = \"事業費(A)\"\nrole = \"target\"",
    );
    let pos = position(&text, "name = \"事業費(A)\"", "\"target\"");
    assert_one_problem(
        dir.path(),
        "f.toml",
        "ja_JP.UTF-8",
        pos,
        "表の行「事業費(A)」の role「target」は指標の表の行のものです（費用の表の行は project-cost か full-cost）",
    );
}

#[test]
fn duplicate_label_after_folding_names_the_first() {
    // 事業担当 is a field's label; a later field's 事業　担当 (a full-width space) folds to the same text.
    let (dir, text) = broken(
        "f.toml",
        "label = \"課長コメント\"",
        "label = \"事業　担当\"",
    );
    let first = position(&text, "", "\"事業担当\"");
    let second = position(&text, "", "\"事業　担当\"");
    assert_one_problem(
        dir.path(),
        "f.toml",
        "ja_JP.UTF-8",
        second,
        &format!(
            "欄名「事業　担当」が他の欄の欄名か別名と重なっています（全角・半角などの違いを除くと「事業担当」と同じです）（1 つ目は {} 行 {} 列）",
            first.0, first.1
        ),
    );
    assert_one_problem(
        dir.path(),
        "f.toml",
        "en_US.UTF-8",
        second,
        &format!(
            "label “事業　担当” is already the label or alias of another field (the same as “事業担当” once full- and half-width forms are folded) (the first one is at line {}, column {})",
            first.0, first.1
        ),
    );
}

#[test]
fn field_naming_a_missing_section_is_placed_at_its_section() {
    let (dir, text) = broken(
        "f.toml",
        "aliases = [\"根拠法令\"]\nsection = 1",
        "aliases = [\"根拠法令\"]\nsection = 7",
    );
    let pos = position(&text, "aliases = [\"根拠法令\"]", "7");
    assert_one_problem(
        dir.path(),
        "f.toml",
        "ja_JP.UTF-8",
        pos,
        "項目「根拠法令等」の section 7 がありません",
    );
    assert_one_problem(
        dir.path(),
        "f.toml",
        "en_US.UTF-8",
        pos,
        "field “根拠法令等”: section 7 does not exist",
    );
}

#[test]
fn several_problems_are_all_reported_in_text_order() {
    let src = copy()
        .replacen(
            "section = 1\nkind = \"period\"",
            "section = 9\nkind = \"period\"",
            1,
        )
        .replacen("denominator = \"予算額\"", "denominator = \"予算\"", 1)
        .replacen("aliases = [\"委託・協働\"]", "aliases = [\"事業名\"]", 1);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("f.toml"), &src).unwrap();
    let out = run_lang(dir.path(), "ja_JP.UTF-8", &["form", "check", "f.toml"]);
    assert_eq!(out.code, 2, "{out:?}");
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{out:?}");
    assert!(lines[0].contains("section 9"), "{out:?}");
    assert!(lines[1].contains("「事業名」"), "{out:?}");
    assert!(lines[2].contains("「予算」"), "{out:?}");
    let line_of = |l: &str| l.split(':').nth(1).unwrap().parse::<usize>().unwrap();
    assert!(line_of(lines[0]) < line_of(lines[1]) && line_of(lines[1]) < line_of(lines[2]));
}

#[test]
fn unreadable_form_files_exit_2_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_lang(dir.path(), "ja_JP.UTF-8", &["form", "check", "none.toml"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stdout.is_empty(), "{out:?}");
    assert!(
        out.stderr.contains("none.toml") && out.stderr.contains("ありません"),
        "{out:?}"
    );
    let out = run_lang(dir.path(), "ja_JP.UTF-8", &["form", "check", "."]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("フォルダです"), "{out:?}");
    let out = run_lang(dir.path(), "ja_JP.UTF-8", &["form", "check"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("hyoka form check --help"), "{out:?}");
}

// ───────────────────────────── list and help ─────────────────────────────

#[test]
fn form_list_lists_every_form_of_the_forms_folder() {
    let out = run(&["form", "list"]);
    assert_eq!(out.code, 0, "{out:?}");
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(
        lines[0], "hiratsuka-h27  平塚市 事業評価シート（平成27年度分）（表題「事業評価シート」）",
        "the default form comes first"
    );
    // Every form file shipped in forms/ is built in, listed by its id (the file name without .toml).
    let mut ids: Vec<String> = std::fs::read_dir(root().join("forms"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter_map(|n| n.strip_suffix(".toml").map(String::from))
        .filter(|n| n != "format")
        .collect();
    ids.sort();
    let mut listed: Vec<String> = lines
        .iter()
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect();
    listed.sort();
    assert_eq!(listed, ids);
    assert!(
        out.stdout.contains("kakogawa-r4    加古川市 事務事業評価シート（令和4年度版・令和3年度実施事業）（表題「事務事業評価シート」）"),
        "{}",
        out.stdout
    );
    let out = run_lang(&root(), "en_US.UTF-8", &["form", "list"]);
    assert_eq!(
        out.stdout.lines().next().unwrap(),
        "hiratsuka-h27  平塚市 事業評価シート（平成27年度分） (title “事業評価シート”)"
    );
}

#[test]
fn form_help_is_japanese_and_english_under_an_english_locale() {
    let cases: [(&[&str], &str, &str); 4] = [
        (
            &["form", "--help"],
            "使い方: hyoka form <コマンド>",
            "Usage: hyoka form <COMMAND>",
        ),
        (
            &["form", "check", "--help"],
            "検査する様式ファイル（TOML）",
            "The form file (TOML) to check",
        ),
        (
            &["form", "list", "--help"],
            "組み込みの様式を一覧します",
            "List the built-in forms",
        ),
        (
            &["form", "schema", "--help"],
            "JSON Schema を出力します",
            "Print the JSON Schema of form files",
        ),
    ];
    for (args, ja, en) in cases {
        let out = run_lang(&root(), "ja_JP.UTF-8", args);
        assert_eq!(out.code, 0, "{args:?}: {out:?}");
        assert!(out.stdout.contains(ja), "{args:?}: {}", out.stdout);
        assert!(
            out.stdout.contains("このヘルプを表示します"),
            "{}",
            out.stdout
        );
        assert!(!out.stdout.contains("Print help"), "{}", out.stdout);
        let out = run_lang(&root(), "en_US.UTF-8", args);
        assert_eq!(out.code, 0, "{args:?}: {out:?}");
        assert!(out.stdout.contains(en), "{args:?}: {}", out.stdout);
        assert!(out.stdout.contains("Print help"), "{}", out.stdout);
    }
    // The top-level help names the new command in both languages.
    let out = run_lang(&root(), "ja_JP.UTF-8", &["--help"]);
    assert!(out.stdout.contains("  form "), "{}", out.stdout);
    let out = run_lang(&root(), "en_US.UTF-8", &["--help"]);
    assert!(
        out.stdout.contains("Form files (forms/*.toml)"),
        "{}",
        out.stdout
    );
}

/// `hyoka check --format json --form FORM SHEET` in the repository: (rule, severity, line) of every diagnostic.
fn check_with_form(form: &str, sheet: &str) -> Vec<(String, String, u64)> {
    let out = run(&["check", "--format", "json", "--form", form, sheet]);
    assert!(out.code == 0 || out.code == 1, "{out:?}");
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("one JSON document");
    let diags = v["files"][0]["diagnostics"].as_array().cloned();
    diags
        .unwrap_or_default()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

const BRACKET_FORM: &str = "tests/fixtures/forms/bracket-r4.toml";

#[test]
fn a_form_of_another_layout_is_only_data_and_its_clean_sheet_passes() {
    // 【…】 headings, a title whose year is N + 1, one-character labels, □/■ as a single choice, no
    // indicators and no analysis table: all from the form file.
    let out = run(&["form", "check", BRACKET_FORM]);
    assert_eq!(out.code, 0, "{out:?}");
    let found = check_with_form(BRACKET_FORM, "tests/fixtures/forms/bracket-r4-clean.hyoka");
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn a_form_of_another_layout_catches_what_its_broken_sheet_gets_wrong() {
    let found = check_with_form(BRACKET_FORM, "tests/fixtures/forms/bracket-r4-broken.hyoka");
    let errors: Vec<(&str, u64)> = found
        .iter()
        .filter(|(_, severity, _)| severity == "error")
        .map(|(rule, _, line)| (rule.as_str(), *line))
        .collect();
    assert_eq!(
        errors,
        [
            // 目 is missing from 【会計】 (line 8).
            ("missing-field", 8),
            // The cost table is headed 令和4年度 but the sheet evaluates 令和3年度 (title 令和4年度 − 1).
            ("year-mismatch", 13),
            // 2,636 of funding for a cost of 2,836.
            ("budget-sum", 14),
            // Two ■ in a single choice marked with □/■.
            ("choice-count", 22),
        ]
    );
    let out = run(&[
        "check",
        "--form",
        BRACKET_FORM,
        "tests/fixtures/forms/bracket-r4-broken.hyoka",
    ]);
    assert!(
        out.stdout.contains("「総合評価」に■が2つあります"),
        "{out:?}"
    );
    assert!(
        out.stdout
            .contains("「コスト」の表見出しの年度は令和3年度のはず"),
        "{out:?}"
    );
}

#[test]
fn short_labels_are_never_suggested_for_ordinary_words() {
    // 課題 is one edit from the alias 課名 and 目標 one from 目: prose, not misspelt labels.
    let dir = tempfile::tempdir().unwrap();
    let sheet = read("tests/fixtures/forms/bracket-r4-clean.hyoka").replace(
        "款：03 民生費",
        "款：03 民生費\n目標：高齢者の外出を増やす\n課題：人員不足",
    );
    std::fs::write(dir.path().join("s.hyoka"), sheet).unwrap();
    let form = root().join(BRACKET_FORM);
    let out = run_lang(
        dir.path(),
        "ja_JP.UTF-8",
        &[
            "check",
            "--show-hints",
            "--form",
            form.to_str().unwrap(),
            "s.hyoka",
        ],
    );
    assert!(!out.stdout.contains("unknown-label"), "{out:?}");
}

#[test]
fn form_regular_expressions_roles_and_sum_rules_are_checked_with_their_place() {
    let (dir, text) = broken(
        "f.toml",
        "pattern = '事業評価シート(?:\\((?P<year>",
        "pattern = '事業評価シート(?:\\((?P<yr>",
    );
    let (line, col) = position(&text, "'事業評価シート(?:", "");
    assert_one_problem(
        dir.path(),
        "f.toml",
        "ja_JP.UTF-8",
        (line, col),
        "表題の template に {year} がありますが、pattern に年度のグループ (?P<year>…) がありません（年度のない表題なら template から {year} を除きます）",
    );
    let (dir, _) = broken("f.toml", "role = \"progress\"", "role = \"progres\"");
    let out = run_lang(dir.path(), "ja_JP.UTF-8", &["form", "check", "f.toml"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.stdout.contains("「progres」は使えない値です"),
        "{out:?}"
    );
    assert!(
        out.stdout.contains("progress"),
        "the allowed roles are listed: {out:?}"
    );
    let (dir, _) = broken("f.toml", "rule = \"budget-sum\"", "rule = \"budget-total\"");
    let out = run_lang(dir.path(), "ja_JP.UTF-8", &["form", "check", "f.toml"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.stdout.contains("「budget-total」は使えない値です"),
        "{out:?}"
    );
}

#[test]
fn a_pattern_over_the_cost_cap_is_refused_at_the_pattern_and_the_form_does_not_load() {
    // Under the regex crate's own 10 MiB limit, this value pattern cost seconds per sheet.
    let (dir, text) = broken(
        "f.toml",
        "pattern = '[0-9xX]{1,2}-[0-9xX]{6}-[0-9xX]{6}'",
        "pattern = '(?:.{1,200}){1,50}'",
    );
    let pos = position(&text, "", "'(?:.{1,200}){1,50}'");
    assert_one_problem(
        dir.path(),
        "f.toml",
        "ja_JP.UTF-8",
        pos,
        "正規表現が大きすぎます: 組み立てた照合の表が上限の 256 KiB を超えます（シートごとの照合に時間がかかりすぎます）。{1,200} のような繰り返しの回数を減らすか、式を短くしてください",
    );
    assert_check_refuses_the_form(dir.path(), "正規表現が大きすぎます");
}

/// `hyoka check --form f.toml` of the complete sheet in `dir` exits 2, saying `words` on stderr: the form is
/// refused on load as `form check` refuses it.
fn assert_check_refuses_the_form(dir: &Path, words: &str) {
    std::fs::write(dir.join("s.hyoka"), read("examples/complete.hyoka")).unwrap();
    let out = run_lang(
        dir,
        "ja_JP.UTF-8",
        &["check", "--form", "f.toml", "s.hyoka"],
    );
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains(words), "{out:?}");
}

#[test]
fn a_builtin_forms_id_is_refused_at_the_id_and_loading_says_to_choose_another() {
    // A copy of the built-in form that kept its id: `hyoka report` showed the built-in form's name for it.
    let src = read(FORM).replacen("name = \"平塚市", "name = \"写しの市", 1);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("f.toml"), &src).unwrap();
    let pos = position(&src, "", "\"hiratsuka-h27\"");
    assert_one_problem(
        dir.path(),
        "f.toml",
        "ja_JP.UTF-8",
        pos,
        "ID「hiratsuka-h27」は組み込みの様式の ID なので使えません。別の ID を付けてください（組み込みの様式を写して作った様式も、ID を書き換えます。組み込みの ID は hyoka form list で一覧できます）",
    );
    assert_one_problem(
        dir.path(),
        "f.toml",
        "en_US.UTF-8",
        pos,
        "the id “hiratsuka-h27” is a built-in form's id and cannot be used: choose another id (a form copied from a built-in one needs a new id too; hyoka form list lists the built-in ids)",
    );
    std::fs::write(dir.path().join("s.hyoka"), read("examples/complete.hyoka")).unwrap();
    std::fs::write(dir.path().join("hyoka.toml"), "form = \"f.toml\"\n").unwrap();
    for args in [
        &["check", "s.hyoka"][..],
        &["report", "s.hyoka", "-o", "r.json"],
    ] {
        let out = run_lang(dir.path(), "ja_JP.UTF-8", args);
        // The sheet is counted as unreadable, with the reason: in `check`'s output, in the report's list.
        assert_eq!(out.code, 2, "{args:?}: {out:?}");
        let report = std::fs::read_to_string(dir.path().join("r.json")).unwrap_or_default();
        let said = format!("{}{}{report}", out.stdout, out.stderr);
        assert!(
            said.contains("f.toml") && said.contains("別の ID を付けてください"),
            "{args:?}: {out:?}"
        );
        assert!(!said.contains("平塚市 事業評価シート"), "{args:?}: {out:?}");
    }
    // The built-in form's own file is that form (checked clean above, `builtin_form_checks_clean`); with
    // another id the copy is the user's form.
    std::fs::write(
        dir.path().join("f.toml"),
        src.replacen("id = \"hiratsuka-h27\"", COPY_ID, 1),
    )
    .unwrap();
    let out = run_lang(dir.path(), "ja_JP.UTF-8", &["check", "s.hyoka"]);
    assert_eq!(out.code, 0, "{out:?}");
}

#[test]
fn a_form_with_too_many_values_is_refused_before_it_is_parsed() {
    // Valid TOML of tiny values: at 4 MiB (the size cap) such a file took 870 MB to parse.
    let text = format!("# many values\nx = [{}1]\n", "1,".repeat(60_000));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("f.toml"), &text).unwrap();
    // `=` and `[` count, so the 50,001st separator is comma 49,999.
    let col = "x = [".chars().count() + 2 * 49_998 + 2;
    assert_one_problem(
        dir.path(),
        "f.toml",
        "ja_JP.UTF-8",
        (2, col),
        "様式ファイルのキー・値・表が多すぎます: 区切りの記号は 50000 個までです（2 行目で超えました。組み込みの様式は多くても 900 個ほどです。数える記号: , = [ { .）",
    );
    assert_check_refuses_the_form(dir.path(), "多すぎます");
}

// ───────────────────────────── choosing the form ─────────────────────────────

/// A 加古川市 sheet in a folder without hyoka.toml: its title line chooses the kakogawa-r4 form.
#[test]
fn the_title_line_chooses_the_built_in_form() {
    let sheet = "examples/kakogawa/r4-fukushi-bus.hyoka";
    let out = run(&["check", sheet]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        out.stdout
            .ends_with("1 ファイルを検査: エラー 0 件、警告 0 件\n"),
        "{out:?}"
    );
    // Named on the command line, by id, the form wins over the title.
    let out = run(&["check", "--form", "hiratsuka-h27", sheet]);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stdout.contains("error[missing-section]"), "{out:?}");
    let out = run(&["check", "--form", "kakogawa-r4", sheet]);
    assert_eq!(out.code, 0, "{out:?}");
    // A Hiratsuka sheet keeps the default form.
    let out = run(&["check", "examples/complete.hyoka"]);
    assert_eq!(out.code, 0, "{out:?}");
}

#[test]
fn a_built_in_form_is_named_by_id_in_hyoka_toml_and_an_unknown_id_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let text = read("examples/kakogawa/r4-fukushi-bus.hyoka");
    // A config that names the form: the title no longer chooses it.
    std::fs::write(d.join("hyoka.toml"), "form = \"kakogawa-r4\"\n").unwrap();
    std::fs::write(d.join("sheet.hyoka"), &text).unwrap();
    let out = run_lang(d, "ja_JP.UTF-8", &["check", "sheet.hyoka"]);
    assert_eq!(out.code, 0, "{out:?}");
    std::fs::write(d.join("hyoka.toml"), "form = \"hiratsuka-h27\"\n").unwrap();
    let out = run_lang(d, "ja_JP.UTF-8", &["check", "sheet.hyoka"]);
    assert_eq!(out.code, 1, "the named form wins over the title: {out:?}");
    std::fs::write(d.join("hyoka.toml"), "form = \"sapporo-r9\"\n").unwrap();
    let out = run_lang(d, "ja_JP.UTF-8", &["check", "sheet.hyoka"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.stdout.contains(
            "組み込みの様式「sapporo-r9」はありません。使える様式: hiratsuka-h27, kakogawa-r4"
        ),
        "{out:?}"
    );
    let out = run_lang(
        d,
        "ja_JP.UTF-8",
        &["check", "--form", "sapporo-r9", "sheet.hyoka"],
    );
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.stderr
            .contains("組み込みの様式「sapporo-r9」はありません"),
        "{out:?}"
    );
}

/// In a folder, a `.txt` file is a sheet when it holds the title line of a built-in form; a memo that only
/// mentions 事務事業評価 is not.
#[test]
fn the_folder_walk_takes_txt_files_with_a_built_in_title_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("minoh.txt"),
        read("examples/minoh/h26-seikatsu-hogo.hyoka"),
    )
    .unwrap();
    std::fs::write(
        d.join("memo.txt"),
        "来年度の事務事業評価の進め方について\n・各課の事務事業評価シートの提出は6月末まで\n",
    )
    .unwrap();
    let out = run_lang(d, "ja_JP.UTF-8", &["check", "."]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        out.stdout
            .contains("1 ファイルを検査: エラー 0 件、警告 0 件")
            && out.stdout.contains("シートでないためスキップ 1 ファイル"),
        "{out:?}"
    );
}

/// The editors sniff `.txt` files by words of the built-in titles (they cannot run the forms' patterns): both
/// lists are equal, and every built-in form's title line holds one of their words.
#[test]
fn the_editors_sniff_every_built_in_title() {
    let quoted = |text: &str, start: &str, end: &str| -> Vec<String> {
        let from = text.find(start).expect(start) + start.len();
        let list = &text[from..from + text[from..].find(end).expect(end)];
        list.split('"')
            .skip(1)
            .step_by(2)
            .map(String::from)
            .collect()
    };
    let vscode = quoted(
        &read("editors/vscode/src/sniff.ts"),
        "SHEET_MARKERS = [",
        "]",
    );
    let nvim = quoted(
        &read("editors/nvim/lua/hyoka/detect.lua"),
        "M.markers = {",
        "}",
    );
    assert_eq!(vscode, nvim);
    let out = run(&["form", "list"]);
    for id in out
        .stdout
        .lines()
        .map(|l| l.split_whitespace().next().unwrap())
    {
        let form = read(&format!("forms/{id}.toml"));
        let template = form
            .lines()
            .find_map(|l| l.strip_prefix("template = \""))
            .and_then(|l| l.strip_suffix('"'))
            .expect("a title template");
        let title = template.replace("{year}", "令和4年度");
        assert!(
            vscode.iter().any(|m| title.contains(m.as_str())),
            "{id}: the editors would not sniff its title {title}"
        );
    }
}
