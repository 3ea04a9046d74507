//! `hyoka check` against hostile input: unreadable paths, thousands of sheets, binary files, broken
//! Shift_JIS, and `--fix` writing atomically without losing a byte or touching what it need not touch.
//!
//! Unreadable files: the tests run as root in CI, where `chmod 000` does not stop a read. The test detects
//! that (it tries to open a chmod-000 file) and then, instead, uses paths that fail for everyone: a path
//! whose parent is a file (ENOTDIR), a dangling symlink and a symlink loop (ENOENT, ELOOP) — all with a
//! sheet's name, so the folder walk picks them up too. As another user it tests chmod 000 as well.

use hyoka_core::text::decode::{self, Encoding};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Read;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};
#[path = "support/process.rs"]
mod process;

const COMPLETE: &str = include_str!("../examples/complete.hyoka");
const HYOKA: &str = env!("CARGO_BIN_EXE_hyoka");

#[derive(Debug)]
struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Out {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }
}

/// Run hyoka in `dir`; kill it and fail after `limit`.
fn run_limited(dir: &Path, args: &[&str], limit: Duration) -> Out {
    let mut child = Command::new(HYOKA)
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn hyoka");
    let mut so = child.stdout.take().unwrap();
    let mut se = child.stderr.take().unwrap();
    let t_out = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = so.read_to_end(&mut s);
        s
    });
    let t_err = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = se.read_to_end(&mut s);
        s
    });
    let status = process::wait_or_kill(&mut child, limit, &format!("hyoka {args:?}"));
    Out {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8(t_out.join().unwrap()).expect("UTF-8 stdout"),
        stderr: String::from_utf8_lossy(&t_err.join().unwrap()).into_owned(),
    }
}

fn run(dir: &Path, args: &[&str]) -> Out {
    run_limited(dir, args, Duration::from_secs(120))
}

fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    if let Some(d) = path.parent() {
        std::fs::create_dir_all(d).unwrap();
    }
    std::fs::write(path, bytes).unwrap();
}

fn by_path(v: &Value) -> BTreeMap<String, Value> {
    v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["path"].as_str().unwrap().to_string(), f.clone()))
        .collect()
}

fn rules(f: &Value) -> BTreeSet<String> {
    f["diagnostics"].as_array().map_or_else(BTreeSet::new, |d| {
        d.iter()
            .map(|d| d["rule"].as_str().unwrap().to_string())
            .collect()
    })
}

fn replace1(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from:?} not found");
    text.replacen(from, to, 1)
}

/// Whether this process can read a file it has made mode 000 (true for root).
fn permissions_do_not_block_reads(dir: &Path) -> bool {
    let p = dir.join("probe-000");
    std::fs::write(&p, "x").unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000)).unwrap();
    let readable = std::fs::File::open(&p).is_ok();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
    std::fs::remove_file(&p).unwrap();
    readable
}

// ───────────────────────────── unreadable files ─────────────────────────────

#[test]
fn unreadable_paths_are_reported_and_the_rest_checked() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(&d.join("good.hyoka"), COMPLETE);
    write(
        &d.join("budget.hyoka"),
        replace1(COMPLETE, "| 一般財源 | 1,372", "| 一般財源 | 1,379"),
    );
    // A path whose parent is a file: ENOTDIR for every user, root included.
    write(&d.join("plain-file"), "not a folder");
    let under_file = "plain-file/sheet.hyoka";
    // A dangling symlink and a symlink loop, named like sheets.
    std::os::unix::fs::symlink(d.join("no-such-target.hyoka"), d.join("dangling.hyoka")).unwrap();
    std::os::unix::fs::symlink(d.join("loop.hyoka"), d.join("loop.hyoka")).unwrap();
    let root = permissions_do_not_block_reads(d);
    if !root {
        write(&d.join("mode000.hyoka"), COMPLETE);
        std::fs::set_permissions(
            d.join("mode000.hyoka"),
            std::fs::Permissions::from_mode(0o000),
        )
        .unwrap();
    }
    let mut unreadable = vec![under_file, "dangling.hyoka", "loop.hyoka", "missing.hyoka"];
    if !root {
        unreadable.push("mode000.hyoka");
    }

    // Named on the command line.
    // Copies of one sheet: the cross-sheet rules would call them duplicates of one project.
    let mut args = vec!["check", "--no-workspace", "--format", "json"];
    args.extend(&unreadable);
    args.extend(["good.hyoka", "budget.hyoka"]);
    let out = run(d, &args);
    assert_eq!(out.code, 2, "an unreadable file gives 2: {out:?}");
    let files = by_path(&out.json());
    for u in &unreadable {
        let f = files
            .get(*u)
            .unwrap_or_else(|| panic!("{u} not reported: {files:#?}"));
        let keys: BTreeSet<&str> = f.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, BTreeSet::from(["path", "error"]), "{f}");
        assert!(!f["error"].as_str().unwrap().trim().is_empty(), "{f}");
    }
    assert_eq!(rules(&files["good.hyoka"]), BTreeSet::new());
    assert_eq!(
        rules(&files["budget.hyoka"]),
        BTreeSet::from(["budget-sum".to_string()])
    );
    if !root {
        assert!(
            files["mode000.hyoka"]["error"]
                .as_str()
                .unwrap()
                .contains("権限"),
            "{:?}",
            files["mode000.hyoka"]
        );
    }

    // Found by walking the folder: the dangling symlink and the loop are reported, the rest checked.
    let out = run(d, &["check", "--no-workspace", "--format", "json", "."]);
    assert_eq!(out.code, 2, "{out:?}");
    let files = by_path(&out.json());
    for u in ["./dangling.hyoka", "./loop.hyoka"] {
        assert!(
            files.get(u).is_some_and(|f| f.get("error").is_some()),
            "{u}: {files:#?}"
        );
    }
    assert_eq!(rules(&files["./good.hyoka"]), BTreeSet::new());
    assert!(rules(&files["./budget.hyoka"]).contains("budget-sum"));

    // Human output: one line per unreadable file, a count in the summary, exit 2.
    let out = run(d, &["check", "."]);
    assert_eq!(out.code, 2);
    let summary = out.stdout.lines().last().unwrap();
    let failed = if root { 2 } else { 3 };
    assert!(
        summary.contains(&format!("読めないファイル {failed} 件")),
        "{summary}"
    );
}

