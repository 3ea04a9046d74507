//! The command-line front-end: `check`, `report`, `explain`, `rules`, `form`.

pub mod args;
pub mod check;
pub mod form;
pub mod locale;
mod output;
pub mod report;

pub use check::CheckArgs;

use hyoka_core::messages::Language;
use hyoka_core::rules::{self, Rule};
use std::process::ExitCode;

pub fn explain(id: &str) -> ExitCode {
    match rules::find(id) {
        Some(r) => {
            println!(
                "{} ({})\n\n{}\n\n{}",
                r.id,
                r.severity.as_str(),
                r.summary(),
                r.doc()
            );
            ExitCode::SUCCESS
        }
        None => {
            eprintln!(
                "hyoka: {}",
                hyoka_core::messages::ui("cli.check.unknown_rule", &[("rule", &id)])
            );
            ExitCode::from(2)
        }
    }
}

pub fn rules(markdown: bool) -> ExitCode {
    use std::io::Write;
    let text = if markdown {
        rules_markdown()
    } else {
        rules::ALL
            .iter()
            .map(|r| format!("{:<28} {:<8} {}\n", r.id, r.severity.as_str(), r.summary()))
            .collect()
    };
    // A closed pipe (`hyoka rules | head`) is not an error.
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    ExitCode::SUCCESS
}

/// `docs/rules.md`: generated from the rules' own docs.
pub fn rules_markdown() -> String {
    let mut s = String::from(hyoka_core::messages::template(
        Language::Japanese,
        "cli.rules.markdown_head",
    ));
    for r in rules::ALL {
        s.push_str(&format!(
            "| [`{}`](#{}) | {} | {} |\n",
            r.id,
            r.id,
            r.severity.as_str(),
            r.summary()
        ));
    }
    for r in rules::ALL {
        s.push_str(&rule_section(r));
    }
    s
}

fn rule_section(r: &Rule) -> String {
    hyoka_core::messages::ja(
        "cli.rules.markdown_section",
        &[
            ("id", &r.id),
            ("severity", &r.severity.as_str()),
            ("summary", &r.summary()),
            ("doc", &r.doc()),
            ("example", &r.example()),
        ],
    )
}
