//! The figures of Reliability 3 measured again, with the release binary (benches/README.md, "Reliability 3"):
//!
//!     cargo build --release && cargo bench --bench reliability
//!
//! Each case is one shape an attack found to cost time or memory out of proportion to its input:
//! - `aliases`: `hyoka check` of 5,000 sheets sharing a hyoka.toml of 5,957 `[aliases]` (wall, CPU, peak RSS);
//! - `copies`: 1,000 copies of one sheet (duplicate-project's related locations), JSON size and time;
//! - `years`: 2,000 sheets of one project, each of another year;
//! - `disable-run`, `indicator-name`, `indicator-unit`: a 2 MB run of `// hyoka-disable-next-line`, and of
//!   one indicator block's 指標名 or 単位 line;
//! - `short-lines-32MiB`, `prose-32MiB`: the shortest lines still read (16 bytes), and ordinary prose;
//! - `blank-32MiB`: a sheet of 32 MiB of empty lines (refused before it is split);
//! - `burst`: the server on 5,000 sheets, hover latency while 2,000 change events for one sheet arrive, then
//!   200 events naming hyoka.toml: index runs started and the server's CPU time.
//!
//! CLI runs are measured through Python's `resource.getrusage(RUSAGE_CHILDREN)` (peak RSS and CPU of the child).

use serde_json::json;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};
#[path = "../tests/support/lsp_client.rs"]
mod lsp_client;
use lsp_client::LspClient;
#[path = "support/release.rs"]
mod release;
use release::{binary, generate};

const COMPLETE: &str = include_str!("../examples/complete.hyoka");
const TIMEOUT: Duration = Duration::from_secs(600);

/// Wall time, CPU seconds, peak RSS (MiB) and standard output size of `hyoka ARGS` run in `dir`.
fn measure(dir: &Path, args: &[&str]) -> (Duration, f64, f64, usize, i32) {
    let script = "import resource, subprocess, sys\n\
                  p = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)\n\
                  r = resource.getrusage(resource.RUSAGE_CHILDREN)\n\
                  print(r.ru_utime + r.ru_stime, r.ru_maxrss, len(p.stdout), p.returncode)";
    let t = Instant::now();
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(binary())
        .args(args)
        .current_dir(dir)
        .output()
        .expect("python3 runs");
    let wall = t.elapsed();
    let s = String::from_utf8_lossy(&out.stdout);
    let f: Vec<f64> = s.split_whitespace().map(|x| x.parse().unwrap()).collect();
    (wall, f[0], f[1] / 1024.0, f[2] as usize, f[3] as i32)
}

fn line(name: &str, (wall, cpu, rss, out, code): (Duration, f64, f64, usize, i32)) {
    println!(
        "{name:<18} wall {:>8.2} s  CPU {:>7.2} s  peak {:>8.1} MiB  output {:>10} B  exit {code}",
        wall.as_secs_f64(),
        cpu,
        rss,
        out
    );
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// CPU seconds a live process has used (Linux: utime + stime of /proc/PID/stat, in clock ticks of 100 Hz).
fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    let after = &stat[stat.rfind(')').unwrap() + 2..];
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks: f64 = f[11].parse::<f64>().unwrap() + f[12].parse::<f64>().unwrap();
    ticks / 100.0
}

fn aliases(tmp: &Path) {
    let dir = tmp.join("aliases");
    generate(&dir, 5000, 4);
    let mut toml = String::from("[aliases]\n");
    for i in 0..5957 {
        toml.push_str(&format!("\"旧事業{i:05}\" = \"新事業{i:05}\"\n"));
    }
    assert!(toml.len() < 256 << 10, "under the config cap");
    std::fs::write(dir.join("hyoka.toml"), toml).unwrap();
    line(
        "aliases/5000",
        measure(&dir, &["check", "--format", "json", "."]),
    );
}

fn copies(tmp: &Path) {
    let dir = tmp.join("copies");
    std::fs::create_dir_all(&dir).unwrap();
    for i in 0..1000 {
        std::fs::write(dir.join(format!("copy{i:04}.hyoka")), COMPLETE).unwrap();
    }
    line(
        "copies/1000",
        measure(&dir, &["check", "--format", "json", "."]),
    );
}

fn years(tmp: &Path) {
    let dir = tmp.join("years");
    std::fs::create_dir_all(&dir).unwrap();
    let title = COMPLETE.lines().next().unwrap();
    let (before, after) = title
        .split_once("27")
        .expect("the example's title has 平成27年度");
    for i in 0..2000 {
        // 平成1年度 … far into the future: each sheet another year of the same project.
        let text = COMPLETE.replacen(title, &format!("{before}{}{after}", i + 1), 1);
        std::fs::write(dir.join(format!("y{i:04}.hyoka")), text).unwrap();
    }
    line(
        "years/2000",
        measure(&dir, &["check", "--format", "json", "."]),
    );
}

