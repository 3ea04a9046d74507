pub fn run(_form: Option<std::path::PathBuf>) -> std::process::ExitCode { std::process::ExitCode::SUCCESS }
