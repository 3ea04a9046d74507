//! Width folding (spec §2): the comparison form of labels, options, row names and numbers.
//! Every folded byte keeps the original byte range of the char it came from, so matches map back exactly.

/// Folded text plus, for every folded char, the original byte range of its source char.
#[derive(Debug, Clone, Default)]
pub struct Folded {
    pub text: String,
    /// Per folded char: (its byte offset in `text`, original start, original end).
    map: Vec<(u32, u32, u32)>,
}

/// Full-width ASCII (U+FF01..U+FF5E), folded by subtracting this.
const FULLWIDTH: std::ops::RangeInclusive<u32> = 0xFF01..=0xFF5E;
const FULLWIDTH_OFFSET: u32 = 0xFEE0;
/// The wave dash (U+301C), folded to `~` like the full-width tilde.
const WAVE_DASH: u32 = 0x301C;
const BOM: u32 = 0xFEFF;

/// Fold one char, or `None` when it is white space (removed). The table is by code point: it is Unicode's
/// width mapping, not any form's words.
pub fn fold_char(c: char) -> Option<char> {
    let code = c as u32;
    // Fast path for kana and kanji: above U+3000 only the BOM is white space.
    if code > 0x3000 && !FULLWIDTH.contains(&code) && code != WAVE_DASH && code != BOM {
        return Some(c);
    }
    if is_space(c) {
        return None;
    }
    Some(match code {
        _ if FULLWIDTH.contains(&code) => char::from_u32(code - FULLWIDTH_OFFSET).unwrap_or(c),
        WAVE_DASH => '~',
        // minus sign, horizontal bar, hyphen, non-breaking hyphen
        0x2212 | 0x2015 | 0x2010 | 0x2011 => '-',
        _ => c,
    })
}

/// Whether `c` is `want` once width-folded (`：` is `:`, `｜` is `|`).
pub fn folds_to(c: char, want: char) -> bool {
    fold_char(c) == Some(want)
}

/// A number in full-width digits (`3` → `３`), as section headings write it.
pub fn fullwidth_number(n: u32) -> String {
    n.to_string()
        .chars()
        .map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap_or(c))
        .collect()
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
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// Append `s` folded to `out`. Text that folding leaves alone (most Japanese prose) is copied whole.
pub fn fold_into(s: &str, out: &mut String) {
    if is_plain(s.as_bytes()) {
        out.push_str(s);
    } else {
        out.extend(s.chars().filter_map(fold_char));
    }
}

/// No byte that could start a char folding changes: ASCII white space and controls, and the lead bytes of
/// non-ASCII white space, full-width ASCII, 〜, −, ―, ‐ and the BOM. Conservative: a false "no" only costs
/// the slow path.
fn is_plain(b: &[u8]) -> bool {
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            0x00..=0x20 | 0x7F | 0xC2 | 0xE1 => return false,
            // U+2000–200A, ‐ ‑ ―, U+2028/2029/202F (E2 80 …), U+205F (E2 81 9F), − (E2 88 92).
            0xE2 => {
                let (b1, b2) = (b.get(i + 1).copied(), b.get(i + 2).copied());
                let folds = match (b1, b2) {
                    (Some(0x80), Some(c)) => {
                        matches!(c, 0x80..=0x8A | 0x90 | 0x91 | 0x95 | 0xA8 | 0xA9 | 0xAF)
                    }
                    (Some(0x81), Some(0x9F)) | (Some(0x88), Some(0x92)) => true,
                    _ => false,
                };
                if folds {
                    return false;
                }
            }
            // U+3000 (E3 80 80) and 〜 (E3 80 9C); 、。「」 share the E3 80 prefix and are plain.
            0xE3 if b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0x80 | 0x9C)) => {
                return false
            }
            // U+FF01–U+FF5E (EF BC 81 – EF BD 9E) and the BOM (EF BB BF).
            0xEF if matches!(b.get(i + 1), Some(0xBB..=0xBD)) => return false,
            _ => {}
        }
        i += 1;
    }
    true
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
    fn plain_text_is_copied_and_matches_the_slow_path() {
        let all_spaces: String = (0..0x110000u32)
            .filter_map(char::from_u32)
            .filter(|c| is_space(*c))
            .collect();
        let odd = [
            "必要性が高いです。",
            "（仮）平塚市",
            "必要性　が高い",
            "a b",
            "〜～−―‐‑",
            "\u{FEFF}x",
            "§…※",
            "■□●○、。「」",
        ];
        for s in odd.iter().copied().chain([all_spaces.as_str()]) {
            let slow: String = s.chars().filter_map(fold_char).collect();
            assert_eq!(fold(s), slow, "{s}");
        }
        assert!(is_plain("必要性が高いです。「平塚」、■…※".as_bytes()));
        for c in all_spaces
            .chars()
            .chain("〜−―‐‑".chars())
            .chain('\u{FF01}'..='\u{FF5E}')
        {
            assert!(!is_plain(c.to_string().as_bytes()), "{:X}", c as u32);
        }
        assert!(!is_plain("必要性　が高い".as_bytes()));
        assert!(!is_plain("（仮）".as_bytes()));
    }

    #[test]
    fn distance() {
        assert_eq!(edit_distance("事業の概用", "事業の概要"), 1);
        assert_eq!(edit_distance("課題", "単位"), 2);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
