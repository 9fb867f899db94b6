//! Differential tests: every `tests/programs/NAME.go` (and the module in
//! `tests/programs/modules/`) is built and run with the `rgo` binary, and its combined
//! output must equal `NAME.out`, which was recorded from gc 1.19 (`go run NAME.go`).
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

#[test]
fn module_with_packages_matches_gc() {
    let dir = programs_dir();
    let want = std::fs::read_to_string(dir.join("modules.out")).unwrap();
    let (got, ok) = rgo_run(&dir.join("modules"), &["."]);
    assert!(ok, "{got}");
    assert_eq!(got, want);
}
