//! The house rules a reviewer would otherwise check by eye: every Rust file of the crates opens with a `//!`
//! line saying what it is for.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// `src/` of the root package and of every crate under crates/.
fn sources() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    for c in std::fs::read_dir(root.join("crates")).unwrap() {
        rust_files(&c.unwrap().path().join("src"), &mut files);
    }
    files.sort();
    files
}

#[test]
fn every_rust_file_opens_with_a_doc_line() {
    let files = sources();
    assert!(files.len() > 100, "found only {} files", files.len());
    let bare: Vec<String> = files
        .iter()
        .filter(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            !text.starts_with("//!")
        })
        .map(|p| p.display().to_string())
        .collect();
    assert!(
        bare.is_empty(),
        "these files do not open with a `//!` line saying what they are for:\n{}",
        bare.join("\n")
    );
}

/// The READMEs say how many rules there are; the registry decides.
#[test]
fn the_readmes_count_the_rules_of_the_registry() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let all = hyoka_core::rules::ALL.len();
    let cross = hyoka_core::rules::ALL
        .iter()
        .filter(|r| matches!(r.check, hyoka_core::rules::Check::Workspace(_)))
        .count();
    let en = std::fs::read_to_string(root.join("README.md")).unwrap();
    let want = format!("lists the {all} rules, {cross} of which compare sheets");
    assert!(en.contains(&want), "README.md should say: {want}");
    let ja = std::fs::read_to_string(root.join("README.ja.md")).unwrap();
    let want = format!("ルールは {all} あり、そのうち {cross} つが");
    assert!(ja.contains(&want), "README.ja.md should say: {want}");
}

/// A file past 700 lines does several things: split it. Unit tests live in `tests.rs` or `*_tests.rs` beside
/// the code and are not counted.
#[test]
fn no_source_file_is_over_700_lines() {
    let long: Vec<String> = sources()
        .iter()
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name != "tests.rs" && !name.ends_with("_tests.rs")
        })
        .filter_map(|p| {
            let n = std::fs::read_to_string(p).unwrap().lines().count();
            (n > 700).then(|| format!("{}: {n} lines", p.display()))
        })
        .collect();
    assert!(long.is_empty(), "split these files:\n{}", long.join("\n"));
}
