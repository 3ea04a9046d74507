//! Reading sheet bytes: UTF-8 (BOM or not), else Windows-31J (CP932). Never lossy.

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
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "テキストとして読めないバイトがあります（バイト位置 {}）: UTF-8 でも Shift_JIS でもありません",
            self.offset
        )
    }
}

impl std::error::Error for DecodeError {}

/// Decode a sheet. Text with NUL bytes is treated as binary.
pub fn decode(bytes: &[u8]) -> Result<(String, Encoding), DecodeError> {
    if let Some(pos) = bytes.iter().position(|&b| b == 0) {
        return Err(DecodeError { offset: pos });
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return match std::str::from_utf8(rest) {
            Ok(s) => Ok((s.to_string(), Encoding::Utf8Bom)),
            Err(e) => Err(DecodeError {
                offset: 3 + e.valid_up_to(),
            }),
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
                    Err(DecodeError {
                        offset: sjis_at.max(utf8_err.valid_up_to()),
                    })
                }
                // The buffer was sized for the worst case; treat the impossible as undecodable.
                encoding_rs::DecoderResult::OutputFull => Err(DecodeError { offset: read }),
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
    fn binary_gives_offset() {
        assert_eq!(decode(b"abc\0def").unwrap_err().offset, 3);
        let mut b = "事業".as_bytes().to_vec();
        b.extend_from_slice(&[0x82, 0xFF, 0xFF]);
        let e = decode(&b).unwrap_err();
        assert!(e.offset >= 6, "{e:?}");
    }
}
