//! Lines → classified lines. Classification is context-free and per line, so the server can keep the
//! results and redo only edited lines; everything that needs context happens in `model`.

pub mod classify;

pub use classify::{classify, ClassifiedLine, Directive, DirectiveKind, FieldLine, LineKind, Rel};

use crate::form::Lexicon;
use crate::text::lines::split_lines;

/// A classified line and its length including its terminator, so offsets can be recomputed after edits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub len: usize,
    pub content_len: usize,
    pub class: ClassifiedLine,
}

/// Classify every line of `text`.
pub fn classify_all(text: &str, lx: &Lexicon) -> Vec<Line> {
    let ranges = split_lines(text);
    let n = ranges.len();
    ranges
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let next = if i + 1 < n {
                ranges[i + 1].start
            } else {
                text.len()
            };
            Line {
                len: next - r.start,
                content_len: r.len(),
                class: classify(&text[r.clone()], lx),
            }
        })
        .collect()
}

/// How far down a sheet the title is looked for when choosing its form, in non-blank lines: past page
/// furniture and pasted headers (the raw seed has its title on line 37), as the `.txt` sniffing of spec §1.
pub const TITLE_SEARCH_LINES: usize = 50;

/// The form a sheet is written in, told by its title line: among `forms`, the one whose title pattern matches
/// the first line that any of them takes for a title (earlier forms win a tie). `None`: no title line.
pub fn detect_form<'f, F: AsRef<crate::form::Form>>(text: &str, forms: &'f [F]) -> Option<&'f F> {
    split_lines(text)
        .into_iter()
        .map(|r| &text[r])
        .filter(|line| !line.trim().is_empty())
        .take(TITLE_SEARCH_LINES)
        .find_map(|line| {
            // A title line holds its form's title word: most lines are ruled out by one fold and a search.
            let folded = crate::text::fold(line);
            forms.iter().find(|f| {
                let lx = &f.as_ref().lexicon;
                folded.contains(lx.title.as_str())
                    && matches!(classify(line, lx).kind, LineKind::Title { .. })
            })
        })
}
