//! Judging one test the way run.go's `run` action does: build it, run it in the test root
//! with its arguments, and require exit status 0 and output equal to the `.out` file next
//! to the test (no `.out` file: no output at all).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::discover::Test;
use crate::exec::{self, Finished};
use crate::mode::Mode;

pub struct Config {
    /// Which kind of test this run judges: `run` here, `errorcheck` in errorcheck.rs.
    pub mode: Mode,
    /// The `rgo` command (anything that implements `build -o OUT FILE...`).
    pub compiler: PathBuf,
    pub root: PathBuf,
    pub build_timeout: Duration,
    pub run_timeout: Duration,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Pass,
    /// The build failed; the first line of its output.
    BuildFailed(String),
    BuildTimeout,
    RunTimeout,
    /// Nonzero exit or death by signal; the status and the first line of output.
    BadExit(String, String),
    /// Exit 0, wrong output; a short description of the first difference.
    Mismatch(String),
    /// Errorcheck: the first way the errors differ from the ERROR comments.
    WrongErrors(String),
    /// Errorcheck: the build succeeded, but the test expects errors.
    UnexpectedSuccess,
    /// Errorcheck: the compiler panicked, reported an internal error or died by a signal.
    Crash(String),
    /// The harness could not do its part (temp dir, spawning the compiler).
    HarnessError(String),
}

impl Outcome {
    pub fn passed(&self) -> bool {
        *self == Outcome::Pass
    }

    pub fn reason(&self) -> String {
        match self {
            Outcome::Pass => "ok".into(),
            Outcome::BuildFailed(line) => format!("build failed: {line}"),
            Outcome::BuildTimeout => "build timed out".into(),
            Outcome::RunTimeout => "run timed out".into(),
            Outcome::BadExit(status, line) if line.is_empty() => status.clone(),
            Outcome::BadExit(status, line) => format!("{status}: {line}"),
            Outcome::Mismatch(what) => format!("output mismatch: {what}"),
            Outcome::WrongErrors(what) => format!("wrong errors: {what}"),
            Outcome::UnexpectedSuccess => "compilation succeeded unexpectedly".into(),
            Outcome::Crash(what) => format!("compiler crashed: {what}"),
            Outcome::HarnessError(e) => format!("harness error: {e}"),
        }
    }
}

/// Judges `test` as its mode asks, using `work` (an empty directory of its own) for the
/// binary and the captured output. Returns the outcome and the full output of the
/// failing step (for --verbose).
pub fn run_test(cfg: &Config, test: &Test, work: &Path) -> (Outcome, Vec<u8>) {
    match cfg.mode {
        Mode::Run => build_and_run(cfg, test, work),
        Mode::Errorcheck => crate::errorcheck::run_test(cfg, test, work),
    }
}

/// The `run` action: build, run, compare the output.
fn build_and_run(cfg: &Config, test: &Test, work: &Path) -> (Outcome, Vec<u8>) {
    let exe = work.join("x");
    let log = work.join("output");

    let mut build = Command::new(&cfg.compiler);
    build.arg("build").arg("-o").arg(&exe).arg(&test.path).args(&test.extra_files);
    match exec::run(build, &cfg.root, &log, cfg.build_timeout) {
        Err(e) => return (Outcome::HarnessError(format!("running {}: {e}", cfg.compiler.display())), vec![]),
        Ok(Finished::TimedOut { output }) => return (Outcome::BuildTimeout, output),
        Ok(Finished::Exited { status, output }) if !status.success() || !exe.exists() => {
            let first = first_line(&output);
            let line = match () {
                _ if !first.is_empty() => first,
                _ if status.success() => "the compiler succeeded but wrote no executable".into(),
                _ => exec::describe(status),
            };
            return (Outcome::BuildFailed(line), output);
        }
        Ok(Finished::Exited { .. }) => {}
    }

    let mut run = Command::new(&exe);
    run.args(&test.args);
    // run.go sets these for every command it starts; a few tests read them.
    for (k, v) in [("GOOS", "linux"), ("GOARCH", "amd64")] {
        if std::env::var_os(k).is_none() {
            run.env(k, v);
        }
    }
    let (status, output) = match exec::run(run, &cfg.root, &log, cfg.run_timeout) {
        Err(e) => return (Outcome::HarnessError(format!("running the test binary: {e}")), vec![]),
        Ok(Finished::TimedOut { output }) => return (Outcome::RunTimeout, output),
        Ok(Finished::Exited { status, output }) => (status, output),
    };
    if !status.success() {
        return (Outcome::BadExit(exec::describe(status), first_line(&output)), output);
    }
    let stem = test.path.strip_suffix(".go").unwrap_or(&test.path);
    let want_file = cfg.root.join(format!("{stem}.out"));
    let want = std::fs::read(&want_file).unwrap_or_default();
    // run.go normalizes CRLF in what the program printed (not in the .out file).
    let got = String::from_utf8_lossy(&output).replace("\r\n", "\n");
    match first_difference(got.as_bytes(), &want) {
        None => (Outcome::Pass, output),
        Some(what) => (Outcome::Mismatch(what), output),
    }
}

/// The first non-empty line, trimmed and shortened for a one-line report. The go
/// command's `# package` banner is passed over: the diagnostic under it is the news.
fn first_line(output: &[u8]) -> String {
    let text = String::from_utf8_lossy(output);
    let line = text.lines().map(str::trim).find(|l| !l.is_empty() && !l.starts_with("# ")).unwrap_or("");
    shorten(line)
}

fn shorten(s: &str) -> String {
    const MAX: usize = 120;
    match s.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// `None` if equal, else where they first differ: `line 3: got "x", want "y"`.
fn first_difference(got: &[u8], want: &[u8]) -> Option<String> {
    if got == want {
        return None;
    }
    let got = String::from_utf8_lossy(got);
    let want = String::from_utf8_lossy(want);
    if want.is_empty() {
        return Some(format!("want no output, got {:?}", shorten(got.lines().next().unwrap_or(""))));
    }
    let (mut g, mut w) = (got.split_inclusive('\n'), want.split_inclusive('\n'));
    for n in 1.. {
        match (g.next(), w.next()) {
            (Some(a), Some(b)) if a == b => continue,
            (a, b) => {
                let show = |l: Option<&str>| l.map_or("<end of output>".to_string(), |l| format!("{:?}", shorten(l)));
                return Some(format!("line {n}: got {}, want {}", show(a), show(b)));
            }
        }
    }
    unreachable!()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences() {
        assert_eq!(first_difference(b"a\nb\n", b"a\nb\n"), None);
        assert_eq!(
            first_difference(b"a\nc\n", b"a\nb\n").unwrap(),
            r#"line 2: got "c\n", want "b\n""#
        );
        assert_eq!(
            first_difference(b"a\n", b"a\nb\n").unwrap(),
            r#"line 2: got <end of output>, want "b\n""#
        );
        assert_eq!(first_difference(b"a", b"a\n").unwrap(), r#"line 1: got "a", want "a\n""#);
        assert_eq!(first_difference(b"oops\n", b"").unwrap(), r#"want no output, got "oops""#);
    }

    #[test]
    fn first_lines() {
        assert_eq!(first_line(b"\n  x.go:1:2: bad\nmore\n"), "x.go:1:2: bad");
        assert_eq!(first_line(b""), "");
        assert_eq!(first_line(b"# command-line-arguments\nx.go:3:1: bad\n"), "x.go:3:1: bad");
        assert_eq!(first_line("é".repeat(200).as_bytes()).chars().count(), 121);
    }
}
