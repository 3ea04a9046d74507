//! `hyoka lsp`: the language server, a thin layer over hyoka-core. Documents live in ropes with cached
//! per-line classification; each change reclassifies only the lines it touches, then the cheap structural
//! pass and the rules run on an immutable snapshot.

mod convert;
pub mod document;
pub mod position;
mod server;
mod settings;
mod transport;
mod workspace;

use std::process::ExitCode;

pub fn run(form: Option<String>) -> ExitCode {
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!(
                "hyoka lsp: {}",
                hyoka_core::messages::ui("lsp.server.runtime_failed", &[("error", &e)])
            );
            return ExitCode::from(2);
        }
    };
    let builtins = settings::builtin_forms();
    let form_override = match form
        .as_deref()
        .map(|f| hyoka_fs::settings::form_named(f, &builtins))
    {
        Some(Err(e)) => {
            eprintln!("hyoka lsp: {e}");
            return ExitCode::from(2);
        }
        Some(Ok(f)) => Some(f),
        None => None,
    };
    let shut_down = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = shut_down.clone();
    rt.block_on(async move {
        let (service, socket) = tower_lsp_server::LspService::new(|client| {
            server::Backend::with_shutdown_flag(client, form_override, flag)
        });
        // The service sees only checked frames (see transport.rs); its output passes through one writer.
        let (to_server, server_in) = tokio::io::duplex(1 << 20);
        let (server_out, from_server) = tokio::io::duplex(1 << 20);
        let (errors_tx, errors_rx) = tokio::sync::mpsc::unbounded_channel();
        let in_flight = transport::InFlight::default();
        tokio::spawn(transport::pump_input(
            tokio::io::stdin(),
            to_server,
            errors_tx,
            in_flight.clone(),
        ));
        let server = tokio::spawn(
            tower_lsp_server::Server::new(server_in, server_out, socket).serve(service),
        );
        transport::pump_output(from_server, tokio::io::stdout(), errors_rx, in_flight).await;
        let _ = server.await;
    });
    // Spawned client requests may still wait on a peer that is gone: do not wait for them.
    rt.shutdown_background();
    // LSP: exit status 0 after `shutdown`, 1 when the client left without it.
    if shut_down.load(std::sync::atomic::Ordering::SeqCst) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

#[cfg(test)]
mod tests;