// ───────────────────────────── thousands of sheets ─────────────────────────────

/// A varied sheet: its own name and figures; `defect` adds a budget error or a misspelt label.
fn generated_sheet(i: usize) -> (String, BTreeSet<String>) {
    let mut t = replace1(
        COMPLETE,
        "事務事業名：地産地消推進事業",
        &format!("事務事業名：地産地消推進事業（第{i}次）"),
    );
    t = replace1(
        &t,
        "延べ33,200人が来場しました",
        &format!("延べ{}人が来場しました", 30_000 + i),
    );
    let mut expect = BTreeSet::new();
    if i % 10 == 3 {
        t = replace1(&t, "| 一般財源 | 1,372", "| 一般財源 | 1,379");
        expect.insert("budget-sum".to_string());
    }
    if i % 15 == 7 {
        t = replace1(&t, "\n事業の概要\n", "\n事業の概用：\n");
        expect.insert("unknown-label".to_string());
    }
    (t, expect)
}

/// Per-thread CPU ticks of a running process, sampled until it exits: how many threads did real work.
fn busy_threads(pid: u32, until_done: impl Fn() -> bool) -> usize {
    let mut ticks: HashMap<String, u64> = HashMap::new();
    while !until_done() {
        if let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) {
            for t in tasks.flatten() {
                if let Ok(stat) = std::fs::read_to_string(t.path().join("stat")) {
                    // Fields after the parenthesised name: state is field 3; utime, stime are 14, 15.
                    let rest = &stat[stat.rfind(')').map_or(0, |i| i + 2)..];
                    let f: Vec<&str> = rest.split_whitespace().collect();
                    if f.len() > 13 {
                        let cpu =
                            f[11].parse::<u64>().unwrap_or(0) + f[12].parse::<u64>().unwrap_or(0);
                        let e = ticks
                            .entry(t.file_name().to_string_lossy().into_owned())
                            .or_default();
                        *e = (*e).max(cpu);
                    }
                }
            }
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    // A thread that ran for 30 ms or more (clock ticks are 10 ms).
    ticks.values().filter(|&&t| t >= 3).count()
}

#[test]
fn a_folder_of_3000_sheets_is_checked_in_parallel_with_exact_counts() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("sheets");
    let mut expected: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for i in 0..3000 {
        // Spread over nested folders, as a city keeps them (by department / year).
        let rel = format!("dept{:02}/h27/sheet{i:04}.hyoka", i % 12);
        let (text, rules) = generated_sheet(i);
        write(&d.join(&rel), text);
        expected.insert(format!("sheets/{rel}"), rules);
    }
    // Things that are not sheets, or not to be walked.
    write(&d.join("README.md"), "# 事業評価シート\n");
    write(
        &d.join("dept00/notes.txt"),
        "メモ：来年度の予算要求について\n",
    );
    write(&d.join(".git/sheet.hyoka"), "hidden folders are not walked");
    write(&d.join("node_modules/x/sheet.hyoka"), "nor node_modules");
    // A .txt that is a sheet (by content) is checked.
    write(&d.join("dept01/extra.txt"), COMPLETE);
    expected.insert("sheets/dept01/extra.txt".into(), BTreeSet::new());
    let errors_expected = expected
        .values()
        .filter(|r| r.contains("budget-sum") || r.contains("unknown-label"))
        .count();
    assert_eq!(errors_expected, 300 + 200); // i%10==3 and i%15==7 never coincide (3 mod 10 vs 7 or 2 mod 10)

    let mut child = Command::new(HYOKA)
        .args(["check", "--format", "json", "sheets"])
        .current_dir(tmp.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let mut so = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        so.read_to_string(&mut s).unwrap();
        s
    });
    let start = Instant::now();
    let done = std::cell::Cell::new(false);
    let child = std::cell::RefCell::new(child);
    let busy = busy_threads(pid, || {
        // A zombie keeps /proc/PID until waited for; stop sampling once it has exited.
        let exited = std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .map_or(true, |s| s.contains(") Z "));
        if exited || start.elapsed() > Duration::from_secs(120) {
            done.set(true);
        }
        done.get()
    });
    let status = child.borrow_mut().wait().unwrap();
    let elapsed = start.elapsed();
    let stdout = reader.join().unwrap();
    assert_eq!(
        status.code(),
        Some(1),
        "errors in some sheets, nothing unreadable"
    );
    let v: Value = serde_json::from_str(&stdout).unwrap();
    let files = by_path(&v);
    assert_eq!(files.len(), 3001, "every sheet once, nothing else");
    let got: BTreeMap<String, BTreeSet<String>> = files
        .iter()
        .map(|(p, f)| {
            assert!(f.get("error").is_none(), "{p}: {f}");
            let mut r = rules(f);
            r.remove("missing-field"); // 事業の概用 leaves 事業の概要 missing: not what this test is about
            (p.clone(), r)
        })
        .collect();
    for (p, want) in &expected {
        assert_eq!(got.get(p), Some(want), "{p}");
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("3,001 sheets checked in {elapsed:?} (debug build) on {cores} cores; {busy} threads did ≥30 ms of work");
    if cores >= 2 {
        assert!(
            busy >= 2,
            "only {busy} thread(s) did real work on {cores} cores: the check is not parallel"
        );
    }

    // The human summary counts the same, and the skipped files.
    let out = run(tmp.path(), &["check", "sheets"]);
    let summary = out.stdout.lines().last().unwrap().to_string();
    let errors: usize = got.values().map(|r| r.len()).sum();
    assert!(
        summary.starts_with(&format!("3001 ファイルを検査: エラー {errors} 件")),
        "{summary}"
    );
    assert!(
        summary.contains("スキップ 2 ファイル"),
        "README.md and notes.txt: {summary}"
    );
}

