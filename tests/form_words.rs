//! The Rust source holds no Japanese string or char literals: the form's words live in the form file
//! (forms/*.toml) and the tool's own words in the message catalogue (crates/hyoka-core/messages/*.toml),
//! so another municipality's sheet, or a reworded message, is an edit of data and not of code.
//!
//! The check lexes every non-test `.rs` file of the workspace (each crate's `src/` and `build.rs`) with
//! the small lexer below. It knows just enough Rust to find string and char literals, to skip comments,
//! and to skip items gated by `#[cfg(test)]`, whose sheets may well be spelled in Japanese.

use std::fs;
use std::path::{Path, PathBuf};

/// Printed with any failure.
const WHERE_WORDS_BELONG: &str =
    "Japanese words belong in data, not in Rust source: the sheet's labels, \
    marks and phrases in the form file (forms/*.toml), and the tool's messages in \
    crates/hyoka-core/messages/ja.toml, looked up by key.";

#[test]
fn rust_source_holds_no_japanese_literals() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let scans: Vec<(PathBuf, Scan)> = source_files(root)
        .into_iter()
        .map(|path| {
            let src =
                fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let scan = scan(&src);
            (path, scan)
        })
        .collect();
    assert!(
        scans.iter().any(|(p, _)| p.ends_with("src/lib.rs")),
        "the walk found no src/lib.rs under {}",
        root.display()
    );

    // A module declared `#[cfg(test)] mod tests;` is test code, and so is every file below it.
    let mut test_only: Vec<ModulePlace> = Vec::new();
    for (path, scan) in &scans {
        test_only.extend(scan.test_modules.iter().map(|m| m.place(path)));
        if scan.all_test {
            test_only.push(ModulePlace {
                file: path.clone(),
                dir: module_dir(path),
            });
        }
    }

    let mut found: Vec<(String, usize, String)> = Vec::new();
    for (path, scan) in &scans {
        if test_only.iter().any(|m| m.holds(path)) {
            continue;
        }
        let shown = relative(root, path);
        for lit in scan
            .literals
            .iter()
            .filter(|l| l.value.chars().any(is_japanese))
        {
            found.push((shown.clone(), lit.line, lit.value.clone()));
        }
    }
    // By file and line; a stable sort keeps a line's literals in source order.
    found.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));

    let list: String = found
        .iter()
        .map(|(path, line, value)| format!("  {path}:{line}: {value:?}\n"))
        .collect();
    assert!(
        found.is_empty(),
        "{} Japanese string or char literals in the Rust source outside tests. {WHERE_WORDS_BELONG}\n{list}",
        found.len()
    );
}

// ───────────────────────────── the files ─────────────────────────────

/// The non-test Rust source of the root package and of every crate under crates/: `src/**/*.rs` and a
/// `build.rs` beside Cargo.toml. Test-only modules inside `src/` are sorted out later, from their
/// declarations.
fn source_files(root: &Path) -> Vec<PathBuf> {
    let mut crates = vec![root.to_path_buf()];
    let members = root.join("crates");
    let entries = fs::read_dir(&members).unwrap_or_else(|e| panic!("{}: {e}", members.display()));
    for entry in entries {
        let dir = entry.expect("a crates/ entry").path();
        if dir.join("Cargo.toml").is_file() {
            crates.push(dir);
        }
    }
    let mut files = Vec::new();
    for dir in crates {
        rs_files(&dir.join("src"), &mut files);
        let build = dir.join("build.rs");
        if build.is_file() {
            files.push(build);
        }
    }
    files.sort();
    files
}

fn rs_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rs_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<_> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect();
    parts.join("/")
}

