//! The workspace index: every sheet of the workspace folders (read from disk in the background, or the
//! open document's latest analysis), each with its summary, and the cross-sheet diagnostics of the last
//! run. The rules run over all summaries again after any change (they compare summaries only, a few
//! milliseconds for a thousand sheets); the files whose results changed are published again.

use super::position::{Encoding, Mapper};
use hyoka_core::diagnostics::Levels;
use hyoka_core::rules::workspace::Summary;
use hyoka_core::text::LineIndex;
use hyoka_core::{Config, Diagnostic, FileId};
use std::collections::HashMap;
use std::sync::Arc;
use tower_lsp_server::ls_types::{Location, Uri};

/// One sheet of the index.
pub struct Entry {
    pub id: FileId,
    /// The text the summary was read from: related locations in this file are converted on it.
    pub text: Arc<String>,
    pub index: Arc<LineIndex>,
    pub summary: Summary,
    pub config: Arc<Config>,
}

#[derive(Default)]
pub struct Index {
    entries: HashMap<Uri, Entry>,
    uris: HashMap<FileId, Uri>,
    ids: HashMap<Uri, FileId>,
    next: u32,
    /// The cross-sheet diagnostics of the last run, by file.
    results: HashMap<Uri, Vec<Diagnostic>>,
    /// The bytes of text the entries hold (bounded by hyoka-fs's `total_limit` for sheets read from disk).
    bytes: u64,
}

impl Index {
    /// The file's id, the same for the whole session.
    fn id(&mut self, uri: &Uri) -> FileId {
        if let Some(id) = self.ids.get(uri) {
            return *id;
        }
        let id = FileId(self.next);
        self.next += 1;
        self.ids.insert(uri.clone(), id);
        self.uris.insert(id, uri.clone());
        id
    }

    /// Keep (or replace) a sheet's summary; `None` takes the file out (not a sheet, or `workspace = false`).
    pub fn set(
        &mut self,
        uri: &Uri,
        text: Arc<String>,
        index: Arc<LineIndex>,
        summary: Option<Summary>,
        config: Arc<Config>,
    ) {
        let Some(mut summary) = summary else {
            self.remove(uri);
            return;
        };
        let id = self.id(uri);
        summary.file = id;
        self.bytes += text.len() as u64;
        let old = self.entries.insert(
            uri.clone(),
            Entry {
                id,
                text,
                index,
                summary,
                config,
            },
        );
        if let Some(old) = old {
            self.bytes -= old.text.len() as u64;
        }
    }

    pub fn remove(&mut self, uri: &Uri) {
        if let Some(old) = self.entries.remove(uri) {
            self.bytes -= old.text.len() as u64;
        }
    }

    /// The bytes of text held, without the file `except` (whose entry a new read would replace).
    pub fn bytes_without(&self, except: &Uri) -> u64 {
        self.bytes - self.entries.get(except).map_or(0, |e| e.text.len() as u64)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Run the cross-sheet rules again; the files whose diagnostics changed (including files that had some
    /// and now have none).
    pub fn recompute(&mut self) -> Vec<Uri> {
        let summaries: Vec<&Summary> = self.entries.values().map(|e| &e.summary).collect();
        let aliases = Config::merged_aliases(self.entries.values().map(|e| e.config.as_ref()));
        let none = Levels::new();
        let by_id: HashMap<FileId, &Entry> = self.entries.values().map(|e| (e.id, e)).collect();
        let levels = |f: FileId| by_id.get(&f).map_or(&none, |e| &e.config.rules);
        let found = hyoka_core::rules::workspace::run(&summaries, &aliases, &levels);
        let mut results: HashMap<Uri, Vec<Diagnostic>> = HashMap::new();
        for (file, d) in found {
            if let Some(uri) = self.uris.get(&file) {
                results.entry(uri.clone()).or_default().push(d);
            }
        }
        let mut changed: Vec<Uri> = results
            .iter()
            .filter(|(u, d)| self.results.get(*u) != Some(*d))
            .map(|(u, _)| u.clone())
            .collect();
        changed.extend(
            self.results
                .keys()
                .filter(|u| !results.contains_key(*u))
                .cloned(),
        );
        self.results = results;
        changed
    }

    /// The cross-sheet diagnostics of a file.
    pub fn diagnostics(&self, uri: &Uri) -> &[Diagnostic] {
        self.results.get(uri).map_or(&[], Vec::as_slice)
    }

    /// A span of another file as an LSP location.
    pub fn location(
        &self,
        file: FileId,
        span: &std::ops::Range<usize>,
        enc: Encoding,
    ) -> Option<Location> {
        let uri = self.uris.get(&file)?;
        let e = self.entries.get(uri)?;
        let m = Mapper {
            text: &e.text,
            index: &e.index,
            enc,
        };
        Some(Location {
            uri: uri.clone(),
            range: m.range(span),
        })
    }
}
