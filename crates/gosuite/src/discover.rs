//! Finding the tests: every `.go` file in the mode's directories whose recipe is the
//! mode's action (`run` or `errorcheck`), with what we need to build and judge it.

use std::path::Path;

use crate::constraint;
use crate::imports::{self, Class};
use crate::mode::Mode;
use crate::recipe;

/// A `// run` or `// errorcheck` test.
#[derive(Debug, Clone)]
pub struct Test {
    /// Path relative to the test root, as run.go names it: `fixedbugs/bug001.go`,
    /// `235.go` (no `./`).
    pub path: String,
    /// More source files from the recipe (`// run cmplxdivide1.go`), relative to the root.
    pub extra_files: Vec<String>,
    pub args: Vec<String>,
    pub class: Class,
    /// `Some(why)` if the test is not run on this configuration.
    pub skip: Option<Skip>,
    /// The recipe is exactly `// run`: no flags, no arguments, no extra files. This is
    /// the set DESIGN.md's counts (909 tests, 392 import-free, 60 runtime/unsafe) refer to.
    pub plain: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skip {
    /// A build constraint excludes linux/amd64 (the line that does).
    Constraint(String),
    /// The recipe passes flags to the go command (`-gcflags=…`, `-race`, `-goexperiment`)
    /// or to the compiler (`-m`, `-lang=go1.17`, `-+`) that have no meaning for rgo or
    /// change what gc checks.
    Flags(String),
}

impl Skip {
    pub fn reason(&self) -> String {
        match self {
            Skip::Constraint(line) => format!("build constraint: {line}"),
            Skip::Flags(flags) => format!("flags: {flags}"),
        }
    }
}

/// All tests of `mode` under `root`, sorted by path. Errors only for an unreadable root.
pub fn discover(root: &Path, mode: Mode) -> std::io::Result<Vec<Test>> {
    let mut tests = Vec::new();
    for &dir in mode.dirs() {
        let mut names: Vec<String> = std::fs::read_dir(root.join(dir))?
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|n| n.ends_with(".go") && !n.starts_with('.'))
            .collect();
        names.sort();
        for name in names {
            let path = if dir == "." { name } else { format!("{dir}/{name}") };
            // Unreadable or non-UTF-8 files cannot be `// run` tests we understand.
            let Ok(src) = std::fs::read_to_string(root.join(&path)) else { continue };
            if let Some(t) = classify(root, path, &src, mode) {
                tests.push(t);
            }
        }
    }
    tests.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(tests)
}

/// Turns one file into a `Test` if its recipe is the mode's action.
pub fn classify(root: &Path, path: String, src: &str, mode: Mode) -> Option<Test> {
    let r = recipe::parse(src)?;
    if r.action != mode.action() {
        return None;
    }
    let dir = Path::new(&path).parent().unwrap_or(Path::new(""));
    let extra_files: Vec<String> = r
        .extra_files
        .iter()
        .map(|f| dir.join(f).to_string_lossy().into_owned())
        .collect();
    // Build constraints are checked only up to the package clause, as run.go does.
    let header = src.split_once("\npackage").map_or(src, |(h, _)| h);
    let mut skip = constraint::header_allows(header).err().map(Skip::Constraint);
    let flags: Vec<&String> = match mode {
        Mode::Run => r.flags.iter().collect(),
        Mode::Errorcheck => checking_flags(&r.flags),
    };
    if skip.is_none() && !flags.is_empty() {
        skip = Some(Skip::Flags(r.flags.join(" ")));
    }
    let mut paths = imports::import_paths(src);
    for f in &extra_files {
        if let Ok(s) = std::fs::read_to_string(root.join(f)) {
            paths.extend(imports::import_paths(&s));
        }
    }
    Some(Test {
        plain: r.flags.is_empty() && r.args.is_empty() && r.extra_files.is_empty(),
        path,
        extra_files,
        args: r.args,
        class: Class::of(&paths),
        skip,
    })
}

