//! The ~1 MB sheet both benches use: complete.hyoka with every prose line of its text values repeated.
//! It still raises nothing; each bench asserts that before measuring.

pub const COMPLETE: &str = include_str!("../../examples/complete.hyoka");

/// Target size of the generated sheet.
pub const LARGE_BYTES: usize = 1_000_000;

/// A prose line of a text value: indented, long, no label separator, not a checkbox, table row or code.
fn is_prose(line: &str) -> bool {
    let t = line.trim_matches(|c: char| c.is_whitespace());
    line.starts_with('\u{3000}')
        && t.chars().count() >= 20
        && !t.contains('：')
        && !t.starts_with(['□', '■', '|', '\''])
}

/// complete.hyoka with its prose lines repeated so the whole is about `LARGE_BYTES`.
pub fn large() -> String {
    let prose: usize = COMPLETE
        .lines()
        .filter(|l| is_prose(l))
        .map(|l| l.len() + 1)
        .sum();
    assert!(prose > 1000, "complete.hyoka has no prose to lengthen");
    let times = (LARGE_BYTES - COMPLETE.len()) / prose + 1;
    let mut out = String::with_capacity(LARGE_BYTES + COMPLETE.len());
    for l in COMPLETE.lines() {
        for _ in 0..if is_prose(l) { times } else { 1 } {
            out.push_str(l);
            out.push('\n');
        }
    }
    out
}
