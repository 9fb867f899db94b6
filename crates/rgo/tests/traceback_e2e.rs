//! End-to-end checks of the function table (crates/runtime/src/symtab.rs) and stack
//! walking (traceback.rs): runtime.Callers, FuncForPC, funcfileline, callerinfo and
//! the tracebacks of panics and deadlocks.
//!
//! The first tests link hand-written Plan 9 assembly standing in for compiled Go with
//! a hand-built `main..functab` (ARCHITECTURE.md, "Function table"), so the offsets and
//! lines are known exactly; the sizes and call offsets quoted in comments are those of
//! rgo's assembler. The last test compiles real Go with the rgo binary. Expected
//! outputs are gc 1.19's where the equivalent Go program prints the same; runtime
//! frames have no file or line in rgo.
use std::path::{Path, PathBuf};
use std::process::Command;

mod common;

fn tmpdir() -> PathBuf {
    common::tmpdir("traceback-e2e")
}

/// Assembles and links `main_src` with the runtime; returns the executable's path.
fn build(name: &str, main_src: &str) -> PathBuf {
    let path = tmpdir().join(name);
    common::link_with_runtime(&path, main_src);
    path
}

/// Runs exe; returns (stderr, exit code).
fn run(exe: &Path, procs: &str) -> (String, Option<i32>) {
    run_env(exe, procs, &[])
}

/// run with extra environment variables.
fn run_env(exe: &Path, procs: &str, env: &[(&str, &str)]) -> (String, Option<i32>) {
    let mut cmd = Command::new(exe);
    cmd.env_remove("GODEBUG").env_remove("GOTRACEBACK").env("GOMAXPROCS", procs);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let o = common::output(cmd);
    (common::stderr(&o), o.status.code())
}

/// One function of a hand-built functab: (symbol, code size, file, lines).
struct Func<'a> {
    sym: &'a str,
    size: u64,
    file: &'a str,
    lines: &'a [(u32, u32)],
}

/// Plan 9 DATA for `main..functab` and its strings and line tables.
fn functab(funcs: &[Func]) -> String {
    let mut s = String::new();
    let mut data = |sym: &str, off: usize, width: usize, val: &str| {
        s.push_str(&format!("DATA {sym}+{off}(SB)/{width}, ${val}\n"));
    };
    data("main··functab", 0, 8, &funcs.len().to_string());
    let mut extra = String::new();
    for (i, f) in funcs.iter().enumerate() {
        let o = 8 + 64 * i;
        let name = f.sym.replace('·', ".");
        data("main··functab", o, 8, &format!("{}(SB)", f.sym));
        data("main··functab", o + 8, 8, &f.size.to_string());
        data("main··functab", o + 16, 8, &format!("name{i}<>(SB)"));
        data("main··functab", o + 24, 8, &name.len().to_string());
        data("main··functab", o + 32, 8, &format!("file{i}<>(SB)"));
        data("main··functab", o + 40, 8, &f.file.len().to_string());
        data("main··functab", o + 48, 8, &format!("lines{i}<>(SB)"));
        data("main··functab", o + 56, 8, &f.lines.len().to_string());
        for (str_sym, text) in [(format!("name{i}<>"), name.as_str()), (format!("file{i}<>"), f.file)] {
            for (k, chunk) in text.as_bytes().chunks(8).enumerate() {
                extra.push_str(&format!(
                    "DATA {str_sym}+{}(SB)/{}, $\"{}\"\n",
                    8 * k,
                    chunk.len(),
                    std::str::from_utf8(chunk).unwrap()
                ));
            }
            extra.push_str(&format!("GLOBL {str_sym}(SB), RODATA, ${}\n", text.len().div_ceil(8) * 8));
        }
        for (k, (off, line)) in f.lines.iter().enumerate() {
            extra.push_str(&format!("DATA lines{i}<>+{}(SB)/4, ${off}\n", 8 * k));
            extra.push_str(&format!("DATA lines{i}<>+{}(SB)/4, ${line}\n", 8 * k + 4));
        }
        extra.push_str(&format!("GLOBL lines{i}<>(SB), RODATA, ${}\n", 8 * f.lines.len().max(1)));
    }
    s.push_str(&format!("GLOBL main··functab(SB), RODATA, ${}\n", 8 + 64 * funcs.len()));
    s + &extra
}