// ───────────────────────────── binary files and broken encodings ─────────────────────────────

#[test]
fn binary_files_are_reported_with_their_byte_offset_and_the_rest_checked() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let mut nul_in_middle = COMPLETE.as_bytes().to_vec();
    nul_in_middle.insert(1234, 0);
    write(&d.join("nul.hyoka"), &nul_in_middle);
    write(
        &d.join("png.hyoka"),
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10",
    );
    let mut noise: Vec<u8> = (0..65_536u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    noise[0] = b'a';
    let first_nul = noise.iter().position(|&b| b == 0).unwrap();
    write(&d.join("noise.hyoka"), &noise);
    // UTF-8 with a BOM, broken after the BOM.
    write(
        &d.join("bom-broken.hyoka"),
        [
            b"\xEF\xBB\xBF".as_slice(),
            "事業評価シート".as_bytes(),
            b"\xC3\x28",
        ]
        .concat(),
    );
    write(&d.join("empty.hyoka"), b"");
    for i in 0..20 {
        write(&d.join(format!("ok{i:02}.hyoka")), COMPLETE);
    }
    // Copies of one sheet: the cross-sheet rules would call them duplicates of one project.
    let out = run(d, &["check", "--no-workspace", "--format", "json", "."]);
    assert_eq!(out.code, 2, "{out:?}");
    let files = by_path(&out.json());
    let err = |p: &str| {
        files[p]["error"]
            .as_str()
            .unwrap_or_else(|| panic!("{p} has no error: {}", files[p]))
            .to_string()
    };
    assert!(
        err("./nul.hyoka").contains("1234"),
        "{}",
        err("./nul.hyoka")
    );
    assert!(
        err("./png.hyoka").contains("バイト位置 8"),
        "{}",
        err("./png.hyoka")
    );
    assert!(
        err("./noise.hyoka").contains(&format!("バイト位置 {first_nul}")),
        "{}",
        err("./noise.hyoka")
    );
    let bom_at = 3 + "事業評価シート".len();
    assert!(
        err("./bom-broken.hyoka").contains(&format!("バイト位置 {bom_at}")),
        "{}",
        err("./bom-broken.hyoka")
    );
    for i in 0..20 {
        assert_eq!(rules(&files[&format!("./ok{i:02}.hyoka")]), BTreeSet::new());
    }
    // An empty file is text: it is checked (and lacks everything), not an error.
    assert!(
        files["./empty.hyoka"].get("error").is_none() && !rules(&files["./empty.hyoka"]).is_empty()
    );
}

