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

/// Why a new output file (a report) was not written.
#[derive(Debug)]
pub enum OutputError {
    /// The path is a symbolic link: writing through it or replacing it would both surprise someone.
    Link,
    /// The path is one of the files the output is made from.
    Input,
    /// The temporary file was swapped for something else before it was renamed into place.
    Swapped,
    Write(WriteError),
}

impl From<std::io::Error> for OutputError {
    fn from(e: std::io::Error) -> Self {
        OutputError::Write(WriteError::Io(e))
    }
}

/// Write a new output file (a report), whole or not at all: the bytes go to a temporary file in the same
/// folder, renamed over `path`. Refused: a path that is a link, one of `inputs` (the same file, by identity),
/// or anything but a regular file (a folder, a FIFO, a device). The mode is set on the open handle, and the
/// temporary name is checked to still be that handle before the rename, so someone who can write in the
/// folder (a shared drive) cannot have the mode given to, or the report replaced by, a file of their choice.
pub fn write_output(path: &Path, bytes: &[u8], inputs: &[PathBuf]) -> Result<(), OutputError> {
    write_output_with(path, bytes, inputs, &|_| {})
}

/// `write_output`, calling `between` with the temporary file's path after writing it (tests swap it there).
fn write_output_with(
    path: &Path,
    bytes: &[u8],
    inputs: &[PathBuf],
    between: &dyn Fn(&Path),
) -> Result<(), OutputError> {
    let existing = match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => return Err(OutputError::Link),
        Ok(m) if m.is_dir() || !m.is_file() => {
            return Err(OutputError::Write(WriteError::Read(ReadError::NotRegular)))
        }
        Ok(m) if m.permissions().readonly() => {
            return Err(OutputError::Write(WriteError::ReadOnly))
        }
        Ok(m) => Some(m),
        Err(_) => None,
    };
    if let Some(out) = &existing {
        if inputs.iter().any(|i| is_same_file(i, path, out)) {
            return Err(OutputError::Input);
        }
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".hyoka-report-")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    between(tmp.path());
    // The temporary file is private; a report is for others to read. On the handle: the path may be swapped.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = existing
            .as_ref()
            .map_or(0o644, |m| m.permissions().mode() & 0o777);
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode))?;
    }
    let ours = tmp.as_file().metadata()?;
    match std::fs::symlink_metadata(tmp.path()) {
        Ok(m) if m.is_file() && (!cfg!(unix) || same_file(&m, &ours)) => {}
        _ => {
            // Whatever stands at the temporary name now is not ours to rename; leave it for its owner.
            let _ = tmp.into_temp_path().keep();
            return Err(OutputError::Swapped);
        }
    }
    tmp.persist(path)
        .map_err(|e| OutputError::Write(WriteError::Io(e.error)))?;
    Ok(())
}

/// Whether `input` is the file at `path` (whose metadata is `meta`): by device and inode where there are
/// such, else by canonical path.
fn is_same_file(input: &Path, path: &Path, meta: &std::fs::Metadata) -> bool {
    if cfg!(unix) {
        std::fs::metadata(input).is_ok_and(|m| same_file(&m, meta))
    } else {
        matches!((std::fs::canonicalize(input), std::fs::canonicalize(path)), (Ok(a), Ok(b)) if a == b)
    }
}

/// Whether two metadata describe the same file (device and inode; elsewhere not known, so false).
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        a.dev() == b.dev() && a.ino() == b.ino()
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        false
    }
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

    /// Finding 1 of Reliability 3: the mode was set by path after writing, so a file swapped in for the
    /// temporary one (a link to the user's private file) got mode 0644, and the report became that link.
    #[cfg(unix)]
    #[test]
    fn output_mode_is_set_on_the_handle_and_a_swapped_file_is_not_renamed() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let private = dir.path().join("private.txt");
        std::fs::write(&private, "secret").unwrap();
        std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o600)).unwrap();
        let out = dir.path().join("report.html");
        let swap = |tmp: &Path| {
            std::fs::remove_file(tmp).unwrap();
            std::os::unix::fs::symlink(&private, tmp).unwrap();
        };
        let e = write_output_with(&out, b"<html>", &[], &swap).unwrap_err();
        assert!(matches!(e, OutputError::Swapped), "{e:?}");
        let mode = std::fs::metadata(&private).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the private file's mode changed");
        assert_eq!(std::fs::read(&private).unwrap(), b"secret");
        assert!(
            std::fs::symlink_metadata(&out).is_err(),
            "the report became the planted file"
        );
        // Undisturbed, the report is written and readable by others.
        write_output(&out, b"<html>", &[]).unwrap();
        let meta = std::fs::symlink_metadata(&out).unwrap();
        assert!(meta.is_file());
        assert_eq!(meta.permissions().mode() & 0o777, 0o644);
        assert_eq!(std::fs::read(&out).unwrap(), b"<html>");
    }

    /// Finding 10: onto one of its own inputs the report wrote silently; onto a link it replaced the link.
    #[cfg(unix)]
    #[test]
    fn output_refuses_an_input_and_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let sheet = dir.path().join("a.hyoka");
        std::fs::write(&sheet, "sheet").unwrap();
        // The same file under another name (`./a.hyoka`, a hard link) is still the input.
        let e = write_output(
            &dir.path().join("./a.hyoka"),
            b"<html>",
            std::slice::from_ref(&sheet),
        )
        .unwrap_err();
        assert!(matches!(e, OutputError::Input), "{e:?}");
        let link = dir.path().join("report.html");
        std::os::unix::fs::symlink(&sheet, &link).unwrap();
        let e = write_output(&link, b"<html>", &[]).unwrap_err();
        assert!(matches!(e, OutputError::Link), "{e:?}");
        assert_eq!(std::fs::read(&sheet).unwrap(), b"sheet");
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        // A file that is not an input is replaced, keeping its mode.
        let other = dir.path().join("old.html");
        std::fs::write(&other, "old").unwrap();
        write_output(&other, b"new", &[sheet]).unwrap();
        assert_eq!(std::fs::read(&other).unwrap(), b"new");
    }
}
