//! The front-ends of hyoka over `hyoka-core`: the command line (`cli`) and the language server (`lsp`).
//! A library so benches and fuzz targets can drive them; `main.rs` only parses arguments.
#![forbid(unsafe_code)]

pub mod cli;
pub mod lsp;
