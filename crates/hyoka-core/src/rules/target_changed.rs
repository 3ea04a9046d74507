use super::workspace::{IndicatorSummary, Sink, Workspace};
use super::{Check, Rule};
use crate::diagnostics::Severity;
use crate::messages::ja;

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

/// The indicator of `earlier` that is `b` (of `now`): the same block with the same name, else the one block
/// of that name when each sheet has only one (the indicators were reordered).
fn counterpart<'a>(
    now: &[IndicatorSummary],
    b: &IndicatorSummary,
    earlier: &'a [IndicatorSummary],
) -> Option<&'a IndicatorSummary> {
    if let Some(o) = earlier
        .iter()
        .find(|o| o.label == b.label && same_indicator(o, b))
    {
        return Some(o);
    }
    let in_now = now.iter().filter(|o| same_indicator(o, b)).count();
    let mut named = earlier.iter().filter(|o| same_indicator(o, b));
    match (named.next(), named.next(), in_now) {
        (Some(one), None, 1) => Some(one),
        _ => None,
    }
}

fn same_value(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// A figure of one fiscal year that differs from the latest earlier sheet of the project giving it.
fn check(ws: &Workspace, sink: &mut Sink) {
    for project in &ws.projects {
        for &i in project {
            let s = ws.sheets[i];
            let Some(year) = s.year else { continue };
            // Earlier sheets, latest first.
            let earlier: Vec<usize> = project
                .iter()
                .rev()
                .copied()
                .filter(|&j| ws.sheets[j].year.is_some_and(|y| y < year))
                .collect();
            for b in &s.indicators {
                for f in &b.figures {
                    let found = earlier.iter().find_map(|&j| {
                        let ind = counterpart(&s.indicators, b, &ws.sheets[j].indicators)?;
                        let old = ind
                            .figures
                            .iter()
                            .find(|o| o.row == f.row && o.year == f.year)?;
                        Some((j, old))
                    });
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
