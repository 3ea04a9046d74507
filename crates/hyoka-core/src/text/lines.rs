//! Line splitting and position conversion. Line breaks are `\n`, `\r\n` and `\r`, as in LSP.

use std::ops::Range;

/// Byte ranges of each line's content (without its terminator). A text always has at least one line.
pub fn split_lines(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while let Some(k) = memchr::memchr2(b'\n', b'\r', &b[i..]) {
        i += k;
        out.push(start..i);
        i += if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
            2
        } else {
            1
        };
        start = i;
    }
    out.push(start..b.len());
    out
}

/// The line break a text uses for inserted lines: CRLF when it has any, else LF.
pub fn newline(text: &str) -> &'static str {
    if text.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    }
}

/// How columns are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnUnit {
    Utf8,
    Utf16,
    /// Unicode scalar values (what `hyoka check` prints and LSP calls utf-32).
    Chars,
}

/// A 0-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

/// Maps byte offsets to line/column and back for one text. Each line's content range is kept in two `u32`s
/// (texts are capped far below 4 GiB): the command line keeps one index per checked sheet for the whole run.
#[derive(Debug, Clone)]
pub struct LineIndex {
    lines: Vec<[u32; 2]>,
}

fn packed(lines: Vec<Range<usize>>) -> Vec<[u32; 2]> {
    let narrow = |x: usize| u32::try_from(x).expect("texts are capped below 4 GiB");
    lines
        .into_iter()
        .map(|r| [narrow(r.start), narrow(r.end)])
        .collect()
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        LineIndex {
            lines: packed(split_lines(text)),
        }
    }

    /// From known line content ranges (the server has them from its classified lines: no rescan).
    pub fn from_ranges(lines: Vec<Range<usize>>) -> Self {
        if lines.is_empty() {
            return LineIndex {
                lines: vec![[0, 0]],
            };
        }
        LineIndex {
            lines: packed(lines),
        }
    }

    pub fn line_count(&self) -> usize {
        self.lines.len()
    }

    pub fn line_range(&self, line: usize) -> Range<usize> {
        let [start, end] = self.lines[line.min(self.lines.len() - 1)];
        start as usize..end as usize
    }

    /// The line holding byte `offset` (a terminator belongs to the line it ends).
    pub fn line_of(&self, offset: usize) -> usize {
        match self
            .lines
            .binary_search_by(|r| (r[0] as usize).cmp(&offset))
        {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    pub fn position(&self, text: &str, offset: usize, unit: ColumnUnit) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let r = self.line_range(line);
        let end = offset.min(r.end).max(r.start);
        let col = column_width(&text[r.start..end], unit);
        LineCol {
            line: line as u32,
            col: col as u32,
        }
    }

    /// The byte offset of a line/column; columns past the line's end clamp to it.
    pub fn offset(&self, text: &str, pos: LineCol, unit: ColumnUnit) -> usize {
        if pos.line as usize >= self.lines.len() {
            return text.len();
        }
        let r = self.line_range(pos.line as usize);
        offset_in_line(&text[r.clone()], pos.col as usize, unit) + r.start
    }
}

pub fn column_width(s: &str, unit: ColumnUnit) -> usize {
    match unit {
        ColumnUnit::Utf8 => s.len(),
        ColumnUnit::Utf16 => s.chars().map(char::len_utf16).sum(),
        ColumnUnit::Chars => s.chars().count(),
    }
}

/// Byte offset within `line` of column `col`; a column inside a char (half a surrogate pair, a byte inside
/// a UTF-8 sequence) snaps to that char's start.
pub fn offset_in_line(line: &str, col: usize, unit: ColumnUnit) -> usize {
    let mut acc = 0;
    for (i, c) in line.char_indices() {
        let w = match unit {
            ColumnUnit::Utf8 => c.len_utf8(),
            ColumnUnit::Utf16 => c.len_utf16(),
            ColumnUnit::Chars => 1,
        };
        if acc + w > col {
            return i;
        }
        acc += w;
    }
    line.len()
}

pub fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_all_three_breaks() {
        let t = "a\nb\r\nc\rd";
        let l: Vec<&str> = split_lines(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(l, ["a", "b", "c", "d"]);
        assert_eq!(split_lines("").len(), 1);
        assert_eq!(split_lines("x\n").len(), 2);
    }

    #[test]
    fn positions_for_cjk_and_astral() {
        let t = "事業\n𠮷野家　■ A\r\nx";
        let idx = LineIndex::new(t);
        let a = t.find('A').unwrap();
        assert_eq!(
            idx.position(t, a, ColumnUnit::Utf16),
            LineCol { line: 1, col: 7 }
        );
        assert_eq!(
            idx.position(t, a, ColumnUnit::Chars),
            LineCol { line: 1, col: 6 }
        );
        assert_eq!(
            idx.position(t, a, ColumnUnit::Utf8),
            LineCol {
                line: 1,
                col: 4 + 3 + 3 + 3 + 3 + 1
            }
        );
        for unit in [ColumnUnit::Utf8, ColumnUnit::Utf16, ColumnUnit::Chars] {
            for (o, _) in t.char_indices().filter(|(_, c)| !matches!(c, '\r' | '\n')) {
                let p = idx.position(t, o, unit);
                assert_eq!(idx.offset(t, p, unit), o, "{unit:?} {o}");
            }
        }
        // The low half of 𠮷's surrogate pair snaps to the char's start.
        let y = t.find('𠮷').unwrap();
        assert_eq!(
            idx.offset(t, LineCol { line: 1, col: 1 }, ColumnUnit::Utf16),
            y
        );
    }
}