fn shapes(tmp: &Path) {
    let dir = tmp.join("shapes");
    std::fs::create_dir_all(&dir).unwrap();
    let mut disable = COMPLETE.to_string();
    while disable.len() < 2 << 20 {
        disable.push_str("// hyoka-disable-next-line budget-sum\n");
    }
    std::fs::write(dir.join("disable-run.hyoka"), &disable).unwrap();
    // One indicator block's field line repeated to 2 MB: its name, then its unit.
    for (name, label) in [("indicator-name", "指標名"), ("indicator-unit", "単位")] {
        let field = COMPLETE
            .lines()
            .find(|l| l.trim_start_matches('　').starts_with(label))
            .expect("the field in the example")
            .to_string();
        let at = COMPLETE.find(&field).unwrap() + field.len() + 1;
        let mut repeated = COMPLETE[..at].to_string();
        while repeated.len() < 2 << 20 {
            repeated.push_str(&field);
            repeated.push('\n');
        }
        repeated.push_str(&COMPLETE[at..]);
        std::fs::write(dir.join(format!("{name}.hyoka")), &repeated).unwrap();
    }
    let blank = vec![b'\n'; 32 << 20];
    std::fs::write(dir.join("blank-32MiB.hyoka"), blank).unwrap();
    // The worst shape still read: lines of 16 bytes (five kanji and a line break), 32 MiB of them.
    let mut short = COMPLETE.to_string();
    while short.len() < 32 << 20 {
        short.push_str("地産地消推\n");
    }
    std::fs::write(dir.join("short-lines-32MiB.hyoka"), &short).unwrap();
    let mut long = COMPLETE.to_string();
    while long.len() < 32 << 20 {
        long.push_str("　地場農水産物の消費拡大を図り、生産者と消費者の交流を深めます。\n");
    }
    std::fs::write(dir.join("prose-32MiB.hyoka"), &long).unwrap();
    println!("(peak RSS of the process, the binary's own ≈ 5 MiB included; sheets of 2 MiB ×3, 32 MiB ×3)");
    for name in [
        "disable-run",
        "indicator-name",
        "indicator-unit",
        "blank-32MiB",
        "short-lines-32MiB",
        "prose-32MiB",
    ] {
        let file = format!("{name}.hyoka");
        line(
            name,
            measure(
                &dir,
                &["check", "--format", "json", "--no-workspace", &file],
            ),
        );
    }
}

fn burst(tmp: &Path) {
    let ws = tmp.join("burst");
    generate(&ws, 5000, 4);
    let uri = |p: &Path| format!("file://{}", p.display());
    let mut c = LspClient::spawn(binary(), &["lsp", "--stdio"], &[]);
    c.timeout = TIMEOUT;
    c.initialize_params(json!({
        "processId": null,
        "rootUri": uri(&ws),
        "workspaceFolders": [{ "uri": uri(&ws), "name": "bench" }],
        "capabilities": { "window": { "workDoneProgress": true } },
    }));
    c.wait_for("the end of indexing", |m| {
        m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end"
    });
    let open = ws.join("sheet00001.hyoka");
    let text = std::fs::read_to_string(&open).unwrap();
    c.open(&uri(&open), 1, &text);
    c.diagnostics(&uri(&open), 1);
    let (hl, hc) = text
        .lines()
        .enumerate()
        .find_map(|(i, l)| {
            l.find("市民ニーズ")
                .map(|b| (i, l[..b].encode_utf16().count() + 1))
        })
        .expect("a viewpoint to hover");
    let changed = uri(&ws.join("sheet00002.hyoka"));
    let cpu_before = cpu_seconds(c.pid());
    // 2,000 events, a hover after every tenth.
    let mut hovers = Vec::new();
    for i in 0..2000 {
        c.notify(
            "workspace/didChangeWatchedFiles",
            json!({ "changes": [{ "uri": changed, "type": 2 }] }),
        );
        if i % 10 == 9 {
            let t = Instant::now();
            c.hover(&uri(&open), hl as u32, hc as u32).expect("a hover");
            hovers.push(t.elapsed());
        }
    }
    hovers.sort();
    println!(
        "burst/hover        p50 {:>9}  p99 {:>9}  max {:>9}  ({} hovers during 2,000 events)",
        ms(percentile(&hovers, 0.5)),
        ms(percentile(&hovers, 0.99)),
        ms(*hovers.last().unwrap()),
        hovers.len()
    );
    let before = c.seen().count();
    let config = uri(&ws.join("hyoka.toml"));
    let t = Instant::now();
    for _ in 0..200 {
        c.notify(
            "workspace/didChangeWatchedFiles",
            json!({ "changes": [{ "uri": config, "type": 2 }] }),
        );
    }
    // Settled: a hover answered, and no progress under way for a second.
    loop {
        c.hover(&uri(&open), hl as u32, hc as u32).expect("a hover");
        let quiet = c.drain(Duration::from_secs(1));
        if quiet.is_empty() {
            break;
        }
    }
    let begins = c
        .seen()
        .skip(before)
        .filter(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "begin")
        .count();
    println!(
        "burst/config       200 events: {begins} index runs begun, settled in {:.2} s, server CPU {:.2} s over both bursts",
        t.elapsed().as_secs_f64(),
        cpu_seconds(c.pid()) - cpu_before
    );
    assert!(c.shutdown_and_exit().success());
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let only: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let want = |name: &str| only.is_empty() || only.iter().any(|o| o == name);
    let tmp = tempfile::tempdir().unwrap();
    if want("aliases") {
        aliases(tmp.path());
    }
    if want("copies") {
        copies(tmp.path());
    }
    if want("years") {
        years(tmp.path());
    }
    if want("shapes") {
        shapes(tmp.path());
    }
    if want("burst") {
        burst(tmp.path());
    }
}
