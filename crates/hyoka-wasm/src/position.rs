//! The one place positions are converted for the page: the core's byte offsets ↔ JavaScript's UTF-16
//! offsets (CodeMirror's positions, with a line break counted as one).

/// Byte ↔ UTF-16 offsets of one text.
pub struct Utf16 {
    /// (byte offset, UTF-16 offset) at the start of each character, then at the end of the text.
    starts: Vec<(usize, u32)>,
}

impl Utf16 {
    pub fn new(text: &str) -> Self {
        let mut starts = Vec::with_capacity(text.len() / 2 + 1);
        let mut u = 0u32;
        for (b, c) in text.char_indices() {
            starts.push((b, u));
            u += c.len_utf16() as u32;
        }
        starts.push((text.len(), u));
        Utf16 { starts }
    }

    /// The UTF-16 offset of byte offset `b` (inside a character: that character's start).
    pub fn of(&self, b: usize) -> u32 {
        match self.starts.binary_search_by_key(&b, |s| s.0) {
            Ok(i) => self.starts[i].1,
            Err(i) => self.starts[i.saturating_sub(1)].1,
        }
    }

    /// The byte offset of UTF-16 offset `u` (inside a surrogate pair: that character's start; past the
    /// end: the end).
    pub fn byte(&self, u: u32) -> usize {
        match self.starts.binary_search_by_key(&u, |s| s.1) {
            Ok(i) => self.starts[i].0,
            Err(i) => self.starts[i.saturating_sub(1)].0,
        }
    }
}

/// The one edit that turns `before` into `after`: the stretch between their common start and common end.
pub fn change(before: &str, after: &str) -> hyoka_core::Edit {
    let prefix = before
        .char_indices()
        .zip(after.chars())
        .find(|((_, a), b)| a != b)
        .map_or(before.len().min(after.len()), |((i, _), _)| i);
    // Keep the prefix on a boundary of both (it is: the texts agree up to it).
    let (b_rest, a_rest) = (&before[prefix..], &after[prefix..]);
    let suffix = b_rest
        .chars()
        .rev()
        .zip(a_rest.chars().rev())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum::<usize>()
        .min(b_rest.len())
        .min(a_rest.len());
    hyoka_core::Edit {
        span: prefix..before.len() - suffix,
        text: after[prefix..after.len() - suffix].to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_count_utf16_units_outside_the_bmp() {
        let t = "a𠮷b\r\n事";
        let u = Utf16::new(t);
        assert_eq!(u.of(1), 1); // 𠮷 starts at 1
        assert_eq!(u.of(5), 3); // b after the surrogate pair
        assert_eq!(u.byte(3), 5);
        assert_eq!(u.byte(2), 1); // inside the pair: its start
        assert_eq!(u.of(t.len()), 7);
        assert_eq!(u.byte(99), t.len());
    }

    #[test]
    fn a_change_is_the_stretch_between_the_common_ends() {
        let e = change("事業の概用：x\r\n", "事業の概要：x\r\n");
        assert_eq!((e.span, e.text.as_str()), (12..15, "要"));
        let e = change("abc", "abc");
        assert_eq!((e.span, e.text.as_str()), (3..3, ""));
        let e = change("aXa", "aa");
        assert_eq!((e.span, e.text.as_str()), (1..2, ""));
    }
}
