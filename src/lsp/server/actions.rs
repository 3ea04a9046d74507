//! Code actions: the core gathers them (query::code_actions); here they are filtered and converted.

use super::*;

impl Backend {
    pub(super) async fn on_code_action(
        &self,
        params: CodeActionParams,
    ) -> Result<Option<CodeActionResponse>> {
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