#[test]
fn broken_shift_jis_gives_a_clear_error_with_the_byte_offset() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let sjis = encode_cp932(COMPLETE);
    assert!(std::str::from_utf8(&sjis).is_err());
    write(&d.join("fine.hyoka"), &sjis);
    let at = find(&sjis, &encode_cp932("事業の概要")).unwrap();
    // A lead byte followed by a byte that cannot trail it.
    write(
        &d.join("bad-trail.hyoka"),
        [&sjis[..at], b"\x81\x20", &sjis[at..]].concat(),
    );
    // Bytes that are never Shift_JIS.
    write(
        &d.join("bad-byte.hyoka"),
        [&sjis[..at], b"\xFD", &sjis[at..]].concat(),
    );
    write(
        &d.join("bad-a0.hyoka"),
        [&sjis[..at], b"\xA0", &sjis[at..]].concat(),
    );
    // Truncated inside a double-byte character, at the very end: complete.hyoka ends with "す。\n"; keep
    // everything before 。 and only the lead byte of 。.
    assert!(sjis.ends_with(&encode_cp932("。\n")));
    let truncated = sjis[..sjis.len() - 2].to_vec();
    write(&d.join("truncated.hyoka"), &truncated);
    let out = run(d, &["check", "--format", "json", "."]);
    assert_eq!(out.code, 2, "{out:?}");
    let files = by_path(&out.json());
    assert_eq!(
        rules(&files["./fine.hyoka"]),
        BTreeSet::new(),
        "{:?}",
        files["./fine.hyoka"]
    );
    for (name, offset) in [
        ("./bad-trail.hyoka", at),
        ("./bad-byte.hyoka", at),
        ("./bad-a0.hyoka", at),
        ("./truncated.hyoka", truncated.len() - 1),
    ] {
        let e = files[name]["error"]
            .as_str()
            .unwrap_or_else(|| panic!("{name}: {}", files[name]));
        assert!(
            e.contains("Shift_JIS") && e.contains("UTF-8"),
            "{name}: {e}"
        );
        assert!(
            e.contains(&format!("バイト位置 {offset}）")),
            "{name}: want offset {offset}: {e}"
        );
    }
    // The note about Shift_JIS is given once, for the file that decoded.
    assert_eq!(out.stderr.matches("Shift_JIS").count(), 1, "{}", out.stderr);
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn encode_cp932(s: &str) -> Vec<u8> {
    decode::encode(s, Encoding::ShiftJis)
}

// ───────────────────────────── --fix writes atomically ─────────────────────────────

