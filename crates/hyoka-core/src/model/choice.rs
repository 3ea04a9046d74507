//! Choice values (spec §3 value forms): `③：遅れている`, `③`, `遅れている`, or the marked form `○ハード　●ソフト`.

use super::{Span, Value};
use crate::form::{ChoiceOption, Field, Format};
use crate::text::fold;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    Option(usize),
    /// `③：予定どおり`: key names one option, label another.
    KeyLabelMismatch {
        key: usize,
        label: usize,
    },
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The whole token, mark included.
    pub span: Span,
    /// `Some(true)` for ●/◉, `Some(false)` for ○/◯, `None` unmarked.
    pub mark: Option<bool>,
    /// The text after the mark (may be empty for a lone mark).
    pub text: Span,
    pub resolved: Resolved,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Choice {
    pub tokens: Vec<Token>,
}

impl Choice {
    pub fn marked(&self) -> bool {
        self.tokens.iter().any(|t| t.mark.is_some())
    }
    pub fn filled(&self) -> impl Iterator<Item = &Token> {
        self.tokens.iter().filter(|t| t.mark == Some(true))
    }
    /// The single option chosen, if the value names exactly one unambiguously.
    pub fn chosen(&self) -> Option<usize> {
        let pick: Vec<&Token> = if self.marked() {
            self.filled().collect()
        } else {
            self.tokens.iter().collect()
        };
        match pick.as_slice() {
            [t] => match t.resolved {
                Resolved::Option(i) => Some(i),
                _ => None,
            },
            _ => None,
        }
    }
}

/// A field's choice value: its options; with `comment`, only the first line holds them and the lines after
/// it are free text (the reason under 加古川's 総合評価).
pub fn parse_field(value: &Value, src: &str, field: &Field, format: &Format) -> Choice {
    if field.comment && value.segments.len() > 1 {
        let first = Value {
            segments: value.segments[..1].to_vec(),
        };
        return parse(&first, src, &field.options, format);
    }
    parse(value, src, &field.options, format)
}

/// Split into tokens at marks and white space (before folding), then resolve each against the options.
pub fn parse(value: &Value, src: &str, options: &[ChoiceOption], format: &Format) -> Choice {
    let mut raw: Vec<(Span, Option<bool>, Span)> = Vec::new();
    for seg in &value.segments {
        let s = &src[seg.clone()];
        let mut cur: Option<(usize, Option<bool>, usize)> = None; // (start, mark, text start)
        let flush =
            |cur: &mut Option<(usize, Option<bool>, usize)>, end: usize, raw: &mut Vec<_>| {
                if let Some((st, m, ts)) = cur.take() {
                    raw.push((
                        seg.start + st..seg.start + end,
                        m,
                        seg.start + ts..seg.start + end,
                    ));
                }
            };
        for (i, c) in s.char_indices() {
            if let Some(m) = format.choice_mark(c) {
                flush(&mut cur, i, &mut raw);
                cur = Some((i, Some(m), i + c.len_utf8()));
            } else if crate::text::fold::is_space(c) {
                flush(&mut cur, i, &mut raw);
            } else if cur.is_none() {
                cur = Some((i, None, i));
            }
        }
        flush(&mut cur, s.len(), &mut raw);
    }
    // Re-join what white space split apart: `● 高` (a lone mark and its text) and `A： 成果…` (a key and colon).
    let mut merged: Vec<(Span, Option<bool>, Span)> = Vec::new();
    for t in raw {
        if let Some(last) = merged.last_mut() {
            let last_text = fold(&src[last.2.clone()]);
            let lone_mark = last.1.is_some() && last_text.is_empty();
            if t.1.is_none() && (lone_mark || last_text.ends_with(':')) {
                last.0.end = t.0.end;
                if lone_mark {
                    last.2 = t.2;
                } else {
                    last.2.end = t.2.end;
                }
                continue;
            }
        }
        merged.push(t);
    }
    let tokens = merged
        .into_iter()
        .map(|(span, mark, text)| {
            let resolved = resolve(&fold(&src[text.clone()]), options);
            Token {
                span,
                mark,
                text,
                resolved,
            }
        })
        .collect();
    Choice { tokens }
}

/// Resolve one folded token: a key, a label, or key + label (`③:遅れている`, `③遅れている`).
pub fn resolve(t: &str, options: &[ChoiceOption]) -> Resolved {
    let label_of = |s: &str| options.iter().position(|o| o.folded_label == s);
    if let Some(i) = label_of(t) {
        return Resolved::Option(i);
    }
    for (k, o) in options.iter().enumerate() {
        let Some(key) = &o.folded_key else { continue };
        if let Some(rest) = t.strip_prefix(key.as_str()) {
            let rest = rest.strip_prefix(':').unwrap_or(rest);
            if rest.is_empty() {
                return Resolved::Option(k);
            }
            return match label_of(rest) {
                Some(l) if l == k => Resolved::Option(k),
                Some(l) => Resolved::KeyLabelMismatch { key: k, label: l },
                None => continue,
            };
        }
    }
    Resolved::Unknown
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> Vec<ChoiceOption> {
        [
            ("①", "予定どおり"),
            ("②", "若干遅れている"),
            ("③", "遅れている"),
        ]
        .iter()
        .map(|(k, l)| ChoiceOption::new(Some(k), l))
        .collect()
    }

    fn choice(s: &str) -> Choice {
        parse(
            &Value {
                segments: std::iter::once(0..s.len()).collect(),
            },
            s,
            &opts(),
            &crate::form::Form::builtin().format,
        )
    }

    #[test]
    fn forms_of_a_single_choice() {
        assert_eq!(choice("③：遅れている").chosen(), Some(2));
        assert_eq!(choice("③").chosen(), Some(2));
        assert_eq!(choice("遅れている").chosen(), Some(2));
        assert_eq!(choice("③ ： 遅れている").tokens.len(), 2);
        assert_eq!(choice("○① ○② ●③").chosen(), Some(2));
        assert_eq!(choice("○ ① ○ ② ● ③").chosen(), Some(2));
        assert_eq!(
            choice("③：予定どおり").tokens[0].resolved,
            Resolved::KeyLabelMismatch { key: 2, label: 0 }
        );
        assert_eq!(choice("④").tokens[0].resolved, Resolved::Unknown);
        assert_eq!(choice("①　③").chosen(), None);
    }
}
