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

/// At most this many bytes of sheets are read by one run of `hyoka check` or `hyoka report`, and held by the
/// language server's index: what a walk keeps in memory stays bounded however large the folder. Sheets past
/// it are reported, not dropped. `HYOKA_TOTAL_LIMIT` (bytes) sets another figure.
pub const TOTAL_LIMIT: u64 = 512 << 20;

/// The total in force: `TOTAL_LIMIT`, or `HYOKA_TOTAL_LIMIT` when it holds a number.
pub fn total_limit() -> u64 {
    std::env::var("HYOKA_TOTAL_LIMIT")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(TOTAL_LIMIT)
}

/// A sheet may have this many lines whatever its size...
pub const FREE_LINES: usize = 20_000;
/// ...and more only when they average at least this many bytes. Each line costs the checker about 130 bytes
/// (its class, its place in the line tables), so 32 MiB of empty lines would need 4 GB; with this bound a
/// sheet costs at most about 9 times its size, or 2.6 MB when it has no more than `FREE_LINES` lines.
pub const MIN_LINE_BYTES: usize = 16;

/// Refuse text with more lines than a sheet of its size can have (see `MIN_LINE_BYTES`).
pub fn check_lines(bytes: &[u8]) -> Result<(), ReadError> {
    let limit = FREE_LINES.max(bytes.len() / MIN_LINE_BYTES);
    // Line breaks: LF, CRLF and a lone CR (as the core splits lines).
    let mut lines = 1;
    let mut after_cr = false;
    for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        if !(bytes[i] == b'\n' && after_cr && i > 0 && bytes[i - 1] == b'\r') {
            lines += 1;
        }
        after_cr = bytes[i] == b'\r';
        if lines > limit {
            return Err(ReadError::TooManyLines { limit });
        }
    }
    Ok(())
}

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
    /// More lines than a sheet of its size can have (`check_lines`).
    TooManyLines {
        limit: usize,
    },
    /// Reading it would pass the total of a run (`TOTAL_LIMIT`).
    OverTotal {
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
            ReadError::TooManyLines { limit } => {
                messages::ui("fs.read.too_many_lines", &[("limit", limit)])
            }
            ReadError::OverTotal { limit } => {
                messages::ui("fs.read.over_total", &[("limit", &human_size(*limit))])
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

    /// Finding 6 of Reliability 3: 32 MiB of empty lines took 3.2 GB to check.
    #[test]
    fn text_of_mostly_empty_lines_is_refused_before_it_is_split() {
        assert!(check_lines(&vec![b'\n'; FREE_LINES - 1]).is_ok());
        assert!(matches!(
            check_lines(&vec![b'\n'; FREE_LINES]),
            Err(ReadError::TooManyLines { limit: FREE_LINES })
        ));
        // CRLF is one break, a lone CR is one.
        assert!(check_lines(&b"\r\n".repeat(FREE_LINES - 1)).is_ok());
        assert!(check_lines(&b"\r".repeat(FREE_LINES)).is_err());
        // Long lines may be many: 40,000 lines of 40 bytes (a generated 1.6 MB sheet).
        let line = format!("{}\n", "地場農水産物の消費拡大を図る。");
        assert!(line.len() >= MIN_LINE_BYTES);
        assert!(check_lines(line.repeat(40_000).as_bytes()).is_ok());
        let short = "□ 無\n".repeat(40_000);
        assert!(check_lines(short.as_bytes()).is_err());
    }

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(human_size(4 << 20), "4 MiB");
        assert_eq!(human_size(256 << 10), "256 KiB");
        assert_eq!(human_size(1000), "1000 B");
    }
}
