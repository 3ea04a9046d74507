//! A new, empty sheet of a form.

use super::marked;
use crate::form::{Form, Kind};
use crate::model::table::blank_table;

/// A new sheet for fiscal year `n` (Gregorian) with every section and required part, for an empty file.
pub fn skeleton(form: &Form, n: i32) -> String {
    use crate::text::year::format_year;
    let year_label = format_year(n);
    let years = |offs: &[i32]| offs.iter().map(|o| format_year(n + o)).collect::<Vec<_>>();
    let mut s = format!("{}（{year_label}分）\n", form.title);
    for sec in &form.sections {
        s.push_str(&format!("\n{}\n", sec.heading()));
        for f in form.fields.iter().filter(|f| {
            f.section == sec.number
                && f.group.as_deref().is_none_or(|g| {
                    form.fields
                        .iter()
                        .find(|x| x.group.as_deref() == Some(g))
                        .is_some_and(|x| std::ptr::eq(x, *f))
                })
        }) {
            if f.has_role("delay-reason") {
                continue;
            }
            let label = f.display_label(Some(n));
            let keyless = f.options.iter().all(|o| o.key.is_none());
            // Every option unmarked (`○ハード　○ソフト`): the writer moves the ● (an assist does it).
            let value = if f.kind == Kind::Choice && keyless {
                marked(&f.options, None)
            } else {
                String::new()
            };
            s.push_str(&format!("{label}：{value}\n"));
        }
        if sec.number == form.indicators.section {
            for b in form.indicators.blocks.iter().filter(|b| b.required) {
                s.push_str(&format!("{}\n", b.label));
                for f in form.indicators.fields.iter().filter(|f| f.required) {
                    s.push_str(&format!("　{}：\n", f.label));
                }
                let rows = form.indicators.rows.iter().map(|r| r.name.as_str());
                for l in blank_table(&years(&form.indicators.year_offsets), rows) {
                    s.push_str(&format!("　{l}\n"));
                }
            }
        }
        if sec.number == form.analysis.section {
            for it in &form.analysis.items {
                s.push_str(&format!("{}\n", it.name));
                for v in &it.viewpoints {
                    s.push_str(&format!("　□ {}\n", v.label));
                }
                for f in &form.analysis.fields {
                    let value = if f.kind == Kind::Rating {
                        marked(&f.options, None)
                    } else {
                        String::new()
                    };
                    s.push_str(&format!("　{}：{value}\n", f.label));
                }
            }
        }
        if sec.number == form.budget.section {
            let rows = form.budget.rows.iter().filter(|r| r.required);
            let rows = rows.map(|r| r.name.as_str());
            for l in blank_table(&years(&form.budget.year_offsets), rows) {
                s.push_str(&format!("{l}\n"));
            }
        }
    }
    s
}