/// ```go
/// func main() {                      // x.go:10
///     f()                            // :11
///     g()                            // :12
/// }
/// func f() {                         // :20
///     n := runtime.Callers(0, pcs)   // :21
///     print(n); for each pc: print(" ", name of FuncForPC(pc-1), " ", its line)   // :22
///     runtime.Caller(0)              // :25
///     runtime.Caller(1)              // :26
///     runtime.Caller(9)              // :27
/// }
/// func g() {                         // :29
///     panicdivide()                  // :30
/// }
/// ```
const CALLERS_MAIN: &str = r#"
#include "textflag.h"

// size 0x10; calls return to 0x9 and 0xe.
TEXT main·main(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	CALL	main·f(SB)
	CALL	main·g(SB)
	POPQ	BP
	RET

// size 0xa8; Callers returns to 0x22, callerinfo(0) to 0x6d.
TEXT main·f(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	PUSHQ	BX
	PUSHQ	R12
	MOVQ	$0, DI
	LEAQ	pcs<>(SB), SI
	MOVQ	$8, DX
	MOVQ	$8, CX
	CALL	runtime·Callers(SB)
	MOVQ	AX, BX
	CALL	runtime·printlock(SB)
	MOVQ	BX, DI
	CALL	runtime·printint(SB)
	MOVQ	$0, R12
loop:
	CMPQ	R12, BX
	JGE	done
	CALL	runtime·printsp(SB)
	LEAQ	pcs<>(SB), AX
	MOVQ	(AX)(R12*8), DI
	CALL	main·pname(SB)
	INCQ	R12
	JMP	loop
done:
	CALL	runtime·printnl(SB)
	MOVQ	$0, DI
	LEAQ	out<>(SB), SI
	CALL	runtime·callerinfo(SB)
	CALL	main·pout(SB)
	MOVQ	$1, DI
	LEAQ	out<>(SB), SI
	CALL	runtime·callerinfo(SB)
	CALL	main·pout(SB)
	MOVQ	$9, DI
	LEAQ	out<>(SB), SI
	CALL	runtime·callerinfo(SB)
	CALL	main·pout(SB)
	CALL	runtime·printunlock(SB)
	POPQ	R12
	POPQ	BX
	POPQ	BP
	RET

// size 0xb; panicdivide's return address is 0x9.
TEXT main·g(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	CALL	runtime·panicdivide(SB)
	POPQ	BP
	RET

// pname(pc): prints the name of FuncForPC(pc-1), or nil, then " line" of pc-1 by
// funcfileline when the line is known.
TEXT main·pname(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	PUSHQ	BX
	PUSHQ	R12
	MOVQ	DI, R12
	DECQ	R12
	MOVQ	R12, DI
	CALL	runtime·FuncForPC(SB)
	MOVQ	AX, BX
	CMPQ	BX, $0
	JNE	named
	LEAQ	nilstr<>(SB), DI
	MOVQ	$3, SI
	CALL	runtime·printstring(SB)
	JMP	pdone
named:
	MOVQ	16(BX), DI
	MOVQ	24(BX), SI
	CALL	runtime·printstring(SB)
	MOVQ	BX, DI
	MOVQ	R12, SI
	LEAQ	out<>(SB), DX
	CALL	runtime·funcfileline(SB)
	CMPQ	out<>+16(SB), $0
	JEQ	pdone
	CALL	runtime·printsp(SB)
	MOVQ	out<>+16(SB), DI
	CALL	runtime·printint(SB)
pdone:
	POPQ	R12
	POPQ	BX
	POPQ	BP
	RET

// pout(): prints callerinfo's result as "file line ok".
TEXT main·pout(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	MOVQ	out<>+8(SB), DI
	MOVQ	out<>+16(SB), SI
	CALL	runtime·printstring(SB)
	CALL	runtime·printsp(SB)
	MOVQ	out<>+24(SB), DI
	CALL	runtime·printint(SB)
	CALL	runtime·printsp(SB)
	MOVQ	out<>+32(SB), DI
	CALL	runtime·printint(SB)
	CALL	runtime·printnl(SB)
	POPQ	BP
	RET

GLOBL pcs<>(SB), NOPTR, $64
GLOBL out<>(SB), NOPTR, $40
DATA nilstr<>+0(SB)/3, $"nil"
GLOBL nilstr<>(SB), RODATA, $8
DATA main··inittask+0(SB)/8, $0
DATA main··inittask+8(SB)/8, $0
DATA main··inittask+16(SB)/8, $0
GLOBL main··inittask(SB), NOPTR, $24
"#;

fn callers_program() -> String {
    // Entries out of address order on purpose: the runtime sorts them.
    let tab = functab(&[
        Func { sym: "main·g", size: 0xb, file: "/tmp/x.go", lines: &[(0, 29), (4, 30)] },
        Func { sym: "main·main", size: 0x10, file: "/tmp/x.go", lines: &[(0, 10), (4, 11), (9, 12), (14, 13)] },
        Func {
            sym: "main·f",
            size: 0xa8,
            file: "/tmp/x.go",
            lines: &[(0, 20), (0x10, 21), (0x22, 22), (0x5c, 25), (0x72, 26), (0x88, 27)],
        },
    ]);
    format!("{CALLERS_MAIN}\n{tab}")
}

#[test]
fn callers_funcforpc_caller_and_panic_traceback() {
    let exe = build("callers", &callers_program());
    for procs in ["1", "2"] {
        let (err, code) = run(&exe, procs);
        assert_eq!(
            err,
            "5 runtime.Callers main.f 21 main.main 11 runtime.main runtime.goexit\n\
             /tmp/x.go 25 1\n\
             /tmp/x.go 11 1\n\
             \x200 0\n\
             panic: runtime error: integer divide by zero\n\
             \n\
             goroutine 1 [running]:\n\
             main.g(...)\n\
             \t/tmp/x.go:30 +0x9\n\
             main.main()\n\
             \t/tmp/x.go:12 +0xe\n",
            "GOMAXPROCS={procs}"
        );
        assert_eq!(code, Some(2));
    }
}

/// ```go
/// func main() {        // y.go:3
///     go h()           // :5
///     <-nilchan        // :6
/// }
/// func h() {           // :9
///     <-nilchan        // :10
/// }
/// ```
const DEADLOCK_MAIN: &str = r#"
#include "textflag.h"
// size 0x28; newproc returns to 0x15, chanrecv1 to 0x26.
TEXT main·main(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	LEAQ	main·h(SB), DI
	MOVQ	$0, SI
	CALL	runtime·newproc(SB)
	MOVQ	$0, DI
	LEAQ	out<>(SB), SI
	CALL	runtime·chanrecv1(SB)
	POPQ	BP
	RET

// size 0x17; chanrecv1 returns to 0x15.
TEXT main·h(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	MOVQ	$0, DI
	LEAQ	out<>(SB), SI
	CALL	runtime·chanrecv1(SB)
	POPQ	BP
	RET

GLOBL out<>(SB), NOPTR, $40
DATA main··inittask+0(SB)/8, $0
DATA main··inittask+8(SB)/8, $0
DATA main··inittask+16(SB)/8, $0
GLOBL main··inittask(SB), NOPTR, $24
"#;

#[test]
fn deadlock_prints_each_goroutines_frames_and_creator() {
    let tab = functab(&[
        Func { sym: "main·main", size: 0x28, file: "/tmp/y.go", lines: &[(0, 3), (0x10, 5), (0x15, 6), (0x26, 7)] },
        Func { sym: "main·h", size: 0x17, file: "/tmp/y.go", lines: &[(0, 9), (0x10, 10)] },
    ]);
    let exe = build("deadlock", &format!("{DEADLOCK_MAIN}\n{tab}"));
    let (err, code) = run(&exe, "2");
    assert_eq!(code, Some(2));
    assert!(
        err.starts_with(
            "fatal error: all goroutines are asleep - deadlock!\n\n\
             goroutine 1 [chan receive (nil chan)]:\n\
             main.main()\n\
             \t/tmp/y.go:6 +0x26\n"
        ),
        "{err}"
    );
    assert!(
        err.contains(
            " [chan receive (nil chan)]:\n\
             main.h(...)\n\
             \t/tmp/y.go:10 +0x15\n\
             created by main.main\n\
             \t/tmp/y.go:5 +0x15\n"
        ),
        "{err}"
    );
}

/// Without a functab of its own a program links against the runtime's empty weak one
/// and prints a bare goroutine header (the other runtime tests rely on this).
#[test]
fn empty_functab_links_and_prints_no_frames() {
    let src = CALLERS_MAIN.to_string();
    let exe = build("nofunctab", &src);
    let (err, code) = run(&exe, "1");
    assert_eq!(code, Some(2));
    // Callers and Caller report only the frames they can name.
    assert!(err.starts_with("3 runtime.Callers runtime.main runtime.goexit\n"), "{err}");
    assert!(err.ends_with("\ngoroutine 1 [running]:\n"), "{err}");
}

/// Compiles Go source `src` with the rgo binary; returns (executable, source path).
fn go_build(name: &str, src: &str) -> (PathBuf, PathBuf) {
    common::go_build(&tmpdir(), name, src)
}

/// A Go program compiled by rgo (main..functab from the compiler).
#[test]
fn go_program_callers_caller_and_traceback() {
    let (exe, src) = go_build(
        "tb",
        r#"package main

import "runtime"

type T struct{}

func (t *T) M() {
	pc, file, line, ok := runtime.Caller(0)
	println(runtime.FuncForPC(pc).Name(), file, line, ok)
	_, _, line, _ = runtime.Caller(1)
	println(line)
	pcs := make([]uintptr, 16)
	n := runtime.Callers(1, pcs)
	for _, pc := range pcs[:n] {
		f := runtime.FuncForPC(pc - 1)
		print(f.Name(), " ")
		if f.Name() == "main.main" {
			_, line := f.FileLine(pc - 1)
			print(line, " ", pc > f.Entry(), " ")
		}
	}
	println()
}

func crash(p *int) int {
	return *p
}

func main() {
	var t T
	t.M()
	println(runtime.FuncForPC(0) == nil, runtime.FuncForPC(0).Name() == "")
	crash(nil)
}
"#,
    );
    let (err, code) = run(&exe, "2");
    let file = src.to_str().unwrap();
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(code, Some(2), "{err}");
    assert_eq!(lines[0], format!("main.(*T).M {file} 8 true"), "{err}");
    assert_eq!(lines[1], "31", "{err}");
    assert_eq!(lines[2], "main.(*T).M main.main 31 true runtime.main runtime.goexit ", "{err}");
    assert_eq!(lines[3], "true true", "{err}");
    assert_eq!(lines[4], "panic: runtime error: invalid memory address or nil pointer dereference");
    assert!(lines[5].starts_with("[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc="));
    assert_eq!(lines[6..9], ["", "goroutine 1 [running]:", "main.crash(...)"], "{err}");
    assert!(lines[9].starts_with(&format!("\t{file}:26 +0x")), "{err}");
    assert_eq!(lines[10], "main.main()", "{err}");
    assert!(lines[11].starts_with(&format!("\t{file}:33 +0x")), "{err}");
    assert_eq!(lines.len(), 12, "{err}");
}

/// A panic in a goroutine ends with gc's `created by` line; the goroutine may panic
/// before the go statement's newproc returns (gopc is set before the G is queued).
#[test]
fn go_program_goroutine_panic_names_its_creator() {
    let (exe, src) = go_build(
        "gopanic",
        r#"package main

type T struct{}

func (t *T) M(x int) {
	panic("boom")
}

func main() {
	c := make(chan int)
	go func() {
		var t T
		t.M(3)
		c <- 1
	}()
	<-c
}
"#,
    );
    let file = src.to_str().unwrap();
    for procs in ["1", "2", "4"] {
        let (err, code) = run(&exe, procs);
        assert_eq!(code, Some(2), "{err}");
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines[..4], ["panic: boom", "", lines[2], "main.(*T).M(...)"], "{err}");
        assert!(lines[2].starts_with("goroutine ") && lines[2].ends_with(" [running]:"), "{err}");
        assert!(lines[4].starts_with(&format!("\t{file}:6 +0x")), "{err}");
        assert_eq!(lines[5], "main.main.func1(...)", "{err}");
        assert!(lines[6].starts_with(&format!("\t{file}:13 +0x")), "{err}");
        assert_eq!(lines[7], "created by main.main", "{err}");
        assert!(lines[8].starts_with(&format!("\t{file}:11 +0x")), "{err}");
        assert_eq!(lines.len(), 9, "{err}");
    }
    // GOTRACEBACK=none: the message only; all: the other goroutines follow.
    let (err, code) = run_env(&exe, "2", &[("GOTRACEBACK", "none")]);
    assert_eq!((err.as_str(), code), ("panic: boom\n", Some(2)));
    // One P, so main is surely parked in its receive (not running on another thread).
    let (err, code) = run_env(&exe, "1", &[("GOTRACEBACK", "all")]);
    assert_eq!(code, Some(2));
    let tail = format!("\n\ngoroutine 1 [chan receive]:\nmain.main()\n\t{file}:16 +0x");
    assert!(err.contains(&tail), "{err}");
}

/// A stack overflow (guard page hit, reported from the signal handler) walks the
/// goroutine's stack from the faulting frame and stops after 100 frames, as gc does.
#[test]
fn go_program_stack_overflow_traceback_is_cut_at_100_frames() {
    let (exe, src) = go_build(
        "overflow",
        r#"package main

func f(n int) int {
	if n == 0 {
		return 0
	}
	return f(n-1) + 1
}

func main() {
	println(f(1 << 40))
}
"#,
    );
    let file = src.to_str().unwrap();
    let (err, code) = run(&exe, "2");
    assert_eq!(code, Some(2), "{err}");
    // The main goroutine has gc's 1 GB limit on a fixed stack; others grow to it.
    assert!(err.starts_with("runtime: goroutine stack exceeds 1000000000-byte limit\n"), "{err}");
    assert!(err.contains("fatal error: stack overflow\n\ngoroutine 1 [running]:\nmain.f(...)\n"), "{err}");
    assert_eq!(err.matches("main.f(...)\n").count(), 100, "{err}");
    // The innermost frame may be in f's prologue (line 3 in gc's table).
    assert!(err.matches(&format!("\t{file}:7 +0x")).count() >= 99, "{err}");
    assert!(err.ends_with("...additional frames elided...\n"), "{err}");
}

/// A goroutine started after 40000 others, each on its own small stack, grows its
/// stack by copying up to gc's limit and then gets gc's stack overflow report
/// instead of running into its neighbour's stack.
#[test]
fn go_program_stack_overflow_is_caught_past_40000_goroutines() {
    let (exe, _) = go_build(
        "overflow40k",
        r#"package main

func rec(n int) int {
	var pad [64]int
	pad[n%64] = n
	return rec(n+1) + pad[3]
}

func main() {
	block := make(chan int)
	for i := 0; i < 40000; i++ {
		go func() { <-block }()
	}
	done := make(chan int)
	go func() { done <- rec(0) }()
	<-done
}
"#,
    );
    let (err, code) = run(&exe, "2");
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("fatal error: stack overflow\n\ngoroutine 400"), "{err}");
    assert!(err.contains(" [running]:\nmain.rec(...)\n"), "{err}");
}

/// File names in the function table are absolute, as gc records them, even when the
/// file was named relative to the working directory (diagnostics keep `./x.go`).
#[test]
fn go_program_file_names_are_absolute() {
    let dir = tmpdir().join("relative");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("rel.go"),
        "package main\n\nimport \"runtime\"\n\nfunc main() {\n\t_, file, line, _ := runtime.Caller(0)\n\tprintln(file, line)\n}\n",
    )
    .unwrap();
    let out = common::rgo(&dir, &["build", "-o", "rel", "rel.go"]);
    assert!(out.status.success(), "rgo build: {}", common::stderr(&out));
    let (err, code) = run(&dir.join("rel"), "1");
    assert_eq!(code, Some(0), "{err}");
    let want = format!("{} 6\n", std::fs::canonicalize(&dir).unwrap().join("rel.go").display());
    assert_eq!(err, want);
}

/// A nil pointer found by an explicit check (here: a value method reached through a
/// nil embedded pointer) panics through a real fault, as gc's checks do, so the
/// report has gc's signal line.
#[test]
fn go_program_explicit_nil_check_reports_the_signal() {
    let (exe, _) = go_build(
        "nilcheck",
        r#"package main

type D struct{ x int }

func (d D) f() int { return d.x }

type B struct{ *D }

func main() {
	var b B
	println(b.f())
}
"#,
    );
    let (err, code) = run(&exe, "1");
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.starts_with(
            "panic: runtime error: invalid memory address or nil pointer dereference\n\
             [signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x"
        ),
        "{err}"
    );
    assert!(err.contains("\n\ngoroutine 1 [running]:\nmain.main()"), "{err}");
}

/// A deferred call run at return (calldeferret's forged frame link, defer_amd64.s)
/// sees the deferring function and its callers, as with gc's open-coded defers
/// (Go's test/fixedbugs/issue14646.go).
#[test]
fn go_program_deferred_call_sees_the_deferring_frames() {
    let (exe, src) = go_build(
        "deferred",
        r#"package main

import "runtime"

func main() {
	var file string
	var line int
	func() {
		defer func() {
			_, file, line, _ = runtime.Caller(1)
			pcs := make([]uintptr, 10)
			n := runtime.Callers(0, pcs)
			for _, pc := range pcs[:n] {
				print(runtime.FuncForPC(pc-1).Name(), " ")
			}
			println()
		}()
	}() // this is the expected line
	println(file, line)
}
"#,
    );
    let (err, code) = run(&exe, "2");
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        err,
        format!(
            "runtime.Callers main.main.func1.1 main.main.func1 main.main runtime.main runtime.goexit \n{} 18\n",
            src.display()
        )
    );
}

/// ```go
/// func main() {                         // fr.go:10
///     f()                               // :11
/// }
/// func f() {                            // :20
///     n := runtime.Callers(1, pcs)      // :21
///     frames := runtime.CallersFrames(pcs[:n])
///     for { fr, more := frames.Next(); println(fr.Function, fr.Line, hex(fr.PC-fr.Entry), more); if !more { break } }
/// }
/// ```
/// `frames.Next()` is `framesnext(frames, &fr) -> more` (ARCHITECTURE.md).
const FRAMES_MAIN: &str = r#"
// main.main: size 0xb, f returns to 0x9. main.f: size 0xad, Callers returns to 0x22.
#include "textflag.h"

TEXT main·main(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	CALL	main·f(SB)
	POPQ	BP
	RET

TEXT main·f(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	PUSHQ	BX
	PUSHQ	R12
	MOVQ	$1, DI
	LEAQ	pcs<>(SB), SI
	MOVQ	$8, DX
	MOVQ	$8, CX
	CALL	runtime·Callers(SB)
	LEAQ	pcs<>(SB), DI
	MOVQ	AX, SI
	MOVQ	AX, DX
	CALL	runtime·CallersFrames(SB)
	MOVQ	AX, BX
	CALL	runtime·printlock(SB)
loop:
	MOVQ	BX, DI
	LEAQ	fr<>(SB), SI
	CALL	runtime·framesnext(SB)
	MOVBQZX	AL, R12
	MOVQ	fr<>+16(SB), DI
	MOVQ	fr<>+24(SB), SI
	CALL	runtime·printstring(SB)
	CALL	runtime·printsp(SB)
	MOVQ	fr<>+48(SB), DI
	CALL	runtime·printint(SB)
	CALL	runtime·printsp(SB)
	MOVQ	fr<>+0(SB), DI
	SUBQ	fr<>+56(SB), DI
	CALL	runtime·printhex(SB)
	CALL	runtime·printsp(SB)
	MOVQ	R12, DI
	CALL	runtime·printint(SB)
	CALL	runtime·printnl(SB)
	CMPQ	R12, $0
	JNE	loop
	CALL	runtime·printunlock(SB)
	POPQ	R12
	POPQ	BX
	POPQ	BP
	RET

GLOBL pcs<>(SB), NOPTR, $64
GLOBL fr<>(SB), NOPTR, $64
DATA main··inittask+0(SB)/8, $0
DATA main··inittask+8(SB)/8, $0
DATA main··inittask+16(SB)/8, $0
GLOBL main··inittask(SB), NOPTR, $24
"#;

#[test]
fn callers_frames_yields_call_pcs_names_and_lines() {
    let tab = functab(&[
        Func { sym: "main·main", size: 0xb, file: "/tmp/fr.go", lines: &[(0, 10), (4, 11), (9, 12)] },
        Func { sym: "main·f", size: 0xad, file: "/tmp/fr.go", lines: &[(0, 20), (0x10, 21), (0x22, 22)] },
    ]);
    let exe = build("frames", &format!("{FRAMES_MAIN}\n{tab}"));
    let (err, code) = run(&exe, "1");
    assert_eq!(code, Some(0), "{err}");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 4, "{err}");
    assert_eq!(lines[0], "main.f 21 0x21 1");
    assert_eq!(lines[1], "main.main 11 0x8 1");
    assert!(lines[2].starts_with("runtime.main 0 0x") && lines[2].ends_with(" 1"), "{err}");
    assert_eq!(lines[3], "runtime.goexit 0 0x0 0");
}

/// runtime.Breakpoint traps; as under gc, the program dies with the SIGTRAP report
/// and the goroutine's traceback, exit status 2.
#[test]
fn breakpoint_is_reported_like_gc() {
    let (exe, _) = common::go_build(
        &tmpdir().join("breakpoint"),
        "breakpoint",
        "package main\n\nimport \"runtime\"\n\nfunc f() {\n\truntime.Breakpoint()\n}\n\nfunc main() {\n\tprintln(\"before\")\n\tf()\n\tprintln(\"after\")\n}\n",
    );
    let (out, code) = run(&exe, "1");
    assert_eq!(code, Some(2), "{out}");
    assert!(out.starts_with("before\nSIGTRAP: trace trap\nPC=0x"), "{out}");
    assert!(out.contains(" m=0 sigcode=128\n\ngoroutine 1 [running]:\nmain.f("), "{out}");
    assert!(!out.contains("after"), "{out}");
}
