//! Core types → LSP types.

use super::document::Analysis;
use super::position::Mapper;
use hyoka_core::query::{
    Action, ActionKind, Completion, CompletionKind, HoverInfo, InlayHint, Symbol,
    SymbolKind as Kind,
};
use hyoka_core::{Diagnostic, Fix, Severity};
use std::collections::HashMap;
use tower_lsp_server::ls_types::{self as lsp, SemanticTokenType, Uri};

/// Link to a rule's documentation, when Cargo.toml names the repository.
pub fn rule_doc_url(rule: &str) -> Option<Uri> {
    let repo = option_env!("CARGO_PKG_REPOSITORY").filter(|r| !r.is_empty())?;
    format!(
        "{}/blob/main/docs/rules.md#{rule}",
        repo.trim_end_matches('/')
    )
    .parse()
    .ok()
}

/// Where a related span in another file of the workspace is (the index knows its text).
pub type Elsewhere<'a> =
    &'a dyn Fn(hyoka_core::FileId, &std::ops::Range<usize>) -> Option<lsp::Location>;

pub fn diagnostic(uri: &Uri, m: &Mapper, d: &Diagnostic) -> lsp::Diagnostic {
    diagnostic_in(uri, m, d, &|_, _| None)
}

/// A diagnostic whose related spans may lie in other files (cross-sheet rules).
pub fn diagnostic_in(
    uri: &Uri,
    m: &Mapper,
    d: &Diagnostic,
    elsewhere: Elsewhere,
) -> lsp::Diagnostic {
    let severity = match d.severity {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
        Severity::Hint => lsp::DiagnosticSeverity::HINT,
    };
    let related = (!d.related.is_empty()).then(|| {
        d.related
            .iter()
            .filter_map(|r| {
                let location = match r.file {
                    Some(f) => elsewhere(f, &r.span)?,
                    None => lsp::Location {
                        uri: uri.clone(),
                        range: m.range(&r.span),
                    },
                };
                Some(lsp::DiagnosticRelatedInformation {
                    location,
                    message: r.message.clone(),
                })
            })
            .collect()
    });
    lsp::Diagnostic {
        range: m.range(&d.span),
        severity: Some(severity),
        code: Some(lsp::NumberOrString::String(d.rule.to_string())),
        code_description: rule_doc_url(d.rule).map(|href| lsp::CodeDescription { href }),
        source: Some("hyoka".into()),
        message: d.message.clone(),
        related_information: related,
        tags: None,
        data: None,
    }
}

/// Everything to publish for an analysis: the settings problem, or the rules' diagnostics, then the
/// cross-sheet ones (`cross`, their related spans found through `elsewhere`).
pub fn diagnostics(
    uri: &Uri,
    a: &Analysis,
    m: &Mapper,
    cross: &[Diagnostic],
    elsewhere: Elsewhere,
) -> Vec<lsp::Diagnostic> {
    let problem = a.problem.as_deref().map(|p| {
        // The whole first line (the sheet's title): the problem concerns the file, not a place in it, and a
        // zero-width range is hard to see in some clients. An empty first line gives 0:0–0:0.
        let first_line = 0..a.index.line_range(0).end;
        lsp::Diagnostic {
            range: m.range(&first_line),
            severity: Some(lsp::DiagnosticSeverity::ERROR),
            code: Some(lsp::NumberOrString::String(p.code.to_string())),
            code_description: None,
            source: Some("hyoka".into()),
            message: p.message.clone(),
            related_information: None,
            tags: None,
            data: None,
        }
    });
    problem
        .into_iter()
        .chain(a.diagnostics.iter().map(|d| diagnostic(uri, m, d)))
        .chain(cross.iter().map(|d| diagnostic_in(uri, m, d, elsewhere)))
        .collect()
}

pub fn workspace_edit(uri: &Uri, m: &Mapper, fix: &Fix) -> lsp::WorkspaceEdit {
    let edits = fix
        .edits
        .iter()
        .map(|e| lsp::TextEdit {
            range: m.range(&e.span),
            new_text: e.text.clone(),
        })
        .collect();
    lsp::WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..Default::default()
    }
}

#[allow(deprecated)]
pub fn symbol(m: &Mapper, s: &Symbol) -> lsp::DocumentSymbol {
    let kind = match s.kind {
        Kind::Title => lsp::SymbolKind::FILE,
        Kind::Section => lsp::SymbolKind::NAMESPACE,
        Kind::Field => lsp::SymbolKind::FIELD,
        Kind::Indicator => lsp::SymbolKind::NUMBER,
        Kind::Item => lsp::SymbolKind::CLASS,
        Kind::Table => lsp::SymbolKind::ARRAY,
    };
    lsp::DocumentSymbol {
        name: if s.name.trim().is_empty() {
            hyoka_core::messages::ui("lsp.server.untitled", &[])
        } else {
            s.name.clone()
        },
        detail: s.detail.clone(),
        kind,
        tags: None,
        deprecated: None,
        range: m.range(&s.range),
        selection_range: m.range(&s.selection),
        children: Some(s.children.iter().map(|c| symbol(m, c)).collect()),
    }
}