fn listing(d: &Path) -> BTreeSet<String> {
    std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

fn mtime(p: &Path) -> SystemTime {
    std::fs::metadata(p).unwrap().modified().unwrap()
}

/// A sheet with several notation fixes spread through it, odd bytes around them, CRLF, no final newline.
fn messy_sheet() -> String {
    let good = COMPLETE.replace('\n', "\r\n");
    let good = format!(
        "{}\r\n// 末尾の注記 𠮷野家　タブ\tと全角スペース　\u{3000}  ",
        good.trim_end()
    );
    let mut bad = good;
    for (right, wrong) in [
        ("\r\n事業の概要\r\n", "\r\n事業の概用：\r\n"),
        ("□ 市民ニーズ", "□ 市民ニーヅ"),
        ("■ 上位施策への貢献", "■ 上位施策への貢宣"),
    ] {
        bad = replace1(&bad, right, wrong);
    }
    bad
}

#[test]
fn fix_is_atomic_keeps_permissions_and_never_loses_a_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let bad = messy_sheet();
    let typo = d.join("typo.hyoka");
    write(&typo, &bad);
    std::fs::set_permissions(&typo, std::fs::Permissions::from_mode(0o640)).unwrap();
    // With a BOM and Shift_JIS too: the encoding and every other byte are kept.
    let bom = d.join("bom.hyoka");
    write(&bom, [b"\xEF\xBB\xBF".as_slice(), bad.as_bytes()].concat());
    std::fs::set_permissions(&bom, std::fs::Permissions::from_mode(0o604)).unwrap();
    // Clean files: their bytes and mtimes must not change.
    let clean = d.join("clean.hyoka");
    write(&clean, COMPLETE);
    let clean_crlf = d.join("clean-crlf.hyoka");
    write(&clean_crlf, COMPLETE.replace('\n', "\r\n"));
    // A sheet with errors but nothing --fix may touch.
    let unfixable = d.join("unfixable.hyoka");
    write(
        &unfixable,
        replace1(COMPLETE, "| 一般財源 | 1,372", "| 一般財源 | 1,379"),
    );
    let old = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
    for p in [&clean, &clean_crlf, &unfixable] {
        std::fs::File::options()
            .write(true)
            .open(p)
            .unwrap()
            .set_modified(old)
            .unwrap();
    }
    let before_listing = listing(d);

    // Copies of one sheet: the cross-sheet rules would call them duplicates of one project.
    let out = run(
        d,
        &["check", "--no-workspace", "--fix", "--format", "json", "."],
    );
    assert_eq!(out.code, 1, "unfixable.hyoka keeps its error: {out:?}");
    assert_eq!(
        listing(d),
        before_listing,
        "no temporary file left, none removed"
    );

    // Exactly the fixed spans changed.
    let after = std::fs::read_to_string(&typo).unwrap();
    let expect = {
        let mut e = bad.clone();
        for (wrong, right) in [
            ("\r\n事業の概用：\r\n", "\r\n事業の概要：\r\n"),
            ("□ 市民ニーヅ", "□ 市民ニーズ"),
            ("■ 上位施策への貢宣", "■ 上位施策への貢献"),
        ] {
            e = replace1(&e, wrong, right);
        }
        e
    };
    assert_eq!(
        after, expect,
        "only the misspellings change; CRLF, the tail without newline and odd spaces stay"
    );
    assert_same_outside_spans(bad.as_bytes(), after.as_bytes());
    assert_eq!(
        std::fs::read(&bom).unwrap(),
        [b"\xEF\xBB\xBF".as_slice(), expect.as_bytes()].concat()
    );
    assert_eq!(
        std::fs::metadata(&typo).unwrap().permissions().mode() & 0o7777,
        0o640,
        "permissions kept"
    );
    assert_eq!(
        std::fs::metadata(&bom).unwrap().permissions().mode() & 0o7777,
        0o604,
        "permissions kept"
    );
    let files = by_path(&out.json());
    assert_eq!(
        rules(&files["./typo.hyoka"]),
        BTreeSet::new(),
        "re-checked after fixing"
    );

    // Nothing to fix: bytes and mtime untouched.
    assert_eq!(std::fs::read_to_string(&clean).unwrap(), COMPLETE);
    assert_eq!(
        std::fs::read_to_string(&clean_crlf).unwrap(),
        COMPLETE.replace('\n', "\r\n")
    );
    for p in [&clean, &clean_crlf, &unfixable] {
        assert_eq!(mtime(p), old, "{} was rewritten", p.display());
    }
    // A second --fix finds nothing more and touches nothing.
    let fixed_mtime = mtime(&typo);
    std::thread::sleep(Duration::from_millis(20));
    let out = run(d, &["check", "--fix", "."]);
    assert!(!out.stderr.contains("修正しました"), "{}", out.stderr);
    assert_eq!(mtime(&typo), fixed_mtime);
    assert_eq!(listing(d), before_listing);
}

/// `a` and `b` may differ only in a few short spans (the fixes); everything else is the same bytes in the
/// same order. Checked by a common prefix/suffix walk over each differing region.
fn assert_same_outside_spans(a: &[u8], b: &[u8]) {
    // Align greedily: equal bytes advance both; at a difference, find the shortest resync within 32 bytes.
    let (mut i, mut j, mut spans) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            i += 1;
            j += 1;
            continue;
        }
        spans += 1;
        let mut synced = false;
        'search: for skip_a in 0..32 {
            for skip_b in 0..32 {
                let (x, y) = (i + skip_a, j + skip_b);
                if x + 16 <= a.len() && y + 16 <= b.len() && a[x..x + 16] == b[y..y + 16] {
                    i = x;
                    j = y;
                    synced = true;
                    break 'search;
                }
            }
        }
        assert!(synced, "a difference longer than 32 bytes at byte {i}");
    }
    assert_eq!(a.len() - i, b.len() - j, "the tails differ");
    assert_eq!(a[i..], b[j..]);
    assert!(spans <= 3, "{spans} changed spans, expected at most 3");
}

/// `--fix` on a symlink: the file it points to is fixed, and the link stays a link.
#[test]
fn fix_through_a_symlink_fixes_the_target_and_keeps_the_link() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let bad = replace1(COMPLETE, "□ 市民ニーズ", "□ 市民ニーヅ");
    write(&d.join("real/sheet.hyoka"), &bad);
    std::os::unix::fs::symlink("real/sheet.hyoka", d.join("link.hyoka")).unwrap();
    let out = run(d, &["check", "--fix", "link.hyoka"]);
    assert_eq!(out.code, 0, "{out:?}");
    let link_meta = std::fs::symlink_metadata(d.join("link.hyoka")).unwrap();
    assert!(
        link_meta.file_type().is_symlink(),
        "--fix replaced the symlink link.hyoka with a regular file"
    );
    assert_eq!(
        std::fs::read_to_string(d.join("real/sheet.hyoka")).unwrap(),
        COMPLETE,
        "the target was not fixed"
    );
    assert_eq!(
        listing(&d.join("real")),
        BTreeSet::from(["sheet.hyoka".to_string()])
    );
}

