//! Position conversion, in one place: LSP positions (UTF-16 by default; UTF-8 or UTF-32 when negotiated)
//! to byte offsets of an analysed snapshot, and to char offsets of a rope for edits.

use hyoka_core::text::{ColumnUnit, LineCol, LineIndex};
use ropey::{Rope, RopeSlice};
use tower_lsp_server::ls_types::{Position, PositionEncodingKind, Range};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
    Utf32,
}

impl Encoding {
    /// The client's preferred encoding among those we speak; UTF-16 when it offers none (the LSP default).
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        for k in offered.unwrap_or_default() {
            if *k == PositionEncodingKind::UTF8 {
                return Encoding::Utf8;
            }
            if *k == PositionEncodingKind::UTF32 {
                return Encoding::Utf32;
            }
            if *k == PositionEncodingKind::UTF16 {
                return Encoding::Utf16;
            }
        }
        Encoding::Utf16
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf32 => PositionEncodingKind::UTF32,
        }
    }

    fn unit(self) -> ColumnUnit {
        match self {
            Encoding::Utf8 => ColumnUnit::Utf8,
            Encoding::Utf16 => ColumnUnit::Utf16,
            Encoding::Utf32 => ColumnUnit::Chars,
        }
    }
}

/// Byte offset ↔ position on a text snapshot.
pub struct Mapper<'a> {
    pub text: &'a str,
    pub index: &'a LineIndex,
    pub enc: Encoding,
}

impl Mapper<'_> {
    pub fn position(&self, offset: usize) -> Position {
        let p = self.index.position(self.text, offset, self.enc.unit());
        Position {
            line: p.line,
            character: p.col,
        }
    }
    pub fn range(&self, span: &std::ops::Range<usize>) -> Range {
        Range {
            start: self.position(span.start),
            end: self.position(span.end),
        }
    }
    /// Positions past a line's end clamp to it; past the last line, to the end of the text.
    pub fn offset(&self, p: Position) -> usize {
        self.index.offset(
            self.text,
            LineCol {
                line: p.line,
                col: p.character,
            },
            self.enc.unit(),
        )
    }
}

fn terminator_chars(line: RopeSlice) -> usize {
    let n = line.len_chars();
    if n >= 2 && line.char(n - 2) == '\r' && line.char(n - 1) == '\n' {
        2
    } else if n >= 1 && matches!(line.char(n - 1), '\n' | '\r') {
        1
    } else {
        0
    }
}

/// The char index of a position in a rope (for applying edits); out-of-range positions clamp.
pub fn rope_char(rope: &Rope, p: Position, enc: Encoding) -> usize {
    let line = p.line as usize;
    if line >= rope.len_lines() {
        return rope.len_chars();
    }
    let start = rope.line_to_char(line);
    let slice = rope.line(line);
    let content = slice.len_chars() - terminator_chars(slice);
    let col = p.character as usize;
    match enc {
        Encoding::Utf32 => start + col.min(content),
        Encoding::Utf16 => {
            let base = rope.char_to_utf16_cu(start);
            let end = rope.char_to_utf16_cu(start + content);
            rope.utf16_cu_to_char((base + col).min(end))
        }
        Encoding::Utf8 => {
            let base = rope.char_to_byte(start);
            let end = rope.char_to_byte(start + content);
            rope.byte_to_char((base + col).min(end))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rope_positions_in_every_encoding() {
        let text = "事業\r\n𠮷野家　■ A\nx";
        let rope = Rope::from_str(text);
        let a = text[..text.find('A').unwrap()].chars().count();
        assert_eq!(rope_char(&rope, Position::new(1, 7), Encoding::Utf16), a);
        assert_eq!(rope_char(&rope, Position::new(1, 6), Encoding::Utf32), a);
        assert_eq!(rope_char(&rope, Position::new(1, 17), Encoding::Utf8), a);
        // Inside the surrogate pair of 𠮷: the char itself.
        let y = text[..text.find('𠮷').unwrap()].chars().count();
        assert_eq!(rope_char(&rope, Position::new(1, 1), Encoding::Utf16), y);
        // Past the end of a line: its end, not the next line.
        assert_eq!(rope_char(&rope, Position::new(0, 99), Encoding::Utf16), 2);
        assert_eq!(
            rope_char(&rope, Position::new(9, 0), Encoding::Utf16),
            rope.len_chars()
        );
    }

    #[test]
    fn snapshot_positions_round_trip() {
        let text = "事業\r\n𠮷野家　■ A\nx";
        let index = LineIndex::new(text);
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            let m = Mapper {
                text,
                index: &index,
                enc,
            };
            for (o, c) in text.char_indices() {
                if c == '\r' || c == '\n' {
                    continue;
                }
                assert_eq!(m.offset(m.position(o)), o, "{enc:?} {o}");
            }
        }
        let m = Mapper {
            text,
            index: &index,
            enc: Encoding::Utf16,
        };
        assert_eq!(m.position(text.find('A').unwrap()), Position::new(1, 7));
    }

    #[test]
    fn negotiation_prefers_the_clients_order() {
        use PositionEncodingKind as K;
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
        assert_eq!(
            Encoding::negotiate(Some(&[K::UTF8, K::UTF16])),
            Encoding::Utf8
        );
        assert_eq!(
            Encoding::negotiate(Some(&[K::UTF16, K::UTF8])),
            Encoding::Utf16
        );
        assert_eq!(Encoding::negotiate(Some(&[K::UTF32])), Encoding::Utf32);
        assert_eq!(
            Encoding::negotiate(Some(&[K::new("utf-7")])),
            Encoding::Utf16
        );
    }
}
