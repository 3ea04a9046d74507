//! Numbers in cells and values: `1,234`, `12.5`, negatives as `-`/`－`/`△`/`▲`; empty or a lone dash is none.

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

pub fn parse(raw: &str) -> Num {
    let s = crate::text::fold(raw);
    if s.is_empty() || s == "-" {
        return Num::None;
    }
    let (neg, body) = match s.strip_prefix(['-', '△', '▲']) {
        Some(b) => (true, b),
        None => (false, s.as_str()),
    };
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let int_ok = if int.contains(',') {
        let groups: Vec<&str> = int.split(',').collect();
        !groups[0].is_empty()
            && groups[0].len() <= 3
            && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()))
            && groups[1..].iter().all(|g| g.len() == 3)
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

#[cfg(test)]
mod tests {
    use super::*;

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
    }
}