/// The folder holding the files of `file`'s submodules, the Rust way: a crate root's or a `mod.rs`'s own
/// folder, any other module's folder named after it (`src/lsp/position.rs` → `src/lsp/position/`).
fn module_dir(file: &Path) -> PathBuf {
    let dir = file.parent().unwrap_or(Path::new(""));
    let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let crate_root = (matches!(name, "lib.rs" | "main.rs") && dir.ends_with("src"))
        || dir.ends_with("src/bin")
        || (name == "build.rs" && dir.join("Cargo.toml").is_file());
    if crate_root || name == "mod.rs" {
        dir.to_path_buf()
    } else {
        file.with_extension("")
    }
}

/// A `mod name;` gated by `#[cfg(test)]`, as declared.
#[derive(Debug, PartialEq)]
struct ModDecl {
    /// The inline modules (`mod a { … }`) the declaration sits in, outermost first.
    parents: Vec<String>,
    name: String,
    /// A `#[path = "…"]` on the declaration.
    path: Option<String>,
}

/// Where a module's code lives: its file, and the folder of its submodules (which holds `name/mod.rs`).
#[derive(Debug, PartialEq)]
struct ModulePlace {
    file: PathBuf,
    dir: PathBuf,
}

impl ModulePlace {
    fn holds(&self, path: &Path) -> bool {
        path == self.file || path.starts_with(&self.dir)
    }
}

impl ModDecl {
    /// Where the module declared in `declaring_file` lives (the Rust reference, "Modules": module source
    /// filenames and the `path` attribute).
    fn place(&self, declaring_file: &Path) -> ModulePlace {
        let mut base = match (&self.path, self.parents.is_empty()) {
            // A top-level `#[path]` is relative to the declaring file's folder, not its module folder.
            (Some(_), true) => declaring_file
                .parent()
                .unwrap_or(Path::new(""))
                .to_path_buf(),
            _ => module_dir(declaring_file),
        };
        base.extend(&self.parents);
        match &self.path {
            Some(path) => {
                let file = base.join(path);
                ModulePlace {
                    dir: file.with_extension(""),
                    file,
                }
            }
            None => {
                base.push(&self.name);
                ModulePlace {
                    file: base.with_extension("rs"),
                    dir: base,
                }
            }
        }
    }
}

/// Japanese text, or a mark of the paper sheet.
fn is_japanese(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x303F // CJK symbols and punctuation: 「」、。 and the ideographic space
        | 0x3040..=0x309F // hiragana
        | 0x30A0..=0x30FF | 0x31F0..=0x31FF // katakana and its small-letter extension
        | 0x3200..=0x33FF // enclosed CJK (㈱) and CJK compatibility (㍻)
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF // ideographs
        | 0xFF01..=0xFF60 // full-width forms: ：（）［］
        | 0xFF61..=0xFF9F // half-width 。「」、・ and katakana
        | 0xFFE0..=0xFFE6 // full-width signs: ￥
        | 0x25A0..=0x25FF | 0x2610..=0x2612 // sheet marks: ■□●○◉◯△▲ ☐☑☒
    )
}

// ───────────────────────────── the lexer ─────────────────────────────

#[derive(Debug, PartialEq)]
enum Tok {
    /// A string or char literal of any kind, its escapes interpreted.
    Lit(String),
    /// An identifier, keyword or number.
    Word(String),
    /// A lifetime or loop label: `'a`, `'static`, `'outer`.
    Lifetime,
    /// Any other character; `=>` is two of them.
    Punct(char),
}

#[derive(Debug)]
struct Token {
    tok: Tok,
    line: usize,
}

/// Tokens of `src`, comments dropped. Malformed source (which would not compile) lexes somehow, never
/// panics.
fn lex(src: &str) -> Vec<Token> {
    let mut lx = Lexer {
        chars: src.chars().collect(),
        pos: 0,
        line: 1,
    };
    let mut out = Vec::new();
    while let Some(c) = lx.peek(0) {
        let line = lx.line;
        let tok = match c {
            c if c.is_whitespace() => {
                lx.bump();
                continue;
            }
            // Doc comments (`///`, `//!`, `/** */`) are comments too.
            '/' if lx.peek(1) == Some('/') => {
                lx.skip_line();
                continue;
            }
            '/' if lx.peek(1) == Some('*') => {
                lx.skip_block_comment();
                continue;
            }
            '"' => {
                lx.bump();
                Tok::Lit(lx.quoted('"'))
            }
            '\'' => lx.char_or_lifetime(),
            c if c == '_' || c.is_alphanumeric() => lx.word_or_prefixed_literal(),
            c => {
                lx.bump();
                Tok::Punct(c)
            }
        };
        out.push(Token { tok, line });
    }
    out
}

