//! Japanese fiscal years (平成NN年度, 令和元年度, H27年度, 2015年度), compared as Gregorian years. The eras and
//! words are data (the form's `[format.years]`), so a form can add 昭和 or write 年 instead of 年度.

use serde::Deserialize;

/// 年度の書き方: 元号、元年の字、年度の語。How a sheet writes its years.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct Calendar {
    /// 元号（例: { name = "平成", abbreviation = "H", start = 1989 }）。The eras.
    pub eras: Vec<Era>,
    /// 元年を表す字（例: 元）。The word for an era's first year.
    pub first_year: String,
    /// 年の後に付く語（例: 年度）。The word after the number.
    pub suffix: String,
    /// 年度の語の代わりに年の後に続いてよい語（例: 予算、決算。表の見出しの H27予算）。その語は年度に含めない。
    /// Words that may follow the number instead of the suffix (H27予算); they are not part of the year.
    pub bare_suffixes: Vec<String>,
    /// 年度を書くときに使う元号がないとき（年度が分からない欄名）に書く元号（例: 令和）。The era shown in a
    /// label whose year is not known yet (令和N年度).
    pub placeholder_era: String,
}

/// 元号。An era.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Era {
    /// 元号の名前（例: 令和）。The era's name.
    pub name: String,
    /// 略号（例: R。R4年度 と書ける）。Its one-letter abbreviation.
    pub abbreviation: Option<String>,
    /// 元年の西暦（例: 2019）。The Gregorian year of its first year.
    pub start: i32,
}

impl Calendar {
    /// A year at the start of folded text: (Gregorian year, folded bytes consumed including the suffix).
    pub fn parse_prefix(&self, f: &str) -> Option<(i32, usize)> {
        if self.suffix.is_empty() {
            return None;
        }
        let era = self.eras.iter().find_map(|e| {
            let spelled = std::iter::once(e.name.as_str()).chain(e.abbreviation.as_deref());
            spelled
                .filter(|w| !w.is_empty())
                .find_map(|w| f.strip_prefix(w).map(|r| (e.start, r, w.len())))
        });
        let (start, rest, skip) = era.unwrap_or((0, f, 0));
        let (n, used) = if start != 0
            && !self.first_year.is_empty()
            && rest.starts_with(self.first_year.as_str())
        {
            (1, self.first_year.len())
        } else {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 || digits > 4 || (start == 0 && digits != 4) {
                return None;
            }
            (rest[..digits].parse::<i32>().ok()?, digits)
        };
        if start != 0 && n == 0 {
            return None;
        }
        let year = if start == 0 { n } else { start + n - 1 };
        let after = &rest[used..];
        if after.starts_with(self.suffix.as_str()) {
            return Some((year, skip + used + self.suffix.len()));
        }
        let bare = self.bare_suffixes.iter().filter(|w| !w.is_empty());
        bare.into_iter()
            .any(|w| after.starts_with(w.as_str()))
            .then_some((year, skip + used))
    }

    /// A Gregorian fiscal year in the latest era it falls in (2019 is the first year of 令和), or in
    /// Gregorian digits before the first era.
    pub fn format(&self, y: i32) -> String {
        let era = self
            .eras
            .iter()
            .filter(|e| e.start <= y)
            .max_by_key(|e| e.start);
        match era {
            Some(e) if y == e.start && !self.first_year.is_empty() => {
                format!("{}{}{}", e.name, self.first_year, self.suffix)
            }
            Some(e) => format!("{}{}{}", e.name, y - e.start + 1, self.suffix),
            None => format!("{y}{}", self.suffix),
        }
    }

    /// The year `offset` from the evaluated year `n`: written out when `n` is known, else a placeholder.
    pub fn relative(&self, n: Option<i32>, offset: i32) -> String {
        n.map_or_else(|| self.placeholder(offset), |n| self.format(n + offset))
    }

    /// A year not known yet, `offset` from the evaluated year N: 令和N年度, 令和N+2年度.
    pub fn placeholder(&self, offset: i32) -> String {
        let off = match offset {
            0 => String::new(),
            o => format!("{o:+}"),
        };
        format!("{}N{off}{}", self.placeholder_era, self.suffix)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn calendar() -> Calendar {
        let src = include_str!("../../../../forms/format.toml");
        let t: toml::Table = toml::from_str(src).unwrap();
        t["format"]["years"].clone().try_into().unwrap()
    }

    #[test]
    fn eras() {
        let c = calendar();
        assert_eq!(
            c.parse_prefix("平成27年度分"),
            Some((2015, "平成27年度".len()))
        );
        assert_eq!(
            c.parse_prefix("令和元年度"),
            Some((2019, "令和元年度".len()))
        );
        assert_eq!(c.parse_prefix("平成31年度").map(|x| x.0), Some(2019));
        assert_eq!(
            c.parse_prefix("令和2年度の取組方針").map(|x| x.0),
            Some(2020)
        );
        assert_eq!(c.parse_prefix("2015年度").map(|x| x.0), Some(2015));
        assert_eq!(c.parse_prefix("H25年度").map(|x| x.0), Some(2013));
        assert_eq!(c.parse_prefix("R4年度").map(|x| x.0), Some(2022));
        assert_eq!(c.parse_prefix("昭和63年度以前").map(|x| x.0), Some(1988));
        assert_eq!(c.parse_prefix("15年度"), None);
        assert_eq!(c.parse_prefix("平成年度"), None);
        assert_eq!(c.parse_prefix("平成0年度"), None);
        assert_eq!(c.format(2015), "平成27年度");
        assert_eq!(c.format(2019), "令和元年度");
        assert_eq!(c.format(2020), "令和2年度");
        assert_eq!(c.format(1988), "昭和63年度");
        assert_eq!(c.placeholder(2), "令和N+2年度");
        assert_eq!(c.placeholder(-1), "令和N-1年度");
    }
}
