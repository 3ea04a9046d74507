//! Position conversion round trips in every encoding: offset → position → offset is the identity on char
//! boundaries, and a rope's char index for a position agrees with the snapshot's byte offset.
#![no_main]

use hyoka::lsp::position::{rope_char, Encoding, Mapper};
use hyoka_core::text::LineIndex;
use libfuzzer_sys::fuzz_target;
use tower_lsp_server::ls_types::Position;

fuzz_target!(|input: (String, Vec<(u16, u16)>)| {
    let (text, probes) = input;
    let index = LineIndex::new(&text);
    let rope = ropey::Rope::from_str(&text);
    for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
        let m = Mapper { text: &text, index: &index, enc };
        for (o, c) in text.char_indices() {
            if c == '\r' || c == '\n' {
                continue;
            }
            assert_eq!(m.offset(m.position(o)), o, "{enc:?} at {o}");
        }
        for &(line, col) in probes.iter().take(64) {
            let p = Position::new(line as u32, col as u32);
            let byte = m.offset(p);
            assert!(text.is_char_boundary(byte));
            assert_eq!(rope.byte_to_char(byte), rope_char(&rope, p, enc), "{enc:?} {p:?}");
        }
    }
});
