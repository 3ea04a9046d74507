//! Bounded reads of regular files. Anything read from a path may be a FIFO, a device, a link or huge:
//! only regular files are read (after following links), and never more than a limit.

use hyoka_core::messages;
use std::fmt;
use std::io::Read;
use std::path::Path;
use std::time::SystemTime;

/// A form file is a few hundred KB.
pub const FORM_LIMIT: u64 = 4 << 20;
/// A hyoka.toml is a few lines.
pub const CONFIG_LIMIT: u64 = 256 << 10;
/// A sheet is a few KB; generated test sheets reach a few MB.
pub const SHEET_LIMIT: u64 = 64 << 20;

/// What identifies the version of a file that was read, to notice a change before overwriting it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    pub len: u64,
    pub modified: Option<SystemTime>,
    #[cfg(unix)]
    pub inode: (u64, u64),
}

impl Fingerprint {
    pub fn of(meta: &std::fs::Metadata) -> Fingerprint {
        #[cfg(unix)]
        use std::os::unix::fs::MetadataExt;
        Fingerprint {
            len: meta.len(),
            modified: meta.modified().ok(),
            #[cfg(unix)]
            inode: (meta.dev(), meta.ino()),
        }
    }
}

#[derive(Debug)]
pub enum ReadError {
    NotFound,
    PermissionDenied,
    IsFolder,
    /// A FIFO, a device, a socket: reading it could hang or never end.
    NotRegular,
    TooLarge {
        limit: u64,
    },
    Io(std::io::Error),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = match self {
            ReadError::NotFound => messages::ui("fs.read.not_found", &[]),
            ReadError::PermissionDenied => messages::ui("fs.read.permission_denied", &[]),
            ReadError::IsFolder => messages::ui("fs.read.is_folder", &[]),
            ReadError::NotRegular => messages::ui("fs.read.not_regular", &[]),
            ReadError::TooLarge { limit } => {
                messages::ui("fs.read.too_large", &[("limit", &human_size(*limit))])
            }
            ReadError::Io(e) => messages::ui("fs.read.io", &[("error", e)]),
        };
        f.write_str(&m)
    }
}

impl std::error::Error for ReadError {}

impl From<std::io::Error> for ReadError {
    fn from(e: std::io::Error) -> Self {
        match e.kind() {
            std::io::ErrorKind::NotFound => ReadError::NotFound,
            std::io::ErrorKind::PermissionDenied => ReadError::PermissionDenied,
            _ => ReadError::Io(e),
        }
    }
}

pub fn human_size(bytes: u64) -> String {
    if bytes >= 1 << 20 && bytes % (1 << 20) == 0 {
        format!("{} MiB", bytes >> 20)
    } else if bytes >= 1 << 10 && bytes % (1 << 10) == 0 {
        format!("{} KiB", bytes >> 10)
    } else {
        format!("{bytes} B")
    }
}

/// Check a path without opening it: a regular file after following links.
pub fn check_regular(path: &Path) -> Result<std::fs::Metadata, ReadError> {
    let meta = std::fs::metadata(path)?;
    if meta.is_dir() {
        Err(ReadError::IsFolder)
    } else if !meta.is_file() {
        Err(ReadError::NotRegular)
    } else {
        Ok(meta)
    }
}

/// Read a regular file of at most `limit` bytes, with the fingerprint of what was read.
///
/// The path is checked before opening (opening a FIFO for reading blocks until a writer comes), and the
/// opened handle is checked again, so a file swapped for a FIFO or device in between is refused too.
pub fn read_regular(path: &Path, limit: u64) -> Result<(Vec<u8>, Fingerprint), ReadError> {
    let before = check_regular(path)?;
    if before.len() > limit {
        return Err(ReadError::TooLarge { limit });
    }
    let file = open_no_block(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular);
    }
    let mut bytes = Vec::with_capacity(meta.len().min(limit) as usize);
    // A file that grows while it is read is still cut at the limit.
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { limit });
    }
    Ok((bytes, Fingerprint::of(&meta)))
}

#[cfg(unix)]
fn open_no_block(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    // O_NONBLOCK: should the path have become a FIFO since the check, opening does not wait for a writer.
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
        .open(path)
}

#[cfg(not(unix))]
fn open_no_block(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

/// The first `n` bytes of a regular file (for recognising sheets by content).
pub fn read_prefix(path: &Path, n: u64) -> Result<Vec<u8>, ReadError> {
    check_regular(path)?;
    let file = open_no_block(path)?;
    if !file.metadata()?.is_file() {
        return Err(ReadError::NotRegular);
    }
    let mut bytes = Vec::new();
    file.take(n).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Read a text file as UTF-8 (forms and configs), with the same checks.
pub fn read_regular_utf8(path: &Path, limit: u64) -> Result<String, ReadError> {
    let (bytes, _) = read_regular(path, limit)?;
    String::from_utf8(bytes).map_err(|e| {
        ReadError::Io(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            messages::ui(
                "fs.read.not_utf8",
                &[("offset", &e.utf8_error().valid_up_to())],
            ),
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_what_is_not_a_regular_file() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            read_regular(dir.path(), 10),
            Err(ReadError::IsFolder)
        ));
        assert!(matches!(
            read_regular(&dir.path().join("none"), 10),
            Err(ReadError::NotFound)
        ));
        #[cfg(unix)]
        assert!(matches!(
            read_regular(Path::new("/dev/zero"), 10),
            Err(ReadError::NotRegular)
        ));
        let big = dir.path().join("big");
        std::fs::write(&big, vec![b'a'; 11]).unwrap();
        assert!(matches!(
            read_regular(&big, 10),
            Err(ReadError::TooLarge { limit: 10 })
        ));
        assert_eq!(read_regular(&big, 11).unwrap().0.len(), 11);
    }

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(human_size(4 << 20), "4 MiB");
        assert_eq!(human_size(256 << 10), "256 KiB");
        assert_eq!(human_size(1000), "1000 B");
    }
}
