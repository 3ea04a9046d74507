//! `hyoka lsp`: the language server, a thin layer over hyoka-core. Documents live in ropes with cached
//! per-line classification; each change reclassifies only the lines it touches, then the cheap structural
//! pass and the rules run on an immutable snapshot.

mod convert;
mod document;
mod position;
mod server;
mod settings;

use std::path::PathBuf;
use std::process::ExitCode;


pub fn run(form: Option<PathBuf>) -> ExitCode {
    let rt = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("hyoka lsp: 非同期ランタイムを起動できません: {e}");
            return ExitCode::from(2);
        }
    };
    let form_override = match form.as_deref().map(settings::load_form) {
        Some(Err(e)) => {
            eprintln!("hyoka lsp: {e}");
            return ExitCode::from(2);
        }
        Some(Ok(f)) => Some(f),
        None => None,
    };
    rt.block_on(async move {
        let (service, socket) = tower_lsp_server::LspService::new(|client| server::Backend::new(client, form_override));
        tower_lsp_server::Server::new(tokio::io::stdin(), tokio::io::stdout(), socket).serve(service).await;
    });
    // Spawned client requests may still wait on a peer that is gone: do not wait for them.
    rt.shutdown_background();
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests;
