//! The test recipe: the comment at the top of a Go test file that says what to do with
//! it (`// run`, `// errorcheck`, `// run arg1 arg2`, …), read the way Go's test/run.go
//! reads it.
//!
//! run.go's rule: the recipe is the text before the first blank line; a first line that
//! mentions `+build` is dropped; the leading `//` is removed; the rest is split into
//! words with shell-like quoting. The first word is the action. Words that start with
//! `-` right after it are flags (for the go command), the remaining words are arguments.
//!
//! One deliberate difference: we read only the first line of the recipe. A few files put
//! a `//go:build` line directly under `// run` with no blank line in between; run.go then
//! sees the constraint's words as program arguments (harmless for gc, since those tests
//! ignore their arguments). Here they stay what they are: constraints, read by
//! `constraint.rs`.

/// What the recipe asks for, before deciding whether rgo can do it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipe {
    /// `run`, `errorcheck`, `compile`, `rundir`, …
    pub action: String,
    /// Leading `-x` words: flags for the go command (`-gcflags=…`, `-race`,
    /// `-goexperiment X`). rgo has no equivalent, so tests with flags are skipped.
    pub flags: Vec<String>,
    /// Leading words ending in `.go`: `go run a.go b.go` compiles both files into one
    /// program, so they are more source files, relative to the test's directory.
    pub extra_files: Vec<String>,
    /// The program's command-line arguments.
    pub args: Vec<String>,
}

/// Reads the recipe of a test file; `None` if the file has no recipe run.go would accept
/// (it starts with a newline, or has no blank line ending the recipe, or bad quoting).
pub fn parse(src: &str) -> Option<Recipe> {
    if src.starts_with('\n') {
        return None;
    }
    let (head, _) = src.split_once("\n\n")?;
    let mut lines = head.lines();
    let mut first = lines.next()?;
    if first.contains("+build") {
        first = lines.next()?;
    }
    let words = split_quoted(first.strip_prefix("//")?)?;
    let (action, rest) = words.split_first()?;
    let mut recipe = Recipe {
        action: action.clone(),
        flags: Vec::new(),
        extra_files: Vec::new(),
        args: Vec::new(),
    };
    let mut rest = rest.iter().peekable();
    while let Some(w) = rest.next_if(|w| w.starts_with('-')) {
        recipe.flags.push(w.clone());
        // These flags take the next word as their value (run.go's list).
        if w == "-t" || w == "-goexperiment" {
            recipe.flags.extend(rest.next().cloned());
        }
    }
    while let Some(w) = rest.next_if(|w| w.ends_with(".go")) {
        recipe.extra_files.push(w.clone());
    }
    recipe.args = rest.cloned().collect();
    Some(recipe)
}

/// Splits into words separated by white space; `"…"` and `'…'` quote, `\` escapes the
/// next character. `None` for an unclosed quote or a trailing backslash.
fn split_quoted(s: &str) -> Option<Vec<String>> {
    let mut words = Vec::new();
    let mut word = String::new();
    // A quoted empty string ("") is still a word, so track "have a word" separately.
    let mut in_word = false;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for c in s.chars() {
        if escaped {
            escaped = false;
            word.push(c);
            in_word = true;
        } else if c == '\\' {
            escaped = true;
        } else if let Some(q) = quote {
            if c == q {
                quote = None;
            } else {
                word.push(c);
            }
        } else if c == '"' || c == '\'' {
            quote = Some(c);
            in_word = true;
        } else if c.is_whitespace() {
            if in_word {
                words.push(std::mem::take(&mut word));
                in_word = false;
            }
        } else {
            word.push(c);
            in_word = true;
        }
    }
    if quote.is_some() || escaped {
        return None;
    }
    if in_word {
        words.push(word);
    }
    Some(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The recipe as (action, flags, extra files, args), for compact expectations.
    type Parts = (String, Vec<String>, Vec<String>, Vec<String>);

    fn r(src: &str) -> Option<Parts> {
        parse(src).map(|r| (r.action, r.flags, r.extra_files, r.args))
    }
    fn v(words: &[&str]) -> Vec<String> {
        words.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn plain_run() {
        assert_eq!(
            r("// run\n\n// Copyright\n\npackage main\n"),
            Some(("run".into(), v(&[]), v(&[]), v(&[])))
        );
    }

    #[test]
    fn other_actions_are_read_too() {
        assert_eq!(r("// errorcheck\n\npackage p\n").unwrap().0, "errorcheck");
        assert_eq!(r("// runoutput ./rotate.go\n\npackage main\n").unwrap().0, "runoutput");
    }

    #[test]
    fn plus_build_first_line_is_skipped() {
        let src = "// +build amd64\n// run\n\npackage main\n";
        assert_eq!(r(src).unwrap().0, "run");
    }

    #[test]
    fn constraint_under_recipe_is_not_an_argument() {
        let src = "// run\n//go:build !js\n// +build !js\n\npackage main\n";
        assert_eq!(r(src), Some(("run".into(), v(&[]), v(&[]), v(&[]))));
    }

    #[test]
    fn flags_files_and_args() {
        assert_eq!(r("// run arg1 arg2\n\npackage main").unwrap().3, v(&["arg1", "arg2"]));
        assert_eq!(
            r("// run cmplxdivide1.go\n\npackage main").unwrap().2,
            v(&["cmplxdivide1.go"])
        );
        assert_eq!(
            r("// run -gcflags=\"-l\"\n\npackage main").unwrap().1,
            v(&["-gcflags=-l"])
        );
        assert_eq!(
            r("// run -goexperiment fieldtrack x\n\npackage main"),
            Some(("run".into(), v(&["-goexperiment", "fieldtrack"]), v(&[]), v(&["x"])))
        );
    }

    #[test]
    fn not_a_recipe() {
        assert_eq!(r("\n// run\n\npackage main"), None);
        assert_eq!(r("// run\npackage main\n"), None);
        assert_eq!(r("package main\n\nfunc main() {}"), None);
        assert_eq!(r("// run 'unclosed\n\npackage main"), None);
    }

    #[test]
    fn quoting() {
        assert_eq!(
            split_quoted(r#"a b:"c d" 'e''f'  "g\"" """#).unwrap(),
            v(&["a", "b:c d", "ef", "g\"", ""])
        );
    }
}
