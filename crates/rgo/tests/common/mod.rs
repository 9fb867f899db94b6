//! Helpers shared by the end-to-end tests that link hand-written Plan 9 assembly (a
//! stand-in for compiled Go) with the embedded runtime and run the result.
#![allow(dead_code)] // each test file uses its own subset
use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

#[path = "../../src/runtime_files.rs"]
mod runtime_files;

/// A scratch directory for one test binary's executables (`rgo-TAG-PID`).
pub fn tmpdir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rgo-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Assembles `main_src` as `main.s`, links it with the runtime's assembly and archive
/// and writes the executable to `path`.
pub fn link_with_runtime(path: &Path, main_src: &str) {
    let mut inputs = Vec::new();
    for (file, src) in runtime_files::RUNTIME_ASM.iter().copied().chain([("main.s", main_src)]) {
        let obj = rgo_asm::assemble(file, src).unwrap_or_else(|ds| {
            let msgs: Vec<String> = ds.iter().map(|d| d.to_string()).collect();
            panic!("assembling {file}:\n{}", msgs.join("\n"))
        });
        inputs.push(rgo_link::Input {
            name: file.into(),
            data: Cow::Owned(obj),
            kind: rgo_link::InputKind::Object,
        });
    }
    inputs.push(rgo_link::Input {
        name: "librgo_runtime.a".into(),
        data: Cow::Borrowed(runtime_files::RUNTIME_ARCHIVE),
        kind: rgo_link::InputKind::Archive,
    });
    let exe = rgo_link::link(&inputs, &rgo_link::Config::default()).unwrap_or_else(|e| panic!("link: {e}"));
    std::fs::write(path, exe).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// Runs `cmd` to completion. Tests run in parallel threads: a child forked by another
/// test may still hold a just-written executable open for a moment (ETXTBSY), so
/// that error is retried.
pub fn output(mut cmd: Command) -> Output {
    for _ in 0..100 {
        match cmd.output() {
            Err(e) if e.kind() == std::io::ErrorKind::ExecutableFileBusy => {
                std::thread::sleep(std::time::Duration::from_millis(10))
            }
            r => return r.unwrap(),
        }
    }
    panic!("{:?}: text file busy", cmd.get_program())
}

/// Runs `cmd` to completion like `output`, but kills it and fails the test after
/// `secs` seconds: a runtime bug that hangs a program must not hang the test run.
#[allow(dead_code)]
pub fn output_within(mut cmd: Command, secs: u64) -> Output {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("start the program");
    // Read both pipes meanwhile: a child writing more than a pipe holds would block.
    let mut pipes = [child.stdout.take().map(|p| Box::new(p) as Box<dyn Read + Send>), child.stderr.take().map(|p| Box::new(p) as Box<dyn Read + Send>)];
    let readers: Vec<_> = pipes
        .iter_mut()
        .map(|p| {
            let mut p = p.take().unwrap();
            std::thread::spawn(move || {
                let mut buf = vec![];
                let _ = p.read_to_end(&mut buf);
                buf
            })
        })
        .collect();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    let status = loop {
        if let Some(st) = child.try_wait().unwrap() {
            break st;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{:?} did not finish in {secs} s", cmd.get_program());
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    };
    let mut out = readers.into_iter().map(|r| r.join().unwrap());
    Output { status, stdout: out.next().unwrap(), stderr: out.next().unwrap() }
}

/// `rgo ARGS` run in `dir`.
pub fn rgo(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rgo")).args(args).current_dir(dir).output().expect("run rgo")
}

/// Writes `src` to `dir/NAME.go` and builds `dir/NAME` from it (named by its absolute
/// path); the build must succeed. Returns (executable, source file).
pub fn go_build(dir: &Path, name: &str, src: &str) -> (PathBuf, PathBuf) {
    std::fs::create_dir_all(dir).unwrap();
    let file = dir.join(format!("{name}.go"));
    std::fs::write(&file, src).unwrap();
    let exe = dir.join(name);
    let out = rgo(dir, &["build", "-o", exe.to_str().unwrap(), file.to_str().unwrap()]);
    assert!(out.status.success(), "rgo build: {}", stderr(&out));
    (exe, file)
}

/// A child's stderr as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
