//! The LanguageServer implementation. Text-changing notifications mutate the store under a std mutex
//! before any `.await`; analysis runs on snapshots outside the lock; results carry their version and stale
//! ones are dropped. Requests to the client are spawned, never awaited inside a handler.

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
}

/// How long a request on a document waits for its folder's settings. Bounded: a waiting handler holds one
/// of the framework's four request slots, so a few slow files must not stall the server.
const SETTLE_WAIT: std::time::Duration = std::time::Duration::from_secs(1);

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
            resolver: Resolver::new(form_override),
        };
        Backend {
            client,
            state: Arc::new(Mutex::new(state)),
            shut_down,
            settled: Arc::default(),
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

    fn show_error(&self, msg: String) {
        let client = self.client.clone();
        tokio::spawn(async move { client.show_message(MessageType::ERROR, msg).await });
    }

    /// Analyse the current version of `uri` (outside the lock), store it unless stale, and publish in push mode.
    async fn analyse_and_publish(&self, uri: Uri) {
        // While its settings load, a document is not published (the load publishes it).
        let Some(snapshot) = self
            .lock()
            .docs
            .get(&uri)
            .filter(|d| !d.pending)
            .map(Document::snapshot)
        else {
            return;
        };
        let analysis = Arc::new(snapshot.analyse());
        let publish = {
            let mut st = self.lock();
            let enc = st.enc;
            let pull = st.pull;
            match st.docs.get_mut(&uri) {
                Some(doc) if doc.version == analysis.version => {
                    doc.analysis = Some(analysis.clone());
                    (!pull).then(|| convert::diagnostics(&uri, &analysis, &analysis.mapper(enc)))
                }
                _ => None, // closed or edited since: a newer run publishes
            }
        };
        if let Some(diags) = publish {
            self.client
                .publish_diagnostics(uri, diags, Some(analysis.version))
                .await;
        }
    }

    /// Wait (at most [`SETTLE_WAIT`]) for the settings of `uri`'s folder; false if they are still loading.
    async fn settled(&self, uri: &Uri) -> bool {
        let wait = async {
            loop {
                let notified = self.settled.notified();
                tokio::pin!(notified);
                // Registered before the check, so an apply between the check and the await is not missed.
                notified.as_mut().enable();
                if !self.lock().docs.get(uri).is_some_and(|d| d.pending) {
                    return;
                }
                notified.await;
            }
        };
        tokio::time::timeout(SETTLE_WAIT, wait).await.is_ok()
    }

    /// The analysis of the document's current version (computed now if the stored one is stale). A document
    /// whose settings are still loading after [`SETTLE_WAIT`] is answered with the built-in form.
    async fn analysis(&self, uri: &Uri) -> Option<(Arc<Analysis>, Encoding)> {
        self.settled(uri).await;
        self.analysis_now(uri)
    }

    fn analysis_now(&self, uri: &Uri) -> Option<(Arc<Analysis>, Encoding)> {
        let (snapshot, enc) = {
            let st = self.lock();
            let doc = st.docs.get(uri)?;
            if let Some(a) = doc.analysis.as_ref().filter(|a| a.version == doc.version) {
                return Some((a.clone(), st.enc));
            }
            (doc.snapshot(), st.enc)
        };
        let a = Arc::new(snapshot.analyse());
        let mut st = self.lock();
        if let Some(doc) = st.docs.get_mut(uri) {
            if doc.version == a.version {
                doc.analysis = Some(a.clone());
            }
        }
        Some((a, enc))
    }

    /// Re-resolve settings for every open document and re-analyse them (in the background).
    fn reconfigure_all(&self) {
        let (plans, generation) = {
            let mut st = self.lock();
            st.resolver.invalidate();
            let folders: HashSet<PathBuf> = st.docs.values().map(|d| d.folder.clone()).collect();
            let plans: Vec<Plan> = folders.iter().filter_map(|f| st.resolver.plan(f)).collect();
            (plans, st.resolver.generation())
        };
        self.load_in_background(plans, Some(generation));
    }

    /// Run [`Self::load_and_apply`] in its own task: the handler that asked returns at once.
    fn load_in_background(&self, plans: Vec<Plan>, full: Option<u64>) {
        let this = self.clone();
        tokio::spawn(async move { this.load_and_apply(plans, full).await });
    }

    /// Read the folders' settings on a blocking thread, outside the lock (a slow or hostile file must not
    /// stall the server), then apply them to the folders' open documents and publish. `full`: the generation
    /// of a reload of every folder, after which the client is asked to pull again.
    async fn load_and_apply(&self, plans: Vec<Plan>, full: Option<u64>) {
        let keys: Vec<PathBuf> = plans.iter().map(|p| p.key().to_path_buf()).collect();
        let loaded = tokio::task::spawn_blocking(move || {
            plans.into_iter().map(Plan::load).collect::<Vec<_>>()
        })
        .await;
        let (mut logs, mut shows, mut touched) = (Vec::new(), Vec::new(), Vec::new());
        let mut repull = false;
        let (pull, refresh) = {
            let mut st = self.lock();
            match loaded {
                Ok(loaded) => {
                    let mut applied: HashMap<PathBuf, Resolved> = HashMap::new();
                    for mut l in loaded {
                        logs.append(&mut l.logs);
                        let key = l.key.clone();
                        if let Some(r) = st.resolver.store(l) {
                            if let Some(p) = &r.problem {
                                if st.resolver.first_showing(p) {
                                    shows.push(messages::ui(
                                        "lsp.settings.error",
                                        &[("error", &p.message)],
                                    ));
                                }
                            }
                            applied.insert(key, r);
                        }
                    }
                    for (uri, doc) in st.docs.iter_mut() {
                        if let Some(r) = applied.get(&doc.folder) {
                            repull |= doc.pulled_while_pending;
                            doc.settle(r);
                            touched.push(uri.clone());
                        }
                    }
                }
                Err(e) => {
                    // A load panicked: the folder's documents keep the built-in form rather than wait forever.
                    logs.push(messages::ui("lsp.log.load_failed", &[("error", &e)]));
                    for k in &keys {
                        st.resolver.abandon(k);
                    }
                    for (uri, doc) in st.docs.iter_mut() {
                        if doc.pending && keys.contains(&doc.folder) {
                            repull |= doc.pulled_while_pending;
                            doc.pending = false;
                            doc.pulled_while_pending = false;
                            touched.push(uri.clone());
                        }
                    }
                }
            }
            let current = full.is_some_and(|g| g == st.resolver.generation());
            if current {
                st.resolver.forget_settled_problems();
            }
            (st.pull, (current || repull) && st.refresh_support)
        };
        self.settled.notify_waiters();
        for l in logs {
            self.log(MessageType::WARNING, l);
        }
        for m in shows {
            self.show_error(m);
        }
        if pull {
            // After a reload, or when a document was pulled (empty) while its settings loaded.
            if refresh {
                let client = self.client.clone();
                tokio::spawn(async move {
                    let _ = client.workspace_diagnostic_refresh().await;
                });
            }
        } else {
            for uri in touched {
                self.analyse_and_publish(uri).await;
            }
        }
    }

    fn register_watcher(&self) {
        let client = self.client.clone();
        tokio::spawn(async move {
            let opts = DidChangeWatchedFilesRegistrationOptions {
                watchers: vec![FileSystemWatcher {
                    glob_pattern: GlobPattern::String("**/*.toml".into()),
                    kind: None,
                }],
            };
            let reg = Registration {
                id: "hyoka-config-watcher".into(),
                method: "workspace/didChangeWatchedFiles".into(),
                register_options: serde_json::to_value(opts).ok(),
            };
            if let Err(e) = client.register_capability(vec![reg]).await {
                let message = ui("lsp.server.watch_failed", &[("error", &e)]);
                client.log_message(MessageType::WARNING, message).await;
            }
        });
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let caps = &params.capabilities;
        let enc = Encoding::negotiate(
            caps.general
                .as_ref()
                .and_then(|g| g.position_encodings.as_deref()),
        );
        let watch_dynamic = caps
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false);
        let refresh_support = caps
            .workspace
            .as_ref()
            .and_then(|w| w.diagnostics.as_ref())
            .and_then(|d| d.refresh_support)
            .unwrap_or(false);
        // Pull only when the client can also be told to pull again (after a settings or hyoka.toml change);
        // otherwise its diagnostics would go stale, so push instead.
        let pull = refresh_support
            && caps
                .text_document
                .as_ref()
                .and_then(|t| t.diagnostic.as_ref())
                .is_some();
        let mut complaints = Vec::new();
        {
            let mut st = self.lock();
            st.enc = enc;
            st.pull = pull;
            st.watch_dynamic = watch_dynamic;
            st.refresh_support = refresh_support;
            if let Some(opts) = &params.initialization_options {
                let (s, bad) = ClientSettings::from_json(opts);
                st.resolver.client = s;
                complaints = bad;
            }
        }
        for c in complaints {
            self.log(MessageType::WARNING, format!("initializationOptions: {c}"));
        }
        let diagnostic_provider = pull.then(|| {
            DiagnosticServerCapabilities::Options(DiagnosticOptions {
                identifier: Some("hyoka".into()),
                inter_file_dependencies: false,
                workspace_diagnostics: false,
                work_done_progress_options: Default::default(),
            })
        });
        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(enc.kind()),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        ..Default::default()
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                document_symbol_provider: Some(OneOf::Left(true)),
                folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![
                            CodeActionKind::QUICKFIX,
                            CodeActionKind::REFACTOR_REWRITE,
                            CodeActionKind::new("source.fixAll.hyoka"),
                        ]),
                        ..Default::default()
                    },
                )),
                completion_provider: Some(CompletionOptions {
                    trigger_characters: Some(
                        ["：", ":", "□", "■", " ", "　"].map(String::from).to_vec(),
                    ),
                    ..Default::default()
                }),
                diagnostic_provider,
                inlay_hint_provider: Some(OneOf::Left(true)),
                semantic_tokens_provider: Some(
                    SemanticTokensServerCapabilities::SemanticTokensOptions(
                        SemanticTokensOptions {
                            legend: convert::token_legend(),
                            full: Some(SemanticTokensFullOptions::Bool(true)),
                            range: None,
                            work_done_progress_options: Default::default(),
                        },
                    ),
                ),
                ..Default::default()
            },
            server_info: Some(ServerInfo {
                name: "hyoka".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        if self.lock().watch_dynamic {
            self.register_watcher();
        }
        self.log(
            MessageType::INFO,
            ui(
                "lsp.server.started",
                &[("version", &env!("CARGO_PKG_VERSION"))],
            ),
        );
    }

    async fn shutdown(&self) -> Result<()> {
        self.shut_down
            .store(true, std::sync::atomic::Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let uri = params.text_document.uri;
        let folder = folder_of(&uri);
        // The document is stored before any await (a change may follow at once); unknown settings are loaded
        // afterwards, outside the lock, and the document waits for them as `pending`.
        let plan = {
            let mut st = self.lock();
            let cached = st.resolver.cached(&folder);
            let (form, config) = match &cached {
                Some(r) => (r.form.clone(), r.config.clone()),
                None => (st.resolver.builtin.clone(), Arc::new(Config::default())),
            };
            let mut doc = Document::new(
                &params.text_document.text,
                params.text_document.version,
                form,
                config,
            );
            doc.folder = folder.clone();
            let plan = match cached {
                Some(r) => {
                    doc.problem = r.problem;
                    None
                }
                None => {
                    doc.pending = true;
                    st.resolver.plan(&folder)
                }
            };
            if st.docs.insert(uri.clone(), doc).is_none() {
                st.resolver.open(&folder);
            }
            plan
        };
        match plan {
            Some(plan) => self.load_in_background(vec![plan], None),
            // Cached, or pending on another document's load (which publishes this one too).
            None => self.analyse_and_publish(uri).await,
        }
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let version = params.text_document.version;
        let problem = {
            let mut st = self.lock();
            let enc = st.enc;
            match st.docs.get_mut(&uri) {
                None => Some(ui("lsp.server.change_to_closed", &[("uri", &uri.as_str())])),
                Some(doc) => {
                    let old = doc.version;
                    let backwards = version <= old;
                    for change in &params.content_changes {
                        doc.apply(change, enc);
                    }
                    doc.version = version;
                    doc.analysis = None;
                    backwards.then(|| {
                        ui(
                            "lsp.server.version_backwards",
                            &[("uri", &uri.as_str()), ("old", &old), ("new", &version)],
                        )
                    })
                }
            }
        };
        if let Some(p) = problem {
            self.log(MessageType::WARNING, p);
            if !self.lock().docs.contains_key(&uri) {
                return;
            }
        }
        self.analyse_and_publish(uri).await;
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let (removed, pull) = {
            let mut st = self.lock();
            let removed = st.docs.remove(&uri);
            if let Some(doc) = &removed {
                st.resolver.close(&doc.folder);
            }
            (removed, st.pull)
        };
        if removed.as_ref().is_some_and(|d| d.pending) {
            self.settled.notify_waiters(); // requests waiting on it answer now
        }
        let removed = removed.is_some();
        if removed && !pull {
            self.client.publish_diagnostics(uri, vec![], None).await;
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let (s, bad) = ClientSettings::from_json(&params.settings);
        self.lock().resolver.client = s;
        for c in bad {
            self.log(
                MessageType::WARNING,
                ui("lsp.server.client_setting", &[("problem", &c)]),
            );
        }
        self.reconfigure_all();
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        if params
            .changes
            .iter()
            .any(|c| c.uri.as_str().ends_with(".toml"))
        {
            self.reconfigure_all();
        }
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let uri = params.text_document.uri;
        let pending = !self.settled(&uri).await
            && match self.lock().docs.get_mut(&uri) {
                Some(doc) if doc.pending => {
                    // Empty for now: the client is asked to pull again once the settings are known.
                    doc.pulled_while_pending = true;
                    true
                }
                _ => false,
            };
        let analysis = if pending {
            None
        } else {
            self.analysis_now(&uri)
        };
        let items = match analysis {
            Some((a, enc)) => convert::diagnostics(&uri, &a, &a.mapper(enc)),
            None => vec![],
        };
        Ok(DocumentDiagnosticReportResult::Report(
            DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                    result_id: None,
                    items,
                },
            }),
        ))
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let p = params.text_document_position_params;
        let Some((a, enc)) = self.analysis(&p.text_document.uri).await else {
            return Ok(None);
        };
        let m = a.mapper(enc);
        let offset = m.offset(p.position);
        Ok(
            query::hover(&a.text, &a.sheet, &a.form, offset).map(|h| Hover {
                contents: HoverContents::Markup(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value: h.markdown,
                }),
                range: Some(m.range(&h.span)),
            }),
        )
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let Some((a, enc)) = self.analysis(&params.text_document.uri).await else {
            return Ok(None);
        };
        let m = a.mapper(enc);
        let syms = query::outline(&a.text, &a.sheet, &a.form);
        Ok(Some(DocumentSymbolResponse::Nested(
            syms.iter().map(|s| convert::symbol(&m, s)).collect(),
        )))
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        let Some((a, _)) = self.analysis(&params.text_document.uri).await else {
            return Ok(None);
        };
        Ok(Some(
            query::folding(&a.text, &a.sheet, &a.form)
                .into_iter()
                .map(|(s, e)| FoldingRange {
                    start_line: s as u32,
                    end_line: e as u32,
                    kind: Some(FoldingRangeKind::Region),
                    ..Default::default()
                })
                .collect(),
        ))
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let p = params.text_document_position;
        let Some((a, enc)) = self.analysis(&p.text_document.uri).await else {
            return Ok(None);
        };
        let m = a.mapper(enc);
        let offset = m.offset(p.position);
        let items = query::complete(
            &a.text,
            &a.sheet,
            &a.form,
            offset,
            hyoka_fs::clock::evaluated_fiscal_year_now(),
        )
        .into_iter()
        .map(|c| CompletionItem {
            label: c.label.clone(),
            kind: Some(convert::completion_kind(c.kind)),
            detail: c.detail,
            documentation: c.documentation.map(|d| {
                Documentation::MarkupContent(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value: d,
                })
            }),
            filter_text: Some(c.insert.clone()),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                range: m.range(&c.replace),
                new_text: c.insert,
            })),
            ..Default::default()
        })
        .collect();
        Ok(Some(CompletionResponse::Array(items)))
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let Some((a, enc)) = self.analysis(&params.text_document.uri).await else {
            return Ok(None);
        };
        let m = a.mapper(enc);
        let range = m.offset(params.range.start)..m.offset(params.range.end);
        Ok(Some(
            query::inlay_hints(&a.text, &a.sheet, &a.form)
                .into_iter()
                .filter(|h| range.start <= h.offset && h.offset <= range.end)
                .map(|h| InlayHint {
                    position: m.position(h.offset),
                    label: InlayHintLabel::String(h.label),
                    kind: None,
                    text_edits: None,
                    tooltip: None,
                    padding_left: None,
                    padding_right: None,
                    data: None,
                })
                .collect(),
        ))
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        let Some((a, enc)) = self.analysis(&params.text_document.uri).await else {
            return Ok(None);
        };
        let m = a.mapper(enc);
        let tokens = query::semantic_tokens(&a.text, &a.sheet, &a.form);
        Ok(Some(SemanticTokensResult::Tokens(SemanticTokens {
            result_id: None,
            data: convert::semantic_tokens(&m, &tokens),
        })))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri;
        let Some((a, enc)) = self.analysis(&uri).await else {
            return Ok(None);
        };
        let m = a.mapper(enc);
        let span = m.offset(params.range.start)..m.offset(params.range.end);
        let only = params.context.only.as_ref();
        let wanted = |k: query::ActionKind| match only {
            // Fix-all only when asked for by kind, never with a plain request's quick fixes.
            None => k != query::ActionKind::FixAll,
            Some(o) => {
                let kind = convert::action_kind(k);
                o.iter().any(|x| kind.as_str().starts_with(x.as_str()))
            }
        };
        let actions = query::code_actions(&a.text, &a.sheet, &a.form, &a.diagnostics, span, wanted);
        let out = actions
            .iter()
            .map(|x| convert::code_action(&uri, &m, &a, x))
            .collect();
        Ok(Some(out))
    }
}