struct Lexer {
    chars: Vec<char>,
    pos: usize,
    line: usize,
}

impl Lexer {
    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.pos + ahead).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek(0)?;
        self.pos += 1;
        if c == '\n' {
            self.line += 1;
        }
        Some(c)
    }

    fn skip_line(&mut self) {
        while self.peek(0).is_some_and(|c| c != '\n') {
            self.bump();
        }
    }

    /// Block comments nest: `/* a /* b */ still a comment */`.
    fn skip_block_comment(&mut self) {
        let mut depth = 0;
        while let Some(c) = self.bump() {
            match (c, self.peek(0)) {
                ('/', Some('*')) => {
                    self.bump();
                    depth += 1;
                }
                ('*', Some('/')) => {
                    self.bump();
                    depth -= 1;
                    if depth == 0 {
                        return;
                    }
                }
                _ => {}
            }
        }
    }

    /// The body of a string or char literal whose opening quote has been read, up to `close`.
    fn quoted(&mut self, close: char) -> String {
        let mut value = String::new();
        while let Some(c) = self.bump() {
            match c {
                '\\' => self.escape(&mut value),
                c if c == close => break,
                c => value.push(c),
            }
        }
        value
    }

    /// An escape after its backslash. What it stands for is what counts: `"\u{FF1A}"` is a full-width colon.
    fn escape(&mut self, value: &mut String) {
        let Some(c) = self.bump() else {
            return;
        };
        let code = |digits: &str| {
            u32::from_str_radix(&digits.replace('_', ""), 16)
                .ok()
                .and_then(char::from_u32)
        };
        match c {
            'n' => value.push('\n'),
            'r' => value.push('\r'),
            't' => value.push('\t'),
            '0' => value.push('\0'),
            'x' => {
                let digits: String = (0..2).filter_map(|_| self.bump()).collect();
                value.extend(code(&digits));
            }
            'u' if self.peek(0) == Some('{') => {
                self.bump();
                let mut digits = String::new();
                while let Some(d) = self.bump().filter(|&d| d != '}') {
                    digits.push(d);
                }
                value.extend(code(&digits));
            }
            // A line continuation: the newline and the next line's leading whitespace are not in the string.
            '\n' | '\r' => {
                while self.peek(0).is_some_and(char::is_whitespace) {
                    self.bump();
                }
            }
            // `\\`, `\'`, `\"`.
            c => value.push(c),
        }
    }

    /// At a `'`: a char literal (`'x'`, `'\''`, `'\u{3000}'`) or a lifetime or label (`'a`, `'outer:`).
    /// A char literal is one character, or an escape, between quotes; a lifetime has no closing quote.
    fn char_or_lifetime(&mut self) -> Tok {
        self.bump();
        if self.peek(0) == Some('\\') || self.peek(1) == Some('\'') {
            return Tok::Lit(self.quoted('\''));
        }
        while self
            .peek(0)
            .is_some_and(|c| c == '_' || c.is_alphanumeric())
        {
            self.bump();
        }
        Tok::Lifetime
    }

    /// A word, or the prefix of a literal glued to it: `b"…"`, `b'…'`, `c"…"`, `r"…"`, `r#"…"#`,
    /// `br##"…"##`, `cr"…"`. `r#match` is a raw identifier, not a string.
    fn word_or_prefixed_literal(&mut self) -> Tok {
        let mut word = String::new();
        while let Some(c) = self.peek(0).filter(|&c| c == '_' || c.is_alphanumeric()) {
            word.push(c);
            self.bump();
        }
        match (word.as_str(), self.peek(0)) {
            ("b" | "c", Some('"')) => {
                self.bump();
                Tok::Lit(self.quoted('"'))
            }
            ("b", Some('\'')) => {
                self.bump();
                Tok::Lit(self.quoted('\''))
            }
            ("r" | "br" | "cr", Some('"' | '#')) => self.raw().map_or(Tok::Word(word), Tok::Lit),
            _ => Tok::Word(word),
        }
    }

    /// A raw string after its `r`: no escapes, closed by a quote and as many `#` as opened it.
    fn raw(&mut self) -> Option<String> {
        let hashes = (0..).take_while(|&k| self.peek(k) == Some('#')).count();
        if self.peek(hashes) != Some('"') {
            return None;
        }
        for _ in 0..=hashes {
            self.bump();
        }
        let mut value = String::new();
        while let Some(c) = self.bump() {
            if c == '"' && (0..hashes).all(|k| self.peek(k) == Some('#')) {
                for _ in 0..hashes {
                    self.bump();
                }
                break;
            }
            value.push(c);
        }
        Some(value)
    }
}

