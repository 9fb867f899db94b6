//! Build constraints (`//go:build expr` and `// +build a,b c`) evaluated for the one
//! configuration rgo targets: linux/amd64, gc-compatible, Go 1.19, cgo disabled.
//!
//! Like run.go, every constraint line in the header (the text before `package`) must
//! hold; a line that does not parse as a constraint is ignored (go/build does the same,
//! and the suite has a deliberately malformed `//go:build bad // ERROR …`). The two
//! syntaxes say the same thing in every file of the suite, so checking both is safe.

/// The tags that are true. `gc` because rgo stands in for gc (tests guarded by `gc`
/// exercise gc-compatible behaviour); the two `goexperiment.*` tags are what gc 1.19
/// reports on amd64 (`go list -f '{{context.ToolTags}}'`). `cgo` is false: rgo has none.
fn tag_is_set(tag: &str) -> bool {
    if let Some(minor) = tag.strip_prefix("go1.") {
        return minor.parse::<u32>().is_ok_and(|m| (1..=19).contains(&m));
    }
    matches!(
        tag,
        "linux" | "amd64" | "unix" | "gc" | "goexperiment.regabiwrappers" | "goexperiment.regabiargs"
    )
}

/// Whether a file whose header (text before `package`) is `header` is built on
/// linux/amd64. `Err` carries the first constraint line that excludes it.
pub fn header_allows(header: &str) -> Result<(), String> {
    for line in header.lines() {
        if let Some(holds) = eval_line(line)
            && !holds
        {
            return Err(line.trim().to_string());
        }
    }
    Ok(())
}

/// `Some(value)` if the line is a well-formed constraint, else `None`.
pub fn eval_line(line: &str) -> Option<bool> {
    let line = line.trim();
    if let Some(expr) = line.strip_prefix("//go:build") {
        // `//go:buildx` is not a constraint; a space or tab must follow.
        if !expr.starts_with([' ', '\t']) {
            return None;
        }
        return GoBuild::new(expr).parse();
    }
    let rest = line.strip_prefix("//")?.trim_start();
    let options = rest.strip_prefix("+build")?;
    if !options.is_empty() && !options.starts_with([' ', '\t']) {
        return None;
    }
    eval_plus_build(options)
}

/// `// +build` syntax: space-separated options are ORed; within an option, comma-separated
/// terms are ANDed; a term is a tag, optionally negated with one `!`.
fn eval_plus_build(options: &str) -> Option<bool> {
    let mut any = false;
    let mut seen_option = false;
    for option in options.split_whitespace() {
        seen_option = true;
        let mut all = true;
        for term in option.split(',') {
            let (negated, tag) = match term.strip_prefix('!') {
                Some(t) => (true, t),
                None => (false, term),
            };
            if !valid_tag(tag) {
                return None;
            }
            all &= tag_is_set(tag) != negated;
        }
        any |= all;
    }
    // `// +build` with nothing after it is not a constraint.
    seen_option.then_some(any)
}

/// Tags are letters, digits, `_` and `.` (go/build/constraint's rule).
fn valid_tag(tag: &str) -> bool {
    !tag.is_empty() && tag.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '.')
}

/// Recursive-descent evaluator for `//go:build` expressions:
///   or  = and { "||" and }
///   and = not { "&&" not }
///   not = "!" not | "(" or ")" | tag
struct GoBuild<'a> {
    rest: &'a str,
}

impl<'a> GoBuild<'a> {
    fn new(expr: &'a str) -> Self {
        GoBuild { rest: expr }
    }

    fn parse(mut self) -> Option<bool> {
        let v = self.or()?;
        self.skip_space();
        self.rest.is_empty().then_some(v)
    }

    fn skip_space(&mut self) {
        self.rest = self.rest.trim_start();
    }

    fn eat(&mut self, tok: &str) -> bool {
        self.skip_space();
        match self.rest.strip_prefix(tok) {
            Some(r) => {
                self.rest = r;
                true
            }
            None => false,
        }
    }

    fn or(&mut self) -> Option<bool> {
        let mut v = self.and()?;
        while self.eat("||") {
            // Evaluate both sides: the right side must parse even when it does not matter.
            v |= self.and()?;
        }
        Some(v)
    }

    fn and(&mut self) -> Option<bool> {
        let mut v = self.not()?;
        while self.eat("&&") {
            v &= self.not()?;
        }
        Some(v)
    }

    fn not(&mut self) -> Option<bool> {
        if self.eat("!") {
            return Some(!self.not()?);
        }
        if self.eat("(") {
            let v = self.or()?;
            return self.eat(")").then_some(v);
        }
        self.skip_space();
        let end = self
            .rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
            .unwrap_or(self.rest.len());
        let (tag, rest) = self.rest.split_at(end);
        if tag.is_empty() {
            return None;
        }
        self.rest = rest;
        Some(tag_is_set(tag))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_build_lines() {
        assert_eq!(eval_line("//go:build !wasm"), Some(true));
        assert_eq!(eval_line("//go:build cgo"), Some(false));
        assert_eq!(eval_line("//go:build !windows && !wasm && !gccgo"), Some(true));
        assert_eq!(
            eval_line("//go:build (386 || amd64 || arm64) && !gcflags_noopt"),
            Some(true)
        );
        assert_eq!(eval_line("//go:build goexperiment.unified"), Some(false));
        assert_eq!(eval_line("//go:build goexperiment.regabiargs"), Some(true));
        assert_eq!(eval_line("//go:build go1.18 && unix"), Some(true));
        assert_eq!(eval_line("//go:build go1.20"), Some(false));
        assert_eq!(eval_line("//go:build !(linux || darwin)"), Some(false));
    }

    #[test]
    fn plus_build_lines() {
        assert_eq!(eval_line("// +build !wasm"), Some(true));
        assert_eq!(eval_line("// +build linux darwin"), Some(true));
        assert_eq!(eval_line("// +build arm 386"), Some(false));
        assert_eq!(eval_line("// +build !windows,!plan9"), Some(true));
        assert_eq!(eval_line("// +build cgo,linux,amd64"), Some(false));
        assert_eq!(eval_line("// +build !nacl,!js,disabled_see_issue_18589"), Some(false));
        assert_eq!(eval_line("// +build ignore"), Some(false));
        assert_eq!(eval_line("// +build linux,amd64 darwin,amd64 linux,386"), Some(true));
    }

    #[test]
    fn not_constraints() {
        assert_eq!(eval_line("// run"), None);
        assert_eq!(eval_line("//go:build bad // ERROR \"misplaced compiler directive\""), None);
        assert_eq!(eval_line("//go:buildx linux"), None);
        assert_eq!(eval_line("// +build"), None);
        assert_eq!(eval_line("//go:build (linux"), None);
        assert_eq!(eval_line("//go:build linux &&"), None);
        assert_eq!(eval_line("// +buildx linux"), None);
    }

    #[test]
    fn every_line_must_hold() {
        assert!(header_allows("// run\n\n// +build !windows\n// +build amd64\n").is_ok());
        assert_eq!(
            header_allows("// run\n\n//go:build cgo\n// +build cgo\n"),
            Err("//go:build cgo".to_string())
        );
        assert!(header_allows("// run\n\n// Copyright 2009\n").is_ok());
    }
}
