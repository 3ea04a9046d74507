//! The workspace: the sheets of the workspace folders indexed in the background (with work-done progress),
//! kept current from open documents and watched files, and the cross-sheet diagnostics they give.

use super::*;
use crate::lsp::workspace::Index;
use hyoka_core::text::LineIndex;
use hyoka_fs::read::{read_regular, SHEET_LIMIT};
use std::sync::atomic::Ordering;

/// Files read per blocking task between progress reports.
const INDEX_BATCH: usize = 64;

/// Watched-file events not yet applied. A burst (a checkout, a sync tool copying a year's folder) is folded
/// into one update: the handler only records the events, and one task at a time applies what has gathered.
#[derive(Default)]
pub(super) struct Pending {
    /// Sheets changed or deleted on disk: the last event of each.
    files: HashMap<Uri, FileChangeType>,
    /// Read the whole workspace again (covers `files`).
    reindex: bool,
    /// A hyoka.toml or form changed: the open documents' settings are read again first.
    reconfigure: bool,
    /// A task is applying the events; new ones wait for it.
    draining: bool,
}

impl Pending {
    #[cfg(test)]
    pub fn is_draining(&self) -> bool {
        self.draining
    }
}

/// What the workspace did, counted for tests: a burst must cost one update, not one per event.
#[derive(Default)]
pub(super) struct Counters {
    pub index_runs: std::sync::atomic::AtomicUsize,
    pub index_cancelled: std::sync::atomic::AtomicUsize,
    pub file_updates: std::sync::atomic::AtomicUsize,
}

/// A sheet read from disk for the index.
struct OnDisk {
    uri: Uri,
    text: Arc<String>,
    index: Arc<LineIndex>,
    summary: Option<hyoka_core::rules::workspace::Summary>,
    config: Arc<Config>,
}

/// Read and summarize one file with its folder's settings (`None`: unreadable or not checked).
fn read_sheet(
    path: &std::path::Path,
    resolved: &Resolved,
    builtins: &[Arc<Form>],
    named: Option<&Form>,
) -> Option<OnDisk> {
    let uri = Uri::from_file_path(path)?;
    let (bytes, _) = read_regular(path, SHEET_LIMIT).ok()?;
    hyoka_fs::read::check_lines(&bytes).ok()?;
    let (text, _) = hyoka_core::text::decode::decode(&bytes).ok()?;
    // A `.txt` file is a sheet only when its title says so, as the folder walk decides.
    let sheet = match hyoka_fs::walk::is_sheet_name(path) {
        Some(by_name) => by_name,
        None => hyoka_fs::walk::is_sheet_text(&text, named, builtins),
    };
    if !sheet {
        return None;
    }
    let form = resolved.form_for(&text, builtins);
    let summary = (resolved.problem.is_none() && resolved.config.workspace).then(|| {
        let (_, sheet) = hyoka_core::model::parse(&text, &form);
        hyoka_core::summarize(&text, &sheet, &form, hyoka_core::FileId(0))
    });
    Some(OnDisk {
        uri,
        index: Arc::new(LineIndex::new(&text)),
        text: Arc::new(text),
        summary,
        config: resolved.config.clone(),
    })
}

impl Backend {
    pub(super) fn index(&self) -> MutexGuard<'_, Index> {
        self.index.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// After a fresh analysis of an open document: keep its summary and run the cross-sheet rules again.
    /// Returns the other files whose cross-sheet diagnostics changed.
    /// Only the sheets inside the workspace folders take part: a file opened from elsewhere (or any file,
    /// when the editor opened no folder) is checked on its own.
    pub(super) fn note_analysis(&self, uri: &Uri, a: &Analysis) -> Vec<Uri> {
        let inside = self.lock().in_workspace(uri);
        let mut ix = self.index();
        ix.set(
            uri,
            a.text.clone(),
            Arc::new(a.index.clone()),
            a.summary.clone().filter(|_| inside),
            a.config.clone(),
        );
        let mut changed = ix.recompute();
        changed.retain(|u| u != uri);
        changed
    }

    /// What to publish for an analysis: its own diagnostics and the cross-sheet ones.
    pub(super) fn items(&self, uri: &Uri, a: &Analysis, enc: Encoding) -> Vec<Diagnostic> {
        let ix = self.index();
        convert::diagnostics(uri, a, &a.mapper(enc), ix.diagnostics(uri), &|f, span| {
            ix.location(f, span, enc)
        })
    }

    /// Publish again the open documents among `uris` (push), or ask the client to pull again.
    pub(super) async fn republish(&self, uris: Vec<Uri>) {
        if uris.is_empty() {
            return;
        }
        let (pull, refresh, enc, analyses) = {
            let st = self.lock();
            let analyses: Vec<(Uri, Arc<Analysis>)> = uris
                .iter()
                .filter_map(|u| {
                    let doc = st.docs.get(u)?;
                    let a = doc.analysis.as_ref().filter(|a| a.version == doc.version)?;
                    Some((u.clone(), a.clone()))
                })
                .collect();
            (st.pull, st.refresh_support, st.enc, analyses)
        };
        if pull {
            if refresh && !analyses.is_empty() {
                let client = self.client.clone();
                tokio::spawn(async move {
                    let _ = client.workspace_diagnostic_refresh().await;
                });
            }
            return;
        }
        for (uri, a) in analyses {
            let items = self.items(&uri, &a, enc);
            self.client
                .publish_diagnostics(uri, items, Some(a.version))
                .await;
        }
    }

