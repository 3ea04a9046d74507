//! Japanese fiscal years: 平成NN年度, 令和N年度, 令和元年度, 2015年度 — compared as Gregorian years.

/// A year at the start of folded text: (Gregorian year, folded bytes consumed including 年度).
pub fn parse_year_prefix(f: &str) -> Option<(i32, usize)> {
    let (base, rest, skip) = if let Some(r) = f.strip_prefix("平成") {
        (1988, r, "平成".len())
    } else if let Some(r) = f.strip_prefix("令和") {
        (2018, r, "令和".len())
    } else {
        (0, f, 0)
    };
    let (n, used) = if base == 2018 && rest.starts_with('元') {
        (1, '元'.len_utf8())
    } else {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 4 || (base == 0 && digits != 4) {
            return None;
        }
        (rest[..digits].parse::<i32>().ok()?, digits)
    };
    let after = &rest[used..];
    if !after.starts_with("年度") {
        return None;
    }
    Some((base + n, skip + used + "年度".len()))
}

/// Format a Gregorian fiscal year in the era the form uses (平成 until 2018, 令和 after).
pub fn format_year(y: i32) -> String {
    if y >= 2020 {
        format!("令和{}年度", y - 2018)
    } else if y == 2019 {
        "令和元年度".into()
    } else if y > 1988 {
        format!("平成{}年度", y - 1988)
    } else {
        format!("{y}年度")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eras() {
        assert_eq!(
            parse_year_prefix("平成27年度分"),
            Some((2015, "平成27年度".len()))
        );
        assert_eq!(
            parse_year_prefix("令和元年度"),
            Some((2019, "令和元年度".len()))
        );
        assert_eq!(parse_year_prefix("平成31年度").map(|x| x.0), Some(2019));
        assert_eq!(
            parse_year_prefix("令和2年度の取組方針").map(|x| x.0),
            Some(2020)
        );
        assert_eq!(parse_year_prefix("2015年度").map(|x| x.0), Some(2015));
        assert_eq!(parse_year_prefix("15年度"), None);
        assert_eq!(parse_year_prefix("平成年度"), None);
        assert_eq!(format_year(2015), "平成27年度");
        assert_eq!(format_year(2020), "令和2年度");
    }
}
