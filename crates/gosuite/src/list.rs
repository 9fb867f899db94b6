//! The committed list of passing tests (tests/gosuite/passing.txt): one path relative to
//! the test root per line, sorted. It only grows: a test that passed once must keep
//! passing, so `--update` adds and never removes.

use std::collections::BTreeSet;
use std::path::Path;

/// Reads the list; a missing file is an empty list (a fresh project has passed nothing).
/// Blank lines and `#` comments are allowed.
pub fn read(path: &Path) -> std::io::Result<BTreeSet<String>> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(parse(&text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(BTreeSet::new()),
        Err(e) => Err(e),
    }
}

pub fn parse(text: &str) -> BTreeSet<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

/// The file's text for a set: sorted (BTreeSet order is byte order, like `LC_ALL=C sort`),
/// one per line.
pub fn render(set: &BTreeSet<String>) -> String {
    set.iter().map(|p| format!("{p}\n")).collect()
}

pub fn write(path: &Path, set: &BTreeSet<String>) -> std::io::Result<()> {
    // Write then rename, so an interrupted update never leaves a truncated list.
    let tmp = path.with_extension("txt.tmp");
    std::fs::write(&tmp, render(set))?;
    std::fs::rename(&tmp, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_sorted() {
        let set = parse("# comment\nken/b.go\n\n235.go\nfixedbugs/a.go\n235.go\n");
        assert_eq!(render(&set), "235.go\nfixedbugs/a.go\nken/b.go\n");
        assert!(parse("").is_empty());
    }
}