    /// Read the sheets of the workspace folders in the background, with work-done progress
    /// (「シートを読み込み中 120/800」), then publish the open documents whose cross-sheet results changed.
    pub(super) fn queue_index(&self) {
        self.queue(|p| p.reindex = true);
    }

    /// Watched files changed: sheets are read again (or dropped); a config or form file reads everything
    /// again, cancelling an index already running.
    pub(super) fn queue_watched(&self, sheets: Vec<FileEvent>, configs_changed: bool) {
        self.queue(|p| {
            if configs_changed {
                p.reindex = true;
                p.reconfigure = true;
            }
            if p.reindex {
                p.files.clear();
            } else {
                p.files.extend(sheets.into_iter().map(|e| (e.uri, e.typ)));
            }
        });
    }

    fn pending(&self) -> MutexGuard<'_, Pending> {
        self.pending.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Record work under the pending lock, and start the task that applies it unless one is running.
    fn queue(&self, record: impl FnOnce(&mut Pending)) {
        let start = {
            let mut p = self.pending();
            record(&mut p);
            if p.reindex {
                // An index already running reads files that are about to be read again: it stops.
                self.index_generation.fetch_add(1, Ordering::SeqCst);
            }
            !std::mem::replace(&mut p.draining, true)
        };
        if start {
            let this = self.clone();
            tokio::spawn(async move { this.drain_pending().await });
        }
    }

    /// Apply what has gathered, again and again until nothing is left.
    async fn drain_pending(&self) {
        loop {
            let (files, reindex, reconfigure) = {
                let mut p = self.pending();
                if p.files.is_empty() && !p.reindex {
                    p.draining = false;
                    return;
                }
                (
                    std::mem::take(&mut p.files),
                    std::mem::take(&mut p.reindex),
                    std::mem::take(&mut p.reconfigure),
                )
            };
            if reconfigure {
                self.reconfigure_all();
            }
            if reindex {
                self.run_index().await;
            } else {
                let events = files
                    .into_iter()
                    .map(|(uri, typ)| FileEvent { uri, typ })
                    .collect();
                self.reindex_files(events).await;
            }
        }
    }

