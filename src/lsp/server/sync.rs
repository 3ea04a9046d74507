//! Document sync and settings: open, change, close, configuration and watched files; settings are loaded off the lock.

use super::*;

impl Backend {
    /// Wait (at most [`SETTLE_WAIT`]) for the settings of `uri`'s folder; false if they are still loading.
    pub(super) async fn settled(&self, uri: &Uri) -> bool {
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

    /// Re-resolve settings for every open document and re-analyse them (in the background).
    pub(super) fn reconfigure_all(&self) {
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
    pub(super) fn load_in_background(&self, plans: Vec<Plan>, full: Option<u64>) {
        let this = self.clone();
        tokio::spawn(async move { this.load_and_apply(plans, full).await });
    }

    /// Read the folders' settings on a blocking thread, outside the lock (a slow or hostile file must not
    /// stall the server), then apply them to the folders' open documents and publish. `full`: the generation
    /// of a reload of every folder, after which the client is asked to pull again.
    pub(super) async fn load_and_apply(&self, plans: Vec<Plan>, full: Option<u64>) {
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
                    let builtins = st.resolver.builtins.clone();
                    for (uri, doc) in st.docs.iter_mut() {
                        if let Some(r) = applied.get(&doc.folder) {
                            repull |= doc.pulled_while_pending;
                            doc.settle(r, &builtins);
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

    pub(super) async fn on_did_open(&self, params: DidOpenTextDocumentParams) {
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
                    doc.settle(&r, &st.resolver.builtins);
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

    pub(super) async fn on_did_change(&self, params: DidChangeTextDocumentParams) {
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

    pub(super) async fn on_did_close(&self, params: DidCloseTextDocumentParams) {
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
            self.client
                .publish_diagnostics(uri.clone(), vec![], None)
                .await;
        }
        if removed {
            // The file on disk counts again (an unsaved edit no longer does); a document that is no file
            // leaves the workspace.
            let event = FileEvent {
                uri,
                typ: FileChangeType::CHANGED,
            };
            self.reindex_files(vec![event]).await;
        }
    }

    pub(super) async fn on_did_change_configuration(&self, params: DidChangeConfigurationParams) {
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

    pub(super) async fn on_did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let (configs, sheets): (Vec<FileEvent>, Vec<FileEvent>) = params
            .changes
            .into_iter()
            .partition(|c| c.uri.as_str().ends_with(".toml"));
        // The settings of any folder may have changed: documents and the index are read again.
        self.queue_watched(sheets, !configs.is_empty());
    }
}
