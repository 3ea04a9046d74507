//! Parse + lint throughput of the core (`hyoka_core::check`), and parsing alone (`model::parse`).
//!
//!     cargo bench --bench lint
//!
//! Sheets: `examples/complete.hyoka` (raises nothing), the raw seed `tests/fixtures/seed/…txt` (text out of a
//! PDF, many problems), `examples/seed.hyoka`, and `large`: complete.hyoka with its prose values lengthened
//! to about 1 MB (it still raises nothing — asserted below before anything is measured). Divan prints the
//! median time per sheet and, from the byte counter, the throughput (B/s). Figures: benches/README.md.

use divan::counter::BytesCount;
use divan::{black_box, Bencher};
use hyoka_core::{Config, Form};
use std::sync::OnceLock;

#[path = "support/large_sheet.rs"]
mod large_sheet;
use large_sheet::{COMPLETE, LARGE_BYTES};
const SEED_RAW: &str = include_str!("../tests/fixtures/seed/000_59f8551fd5b1e581.txt");
const SEED_EXAMPLE: &str = include_str!("../examples/seed.hyoka");

fn main() {
    // Fail before measuring anything if the generated sheet is not what it claims to be.
    let large = large();
    assert!(
        large.len() >= LARGE_BYTES * 9 / 10 && large.len() <= LARGE_BYTES * 11 / 10,
        "large sheet is {} bytes",
        large.len()
    );
    let (_, diags) = hyoka_core::check(large, form(), &Config::default());
    assert!(
        diags.is_empty(),
        "the large sheet must raise nothing, got {} diagnostics, first: {:?}",
        diags.len(),
        diags.first()
    );
    let (_, diags) = hyoka_core::check(COMPLETE, form(), &Config::default());
    assert!(diags.is_empty(), "complete.hyoka must raise nothing");
    divan::main();
}

fn form() -> &'static Form {
    static FORM: OnceLock<Form> = OnceLock::new();
    FORM.get_or_init(Form::builtin)
}

/// The generated ~1 MB sheet, built once.
fn large() -> &'static str {
    static LARGE: OnceLock<String> = OnceLock::new();
    LARGE.get_or_init(large_sheet::large)
}

fn sheet(name: &str) -> &'static str {
    match name {
        "complete" => COMPLETE,
        "seed-raw" => SEED_RAW,
        "seed-example" => SEED_EXAMPLE,
        "large-1MB" => large(),
        _ => unreachable!("{name}"),
    }
}

const SHEETS: [&str; 4] = ["complete", "seed-raw", "seed-example", "large-1MB"];

/// Parse and run every rule: what `hyoka check` and the language server do per sheet.
#[divan::bench(args = SHEETS)]
fn check(bencher: Bencher, name: &str) {
    let src = sheet(name);
    let (form, config) = (form(), Config::default());
    bencher
        .counter(BytesCount::of_str(src))
        .bench(|| hyoka_core::check(black_box(src), form, &config));
}

/// Parsing alone (lines → typed sheet), to see what the rules add.
#[divan::bench(args = SHEETS)]
fn parse(bencher: Bencher, name: &str) {
    let src = sheet(name);
    let form = form();
    bencher
        .counter(BytesCount::of_str(src))
        .bench(|| hyoka_core::model::parse(black_box(src), form));
}

fn builtins() -> &'static [Form] {
    static FORMS: OnceLock<Vec<Form>> = OnceLock::new();
    FORMS.get_or_init(Form::builtins)
}

/// Choosing the form from the title line among the six built-in forms (what `hyoka check` does per sheet when
/// no form is named): the seed's title is on line 37, so it is the slow case.
#[divan::bench(args = ["complete", "seed-raw"])]
fn detect_form(bencher: Bencher, name: &str) {
    let src = sheet(name);
    let forms = builtins();
    bencher.bench(|| hyoka_core::syntax::detect_form(black_box(src), forms));
}

/// Another city's example through its own form (加古川市, 【】 headings and a □/■ choice).
#[divan::bench]
fn check_kakogawa(bencher: Bencher) {
    let src = include_str!("../examples/kakogawa/r4-fukushi-bus.hyoka");
    let form = builtins()
        .iter()
        .find(|f| f.id == "kakogawa-r4")
        .expect("built in");
    let config = Config::default();
    bencher
        .counter(BytesCount::of_str(src))
        .bench(|| hyoka_core::check(black_box(src), form, &config));
}

/// A sheet with one line repeated to about 200 KB: a run of disable-next-line directives, or one field of an
/// indicator block written again and again. Each costs about what any sheet of its size costs, not the
/// square of it (crates/hyoka-core/tests/scale.rs counts the work of these shapes and more).
#[divan::bench(args = ["disable-next-line", "indicator-field"])]
fn check_repeated(bencher: Bencher, shape: &str) {
    static SHEETS: OnceLock<Vec<String>> = OnceLock::new();
    let sheets = SHEETS.get_or_init(|| {
        // The line `line` of complete.hyoka (0-based) repeated after itself, or `text` after it.
        let repeat = |line: usize, text: Option<&str>| {
            let lines: Vec<&str> = COMPLETE.lines().collect();
            let text = text.unwrap_or(lines[line]);
            let mut out = lines[..=line].join("\n") + "\n";
            while out.len() < 200_000 {
                out.push_str(text);
                out.push('\n');
            }
            out + &lines[line + 1..].join("\n") + "\n"
        };
        // Line 0 is the title, line 25 the first indicator's name.
        vec![
            repeat(0, Some("// hyoka-disable-next-line")),
            repeat(25, None),
        ]
    });
    let src = match shape {
        "disable-next-line" => &sheets[0],
        _ => &sheets[1],
    };
    let (form, config) = (form(), Config::default());
    bencher
        .counter(BytesCount::of_str(src))
        .bench(|| hyoka_core::check(black_box(src), form, &config));
}
