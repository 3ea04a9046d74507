//! Numbers in cells and values: `1,234`, `12.5`, negatives as `-`/`－` or the form's minus signs (△, ▲);
//! empty or a lone dash is none.

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Num {
    None,
    Value { value: f64, decimals: usize },
    Invalid,
}

impl Num {
    pub fn value(self) -> Option<f64> {
        match self {
            Num::Value { value, .. } => Some(value),
            _ => None,
        }
    }
}

/// Parse a cell; `minus` are the signs besides `-` that make it negative (the form's `[format] minus`).
pub fn parse(raw: &str, minus: &[char]) -> Num {
    // Numbers are short and ASCII once folded (but for a leading △/▲): fold into a small buffer on the
    // stack, since every cell of every table is parsed by several rules.
    let mut buf = [0u8; 48];
    let mut len = 0;
    let mut neg = false;
    for c in raw.chars().filter_map(crate::text::fold::fold_char) {
        if len == 0 && !neg && minus.contains(&c) {
            neg = true;
            continue;
        }
        if !c.is_ascii() || len == buf.len() {
            return if c.is_ascii() {
                parse_folded(&crate::text::fold(raw), minus)
            } else {
                Num::Invalid
            };
        }
        buf[len] = c as u8;
        len += 1;
    }
    let s = std::str::from_utf8(&buf[..len]).unwrap_or_default();
    if neg {
        // `△-5` is not a number; `△5` is -5.
        return match parse_folded(s, minus) {
            Num::Value { value, decimals } if !s.starts_with('-') => Num::Value {
                value: -value,
                decimals,
            },
            Num::None if s.is_empty() => Num::Invalid,
            _ => Num::Invalid,
        };
    }
    parse_folded(s, minus)
}

/// Parse already folded text.
fn parse_folded(s: &str, minus: &[char]) -> Num {
    if s.is_empty() || s == "-" {
        return Num::None;
    }
    let (neg, body) = match s.strip_prefix(|c| c == '-' || minus.contains(&c)) {
        Some(b) => (true, b),
        None => (false, s),
    };
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let int_ok = if int.contains(',') {
        // 1,234,567: a first group of one to three digits, then groups of exactly three.
        int.split(',').enumerate().all(|(i, g)| {
            let len_ok = if i == 0 {
                (1..=3).contains(&g.len())
            } else {
                g.len() == 3
            };
            len_ok && g.bytes().all(|b| b.is_ascii_digit())
        })
    } else {
        !int.is_empty() && int.bytes().all(|b| b.is_ascii_digit())
    };
    let frac_ok = frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()));
    if !int_ok || !frac_ok {
        return Num::Invalid;
    }
    let digits: String = body.chars().filter(|&c| c != ',').collect();
    match digits.parse::<f64>() {
        Ok(v) => Num::Value {
            value: if neg { -v } else { v },
            decimals: frac.map_or(0, str::len),
        },
        Err(_) => Num::Invalid,
    }
}

/// A whole amount with thousands separators.
pub fn format_amount(v: f64) -> String {
    let neg = v < 0.0;
    let digits = format!("{}", v.abs().round() as u64);
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if neg {
        format!("-{out}")
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(raw: &str) -> Num {
        super::parse(raw, &['△', '▲'])
    }

    #[test]
    fn accepted_and_rejected() {
        assert_eq!(parse("1,234").value(), Some(1234.0));
        assert_eq!(parse("１，２３４").value(), Some(1234.0));
        assert_eq!(parse("△500").value(), Some(-500.0));
        assert_eq!(parse("－3").value(), Some(-3.0));
        assert_eq!(
            parse("98.5"),
            Num::Value {
                value: 98.5,
                decimals: 1
            }
        );
        assert_eq!(parse(""), Num::None);
        assert_eq!(parse("－"), Num::None);
        assert_eq!(parse("―"), Num::None);
        assert_eq!(parse("12,34"), Num::Invalid);
        assert_eq!(parse("約50"), Num::Invalid);
        assert_eq!(parse("1.2.3"), Num::Invalid);
        assert_eq!(parse("▲1,000").value(), Some(-1000.0));
        assert_eq!(parse("△"), Num::Invalid);
        assert_eq!(parse("△－5"), Num::Invalid);
        assert_eq!(
            parse(" １ ２ "),
            Num::Value {
                value: 12.0,
                decimals: 0
            }
        );
        assert_eq!(
            parse(&"9".repeat(60)).value(),
            Some(1e60_f64.min("9".repeat(60).parse().unwrap()))
        );
    }
}
