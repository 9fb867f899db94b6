//! `rgo build`, `rgo run` and `rgo tool`: the phases of a build, in order.
//!
//! build = load (parse) → check → compile (Cranelift object) → assemble the runtime's
//! .s files → link with the runtime archive → write the executable. Each phase takes
//! the previous one's output; `-x` prints each as it runs, `-work` keeps the objects.

use crate::load::{self, display_path};
use crate::runtime_files::{RUNTIME_ARCHIVE, RUNTIME_ASM};
use rgo_link::{Input, InputKind};
use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Flags shared by build and run.
#[derive(Default)]
struct BuildFlags {
    output: Option<String>,
    trace: bool,
    keep_work: bool,
    /// `tool compile -S`: print the Cranelift IR.
    print_ir: bool,
}

fn parse_flags(args: &[String], allow_o: bool) -> Result<(BuildFlags, Vec<String>), String> {
    let mut f = BuildFlags::default();
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        match a {
            "-o" if allow_o => {
                i += 1;
                f.output = Some(args.get(i).ok_or("flag needs an argument: -o")?.clone());
            }
            "-x" => f.trace = true,
            "-S" => f.print_ir = true,
            "-work" => f.keep_work = true,
            "--" => {
                i += 1;
                break;
            }
            _ if a.starts_with('-') => return Err(format!("flag provided but not defined: {a}\nusage: rgo build [-o output] [-x] [-work] [packages]")),
            _ => break,
        }
        i += 1;
    }
    Ok((f, args[i..].to_vec()))
}

/// A scratch directory for one build, removed on drop unless kept.
struct WorkDir {
    path: PathBuf,
    keep: bool,
}

impl WorkDir {
    fn new(keep: bool) -> Result<WorkDir, String> {
        let base = std::env::temp_dir();
        for n in 0..1000u32 {
            let p = base.join(format!("rgo-build{}-{n}", std::process::id()));
            if std::fs::create_dir(&p).is_ok() {
                return Ok(WorkDir { path: p, keep });
            }
        }
        Err("rgo: cannot create a work directory".into())
    }
}

impl Drop for WorkDir {
    fn drop(&mut self) {
        if !self.keep {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

/// The result of the front and middle phases: one object per input.
struct Objects {
    /// (name, bytes) of every relocatable object, the program's first.
    objs: Vec<(String, Vec<u8>)>,
}

fn stage(trace: bool, start: Instant, what: &str) {
    if trace {
        eprintln!("# {what} ({:.1} ms)", start.elapsed().as_secs_f64() * 1e3);
    }
}

/// Compiles the Go files of `paths` into the program's object. Errors come back
/// rendered, one per line, as gc prints them.
fn compile_go(paths: &[PathBuf], trace: bool) -> Result<Vec<u8>, Vec<String>> {
    compile_go_with(paths, trace, false).map(|o| o.object)
}

/// `compile_go`, optionally keeping each function's Cranelift IR (`tool compile -S`).
fn compile_go_with(paths: &[PathBuf], trace: bool, keep_ir: bool) -> Result<rgo_codegen::Output, Vec<String>> {
    let t = Instant::now();
    let pkg = load::load_program(paths)?;
    stage(trace, t, &format!("parse {} file(s) of {} package(s)", pkg.files.len(), pkg.packages.len()));
    let t = Instant::now();
    let (info, diags) = rgo_types::check_program(&pkg.files, &pkg.packages);
    if !diags.is_empty() {
        // gc: the first ten errors found, sorted by position; once there are ten, it
        // stops with "too many errors" at the position of the tenth found.
        let mut first: Vec<&(u32, rgo_syntax::Diagnostic)> = diags.iter().take(10).collect();
        first.sort_by_key(|(f, d)| (*f, d.pos));
        let mut errs: Vec<String> = first.iter().map(|(f, d)| d.render(&pkg.files[*f as usize])).collect();
        if let Some((f, d)) = diags.get(9) {
            let file = &pkg.files[*f as usize];
            let (l, c) = file.line_col(d.pos);
            errs.push(format!("{}:{}:{}: too many errors", file.name, l, c));
        }
        return Err(errs);
    }
    if info.name != "main" {
        return Err(vec![format!("package {} is not a main package", info.name)]);
    }
    stage(trace, t, "check");
    let t = Instant::now();
    // A bug in code generation must not end in a Rust panic message: report it as an
    // internal compiler error with the position-free diagnostic gc would give.
    // Relative file names are recorded as absolute, from here (as gc does).
    let work_dir = std::env::current_dir().map(|d| d.to_string_lossy().into_owned()).unwrap_or_default();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        rgo_codegen::compile_package(&pkg.files, &info, &rgo_codegen::Config { keep_ir, dir: work_dir.clone(), ..Default::default() })
    }));
    let _ = std::panic::take_hook();
    let result = result.map_err(|p| {
        let msg = p.downcast_ref::<String>().cloned().or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string())).unwrap_or_default();
        vec![format!("{}: internal compiler error: {msg}", pkg.files[0].name)]
    })?;
    let obj = result.map_err(|ds| {
        load::limit(
            ds.iter()
                .map(|d| {
                    let f = &pkg.files[d.file as usize];
                    let (l, c) = f.line_col(d.pos);
                    format!("{}:{}:{}: {}", f.name, l, c, d.message)
                })
                .collect(),
        )
    })?;
    stage(trace, t, "compile (cranelift)");
    Ok(obj)
}