/// `--fix` keeps the file's owner and group (as root, fixing someone else's file must not make it root's).
#[test]
fn fix_keeps_owner_and_group() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    if !permissions_do_not_block_reads(d) {
        eprintln!("not root: cannot chown to another user; skipped");
        return;
    }
    let p = d.join("theirs.hyoka");
    write(&p, replace1(COMPLETE, "□ 市民ニーズ", "□ 市民ニーヅ"));
    std::os::unix::fs::chown(&p, Some(65534), Some(65534)).unwrap();
    let out = run(d, &["check", "--fix", "theirs.hyoka"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(std::fs::read_to_string(&p).unwrap(), COMPLETE);
    let m = std::fs::metadata(&p).unwrap();
    assert_eq!(
        (m.uid(), m.gid()),
        (65534, 65534),
        "--fix changed the owner of the file it rewrote"
    );
}

// ───────────────────────────── folder walks that must end ─────────────────────────────

/// Symlinks that point back up the tree must neither hang the walk nor check a sheet more than once.
#[test]
fn symlink_loops_in_a_folder_do_not_hang_or_duplicate() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("sheets");
    write(&d.join("a.hyoka"), COMPLETE);
    write(&d.join("sub/b.hyoka"), COMPLETE);
    std::os::unix::fs::symlink(".", d.join("self1")).unwrap();
    std::os::unix::fs::symlink("..", d.join("sub/up")).unwrap();
    let out = run_limited(
        tmp.path(),
        &["check", "--format", "json", "sheets"],
        Duration::from_secs(20),
    );
    let v = out.json();
    let paths: Vec<String> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect();
    let mut unique = paths.clone();
    unique.sort();
    unique.dedup();
    assert!(
        paths.len() <= 2 + 2,
        "{} reports for 2 sheets (a symlink loop is walked over and over): {:?}…",
        paths.len(),
        &paths[..paths.len().min(6)]
    );
    assert_eq!(out.code, 0, "{out:?}");
}

/// The sheet list is the same whatever the order of the arguments, and a file given twice is checked
/// once per mention (it is what the user asked for) without crashing the --fix writer.
#[test]
fn the_same_file_twice_with_fix_is_safe() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let bad = replace1(COMPLETE, "□ 市民ニーズ", "□ 市民ニーヅ");
    write(&d.join("s.hyoka"), &bad);
    let out = run(
        d,
        &[
            "check",
            "--fix",
            "--format",
            "json",
            "s.hyoka",
            "s.hyoka",
            "./s.hyoka",
            ".",
        ],
    );
    assert!(out.code == 0 || out.code == 1, "{out:?}");
    assert_eq!(
        std::fs::read_to_string(d.join("s.hyoka")).unwrap(),
        COMPLETE,
        "fixed exactly once, not garbled"
    );
    assert_eq!(
        listing(d),
        BTreeSet::from(["s.hyoka".to_string()]),
        "no temporary file left"
    );
}

// ───────────────────────────── Hardening 2 ─────────────────────────────
// One regression test per problem found when the tool was attacked from outside (issue "Hardening 2").

fn typo_sheet() -> String {
    replace1(COMPLETE, "□ 市民ニーズ", "□ 市民ニーヅ")
}

fn mkfifo(p: &Path) {
    let ok = Command::new("mkfifo").arg(p).status().expect("mkfifo");
    assert!(ok.success());
}

