//! What the core reports: diagnostics with byte spans, related spans and fixes as text edits.

pub mod json;
pub mod work;

use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Info,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Hint => "hint",
        }
    }
    pub fn parse(s: &str) -> Option<Severity> {
        Some(match s {
            "error" => Severity::Error,
            "warning" | "warn" => Severity::Warning,
            "info" | "information" => Severity::Info,
            "hint" => Severity::Hint,
            _ => return None,
        })
    }
}

/// A rule's configured level: off, or a severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Off,
    On(Severity),
}

impl Level {
    pub fn parse(s: &str) -> Option<Level> {
        if s == "off" {
            Some(Level::Off)
        } else {
            Severity::parse(s).map(Level::On)
        }
    }
}

/// Configured levels by rule id; the rules read these, not the config they came from.
pub type Levels = std::collections::BTreeMap<String, Level>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub span: Range<usize>,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<Edit>,
    /// Only changes notation (a spelling at edit distance 1): `hyoka check --fix` may apply it.
    pub notation: bool,
}

/// A file of a workspace, numbered by the front-end that holds the paths (the core never sees them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub span: Range<usize>,
    pub message: String,
    /// Another file of the workspace (cross-sheet rules); `None`: the diagnostic's own file.
    pub file: Option<FileId>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: &'static str,
    pub severity: Severity,
    pub span: Range<usize>,
    pub message: String,
    pub related: Vec<Related>,
    pub fixes: Vec<Fix>,
}

impl Diagnostic {
    /// The order diagnostics are reported in: by position, then rule.
    pub fn order_key(&self) -> (usize, usize, &'static str) {
        (self.span.start, self.span.end, self.rule)
    }
    pub fn related(&mut self, span: Range<usize>, message: impl Into<String>) -> &mut Self {
        self.related.push(Related {
            span,
            message: message.into(),
            file: None,
        });
        self
    }
    /// Related information in another file of the workspace.
    pub fn related_in(
        &mut self,
        file: FileId,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> &mut Self {
        self.related.push(Related {
            span,
            message: message.into(),
            file: Some(file),
        });
        self
    }
    pub fn fix(&mut self, title: impl Into<String>, edits: Vec<Edit>, notation: bool) -> &mut Self {
        self.fixes.push(Fix {
            title: title.into(),
            edits,
            notation,
        });
        self
    }
}

/// What fix-all applies (`hyoka check --fix`, the editor's source.fixAll): each diagnostic's first notation
/// fix, one per diagnostic so a caller can apply or refuse each whole.
pub fn fix_all(diagnostics: &[Diagnostic]) -> Vec<&Fix> {
    diagnostics
        .iter()
        .filter_map(|d| d.fixes.iter().find(|f| f.notation))
        .collect()
}

/// Apply non-overlapping edits to `text` (later edits first so earlier offsets stay valid).
pub fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let mut edits: Vec<&Edit> = edits.iter().collect();
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in edits {
        if e.span.start < at || e.span.end > text.len() {
            continue; // overlapping or out of range: skipped, never half-applied
        }
        out.push_str(&text[at..e.span.start]);
        out.push_str(&e.text);
        at = e.span.end;
    }
    out.push_str(&text[at..]);
    out
}