/// The flags of an errorcheck recipe that would make gc check differently. Two leave
/// the checking alone: `-d=panic` (gc panics instead of exiting on an internal error)
/// and `-t N` (run.go's time limit). Every other flag matters: `-0`/`-m`/`-live`/`-d=…`
/// ask for optimizer diagnostics, `-lang=` older language rules, `-+`/`-std` runtime or
/// standard-library rules, `-e`/`-complete` a different error limit or completeness
/// check, and `-race` instrumentation.
fn checking_flags(flags: &[String]) -> Vec<&String> {
    let mut out = Vec::new();
    let mut it = flags.iter();
    while let Some(f) = it.next() {
        match f.as_str() {
            "-d=panic" => {}
            "-t" => {
                it.next();
            }
            _ => out.push(f),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(src: &str) -> Option<Test> {
        classify(Path::new("/nonexistent"), "fixedbugs/x.go".into(), src, Mode::Run)
    }

    fn ec(src: &str) -> Option<Test> {
        classify(Path::new("/nonexistent"), "fixedbugs/x.go".into(), src, Mode::Errorcheck)
    }

    #[test]
    fn errorcheck_tests_and_their_flags() {
        assert!(ec("// run\n\npackage main\n").is_none());
        assert!(ec("// errorcheckdir\n\npackage ignored\n").is_none());
        assert_eq!(ec("// errorcheck\n\npackage p\n").unwrap().skip, None);
        assert_eq!(ec("// errorcheck -d=panic\n\npackage p\n").unwrap().skip, None);
        assert_eq!(ec("// errorcheck -t 10\n\npackage p\n").unwrap().skip, None);
        let x = ec("// errorcheck -0 -m -l\n\npackage p\n").unwrap();
        assert_eq!(x.skip, Some(Skip::Flags("-0 -m -l".into())));
        assert!(ec("// errorcheck -lang=go1.17\n\npackage p\n").unwrap().skip.is_some());
    }

    #[test]
    fn run_tests_only() {
        assert!(t("// errorcheck\n\npackage main\n").is_none());
        assert!(t("// rundir\n\npackage ignored\n").is_none());
        let x = t("// run\n\npackage main\n\nfunc main() {}\n").unwrap();
        assert_eq!((x.class, x.skip, x.plain), (Class::None, None, true));
    }

    #[test]
    fn skips() {
        let x = t("// run\n\n//go:build cgo\n\npackage main\n").unwrap();
        assert_eq!(x.skip, Some(Skip::Constraint("//go:build cgo".into())));
        let x = t("// run -gcflags=-l=4\n\npackage main\n").unwrap();
        assert_eq!(x.skip, Some(Skip::Flags("-gcflags=-l=4".into())));
        assert!(!x.plain);
        // A constraint after the package clause is not a constraint.
        let x = t("// run\n\npackage main\n\n// +build cgo\n").unwrap();
        assert_eq!(x.skip, None);
    }

    #[test]
    fn extra_files_are_relative_to_the_test() {
        let x = t("// run y.go arg\n\npackage main\nimport \"unsafe\"\n").unwrap();
        assert_eq!(x.extra_files, ["fixedbugs/y.go"]);
        assert_eq!(x.args, ["arg"]);
        assert_eq!(x.class, Class::Rt);
        assert!(!x.plain);
    }

    /// The project's goals are counted in these numbers; if a parser change moves them,
    /// the goals and this harness no longer talk about the same tests.
    #[test]
    fn suite_counts_match_the_goals() {
        let root = Path::new("/usr/share/go-1.19/test");
        if !root.is_dir() {
            eprintln!("Go test suite not installed; scripts/test.sh installs it");
            return;
        }
        let all = discover(root, Mode::Run).unwrap();
        let run: Vec<&Test> = all.iter().filter(|t| t.skip.is_none()).collect();
        let count = |c: Class, generics: bool| {
            run.iter().filter(|t| t.class == c && t.path.starts_with("typeparam/") == generics).count()
        };
        assert_eq!(all.len(), 930, "`// run` recipes");
        assert_eq!(run.len(), 908, "run on linux/amd64 without go command flags");
        assert_eq!(count(Class::None, false), 392, "import-free outside typeparam/");
        assert_eq!(count(Class::Rt, false), 60, "runtime/unsafe only outside typeparam/");
        assert_eq!(count(Class::None, true), 66, "import-free in typeparam/");
    }
}
