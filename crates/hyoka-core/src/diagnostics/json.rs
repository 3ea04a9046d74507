//! The JSON shape of a diagnostic, one type for every front-end that writes it (`hyoka check --format json`,
//! `hyoka report`'s sheets, the browser page's `check`), so they agree by construction. Positions are
//! 1-based lines and columns in Unicode scalar values, end exclusive; the front-end computes them.

use super::{Diagnostic, Related};
use serde::Serialize;

/// 1-based (line, column, end line, end column).
pub type Position = (u32, u32, u32, u32);

/// A diagnostic as JSON writes it: `rule`, `severity`, `message`, the range, and `related` when it has any.
#[derive(Debug, Serialize)]
pub struct JsonDiagnostic<'a> {
    pub rule: &'a str,
    pub severity: &'a str,
    pub message: &'a str,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<JsonRelated<'a>>,
}

/// A related location; `path` only when it lies in another file.
#[derive(Debug, Serialize)]
pub struct JsonRelated<'a> {
    pub message: &'a str,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<&'a str>,
}

impl<'a> JsonDiagnostic<'a> {
    /// `at` places the diagnostic's span; `related_at` places a related span and names its file when it is
    /// another.
    pub fn new(
        d: &'a Diagnostic,
        at: Position,
        related_at: &dyn Fn(&'a Related) -> (Position, Option<&'a str>),
    ) -> Self {
        let (line, column, end_line, end_column) = at;
        JsonDiagnostic {
            rule: d.rule,
            severity: d.severity.as_str(),
            message: &d.message,
            line,
            column,
            end_line,
            end_column,
            related: d
                .related
                .iter()
                .map(|r| {
                    let ((line, column, end_line, end_column), path) = related_at(r);
                    JsonRelated {
                        message: &r.message,
                        line,
                        column,
                        end_line,
                        end_column,
                        path,
                    }
                })
                .collect(),
        }
    }
}
