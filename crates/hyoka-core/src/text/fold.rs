//! Width folding (spec §2): the comparison form of labels, options, row names and numbers.
//! Every folded byte keeps the original byte range of the char it came from, so matches map back exactly.

/// Folded text plus, for every folded char, the original byte range of its source char.
#[derive(Debug, Clone, Default)]
pub struct Folded {
    pub text: String,
    /// Per folded char: (its byte offset in `text`, original start, original end).
    map: Vec<(u32, u32, u32)>,
}

/// Fold one char, or `None` when it is white space (removed).
pub fn fold_char(c: char) -> Option<char> {
    // Fast path for kana and kanji: above U+3000 only the BOM is white space.
    if (c as u32) > 0x3000 && !matches!(c, '\u{FF01}'..='\u{FF5E}' | '〜' | '\u{FEFF}') {
        return Some(c);
    }
    if is_space(c) {
        return None;
    }
    Some(match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '〜' => '~',
        '\u{2212}' | '\u{2015}' | '\u{2010}' | '\u{2011}' => '-',
        _ => c,
    })
}

/// White space for the sheet: Unicode white space (U+3000 included) and the BOM.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{FEFF}'
}

/// Trim sheet white space; returns the byte offset of the kept part too.
pub fn trim(s: &str) -> (usize, &str) {
    let start = s.len() - s.trim_start_matches(is_space).len();
    let t = s[start..].trim_end_matches(is_space);
    (start, t)
}

impl Folded {
    /// Fold `s`, whose first byte sits at `base` in the document.
    pub fn new(s: &str, base: usize) -> Self {
        let mut f = Folded {
            text: String::with_capacity(s.len()),
            map: Vec::with_capacity(s.len() / 2),
        };
        f.push_str(s, base);
        f
    }

    /// Fold at most the first `max_chars` chars of `s`; also says whether text was left out.
    pub fn prefix(s: &str, base: usize, max_chars: usize) -> (Self, bool) {
        let cut = s.char_indices().nth(max_chars).map_or(s.len(), |(i, _)| i);
        (Folded::new(&s[..cut], base), cut < s.len())
    }

    pub fn push_str(&mut self, s: &str, base: usize) {
        for (i, c) in s.char_indices() {
            if let Some(fc) = fold_char(c) {
                let at = self.text.len() as u32;
                self.text.push(fc);
                self.map
                    .push((at, (base + i) as u32, (base + i + c.len_utf8()) as u32));
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The map entry of the folded char holding byte `a`.
    fn entry(&self, a: usize) -> (u32, u32, u32) {
        let i = match self.map.binary_search_by_key(&(a as u32), |e| e.0) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        self.map[i.min(self.map.len() - 1)]
    }

    /// Original byte range of the folded range `a..b` (`a < b`).
    pub fn orig(&self, a: usize, b: usize) -> std::ops::Range<usize> {
        if self.text.is_empty() {
            return 0..0;
        }
        let a = a.min(self.text.len() - 1);
        let b = b.max(a + 1).min(self.text.len());
        self.entry(a).1 as usize..self.entry(b - 1).2 as usize
    }

    /// Original byte offset where folded byte `a` starts (or the end of the last char).
    pub fn orig_start(&self, a: usize) -> usize {
        if a < self.text.len() {
            self.entry(a).1 as usize
        } else {
            self.map.last().map_or(0, |e| e.2 as usize)
        }
    }

    /// Original end offset of folded bytes before `b`.
    pub fn orig_end(&self, b: usize) -> usize {
        if b == 0 || self.map.is_empty() {
            self.map.first().map_or(0, |e| e.1 as usize)
        } else {
            self.entry(b.min(self.text.len()) - 1).2 as usize
        }
    }

    pub fn append(&mut self, other: &Folded) {
        let shift = self.text.len() as u32;
        self.text.push_str(&other.text);
        self.map
            .extend(other.map.iter().map(|&(at, s, e)| (at + shift, s, e)));
    }
}

/// Fold to a plain string (no map).
pub fn fold(s: &str) -> String {
    s.chars().filter_map(fold_char).collect()
}

/// Fold for code comparison: also ignores Excel's text-cell apostrophes.
pub fn fold_code(s: &str) -> String {
    s.chars()
        .filter_map(fold_char)
        .filter(|&c| c != '\'')
        .collect()
}

/// Levenshtein distance over chars.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_width_and_space_but_not_circled_digits() {
        assert_eq!(fold("１．事業の位置付け"), "1.事業の位置付け");
        assert_eq!(fold("事業費　(A)"), "事業費(A)");
        assert_eq!(fold("その他　特財"), "その他特財");
        assert_eq!(fold("Ａ：成果"), "A:成果");
        assert_eq!(fold("平成 27年度"), "平成27年度");
        assert_eq!(fold("〜～~"), "~~~");
        assert_eq!(fold("−―－"), "---");
        assert_eq!(fold("①"), "①");
        assert_eq!(fold("（％）"), "(%)");
    }

    #[test]
    fn map_points_back_to_original_bytes() {
        let s = "事業費　（Ａ）";
        let f = Folded::new(s, 10);
        assert_eq!(f.text, "事業費(A)");
        let r = f.orig(0, f.text.len());
        assert_eq!(&s[r.start - 10..r.end - 10], s);
        let a = f.text.find('A').unwrap();
        let r = f.orig(a, a + 1);
        assert_eq!(&s[r.start - 10..r.end - 10], "Ａ");
    }

    #[test]
    fn distance() {
        assert_eq!(edit_distance("事業の概用", "事業の概要"), 1);
        assert_eq!(edit_distance("課題", "単位"), 2);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
