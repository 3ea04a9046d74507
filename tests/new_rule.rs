//! `scripts/new-rule` on a copy of the files it edits: what it writes, where, and that it refuses to write
//! a rule twice.

use std::path::Path;
use std::process::Command;

const TOUCHED: [&str; 5] = [
    "scripts/new-rule",
    "crates/hyoka-core/src/rules/mod.rs",
    "crates/hyoka-core/messages/ja.toml",
    "examples/complete.hyoka",
    "tests/cli.rs",
];

fn new_rule(root: &Path, args: &[&str]) -> std::process::Output {
    Command::new("python3")
        .arg(root.join("scripts/new-rule"))
        .args(args)
        .output()
        .expect("python3 runs scripts/new-rule (python3 is a prerequisite)")
}

#[test]
fn new_rule_writes_every_place_a_rule_needs() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    for f in TOUCHED {
        std::fs::create_dir_all(root.join(f).parent().unwrap()).unwrap();
        std::fs::copy(repo.join(f), root.join(f)).unwrap();
    }
    // A dry run changes nothing.
    let out = new_rule(root, &["sample-check", "--dry-run"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!root
        .join("crates/hyoka-core/src/rules/sample_check.rs")
        .exists());

    let out = new_rule(root, &["sample-check", "--severity", "hint"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("Left to write by hand"), "{said}");
    let rule =
        std::fs::read_to_string(root.join("crates/hyoka-core/src/rules/sample_check.rs")).unwrap();
    assert!(rule.starts_with("//! `sample-check`:"));
    assert!(rule.contains("id: \"sample-check\"") && rule.contains("Severity::Hint"));
    let m = std::fs::read_to_string(root.join("crates/hyoka-core/src/rules/mod.rs")).unwrap();
    // Its `mod` among the sheet rules, its entry right before the first cross-sheet rule.
    let module = m.find("mod sample_check;").expect("the mod line");
    assert!(module < m.find("// Cross-sheet rules").unwrap());
    let entry = m.find("&sample_check::RULE").expect("the entry in ALL");
    assert!(entry < m.find("&target_changed::RULE").unwrap());
    assert!(entry > m.find("&stray_text::RULE").unwrap());
    let ja = std::fs::read_to_string(root.join("crates/hyoka-core/messages/ja.toml")).unwrap();
    assert!(ja.contains("[rules.sample-check]\nsummary = "));
    let fixture =
        std::fs::read_to_string(root.join("tests/fixtures/rules/sample-check.hyoka")).unwrap();
    assert!(fixture.ends_with("// ^ sample-check\n"));
    let cli = std::fs::read_to_string(root.join("tests/cli.rs")).unwrap();
    let before = std::fs::read_to_string(repo.join("tests/cli.rs")).unwrap();
    let count = |s: &str| -> usize {
        let at = s.find("const SPEC_RULES: [&str; ").unwrap() + 25;
        s[at..].split(']').next().unwrap().parse().unwrap()
    };
    assert_eq!(count(&cli), count(&before) + 1);
    assert!(cli.contains("    \"sample-check\",\n];"));

    // A cross-sheet rule: its folder of two years, its entry last.
    let out = new_rule(root, &["sample-compare", "--cross-sheet"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let m = std::fs::read_to_string(root.join("crates/hyoka-core/src/rules/mod.rs")).unwrap();
    assert!(m.contains("    &sample_compare::RULE,\n];"));
    assert!(root
        .join("tests/fixtures/workspace/sample-compare/h26-sample-compare.hyoka")
        .exists());

    // Twice: refused, nothing changed.
    let out = new_rule(root, &["sample-check"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("exists already"));
    assert_eq!(
        std::fs::read_to_string(root.join("crates/hyoka-core/src/rules/mod.rs")).unwrap(),
        m
    );
}