/// Item 1: The temporary file of `--fix` used to be `.NAME.hyoka-fix-PID-ThreadId(N)`, made by a plain create
/// that followed links: links planted at those names redirected the write (and the chmod/chown) to a file
/// elsewhere, and the rename turned the sheet into a link.
#[test]
fn fix_ignores_links_planted_at_predictable_temporary_names() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let victim = d.join("victim.txt");
    write(&victim, "大事なファイル\n");
    std::fs::set_permissions(&victim, std::fs::Permissions::from_mode(0o600)).unwrap();
    write(&d.join("sheets/typo.hyoka"), typo_sheet());
    // Cover the old scheme for the next PIDs and the first worker threads.
    let next_pid = std::process::id();
    for pid in next_pid..next_pid + 400 {
        for thread in 1..=6 {
            let name = format!(".typo.hyoka.hyoka-fix-{pid}-ThreadId({thread})");
            std::os::unix::fs::symlink(&victim, d.join("sheets").join(name)).unwrap();
        }
    }
    let out = run(d, &["check", "--fix", "sheets/typo.hyoka"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(
        std::fs::read_to_string(&victim).unwrap(),
        "大事なファイル\n"
    );
    assert_eq!(
        std::fs::metadata(&victim).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let sheet = std::fs::symlink_metadata(d.join("sheets/typo.hyoka")).unwrap();
    assert!(sheet.file_type().is_file(), "the sheet became a link");
    assert_eq!(
        std::fs::read_to_string(d.join("sheets/typo.hyoka")).unwrap(),
        COMPLETE
    );
    // No temporary file is left behind.
    let leftovers: Vec<String> = listing(&d.join("sheets"))
        .into_iter()
        .filter(|n| !n.contains("ThreadId") && n != "typo.hyoka")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// Item 2: A form path was read with no check: `/dev/zero` grew memory without bound and a FIFO hung the run.
#[test]
fn form_paths_that_are_devices_fifos_or_huge_are_refused_in_japanese() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(&d.join("a.hyoka"), COMPLETE);
    mkfifo(&d.join("fifo.toml"));
    write(&d.join("huge.toml"), vec![b'#'; 5 << 20]);
    for form in ["/dev/zero", "fifo.toml", "huge.toml", "missing.toml"] {
        let out = run_limited(
            d,
            &["check", "--form", form, "a.hyoka"],
            Duration::from_secs(20),
        );
        assert_eq!(out.code, 2, "{form}: {out:?}");
        assert!(
            out.stderr.contains("様式ファイル"),
            "{form}: {}",
            out.stderr
        );
        assert!(!out.stderr.contains("os error"), "{form}: {}", out.stderr);
    }
    // The same through hyoka.toml, and a hyoka.toml that is itself a FIFO or huge.
    for (name, config) in [
        ("dev", "form = \"/dev/zero\"\n"),
        ("fifo", "form = \"../fifo.toml\"\n"),
    ] {
        write(&d.join(name).join("hyoka.toml"), config);
        write(&d.join(name).join("a.hyoka"), COMPLETE);
        let out = run_limited(
            d,
            &["check", &format!("{name}/a.hyoka")],
            Duration::from_secs(20),
        );
        assert_eq!(out.code, 2, "{name}: {out:?}");
        assert!(
            out.stdout.contains("様式ファイル"),
            "{name}: {}",
            out.stdout
        );
    }
    std::fs::create_dir_all(d.join("fifo-config")).unwrap();
    mkfifo(&d.join("fifo-config/hyoka.toml"));
    write(&d.join("fifo-config/a.hyoka"), COMPLETE);
    write(&d.join("huge-config/hyoka.toml"), vec![b'#'; 300 << 10]);
    write(&d.join("huge-config/a.hyoka"), COMPLETE);
    for name in ["fifo-config", "huge-config"] {
        let out = run_limited(
            d,
            &["check", &format!("{name}/a.hyoka")],
            Duration::from_secs(20),
        );
        assert_eq!(out.code, 2, "{name}: {out:?}");
        assert!(
            out.stdout.contains("設定ファイル"),
            "{name}: {}",
            out.stdout
        );
    }
}

/// Item 3: The folder walk opened whatever had a sheet's name: a FIFO hung it, a link to /dev/zero ate memory.
#[test]
fn folder_walk_checks_only_regular_files_and_counts_the_rest() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(&d.join("sheets/good.hyoka"), COMPLETE);
    mkfifo(&d.join("sheets/fifo.hyoka"));
    std::os::unix::fs::symlink("/dev/zero", d.join("sheets/zero.hyoka")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", d.join("sheets/zero.txt")).unwrap();
    let out = run_limited(d, &["check", "sheets"], Duration::from_secs(20));
    assert_eq!(out.code, 0, "{out:?}");
    let summary = out.stdout.lines().last().unwrap();
    assert!(summary.starts_with("1 ファイルを検査"), "{summary}");
    assert!(
        summary.contains("通常のファイルでないため読まなかったもの 3 件"),
        "{summary}"
    );
    // Named on the command line, a FIFO is an error (exit 2), not a hang.
    let out = run_limited(d, &["check", "sheets/fifo.hyoka"], Duration::from_secs(20));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.stdout.contains("通常のファイルではありません"),
        "{out:?}"
    );
    let out = run_limited(d, &["check", "sheets/zero.hyoka"], Duration::from_secs(20));
    assert_eq!(out.code, 2, "{out:?}");
}

/// The walk honours .gitignore and .ignore files (as ripgrep does), in or out of a git repository.
#[test]
fn folder_walk_honours_ignore_files() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(&d.join("sheets/keep.hyoka"), COMPLETE);
    write(&d.join("sheets/old/2014.hyoka"), "壊れた古いシート\n");
    write(&d.join("sheets/draft.hyoka"), "書きかけ\n");
    write(&d.join("sheets/.gitignore"), "old/\n");
    write(&d.join("sheets/.ignore"), "draft.hyoka\n");
    let out = run(d, &["check", "--format", "json", "sheets"]);
    assert_eq!(out.code, 0, "{out:?}");
    let paths: Vec<String> = by_path(&out.json()).into_keys().collect();
    assert_eq!(paths, ["sheets/keep.hyoka"]);
}

