//! Diagnostics: pushed after each analysis, or pulled.

use super::*;

impl Backend {
    /// Analyse the current version of `uri` (outside the lock), store it unless stale, and publish in push mode.
    pub(super) async fn analyse_and_publish(&self, uri: Uri) {
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
        let current = {
            let mut st = self.lock();
            let (enc, pull) = (st.enc, st.pull);
            match st.docs.get_mut(&uri) {
                Some(doc) if doc.version == analysis.version => {
                    doc.analysis = Some(analysis.clone());
                    Some((enc, pull))
                }
                _ => None, // closed or edited since: a newer run publishes
            }
        };
        let Some((enc, pull)) = current else {
            return;
        };
        let others = self.note_analysis(&uri, &analysis);
        if !pull {
            let diags = self.items(&uri, &analysis, enc);
            self.client
                .publish_diagnostics(uri, diags, Some(analysis.version))
                .await;
        }
        self.republish(others).await;
    }

    /// The analysis of the document's current version (computed now if the stored one is stale). A document
    /// whose settings are still loading after [`SETTLE_WAIT`] is answered with the built-in form.
    pub(super) async fn analysis(&self, uri: &Uri) -> Option<(Arc<Analysis>, Encoding)> {
        self.settled(uri).await;
        self.analysis_now(uri)
    }

    pub(super) fn analysis_now(&self, uri: &Uri) -> Option<(Arc<Analysis>, Encoding)> {
        let (snapshot, enc) = {
            let st = self.lock();
            let doc = st.docs.get(uri)?;
            if let Some(a) = doc.analysis.as_ref().filter(|a| a.version == doc.version) {
                return Some((a.clone(), st.enc));
            }
            (doc.snapshot(), st.enc)
        };
        let a = Arc::new(snapshot.analyse());
        let stored = {
            let mut st = self.lock();
            match st.docs.get_mut(uri) {
                Some(doc) if doc.version == a.version => {
                    doc.analysis = Some(a.clone());
                    true
                }
                _ => false,
            }
        };
        if stored {
            let others = self.note_analysis(uri, &a);
            if !others.is_empty() {
                let this = self.clone();
                tokio::spawn(async move { this.republish(others).await });
            }
        }
        Some((a, enc))
    }

    pub(super) async fn on_diagnostic(
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
            Some((a, enc)) => self.items(&uri, &a, enc),
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
}
