//! An open document: its rope, cached per-line classification, and the last analysis.

use super::position::{rope_char, Encoding};
use super::settings::{Problem, Resolved};
use hyoka_core::rules::workspace::Summary;
use hyoka_core::syntax::{self, Line};
use hyoka_core::text::LineIndex;
use hyoka_core::{Config, Diagnostic, Form, Sheet};
use ropey::Rope;
use std::sync::Arc;
use tower_lsp_server::ls_types::TextDocumentContentChangeEvent;

/// An immutable analysis of one version.
pub struct Analysis {
    pub version: i32,
    pub text: Arc<String>,
    pub index: LineIndex,
    pub sheet: Sheet,
    pub diagnostics: Vec<Diagnostic>,
    pub form: Arc<Form>,
    /// The settings could not be used: reported in place of the rules' diagnostics.
    pub problem: Option<Arc<Problem>>,
    /// What the cross-sheet rules read of this version (none when its folder says `workspace = false`).
    pub summary: Option<Summary>,
    pub config: Arc<Config>,
}

/// What an analysis needs, taken under the lock and analysed outside it.
pub struct Snapshot {
    pub version: i32,
    pub text: Arc<String>,
    pub lines: Arc<Vec<Line>>,
    pub form: Arc<Form>,
    pub config: Arc<Config>,
    pub problem: Option<Arc<Problem>>,
}

impl Analysis {
    /// Position conversion for this snapshot in the negotiated encoding.
    pub fn mapper(&self, enc: Encoding) -> super::position::Mapper<'_> {
        super::position::Mapper {
            text: &self.text,
            index: &self.index,
            enc,
        }
    }
}

impl Snapshot {
    pub fn analyse(self) -> Analysis {
        let sheet = hyoka_core::model::build(&self.text, &self.lines, &self.form);
        // As the CLI: a sheet whose config or form is broken is not checked, the problem is reported instead.
        let diagnostics = match self.problem {
            Some(_) => Vec::new(),
            None => hyoka_core::rules::run(&self.text, &sheet, &self.form, &self.config.rules),
        };
        let summary = (self.problem.is_none() && self.config.workspace).then(|| {
            // The index gives the file its id.
            hyoka_core::summarize(&self.text, &sheet, &self.form, hyoka_core::FileId(0))
        });
        let ranges = sheet
            .line_starts
            .iter()
            .zip(self.lines.iter())
            .map(|(&s, l)| s..s + l.content_len)
            .collect();
        Analysis {
            version: self.version,
            index: LineIndex::from_ranges(ranges),
            text: self.text,
            sheet,
            diagnostics,
            form: self.form,
            problem: self.problem,
            summary,
            config: self.config,
        }
    }
}

pub struct Document {
    pub rope: Rope,
    pub version: i32,
    lines: Arc<Vec<Line>>,
    pub form: Arc<Form>,
    pub config: Arc<Config>,
    pub analysis: Option<Arc<Analysis>>,
    pub problem: Option<Arc<Problem>>,
    /// The settings' cache key (see `settings::folder_key`).
    pub folder: std::path::PathBuf,
    /// The folder's settings are still being loaded: nothing is published until they are.
    pub pending: bool,
    /// Pulled while pending (answered empty): the client must be asked to pull again.
    pub pulled_while_pending: bool,
    /// No form is named for this document: its title line chooses among these built-in forms (the folder's
    /// form when none matches), again whenever an edit touches the top of the sheet.
    detect: Option<Detect>,
}

struct Detect {
    among: Arc<[Arc<Form>]>,
    fallback: Arc<Form>,
}

fn rope_line(rope: &Rope, i: usize, form: &Form) -> Line {
    let s: String = rope.line(i).chars().collect();
    let content = s.trim_end_matches(['\n', '\r']);
    // A lone trailing `\r` before `\n` belongs to the terminator; trim_end_matches handles both.
    Line {
        len: s.len(),
        content_len: content.len(),
        class: syntax::classify(content, &form.lexicon),
    }
}

impl Document {
    pub fn new(text: &str, version: i32, form: Arc<Form>, config: Arc<Config>) -> Self {
        let lines = Arc::new(syntax::classify_all(text, &form.lexicon));
        Document {
            rope: Rope::from_str(text),
            version,
            lines,
            form,
            config,
            analysis: None,
            problem: None,
            folder: Default::default(),
            pending: false,
            pulled_while_pending: false,
            detect: None,
        }
    }

    /// The form the title line chooses, when the form is not named.
    fn detected_form(&self) -> Option<Arc<Form>> {
        let d = self.detect.as_ref()?;
        let mut top = String::new();
        let mut seen = 0;
        for line in self.rope.lines() {
            let line: String = line.chars().collect();
            seen += usize::from(!line.trim().is_empty());
            top.push_str(&line);
            if seen == syntax::TITLE_SEARCH_LINES {
                break;
            }
        }
        Some(
            syntax::detect_form(&top, &d.among)
                .unwrap_or(&d.fallback)
                .clone(),
        )
    }

    /// Whether line `i` is among those a title is looked for in.
    fn in_title_search(&self, i: usize) -> bool {
        let non_blank = self.lines[..i.min(self.lines.len())]
            .iter()
            .filter(|l| !matches!(l.class.kind, syntax::LineKind::Blank))
            .take(syntax::TITLE_SEARCH_LINES)
            .count();
        non_blank < syntax::TITLE_SEARCH_LINES
    }

