//! Navigation: hover, outline, folding, inlay hints, semantic tokens.

use super::*;

impl Backend {
    pub(super) async fn on_hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let p = params.text_document_position_params;
        let Some((a, enc)) = self.analysis(&p.text_document.uri).await else {
            return Ok(None);
        };
        let m = a.mapper(enc);
        let offset = m.offset(p.position);
        Ok(query::hover(&a.text, &a.sheet, &a.form, offset).map(|h| convert::hover(&m, h)))
    }

    pub(super) async fn on_document_symbol(
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

    pub(super) async fn on_folding_range(
        &self,
        params: FoldingRangeParams,
    ) -> Result<Option<Vec<FoldingRange>>> {
        let Some((a, _)) = self.analysis(&params.text_document.uri).await else {
            return Ok(None);
        };
        Ok(Some(
            query::folding(&a.text, &a.sheet, &a.form)
                .into_iter()
                .map(convert::folding_range)
                .collect(),
        ))
    }

    pub(super) async fn on_inlay_hint(
        &self,
        params: InlayHintParams,
    ) -> Result<Option<Vec<InlayHint>>> {
        let Some((a, enc)) = self.analysis(&params.text_document.uri).await else {
            return Ok(None);
        };
        let m = a.mapper(enc);
        let range = m.offset(params.range.start)..m.offset(params.range.end);
        Ok(Some(
            query::inlay_hints(&a.text, &a.sheet, &a.form)
                .into_iter()
                .filter(|h| range.start <= h.offset && h.offset <= range.end)
                .map(|h| convert::inlay_hint(&m, h))
                .collect(),
        ))
    }

    pub(super) async fn on_semantic_tokens_full(
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
}
