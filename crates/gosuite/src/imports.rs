//! The import paths of a Go file, and the class of a test by what it imports.
//!
//! The project's goals are stated per class ("40 of the 392 import-free `// run`
//! tests"), because what a test imports says how much of the toolchain it needs: nothing
//! but the language, the language plus `runtime`/`unsafe`, or the standard library.
//!
//! Reading imports needs only a tiny lexer: Go requires every import declaration to come
//! right after the package clause, so we read tokens (skipping comments) until the first
//! token that cannot belong to an import declaration.

/// A test's class, from the union of its source files' imports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// No imports at all.
    None,
    /// Imports only `runtime` and/or `unsafe`.
    Rt,
    /// Anything else (fmt, os, strings, …).
    Other,
}

impl Class {
    pub const ALL: [Class; 3] = [Class::None, Class::Rt, Class::Other];

    pub fn name(self) -> &'static str {
        match self {
            Class::None => "none",
            Class::Rt => "rt",
            Class::Other => "other",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Class::None => "import-free",
            Class::Rt => "runtime/unsafe only",
            Class::Other => "other imports",
        }
    }

    pub fn from_name(s: &str) -> Option<Class> {
        Class::ALL.into_iter().find(|c| c.name() == s)
    }

    pub fn of(paths: &[String]) -> Class {
        if paths.is_empty() {
            Class::None
        } else if paths.iter().all(|p| p == "runtime" || p == "unsafe") {
            Class::Rt
        } else {
            Class::Other
        }
    }
}

