//! The LanguageServer implementation. Text-changing notifications mutate the store under a std mutex
//! before any `.await`; analysis runs on snapshots outside the lock; results carry their version and stale
//! ones are dropped. Requests to the client are spawned, never awaited inside a handler.

mod actions;
mod completion;
mod diagnostics;
mod lifecycle;
mod navigation;
mod sync;
mod workspace;

use super::convert;
use super::document::{Analysis, Document};
use super::position::Encoding;
use super::settings::{folder_key, ClientSettings, Plan, Resolved, Resolver};
use hyoka_core::messages::ui;
use hyoka_core::{messages, query, Config, Form};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

struct State {
    docs: HashMap<Uri, Document>,
    enc: Encoding,
    pull: bool,
    watch_dynamic: bool,
    refresh_support: bool,
    /// The client shows work-done progress (`window.workDoneProgress`).
    progress_support: bool,
    /// The workspace folders, whose sheets the index reads.
    roots: Vec<PathBuf>,
    resolver: Resolver,
}

/// Cheap to clone (handles only): background loads own one.
#[derive(Clone)]
pub struct Backend {
    client: Client,
    state: Arc<Mutex<State>>,
    /// Set by `shutdown`; the process exits 1 when `exit` comes without it (LSP).
    shut_down: Arc<std::sync::atomic::AtomicBool>,
    /// Woken whenever loaded settings are applied (requests on a pending document wait for it, briefly).
    settled: Arc<tokio::sync::Notify>,
    /// The workspace's sheets and their cross-sheet diagnostics (its own lock: never taken inside `state`'s).
    index: Arc<Mutex<crate::lsp::workspace::Index>>,
    /// Watched-file events not yet applied (its own lock, held only to record or take them).
    pending: Arc<Mutex<workspace::Pending>>,
    /// Bumped by every request to read the whole workspace again; a running index that sees it change stops.
    index_generation: Arc<std::sync::atomic::AtomicU64>,
    /// How much work the workspace did (tests read them).
    counters: Arc<workspace::Counters>,
}

/// How long a request on a document waits for its folder's settings. Bounded: a waiting handler holds one
/// of the framework's four request slots, so a few slow files must not stall the server.
const SETTLE_WAIT: std::time::Duration = std::time::Duration::from_secs(1);

impl State {
    /// Whether a file lies inside a workspace folder (only those sheets are compared with each other).
    fn in_workspace(&self, uri: &Uri) -> bool {
        uri.to_file_path()
            .is_some_and(|p| self.roots.iter().any(|r| p.starts_with(r)))
    }
}

fn folder_of(uri: &Uri) -> PathBuf {
    let dir = uri
        .to_file_path()
        .and_then(|p| p.parent().map(|d| d.to_path_buf()));
    folder_key(dir.as_deref())
}

impl Backend {
    #[cfg(test)]
    pub fn new(client: Client, form_override: Option<Arc<Form>>) -> Self {
        Self::with_shutdown_flag(client, form_override, Arc::default())
    }

    /// A server whose form files are read by `loader` (tests make it slow).
    #[cfg(test)]
    pub fn with_form_loader(client: Client, loader: super::settings::FormLoader) -> Self {
        let b = Self::new(client, None);
        b.lock().resolver.set_form_loader(loader);
        b
    }

    /// (index runs started, index runs cancelled, updates of changed files)
    #[cfg(test)]
    pub fn workspace_work(&self) -> (usize, usize, usize) {
        use std::sync::atomic::Ordering::Relaxed;
        let c = &self.counters;
        (
            c.index_runs.load(Relaxed),
            c.index_cancelled.load(Relaxed),
            c.file_updates.load(Relaxed),
        )
    }

    /// Whether no watched-file events wait to be applied.
    #[cfg(test)]
    pub fn workspace_idle(&self) -> bool {
        !self.pending.lock().unwrap().is_draining()
    }

    /// (cached folders, forms, folders with open documents, folders loading)
    #[cfg(test)]
    pub fn resolver_sizes(&self) -> (usize, usize, usize, usize) {
        self.lock().resolver.sizes()
    }

    pub fn with_shutdown_flag(
        client: Client,
        form_override: Option<Arc<Form>>,
        shut_down: Arc<std::sync::atomic::AtomicBool>,
    ) -> Self {
        let state = State {
            docs: HashMap::new(),
            enc: Encoding::Utf16,
            pull: false,
            watch_dynamic: false,
            refresh_support: false,
            progress_support: false,
            roots: Vec::new(),
            resolver: Resolver::new(form_override),
        };
        Backend {
            client,
            state: Arc::new(Mutex::new(state)),
            shut_down,
            settled: Arc::default(),
            index: Arc::default(),
            pending: Arc::default(),
            index_generation: Arc::default(),
            counters: Arc::default(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic elsewhere must not take the server down with a poisoned lock.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn log(&self, typ: MessageType, msg: String) {
        let client = self.client.clone();
        tokio::spawn(async move { client.log_message(typ, msg).await });
    }

    fn show_warning(&self, msg: String) {
        let client = self.client.clone();
        tokio::spawn(async move { client.show_message(MessageType::WARNING, msg).await });
    }

    fn show_error(&self, msg: String) {
        let client = self.client.clone();
        tokio::spawn(async move { client.show_message(MessageType::ERROR, msg).await });
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        self.on_initialize(params).await
    }

    async fn initialized(&self, params: InitializedParams) {
        self.on_initialized(params).await
    }

    async fn shutdown(&self) -> Result<()> {
        self.on_shutdown().await
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        self.on_did_open(params).await
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        self.on_did_change(params).await
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        self.on_did_close(params).await
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        self.on_did_change_configuration(params).await
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        self.on_did_change_watched_files(params).await
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        self.on_diagnostic(params).await
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        self.on_hover(params).await
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        self.on_document_symbol(params).await
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        self.on_folding_range(params).await
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        self.on_inlay_hint(params).await
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        self.on_semantic_tokens_full(params).await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        self.on_completion(params).await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        self.on_code_action(params).await
    }
}
