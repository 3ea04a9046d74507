//! Rewriting a sheet in place (`--fix`), safely in a folder that others can write to.
//!
//! The new bytes go to a temporary file created exclusively with an unpredictable name and private mode
//! (the `tempfile` crate), which is renamed over the sheet: a crash or a full disk never leaves half a file,
//! and a link planted in the folder cannot redirect the write. Before the rename the sheet is compared with
//! what was read, so an edit made meanwhile is never lost. A read-only file and a file with several hard
//! links are refused: renaming would bypass the first and split the second.

use crate::read::{check_regular, read_regular, Fingerprint, ReadError};
use hyoka_core::messages;
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub enum WriteError {
    /// The mode bits (or the read-only attribute) deny writing.
    ReadOnly,
    /// Several names share the file; a rename would give only this one the new text.
    HardLinks(u64),
    /// The file changed after it was read.
    Changed,
    Read(ReadError),
    Io(std::io::Error),
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = match self {
            WriteError::ReadOnly => messages::ui("fs.write.read_only", &[]),
            WriteError::HardLinks(n) => messages::ui("fs.write.hard_links", &[("count", n)]),
            WriteError::Changed => messages::ui("fs.write.changed", &[]),
            WriteError::Read(e) => e.to_string(),
            WriteError::Io(e) => messages::ui("fs.write.io", &[("error", e)]),
        };
        f.write_str(&m)
    }
}

impl std::error::Error for WriteError {}

impl From<std::io::Error> for WriteError {
    fn from(e: std::io::Error) -> Self {
        WriteError::Io(e)
    }
}

/// A sheet as it was read: the bytes and what identifies that version.
pub struct ReadFile {
    pub bytes: Vec<u8>,
    pub fingerprint: Fingerprint,
}

/// The file to write (a link's target) and its metadata, or why a rename must not replace it. Judged by the bits, since root may write anyway.
pub fn check_replaceable(path: &Path) -> Result<(PathBuf, std::fs::Metadata), WriteError> {
    // Through a link: rewrite its target and keep the link.
    let target = std::fs::canonicalize(path).map_err(|e| WriteError::Read(e.into()))?;
    let meta = check_regular(&target).map_err(WriteError::Read)?;
    if meta.permissions().readonly() {
        return Err(WriteError::ReadOnly);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.nlink() > 1 {
            return Err(WriteError::HardLinks(meta.nlink()));
        }
        // Anyone but root: ask the kernel (ACLs included) by opening for writing, which changes nothing.
        if !rustix::process::geteuid().is_root()
            && std::fs::OpenOptions::new()
                .write(true)
                .open(&target)
                .is_err()
        {
            return Err(WriteError::ReadOnly);
        }
    }
    Ok((target, meta))
}

/// Replace the file at `path` (which was read as `original`) with `bytes`.
pub fn replace(path: &Path, original: &ReadFile, bytes: &[u8]) -> Result<(), WriteError> {
    let (target, meta) = check_replaceable(path)?;
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".hyoka-fix-")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    // Mode and owner as the original had them, set on the handle (not a path another user could swap).
    tmp.as_file().set_permissions(meta.permissions())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // Only root may give a file away; a refusal leaves it ours, which is what a plain write does too.
        let _ = std::os::unix::fs::fchown(tmp.as_file(), Some(meta.uid()), Some(meta.gid()));
    }
    // Last look: the sheet must still be what we read (an editor may have saved it meanwhile).
    let (now, fingerprint) =
        read_regular(&target, crate::read::SHEET_LIMIT).map_err(|e| match e {
            ReadError::TooLarge { .. } => WriteError::Changed,
            e => WriteError::Read(e),
        })?;
    if fingerprint != original.fingerprint || now != original.bytes {
        return Err(WriteError::Changed); // the temporary file is removed when dropped
    }
    tmp.persist(&target).map_err(|e| WriteError::Io(e.error))?;
    Ok(())
}

/// Write a new output file (a report), whole or not at all: the bytes go to a temporary file in the same
/// folder, renamed over `path`. An existing path that is not a regular file (a folder, a FIFO, a device) is
/// refused rather than replaced or blocked on.
pub fn write_output(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    match std::fs::metadata(path) {
        Ok(m) if !m.is_file() => return Err(WriteError::Read(ReadError::NotRegular)),
        Ok(m) if m.permissions().readonly() => return Err(WriteError::ReadOnly),
        _ => {}
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    // The temporary file is private; a report is for others to read.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o644))?;
    }
    tmp.persist(path).map_err(|e| WriteError::Io(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(p: &Path) -> ReadFile {
        let (bytes, fingerprint) = read_regular(p, 1 << 20).unwrap();
        ReadFile { bytes, fingerprint }
    }

    /// 5. `--fix` renamed over a file that an editor had saved meanwhile, losing that edit.
    #[test]
    fn replace_refuses_a_file_changed_since_it_was_read() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.hyoka");
        std::fs::write(&p, "事務事業明：x\n").unwrap();
        let original = read(&p);
        // Same length, so only the bytes (or the time stamp) tell.
        std::fs::write(&p, "事務事業明：y\n").unwrap();
        let e = replace(&p, &original, "事務事業名：x\n".as_bytes()).unwrap_err();
        assert!(matches!(e, WriteError::Changed), "{e:?}");
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "事務事業明：y\n");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "a temporary file was left behind");
        // Unchanged: written.
        let original = read(&p);
        replace(&p, &original, "事務事業名：y\n".as_bytes()).unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "事務事業名：y\n");
    }

    #[cfg(unix)]
    #[test]
    fn replace_keeps_the_mode_and_refuses_read_only_and_linked_files() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.hyoka");
        std::fs::write(&p, "x").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        replace(&p, &read(&p), b"y").unwrap();
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o444)).unwrap();
        assert!(matches!(
            replace(&p, &read(&p), b"z"),
            Err(WriteError::ReadOnly)
        ));
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).unwrap();
        std::fs::hard_link(&p, dir.path().join("b.hyoka")).unwrap();
        assert!(matches!(
            replace(&p, &read(&p), b"z"),
            Err(WriteError::HardLinks(2))
        ));
        assert_eq!(std::fs::read(&p).unwrap(), b"y");
    }
}
