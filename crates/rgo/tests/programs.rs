//! Differential tests: every `tests/programs/NAME.go` (and every module directory
//! `tests/programs/NAME/` with a go.mod) is built and run with the `rgo` binary, and
//! its combined output must equal `NAME.out`, which was recorded from gc 1.19.
//! The expected outputs are committed, so the test needs no Go installation.
use std::path::{Path, PathBuf};
use std::process::Command;

fn programs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/programs")
}

/// `rgo run ARGS` in `dir`: (combined output, success).
fn rgo_run(dir: &Path, args: &[&str]) -> (String, bool) {
    let out = Command::new(env!("CARGO_BIN_EXE_rgo"))
        .arg("run")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run rgo");
    let mut s = String::from_utf8_lossy(&out.stdout).into_owned();
    s.push_str(&String::from_utf8_lossy(&out.stderr));
    (s, out.status.success())
}

#[test]
fn programs_match_gc() {
    let dir = programs_dir();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".go"))
        .collect();
    names.sort();
    assert!(!names.is_empty());
    let mut failures = vec![];
    for n in &names {
        let want = std::fs::read_to_string(dir.join(n.replace(".go", ".out"))).unwrap();
        let (got, ok) = rgo_run(&dir, &[n]);
        if !ok || got != want {
            failures.push(format!("{n}:\n--- want\n{want}--- got\n{got}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every directory of tests/programs with a go.mod is a program built as a module
/// (`rgo run .`); its output must equal DIR.out, recorded from gc.
#[test]
fn module_programs_match_gc() {
    let dir = programs_dir();
    let mut mods: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.join("go.mod").exists())
        .collect();
    mods.sort();
    assert!(mods.len() >= 2);
    for m in mods {
        let name = m.file_name().unwrap().to_string_lossy().into_owned();
        let want = std::fs::read_to_string(dir.join(format!("{name}.out"))).unwrap();
        let (got, ok) = rgo_run(&m, &["."]);
        assert!(ok, "{name}: {got}");
        assert_eq!(got, want, "{name}");
    }
}

/// Builds `file` in `tests/programs/DIR` and runs it with GOMAXPROCS=`procs`, giving
/// it 20 s (the programs below never finish when the scheduler gets it wrong);
/// returns (stderr, exit code).
fn run_program(dir: &str, file: &str, procs: &str) -> (String, Option<i32>) {
    let dir = programs_dir().join(dir);
    let exe = std::env::temp_dir().join(format!("rgo-{}-{}", file.trim_end_matches(".go"), std::process::id()));
    let st = Command::new(env!("CARGO_BIN_EXE_rgo"))
        .args(["build", "-o"])
        .arg(&exe)
        .arg(file)
        .current_dir(&dir)
        .status()
        .expect("run rgo build");
    assert!(st.success());
    let mut child = Command::new(&exe)
        .env("GOMAXPROCS", procs)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run the program");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let out = child.wait_with_output().unwrap();
            let _ = std::fs::remove_file(&exe);
            return (String::from_utf8_lossy(&out.stderr).into_owned(), status.code());
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = std::fs::remove_file(&exe);
            panic!("{file} did not finish in 20 s");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// run_program on one P, which must succeed; returns stderr.
fn run_on_one_p(dir: &str, file: &str) -> String {
    let (out, code) = run_program(dir, file, "1");
    assert_eq!(code, Some(0), "{out}");
    out
}

/// Ms are made on demand up to gc's limit of 10,000, then the program dies as under gc.
#[test]
fn thread_limit_is_gc_fatal_error() {
    let (out, code) = run_program("threads", "limit.go", "2");
    assert_eq!(code, Some(2));
    assert!(out.starts_with("runtime: program exceeds 10000-thread limit\nfatal error: thread exhaustion\n"), "{out}");
}

/// A goroutine spinning in a call-free loop must not keep others from running, even
/// on one P: sysmon preempts it with a signal (runtime/src/preempt.rs).
#[test]
fn spinning_goroutine_is_preempted_on_one_p() {
    assert_eq!(run_on_one_p("gomaxprocs1", "spin.go"), "got 0\ngot 1\ngot 2\ndone\n");
}

/// A goroutine blocked in a system call must not keep others from running, even on
/// one P: sysmon hands its P to another thread (runtime/src/syscall.rs).
#[test]
fn blocking_read_does_not_stop_other_goroutines() {
    assert_eq!(run_on_one_p("syscall", "pipe.go"), "computed 1500500\nread hello, pipe\nbad fd errno 9\n");
}
