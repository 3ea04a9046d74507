//! Editor queries on a parsed sheet, in byte offsets: hover, outline, folding, completion, assists, code
//! actions, inlay hints, semantic tokens. The language server only converts positions and types.

mod actions;
mod assists;
mod completion;
mod folding;
mod hover;
mod inlay_hints;
mod outline;
mod semantic_tokens;
mod skeleton;

pub use actions::{code_actions, Action, ActionKind};
pub use assists::assists;
pub use completion::{complete, Completion, CompletionKind};
pub use folding::folding;
pub use hover::{field_markdown, hover, HoverInfo};
pub use inlay_hints::{inlay_hints, InlayHint};
pub use outline::{outline, Symbol, SymbolKind};
pub use semantic_tokens::{semantic_tokens, TokenType};
pub use skeleton::skeleton;

use crate::messages::{template, Language};
use crate::model::Span;

/// Whether two spans meet (touching ends count): a request's range and a diagnostic or a checkbox.
fn touches(a: &Span, b: &Span) -> bool {
    a.start <= b.end && b.start <= a.end
}

/// 必須 or 任意.
fn required_word(required: bool) -> &'static str {
    if required {
        template(Language::Japanese, "query.common.required")
    } else {
        template(Language::Japanese, "query.common.optional")
    }
}
