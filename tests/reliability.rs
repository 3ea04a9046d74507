//! What an attack on the report, the workspace and the command line found (Reliability 3), end to end through
//! the real binary: the report's output file, escapes in sheet text, and the bounds on what one run reads.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;
#[path = "support/process.rs"]
#[allow(dead_code)]
mod process;

const COMPLETE: &str = include_str!("../examples/complete.hyoka");
const HYOKA: &str = env!("CARGO_BIN_EXE_hyoka");

#[derive(Debug)]
struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Out {
    let mut cmd = Command::new(HYOKA);
    cmd.args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("LC_ALL", "ja_JP.UTF-8")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("spawn hyoka");
    let mut so = child.stdout.take().unwrap();
    let mut se = child.stderr.take().unwrap();
    let t_out = std::thread::spawn(move || {
        let mut s = Vec::new();
        std::io::Read::read_to_end(&mut so, &mut s).unwrap();
        s
    });
    let t_err = std::thread::spawn(move || {
        let mut s = Vec::new();
        std::io::Read::read_to_end(&mut se, &mut s).unwrap();
        s
    });
    let status = process::wait_or_kill(&mut child, Duration::from_secs(120), &format!("{args:?}"));
    Out {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&t_out.join().unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&t_err.join().unwrap()).into_owned(),
    }
}

fn run(dir: &Path, args: &[&str]) -> Out {
    run_env(dir, args, &[])
}

fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    if let Some(d) = path.parent() {
        std::fs::create_dir_all(d).unwrap();
    }
    std::fs::write(path, bytes).unwrap();
}

/// Finding 10: `hyoka report -o` onto one of its own input sheets overwrote it silently, and onto a symlink
/// it replaced the link. Both are refused in words, and nothing is touched.
#[cfg(unix)]
#[test]
fn the_report_refuses_to_overwrite_an_input_or_a_link() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(&d.join("sheets/a.hyoka"), COMPLETE);
    // The sheet named as the output, under another spelling of its path.
    let out = run(
        d,
        &[
            "report",
            "sheets",
            "-o",
            "sheets/../sheets/a.hyoka",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.stderr.contains("検査するシートのひとつです"),
        "{}",
        out.stderr
    );
    assert_eq!(
        std::fs::read_to_string(d.join("sheets/a.hyoka")).unwrap(),
        COMPLETE
    );
    // A link planted where the report goes, pointing at a file of the user's.
    write(&d.join("notes.txt"), "private");
    std::os::unix::fs::symlink(d.join("notes.txt"), d.join("report.html")).unwrap();
    let out = run(d, &["report", "sheets", "-o", "report.html"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.stderr.contains("シンボリックリンクです"),
        "{}",
        out.stderr
    );
    assert_eq!(
        std::fs::read_to_string(d.join("notes.txt")).unwrap(),
        "private"
    );
    assert!(std::fs::symlink_metadata(d.join("report.html"))
        .unwrap()
        .file_type()
        .is_symlink());
    // Elsewhere the report is written, readable by others.
    let out = run(d, &["report", "sheets", "-o", "out/../report2.html"]);
    assert_eq!(out.code, 2, "a missing folder: {out:?}");
    let out = run(d, &["report", "sheets", "-o", "report2.html"]);
    assert_eq!(out.code, 0, "{out:?}");
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(d.join("report2.html"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o644);
}

/// Finding 7: control characters in sheet text (ESC, BEL) reached the terminal raw, so a sheet's author could
/// retitle the window or clear the screen of whoever ran `hyoka check`. They are shown escaped, as in paths.
#[test]
fn sheet_text_reaches_the_terminal_escaped() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    // A misspelt label (reported, with its line shown) whose value retitles the window and clears the
    // screen; a bidirectional override in the same line.
    let hostile = COMPLETE.replacen(
        "事務事業名：",
        "事務事業明：\u{1b}]0;hyoka passed\u{7}\u{1b}[2J\u{202e}",
        1,
    );
    assert_ne!(hostile, COMPLETE);
    write(&d.join("a.hyoka"), &hostile);
    let out = run(d, &["check", "a.hyoka"]);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stdout.contains("事務事業明"), "{}", out.stdout);
    for c in ['\u{1b}', '\u{7}', '\u{202e}'] {
        assert!(
            !out.stdout.contains(c),
            "{c:?} reached the terminal:\n{}",
            out.stdout
        );
    }
    assert!(
        out.stdout
            .contains(r"\u{1b}]0;hyoka passed\u{7}\u{1b}[2J\u{202e}"),
        "{}",
        out.stdout
    );
    // JSON keeps the text as it is (escaped by JSON itself).
    let out = run(d, &["check", "--format", "json", "a.hyoka"]);
    assert!(!out.stdout.contains('\u{1b}'));
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["files"][0]["path"], "a.hyoka");
}

/// Finding 6: about 100 bytes per line, so 32 MiB of empty lines took 3.2 GB. Such a file is refused before it
/// is split, with a JSON error entry and exit 2; a folder's sheets past the total are reported, not dropped.
#[test]
fn memory_is_bounded_per_sheet_and_per_run() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let mut blank = COMPLETE.to_string();
    blank.push_str(&"\n".repeat(300_000));
    write(&d.join("blank.hyoka"), &blank);
    write(&d.join("ok.hyoka"), COMPLETE);
    let out = run(d, &["check", "--format", "json", "--no-workspace", "."]);
    assert_eq!(out.code, 2, "{out:?}");
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    let files = v["files"].as_array().unwrap();
    let blank_report = files.iter().find(|f| f["path"] == "./blank.hyoka").unwrap();
    assert!(
        blank_report["error"]
            .as_str()
            .unwrap()
            .contains("行が多すぎます"),
        "{blank_report:#}"
    );
    let ok = files.iter().find(|f| f["path"] == "./ok.hyoka").unwrap();
    assert!(ok["error"].is_null() && ok["diagnostics"].as_array().unwrap().is_empty());

    // A total of 3 sheets' bytes: the fourth and fifth (in the walk's order) are not read, and say so.
    std::fs::remove_file(d.join("blank.hyoka")).unwrap();
    for i in 1..5 {
        write(&d.join(format!("s{i}.hyoka")), COMPLETE);
    }
    let limit = (3 * COMPLETE.len()).to_string();
    let out = run_env(
        d,
        &["check", "--format", "json", "--no-workspace", "."],
        &[("HYOKA_TOTAL_LIMIT", &limit)],
    );
    assert_eq!(out.code, 2, "{out:?}");
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 5, "{files:#?}");
    let over: Vec<&Value> = files.iter().filter(|f| f["error"].is_string()).collect();
    assert_eq!(over.len(), 2, "{files:#?}");
    for f in over {
        assert!(f["error"].as_str().unwrap().contains("合計の上限"), "{f:#}");
    }
    // In human output, a line each.
    let out = run_env(
        d,
        &["check", "--no-workspace", "."],
        &[("HYOKA_TOTAL_LIMIT", &limit)],
    );
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stdout.matches("合計の上限").count(),
        2,
        "{}",
        out.stdout
    );
}
