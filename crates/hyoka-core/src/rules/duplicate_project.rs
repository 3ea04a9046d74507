//! `duplicate-project`: several sheets of one project in one year (cross-sheet).

use super::workspace::{Sink, Workspace};
use super::{Check, Rule};
use crate::diagnostics::work;
use crate::diagnostics::Severity;
use crate::messages::ja;

pub const RULE: Rule = Rule {
    id: "duplicate-project",
    severity: Severity::Warning,
    check: Check::Workspace(check),
};

/// How many of the other sheets one diagnostic points to: the first ones of the year. The message counts
/// them all, so a thousand copies give a thousand diagnostics of a few related locations each, not a
/// million.
pub const MAX_RELATED: usize = 3;

/// Two sheets of one year for one project: each is told how many there are, and of the first others.
fn check(ws: &Workspace, sink: &mut Sink) {
    for project in &ws.projects {
        // A project's sheets are sorted by year: each run of one year is a group.
        for group in project.chunk_by(|&a, &b| ws.sheets[a].year == ws.sheets[b].year) {
            work::step(group.len());
            if group.len() < 2 {
                continue;
            }
            for &i in group {
                let s = ws.sheets[i];
                if s.year.is_none() {
                    continue;
                }
                let Some(name) = &s.project else { continue };
                let year_label = s.year_label.clone().unwrap_or_default();
                let d = sink.emit(
                    i,
                    name.span.clone(),
                    ja(
                        "rules.duplicate-project.message",
                        &[
                            ("project", &name.text),
                            ("year", &year_label),
                            ("count", &group.len()),
                        ],
                    ),
                );
                for &j in group.iter().filter(|&&j| j != i).take(MAX_RELATED) {
                    work::step(1);
                    let other = ws.sheets[j];
                    let span = other
                        .project
                        .as_ref()
                        .map_or(other.anchor.clone(), |p| p.span.clone());
                    d.related_in(other.file, span, ja("rules.duplicate-project.related", &[]));
                }
            }
        }
    }
}
