//! Which files in a folder are sheets: `*.hyoka`, `*.hyoka.txt`, and `*.txt` whose first 50 non-blank
//! lines mention the form's title word. Only regular files are taken (a FIFO would hang the run, a link to
//! a device would never end). The walk honours .gitignore and .ignore files, skips hidden entries, and
//! never follows links to folders, so a link back up cannot loop.

use crate::read::{read_prefix, ReadError};
use std::path::{Path, PathBuf};

/// How much of a `.txt` file is read to decide whether it is a sheet.
const SNIFF_BYTES: u64 = 64 << 10;

#[derive(Debug, Default)]
pub struct Walk {
    /// Sheets to check, sorted.
    pub files: Vec<PathBuf>,
    /// Regular files that are not sheets.
    pub skipped: usize,
    /// Entries that are not regular files (FIFOs, devices, sockets, links to those or to folders).
    pub not_regular: usize,
    pub errors: Vec<(PathBuf, String)>,
}

/// Whether a file name alone says "sheet" (Some(true)), "not a sheet" (Some(false)) or "look inside" (None).
pub fn is_sheet_name(p: &Path) -> Option<bool> {
    let name = p.file_name()?.to_string_lossy().to_lowercase();
    if name.ends_with(".hyoka") || name.ends_with(".hyoka.txt") {
        Some(true)
    } else if name.ends_with(".txt") {
        None
    } else {
        Some(false)
    }
}

/// The content test, on decoded text: a non-blank line among the first 50 mentions one of `title_words`
/// (the title words of the forms that may apply).
pub fn mentions_title(text: &str, title_words: &[&str]) -> bool {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .take(50)
        .any(|l| title_words.iter().any(|w| !w.is_empty() && l.contains(w)))
}

/// Whether the text of a `.txt` file makes it a sheet, the one test of the folder walk, `hyoka check` and the
/// language server's index: with a form named (`--form`, the editor's `hyoka.form`), its title word among the
/// first lines; without, the title line of a built-in form (their words alone, such as 事務事業評価, also occur
/// in memos).
pub fn is_sheet_text(
    text: &str,
    named: Option<&hyoka_core::Form>,
    builtins: &[std::sync::Arc<hyoka_core::Form>],
) -> bool {
    match named {
        Some(f) => mentions_title(text, &[f.title.word.as_str()]),
        None => hyoka_core::syntax::detect_form(text, builtins).is_some(),
    }
}

fn sniff(p: &Path, is_sheet: &dyn Fn(&str) -> bool) -> bool {
    let Ok(mut bytes) = read_prefix(p, SNIFF_BYTES) else {
        return false;
    };
    // The prefix may end inside a character: drop the last, possibly cut, line.
    if bytes.len() as u64 == SNIFF_BYTES {
        if let Some(nl) = bytes.iter().rposition(|&b| b == b'\n') {
            bytes.truncate(nl + 1);
        }
    }
    match hyoka_core::text::decode::decode(&bytes) {
        Ok((text, _)) => is_sheet(&text),
        Err(_) => false,
    }
}

/// Walk `dir` for sheets: `*.hyoka`, and the `*.txt` whose first bytes `is_sheet` accepts. Folders named
/// `target` and `node_modules` are build output, never sheets.
pub fn walk(dir: &Path, is_sheet: &dyn Fn(&str) -> bool) -> Walk {
    let mut w = Walk::default();
    let walker = ignore::WalkBuilder::new(dir)
        .follow_links(false)
        .require_git(false)
        .filter_entry(|e| {
            let build_output = e.depth() > 0
                && e.file_type().is_some_and(|t| t.is_dir())
                && matches!(e.file_name().to_str(), Some("target" | "node_modules"));
            !build_output
        })
        .build();
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = error_path(&e).unwrap_or_else(|| dir.to_path_buf());
                let message = match e.io_error() {
                    Some(io) => ReadError::from(std::io::Error::from(io.kind())).to_string(),
                    None => e.to_string(),
                };
                w.errors.push((path, message));
                continue;
            }
        };
        let Some(ft) = entry.file_type() else {
            continue; // standard input, never in a folder walk
        };
        if ft.is_dir() {
            continue;
        }
        let path = entry.into_path();
        let regular = if ft.is_symlink() {
            // A link to a regular file is checked; a link to a folder is not followed. A broken link with a
            // sheet's name is reported: the sheet it meant is missing.
            match std::fs::metadata(&path) {
                Ok(m) => m.is_file(),
                Err(e) => {
                    if is_sheet_name(&path) == Some(true) {
                        w.errors.push((path, ReadError::from(e).to_string()));
                    } else {
                        w.skipped += 1;
                    }
                    continue;
                }
            }
        } else {
            ft.is_file()
        };
        if !regular {
            w.not_regular += 1;
            continue;
        }
        match is_sheet_name(&path) {
            Some(true) => w.files.push(path),
            None if sniff(&path, is_sheet) => w.files.push(path),
            _ => w.skipped += 1,
        }
    }
    w.files.sort();
    w
}

fn error_path(e: &ignore::Error) -> Option<PathBuf> {
    match e {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(is_sheet_name(Path::new("a.hyoka")), Some(true));
        assert_eq!(is_sheet_name(Path::new("a.HYOKA.txt")), Some(true));
        assert_eq!(is_sheet_name(Path::new("a.txt")), None);
        assert_eq!(is_sheet_name(Path::new("a.md")), Some(false));
    }
}
