//! Reading sheet bytes: UTF-8 (BOM or not), else Windows-31J (CP932). Never lossy.

use crate::diagnostics::Edit;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    ShiftJis,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// Byte offset of the first byte that is neither UTF-8 nor CP932 text.
    pub offset: usize,
    /// 1-based line and column (in characters) of that byte, for people.
    pub line: usize,
    pub column: usize,
}

impl DecodeError {
    fn at(bytes: &[u8], offset: usize) -> DecodeError {
        let offset = offset.min(bytes.len());
        let line_start = bytes[..offset]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let line = 1 + memchr::memchr_iter(b'\n', &bytes[..line_start]).count();
        // The part of the line before the bad byte is text in one encoding or the other.
        let prefix = &bytes[line_start..offset];
        let chars = match std::str::from_utf8(prefix) {
            Ok(s) => s.chars().count(),
            Err(_) => encoding_rs::SHIFT_JIS
                .decode_without_bom_handling(prefix)
                .0
                .chars()
                .count(),
        };
        DecodeError {
            offset,
            line,
            column: chars + 1,
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::messages::ja(
            "decode.unreadable_byte",
            &[
                ("line", &self.line),
                ("column", &self.column),
                ("offset", &self.offset),
            ],
        ))
    }
}

impl std::error::Error for DecodeError {}

/// Decode a sheet. Text with NUL bytes is treated as binary.
pub fn decode(bytes: &[u8]) -> Result<(String, Encoding), DecodeError> {
    if let Some(pos) = memchr::memchr(0, bytes) {
        return Err(DecodeError::at(bytes, pos));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return match std::str::from_utf8(rest) {
            Ok(s) => Ok((s.to_string(), Encoding::Utf8Bom)),
            Err(e) => Err(DecodeError::at(bytes, 3 + e.valid_up_to())),
        };
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((s.to_string(), Encoding::Utf8)),
        Err(utf8_err) => {
            let mut decoder = encoding_rs::SHIFT_JIS.new_decoder_without_bom_handling();
            let cap = decoder
                .max_utf8_buffer_length_without_replacement(bytes.len())
                .unwrap_or(bytes.len() * 3);
            let mut out = String::with_capacity(cap);
            let (result, read) =
                decoder.decode_to_string_without_replacement(bytes, &mut out, true);
            match result {
                encoding_rs::DecoderResult::InputEmpty => Ok((out, Encoding::ShiftJis)),
                encoding_rs::DecoderResult::Malformed(bad, _) => {
                    // `read` is past the malformed sequence; report where it starts, or where UTF-8 failed
                    // if that is later (the file is then more likely broken UTF-8).
                    let sjis_at = read.saturating_sub(bad as usize);
                    Err(DecodeError::at(bytes, sjis_at.max(utf8_err.valid_up_to())))
                }
                // The buffer was sized for the worst case; treat the impossible as undecodable.
                encoding_rs::DecoderResult::OutputFull => Err(DecodeError::at(bytes, read)),
            }
        }
    }
}

/// Encode text back in the encoding it was read in (for `--fix`).
pub fn encode(text: &str, enc: Encoding) -> Vec<u8> {
    match enc {
        Encoding::Utf8 => text.as_bytes().to_vec(),
        Encoding::Utf8Bom => {
            let mut v = b"\xEF\xBB\xBF".to_vec();
            v.extend_from_slice(text.as_bytes());
            v
        }
        Encoding::ShiftJis => encoding_rs::SHIFT_JIS.encode(text).0.into_owned(),
    }
}

/// Encode text as Shift_JIS (Windows-31J), writing `replacement` for each character it cannot hold (𠮷);
/// returns the bytes and how many characters were replaced.
pub fn encode_shift_jis_lossy(text: &str, replacement: &str) -> (Vec<u8>, usize) {
    let mut encoder = encoding_rs::SHIFT_JIS.new_encoder();
    let (replacement_bytes, _, _) = encoding_rs::SHIFT_JIS.encode(replacement);
    let mut out = Vec::with_capacity(text.len());
    let mut buf = [0u8; 4096];
    let mut rest = text;
    let mut replaced = 0;
    loop {
        let (result, read, written) =
            encoder.encode_from_utf8_without_replacement(rest, &mut buf, true);
        out.extend_from_slice(&buf[..written]);
        rest = &rest[read..];
        match result {
            encoding_rs::EncoderResult::InputEmpty => return (out, replaced),
            encoding_rs::EncoderResult::OutputFull => {}
            encoding_rs::EncoderResult::Unmappable(_) => {
                out.extend_from_slice(&replacement_bytes);
                replaced += 1;
            }
        }
    }
}

