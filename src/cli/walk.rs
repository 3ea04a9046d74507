//! Which files are sheets (spec §1): `*.hyoka`, `*.hyoka.txt`, and `*.txt` whose first 50 non-blank lines
//! mention 事業評価シート. Files named on the command line are always checked.

use std::path::{Path, PathBuf};

pub struct Walk {
    pub files: Vec<PathBuf>,
    pub skipped: usize,
    pub errors: Vec<(PathBuf, String)>,
}

pub fn is_sheet_name(p: &Path) -> Option<bool> {
    let name = p.file_name()?.to_string_lossy().to_lowercase();
    if name.ends_with(".hyoka") || name.ends_with(".hyoka.txt") {
        Some(true)
    } else if name.ends_with(".txt") {
        None // decided by content
    } else {
        Some(false)
    }
}

/// Spec §1's content test, on decoded text.
pub fn mentions_title(text: &str) -> bool {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .take(50)
        .any(|l| l.contains("事業評価シート"))
}

fn sniff(p: &Path) -> bool {
    match std::fs::read(p) {
        Ok(bytes) => match hyoka_core::text::decode::decode(&bytes) {
            Ok((text, _)) => mentions_title(&text),
            Err(_) => false,
        },
        Err(_) => false,
    }
}

pub fn walk(dir: &Path) -> Walk {
    let mut w = Walk {
        files: vec![],
        skipped: 0,
        errors: vec![],
    };
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = match std::fs::read_dir(&d) {
            Ok(e) => e,
            Err(e) => {
                w.errors.push((d.clone(), e.to_string()));
                continue;
            }
        };
        let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        entries.sort();
        for p in entries.into_iter().rev() {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            // Links to folders are not followed (as ripgrep and fd do): a link back up would loop.
            let is_link = p
                .symlink_metadata()
                .is_ok_and(|m| m.file_type().is_symlink());
            if p.is_dir() {
                if !is_link && !name.starts_with('.') && name != "target" && name != "node_modules"
                {
                    stack.push(p);
                }
                continue;
            }
            match is_sheet_name(&p) {
                Some(true) => w.files.push(p),
                None if sniff(&p) => w.files.push(p),
                _ => w.skipped += 1,
            }
        }
    }
    w.files.sort();
    w
}
