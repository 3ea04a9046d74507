//! A cap on what a form file can make the TOML parser build, checked before it parses.
//!
//! The file's bytes are capped when it is read (hyoka-fs's `FORM_LIMIT`), but not what they parse into:
//! a few megabytes of `x = [1,1,1,…]` are millions of values, each a node of the parsed document with its
//! spans, and the form is parsed into two such documents at once (one keeps the spans `hyoka form check`
//! places problems with). Every key, value and table the parser builds needs one of the bytes `,` `=` `[`
//! `{` `.` (a value follows `=`, `[` or `,`; a key comes before `=` or after `.`; a table header opens with
//! `[`; an inline table with `{`), so at most two nodes each, plus the document itself: their count, taken
//! anywhere in the text (inside strings and comments too, so no lexing can be fooled), bounds the parser's
//! memory before it runs.

/// At most this many of the bytes `,` `=` `[` `{` `.` in a form file. The built-in forms have 900 at most
/// (forms/hiratsuka-h27.toml; a test checks they stay under a tenth of the cap).
pub const NODE_LIMIT: usize = 50_000;

fn is_node_byte(b: u8) -> bool {
    matches!(b, b',' | b'=' | b'[' | b'{' | b'.')
}

/// How many of the bytes that bound the parser's nodes `src` holds.
pub fn node_bytes(src: &str) -> usize {
    src.bytes().filter(|&b| is_node_byte(b)).count()
}

/// The byte offset where `src` goes over [`NODE_LIMIT`], if it does.
pub fn over_limit(src: &str) -> Option<usize> {
    src.bytes()
        .enumerate()
        .filter(|&(_, b)| is_node_byte(b))
        .nth(NODE_LIMIT)
        .map(|(i, _)| i)
}

/// The refusal of a text over the cap at `offset`, in the user's language.
pub fn message(src: &str, offset: usize) -> String {
    let line = src.as_bytes()[..offset]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1;
    crate::messages::ui(
        "form.error.too_many_nodes",
        &[("limit", &NODE_LIMIT), ("line", &line)],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_forms_are_far_under_the_cap() {
        for (file, text) in super::super::BUILTIN_FORMS {
            let n = node_bytes(text);
            assert!(n * 10 < NODE_LIMIT, "{file}: {n}");
        }
        assert!(node_bytes(super::super::BASE_FORMAT) * 10 < NODE_LIMIT);
    }

    #[test]
    fn the_first_byte_over_the_cap_is_found() {
        let src = format!("x = [{}]", "1,".repeat(NODE_LIMIT));
        // `=` and `[` are two; the cap is passed at comma number NODE_LIMIT - 1.
        let at = over_limit(&src).expect("over the cap");
        assert_eq!(at, 5 + 2 * (NODE_LIMIT - 2) + 1);
        assert_eq!(over_limit(&src[..at]), None);
        assert!(message(&src, at).contains(&NODE_LIMIT.to_string()));
    }
}
