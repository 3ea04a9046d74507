//! `target-changed`: sheets of one project give different targets or actuals for the same year (cross-sheet).

use super::workspace::{IndicatorSummary, Sink, Workspace};
use super::{Check, Rule};
use crate::diagnostics::work;
use crate::diagnostics::Severity;
use crate::form::RowRole;
use crate::messages::ja;
use std::collections::HashMap;

pub const RULE: Rule = Rule {
    id: "target-changed",
    severity: Severity::Warning,
    check: Check::Workspace(check),
};

/// The same indicator: the same name (wherever its block sits), or the same block when neither is named;
/// and no two different units.
fn same_indicator(a: &IndicatorSummary, b: &IndicatorSummary) -> bool {
    let named = match (&a.name, &b.name) {
        (Some(x), Some(y)) => x.key == y.key,
        (None, None) => a.label == b.label,
        _ => false,
    };
    let units = match (&a.unit, &b.unit) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    };
    named && units
}

/// How an indicator is looked up in other sheets: `same_indicator` holds only between two with one identity.
#[derive(PartialEq, Eq, Hash)]
enum Identity<'a> {
    Named(&'a str),
    Block(&'a str),
}

fn identity(a: &IndicatorSummary) -> Identity<'_> {
    match &a.name {
        Some(n) => Identity::Named(&n.key),
        None => Identity::Block(&a.label),
    }
}

/// The indicator of `earlier` that is `b` (of `now`), by its index: the same block with the same name, else
/// the one block of that name when each sheet has only one (the indicators were reordered).
fn counterpart(
    now: &[IndicatorSummary],
    b: &IndicatorSummary,
    earlier: &[IndicatorSummary],
) -> Option<usize> {
    work::step(now.len() + earlier.len());
    if let Some(o) = earlier
        .iter()
        .position(|o| o.label == b.label && same_indicator(o, b))
    {
        return Some(o);
    }
    let in_now = now.iter().filter(|o| same_indicator(o, b)).count();
    let mut named = earlier
        .iter()
        .enumerate()
        .filter(|(_, o)| same_indicator(o, b))
        .map(|(k, _)| k);
    match (named.next(), named.next(), in_now) {
        (Some(one), None, 1) => Some(one),
        _ => None,
    }
}

fn same_value(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// Where a figure is given: (position of the sheet in its project, indicator, figure), in project order.
type Places = Vec<(usize, usize, usize)>;

/// A figure of one fiscal year that differs from the latest earlier sheet of the project giving it.
fn check(ws: &Workspace, sink: &mut Sink) {
    for project in &ws.projects {
        // Every figure of the project by what finds it (the indicator's identity, its row and year), so
        // that a sheet looks only at the earlier sheets that give the same figure, not at every one.
        let mut index: HashMap<(Identity, RowRole, i32), Places> = HashMap::new();
        for (pos, &j) in project.iter().enumerate() {
            if ws.sheets[j].year.is_none() {
                continue;
            }
            for (k, ind) in ws.sheets[j].indicators.iter().enumerate() {
                for (n, f) in ind.figures.iter().enumerate() {
                    work::step(1);
                    index
                        .entry((identity(ind), f.row, f.year))
                        .or_default()
                        .push((pos, k, n));
                }
            }
        }
        // The position where the current year's sheets start: the sheets before it are earlier.
        let mut year_start = 0;
        for (pos, &i) in project.iter().enumerate() {
            let s = ws.sheets[i];
            if s.year.is_none() {
                continue;
            }
            if pos == 0 || ws.sheets[project[pos - 1]].year != s.year {
                year_start = pos;
            }
            for b in &s.indicators {
                for f in &b.figures {
                    work::step(1);
                    let Some(places) = index.get(&(identity(b), f.row, f.year)) else {
                        continue;
                    };
                    let mut end = places.partition_point(|p| p.0 < year_start);
                    // Earlier sheets giving the figure, latest first.
                    let found = loop {
                        let Some(&(pos, _, _)) = end.checked_sub(1).map(|e| &places[e]) else {
                            break None;
                        };
                        let start = places[..end]
                            .iter()
                            .rposition(|p| p.0 != pos)
                            .map_or(0, |e| e + 1);
                        work::step(end - start);
                        let here = &places[start..end];
                        end = start;
                        let j = project[pos];
                        let earlier = &ws.sheets[j].indicators;
                        let Some(c) = counterpart(&s.indicators, b, earlier) else {
                            continue;
                        };
                        if let Some(&(_, k, n)) = here.iter().find(|p| p.1 == c) {
                            break Some((j, &earlier[k].figures[n]));
                        }
                    };
                    let Some((j, old)) = found else { continue };
                    if same_value(old.value, f.value) {
                        continue;
                    }
                    let name = b.name.as_ref().map_or(b.label.clone(), |n| {
                        ja(
                            "rules.target-changed.named",
                            &[("block", &b.label), ("name", &n.text)],
                        )
                    });
                    let sheet = ws.sheet_name(j);
                    sink.emit(
                        i,
                        f.span.clone(),
                        ja(
                            "rules.target-changed.message",
                            &[
                                ("indicator", &name),
                                ("column", &f.column),
                                ("row", &f.row_name),
                                ("sheet", &sheet),
                                ("old", &old.written),
                                ("new", &f.written),
                            ],
                        ),
                    )
                    .related_in(
                        ws.sheets[j].file,
                        old.span.clone(),
                        ja(
                            "rules.target-changed.related",
                            &[
                                ("sheet", &sheet),
                                ("row", &old.row_name),
                                ("value", &old.written),
                            ],
                        ),
                    );
                }
            }
        }
    }
}