// ───────────────────────── test-only items ─────────────────────────

#[derive(Debug, PartialEq)]
struct Literal {
    line: usize,
    value: String,
}

/// What one file holds, as far as this test cares.
#[derive(Debug, Default)]
struct Scan {
    /// The literals outside test-only items.
    literals: Vec<Literal>,
    /// Test-only modules whose code is in other files.
    test_modules: Vec<ModDecl>,
    /// The whole file is test-only (`#![cfg(test)]` at its top level).
    all_test: bool,
}

/// The literals of `src` outside items gated by `#[cfg(test)]`, and the test-only modules it declares.
fn scan(src: &str) -> Scan {
    let toks = lex(src);
    let mut scan = Scan::default();
    // The inline modules (`mod a { … }`) we are in, each with the brace depth of its body.
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0;
    // A `#[path = "…"]` seen among the attributes of the item about to come.
    let mut path: Option<String> = None;
    let mut i = 0;
    while i < toks.len() {
        if let Some(attr) = Attr::parse(&toks, i) {
            if !attr.test_only {
                // Literals in attributes count (`#[doc = "…"]`).
                scan.literals.extend(literals(&toks[i..attr.end]));
                path = attr.path.or(path);
                i = attr.end;
            } else if attr.inner {
                // `#![cfg(test)]` gates the rest of the enclosing module.
                scan.all_test |= depth == 0;
                i = enclosing_end(&toks, attr.end);
                path = None;
            } else {
                // The gated item's other attributes go with it.
                let mut start = attr.end;
                while let Some(next) = Attr::parse(&toks, start) {
                    path = next.path.or(path);
                    start = next.end;
                }
                if let Some(name) = module_name(&toks, start) {
                    let parents = inline.iter().map(|(n, _)| n.clone()).collect();
                    scan.test_modules.push(ModDecl {
                        parents,
                        name,
                        path: path.take(),
                    });
                }
                i = item_end(&toks, start);
                path = None;
            }
            continue;
        }
        path = None;
        match &toks[i].tok {
            Tok::Punct('{') => {
                depth += 1;
                if let Some(name) = i.checked_sub(2).and_then(|m| module_name(&toks, m)) {
                    inline.push((name, depth));
                }
            }
            Tok::Punct('}') => {
                if inline.last().is_some_and(|&(_, d)| d == depth) {
                    inline.pop();
                }
                depth = depth.saturating_sub(1);
            }
            Tok::Lit(value) => scan.literals.push(Literal {
                line: toks[i].line,
                value: value.clone(),
            }),
            _ => {}
        }
        i += 1;
    }
    scan
}

