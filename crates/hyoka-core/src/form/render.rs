//! The one writer of form text: the new-sheet skeleton and every "insert the missing …" fix build their
//! lines here, from the form's words and its `[format]` signs, so an inserted line is always one the
//! parser reads back as the same part.

use super::{
    Budget, ChoiceOption, Field, FieldRole, Form, IndicatorBlockDef, ItemDef, Kind, RowDef, Section,
};

/// Writes lines of one form. Lines carry no newline; an indented line starts with the format's indent.
#[derive(Clone, Copy)]
pub struct Render<'f> {
    form: &'f Form,
}

impl Form {
    pub fn render(&self) -> Render<'_> {
        Render { form: self }
    }
}

impl<'f> Render<'f> {
    fn indent(&self) -> &'f str {
        &self.form.format.indent
    }

    /// The title line for evaluated year `n`: the form's template with its year.
    pub fn title(&self, n: Option<i32>) -> String {
        let year = self
            .form
            .format
            .years
            .relative(n, -self.form.title.year_offset);
        self.form.title.template.replace("{year}", &year)
    }

    /// A section heading as the form's first heading style writes it: `３．事業の位置付け`.
    pub fn heading(&self, s: &Section) -> String {
        let number = crate::text::fold::fullwidth_number(s.number);
        let style = self.form.heading_styles.first().copied();
        style
            .unwrap_or_default()
            .write(&number, &s.title, &self.form.format)
    }

    /// Every option with its mark, the chosen one (if any) marked chosen: `○ハード　●ソフト`.
    pub fn choice(&self, options: &[ChoiceOption], chosen: Option<usize>) -> String {
        let (yes, no) = self.form.format.choice_marks();
        let all: Vec<String> = (options.iter().enumerate())
            .map(|(j, o)| format!("{}{}", if Some(j) == chosen { yes } else { no }, o.label))
            .collect();
        all.join(&self.form.format.option_separator)
    }

    /// `label：value` for a field of fiscal year `n`, indented inside a block.
    pub fn field(&self, f: &Field, n: Option<i32>, value: &str, in_block: bool) -> String {
        let indent = if in_block { self.indent() } else { "" };
        let label = f.display_label(n, &self.form.format.years);
        format!("{indent}{label}{}{value}", self.form.format.label_separator)
    }

    /// A field line as a new sheet starts it: empty, but a keyless choice or a rating lists its options
    /// unmarked (the writer moves the mark; an assist does it).
    pub fn empty_field(&self, f: &Field, n: Option<i32>, in_block: bool) -> String {
        let keyless = f.options.iter().all(|o| o.key.is_none());
        let value = match f.kind {
            Kind::Rating => self.choice(&f.options, None),
            Kind::Choice if keyless => self.choice(&f.options, None),
            _ => String::new(),
        };
        self.field(f, n, &value, in_block)
    }

    /// An unticked checkbox line of an item block.
    pub fn checkbox(&self, indent: &str, label: &str) -> String {
        format!("{indent}{} {label}", self.form.format.checkbox_marks().1)
    }

    /// A table with empty cells: the header row of years, then one row per name.
    pub fn table<'r>(
        &self,
        n: Option<i32>,
        offsets: &[i32],
        rows: impl IntoIterator<Item = &'r RowDef>,
        indent: &str,
    ) -> Vec<String> {
        let years: Vec<String> = (offsets.iter())
            .map(|o| self.form.format.years.relative(n, *o))
            .collect();
        let blanks = vec![" "; years.len()].join("|");
        let mut lines = vec![format!("{indent}| | {} |", years.join(" | "))];
        lines.extend(
            rows.into_iter()
                .map(|r| format!("{indent}| {} |{blanks}|", r.name)),
        );
        lines
    }

    /// A block's line: its name, followed by the separator when the form reads a field from that line.
    fn head(&self, name: &str, head_field: Option<&str>) -> String {
        match head_field {
            Some(_) => format!("{name}{}", self.form.format.label_separator),
            None => name.to_string(),
        }
    }

    /// An indicator block: its name, its required fields, its table with the required rows.
    pub fn indicator_block(&self, b: &IndicatorBlockDef, n: Option<i32>) -> Vec<String> {
        let ind = &self.form.indicators;
        let head = ind.head_field.as_deref();
        let mut lines = vec![self.head(&b.label, head)];
        let fields = (ind.fields.iter()).filter(|f| f.required && Some(f.label.as_str()) != head);
        lines.extend(fields.map(|f| self.empty_field(f, n, true)));
        let rows = ind.rows.iter().filter(|r| r.required);
        lines.extend(self.table(n, &ind.year_offsets, rows, self.indent()));
        lines
    }

    /// An analysis item: its name, every viewpoint unticked, its required fields.
    pub fn item(&self, it: &ItemDef, n: Option<i32>) -> Vec<String> {
        let head = self.form.analysis.head_field.as_deref();
        let mut lines = vec![self.head(&it.name, head)];
        lines.extend(
            it.viewpoints
                .iter()
                .map(|v| self.checkbox(self.indent(), &v.label)),
        );
        let fields = (self.form.analysis.fields.iter())
            .filter(|f| f.required && Some(f.label.as_str()) != head);
        lines.extend(fields.map(|f| self.empty_field(f, n, true)));
        lines
    }

    /// The first and last years of a table as offsets from N, for a message: (`N-2`, `N`).
    pub fn years_span(offsets: &[i32]) -> (String, String) {
        let one = |o: Option<&i32>| match o {
            Some(0) | None => "N".to_string(),
            Some(o) => format!("N{o:+}"),
        };
        (one(offsets.first()), one(offsets.last()))
    }

    /// A table of the form (`budget` or one of `[[tables]]`) with its required rows.
    pub fn table_of(&self, t: &Budget, n: Option<i32>) -> Vec<String> {
        self.table(n, &t.year_offsets, t.rows.iter().filter(|r| r.required), "")
    }

    /// A new sheet for evaluated year `n`, with every section and required part. What the form puts before
    /// the first heading (section 0) comes right under the title.
    pub fn skeleton(&self, n: i32) -> String {
        let form = self.form;
        let mut lines = vec![self.title(Some(n))];
        let areas = std::iter::once(None).chain(form.sections.iter().map(Some));
        for sec in areas {
            let number = sec.map_or(0, |s| s.number);
            let mut body = Vec::new();
            // Of a group (位置付け: 総合計画 or 行政改革) the first member stands for all.
            let first_of_group = |f: &Field| {
                f.group.as_deref().is_none_or(|g| {
                    let first = form.fields.iter().find(|x| x.group.as_deref() == Some(g));
                    first.is_some_and(|x| std::ptr::eq(x, f))
                })
            };
            let fields = form.fields.iter().filter(|f| f.section == number);
            for f in fields.filter(|f| first_of_group(f) && !f.has_role(FieldRole::DelayReason)) {
                body.push(self.empty_field(f, Some(n), false));
            }
            if number == form.indicators.section {
                for b in form.indicators.blocks.iter().filter(|b| b.required) {
                    body.extend(self.indicator_block(b, Some(n)));
                }
            }
            if number == form.analysis.section {
                for it in &form.analysis.items {
                    body.extend(self.item(it, Some(n)));
                }
            }
            for t in form.tables().filter(|t| t.section == number && t.required) {
                if !body.is_empty() && sec.is_none() {
                    body.push(String::new());
                }
                body.extend(self.table_of(t, Some(n)));
            }
            if let Some(sec) = sec {
                lines.push(String::new());
                lines.push(self.heading(sec));
            } else if !body.is_empty() {
                lines.push(String::new());
            }
            lines.extend(body);
        }
        let mut s = lines.join("\n");
        s.push('\n');
        s
    }
}
