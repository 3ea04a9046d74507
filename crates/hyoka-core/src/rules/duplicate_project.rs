use super::workspace::{Sink, Workspace};
use super::{Check, Rule};
use crate::diagnostics::Severity;
use crate::messages::ja;

pub const RULE: Rule = Rule {
    id: "duplicate-project",
    severity: Severity::Warning,
    check: Check::Workspace(check),
};

/// Two sheets of one year for one project: each is told of the other.
fn check(ws: &Workspace, sink: &mut Sink) {
    for project in &ws.projects {
        for &i in project {
            let s = ws.sheets[i];
            let Some(year) = s.year else { continue };
            let Some(name) = &s.project else { continue };
            let others: Vec<usize> = project
                .iter()
                .copied()
                .filter(|&j| j != i && ws.sheets[j].year == Some(year))
                .collect();
            if others.is_empty() {
                continue;
            }
            let year_label = s.year_label.clone().unwrap_or_default();
            let d = sink.emit(
                i,
                name.span.clone(),
                ja(
                    "rules.duplicate-project.message",
                    &[
                        ("project", &name.text),
                        ("year", &year_label),
                        ("count", &(others.len() + 1)),
                    ],
                ),
            );
            for j in others {
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