/// The import paths of one Go source file, in order. A file the lexer cannot follow
/// yields what was read up to that point.
pub fn import_paths(src: &str) -> Vec<String> {
    let mut lx = Lexer { s: src.as_bytes(), i: 0 };
    let mut paths = Vec::new();
    // package clause
    if lx.next() != Some(Tok::Ident("package")) {
        return paths;
    }
    lx.next();
    loop {
        match lx.next() {
            Some(Tok::Semi) => continue,
            Some(Tok::Ident("import")) => {}
            _ => return paths,
        }
        match lx.next() {
            Some(Tok::Punct(b'(')) => loop {
                match lx.next() {
                    Some(Tok::Punct(b')')) => break,
                    Some(Tok::Str(p)) => paths.push(p),
                    // alias name, `.`, `_`, or a `;` between specs
                    Some(Tok::Ident(_)) | Some(Tok::Punct(b'.')) | Some(Tok::Semi) => {}
                    _ => return paths,
                }
            },
            Some(Tok::Str(p)) => paths.push(p),
            Some(Tok::Ident(_)) | Some(Tok::Punct(b'.')) => match lx.next() {
                Some(Tok::Str(p)) => paths.push(p),
                _ => return paths,
            },
            _ => return paths,
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Tok<'a> {
    Ident(&'a str),
    /// The contents of an interpreted or raw string literal (escapes are left as they
    /// are: import paths do not use them in practice).
    Str(String),
    /// A newline that ends a statement, or an explicit `;`. Go's automatic semicolon
    /// rule is simplified to "a newline after an identifier, string or `)`", which is
    /// all the import section can contain.
    Semi,
    Punct(u8),
}

struct Lexer<'a> {
    s: &'a [u8],
    i: usize,
}

impl<'a> Lexer<'a> {
    fn peek(&self, k: usize) -> Option<u8> {
        self.s.get(self.i + k).copied()
    }

    /// Skips blanks and comments; reports whether a newline was crossed.
    fn skip_blank(&mut self) -> bool {
        let mut newline = false;
        while let Some(c) = self.peek(0) {
            match c {
                b'\n' => {
                    newline = true;
                    self.i += 1;
                }
                b' ' | b'\t' | b'\r' => self.i += 1,
                b'/' if self.peek(1) == Some(b'/') => {
                    while self.peek(0).is_some_and(|c| c != b'\n') {
                        self.i += 1;
                    }
                }
                b'/' if self.peek(1) == Some(b'*') => {
                    self.i += 2;
                    while self.i < self.s.len() && !(self.peek(0) == Some(b'*') && self.peek(1) == Some(b'/')) {
                        newline |= self.s[self.i] == b'\n';
                        self.i += 1;
                    }
                    self.i = (self.i + 2).min(self.s.len());
                }
                _ => break,
            }
        }
        newline
    }

    fn next(&mut self) -> Option<Tok<'a>> {
        // The previous token decides whether a newline is a statement end.
        let prev_ends_stmt = self.i > 0 && matches!(self.s[self.i - 1], b'"' | b'`' | b')') || self.prev_ident_end();
        let newline = self.skip_blank();
        if newline && prev_ends_stmt {
            return Some(Tok::Semi);
        }
        let c = self.peek(0)?;
        let start = self.i;
        if c == b'_' || c.is_ascii_alphabetic() || c >= 0x80 {
            while self.peek(0).is_some_and(|c| c == b'_' || c.is_ascii_alphanumeric() || c >= 0x80) {
                self.i += 1;
            }
            return std::str::from_utf8(&self.s[start..self.i]).ok().map(Tok::Ident);
        }
        if c == b'"' || c == b'`' {
            self.i += 1;
            let body = self.i;
            while let Some(d) = self.peek(0) {
                if d == c {
                    break;
                }
                if c == b'"' && (d == b'\\') {
                    self.i += 1;
                }
                if c == b'"' && d == b'\n' {
                    return None;
                }
                self.i += 1;
            }
            let text = String::from_utf8_lossy(&self.s[body..self.i.min(self.s.len())]).into_owned();
            self.i = (self.i + 1).min(self.s.len());
            return Some(Tok::Str(text));
        }
        self.i += 1;
        Some(if c == b';' { Tok::Semi } else { Tok::Punct(c) })
    }

    /// Whether the byte before the cursor ends an identifier (so a newline after it is a
    /// statement end).
    fn prev_ident_end(&self) -> bool {
        self.i > 0 && {
            let c = self.s[self.i - 1];
            c == b'_' || c.is_ascii_alphanumeric() || c >= 0x80
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(src: &str) -> Vec<String> {
        import_paths(src)
    }

    #[test]
    fn no_imports() {
        let src = "// run\n\n// Copyright\n\npackage main\n\nfunc main() { println(\"import \\\"fmt\\\"\") }\n";
        assert!(paths(src).is_empty());
        assert_eq!(Class::of(&paths(src)), Class::None);
    }

    #[test]
    fn single_and_grouped() {
        let src = r#"// run

/* block
   comment */
package main // trailing

import "runtime"
import u "unsafe"
import (
	"fmt" // why
	. "strings"
	_ `os`; "sync"
)

import ()

var x = 1
import "not/an/import"
"#;
        assert_eq!(paths(src), ["runtime", "unsafe", "fmt", "strings", "os", "sync"]);
        assert_eq!(Class::of(&paths(src)), Class::Other);
    }

    #[test]
    fn runtime_and_unsafe_only() {
        let src = "package main\n\nimport (\n\t\"runtime\"\n\t\"unsafe\"\n)\n\nfunc main() {}\n";
        assert_eq!(Class::of(&paths(src)), Class::Rt);
        let src = "package main; import \"unsafe\"; func main() {}";
        assert_eq!(Class::of(&paths(src)), Class::Rt);
    }

    #[test]
    fn comments_between_imports() {
        let src = "package main\n\n// a comment\nimport /* x */ \"os\"\n/* c */\nimport \"runtime\"\n";
        assert_eq!(paths(src), ["os", "runtime"]);
    }

    #[test]
    fn class_names() {
        for c in Class::ALL {
            assert_eq!(Class::from_name(c.name()), Some(c));
        }
        assert_eq!(Class::from_name("all"), None);
    }
}
