//! rgo-syntax: lexer, parser and AST for the Go 1.19 grammar (generics included).
//!
//! Entry point: [`parse_file`], which never fails: it returns a [`File`] (partial after
//! errors) and the errors found, worded and positioned as gc reports them. The crate
//! does no I/O and knows nothing of types, packages on disk, or code generation.
//!
//! Modules: [`ast`] (the tree), `token` + `lexer` (tokens), `parser` (recursive
//! descent), `branches` (gc's label/branch checks, run by the parser on each function
//! body), [`directives`] (gc's placement rules for `//go:` directives, for the checker
//! to call), [`lit`] (string/rune literal values), [`gostr`] (Go-source rendering of
//! expressions for messages), [`visit`] (a read-only walk), [`print`](mod@print) (S-expression
//! dump for tests).
//!
//! Checked against gc 1.19 and go/parser with the scripts in `tools/` (they need `go`):
//! `astdiff.sh` (same trees as go/parser), `gccmp.sh` (same diagnostics as gc on Go's
//! test suite), `difffuzz.py` (same diagnostics on mutated files).

pub mod ast;
mod branches;
pub mod directives;
pub mod gostr;
mod lexer;
pub mod lit;
mod parser;
pub mod print;
mod token;
mod unicode_tables;
pub mod visit;

pub use ast::{Diagnostic, File, NodeId, Pos};
pub use directives::{PragmaPermissions, check_directives, check_pragma_permissions};
pub use lit::{LitError, unquote_char, unquote_string};

/// gc stops after this many errors (and then says "too many errors").
const MAX_ERRORS: usize = 10;

/// Parses one Go source file. `name` is used only to render positions.
///
/// Diagnostics are what gc would print for the file's syntax, in source order: lexical
/// errors, `syntax error: ...` (at most one per line), and the non-syntax errors gc
/// reports while parsing (e.g. "expression in defer must be function call", label and
/// branch errors, misplaced `//go:` directives); gc still type-checks after those alone,
/// i.e. when no message starts with "syntax error". After 10 errors the list ends with
/// "too many errors".
pub fn parse_file(name: &str, src: &str) -> (File, Vec<Diagnostic>) {
    parse_file_bytes(name, src.as_bytes())
}

/// Like [`parse_file`] for source that may not be valid UTF-8 (reported as gc does).
pub fn parse_file_bytes(name: &str, src: &[u8]) -> (File, Vec<Diagnostic>) {
    // The parser is recursive; deep nesting (bounded by parser::MAX_DEPTH) needs more
    // stack than a default thread has, so parse on a thread with a large stack. Only
    // touched pages are committed, so the reservation is cheap.
    let run = || parse_here(name, src);
    let res = std::thread::scope(|s| {
        std::thread::Builder::new()
            .name("rgo-parse".into())
            .stack_size(1 << 30)
            .spawn_scoped(s, run)
            .ok()
            .map(|h| h.join())
    });
    match res {
        Some(Ok(r)) => r,
        Some(Err(panic)) => std::panic::resume_unwind(panic),
        // could not spawn: parse on this thread
        None => parse_here(name, src),
    }
}

fn parse_here(name: &str, src: &[u8]) -> (File, Vec<Diagnostic>) {
    let mut p = parser::Parser::new(name, src);
    let file = p.file();
    let diags = filter_errors(&file, std::mem::take(&mut p.errs));
    (file, diags)
}

/// Applies gc's reporting rules to the errors in the order they were found: one
/// `syntax error` per line, no repeated message on a line, stop after 10; then sort
/// by position.
fn filter_errors(file: &File, errs: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = Vec::new();
    let mut last_syntax_line: Option<u32> = None;
    let mut last_other: Option<(u32, String)> = None;
    let mut too_many = None;
    for e in errs {
        let line = file.position(e.pos).line;
        if e.message.starts_with("syntax error") {
            if last_syntax_line == Some(line) {
                continue;
            }
            last_syntax_line = Some(line);
        } else {
            if last_other
                .as_ref()
                .is_some_and(|(l, m)| *l == line && *m == e.message)
            {
                continue;
            }
            last_other = Some((line, e.message.clone()));
        }
        let pos = e.pos;
        out.push(e);
        if out.len() >= MAX_ERRORS {
            too_many = Some(pos);
            break;
        }
    }
    // gc orders by position base (the file, then each //line region in order), then
    // line and column
    out.sort_by_key(|d| {
        let region = file.line_directives.partition_point(|l| l.pos <= d.pos);
        let p = file.position(d.pos);
        (region, p.line, p.col)
    });
    out.dedup();
    if let Some(pos) = too_many {
        out.push(Diagnostic {
            pos,
            message: "too many errors".into(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_and_line_directives() {
        let src =
            "package p\n\nvar x = 1\n//line other.go:10\nvar y = 2\n/*line z.go:5:7*/var z = 3\n";
        let (f, diags) = parse_file("a.go", src);
        assert!(diags.is_empty(), "{diags:?}");
        let x = src.find("x =").unwrap() as u32;
        assert_eq!(f.line_col(Pos(x)), (3, 5));
        assert_eq!(f.position(Pos(x)).to_string(), "a.go:3:5");
        let y = src.find("y =").unwrap() as u32;
        assert_eq!(f.line_col(Pos(y)), (5, 5));
        assert_eq!(f.position(Pos(y)).to_string(), "other.go:10");
        let z = src.find("z =").unwrap() as u32;
        assert_eq!(f.position(Pos(z)).to_string(), "z.go:5:11");
    }

    #[test]
    fn node_ids_are_dense_enough() {
        let (f, _) = parse_file("a.go", "package p\nfunc f(a int) int { return a + 1 }\n");
        assert!(f.node_count >= 6);
        let (f, d) = parse_file("a.go", "x");
        assert!(!d.is_empty());
        assert!(f.package.id.0 < f.node_count);
    }

    #[test]
    fn too_many_errors() {
        let mut src = String::from("package p\nfunc f() {\n");
        for _ in 0..20 {
            src.push_str("\tx := [\n");
        }
        let (f, d) = parse_file("a.go", &src);
        assert_eq!(d.len(), 11);
        assert_eq!(d[10].message, "too many errors");
        assert_eq!(
            d[0].render(&f),
            "a.go:4:4: syntax error: unexpected :=, expecting ]"
        );
    }
}
