//! Completion: labels, options, viewpoints, the new-sheet skeleton.

use super::*;

impl Backend {
    pub(super) async fn on_completion(
        &self,
        params: CompletionParams,
    ) -> Result<Option<CompletionResponse>> {
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
        .map(|c| convert::completion_item(&m, c))
        .collect();
        Ok(Some(CompletionResponse::Array(items)))
    }
}