/// Assembles the runtime's Plan 9 assembly files.
fn assemble_runtime(trace: bool) -> Result<Vec<(String, Vec<u8>)>, Vec<String>> {
    let t = Instant::now();
    let mut out = vec![];
    for (name, src) in RUNTIME_ASM {
        let obj = rgo_asm::assemble(name, src).map_err(|ds| ds.iter().map(|d| d.to_string()).collect::<Vec<_>>())?;
        out.push((name.replace(".s", ".o"), obj));
    }
    stage(trace, t, &format!("asm {} runtime file(s)", out.len()));
    Ok(out)
}

/// Links objects with the runtime archive into an executable image.
fn link(objs: &Objects, trace: bool) -> Result<Vec<u8>, Vec<String>> {
    let t = Instant::now();
    let mut inputs: Vec<Input> = objs
        .objs
        .iter()
        .map(|(n, b)| Input { name: n.clone(), data: Cow::Borrowed(b), kind: InputKind::Object })
        .collect();
    inputs.push(Input { name: "librgo_runtime.a".into(), data: Cow::Borrowed(RUNTIME_ARCHIVE), kind: InputKind::Archive });
    let cfg = rgo_link::Config { entry: "_rt0_amd64_linux".into(), ..Default::default() };
    let exe = rgo_link::link(&inputs, &cfg).map_err(|e| e.lines.clone())?;
    stage(trace, t, "link");
    Ok(exe)
}

/// Runs the whole build; on failure prints the errors (with gc's package header).
fn build(paths: &[PathBuf], flags: &BuildFlags, out: &Path) -> Result<(), String> {
    let work = WorkDir::new(flags.keep_work)?;
    if flags.keep_work {
        eprintln!("WORK={}", work.path.display());
    }
    let fail = |errs: Vec<String>| -> String { format!("# command-line-arguments\n{}", errs.join("\n")) };
    let main_obj = compile_go(paths, flags.trace).map_err(fail)?;
    let mut objs = Objects { objs: vec![("main.o".into(), main_obj)] };
    objs.objs.extend(assemble_runtime(flags.trace).map_err(fail)?);
    if flags.keep_work {
        for (n, b) in &objs.objs {
            std::fs::write(work.path.join(n), b).map_err(|e| format!("rgo: writing {n}: {e}"))?;
        }
        std::fs::write(work.path.join("librgo_runtime.a"), RUNTIME_ARCHIVE).map_err(|e| format!("rgo: {e}"))?;
    }
    let exe = link(&objs, flags.trace).map_err(fail)?;
    write_executable(out, &exe)
}

fn write_executable(out: &Path, bytes: &[u8]) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt;
    // Write then rename, so a failed build never leaves a partial binary behind.
    let tmp = out.with_extension("rgo-tmp");
    std::fs::write(&tmp, bytes).map_err(|e| format!("rgo: writing {}: {e}", out.display()))?;
    std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o755)).map_err(|e| format!("rgo: {e}"))?;
    std::fs::rename(&tmp, out).map_err(|e| format!("rgo: writing {}: {e}", out.display()))
}

/// `rgo build [-o out] [-x] [-work] FILES.go|DIR`.
pub fn cmd_build(args: &[String]) -> Result<u8, String> {
    let (flags, rest) = parse_flags(args, true)?;
    let paths = load::source_files(&rest)?;
    let out = match &flags.output {
        Some(o) => PathBuf::from(o),
        None => default_output(&paths, &rest),
    };
    build(&paths, &flags, &out)?;
    Ok(0)
}

