//! End-to-end check of the runtime: the embedded runtime (archive + Plan 9 asm, see
//! src/runtime_files.rs) is assembled and linked by rgo's own assembler and linker
//! with a hand-written `main` package in Plan 9 assembly standing in for compiled
//! Go, and the executable is run: output, exit status, GODEBUG traces.
use std::path::PathBuf;
use std::process::{Command, Output};

mod common;
use common::stderr;

/// A built executable, deleted when dropped.
struct Exe(PathBuf);

impl Drop for Exe {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Assembles and links `main_src` with the runtime into a temporary executable.
fn build(name: &str, main_src: &str) -> Exe {
    let path = common::tmpdir("runtime-e2e").join(name);
    common::link_with_runtime(&path, main_src);
    Exe(path)
}

fn run(exe: &Exe, env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(&exe.0);
    cmd.env_remove("GODEBUG").env_remove("GOMAXPROCS");
    for (k, v) in env {
        cmd.env(k, v);
    }
    common::output(cmd)
}

/// `var x = f()` (one 800-byte allocation in main's init: 896 bytes, its size class, as gc counts it) and a println in main.main.
const HELLO: &str = r#"
#include "textflag.h"

TEXT main·init(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	MOVQ	$800, DI
	MOVQ	$0, SI
	MOVQ	$1, DX
	CALL	runtime·mallocgc(SB)
	MOVQ	AX, x<>(SB)
	POPQ	BP
	RET

TEXT main·main(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	CALL	runtime·printlock(SB)
	LEAQ	msg<>(SB), DI
	MOVQ	$5, SI
	CALL	runtime·printstring(SB)
	CALL	runtime·printsp(SB)
	MOVQ	$-42, DI
	CALL	runtime·printint(SB)
	CALL	runtime·printnl(SB)
	CALL	runtime·printunlock(SB)
	POPQ	BP
	RET

DATA msg<>+0(SB)/5, $"hello"
GLOBL msg<>(SB), RODATA, $8
GLOBL x<>(SB), NOPTR, $8

DATA main··inittask+0(SB)/8, $0
DATA main··inittask+8(SB)/8, $0
DATA main··inittask+16(SB)/8, $1
DATA main··inittask+24(SB)/8, $main·init(SB)
GLOBL main··inittask(SB), NOPTR, $32
"#;

#[test]
fn hello_runs_and_exits_zero() {
    let exe = build("hello", HELLO);
    let o = run(&exe, &[]);
    assert_eq!(stderr(&o), "hello -42\n");
    assert_eq!(o.status.code(), Some(0));
    for procs in ["1", "3"] {
        let o = run(&exe, &[("GOMAXPROCS", procs)]);
        assert_eq!(
            (stderr(&o).as_str(), o.status.code()),
            ("hello -42\n", Some(0)),
            "GOMAXPROCS={procs}"
        );
    }
}

#[test]
fn boottrace_lists_the_start_up_in_order() {
    let exe = build("boottrace", HELLO);
    let o = run(&exe, &[("GODEBUG", "boottrace=1"), ("GOMAXPROCS", "3")]);
    let err = stderr(&o);
    let stages: Vec<&str> = err
        .lines()
        .filter_map(|l| l.strip_prefix("boot "))
        .map(|l| l.split(" @").next().unwrap())
        .collect();
    assert_eq!(
        stages,
        [
            "rt0_go",
            "check",
            "args",
            "osinit",
            "stackinit",
            "mallocinit",
            "mcommoninit",
            "goargs",
            "goenvs",
            "parsedebugvars",
            "gcinit",
            "procresize",
            "schedinit",
            "newproc",
            "mstart",
            "schedule",
            "execute",
            "runtime.main",
            "newm(sysmon)",
            "lockOSThread",
            "doInit runtime",
            "gcenable",
            "doInit main",
            "unlockOSThread",
            "main.main",
            "exit",
        ],
        "{err}"
    );
    assert!(err.contains(" procs=3 maxmcount=10000 "), "{err}");
    assert!(err.contains("boot newproc @") && err.contains(" goid=1 "), "{err}");
    assert!(err.contains(" ms bgworkers=2\n"), "{err}");
    assert!(err.contains("\nhello -42\nboot exit @"), "{err}");
    assert!(err.ends_with(" ms code=0\n"), "{err}");
}

#[test]
fn inittrace_counts_init_allocations() {
    let exe = build("inittrace", HELLO);
    let o = run(&exe, &[("GODEBUG", "inittrace=1")]);
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 3, "{err}");
    assert!(
        lines[0].starts_with("init runtime @") && lines[0].ends_with(" ms clock, 0 bytes, 0 allocs"),
        "{err}"
    );
    assert!(
        lines[1].starts_with("init main @") && lines[1].ends_with(" ms clock, 896 bytes, 1 allocs"),
        "{err}"
    );
    assert_eq!(lines[2], "hello -42");
}

/// 1000 goroutines started with newproc(worker, i): each adds 1 to a counter, yields,
/// adds its argument i to a sum and 1 to the counter again.
const GOROUTINES: &str = r#"
#include "textflag.h"

TEXT main·main(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	PUSHQ	BX
	PUSHQ	R12
	MOVQ	$0, BX
spawn:
	LEAQ	main·worker(SB), DI
	MOVQ	BX, SI
	CALL	runtime·newproc(SB)
	ADDQ	$1, BX
	CMPQ	BX, $1000
	JLT	spawn
wait:
	MOVQ	main·counter(SB), AX
	CMPQ	AX, $2000
	JGE	done
	CALL	runtime·Gosched(SB)
	JMP	wait
done:
	CALL	runtime·printlock(SB)
	MOVQ	main·counter(SB), DI
	CALL	runtime·printint(SB)
	CALL	runtime·printsp(SB)
	MOVQ	main·sum(SB), DI
	CALL	runtime·printint(SB)
	CALL	runtime·printnl(SB)
	CALL	runtime·printunlock(SB)
	POPQ	R12
	POPQ	BX
	POPQ	BP
	RET

TEXT main·worker(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	PUSHQ	BX
	PUSHQ	R12
	MOVQ	DI, BX
	MOVQ	$1, AX
	LOCK
	XADDQ	AX, main·counter(SB)
	CALL	runtime·Gosched(SB)
	LOCK
	XADDQ	BX, main·sum(SB)
	MOVQ	$1, AX
	LOCK
	XADDQ	AX, main·counter(SB)
	POPQ	R12
	POPQ	BX
	POPQ	BP
	RET

GLOBL main·counter(SB), NOPTR, $8
GLOBL main·sum(SB), NOPTR, $8

DATA main··inittask+0(SB)/8, $0
DATA main··inittask+8(SB)/8, $0
DATA main··inittask+16(SB)/8, $0
GLOBL main··inittask(SB), NOPTR, $24
"#;

#[test]
fn goroutines_run_on_several_threads() {
    let exe = build("goroutines", GOROUTINES);
    for procs in ["1", "2", "4"] {
        for _ in 0..5 {
            let o = run(&exe, &[("GOMAXPROCS", procs)]);
            assert_eq!(
                (stderr(&o).as_str(), o.status.code()),
                ("2000 499500\n", Some(0)),
                "GOMAXPROCS={procs}"
            );
        }
    }
}

#[test]
fn schedtrace_prints_gc_format() {
    // main spins ~40 ms so that sysmon prints a few lines.
    let src = r#"
#include "textflag.h"
TEXT main·main(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	PUSHQ	BX
	PUSHQ	R12
	CALL	runtime·nanotime(SB)
	MOVQ	AX, BX
spin:
	CALL	runtime·nanotime(SB)
	SUBQ	BX, AX
	CMPQ	AX, $40000000
	JLT	spin
	POPQ	R12
	POPQ	BX
	POPQ	BP
	RET
DATA main··inittask+0(SB)/8, $0
DATA main··inittask+8(SB)/8, $0
DATA main··inittask+16(SB)/8, $0
GLOBL main··inittask(SB), NOPTR, $24
"#;
    let exe = build("schedtrace", src);
    let o = run(&exe, &[("GODEBUG", "schedtrace=10"), ("GOMAXPROCS", "3")]);
    let err = stderr(&o);
    // sysmon may be in the middle of a line when main returns and the process exits
    // (as with gc): only complete lines count.
    let complete = &err[..err.rfind('\n').map_or(0, |i| i + 1)];
    let lines: Vec<&str> = complete.lines().collect();
    assert!(lines.len() >= 2, "{err}");
    assert!(lines[0].starts_with("SCHED 0ms: gomaxprocs=3 idleprocs="), "{err}");
    for l in &lines {
        assert!(
            l.starts_with("SCHED ") && l.contains(" spinningthreads=") && l.contains(" runqueue="),
            "{err}"
        );
        assert_eq!(l.matches(' ').count(), 10, "three Ps: `[a b c]` in {l}");
        assert!(l.ends_with(']'), "{err}");
    }
    assert_eq!(o.status.code(), Some(0));
}

/// panic(v) where v's type descriptor is `kind`/`name` and its boxed value `data`.
fn panic_src(kind: u8, name: &str, data: &str) -> String {
    panic_src_with(kind, name, data, "LEAQ\tval<>(SB), SI")
}

/// panic_src with the instruction that loads the data word into SI.
fn panic_src_with(kind: u8, name: &str, data: &str, load_data: &str) -> String {
    format!(
        r#"
#include "textflag.h"
TEXT main·main(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	LEAQ	typ<>(SB), DI
	{load_data}
	CALL	runtime·gopanic(SB)
	POPQ	BP
	RET
DATA typ<>+0(SB)/8, $8
DATA typ<>+8(SB)/8, $0
DATA typ<>+16(SB)/4, $0
DATA typ<>+20(SB)/1, $0
DATA typ<>+21(SB)/1, $8
DATA typ<>+22(SB)/1, $8
DATA typ<>+23(SB)/1, ${kind}
DATA typ<>+48(SB)/8, $name<>(SB)
DATA typ<>+56(SB)/8, ${len}
GLOBL typ<>(SB), RODATA, $64
DATA name<>+0(SB)/{len}, $"{name}"
GLOBL name<>(SB), RODATA, $16
DATA str<>+0(SB)/4, $"boom"
GLOBL str<>(SB), RODATA, $8
{data}
GLOBL val<>(SB), RODATA, $16
DATA main··inittask+0(SB)/8, $0
DATA main··inittask+8(SB)/8, $0
DATA main··inittask+16(SB)/8, $0
GLOBL main··inittask(SB), NOPTR, $24
"#,
        len = name.len()
    )
}

#[test]
fn unrecovered_panics_print_like_gc_and_exit_2() {
    let cases = [
        (2, "int", "DATA val<>+0(SB)/8, $5", "panic: 5"),
        (2, "main.MyInt", "DATA val<>+0(SB)/8, $5", "panic: main.MyInt(5)"),
        (
            24,
            "string",
            "DATA val<>+0(SB)/8, $str<>(SB)\nDATA val<>+8(SB)/8, $4",
            "panic: boom",
        ),
        (
            24,
            "main.S",
            "DATA val<>+0(SB)/8, $str<>(SB)\nDATA val<>+8(SB)/8, $4",
            "panic: main.S(\"boom\")",
        ),
        (1, "main.B", "DATA val<>+0(SB)/1, $1", "panic: main.B(true)"),
    ];
    for (i, (kind, name, data, want)) in cases.iter().enumerate() {
        let exe = build(&format!("panic{i}"), &panic_src(*kind, name, data));
        let o = run(&exe, &[]);
        assert_eq!(stderr(&o), format!("{want}\n\ngoroutine 1 [running]:\n"));
        assert_eq!(o.status.code(), Some(2));
    }
    // A pointer is a direct interface value (kind bit 5): gc prints the data word.
    let exe = build("panic_ptr", &panic_src_with(22 | 32, "*int", "", "MOVQ\t$0x5064c0, SI"));
    let o = run(&exe, &[]);
    assert_eq!(stderr(&o), "panic: (*int) 0x5064c0\n\ngoroutine 1 [running]:\n");
    assert_eq!(o.status.code(), Some(2));
    // A struct is not printable: gc shows the type and the data address.
    let exe = build("panic_struct", &panic_src(25, "main.T", "DATA val<>+0(SB)/8, $1"));
    let o = run(&exe, &[]);
    assert!(stderr(&o).starts_with("panic: (main.T) 0x4"), "{}", stderr(&o));
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn runtime_error_panics() {
    let src = r#"
#include "textflag.h"
TEXT main·main(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	MOVQ	$5, DI
	MOVQ	$3, SI
	CALL	runtime·panicIndex(SB)
	POPQ	BP
	RET
DATA main··inittask+0(SB)/8, $0
DATA main··inittask+8(SB)/8, $0
DATA main··inittask+16(SB)/8, $0
GLOBL main··inittask(SB), NOPTR, $24
"#;
    let o = run(&build("panic_index", src), &[]);
    assert_eq!(
        stderr(&o),
        "panic: runtime error: index out of range [5] with length 3\n\ngoroutine 1 [running]:\n"
    );
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn deadlock_is_a_fatal_error() {
    // `select {}` in main with no other goroutine: checkdead notices when the last M
    // goes idle.
    let src = r#"
#include "textflag.h"
TEXT main·main(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	CALL	runtime·block(SB)
	POPQ	BP
	RET
DATA main··inittask+0(SB)/8, $0
DATA main··inittask+8(SB)/8, $0
DATA main··inittask+16(SB)/8, $0
GLOBL main··inittask(SB), NOPTR, $24
"#;
    let exe = build("deadlock", src);
    for procs in ["1", "2"] {
        let o = run(&exe, &[("GOMAXPROCS", procs)]);
        assert_eq!(
            stderr(&o),
            "fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 [select (no cases)]:\n"
        );
        assert_eq!(o.status.code(), Some(2));
    }
}

#[test]
fn faults_become_runtime_errors() {
    let nil = r#"
#include "textflag.h"
TEXT main·main(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	MOVQ	$0, AX
	MOVQ	8(AX), DI
	CALL	runtime·printint(SB)
	POPQ	BP
	RET
DATA main··inittask+0(SB)/8, $0
DATA main··inittask+8(SB)/8, $0
DATA main··inittask+16(SB)/8, $0
GLOBL main··inittask(SB), NOPTR, $24
"#;
    let o = run(&build("nil", nil), &[]);
    let err = stderr(&o);
    assert!(
        err.starts_with(
            "panic: runtime error: invalid memory address or nil pointer dereference\n\
             [signal SIGSEGV: segmentation violation code=0x1 addr=0x8 pc=0x4"
        ),
        "{err}"
    );
    assert!(err.ends_with("]\n\ngoroutine 1 [running]:\n"), "{err}");
    assert_eq!(o.status.code(), Some(2));

    // Unbounded recursion on a goroutine's stack ends in its guard page.
    let rec = r#"
#include "textflag.h"
TEXT main·main(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	CALL	main·rec(SB)
	POPQ	BP
	RET
TEXT main·rec(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	SUBQ	$4096, SP
	MOVQ	$1, 0(SP)
	CALL	main·rec(SB)
	ADDQ	$4096, SP
	POPQ	BP
	RET
DATA main··inittask+0(SB)/8, $0
DATA main··inittask+8(SB)/8, $0
DATA main··inittask+16(SB)/8, $0
GLOBL main··inittask(SB), NOPTR, $24
"#;
    let o = run(&build("overflow", rec), &[]);
    let err = stderr(&o);
    assert!(err.starts_with("runtime: goroutine stack exceeds "), "{err}");
    assert!(
        err.ends_with("]\nfatal error: stack overflow\n\ngoroutine 1 [running]:\n"),
        "{err}"
    );
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn print_formats_like_gc() {
    // Expected lines come from gc 1.19's println of the same values.
    let cases: &[(u64, &str)] = &[
        (0x0000000000000000, "+0.000000e+000"),
        (0x8000000000000000, "-0.000000e+000"),
        (0x3ff8000000000000, "+1.500000e+000"),
        (0xc002000000000000, "-2.250000e+000"),
        (0x54b249ad2594c37d, "+1.000000e+100"),
        (0x0000000000000001, "+4.940656e-324"),
        (0x419d6f3454000000, "+1.234568e+008"),
        (0x3fb999999999999a, "+1.000000e-001"),
        (0x4023fffffd5c0000, "+1.000000e+001"),
        (0x7ff8000000000001, "NaN"),
        (0x7ff0000000000000, "+Inf"),
        (0xfff0000000000000, "-Inf"),
    ];
    let mut src = String::from("#include \"textflag.h\"\nTEXT main·main(SB),NOSPLIT,$0\n\tPUSHQ\tBP\n\tMOVQ\tSP, BP\n");
    let mut data = String::new();
    for (i, (bits, _)) in cases.iter().enumerate() {
        src += &format!(
            "\tMOVSD\tf<>+{}(SB), X0\n\tCALL\truntime·printfloat(SB)\n\tCALL\truntime·printnl(SB)\n",
            i * 8
        );
        data += &format!("DATA f<>+{}(SB)/8, ${:#x}\n", i * 8, bits);
    }
    src += "\tMOVQ\t$-9223372036854775808, DI\n\tCALL\truntime·printint(SB)\n\tCALL\truntime·printsp(SB)\n";
    src += "\tMOVQ\t$-1, DI\n\tCALL\truntime·printuint(SB)\n\tCALL\truntime·printsp(SB)\n";
    src += "\tMOVQ\t$0, DI\n\tCALL\truntime·printpointer(SB)\n\tCALL\truntime·printsp(SB)\n";
    src += "\tMOVQ\t$1, DI\n\tCALL\truntime·printbool(SB)\n\tCALL\truntime·printnl(SB)\n";
    src += "\tPOPQ\tBP\n\tRET\n";
    src += &data;
    src += &format!("GLOBL f<>(SB), RODATA, ${}\n", cases.len() * 8);
    src += "DATA main··inittask+0(SB)/8, $0\nDATA main··inittask+8(SB)/8, $0\nDATA main··inittask+16(SB)/8, $0\n";
    src += "GLOBL main··inittask(SB), NOPTR, $24\n";
    let o = run(&build("print", &src), &[]);
    let mut want: String = cases.iter().map(|(_, s)| format!("{s}\n")).collect();
    want += "-9223372036854775808 18446744073709551615 0x0 true\n";
    assert_eq!(stderr(&o), want);
    assert_eq!(o.status.code(), Some(0));
}

/// How much of the stack guard a frame checked against SP itself may use is one
/// number in three places: the compiler's check, the assembler's and the runtime's
/// (ARCHITECTURE.md, calling convention).
#[test]
fn stack_small_is_the_same_in_compiler_assembler_and_runtime() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let value = |file: &str| -> String {
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        let at = text.find("const STACK_SMALL: ").unwrap_or_else(|| panic!("no STACK_SMALL in {file}"));
        let rest = &text[at..];
        rest[rest.find('=').unwrap() + 1..rest.find(';').unwrap()].trim().to_string()
    };
    let runtime = value("crates/runtime/src/stack.rs");
    assert_eq!(value("crates/codegen/src/emit.rs"), runtime);
    assert_eq!(value("crates/asm/src/frame.rs"), runtime);
}
