//! The server's document under arbitrary edit sequences, in every position encoding: its incremental line
//! classification and its diagnostics equal a fresh parse of the resulting text.
#![no_main]

use arbitrary::Arbitrary;
use hyoka::lsp::document::Document;
use hyoka::lsp::position::Encoding;
use hyoka_core::{check, Config, Form};
use libfuzzer_sys::fuzz_target;
use std::sync::{Arc, OnceLock};
use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent};

const BASES: [&str; 3] = [
    include_str!("../../examples/complete.hyoka"),
    include_str!("../../examples/seed.hyoka"),
    include_str!("../../tests/fixtures/seed/000_59f8551fd5b1e581.txt"),
];

#[derive(Arbitrary, Debug)]
struct Edit {
    start: (u8, u8),
    end: (u8, u8),
    text: String,
    full: bool,
}

#[derive(Arbitrary, Debug)]
struct Input {
    base: u8,
    encoding: u8,
    edits: Vec<Edit>,
}

fn form() -> &'static Arc<Form> {
    static FORM: OnceLock<Arc<Form>> = OnceLock::new();
    FORM.get_or_init(|| Arc::new(Form::builtin()))
}

fuzz_target!(|input: Input| {
    let enc = [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32][input.encoding as usize % 3];
    let base = BASES[input.base as usize % BASES.len()];
    let mut doc = Document::new(base, 0, form().clone(), Arc::new(Config::default()));
    for (i, e) in input.edits.iter().take(32).enumerate() {
        let range = (!e.full).then(|| {
            // Lines cluster in the first 256: enough to hit every line of the bases.
            Range::new(Position::new(e.start.0 as u32, e.start.1 as u32), Position::new(e.end.0 as u32, e.end.1 as u32))
        });
        doc.apply(&TextDocumentContentChangeEvent { range, range_length: None, text: e.text.clone() }, enc);
        doc.version = i as i32 + 1;
    }
    let text = doc.rope.to_string();
    assert_eq!(doc.lines(), &hyoka_core::syntax::classify_all(&text, &form().lexicon)[..]);
    let incremental = doc.snapshot().analyse();
    let (_, fresh) = check(&text, form(), &Config::default());
    assert_eq!(incremental.diagnostics, fresh);
});