fn literals(toks: &[Token]) -> impl Iterator<Item = Literal> + '_ {
    toks.iter().filter_map(|t| match &t.tok {
        Tok::Lit(value) => Some(Literal {
            line: t.line,
            value: value.clone(),
        }),
        _ => None,
    })
}

fn is_punct(toks: &[Token], i: usize, c: char) -> bool {
    toks.get(i).is_some_and(|t| t.tok == Tok::Punct(c))
}

fn is_word(toks: &[Token], i: usize, w: &str) -> bool {
    toks.get(i)
        .is_some_and(|t| matches!(&t.tok, Tok::Word(x) if x == w))
}

/// The index after the bracket group opening at `open`: `(…)`, `[…]` or `{…}`. Brackets in literals and
/// comments are not tokens, so they do not count.
fn group_end(toks: &[Token], open: usize) -> usize {
    let mut depth = 0usize;
    for (i, t) in toks.iter().enumerate().skip(open) {
        match t.tok {
            Tok::Punct('(' | '[' | '{') => depth += 1,
            Tok::Punct(')' | ']' | '}') => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
    }
    toks.len()
}

/// The index of the bracket closing the group that `from` is in (or the end, at the top level).
fn enclosing_end(toks: &[Token], from: usize) -> usize {
    let mut i = from;
    while let Some(t) = toks.get(i) {
        match t.tok {
            Tok::Punct('(' | '[' | '{') => i = group_end(toks, i),
            Tok::Punct(')' | ']' | '}') => return i,
            _ => i += 1,
        }
    }
    i
}

/// `mod name` (after any visibility) at `start`: the module's name.
fn module_name(toks: &[Token], start: usize) -> Option<String> {
    let mut i = start;
    if is_word(toks, i, "pub") {
        i += 1;
        if is_punct(toks, i, '(') {
            i = group_end(toks, i);
        }
    }
    if !is_word(toks, i, "mod") {
        return None;
    }
    match &toks.get(i + 1)?.tok {
        Tok::Word(name) => Some(name.clone()),
        _ => None,
    }
}

/// An attribute: `#[…]` or `#![…]`.
struct Attr {
    /// The index after its `]`.
    end: usize,
    inner: bool,
    /// A `cfg` that only test builds satisfy.
    test_only: bool,
    /// `#[path = "…"]`.
    path: Option<String>,
}

impl Attr {
    fn parse(toks: &[Token], i: usize) -> Option<Attr> {
        if !is_punct(toks, i, '#') {
            return None;
        }
        let inner = is_punct(toks, i + 1, '!');
        let open = i + 1 + usize::from(inner);
        if !is_punct(toks, open, '[') {
            return None;
        }
        let end = group_end(toks, open);
        let body = &toks[open + 1..end.saturating_sub(1).max(open + 1)];
        let test_only = is_word(body, 0, "cfg") && is_punct(body, 1, '(') && {
            let mut at = 2;
            cfg_without_test(body, &mut at) == Some(false)
        };
        let path = match body {
            [Token {
                tok: Tok::Word(w), ..
            }, Token {
                tok: Tok::Punct('='),
                ..
            }, Token {
                tok: Tok::Lit(p), ..
            }] if w == "path" => Some(p.clone()),
            _ => None,
        };
        Some(Attr {
            end,
            inner,
            test_only,
            path,
        })
    }
}

/// The value of the cfg predicate at `*at` in a build without `test`, moving `*at` past it. Other options
/// (features, targets) are unknown, `None`. So `Some(false)` means only test builds compile the item:
/// `test`, `all(test, feature = "x")`; but not `not(test)` or `any(test, unix)`.
fn cfg_without_test(toks: &[Token], at: &mut usize) -> Option<bool> {
    let Some(Tok::Word(name)) = toks.get(*at).map(|t| &t.tok) else {
        *at += 1;
        return None;
    };
    *at += 1;
    if is_punct(toks, *at, '=') {
        *at += 2; // `feature = "x"`
        return None;
    }
    if !is_punct(toks, *at, '(') {
        return match name.as_str() {
            "test" | "false" => Some(false),
            "true" => Some(true),
            _ => None,
        };
    }
    if !matches!(name.as_str(), "all" | "any" | "not") {
        *at = group_end(toks, *at);
        return None;
    }
    *at += 1;
    let mut args = Vec::new();
    while *at < toks.len() && !is_punct(toks, *at, ')') {
        args.push(cfg_without_test(toks, at));
        if is_punct(toks, *at, ',') {
            *at += 1;
        }
    }
    *at += 1;
    let all = |v: bool| args.iter().all(|&a| a == Some(v));
    let some = |v: bool| args.contains(&Some(v));
    match name.as_str() {
        "all" if some(false) => Some(false),
        "all" => all(true).then_some(true),
        "any" if some(true) => Some(true),
        "any" => all(false).then_some(false),
        _ => match args[..] {
            [a] => a.map(|b| !b),
            _ => None,
        },
    }
}

/// The index after the item (or field, variant, statement, match arm) that an attribute gates, which
/// starts at `start`.
fn item_end(toks: &[Token], start: usize) -> usize {
    // The words before the item's first punctuation tell its kind: `pub(crate) unsafe fn`, `extern "C"`.
    let mut words = Vec::new();
    let mut i = start;
    while let Some(t) = toks.get(i) {
        match &t.tok {
            Tok::Word(w) => {
                words.push(w.as_str());
                i += 1;
                if w == "pub" && is_punct(toks, i, '(') {
                    i = group_end(toks, i);
                }
            }
            Tok::Lit(_) => i += 1,
            _ => break,
        }
    }
    let has = |keywords: &[&str]| words.iter().any(|w| keywords.contains(w));
    // Items with a body end with it (`fn f() -> [u8; 2] { … }`) or with `;` (`mod tests;`).
    let braced = has(&[
        "fn",
        "mod",
        "impl",
        "struct",
        "enum",
        "union",
        "trait",
        "macro_rules",
        "extern",
    ]);
    // These end only with `;`, whatever braces come before: `let s = S { … };`.
    let statement = !braced && has(&["use", "const", "static", "type", "let"]);

    let mut i = start;
    let mut only_words = true;
    while let Some(t) = toks.get(i) {
        match t.tok {
            Tok::Punct(open @ ('(' | '[' | '{')) => {
                // A block ends the rest too: `{ … }`, `unsafe { … }`, `loop { … }`, an arm's `=> { … }`, a
                // macro's `name! { … }`. A struct's `S { … }` in an expression does not.
                let after = |back: usize, c: char| {
                    i.checked_sub(back).is_some_and(|j| is_punct(toks, j, c))
                };
                let block = only_words || after(1, '!') || (after(2, '=') && after(1, '>'));
                let ends = open == '{' && (braced || (!statement && block));
                i = group_end(toks, i);
                if ends {
                    return i;
                }
                only_words = false;
            }
            // The enclosing group closes: the gated thing was the last in it.
            Tok::Punct(')' | ']' | '}') => return i,
            Tok::Punct(';') => return i + 1,
            Tok::Punct(',') if !braced && !statement => return i + 1,
            Tok::Word(_) | Tok::Lit(_) => i += 1,
            _ => {
                only_words = false;
                i += 1;
            }
        }
    }
    i
}

// ───────────────────────── tests of the lexer ─────────────────────────

fn values(src: &str) -> Vec<String> {
    scan(src).literals.into_iter().map(|l| l.value).collect()
}

#[test]
fn plain_strings_keep_escaped_quotes_and_backslashes() {
    assert_eq!(
        values(
            r#"f("a\"b", "c\\", "d\n\x41", "e\
                   f");"#
        ),
        ["a\"b", "c\\", "d\nA", "ef"]
    );
}

#[test]
fn raw_strings_end_at_the_quote_with_their_hashes() {
    let src = r####"let a = r"C:\no\escape"; let b = r#"say "日本" \"#; let c = r##"x "# y"##; let d = r#match;"####;
    assert_eq!(
        values(src),
        [r"C:\no\escape", r#"say "日本" \"#, r##"x "# y"##]
    );
}

#[test]
fn byte_and_c_strings_are_literals() {
    let src = r####"(b"ab\"c", br#"q"q"#, b'\'', c"日本", cr##"x"##, br"\")"####;
    assert_eq!(values(src), ["ab\"c", "q\"q", "'", "日本", "x", "\\"]);
}

#[test]
fn comments_hold_no_literals_and_nest() {
    let src = r#"
        // "日本" in a line comment
        /// "日本" in a doc comment
        //! "日本" in an inner doc comment
        /* outer /* "inner" */ still "a comment" */ "after"
        /** "doc block" */ '/'
    "#;
    assert_eq!(values(src), ["after", "/"]);
    // A comment opener inside a string is just text.
    assert_eq!(
        values(r#""/* not a comment" "x""#),
        ["/* not a comment", "x"]
    );
}

#[test]
fn chars_are_told_from_lifetimes_and_labels() {
    let src = r#"
        fn f<'a>(s: &'a str, t: &'static str) -> char {
            'outer: loop { break 'outer; }
            let _ = ['x', '\'', '"', '\\', '\u{3000}', 'い', b'q'];
            '}'
        }
    "#;
    assert_eq!(
        values(src),
        ["x", "'", "\"", "\\", "\u{3000}", "い", "q", "}"]
    );
}

#[test]
fn an_escaped_code_point_counts_like_a_written_one() {
    let found = values(r#"let colon = "\u{FF1A}"; let space = '\u{30_00}'; let ascii = "\u{3A}";"#);
    assert_eq!(found, ["：", "\u{3000}", ":"]);
    let japanese: Vec<bool> = found.iter().map(|v| v.chars().any(is_japanese)).collect();
    assert_eq!(japanese, [true, true, false]);
}

#[test]
fn japanese_is_kana_kanji_full_width_and_sheet_marks() {
    for c in [
        'あ', 'ア', 'ｱ', '事', '㐀', '𠮷', '「', '　', '：', '（', '●', '○', '■', '□', '△', '▲',
        '☐', '☑',
    ] {
        assert!(is_japanese(c), "{c:?}");
    }
    for c in ['a', ':', '(', '…', '—', '→', '§', 'é', '✓'] {
        assert!(!is_japanese(c), "{c:?}");
    }
}

#[test]
fn a_cfg_test_module_is_skipped_and_what_follows_is_not() {
    let src = r#"
        fn before() -> &'static str { "前" }
        #[cfg(test)]
        mod tests {
            fn t() { let s = "日本 } {"; let c = '}'; /* } */ assert_eq!(s, "{"); }
        }
        fn after() -> &'static str { "後" }
    "#;
    let scan = scan(src);
    assert_eq!(
        scan.literals,
        [
            Literal {
                line: 2,
                value: "前".into()
            },
            Literal {
                line: 7,
                value: "後".into()
            }
        ]
    );
    assert_eq!(
        scan.test_modules,
        [ModDecl {
            parents: vec![],
            name: "tests".into(),
            path: None
        }]
    );
}

#[test]
fn every_test_item_is_skipped_not_just_the_first() {
    let src = r#"
        #[cfg(test)]
        fn helper() -> [u8; 2] { let _ = "一"; [0; 2] }
        const A: &str = "a";
        impl S {
            /// Documented.
            #[cfg(test)]
            #[allow(dead_code)]
            pub(crate) fn probe(&self) -> &str { "二" }
            fn real(&self) -> &str { "b" }
        }
        #[cfg(test)]
        const TABLE: &[&str] = &["三", "四"];
        #[cfg(test)]
        use crate::x::{a, b};
        #[cfg(test)]
        thread_local! { static T: &str = "五"; }
        struct Fields {
            #[cfg(test)]
            probe: Vec<&'static str>,
            kept: u8,
        }
        fn body(x: u8) -> &'static str {
            #[cfg(test)]
            let _ = S { s: "六" };
            match x {
                #[cfg(test)]
                0 => { "七" }
                _ => "c",
            }
        }
        "d"
    "#;
    assert_eq!(values(src), ["a", "b", "c", "d"]);
}

#[test]
fn cfg_predicates_gate_only_what_test_builds_alone_compile() {
    let src = r#"
        #[cfg(all(test, feature = "slow"))] fn a() { "一"; }
        #[cfg(any(test))] fn b() { "二"; }
        #[cfg(all(unix, any(test, test)))] fn c() { "三"; }
        #[cfg(not(test))] fn d() { "kept: not(test)"; }
        #[cfg(any(test, feature = "x"))] fn e() { "kept: any"; }
        #[cfg(feature = "test")] fn f() { "kept: a feature"; }
        #[cfg_attr(test, derive(Debug))] struct G { s: [u8; 1] }
        #[doc = "kept: an attribute's literal"] fn h() {}
    "#;
    assert_eq!(
        values(src),
        [
            "kept: not(test)",
            "x",
            "kept: any",
            "test",
            "kept: a feature",
            "kept: an attribute's literal"
        ]
    );
}

#[test]
fn an_inner_cfg_test_gates_the_rest_of_its_module() {
    assert_eq!(values(r#"mod m { #![cfg(test)] "一"; } "a""#), ["a"]);
    assert!(!scan(r#"mod m { #![cfg(test)] "一"; }"#).all_test);
    assert!(scan(r#"#![cfg(test)] "一""#).all_test);
}

#[test]
fn test_module_files_are_found_the_rust_way() {
    let src = r#"
        #[cfg(test)]
        mod tests;
        pub mod inline {
            #[cfg(test)]
            pub(crate) mod deep;
        }
        #[cfg(test)]
        #[path = "checks/t.rs"]
        mod t;
        mod real;
    "#;
    let decls = scan(src).test_modules;
    let names: Vec<_> = decls
        .iter()
        .map(|d| (d.parents.join("::"), d.name.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("".into(), "tests"),
            ("inline".into(), "deep"),
            ("".into(), "t")
        ]
    );

    let place = |file: &str, decl: &ModDecl| decl.place(Path::new(file));
    let p = |s: &str| PathBuf::from(s);
    assert_eq!(
        place("src/lsp/mod.rs", &decls[0]),
        ModulePlace {
            file: p("src/lsp/tests.rs"),
            dir: p("src/lsp/tests")
        }
    );
    assert_eq!(
        place("src/lib.rs", &decls[0]),
        ModulePlace {
            file: p("src/tests.rs"),
            dir: p("src/tests")
        }
    );
    assert_eq!(
        place("src/cli/form.rs", &decls[0]),
        ModulePlace {
            file: p("src/cli/form/tests.rs"),
            dir: p("src/cli/form/tests")
        }
    );
    // `src/model/build.rs` is a module, not a build script.
    assert_eq!(
        place("src/model/build.rs", &decls[1]).file,
        p("src/model/build/inline/deep.rs")
    );
    assert_eq!(place("src/a.rs", &decls[2]).file, p("src/checks/t.rs"));
    assert!(place("src/lsp/mod.rs", &decls[0]).holds(Path::new("src/lsp/tests/mod.rs")));
    assert!(!place("src/lsp/mod.rs", &decls[0]).holds(Path::new("src/lsp/testsuite.rs")));
}

#[test]
fn lines_are_counted_across_multiline_literals_and_comments() {
    let src = "/* one\ntwo */ \"a\nb\"\n r#\"c\n\"# 'd'";
    let lines: Vec<usize> = scan(src).literals.iter().map(|l| l.line).collect();
    assert_eq!(lines, [2, 4, 5]);
}
