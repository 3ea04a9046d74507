//! Folding ranges, from the outline.

use super::outline::{outline, Symbol, SymbolKind};
use crate::form::Form;
use crate::model::Sheet;

/// Foldable line ranges (0-based, inclusive): sections, blocks, multi-line fields.
pub fn folding(src: &str, sheet: &Sheet, form: &Form) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    fn walk(sheet: &Sheet, syms: &[Symbol], out: &mut Vec<(usize, usize)>) {
        for s in syms {
            let (a, b) = (
                sheet.line_of(s.range.start),
                sheet.line_of(s.range.end.saturating_sub(1).max(s.range.start)),
            );
            if b > a {
                out.push((a, b));
            }
            walk(sheet, &s.children, out);
        }
    }
    let syms = outline(src, sheet, form);
    // The title's range is the whole sheet: folding it hides everything, so start below it.
    match syms.as_slice() {
        [t] if t.kind == SymbolKind::Title => walk(sheet, &t.children, &mut out),
        _ => walk(sheet, &syms, &mut out),
    }
    out
}
