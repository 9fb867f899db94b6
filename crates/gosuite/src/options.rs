//! Command-line options. Hand-parsed: the harness has no dependencies.

use std::path::PathBuf;
use std::time::Duration;

use crate::imports::Class;
use crate::mode::Mode;

pub const USAGE: &str = "\
usage: rgo-gosuite --compiler PATH [options]

Runs the `// run` tests of Go's test suite: builds each with `PATH build -o OUT FILE`,
runs it in the test root and compares its output with the .out file. With
`--mode errorcheck`, runs the `// errorcheck` tests instead: the same build must fail
with exactly the errors the test's `// ERROR \"regexp\"` comments ask for, and without
crashing.

options:
  --compiler PATH      the rgo command (required)
  --mode M             run (default) or errorcheck; errorcheck searches . ken chan
                       interface fixedbugs and skips tests whose recipe has compiler
                       flags that change gc's checking (all but -d=panic and -t N)
  --root DIR           the suite (default /usr/share/go-1.19/test)
  --list FILE          the list of tests that must pass (tests/gosuite/passing.txt,
                       tests/gosuite/errorcheck_passing.txt for errorcheck);
                       a listed test that fails is a REGRESSION and the exit status is 1
  --update             add newly passing tests to --list (never removes)
  -j N                 parallel tests (default: number of CPUs)
  --filter SUBSTR      only tests whose path contains SUBSTR (repeatable: any of them)
  --class C[,C]        only tests of these classes: none (no imports), rt (only runtime
                       and/or unsafe), other; or all (default)
  --build-timeout S    seconds per build (default 30)
  --run-timeout S      seconds per run (default 10)
  --verbose            print passing tests, skips and the output of failures
  --count              only discover and classify; print the counts, run nothing
                       (with --verbose: one line per test: path, class, recipe, skip)
";

pub struct Options {
    pub compiler: Option<PathBuf>,
    pub mode: Mode,
    pub root: PathBuf,
    pub list: Option<PathBuf>,
    pub update: bool,
    pub jobs: usize,
    pub filters: Vec<String>,
    pub classes: Vec<Class>,
    pub build_timeout: Duration,
    pub run_timeout: Duration,
    pub verbose: bool,
    pub count_only: bool,
}

pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Options, String> {
    let mut o = Options {
        compiler: None,
        mode: Mode::Run,
        root: PathBuf::from("/usr/share/go-1.19/test"),
        list: None,
        update: false,
        jobs: std::thread::available_parallelism().map_or(1, |n| n.get()),
        filters: Vec::new(),
        classes: Class::ALL.to_vec(),
        build_timeout: Duration::from_secs(30),
        run_timeout: Duration::from_secs(10),
        verbose: false,
        count_only: false,
    };
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        // Accept both `--opt value` and `--opt=value`.
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let mut value = |what: &str| -> Result<String, String> {
            inline.clone().or_else(|| args.next()).ok_or(format!("{name} needs {what}"))
        };
        match name.as_str() {
            "--compiler" => o.compiler = Some(PathBuf::from(value("a path")?)),
            "--mode" => {
                let m = value("a mode")?;
                o.mode = Mode::from_name(&m).ok_or(format!("unknown mode {m:?} (run, errorcheck)"))?
            }
            "--root" => o.root = PathBuf::from(value("a directory")?),
            "--list" => o.list = Some(PathBuf::from(value("a file")?)),
            "--update" => o.update = true,
            "-j" | "--jobs" => {
                o.jobs = value("a number")?.parse().ok().filter(|&n| n > 0).ok_or("-j needs a positive number")?
            }
            "--filter" => o.filters.push(value("a substring")?),
            "--class" => o.classes = parse_classes(&value("a class")?)?,
            "--build-timeout" => o.build_timeout = seconds(&value("seconds")?)?,
            "--run-timeout" => o.run_timeout = seconds(&value("seconds")?)?,
            "--verbose" | "-v" => o.verbose = true,
            "--count" => o.count_only = true,
            "-h" | "--help" => return Err(String::new()),
            _ => return Err(format!("unknown argument {arg:?}")),
        }
    }
    if o.compiler.is_none() && !o.count_only {
        return Err("--compiler is required".into());
    }
    if o.update && o.list.is_none() {
        return Err("--update needs --list".into());
    }
    Ok(o)
}

fn parse_classes(s: &str) -> Result<Vec<Class>, String> {
    if s == "all" {
        return Ok(Class::ALL.to_vec());
    }
    s.split(',')
        .map(|c| Class::from_name(c).ok_or(format!("unknown class {c:?} (none, rt, other, all)")))
        .collect()
}

fn seconds(s: &str) -> Result<Duration, String> {
    s.parse::<f64>()
        .ok()
        .filter(|&x| x > 0.0)
        .map(Duration::from_secs_f64)
        .ok_or(format!("bad number of seconds {s:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(args: &[&str]) -> Result<Options, String> {
        parse(args.iter().map(|s| s.to_string()))
    }

    #[test]
    fn defaults_and_values() {
        let o = p(&["--compiler", "rgo", "--filter=ken/", "-j", "3", "--class", "none,rt"]).unwrap();
        assert_eq!(o.compiler.unwrap(), PathBuf::from("rgo"));
        assert_eq!(o.filters, ["ken/"]);
        assert_eq!(o.jobs, 3);
        assert_eq!(o.classes, [Class::None, Class::Rt]);
        assert_eq!(o.run_timeout, Duration::from_secs(10));
        assert_eq!(o.mode, Mode::Run);
        assert_eq!(p(&["--compiler", "x", "--mode=errorcheck"]).unwrap().mode, Mode::Errorcheck);
    }

    #[test]
    fn errors() {
        assert!(p(&[]).is_err());
        assert!(p(&["--compiler", "x", "--update"]).is_err());
        assert!(p(&["--compiler", "x", "--class", "some"]).is_err());
        assert!(p(&["--compiler", "x", "-j", "0"]).is_err());
        assert!(p(&["--compiler"]).is_err());
        assert!(p(&["--count"]).is_ok());
        assert!(p(&["--compiler", "x", "--mode", "compile"]).is_err());
    }
}
