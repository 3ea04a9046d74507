//! Context-free classification of one line (spec §3). Spans are relative to the line start so a
//! classified line can be cached and reused when edits elsewhere shift it.

use crate::form::HeadingStyle;
use crate::form::{LabelTarget, Lexicon};
use crate::text::fold::{edit_distance, folds_to, is_space, trim, Folded};

/// A byte range relative to its line's start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rel {
    pub start: u32,
    pub end: u32,
}

impl Rel {
    pub fn new(r: std::ops::Range<usize>) -> Rel {
        Rel {
            start: r.start as u32,
            end: r.end as u32,
        }
    }
    pub fn abs(self, base: usize) -> std::ops::Range<usize> {
        base + self.start as usize..base + self.end as usize
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirectiveKind {
    Disable,
    Enable,
    DisableNextLine,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub kind: DirectiveKind,
    /// Empty: every rule.
    pub rules: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldLine {
    pub target: LabelTarget,
    pub label: Rel,
    pub year: Option<(i32, Rel)>,
    pub value: Option<Rel>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineKind {
    Blank,
    Comment(Option<Directive>),
    Title {
        year: Option<(i32, Rel)>,
    },
    /// Printed on every page or sheet, not written: a page number (`1頁`), a line of the form's
    /// `printed_lines` (a unit line, a note).
    Printed,
    Heading {
        section: usize,
        number: Option<Rel>,
    },
    AnalysisHeader,
    /// An analysis item's line; `value` is what follows `項目名：` where the form reads the item's
    /// `head_field` from the line (郡山's `一次評価：B`).
    Item {
        item: usize,
        name: Rel,
        value: Option<Rel>,
    },
    /// An indicator block's line; `value` as for items (郡山's `成果指標1：集会所整備数`).
    Indicator {
        block: usize,
        name: Rel,
        value: Option<Rel>,
    },
    Field(FieldLine),
    UnknownField {
        head: Rel,
        suggestion: LabelTarget,
        distance: usize,
    },
    Checkbox {
        ticked: bool,
        mark: Rel,
        text: Option<Rel>,
    },
    TableRow {
        cells: Vec<Rel>,
    },
    TableSeparator,
    /// `label_prefix`: the line is a proper prefix (3+ chars) of a label, so it may be a split label.
    Text {
        label_prefix: bool,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassifiedLine {
    pub kind: LineKind,
    /// The line's content without surrounding white space.
    pub content: Rel,
}

fn has_colon(t: &str) -> bool {
    t.chars().any(|c| folds_to(c, ':'))
}

fn starts_with_pipe(t: &str) -> bool {
    t.chars().next().is_some_and(|c| folds_to(c, '|'))
}

pub fn classify(line: &str, lx: &Lexicon) -> ClassifiedLine {
    let (lead, t) = trim(line);
    let content = Rel::new(lead..lead + t.len());
    let kind = classify_kind(line, lead, t, lx);
    ClassifiedLine { kind, content }
}

fn classify_kind(line: &str, lead: usize, t: &str, lx: &Lexicon) -> LineKind {
    if t.is_empty() {
        return LineKind::Blank;
    }
    if let Some(rest) = t.strip_prefix("//") {
        return LineKind::Comment(parse_directive(rest, lx));
    }
    if starts_with_pipe(t) || line.matches('\t').count() >= 2 {
        return table_row(line, lead, t);
    }
    let format = &lx.format;
    for (marks, ticked) in [(&format.unticked, false), (&format.ticked, true)] {
        for m in marks.iter().filter(|m| !m.is_empty()) {
            if let Some(rest) = t.strip_prefix(m.as_str()) {
                // ■事業概要 is a heading where the form writes headings with bullets.
                if let Some(k) = bullet_heading(line, lx) {
                    return k;
                }
                let (l, txt) = trim(rest);
                let text_start = lead + m.len() + l;
                let text = (!txt.is_empty()).then(|| Rel::new(text_start..text_start + txt.len()));
                return LineKind::Checkbox {
                    ticked,
                    mark: Rel::new(lead..lead + m.len()),
                    text,
                };
            }
        }
    }
    // Prose (most lines) starts with a char nothing structural starts with, and has no colon that could
    // follow a misspelt label: it is text without folding anything.
    if t.len() <= lx.printed_max_len && lx.printed_lines.contains(&crate::text::fold(t)) {
        return LineKind::Printed;
    }
    // A title line may start with anything its pattern allows (加古川市事務事業評価シート〈…〉), but it holds
    // the title's word.
    let first = t.chars().next().and_then(crate::text::fold::fold_char);
    if first.is_some_and(|c| !lx.first_chars.contains(&c))
        && !has_colon(t)
        && (lx.title.is_empty() || !t.contains(lx.title.as_str()))
    {
        return LineKind::Text {
            label_prefix: false,
        };
    }
    // Structure lines are short: folding a long prose line whole would only cost time.
    let (f, truncated) = Folded::prefix(line, 0, FOLD_LIMIT);
    let s = f.text.as_str();
    let md = s.len() - s.trim_start_matches('#').len();
    let body = &s[md..];
    let analysis_header = || {
        lx.analysis_header
            .as_deref()
            .is_some_and(|h| !h.is_empty() && body.starts_with(h))
    };
    if truncated {
        if analysis_header() {
            return LineKind::AnalysisHeader;
        }
        if let Some(m) = match_label(&f, 0, line, lx) {
            return field_line(&f, line, m);
        }
        return unknown_field(t, lead, lx).unwrap_or(LineKind::Text {
            label_prefix: false,
        });
    }

    if let Some(k) = title(body, &f, lx) {
        return k;
    }
    let page_suffix = lx.format.page_suffix.as_str();
    if let Some(n) = body
        .strip_suffix(page_suffix)
        .filter(|_| !page_suffix.is_empty())
    {
        if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) {
            return LineKind::Printed;
        }
    }
    if let Some(k) = heading(body, md, &f, lx) {
        return k;
    }
    if analysis_header() {
        return LineKind::AnalysisHeader;
    }
    let (open, close) = lx.format.bracket_pair();
    let unbracketed = body
        .strip_prefix(open)
        .and_then(|b| b.strip_suffix(close))
        .filter(|_| !open.is_empty())
        .unwrap_or(body);
    let name_rel = || {
        let closing = if body.len() != unbracketed.len() {
            close.len()
        } else {
            0
        };
        let a = s.len() - unbracketed.len() - closing;
        Rel::new(f.orig(a, a + unbracketed.len()))
    };
    if let Some(item) = lx.items.iter().position(|n| n == unbracketed) {
        return LineKind::Item {
            item,
            name: name_rel(),
            value: None,
        };
    }
    if let Some(block) = lx.indicators.iter().position(|n| n == unbracketed) {
        return LineKind::Indicator {
            block,
            name: name_rel(),
            value: None,
        };
    }
    if let Some(k) = head_with_value(s, &f, lx) {
        return k;
    }
    if let Some(m) = match_label(&f, 0, line, lx) {
        return field_line(&f, line, m);
    }
    if let Some(k) = unknown_field(t, lead, lx) {
        return k;
    }
    LineKind::Text {
        label_prefix: is_label_prefix(s, lx),
    }
}

/// `成果指標1：集会所整備数`: a block or item line followed by the value of its head field, where the form
/// reads one from the line.
fn head_with_value(s: &str, f: &Folded, lx: &Lexicon) -> Option<LineKind> {
    let split = |names: &[String]| {
        names.iter().enumerate().find_map(|(i, n)| {
            let rest = s.strip_prefix(n.as_str())?.strip_prefix(':')?;
            let name = Rel::new(f.orig(0, n.len()));
            // Empty (start = end) when nothing follows the separator: the field is written, without a value.
            let value = if rest.is_empty() {
                let end = f.orig(0, s.len()).end;
                end..end
            } else {
                f.orig(s.len() - rest.len(), s.len())
            };
            Some((i, name, Some(Rel::new(value))))
        })
    };
    if lx.item_head_field {
        if let Some((item, name, value)) = split(&lx.items) {
            return Some(LineKind::Item { item, name, value });
        }
    }
    if lx.indicator_head_field {
        if let Some((block, name, value)) = split(&lx.indicators) {
            return Some(LineKind::Indicator { block, name, value });
        }
    }
    None
}

/// A proper prefix of a label, at least three characters long (spec §3 split labels).
pub fn is_label_prefix(s: &str, lx: &Lexicon) -> bool {
    if s.chars().count() < 3 {
        return false;
    }
    let proper = |label: &str, p: &str| label.len() > p.len() && label.starts_with(p);
    if lx.labels.iter().any(|(l, _)| proper(l, s)) {
        return true;
    }
    match lx.format.years.parse_prefix(s) {
        Some((_, n)) => lx.year_labels.iter().any(|(l, _)| proper(l, &s[n..])),
        None => false,
    }
}

/// Chars folded per line: longer than any title, heading, item or label line.
const FOLD_LIMIT: usize = 120;

fn field_line(f: &Folded, line: &str, m: LabelMatch) -> LineKind {
    LineKind::Field(FieldLine {
        target: m.target,
        label: Rel::new(f.orig(0, m.end)),
        year: m.year.map(|(y, e)| (y, Rel::new(f.orig(0, e)))),
        value: value_after(line, f.orig_end(m.end)).map(Rel::new),
    })
}

fn parse_directive(rest: &str, lx: &Lexicon) -> Option<Directive> {
    let rest = rest.trim();
    let (word, args) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    let kind = match word {
        "hyoka-disable" => DirectiveKind::Disable,
        "hyoka-enable" => DirectiveKind::Enable,
        "hyoka-disable-next-line" => DirectiveKind::DisableNextLine,
        _ => return None,
    };
    let rules = args
        .split(|c: char| folds_to(c, ',') || is_space(c) || is_prose_mark(c, lx))
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(String::from)
        .collect();
    Some(Directive { kind, rules })
}

fn table_row(line: &str, lead: usize, t: &str) -> LineKind {
    let mut cells = Vec::new();
    let piped = starts_with_pipe(t);
    let (text, base) = if piped { (t, lead) } else { (line, 0) };
    let mut start = 0;
    let mut push = |a: usize, b: usize| {
        let (l, c) = trim(&text[a..b]);
        cells.push(Rel::new(base + a + l..base + a + l + c.len()));
    };
    for (i, c) in text.char_indices() {
        let sep = if piped { folds_to(c, '|') } else { c == '\t' };
        if sep {
            push(start, i);
            start = i + c.len_utf8();
        }
    }
    push(start, text.len());
    if piped {
        // `| a | b |`: the empty cells before the first and after the last pipe are not cells.
        cells.remove(0);
        if cells.last().is_some_and(|c| c.start == c.end) {
            cells.pop();
        }
    }
    let is_sep = !cells.is_empty()
        && cells.iter().all(|c| {
            let s = &line[c.start as usize..c.end as usize];
            !s.is_empty()
                && s.chars()
                    .all(|ch| folds_to(ch, '-') || folds_to(ch, ':') || ch == '\u{2014}')
        });
    if is_sep {
        LineKind::TableSeparator
    } else {
        LineKind::TableRow { cells }
    }
}

/// A title line: the form's pattern matches the whole folded line; its `year` group, when it is a year and
/// nothing more, gives the evaluated year N (plus the form's offset: 加古川's 令和4年度 sheet evaluates 令和3).
fn title(body: &str, f: &Folded, lx: &Lexicon) -> Option<LineKind> {
    let caps = lx.title_pattern.as_ref()?.captures(body)?;
    let offset = f.text.len() - body.len();
    let year = caps.name("year").and_then(|m| {
        let (y, n) = lx.format.years.parse_prefix(m.as_str())?;
        let start = offset + m.start();
        let evaluated = y + lx.title_year_offset;
        (n == m.len()).then(|| (evaluated, Rel::new(f.orig(start, start + n))))
    });
    Some(LineKind::Title { year })
}

/// A heading in the bullet style (`■事業概要`, `○事業概要`), for lines that start with a checkbox mark.
fn bullet_heading(line: &str, lx: &Lexicon) -> Option<LineKind> {
    if !lx.heading_styles.contains(&HeadingStyle::Bullet) {
        return None;
    }
    let (f, _) = Folded::prefix(line, 0, FOLD_LIMIT);
    heading(&f.text, 0, &f, lx)
}

/// A section heading in one of the form's styles: `１．事業の位置付け（…）`, `○事業概要`, `【事業概要】`,
/// `## 事業概要`. `md` is the length of a Markdown `#` prefix already stripped from `body`.
fn heading(body: &str, md: usize, f: &Folded, lx: &Lexicon) -> Option<LineKind> {
    let styles = &lx.heading_styles;
    let format = &lx.format;
    let bullet = || {
        let bullets = if styles.contains(&HeadingStyle::Bullet) {
            format.bullets.as_slice()
        } else {
            &[]
        };
        bullets.iter().find_map(|b| body.strip_prefix(b.as_str()))
    };
    let (open, close) = format.bracket_pair();
    let mut number = None;
    // The text from the section title on, and what must close the title (】 for 【事業概要】).
    let digits = body.bytes().take_while(u8::is_ascii_digit).count();
    let (rest, closing) = if styles.contains(&HeadingStyle::Numbered) && (1..=2).contains(&digits) {
        let after = &body[digits..];
        let sep = (after.chars().next()).filter(|c| format.number_marks.contains(c))?;
        let start = f.text.len() - body.len();
        number = Some(Rel::new(f.orig(start, start + digits)));
        (&after[sep.len_utf8()..], "")
    } else if md > 0 && styles.contains(&HeadingStyle::Markdown) {
        (body, "")
    } else if let Some(r) = bullet() {
        (r, "")
    } else if styles.contains(&HeadingStyle::Bracket) && !open.is_empty() && !close.is_empty() {
        (body.strip_prefix(open)?, close)
    } else {
        return None;
    };
    // The title alone, or followed by a parenthetical: 年度別事業内容・決算額（単位：千円）.
    let section = lx.sections.iter().position(|t| {
        (rest.strip_prefix(t.as_str()))
            .and_then(|r| r.strip_prefix(closing))
            .is_some_and(|r| r.is_empty() || (r.starts_with('(') && r.ends_with(')')))
    })?;
    Some(LineKind::Heading { section, number })
}

pub struct LabelMatch {
    pub target: LabelTarget,
    /// Folded end of the label.
    pub end: usize,
    /// The year and the folded end of the year part, for labels with a year slot.
    pub year: Option<(i32, usize)>,
}

/// Match a field label at the start of `f` (folded from `text`, whose offsets its map uses, starting at
/// `origin` in `text`): the label must be followed by the end, `:`, or white space in the original.
pub fn match_label(f: &Folded, origin: usize, text: &str, lx: &Lexicon) -> Option<LabelMatch> {
    let _ = origin;
    let s = f.text.as_str();
    let boundary = |end: usize| -> bool {
        if end == s.len() || s[end..].starts_with(':') {
            return true;
        }
        let o = f.orig_end(end);
        text[o..].chars().next().is_some_and(is_space)
    };
    for (label, target) in &lx.labels {
        if s.starts_with(label.as_str()) && boundary(label.len()) {
            return Some(LabelMatch {
                target: *target,
                end: label.len(),
                year: None,
            });
        }
    }
    if let Some((y, n)) = lx.format.years.parse_prefix(s) {
        for (label, target) in &lx.year_labels {
            let end = n + label.len();
            if s[n..].starts_with(label.as_str()) && boundary(end) {
                return Some(LabelMatch {
                    target: *target,
                    end,
                    year: Some((y, n)),
                });
            }
        }
    }
    None
}

/// The inline value after a label ending at byte `from` of `line`: white space and one `:` skipped.
pub fn value_after(line: &str, from: usize) -> Option<std::ops::Range<usize>> {
    let rest = &line[from..];
    let (l, t) = trim(rest);
    let t2 = match t.chars().next() {
        Some(c) if folds_to(c, ':') => &t[c.len_utf8()..],
        _ => t,
    };
    let skipped = t.len() - t2.len();
    let (l2, v) = trim(t2);
    if v.is_empty() {
        return None;
    }
    let start = from + l + skipped + l2;
    Some(start..start + v.len())
}

/// Punctuation of prose (、。「」 in the form's format): never part of a label.
fn is_prose_mark(c: char, lx: &Lexicon) -> bool {
    let mut buf = [0u8; 4];
    let c = &*c.encode_utf8(&mut buf);
    lx.format.prose_marks.iter().any(|m| m == c)
}

fn unknown_field(t: &str, lead: usize, lx: &Lexicon) -> Option<LineKind> {
    let colon = t.find(|c| folds_to(c, ':'))?;
    let head = t[..colon].trim_end_matches(is_space);
    let forbidden = |c: char| {
        is_space(c)
            || folds_to(c, ',')
            || folds_to(c, '(')
            || folds_to(c, ')')
            || is_prose_mark(c, lx)
    };
    if head.chars().any(forbidden) {
        return None;
    }
    let folded = crate::text::fold(head);
    let len = folded.chars().count();
    if !(2..=20).contains(&len) {
        return None;
    }
    let limit = (len / 3).max(1);
    let mut best: Option<(usize, LabelTarget)> = None;
    let mut consider = |d: usize, target: LabelTarget| {
        if d > 0 && d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, target));
        }
    };
    // A one- or two-character label (部, 課, 目的) is within one edit of countless ordinary words
    // (課題, 目標): it is only ever matched exactly, never suggested.
    let suggestible = |label: &str| label.chars().count() > 2;
    for (label, target) in lx.labels.iter().filter(|(l, _)| suggestible(l)) {
        consider(edit_distance(&folded, label), *target);
    }
    let (after_year, had_year) = match lx.format.years.parse_prefix(&folded) {
        Some((_, n)) => (&folded[n..], true),
        None => (folded.as_str(), false),
    };
    if had_year {
        for (label, target) in lx.year_labels.iter().filter(|(l, _)| suggestible(l)) {
            consider(edit_distance(after_year, label), *target);
        }
    }
    let (distance, suggestion) = best?;
    Some(LineKind::UnknownField {
        head: Rel::new(lead..lead + head.len()),
        suggestion,
        distance,
    })
}

#[cfg(test)]
#[path = "classify_tests.rs"]
mod tests;