    /// After an edit near the top: switch forms if the title now names another one.
    fn redetect(&mut self) {
        if let Some(form) = self.detected_form() {
            if !Arc::ptr_eq(&form, &self.form) {
                let config = self.config.clone();
                self.reconfigure(form, config);
            }
        }
    }

    /// Apply one change: the rope is edited in place and only the touched lines are reclassified.
    pub fn apply(&mut self, change: &TextDocumentContentChangeEvent, enc: Encoding) {
        let Some(range) = change.range else {
            self.rope = Rope::from_str(&change.text);
            self.lines = Arc::new(syntax::classify_all(&change.text, &self.form.lexicon));
            self.redetect();
            return;
        };
        let (mut start, mut end) = (
            rope_char(&self.rope, range.start, enc),
            rope_char(&self.rope, range.end, enc),
        );
        if start > end {
            std::mem::swap(&mut start, &mut end);
        }
        let old_count = self.rope.len_lines();
        // One line of margin each side: an edit can join or split a `\r\n` at a line boundary.
        let first = self.rope.char_to_line(start).saturating_sub(1);
        let old_last = (self.rope.char_to_line(end) + 1).min(old_count - 1);
        self.rope.remove(start..end);
        self.rope.insert(start, &change.text);
        let new_count = self.rope.len_lines();
        let new_last = (old_last + new_count)
            .saturating_sub(old_count)
            .min(new_count - 1)
            .max(first);
        let fresh: Vec<Line> = (first..=new_last)
            .map(|i| rope_line(&self.rope, i, &self.form))
            .collect();
        let lines = Arc::make_mut(&mut self.lines);
        lines.splice(first..=old_last, fresh);
        if self.detect.is_some() && self.in_title_search(first) {
            self.redetect();
        }
    }

    /// Set a new form or config: everything is reclassified (labels may differ).
    pub fn reconfigure(&mut self, form: Arc<Form>, config: Arc<Config>) {
        if !Arc::ptr_eq(&form, &self.form) {
            self.lines = Arc::new(syntax::classify_all(&self.rope.to_string(), &form.lexicon));
        }
        self.form = form;
        self.config = config;
        self.analysis = None;
    }

    /// Apply the folder's settings once they are known; `builtins` are the forms a title may choose.
    pub fn settle(&mut self, r: &Resolved, builtins: &Arc<[Arc<Form>]>) {
        self.detect = (!r.named).then(|| Detect {
            among: builtins.clone(),
            fallback: r.form.clone(),
        });
        let form = self.detected_form().unwrap_or_else(|| r.form.clone());
        self.reconfigure(form, r.config.clone());
        self.problem = r.problem.clone();
        self.pending = false;
        self.pulled_while_pending = false;
    }

    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            version: self.version,
            text: Arc::new(self.rope.to_string()),
            lines: self.lines.clone(),
            form: self.form.clone(),
            config: self.config.clone(),
            problem: self.problem.clone(),
        }
    }

    /// The cached classification (tests and fuzzing compare it with a fresh one).
    pub fn lines(&self) -> &[Line] {
        &self.lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use tower_lsp_server::ls_types::{Position, Range};

    fn change(r: Option<((u32, u32), (u32, u32))>, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: r.map(|(a, b)| Range::new(Position::new(a.0, a.1), Position::new(b.0, b.1))),
            range_length: None,
            text: text.into(),
        }
    }

    const COMPLETE: &str = include_str!("../../examples/complete.hyoka");

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        /// After any edit sequence the incremental classification equals a fresh one.
        #[test]
        fn incremental_equals_fresh(edits in proptest::collection::vec(
            (0u32..140, 0u32..40, 0u32..3, 0u32..40, prop::sample::select(vec![
                "", "\n", "\r\n", "\r", "必要性", "□ 市民ニーズ\n", "事業の概要：", "｜ 目標 | 1 |\n", "𠮷", "総合計画の\n位置付け", "１．事業の位置付け\n", "x"
            ]), 0usize..3), 1..25)) {
            let form = Arc::new(Form::builtin());
            let mut doc = Document::new(COMPLETE, 0, form.clone(), Arc::new(Config::default()));
            for (line, col, dl, ecol, text, enc) in edits {
                let enc = [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32][enc];
                doc.apply(&change(Some(((line, col), (line + dl, ecol))), text), enc);
                let text = doc.rope.to_string();
                prop_assert_eq!(doc.lines(), &syntax::classify_all(&text, &form.lexicon)[..]);
                let a = doc.snapshot().analyse();
                let fresh = LineIndex::new(&text);
                prop_assert_eq!(a.index.line_count(), fresh.line_count());
                for l in 0..fresh.line_count() {
                    prop_assert_eq!(a.index.line_range(l), fresh.line_range(l));
                }
            }
        }
    }

    #[test]
    fn full_replacement_and_crlf_joins() {
        let form = Arc::new(Form::builtin());
        let mut doc = Document::new("a\r\nb", 0, form.clone(), Arc::new(Config::default()));
        // Delete the `\n` of `\r\n`: `\r` alone still breaks the line.
        doc.apply(&change(Some(((0, 1), (1, 0))), "\r"), Encoding::Utf16);
        assert_eq!(doc.rope.to_string(), "a\rb");
        assert_eq!(
            doc.lines(),
            &syntax::classify_all("a\rb", &form.lexicon)[..]
        );
        doc.apply(&change(None, "必要性\n"), Encoding::Utf16);
        assert_eq!(doc.lines().len(), 2);
    }
}
