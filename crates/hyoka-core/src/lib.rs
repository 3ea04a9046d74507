//! hyoka-core: the pure core of hyoka. Text → classified lines (with byte spans) → typed sheet → rules →
//! diagnostics. Knows nothing of LSP, async runtimes or terminals.
#![forbid(unsafe_code)]

pub mod config;
pub mod diagnostics;
pub mod form;
pub mod messages;
pub mod model;
pub mod query;
pub mod rules;
pub mod syntax;
pub mod text;

pub use config::Config;
pub use diagnostics::{Diagnostic, Edit, FileId, Fix, Severity};
pub use form::Form;
pub use model::Sheet;

/// Parse and lint a whole text.
pub fn check(src: &str, form: &Form, config: &Config) -> (Sheet, Vec<Diagnostic>) {
    let (_, sheet) = model::parse(src, form);
    let diags = rules::run(src, &sheet, form, &config.rules);
    (sheet, diags)
}

/// Read a parsed sheet's summary for the cross-sheet rules and reports (`rules::workspace`).
pub fn summarize(src: &str, sheet: &Sheet, form: &Form, file: FileId) -> rules::workspace::Summary {
    rules::workspace::Summary::read(&rules::Ctx::new(src, sheet, form), file)
}
