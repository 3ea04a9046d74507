//! Today's date in Japan, for the year a new sheet evaluates. Japan keeps +09:00 all year, so a fixed offset
//! is exact and needs no time-zone database (none is at hand on Windows or in WebAssembly).

use jiff::{tz, Timestamp};

/// The fiscal year a sheet written at `at` evaluates: the one before the current Japanese fiscal year,
/// which runs from 1 April to 31 March.
pub fn evaluated_fiscal_year(at: Timestamp) -> i32 {
    let date = tz::offset(9).to_datetime(at).date();
    let year = i32::from(date.year());
    let fiscal = if date.month() >= 4 { year } else { year - 1 };
    fiscal - 1
}

/// [`evaluated_fiscal_year`] now.
pub fn evaluated_fiscal_year_now() -> i32 {
    evaluated_fiscal_year(Timestamp::now())
}

/// Today's date in Japan, `2026-12-06` (the date a report was made).
pub fn today_in_japan() -> String {
    tz::offset(9)
        .to_datetime(Timestamp::now())
        .date()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn the_fiscal_year_turns_at_midnight_in_japan_on_1_april() {
        // 2026-03-31 23:59 JST: still fiscal 2025, so a new sheet evaluates 2024.
        assert_eq!(evaluated_fiscal_year(at("2026-03-31T14:59:59Z")), 2024);
        // 2026-04-01 00:00 JST is 15:00 UTC the day before: fiscal 2026 has begun.
        assert_eq!(evaluated_fiscal_year(at("2026-03-31T15:00:00Z")), 2025);
        // UTC arithmetic got this wrong until 09:00 JST.
        assert_eq!(evaluated_fiscal_year(at("2026-04-01T08:59:00+09:00")), 2025);
        assert_eq!(evaluated_fiscal_year(at("2026-12-31T23:00:00+09:00")), 2025);
        assert_eq!(evaluated_fiscal_year(at("2027-01-01T00:00:00+09:00")), 2025);
    }
}