    async fn run_index(&self) {
        let generation = self.index_generation.load(Ordering::SeqCst);
        self.counters.index_runs.fetch_add(1, Ordering::Relaxed);
        let (roots, progress, builtins, form_override) = {
            let st = self.lock();
            (
                st.roots.clone(),
                st.progress_support,
                st.resolver.builtins.clone(),
                st.resolver.form_override.clone(),
            )
        };
        if roots.is_empty() {
            return;
        }
        let walk_builtins = builtins.clone();
        let walk_form = form_override.clone();
        let files = tokio::task::spawn_blocking(move || {
            let is_sheet = |text: &str| {
                hyoka_fs::walk::is_sheet_text(text, walk_form.as_deref(), &walk_builtins)
            };
            let mut files: Vec<PathBuf> = roots
                .iter()
                .flat_map(|r| hyoka_fs::walk::walk(r, &is_sheet).files)
                .collect();
            files.sort();
            files.dedup();
            files
        })
        .await
        .unwrap_or_default();
        let total = files.len();
        let token = NumberOrString::String("hyoka-index".into());
        let ongoing = if progress
            && self
                .client
                .create_work_done_progress(token.clone())
                .await
                .is_ok()
        {
            let message = ui(
                "lsp.server.index_progress",
                &[("done", &0), ("total", &total)],
            );
            let title = ui("lsp.server.index_title", &[]);
            Some(
                self.client
                    .progress(token, title)
                    .with_percentage(0)
                    .with_message(message)
                    .begin()
                    .await,
            )
        } else {
            None
        };
        let mut done = 0;
        // What this run may read in all (the sheets it reads replace those of earlier runs).
        let limit = hyoka_fs::read::total_limit();
        let mut used: u64 = 0;
        let mut over: Vec<PathBuf> = Vec::new();
        for batch in files.chunks(INDEX_BATCH) {
            if self.index_generation.load(Ordering::SeqCst) != generation {
                // Asked to start over (a config changed meanwhile): what was read is read again.
                self.counters
                    .index_cancelled
                    .fetch_add(1, Ordering::Relaxed);
                if let Some(p) = ongoing {
                    p.finish_with_message(ui("lsp.server.index_restarted", &[]))
                        .await;
                }
                return;
            }
            // Settings per folder, read as the documents' are (outside the lock).
            let plans: Vec<(PathBuf, super::super::settings::Plan)> = {
                let st = self.lock();
                let mut folders: Vec<PathBuf> =
                    batch.iter().map(|p| folder_key(p.parent())).collect();
                folders.sort();
                folders.dedup();
                folders
                    .into_iter()
                    .map(|f| {
                        let plan = st.resolver.index_plan(&f);
                        (f, plan)
                    })
                    .collect()
            };
            let mut batch = batch.to_vec();
            batch.retain(|p| {
                let size = std::fs::metadata(p).map_or(0, |m| m.len());
                if used.saturating_add(size) > limit {
                    over.push(p.clone());
                    return false;
                }
                used += size;
                true
            });
            let builtins = builtins.clone();
            let named = form_override.clone();
            let read = tokio::task::spawn_blocking(move || {
                let resolved: HashMap<PathBuf, Resolved> = plans
                    .into_iter()
                    .map(|(k, p)| (k, p.load().into_resolved()))
                    .collect();
                batch
                    .iter()
                    .filter_map(|p| {
                        let resolved = &resolved[&folder_key(p.parent())];
                        read_sheet(p, resolved, &builtins, named.as_deref())
                    })
                    .collect::<Vec<_>>()
            })
            .await
            .unwrap_or_default();
            done += INDEX_BATCH.min(total - done);
            {
                let open: HashSet<Uri> = self.lock().docs.keys().cloned().collect();
                let mut ix = self.index();
                for s in read {
                    // An open document's own analysis is newer than the file on disk.
                    if !open.contains(&s.uri) {
                        ix.set(&s.uri, s.text, s.index, s.summary, s.config);
                    }
                }
            }
            if let Some(p) = &ongoing {
                let message = ui(
                    "lsp.server.index_progress",
                    &[("done", &done), ("total", &total)],
                );
                let percent = (done * 100 / total.max(1)) as u32;
                p.report_with_message(message, percent).await;
            }
        }
        let (changed, count) = {
            // Open documents take part whatever the total (their entries come from the editor's text).
            let open: HashSet<Uri> = self.lock().docs.keys().cloned().collect();
            let mut ix = self.index();
            for p in &over {
                if let Some(uri) = Uri::from_file_path(p).filter(|u| !open.contains(u)) {
                    ix.remove(&uri);
                }
            }
            (ix.recompute(), ix.len())
        };
        if !over.is_empty() {
            // One message for them all: the editor must say that some sheets are not compared, and why.
            self.show_warning(ui(
                "lsp.server.index_over_total",
                &[
                    ("count", &over.len()),
                    ("limit", &hyoka_fs::read::human_size(limit)),
                ],
            ));
        }
        if let Some(p) = ongoing {
            let message = ui("lsp.server.index_done", &[("count", &count)]);
            p.finish_with_message(message).await;
        }
        self.republish(changed).await;
    }

    /// Sheets changed on disk: read again (unless open: the editor's text counts), or dropped when deleted.
    pub(super) async fn reindex_files(&self, changes: Vec<FileEvent>) {
        self.counters.file_updates.fetch_add(1, Ordering::Relaxed);
        let (plans, builtins, named) = {
            let st = self.lock();
            let plans: Vec<(FileEvent, super::super::settings::Plan)> = changes
                .into_iter()
                .filter(|c| !st.docs.contains_key(&c.uri) && st.in_workspace(&c.uri))
                .map(|c| {
                    let plan = st.resolver.index_plan(&folder_of(&c.uri));
                    (c, plan)
                })
                .collect();
            (
                plans,
                st.resolver.builtins.clone(),
                st.resolver.form_override.clone(),
            )
        };
        let read = tokio::task::spawn_blocking(move || {
            plans
                .into_iter()
                .map(|(c, plan)| {
                    let sheet = (c.typ != FileChangeType::DELETED)
                        .then(|| {
                            let path = c.uri.to_file_path()?.into_owned();
                            let resolved = plan.load().into_resolved();
                            read_sheet(&path, &resolved, &builtins, named.as_deref())
                        })
                        .flatten();
                    (c.uri, sheet)
                })
                .collect::<Vec<_>>()
        })
        .await
        .unwrap_or_default();
        let limit = hyoka_fs::read::total_limit();
        let (changed, over) = {
            let mut ix = self.index();
            let mut over = 0;
            for (uri, sheet) in read {
                match sheet {
                    Some(s) if ix.bytes_without(&uri) + s.text.len() as u64 <= limit => {
                        ix.set(&uri, s.text, s.index, s.summary, s.config)
                    }
                    Some(_) => {
                        over += 1;
                        ix.remove(&uri);
                    }
                    None => ix.remove(&uri),
                }
            }
            (ix.recompute(), over)
        };
        if over > 0 {
            self.show_warning(ui(
                "lsp.server.index_over_total",
                &[
                    ("count", &over),
                    ("limit", &hyoka_fs::read::human_size(limit)),
                ],
            ));
        }
        self.republish(changed).await;
    }
}
