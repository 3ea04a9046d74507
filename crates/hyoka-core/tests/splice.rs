//! `--fix` on a Shift_JIS file (Hardening 2, item 4): bytes outside the fixed spans stay identical, for
//! CP932 text that uses every lead byte, the NEC and IBM duplicates included.

use hyoka_core::diagnostics::Edit;
use hyoka_core::text::decode::{decode, splice, Encoding};
use proptest::prelude::*;

/// Every two-byte CP932 sequence that decodes to one character, plus ASCII and half-width katakana.
fn cp932_units() -> Vec<Vec<u8>> {
    let mut units: Vec<Vec<u8>> = (0x20u8..0x7F).chain(0xA1..=0xDF).map(|b| vec![b]).collect();
    for lead in (0x81u8..=0x9F).chain(0xE0..=0xFC) {
        for trail in (0x40u8..=0x7E).chain(0x80..=0xFC) {
            let pair = vec![lead, trail];
            let (text, had_errors) = encoding_rs::SHIFT_JIS.decode_without_bom_handling(&pair);
            if !had_errors && text.chars().count() == 1 {
                units.push(pair);
            }
        }
    }
    units
}

/// One character for every lead byte that has any, so each test text covers all of them.
fn every_lead_byte(units: &[Vec<u8>]) -> Vec<u8> {
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for u in units.iter().filter(|u| u.len() == 2) {
        if seen.insert(u[0]) {
            out.extend_from_slice(u);
        }
    }
    out.extend_from_slice(b"\r\n");
    out
}

#[test]
fn the_unit_table_covers_every_lead_byte_and_the_duplicates() {
    let units = cp932_units();
    let leads: std::collections::BTreeSet<u8> = units
        .iter()
        .filter(|u| u.len() == 2)
        .map(|u| u[0])
        .collect();
    // 0x85, 0x86, 0xEB, 0xEC, 0xEF and 0xF0–0xF9 hold no character in WHATWG's CP932 table... except the
    // user-defined area F0–F9, which decodes to the private use area.
    assert!(leads.len() >= 50, "{} lead bytes", leads.len());
    for dup in [[0xED, 0x40], [0x87, 0x9A], [0xFA, 0x54], [0xFA, 0x4A]] {
        assert!(units.contains(&dup.to_vec()), "{dup:02X?}");
    }
}

/// Text offset → byte offset, found by feeding the decoder one byte at a time: independent of the
/// splice's own length table.
fn byte_offsets_by_feeding(bytes: &[u8]) -> std::collections::HashMap<usize, usize> {
    let mut decoder = encoding_rs::SHIFT_JIS.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(bytes.len() * 3 + 8);
    let mut map = std::collections::HashMap::from([(0, 0)]);
    for i in 0..bytes.len() {
        let (result, _) = decoder.decode_to_string_without_replacement(
            &bytes[i..=i],
            &mut out,
            i + 1 == bytes.len(),
        );
        assert!(matches!(result, encoding_rs::DecoderResult::InputEmpty));
        map.entry(out.len()).or_insert(i + 1);
    }
    map
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    #[test]
    fn cp932_bytes_outside_fixed_spans_are_identical(
        picks in prop::collection::vec(any::<prop::sample::Index>(), 1..200),
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0usize..4, 0usize..5), 0..6),
    ) {
        let units = cp932_units();
        let mut original = every_lead_byte(&units);
        for p in &picks {
            let unit: &Vec<u8> = p.get(&units);
            original.extend_from_slice(unit);
        }
        let (text, enc) = decode(&original).unwrap();
        prop_assert_eq!(enc, Encoding::ShiftJis);
        let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        let replacements = ["名", "ア", "x", "𠮷", ""];
        let fixes: Vec<Vec<Edit>> = edits
            .iter()
            .map(|(at, len, r)| {
                let start = *at.get(&bounds);
                let end_i = (bounds.iter().position(|&b| b == start).unwrap() + len).min(bounds.len() - 1);
                vec![Edit { span: start..bounds[end_i], text: replacements[*r].to_string() }]
            })
            .collect();
        let out = splice(&original, enc, &text, &fixes);
        // Rebuild the expected bytes from the applied fixes: the original bytes of every untouched span,
        // located by decoding prefixes (independent of the splice's own offset table).
        let mut applied: Vec<&Edit> = out.applied.iter().map(|&i| &fixes[i][0]).collect();
        applied.sort_by_key(|e| e.span.start);
        let offsets = byte_offsets_by_feeding(&original);
        let byte_at = |text_offset: usize| offsets[&text_offset];
        let mut expected = Vec::new();
        let mut at = 0;
        for e in &applied {
            expected.extend_from_slice(&original[at..byte_at(e.span.start)]);
            expected.extend_from_slice(&encoding_rs::SHIFT_JIS.encode(&e.text).0);
            at = byte_at(e.span.end);
        }
        expected.extend_from_slice(&original[at..]);
        prop_assert_eq!(&out.bytes, &expected);
        for i in &out.unencodable {
            prop_assert!(fixes[*i][0].text.contains('𠮷'));
        }
        // Nothing is skipped without a reason: each fix is applied, unencodable, or meets an applied one.
        for (i, f) in fixes.iter().enumerate() {
            let s = &f[0].span;
            let meets = applied.iter().any(|a| {
                a.span.start == s.start || (s.start < a.span.end && a.span.start < s.end)
            });
            prop_assert!(out.applied.contains(&i) || out.unencodable.contains(&i) || meets, "fix {} skipped", i);
        }
        // No bytes lost: the result still decodes, to the text with the applied fixes.
        let mut want = text.clone();
        for e in applied.iter().rev() {
            want.replace_range(e.span.clone(), &e.text);
        }
        prop_assert_eq!(decode(&out.bytes).unwrap().0, want);
    }
}
