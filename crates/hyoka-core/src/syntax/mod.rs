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