fn cp932_with_duplicates() -> Vec<u8> {
    // ED40 879A FA54 FA4A: each has a twin encoding in CP932 that a decode+encode round trip would pick.
    let mut bytes = Vec::new();
    for line in typo_sheet().split_inclusive('\n') {
        bytes.extend(encode_cp932(line));
        if line.starts_with("事務事業名") {
            bytes.extend_from_slice(b"\xED\x40\x87\x9A\xFA\x54\xFA\x4A\n");
        }
    }
    bytes
}

/// Item 4: `--fix` on Shift_JIS re-encoded the whole file, so NEC/IBM duplicates on untouched lines changed.
#[test]
fn fix_on_shift_jis_changes_only_the_fixed_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let before = cp932_with_duplicates();
    write(&d.join("sjis.hyoka"), &before);
    let out = run(d, &["check", "--fix", "sjis.hyoka"]);
    assert!(out.stderr.contains("1 箇所を修正しました"), "{out:?}");
    let after = std::fs::read(d.join("sjis.hyoka")).unwrap();
    assert!(find(&after, b"\xED\x40\x87\x9A\xFA\x54\xFA\x4A").is_some());
    // Exactly one byte differs: ヅ (8364) became ズ (8359).
    let diffs: Vec<usize> = (0..before.len())
        .filter(|&i| before[i] != after[i])
        .collect();
    assert_eq!(before.len(), after.len());
    assert_eq!(diffs.len(), 1, "{diffs:?}");
    assert_eq!((before[diffs[0]], after[diffs[0]]), (0x64, 0x59));
}

/// Item 6: `--fix` rewrote a read-only file (root may write anyway) and split hard links.
#[test]
fn fix_refuses_read_only_files_and_hard_links() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let ro = d.join("readonly.hyoka");
    write(&ro, typo_sheet());
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o444)).unwrap();
    let linked = d.join("linked.hyoka");
    write(&linked, typo_sheet());
    std::fs::hard_link(&linked, d.join("other-name.txt")).unwrap();
    for (name, says) in [
        ("readonly.hyoka", "読み取り専用"),
        ("linked.hyoka", "ハードリンク"),
    ] {
        let out = run(d, &["check", "--fix", "--format", "json", name]);
        assert_eq!(out.code, 2, "{name}: {out:?}");
        let v = out.json();
        let file = &v["files"][0];
        assert!(file["error"].as_str().unwrap().contains(says), "{file}");
        // The diagnostics are still reported, and the file is as it was.
        assert!(rules(file).contains("unknown-viewpoint"), "{file}");
        assert_eq!(std::fs::read_to_string(d.join(name)).unwrap(), typo_sheet());
    }
    assert_eq!(
        std::fs::read_to_string(d.join("other-name.txt")).unwrap(),
        typo_sheet()
    );
    assert_eq!(
        std::fs::metadata(&ro).unwrap().permissions().mode() & 0o777,
        0o444
    );
}

/// Item 7: SARIF turned `x\y.hyoka` into `./x/y.hyoka` (another file), lost bytes that are not UTF-8, and the
/// human output printed a newline of a file name raw.
#[test]
fn paths_follow_one_uri_policy_and_are_escaped_for_people() {
    use std::os::unix::ffi::OsStrExt;
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let bad = replace1(COMPLETE, "| 一般財源 | 1,372", "| 一般財源 | 1,379");
    write(&d.join(r"x\y.hyoka"), &bad);
    write(
        &d.join(std::ffi::OsStr::from_bytes(b"s\xFFjis.hyoka")),
        &bad,
    );
    write(&d.join("new\nline.hyoka"), &bad);
    let out = run(d, &["check", "--format", "sarif", r"x\y.hyoka"]);
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    let uri =
        &v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
    assert_eq!(uri, r"x%5Cy.hyoka");
    let abs = d.join("new\nline.hyoka");
    let out = run(
        d,
        &["check", "--format", "sarif", abs.to_str().unwrap(), "."],
    );
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    let uris: BTreeSet<String> = process::sarif_uris(&v).into_iter().collect();
    let abs_uri = format!("file://{}/new%0Aline.hyoka", d.to_str().unwrap());
    assert!(uris.contains(&abs_uri), "{uris:?}");
    assert!(
        uris.contains("./s%FFjis.hyoka") || uris.contains("s%FFjis.hyoka"),
        "{uris:?}"
    );
    let human = run(d, &["check", "."]);
    assert!(
        human.stdout.contains(r"new\nline.hyoka:"),
        "{}",
        human.stdout
    );
    assert!(
        human.stdout.contains(r"s\xFFjis.hyoka:"),
        "{}",
        human.stdout
    );
    assert!(!human.stdout.contains("new\nline"), "{}", human.stdout);
}
