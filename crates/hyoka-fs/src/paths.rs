//! One policy for paths shown to people and tools.
//!
//! - URIs (SARIF `artifactLocation.uri`): an absolute path becomes a `file:///` URI (a Windows drive
//!   `C:\…` becomes `file:///C:/…`, a UNC path `\\server\share\…` becomes `file://server/share/…`); a
//!   relative path stays a relative reference. The path's real bytes are percent-encoded, so a name that is
//!   not UTF-8 survives. `\` separates folders only on Windows; elsewhere it is a character of the name.
//! - Display (human output): control characters and bytes that are not UTF-8 are escaped (`\n`, `\xFF`), so
//!   a file name cannot forge output lines or terminal escapes.

use std::path::Path;

/// How a path is spelt: by the host, or chosen (tests of the Windows spelling run everywhere).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Unix,
    Windows,
}

impl Style {
    pub const HOST: Style = if cfg!(windows) {
        Style::Windows
    } else {
        Style::Unix
    };
}

/// The bytes of a path: exact on Unix; on Windows, the UTF-8 form (its names are UTF-16).
fn path_bytes(path: &Path) -> std::borrow::Cow<'_, [u8]> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        std::borrow::Cow::Borrowed(path.as_os_str().as_bytes())
    }
    #[cfg(not(unix))]
    {
        match path.to_string_lossy() {
            std::borrow::Cow::Borrowed(s) => std::borrow::Cow::Borrowed(s.as_bytes()),
            std::borrow::Cow::Owned(s) => std::borrow::Cow::Owned(s.into_bytes()),
        }
    }
}

/// `path` relative to the folder `base` (`../sheets/a.hyoka`), both made absolute first; `None` when they
/// share no root (two Windows drives).
pub fn relative_to(path: &Path, base: &Path) -> Option<std::path::PathBuf> {
    use std::path::Component;
    let abs = |p: &Path| std::path::absolute(p).ok();
    let (path, base) = (abs(path)?, abs(base)?);
    fn normal(p: &Path) -> Vec<Component<'_>> {
        let mut out: Vec<Component> = Vec::new();
        for c in p.components() {
            match c {
                Component::CurDir => {}
                Component::ParentDir if matches!(out.last(), Some(Component::Normal(_))) => {
                    out.pop();
                }
                c => out.push(c),
            }
        }
        out
    }
    let (p, b) = (normal(&path), normal(&base));
    if p.first() != b.first() {
        return None;
    }
    let common = p.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut rel = std::path::PathBuf::new();
    for _ in common..b.len() {
        rel.push("..");
    }
    for c in &p[common..] {
        rel.push(c.as_os_str());
    }
    Some(rel)
}

/// The URI reference for a path on this host.
pub fn to_uri(path: &Path) -> String {
    uri_from_bytes(&path_bytes(path), Style::HOST)
}

/// Percent-encode one path segment: everything but RFC 3986's unreserved characters, bytes that are not
/// UTF-8 included (fluent-uri's encoders).
fn push_encoded(out: &mut String, bytes: &[u8]) {
    use fluent_uri::pct_enc::encoder::{Data, Path};
    use fluent_uri::pct_enc::{EStr, EString};
    let mut segment = EString::<Path>::new();
    for chunk in bytes.utf8_chunks() {
        segment.encode_str::<Data>(chunk.valid());
        for &b in chunk.invalid() {
            segment.push_estr(EStr::encode_byte(b));
        }
    }
    out.push_str(segment.as_estr().as_str());
}

fn is_drive(seg: &[u8]) -> bool {
    seg.len() == 2 && seg[0].is_ascii_alphabetic() && seg[1] == b':'
}

/// The URI reference for a path given as bytes in a given style.
pub fn uri_from_bytes(bytes: &[u8], style: Style) -> String {
    // Windows' verbatim prefix (`\\?\C:\…`, `\\?\UNC\server\…`) names the same file as the plain path.
    if style == Style::Windows {
        if let Some(rest) = bytes.strip_prefix(br"\\?\UNC\") {
            return uri_from_bytes(&[br"\\".as_slice(), rest].concat(), style);
        }
        if let Some(rest) = bytes.strip_prefix(br"\\?\") {
            return uri_from_bytes(rest, style);
        }
    }
    let is_sep = |b: &u8| *b == b'/' || (style == Style::Windows && *b == b'\\');
    let segments: Vec<&[u8]> = bytes.split(is_sep).collect();
    let mut out = String::with_capacity(bytes.len() + 8);
    let encode_segments = |out: &mut String, segs: &[&[u8]]| {
        for (i, seg) in segs.iter().enumerate() {
            if i > 0 {
                out.push('/');
            }
            push_encoded(out, seg);
        }
    };
    match style {
        Style::Windows
            if segments.len() >= 4 && segments[0].is_empty() && segments[1].is_empty() =>
        {
            // \\server\share\… : the server is the authority.
            out.push_str("file://");
            encode_segments(&mut out, &segments[2..]);
        }
        Style::Windows if !segments.is_empty() && is_drive(segments[0]) && segments.len() > 1 => {
            out.push_str("file:///");
            out.push(segments[0][0].to_ascii_uppercase() as char);
            out.push(':');
            out.push('/');
            encode_segments(&mut out, &segments[1..]);
        }
        _ if bytes.first().is_some_and(is_sep) => {
            out.push_str("file://");
            encode_segments(&mut out, &segments);
        }
        _ => {
            encode_segments(&mut out, &segments);
            // A first segment with a colon would read as a scheme (RFC 3986 §4.2); encoding made it %3A.
        }
    }
    out
}