/// The result of splicing fixes into the original bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spliced {
    pub bytes: Vec<u8>,
    /// Indices (into the fixes given) of the fixes applied.
    pub applied: Vec<usize>,
    /// Fixes skipped because their text cannot be written in the file's encoding (𠮷 in Shift_JIS).
    pub unencodable: Vec<usize>,
}

/// Byte length in CP932 of a character that was decoded from CP932: ASCII, U+0080 and half-width katakana
/// take one byte, everything else two (WHATWG Shift_JIS, which encoding_rs implements).
fn cp932_len(c: char) -> usize {
    if matches!(c as u32, 0..=0x80 | 0xFF61..=0xFF9F) {
        1
    } else {
        2
    }
}

/// Byte offsets in `original` of the sorted text offsets `at` (each on a char boundary of `text`).
/// None if the text does not map onto the bytes (it was not decoded from them).
fn original_offsets(
    original: &[u8],
    enc: Encoding,
    text: &str,
    at: &[usize],
) -> Option<Vec<usize>> {
    match enc {
        Encoding::Utf8 => (original == text.as_bytes()).then(|| at.to_vec()),
        Encoding::Utf8Bom => {
            (original.get(3..) == Some(text.as_bytes())).then(|| at.iter().map(|o| o + 3).collect())
        }
        Encoding::ShiftJis => {
            let mut out = Vec::with_capacity(at.len());
            let mut wanted = at.iter().peekable();
            let mut orig = 0;
            for (i, c) in text.char_indices() {
                while wanted.next_if(|&&o| o == i).is_some() {
                    out.push(orig);
                }
                orig += cp932_len(c);
            }
            while wanted.next_if(|&&o| o == text.len()).is_some() {
                out.push(orig);
            }
            (orig == original.len() && out.len() == at.len()).then_some(out)
        }
    }
}

fn encode_exact(text: &str, enc: Encoding) -> Option<Vec<u8>> {
    match enc {
        Encoding::Utf8 | Encoding::Utf8Bom => Some(text.as_bytes().to_vec()),
        Encoding::ShiftJis => {
            let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(text);
            (!unmappable).then(|| bytes.into_owned())
        }
    }
}

