//! Initialisation and shutdown: capabilities, the config watcher.

use super::*;

impl Backend {
    pub(super) fn register_watcher(&self) {
        let client = self.client.clone();
        tokio::spawn(async move {
            let opts = DidChangeWatchedFilesRegistrationOptions {
                // Config and form files, and the sheets the workspace index reads.
                watchers: ["**/*.toml", "**/*.hyoka", "**/*.txt"]
                    .into_iter()
                    .map(|glob| FileSystemWatcher {
                        glob_pattern: GlobPattern::String(glob.into()),
                        kind: None,
                    })
                    .collect(),
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

    pub(super) async fn on_initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
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
        let progress_support = caps
            .window
            .as_ref()
            .and_then(|w| w.work_done_progress)
            .unwrap_or(false);
        #[allow(deprecated)]
        let roots: Vec<PathBuf> = match &params.workspace_folders {
            Some(folders) => folders
                .iter()
                .filter_map(|f| f.uri.to_file_path().map(|p| p.into_owned()))
                .collect(),
            None => params
                .root_uri
                .as_ref()
                .and_then(|u| u.to_file_path().map(|p| p.into_owned()))
                .into_iter()
                .collect(),
        };
        let mut complaints = Vec::new();
        let triggers;
        {
            let mut st = self.lock();
            triggers = trigger_characters(&st.resolver.builtin);
            st.enc = enc;
            st.pull = pull;
            st.watch_dynamic = watch_dynamic;
            st.refresh_support = refresh_support;
            st.progress_support = progress_support;
            st.roots = roots;
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
                // Cross-sheet rules: an edit here can change another sheet's diagnostics.
                inter_file_dependencies: true,
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
                    trigger_characters: Some(triggers),
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

    pub(super) async fn on_initialized(&self, _: InitializedParams) {
        if self.lock().watch_dynamic {
            self.register_watcher();
        }
        self.queue_index();
        self.log(
            MessageType::INFO,
            ui(
                "lsp.server.started",
                &[("version", &env!("CARGO_PKG_VERSION"))],
            ),
        );
    }

    pub(super) async fn on_shutdown(&self) -> Result<()> {
        self.shut_down
            .store(true, std::sync::atomic::Ordering::SeqCst);
        Ok(())
    }
}

/// Completion triggers: after a label's colon (options), a checkbox mark (viewpoints) or a space. The
/// capability is announced once, before any setting is read, so the built-in form's signs are used.
fn trigger_characters(form: &hyoka_core::Form) -> Vec<String> {
    let mut out = vec![":".to_string(), " ".to_string()];
    let f = &form.format;
    let marks = f.unticked.iter().chain(&f.ticked);
    let singles = [&f.label_separator, &f.indent].into_iter().chain(marks);
    for s in singles.filter(|s| s.chars().count() == 1) {
        if !out.contains(s) {
            out.push(s.clone());
        }
    }
    out
}
