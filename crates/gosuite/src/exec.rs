//! Running one command with a time limit, stdout and stderr combined.
//!
//! The child gets its own process group so that a timeout kills everything it started
//! (`go build` runs compile and link as children; a test program may fork). Both output
//! streams go to one file through the same open file description, so their interleaving
//! is the program's own order, as with run.go's shared buffer.

use std::fs::File;
use std::io::Read;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// Output beyond this is dropped: enough for any expected-output file in the suite, and
/// it keeps a runaway test from filling memory.
const MAX_OUTPUT: u64 = 16 << 20;

pub enum Finished {
    Exited { status: ExitStatus, output: Vec<u8> },
    TimedOut { output: Vec<u8> },
}

unsafe extern "C" {
    // libc's kill(2); std is linked with libc anyway, so no crate is needed for it.
    fn kill(pid: i32, sig: i32) -> i32;
}
const SIGKILL: i32 = 9;

/// Runs `cmd` in `cwd`, with its combined output collected in `out_file` (a path the
/// caller owns), killing its process group after `limit`.
pub fn run(mut cmd: Command, cwd: &Path, out_file: &Path, limit: Duration) -> std::io::Result<Finished> {
    let out = File::create(out_file)?;
    cmd.current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(out.try_clone()?)
        .stderr(out)
        .process_group(0);
    let mut child = cmd.spawn()?;
    let pgid = child.id() as i32;
    let start = Instant::now();
    // Poll with a growing interval: most test programs exit within milliseconds, a few
    // run for seconds; polling keeps this free of signals and extra threads.
    let mut pause = Duration::from_millis(1);
    let result = loop {
        if let Some(status) = child.try_wait()? {
            break Some(status);
        }
        if start.elapsed() >= limit {
            break None;
        }
        std::thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(20));
    };
    let status = match result {
        Some(s) => Some(s),
        None => {
            // The child is not reaped yet, so its pid (and the group id) cannot have
            // been reused: the signal reaches only what this test started.
            // SAFETY: plain system call; a negative pid names the child's process group.
            unsafe { kill(-pgid, SIGKILL) };
            child.wait()?;
            None
        }
    };
    let mut output = Vec::new();
    File::open(out_file)?.take(MAX_OUTPUT).read_to_end(&mut output)?;
    Ok(match status {
        Some(status) => Finished::Exited { status, output },
        None => Finished::TimedOut { output },
    })
}

/// "exit status 2" / "signal 11 (core dumped)", as Go's os/exec words it.
pub fn describe(status: ExitStatus) -> String {
    if let Some(code) = status.code() {
        format!("exit status {code}")
    } else if let Some(sig) = status.signal() {
        let core = if status.core_dumped() { " (core dumped)" } else { "" };
        format!("signal {sig}{core}")
    } else {
        status.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sh(script: &str, limit_ms: u64) -> Finished {
        let dir = std::env::temp_dir().join(format!("rgo-gosuite-exec-{}-{}", std::process::id(), limit_ms));
        std::fs::create_dir_all(&dir).unwrap();
        let mut cmd = Command::new("/bin/sh");
        cmd.arg("-c").arg(script);
        let f = run(cmd, &dir, &dir.join("out"), Duration::from_millis(limit_ms)).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        f
    }

    #[test]
    fn combined_output_in_order() {
        match sh("echo a; echo b >&2; echo c; exit 3", 5000) {
            Finished::Exited { status, output } => {
                assert_eq!(output, b"a\nb\nc\n");
                assert_eq!(describe(status), "exit status 3");
            }
            Finished::TimedOut { .. } => panic!("timed out"),
        }
    }

    #[test]
    fn timeout_kills_the_group() {
        let start = Instant::now();
        // The grandchild `sleep` would keep running if only the shell were killed.
        assert!(matches!(sh("echo x; sleep 30 & wait", 200), Finished::TimedOut { .. }));
        assert!(start.elapsed() < Duration::from_secs(10));
    }
}