/// Apply fixes (each a list of edits in `text`, the decoded form of `original`) to the original bytes.
///
/// Only the replaced spans change: every other byte stays as it was, so a CP932 character with two
/// encodings (NEC and IBM extensions) keeps the one the file used. A fix that overlaps an earlier one, or
/// whose text the encoding cannot hold, is skipped whole.
pub fn splice(original: &[u8], enc: Encoding, text: &str, fixes: &[Vec<Edit>]) -> Spliced {
    let mut order: Vec<usize> = (0..fixes.len()).filter(|&i| !fixes[i].is_empty()).collect();
    order.sort_by_key(|&i| fixes[i].iter().map(|e| e.span.start).min());
    let mut taken: Vec<std::ops::Range<usize>> = Vec::new();
    let mut applied = Vec::new();
    let mut unencodable = Vec::new();
    let mut replacements: Vec<(std::ops::Range<usize>, Vec<u8>)> = Vec::new();
    'fixes: for i in order {
        let mut mine = Vec::new();
        for e in &fixes[i] {
            let valid = e.span.start <= e.span.end
                && e.span.end <= text.len()
                && text.is_char_boundary(e.span.start)
                && text.is_char_boundary(e.span.end);
            let overlaps = taken
                .iter()
                .chain(
                    mine.iter()
                        .map(|(r, _): &(std::ops::Range<usize>, Vec<u8>)| r),
                )
                .any(|t| e.span.start < t.end && t.start < e.span.end || e.span.start == t.start);
            if !valid || overlaps {
                continue 'fixes;
            }
            match encode_exact(&e.text, enc) {
                Some(b) => mine.push((e.span.clone(), b)),
                None => {
                    unencodable.push(i);
                    continue 'fixes;
                }
            }
        }
        taken.extend(mine.iter().map(|(r, _)| r.clone()));
        replacements.extend(mine);
        applied.push(i);
    }
    replacements.sort_by_key(|(r, _)| (r.start, r.end));
    let mut points: Vec<usize> = replacements
        .iter()
        .flat_map(|(r, _)| [r.start, r.end])
        .collect();
    points.sort_unstable();
    let Some(offsets) = original_offsets(original, enc, text, &points) else {
        // The text is not the decoding of these bytes: write nothing rather than guess.
        return Spliced {
            bytes: original.to_vec(),
            applied: vec![],
            unencodable,
        };
    };
    let map = |o: usize| offsets[points.partition_point(|&p| p < o)];
    let mut out = Vec::with_capacity(original.len() + 16);
    let mut at = 0;
    for (r, b) in &replacements {
        let (start, end) = (map(r.start), map(r.end));
        out.extend_from_slice(&original[at..start]);
        out.extend_from_slice(b);
        at = end;
    }
    out.extend_from_slice(&original[at..]);
    applied.sort_unstable();
    unencodable.sort_unstable();
    Spliced {
        bytes: out,
        applied,
        unencodable,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_utf8_bom_and_sjis() {
        assert_eq!(
            decode("事業".as_bytes()).unwrap(),
            ("事業".into(), Encoding::Utf8)
        );
        let mut b = b"\xEF\xBB\xBF".to_vec();
        b.extend_from_slice("事業".as_bytes());
        assert_eq!(decode(&b).unwrap(), ("事業".into(), Encoding::Utf8Bom));
        let sjis = encoding_rs::SHIFT_JIS
            .encode("事業評価シート①")
            .0
            .into_owned();
        assert_eq!(
            decode(&sjis).unwrap(),
            ("事業評価シート①".into(), Encoding::ShiftJis)
        );
        assert_eq!(encode("事業評価シート①", Encoding::ShiftJis), sjis);
    }

    #[test]
    fn an_undecodable_byte_is_located_by_line_and_column() {
        let mut b = "事業評価シート\n事務事業名：".as_bytes().to_vec();
        b.push(0xFF);
        let e = decode(&b).unwrap_err();
        assert_eq!((e.line, e.column), (2, 7), "{e:?}");
        assert!(e.to_string().contains("2 行 7 文字目"), "{e}");
    }

    fn sjis(s: &str) -> Vec<u8> {
        encoding_rs::SHIFT_JIS.encode(s).0.into_owned()
    }

    #[test]
    fn splicing_keeps_the_duplicate_cp932_encodings_of_untouched_lines() {
        // ED40 (NEC-selected IBM) and FA5C (IBM) both decode to 纊; a re-encode would write FA5C.
        let mut original = vec![0xED, 0x40, b'\n'];
        original.extend(sjis("事務事業明："));
        original.extend(b"x\n");
        let (text, enc) = decode(&original).unwrap();
        assert_eq!(enc, Encoding::ShiftJis);
        let at = text.find("事務事業明").unwrap() + "事務事業".len();
        let fix = vec![Edit {
            span: at..at + "明".len(),
            text: "名".into(),
        }];
        let out = splice(&original, enc, &text, &[fix]);
        assert_eq!(out.applied, vec![0]);
        assert_eq!(&out.bytes[..3], &[0xED, 0x40, b'\n']);
        assert_eq!(decode(&out.bytes).unwrap().0, text.replace("明", "名"));
    }

    #[test]
    fn a_fix_that_shift_jis_cannot_hold_is_skipped() {
        let original = sjis("吉田\n");
        let (text, enc) = decode(&original).unwrap();
        let fix = vec![Edit {
            span: 0..3,
            text: "𠮷".into(),
        }];
        let out = splice(&original, enc, &text, &[fix]);
        assert_eq!(out.unencodable, vec![0]);
        assert!(out.applied.is_empty());
        assert_eq!(out.bytes, original);
    }

    #[test]
    fn binary_gives_offset() {
        assert_eq!(decode(b"abc\0def").unwrap_err().offset, 3);
        let mut b = "事業".as_bytes().to_vec();
        b.extend_from_slice(&[0x82, 0xFF, 0xFF]);
        let e = decode(&b).unwrap_err();
        assert!(e.offset >= 6, "{e:?}");
    }
}
