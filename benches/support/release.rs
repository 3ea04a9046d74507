//! What the benches that drive the release binary share: where the binary is, and generated sheets.

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `HYOKA_BIN`, else target/release/hyoka (the bench stops, saying so, when it has not been built).
pub fn binary() -> PathBuf {
    if let Some(p) = std::env::var_os("HYOKA_BIN") {
        return PathBuf::from(p);
    }
    let bin = root()
        .join("target/release")
        .join(format!("hyoka{}", std::env::consts::EXE_SUFFIX));
    if !bin.exists() {
        eprintln!(
            "{} does not exist: build it first with `cargo build --release`",
            bin.display()
        );
        std::process::exit(2);
    }
    bin
}

/// `n` sheets in `dir`: projects of `years` years each, 10 % with a defect (benches/gen_sheets.py).
pub fn generate(dir: &Path, n: usize, years: usize) {
    let status = Command::new("python3")
        .arg(root().join("benches/gen_sheets.py"))
        .arg(dir)
        .arg(n.to_string())
        .args(["--workspace", &years.to_string(), "--defects", "0.1"])
        .status()
        .expect("python3 runs benches/gen_sheets.py");
    assert!(status.success());
}
