//! Arbitrary bytes through decoding, parsing and every rule: no panic; every span (diagnostic, related,
//! fix edit) inside the text and on char boundaries; notation fixes apply cleanly.
#![no_main]

use hyoka_core::{check, Config, Form};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn form() -> &'static Form {
    static FORM: OnceLock<Form> = OnceLock::new();
    FORM.get_or_init(Form::builtin)
}

fn spans_ok(text: &str, r: &std::ops::Range<usize>) {
    assert!(r.start <= r.end && r.end <= text.len(), "{r:?} outside {}", text.len());
    assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end), "{r:?} splits a char");
}

fuzz_target!(|data: &[u8]| {
    let texts = [
        hyoka_core::text::decode::decode(data).ok().map(|(t, _)| t),
        Some(String::from_utf8_lossy(data).into_owned()),
    ];
    for text in texts.into_iter().flatten() {
        let (_, diags) = check(&text, form(), &Config::default());
        for d in &diags {
            spans_ok(&text, &d.span);
            d.related.iter().for_each(|r| spans_ok(&text, &r.span));
            for f in &d.fixes {
                f.edits.iter().for_each(|e| spans_ok(&text, &e.span));
                let _ = hyoka_core::diagnostics::apply_edits(&text, &f.edits);
            }
        }
    }
});