/// A path for people: control characters and bytes that are not UTF-8 escaped.
pub fn for_display(path: &Path) -> String {
    display_bytes(&path_bytes(path))
}

pub fn display_bytes(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                '\\' => out.push('\\'),
                c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
                c => out.push(c),
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_sheet_is_linked_relative_to_the_reports_folder() {
        let rel = |p: &str, b: &str| relative_to(Path::new(p), Path::new(b)).unwrap();
        assert_eq!(
            rel("/srv/h27/a.hyoka", "/srv/out"),
            Path::new("../h27/a.hyoka")
        );
        assert_eq!(rel("/srv/h27/a.hyoka", "/srv/h27"), Path::new("a.hyoka"));
        assert_eq!(
            rel("/srv/./h27/../h27/a.hyoka", "/srv/out/"),
            Path::new("../h27/a.hyoka")
        );
        assert_eq!(
            to_uri(&rel("/srv/評価/a b.hyoka", "/srv/out")),
            "../%E8%A9%95%E4%BE%A1/a%20b.hyoka"
        );
    }

    #[test]
    fn absolute_paths_become_file_uris() {
        assert_eq!(
            uri_from_bytes("/home/市役所/a b.hyoka".as_bytes(), Style::Unix),
            "file:///home/%E5%B8%82%E5%BD%B9%E6%89%80/a%20b.hyoka"
        );
        assert_eq!(
            uri_from_bytes(br"C:\Users\taro\a.hyoka", Style::Windows),
            "file:///C:/Users/taro/a.hyoka"
        );
        assert_eq!(
            uri_from_bytes(br"z:\x\y.hyoka", Style::Windows),
            "file:///Z:/x/y.hyoka"
        );
        assert_eq!(
            uri_from_bytes(br"\\server\share\a.hyoka", Style::Windows),
            "file://server/share/a.hyoka"
        );
        assert_eq!(
            uri_from_bytes(br"\\?\Z:\x\a.hyoka", Style::Windows),
            "file:///Z:/x/a.hyoka"
        );
        assert_eq!(
            uri_from_bytes(br"\\?\UNC\server\share\a.hyoka", Style::Windows),
            "file://server/share/a.hyoka"
        );
    }

    #[test]
    fn relative_paths_stay_relative_and_backslash_is_a_name_on_unix() {
        assert_eq!(uri_from_bytes(br"x\y.hyoka", Style::Unix), "x%5Cy.hyoka");
        assert_eq!(uri_from_bytes(br"x\y.hyoka", Style::Windows), "x/y.hyoka");
        assert_eq!(
            uri_from_bytes(b"examples/a.hyoka", Style::Unix),
            "examples/a.hyoka"
        );
        assert_eq!(uri_from_bytes(b"a:b.hyoka", Style::Unix), "a%3Ab.hyoka");
        assert_eq!(uri_from_bytes(b"x\xFFy.hyoka", Style::Unix), "x%FFy.hyoka");
    }

    #[test]
    fn every_uri_parses_as_a_uri_reference() {
        for (bytes, style) in [
            ("/home/市役所/a b.hyoka".as_bytes(), Style::Unix),
            (br"C:\Users\taro\a.hyoka".as_slice(), Style::Windows),
            (br"\\server\share\a.hyoka".as_slice(), Style::Windows),
            (b"x\xFFy:z#?.hyoka".as_slice(), Style::Unix),
        ] {
            let uri = uri_from_bytes(bytes, style);
            assert!(fluent_uri::UriRef::parse(uri.as_str()).is_ok(), "{uri}");
        }
    }

    #[test]
    fn display_escapes_controls_and_bad_bytes() {
        assert_eq!(display_bytes(b"a\nb.hyoka"), "a\\nb.hyoka");
        assert_eq!(display_bytes(b"\x1b[31mred"), "\\u{1b}[31mred");
        assert_eq!(display_bytes(b"x\xFFy"), "x\\xFFy");
        assert_eq!(display_bytes("シート/a.hyoka".as_bytes()), "シート/a.hyoka");
    }
}