/// gc names the binary after the first file (or the directory).
fn default_output(paths: &[PathBuf], args: &[String]) -> PathBuf {
    if args.len() == 1 && Path::new(&args[0]).is_dir() {
        let abs = std::fs::canonicalize(&args[0]).unwrap_or_else(|_| PathBuf::from(&args[0]));
        return PathBuf::from(abs.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or("main".into()));
    }
    PathBuf::from(paths[0].file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or("main".into()))
}

/// `rgo run FILES.go|DIR [args...]`: build into a work directory and run.
pub fn cmd_run(args: &[String]) -> Result<u8, String> {
    let (flags, rest) = parse_flags(args, false)?;
    // Files are the leading *.go arguments (or one directory); the rest go to the program.
    let nfiles = rest.iter().take_while(|a| a.ends_with(".go")).count();
    let (files, prog_args) = if nfiles == 0 && !rest.is_empty() && Path::new(&rest[0]).is_dir() { rest.split_at(1) } else { rest.split_at(nfiles) };
    if files.is_empty() {
        return Err("rgo: no go files listed".into());
    }
    let paths = load::source_files(files)?;
    let work = WorkDir::new(flags.keep_work)?;
    let exe = work.path.join(default_output(&paths, files));
    build(&paths, &flags, &exe)?;
    let status = std::process::Command::new(&exe)
        .args(prog_args)
        .status()
        .map_err(|e| format!("rgo: running {}: {e}", exe.display()))?;
    use std::os::unix::process::ExitStatusExt;
    match status.code() {
        Some(0) => Ok(0),
        Some(c) => {
            eprintln!("exit status {c}");
            Ok(1)
        }
        None => {
            eprintln!("signal: {}", status.signal().map(signal_name).unwrap_or("unknown"));
            Ok(1)
        }
    }
}

fn signal_name(s: i32) -> &'static str {
    match s {
        6 => "aborted",
        9 => "killed",
        11 => "segmentation fault",
        _ => "terminated",
    }
}

/// `rgo tool compile|asm|link`: one stage alone, object files in and out.
pub fn cmd_tool(args: &[String]) -> Result<u8, String> {
    let Some(tool) = args.first() else {
        println!("asm\ncompile\nlink");
        return Ok(0);
    };
    let (flags, rest) = parse_flags(&args[1..], true)?;
    match tool.as_str() {
        "compile" => {
            // -S prints each function's Cranelift IR (gc's -S prints assembly).
            let print_ir = flags.print_ir;
            let paths = load::source_files(&rest)?;
            let out = compile_go_with(&paths, flags.trace, print_ir).map_err(|e| e.join("\n"))?;
            if print_ir {
                print!("{}", out.ir);
            }
            let obj = out.object;
            let out = flags.output.unwrap_or_else(|| format!("{}.o", paths[0].file_stem().unwrap().to_string_lossy()));
            std::fs::write(&out, obj).map_err(|e| format!("rgo: writing {out}: {e}"))?;
            Ok(0)
        }
        "asm" => {
            let [file] = rest.as_slice() else { return Err("usage: rgo tool asm [-o file.o] file.s".into()) };
            let src = std::fs::read_to_string(file).map_err(|e| format!("open {file}: {e}"))?;
            let obj = rgo_asm::assemble(&display_path(file), &src).map_err(|ds| ds.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n"))?;
            let out = flags.output.unwrap_or_else(|| file.trim_end_matches(".s").to_string() + ".o");
            std::fs::write(&out, obj).map_err(|e| format!("rgo: writing {out}: {e}"))?;
            Ok(0)
        }
        "link" => {
            // Objects named on the command line, then the runtime (its .s files and archive).
            let mut objs = Objects { objs: vec![] };
            for f in &rest {
                let b = std::fs::read(f).map_err(|e| format!("open {f}: {e}"))?;
                objs.objs.push((f.clone(), b));
            }
            objs.objs.extend(assemble_runtime(flags.trace).map_err(|e| e.join("\n"))?);
            let exe = link(&objs, flags.trace).map_err(|e| e.join("\n"))?;
            let out = flags.output.unwrap_or_else(|| "a.out".into());
            write_executable(Path::new(&out), &exe)?;
            Ok(0)
        }
        other => Err(format!("rgo tool: no such tool \"{other}\"")),
    }
}
