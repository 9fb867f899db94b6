//! The report: one line per failing test, the skips, the counts per import class, and as
//! the very last line `N passed, N failed` (scripts and people read that line).

use std::collections::BTreeSet;
use std::fmt::Write;

use crate::discover::{Skip, Test};
use crate::imports::Class;
use crate::runner::Outcome;

pub struct Summary {
    pub text: String,
    pub passed: usize,
    pub failed: usize,
    /// Listed tests that failed.
    pub regressions: usize,
    /// Passing tests not yet in the list.
    pub newly_passing: Vec<String>,
}

/// `ran` pairs each run test with its outcome; `skipped` are the selected tests that were
/// not run; `listed` is the passing list (empty without --list).
pub fn summarize(ran: &[(&Test, &Outcome)], skipped: &[&Test], listed: &BTreeSet<String>, verbose: bool) -> Summary {
    let mut text = String::new();
    let mut s = Summary { text: String::new(), passed: 0, failed: 0, regressions: 0, newly_passing: Vec::new() };

    for (test, outcome) in ran {
        let is_listed = listed.contains(&test.path);
        if outcome.passed() {
            s.passed += 1;
            if !is_listed {
                s.newly_passing.push(test.path.clone());
            }
            continue;
        }
        s.failed += 1;
        let tag = if is_listed {
            s.regressions += 1;
            "REGRESSION"
        } else {
            "FAIL"
        };
        let _ = writeln!(text, "{tag} {}: {}", test.path, outcome.reason());
    }

    if !skipped.is_empty() {
        let by_constraint = skipped.iter().filter(|t| matches!(t.skip, Some(Skip::Constraint(_)))).count();
        let _ = writeln!(
            text,
            "skipped: {} (excluded on linux/amd64 by build constraints: {by_constraint}; flags: {})",
            skipped.len(),
            skipped.len() - by_constraint
        );
        if verbose {
            for t in skipped {
                let why = t.skip.as_ref().map(Skip::reason).unwrap_or_default();
                let _ = writeln!(text, "SKIP {}: {why}", t.path);
            }
        }
    }

    for class in Class::ALL {
        let of_class: Vec<_> = ran.iter().filter(|(t, _)| t.class == class).collect();
        if of_class.is_empty() {
            continue;
        }
        let passed = of_class.iter().filter(|(_, o)| o.passed()).count();
        let _ = write!(
            text,
            "class {:<5} ({}): {passed} passed, {} failed",
            class.name(),
            class.describe(),
            of_class.len() - passed
        );
        // The project's goals count the tests outside typeparam/ (392 import-free, 60
        // runtime/unsafe only), so show that subset too when generics tests were run.
        let (generic, plain): (Vec<&&(&Test, &Outcome)>, Vec<_>) = of_class.iter().partition(|(t, _)| is_generics(t));
        if !generic.is_empty() {
            let p = plain.iter().filter(|(_, o)| o.passed()).count();
            let _ = write!(text, " (without typeparam/: {p} passed of {})", plain.len());
        }
        text.push('\n');
    }
    if !listed.is_empty() || s.regressions > 0 {
        let _ = writeln!(
            text,
            "passing list: {} tests, {} regressions, {} newly passing",
            listed.len(),
            s.regressions,
            s.newly_passing.len()
        );
    }
    let _ = write!(text, "{} passed, {} failed", s.passed, s.failed);
    s.text = text;
    s
}

/// Tests of the generics directory, kept apart in the goal counts.
pub fn is_generics(t: &Test) -> bool {
    t.path.starts_with("typeparam/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn test(path: &str, class: Class) -> Test {
        Test { path: path.into(), extra_files: vec![], args: vec![], class, skip: None, plain: true }
    }

    #[test]
    fn report_shape() {
        let (a, b, c) = (test("a.go", Class::None), test("typeparam/b.go", Class::None), test("ken/c.go", Class::Rt));
        let mut d = test("d.go", Class::Other);
        d.skip = Some(Skip::Constraint("// +build cgo".into()));
        let fail = Outcome::BuildFailed("a.go:1:1: nope".into());
        let ran = [(&a, &Outcome::Pass), (&b, &fail), (&c, &Outcome::RunTimeout)];
        let listed: BTreeSet<String> = ["typeparam/b.go".to_string()].into();
        let s = summarize(&ran, &[&d], &listed, false);
        assert_eq!((s.passed, s.failed, s.regressions), (1, 2, 1));
        assert_eq!(s.newly_passing, ["a.go"]);
        let want = [
            "REGRESSION typeparam/b.go: build failed: a.go:1:1: nope",
            "FAIL ken/c.go: run timed out",
            "skipped: 1 (excluded on linux/amd64 by build constraints: 1; flags: 0)",
            "class none  (import-free): 1 passed, 1 failed (without typeparam/: 1 passed of 1)",
            "class rt    (runtime/unsafe only): 0 passed, 1 failed",
            "passing list: 1 tests, 1 regressions, 1 newly passing",
            "1 passed, 2 failed",
        ];
        assert_eq!(s.text, want.join("\n"));
    }
}
