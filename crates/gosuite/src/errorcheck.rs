//! Judging one `// errorcheck` test the way run.go's `errorcheck` action does: the build
//! must fail, and its errors must be exactly the ones the `// ERROR` comments ask for
//! (errmatch.rs). On top of run.go: a compiler that crashes (a Rust panic, an
//! `internal compiler error`, death by a signal) fails even if its errors matched —
//! the compiler must report bad programs, never fall over on them.
//!
//! The compiler runs as `COMPILER build -o OUT FILE` in the test root, so a gc wrapper
//! can be judged too. Unlike run.go's `go tool compile -e`, a build stops after ten
//! errors (`too many errors`), so a test expecting more cannot pass, with gc either.

use std::path::Path;
use std::process::Command;

use crate::discover::Test;
use crate::errmatch;
use crate::exec::{self, Finished};
use crate::runner::{Config, Outcome};
use crate::wanted;

pub fn run_test(cfg: &Config, test: &Test, work: &Path) -> (Outcome, Vec<u8>) {
    let src = match std::fs::read_to_string(cfg.root.join(&test.path)) {
        Ok(s) => s,
        Err(e) => return (Outcome::HarnessError(format!("reading {}: {e}", test.path)), vec![]),
    };
    let short = Path::new(&test.path).file_name().map_or(test.path.clone(), |n| n.to_string_lossy().into_owned());
    let wanted = match wanted::parse(&src, &short) {
        Ok(w) => w,
        Err(e) => return (Outcome::HarnessError(e), vec![]),
    };

    let exe = work.join("x");
    let log = work.join("output");
    let mut build = Command::new(&cfg.compiler);
    build.arg("build").arg("-o").arg(&exe).arg(&test.path);
    let (status, output) = match exec::run(build, &cfg.root, &log, cfg.build_timeout) {
        Err(e) => return (Outcome::HarnessError(format!("running {}: {e}", cfg.compiler.display())), vec![]),
        Ok(Finished::TimedOut { output }) => return (Outcome::BuildTimeout, output),
        Ok(Finished::Exited { status, output }) => (status, output),
    };
    let text = String::from_utf8_lossy(&output).into_owned();
    if let Some(why) = crash(status, &text) {
        return (Outcome::Crash(why), output);
    }
    if status.success() {
        return (Outcome::UnexpectedSuccess, output);
    }
    let problems = errmatch::check(errmatch::split_output(&text, &test.path, &short), &wanted);
    match problems.first() {
        None => (Outcome::Pass, output),
        Some(first) => {
            let more = match problems.len() - 1 {
                0 => String::new(),
                n => format!(" (and {n} more)"),
            };
            (Outcome::WrongErrors(format!("{}{more}", first.describe())), output)
        }
    }
}

/// Why the compiler's run counts as a crash, if it does. Rust exits with 101 after a
/// panic; gc and rgo both say `internal compiler error` for their own bugs.
fn crash(status: std::process::ExitStatus, text: &str) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    if let Some(i) = lines.iter().position(|l| l.contains("panicked at")) {
        // Since Rust 1.73 the panic's message is on the line after `panicked at FILE:`.
        let msg = lines.get(i + 1).map_or("", |l| l.trim());
        return Some(format!("{} {msg}", lines[i].trim()));
    }
    if let Some(l) = lines.iter().find(|l| l.contains("internal compiler error")) {
        return Some(l.trim().to_string());
    }
    if status.code() == Some(101) || status.code().is_none() {
        return Some(exec::describe(status));
    }
    None
}