fn markdown(value: String) -> lsp::MarkupContent {
    lsp::MarkupContent {
        kind: lsp::MarkupKind::Markdown,
        value,
    }
}

pub fn hover(m: &Mapper, h: HoverInfo) -> lsp::Hover {
    lsp::Hover {
        contents: lsp::HoverContents::Markup(markdown(h.markdown)),
        range: Some(m.range(&h.span)),
    }
}

pub fn folding_range((start, end): (usize, usize)) -> lsp::FoldingRange {
    lsp::FoldingRange {
        start_line: start as u32,
        end_line: end as u32,
        kind: Some(lsp::FoldingRangeKind::Region),
        ..Default::default()
    }
}

pub fn inlay_hint(m: &Mapper, h: InlayHint) -> lsp::InlayHint {
    lsp::InlayHint {
        position: m.position(h.offset),
        label: lsp::InlayHintLabel::String(h.label),
        kind: None,
        text_edits: None,
        tooltip: None,
        padding_left: None,
        padding_right: None,
        data: None,
    }
}

pub fn completion_item(m: &Mapper, c: Completion) -> lsp::CompletionItem {
    lsp::CompletionItem {
        label: c.label.clone(),
        kind: Some(completion_kind(c.kind)),
        detail: c.detail,
        documentation: c
            .documentation
            .map(|d| lsp::Documentation::MarkupContent(markdown(d))),
        filter_text: Some(c.insert.clone()),
        text_edit: Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit {
            range: m.range(&c.replace),
            new_text: c.insert,
        })),
        ..Default::default()
    }
}

fn completion_kind(k: CompletionKind) -> lsp::CompletionItemKind {
    match k {
        CompletionKind::Field => lsp::CompletionItemKind::FIELD,
        CompletionKind::Option => lsp::CompletionItemKind::ENUM_MEMBER,
        CompletionKind::Viewpoint => lsp::CompletionItemKind::VALUE,
        CompletionKind::Block => lsp::CompletionItemKind::MODULE,
        CompletionKind::Snippet => lsp::CompletionItemKind::SNIPPET,
    }
}

pub fn action_kind(k: ActionKind) -> lsp::CodeActionKind {
    match k {
        ActionKind::QuickFix | ActionKind::Disable => lsp::CodeActionKind::QUICKFIX,
        ActionKind::Refactor => lsp::CodeActionKind::REFACTOR_REWRITE,
        ActionKind::FixAll => lsp::CodeActionKind::new("source.fixAll.hyoka"),
    }
}

pub fn code_action(uri: &Uri, m: &Mapper, a: &Analysis, x: &Action) -> lsp::CodeActionOrCommand {
    lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
        title: x.fix.title.clone(),
        kind: Some(action_kind(x.kind)),
        diagnostics: x
            .diagnostic
            .map(|i| vec![diagnostic(uri, m, &a.diagnostics[i])]),
        edit: Some(workspace_edit(uri, m, &x.fix)),
        // Only the actions that answer a diagnostic say whether they are preferred.
        is_preferred: x.diagnostic.map(|_| x.preferred),
        ..Default::default()
    })
}

const TOKEN_TYPES: [(hyoka_core::query::TokenType, SemanticTokenType); 6] = {
    use hyoka_core::query::TokenType as T;
    [
        (T::Heading, SemanticTokenType::NAMESPACE),
        (T::Block, SemanticTokenType::CLASS),
        (T::Label, SemanticTokenType::PROPERTY),
        (T::Mark, SemanticTokenType::OPERATOR),
        (T::Option, SemanticTokenType::ENUM_MEMBER),
        (T::Number, SemanticTokenType::NUMBER),
    ]
};

pub fn token_legend() -> lsp::SemanticTokensLegend {
    lsp::SemanticTokensLegend {
        token_types: TOKEN_TYPES.iter().map(|(_, t)| t.clone()).collect(),
        token_modifiers: vec![],
    }
}

/// Encode single-line tokens relative to each other, lengths in the client's encoding.
pub fn semantic_tokens(
    m: &Mapper,
    tokens: &[(std::ops::Range<usize>, hyoka_core::query::TokenType)],
) -> Vec<lsp::SemanticToken> {
    let mut out = Vec::with_capacity(tokens.len());
    let (mut line, mut col) = (0, 0);
    for (span, ty) in tokens {
        let a = m.position(span.start);
        let b = m.position(span.end);
        if b.line != a.line || b.character <= a.character {
            continue;
        }
        let delta_line = a.line - line;
        let delta_start = if delta_line == 0 {
            a.character - col
        } else {
            a.character
        };
        let token_type = TOKEN_TYPES.iter().position(|(t, _)| t == ty).unwrap_or(0) as u32;
        out.push(lsp::SemanticToken {
            delta_line,
            delta_start,
            length: b.character - a.character,
            token_type,
            token_modifiers_bitset: 0,
        });
        line = a.line;
        col = a.character;
    }
    out
}
