//! End-to-end checks of the runtime's language support (defer/panic/recover, maps,
//! channels, select, itabs) before the compiler emits calls to it: hand-written Plan 9
//! assembly stands in for compiled Go, following ARCHITECTURE.md's "Runtime ABI for
//! the full language", and is linked with the embedded runtime and run. Expected
//! outputs are gc 1.19's for the equivalent Go programs (quoted above each test).
use std::path::PathBuf;
use std::process::Command;

mod common;

/// Assembles and links `main_src` (plus the shared type descriptors) with the
/// runtime; returns the executable's path.
fn build(name: &str, main_src: &str) -> PathBuf {
    let path = common::tmpdir("lang-e2e").join(name);
    common::link_with_runtime(&path, &format!("{main_src}\n{TYPES}"));
    path
}

/// Runs exe (with GOMAXPROCS=procs) and returns (stderr, exit code).
fn run(exe: &PathBuf, procs: &str) -> (String, Option<i32>) {
    let mut cmd = Command::new(exe);
    cmd.env_remove("GODEBUG").env("GOMAXPROCS", procs);
    let o = common::output(cmd);
    (common::stderr(&o), o.status.code())
}

fn check(name: &str, src: &str, want: &str, code: i32) {
    let exe = build(name, src);
    for procs in ["1", "4"] {
        for _ in 0..3 {
            assert_eq!(run(&exe, procs), (want.to_string(), Some(code)), "{name}, GOMAXPROCS={procs}");
        }
    }
    let _ = std::fs::remove_file(&exe);
}

/// Type descriptors (96 bytes, ARCHITECTURE.md) shared by the programs: int, string,
/// map[int]int, chan int, the `error` interface; and an empty main..inittask.
const TYPES: &str = r#"
DATA tint<>+0(SB)/8, $8
DATA tint<>+21(SB)/1, $8
DATA tint<>+22(SB)/1, $8
DATA tint<>+23(SB)/1, $2
DATA tint<>+24(SB)/8, $runtime·memequal64(SB)
DATA tint<>+48(SB)/8, $nint<>(SB)
DATA tint<>+56(SB)/8, $3
DATA tint<>+72(SB)/8, $runtime·memhash64(SB)
GLOBL tint<>(SB), RODATA, $96
DATA nint<>+0(SB)/3, $"int"
GLOBL nint<>(SB), RODATA, $8

DATA tstring<>+0(SB)/8, $16
DATA tstring<>+21(SB)/1, $8
DATA tstring<>+22(SB)/1, $8
DATA tstring<>+23(SB)/1, $24
DATA tstring<>+24(SB)/8, $runtime·strequal(SB)
DATA tstring<>+48(SB)/8, $nstring<>(SB)
DATA tstring<>+56(SB)/8, $6
DATA tstring<>+72(SB)/8, $runtime·strhash(SB)
GLOBL tstring<>(SB), RODATA, $96
DATA nstring<>+0(SB)/6, $"string"
GLOBL nstring<>(SB), RODATA, $8

DATA tmap<>+0(SB)/8, $8
DATA tmap<>+21(SB)/1, $8
DATA tmap<>+22(SB)/1, $8
DATA tmap<>+23(SB)/1, $53
DATA tmap<>+48(SB)/8, $nmap<>(SB)
DATA tmap<>+56(SB)/8, $11
DATA tmap<>+80(SB)/8, $tint<>(SB)
DATA tmap<>+88(SB)/8, $tint<>(SB)
GLOBL tmap<>(SB), RODATA, $96
DATA nmap<>+0(SB)/11, $"map[int]int"
GLOBL nmap<>(SB), RODATA, $16

DATA terror<>+0(SB)/8, $16
DATA terror<>+21(SB)/1, $8
DATA terror<>+22(SB)/1, $8
DATA terror<>+23(SB)/1, $20
DATA terror<>+24(SB)/8, $runtime·interequal(SB)
DATA terror<>+48(SB)/8, $nerror<>(SB)
DATA terror<>+56(SB)/8, $5
DATA terror<>+72(SB)/8, $runtime·interhash(SB)
DATA terror<>+80(SB)/8, $imerror<>(SB)
DATA terror<>+88(SB)/8, $1
GLOBL terror<>(SB), RODATA, $96
DATA nerror<>+0(SB)/5, $"error"
GLOBL nerror<>(SB), RODATA, $8
DATA imerror<>+0(SB)/8, $mError<>(SB)
DATA imerror<>+8(SB)/8, $15
GLOBL imerror<>(SB), RODATA, $16
DATA mError<>+0(SB)/8, $"Error()("
DATA mError<>+8(SB)/7, $"string)"
GLOBL mError<>(SB), RODATA, $16

DATA main··inittask+0(SB)/8, $0
DATA main··inittask+8(SB)/8, $0
DATA main··inittask+16(SB)/8, $0
GLOBL main··inittask(SB), NOPTR, $24
"#;

/// ```go
/// func f() (r int) {
///     defer func() { println(recover().(error).Error()); r = 7 }()
///     var s []int; _ = s[5]      // panicIndex(5, 3) here
///     return 1
/// }
/// func main() { println(f()) }
/// ```
#[test]
fn recover_resumes_the_deferring_frame() {
    let src = r#"
#include "textflag.h"
TEXT main·main(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	CALL	main·f(SB)
	PUSHQ	AX
	PUSHQ	AX
	CALL	runtime·printlock(SB)
	MOVQ	0(SP), DI
	CALL	runtime·printint(SB)
	CALL	runtime·printnl(SB)
	CALL	runtime·printunlock(SB)
	MOVQ	BP, SP
	POPQ	BP
	RET

// r at -8(BP); the closure {fn, &r} at -24(BP).
TEXT main·f(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	SUBQ	$32, SP
	MOVQ	$0, -8(BP)
	LEAQ	main·rec(SB), AX
	MOVQ	AX, -24(BP)
	LEAQ	-8(BP), AX
	MOVQ	AX, -16(BP)
	LEAQ	-24(BP), DI
	CALL	runtime·deferproc(SB)
	CMPQ	AX, $0
	JNE	ret
	MOVQ	$5, DI
	MOVQ	$3, SI
	CALL	runtime·panicIndex(SB)
	MOVQ	$1, -8(BP)
ret:
	CALL	runtime·deferreturn(SB)
	MOVQ	-8(BP), AX
	MOVQ	BP, SP
	POPQ	BP
	RET

// The deferred closure: DI = its funcval.
TEXT main·rec(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	PUSHQ	BX
	PUSHQ	R12
	PUSHQ	R13
	SUBQ	$8, SP
	MOVQ	DI, BX
	MOVQ	BP, DI
	CALL	runtime·gorecover(SB)
	// e.(error): getitab(error, e.type, 0), then Error(data) -> string.
	MOVQ	DX, R12
	MOVQ	AX, SI
	LEAQ	terror<>(SB), DI
	MOVQ	$0, DX
	CALL	runtime·getitab(SB)
	MOVQ	24(AX), AX
	MOVQ	R12, DI
	CALL	AX
	MOVQ	AX, R12
	MOVQ	DX, R13
	CALL	runtime·printlock(SB)
	MOVQ	R12, DI
	MOVQ	R13, SI
	CALL	runtime·printstring(SB)
	CALL	runtime·printnl(SB)
	CALL	runtime·printunlock(SB)
	MOVQ	8(BX), AX
	MOVQ	$7, 0(AX)
	ADDQ	$8, SP
	POPQ	R13
	POPQ	R12
	POPQ	BX
	POPQ	BP
	RET
"#;
    check(
        "recover",
        src,
        "runtime error: index out of range [5] with length 3\n7\n",
        0,
    );
}

/// Prints its funcval's second word (a small int) on a line: deferred `println(n)`.
const PRINTN: &str = r#"
TEXT main·printn(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	PUSHQ	BX
	PUSHQ	BX
	MOVQ	8(DI), BX
	CALL	runtime·printlock(SB)
	MOVQ	BX, DI
	CALL	runtime·printint(SB)
	CALL	runtime·printnl(SB)
	CALL	runtime·printunlock(SB)
	POPQ	BX
	POPQ	BX
	POPQ	BP
	RET
DATA fv1<>+0(SB)/8, $main·printn(SB)
DATA fv1<>+8(SB)/8, $1
GLOBL fv1<>(SB), RODATA, $16
DATA fv2<>+0(SB)/8, $main·printn(SB)
DATA fv2<>+8(SB)/8, $2
GLOBL fv2<>(SB), RODATA, $16
DATA fv3<>+0(SB)/8, $main·printn(SB)
DATA fv3<>+8(SB)/8, $3
GLOBL fv3<>(SB), RODATA, $16
"#;

/// `defer println(1); defer println(2); println(3)` in f, then `println(3)` in main
/// after f returns: defers run newest first at return.
#[test]
fn deferreturn_runs_defers_newest_first() {
    let src = format!(
        r#"
#include "textflag.h"
TEXT main·main(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	CALL	main·f(SB)
	LEAQ	fv3<>(SB), DI
	CALL	main·printn(SB)
	POPQ	BP
	RET
TEXT main·f(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	LEAQ	fv1<>(SB), DI
	CALL	runtime·deferproc(SB)
	CMPQ	AX, $0
	JNE	ret
	LEAQ	fv2<>(SB), DI
	CALL	runtime·deferproc(SB)
	CMPQ	AX, $0
	JNE	ret
ret:
	CALL	runtime·deferreturn(SB)
	POPQ	BP
	RET
{PRINTN}"#
    );
    check("deferreturn", &src, "2\n1\n3\n", 0);
}

/// ```go
/// func main() {
///     defer func() { panic(recover()) }()
///     panic("first")
/// }
/// ```
/// and the same with `defer println(1)` under it and a plain `panic("second")` in the
/// deferred call: every defer runs, the chain is printed oldest first.
#[test]
fn panics_during_deferred_calls_print_the_chain() {
    let src = format!(
        r#"
#include "textflag.h"
TEXT main·main(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	LEAQ	fv1<>(SB), DI
	CALL	runtime·deferproc(SB)
	LEAQ	fvre<>(SB), DI
	CALL	runtime·deferproc(SB)
	LEAQ	tstring<>(SB), DI
	LEAQ	first<>(SB), SI
	CALL	runtime·gopanic(SB)
	POPQ	BP
	RET
TEXT main·repanic(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	MOVQ	BP, DI
	CALL	runtime·gorecover(SB)
	MOVQ	AX, DI
	MOVQ	DX, SI
	CALL	runtime·gopanic(SB)
	POPQ	BP
	RET
DATA fvre<>+0(SB)/8, $main·repanic(SB)
GLOBL fvre<>(SB), RODATA, $8
DATA firsts<>+0(SB)/5, $"first"
GLOBL firsts<>(SB), RODATA, $8
DATA first<>+0(SB)/8, $firsts<>(SB)
DATA first<>+8(SB)/8, $5
GLOBL first<>(SB), RODATA, $16
{PRINTN}"#
    );
    check(
        "repanic",
        &src,
        "1\npanic: first [recovered]\n\tpanic: first\n\ngoroutine 1 [running]:\n",
        2,
    );
}

/// `defer println(1); runtime.Goexit()` in main, after starting a goroutine that
/// returns at once: gc reports the Goexit'ed main once nothing else can run.
#[test]
fn goexit_in_main_runs_defers_then_deadlocks() {
    let src = format!(
        r#"
#include "textflag.h"
TEXT main·main(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	LEAQ	main·nothing(SB), DI
	MOVQ	$0, SI
	CALL	runtime·newproc(SB)
	LEAQ	fv1<>(SB), DI
	CALL	runtime·deferproc(SB)
	CALL	runtime·Goexit(SB)
	POPQ	BP
	RET
TEXT main·nothing(SB),NOSPLIT,$0
	RET
{PRINTN}"#
    );
    check(
        "goexit",
        &src,
        "1\nfatal error: no goroutines (main called runtime.Goexit) - deadlock!\n",
        2,
    );
}

/// ```go
/// m := make(map[int]int)
/// for i := 0; i < 1000; i++ { m[i] = 2*i }
/// for i := 0; i < 1000; i += 2 { delete(m, i) }
/// n, sum := 0, 0
/// for k, v := range m { n++; sum += k + v }
/// v, ok := m[8]
/// println(len(m), n, sum, m[7], v, ok)
/// var nilmap map[int]int
/// nilmap[1] = 1
/// ```
#[test]
fn maps_insert_delete_iterate() {
    let src = r#"
#include "textflag.h"
// BX = m, R12 = i / iterator sum, R13 = n; k at -8(BP), iterator at -136(BP).
TEXT main·main(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	SUBQ	$160, SP
	MOVQ	BX, -144(BP)
	MOVQ	R12, -152(BP)
	MOVQ	R13, -160(BP)
	LEAQ	tmap<>(SB), DI
	MOVQ	$0, SI
	CALL	runtime·makemap(SB)
	MOVQ	AX, BX
	MOVQ	$0, R12
ins:
	MOVQ	R12, -8(BP)
	LEAQ	tmap<>(SB), DI
	MOVQ	BX, SI
	LEAQ	-8(BP), DX
	CALL	runtime·mapassign(SB)
	MOVQ	R12, CX
	ADDQ	CX, CX
	MOVQ	CX, 0(AX)
	ADDQ	$1, R12
	CMPQ	R12, $1000
	JLT	ins
	MOVQ	$0, R12
del:
	MOVQ	R12, -8(BP)
	LEAQ	tmap<>(SB), DI
	MOVQ	BX, SI
	LEAQ	-8(BP), DX
	CALL	runtime·mapdelete(SB)
	ADDQ	$2, R12
	CMPQ	R12, $1000
	JLT	del
	MOVQ	$0, R12
	MOVQ	$0, R13
	LEAQ	tmap<>(SB), DI
	MOVQ	BX, SI
	LEAQ	-136(BP), DX
	CALL	runtime·mapiterinit(SB)
iter:
	MOVQ	-136(BP), AX
	CMPQ	AX, $0
	JEQ	done
	ADDQ	$1, R13
	ADDQ	0(AX), R12
	MOVQ	-128(BP), AX
	ADDQ	0(AX), R12
	LEAQ	-136(BP), DI
	CALL	runtime·mapiternext(SB)
	JMP	iter
done:
	CALL	runtime·printlock(SB)
	MOVQ	0(BX), DI
	CALL	runtime·printint(SB)
	CALL	runtime·printsp(SB)
	MOVQ	R13, DI
	CALL	runtime·printint(SB)
	CALL	runtime·printsp(SB)
	MOVQ	R12, DI
	CALL	runtime·printint(SB)
	CALL	runtime·printsp(SB)
	MOVQ	$7, -8(BP)
	LEAQ	tmap<>(SB), DI
	MOVQ	BX, SI
	LEAQ	-8(BP), DX
	CALL	runtime·mapaccess1(SB)
	MOVQ	0(AX), DI
	CALL	runtime·printint(SB)
	CALL	runtime·printsp(SB)
	MOVQ	$8, -8(BP)
	LEAQ	tmap<>(SB), DI
	MOVQ	BX, SI
	LEAQ	-8(BP), DX
	CALL	runtime·mapaccess2(SB)
	MOVQ	DX, R12
	MOVQ	0(AX), DI
	CALL	runtime·printint(SB)
	CALL	runtime·printsp(SB)
	MOVQ	R12, DI
	ANDQ	$255, DI
	CALL	runtime·printbool(SB)
	CALL	runtime·printnl(SB)
	CALL	runtime·printunlock(SB)
	LEAQ	tmap<>(SB), DI
	MOVQ	$0, SI
	LEAQ	-8(BP), DX
	CALL	runtime·mapassign(SB)
	MOVQ	-144(BP), BX
	MOVQ	-152(BP), R12
	MOVQ	-160(BP), R13
	MOVQ	BP, SP
	POPQ	BP
	RET
"#;
    // sum of k + 2k over odd k < 1000 = 3 * 250000.
    check(
        "maps",
        src,
        "500 500 750000 14 0 false\npanic: assignment to entry in nil map\n\ngoroutine 1 [running]:\n",
        2,
    );
}

/// A goroutine sends 1..100 on c and closes it; main sums with `v, ok := <-c` until
/// !ok. Unbuffered and buffered (cap 7). Then `close(c)` again panics.
fn chan_src(size: i64) -> String {
    format!(
        r#"
#include "textflag.h"
TEXT main·main(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	PUSHQ	BX
	PUSHQ	R12
	SUBQ	$16, SP
	LEAQ	tint<>(SB), DI
	MOVQ	${size}, SI
	CALL	runtime·makechan(SB)
	MOVQ	AX, BX
	LEAQ	main·sender(SB), DI
	MOVQ	BX, SI
	CALL	runtime·newproc(SB)
	MOVQ	$0, R12
loop:
	MOVQ	BX, DI
	LEAQ	0(SP), SI
	CALL	runtime·chanrecv2(SB)
	CMPB	AL, $0
	JEQ	closed
	ADDQ	0(SP), R12
	JMP	loop
closed:
	CALL	runtime·printlock(SB)
	MOVQ	R12, DI
	CALL	runtime·printint(SB)
	CALL	runtime·printsp(SB)
	MOVQ	0(SP), DI
	CALL	runtime·printint(SB)
	CALL	runtime·printnl(SB)
	CALL	runtime·printunlock(SB)
	MOVQ	BX, DI
	CALL	runtime·closechan(SB)
	ADDQ	$16, SP
	POPQ	R12
	POPQ	BX
	POPQ	BP
	RET

TEXT main·sender(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	PUSHQ	BX
	PUSHQ	R12
	SUBQ	$16, SP
	MOVQ	DI, BX
	MOVQ	$1, R12
send:
	MOVQ	R12, 0(SP)
	MOVQ	BX, DI
	LEAQ	0(SP), SI
	CALL	runtime·chansend1(SB)
	ADDQ	$1, R12
	CMPQ	R12, $100
	JLE	send
	MOVQ	BX, DI
	CALL	runtime·closechan(SB)
	ADDQ	$16, SP
	POPQ	R12
	POPQ	BX
	POPQ	BP
	RET
"#
    )
}

#[test]
fn channels_hand_values_over_and_close() {
    for size in [0, 7] {
        check(
            &format!("chan{size}"),
            &chan_src(size),
            "5050 0\npanic: close of closed channel\n\ngoroutine 1 [running]:\n",
            2,
        );
    }
}

/// `c := make(chan int); <-c`: nobody can send.
#[test]
fn blocked_receive_deadlocks() {
    let src = r#"
#include "textflag.h"
TEXT main·main(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	LEAQ	tint<>(SB), DI
	MOVQ	$0, SI
	CALL	runtime·makechan(SB)
	MOVQ	AX, DI
	MOVQ	$0, SI
	CALL	runtime·chanrecv1(SB)
	POPQ	BP
	RET
"#;
    check(
        "chandeadlock",
        src,
        "fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 [chan receive]:\n",
        2,
    );
}

/// Two goroutines send 1 (on c1) and 2 (on c2) 50 times each; main runs
/// `select { case v := <-c1: sum += v; case v := <-c2: sum += v }` 100 times, after a
/// `select { case <-c3: default: }` on an empty channel that takes the default.
#[test]
fn select_receives_from_both_and_takes_default() {
    let src = r#"
#include "textflag.h"
// cases at 0(SP) (2 x 24 bytes), v at 48(SP); BX = c1, R12 = c2, R13 = sum, R14 = count.
TEXT main·main(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	PUSHQ	BX
	PUSHQ	R12
	PUSHQ	R13
	PUSHQ	R14
	SUBQ	$64, SP
	LEAQ	tint<>(SB), DI
	MOVQ	$0, SI
	CALL	runtime·makechan(SB)
	MOVQ	AX, BX
	LEAQ	tint<>(SB), DI
	MOVQ	$0, SI
	CALL	runtime·makechan(SB)
	MOVQ	AX, R12
	// select with default on c1 (nobody sends yet).
	MOVQ	BX, 0(SP)
	LEAQ	48(SP), AX
	MOVQ	AX, 8(SP)
	MOVQ	$1, 16(SP)
	LEAQ	0(SP), DI
	MOVQ	$1, SI
	MOVQ	$0, DX
	CALL	runtime·selectgo(SB)
	MOVQ	AX, R13
	CALL	runtime·printlock(SB)
	MOVQ	R13, DI
	CALL	runtime·printint(SB)
	CALL	runtime·printnl(SB)
	CALL	runtime·printunlock(SB)
	LEAQ	main·sender(SB), DI
	LEAQ	arg1<>(SB), SI
	MOVQ	BX, 0(SI)
	CALL	runtime·newproc(SB)
	LEAQ	main·sender(SB), DI
	LEAQ	arg2<>(SB), SI
	MOVQ	R12, 0(SI)
	CALL	runtime·newproc(SB)
	MOVQ	$0, R13
	MOVQ	$0, R14
sel:
	MOVQ	BX, 0(SP)
	LEAQ	48(SP), AX
	MOVQ	AX, 8(SP)
	MOVQ	$1, 16(SP)
	MOVQ	R12, 24(SP)
	MOVQ	AX, 32(SP)
	MOVQ	$1, 40(SP)
	LEAQ	0(SP), DI
	MOVQ	$2, SI
	MOVQ	$1, DX
	CALL	runtime·selectgo(SB)
	ADDQ	48(SP), R13
	ADDQ	$1, R14
	CMPQ	R14, $100
	JLT	sel
	CALL	runtime·printlock(SB)
	MOVQ	R13, DI
	CALL	runtime·printint(SB)
	CALL	runtime·printnl(SB)
	CALL	runtime·printunlock(SB)
	ADDQ	$64, SP
	POPQ	R14
	POPQ	R13
	POPQ	R12
	POPQ	BX
	POPQ	BP
	RET

// sender(arg *{c, v}): sends v on c 50 times.
TEXT main·sender(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	PUSHQ	BX
	PUSHQ	R12
	MOVQ	DI, BX
	MOVQ	$0, R12
send:
	MOVQ	0(BX), DI
	LEAQ	8(BX), SI
	CALL	runtime·chansend1(SB)
	ADDQ	$1, R12
	CMPQ	R12, $50
	JLT	send
	POPQ	R12
	POPQ	BX
	POPQ	BP
	RET
DATA arg1<>+8(SB)/8, $1
GLOBL arg1<>(SB), NOPTR, $16
DATA arg2<>+8(SB)/8, $2
GLOBL arg2<>(SB), NOPTR, $16
"#;
    check("select", src, "-1\n150\n", 0);
}

/// Runtime errors recovered and printed with their Error method (through getitab on
/// `error`), as `try(f)` with `defer func() { println(recover().(error).Error()) }()`
/// does in gc: a nil dereference (SIGSEGV), failed type assertions, uncomparable and
/// unhashable dynamic types, makeslice, bounds, division.
#[test]
fn runtime_errors_are_recoverable_runtime_error_values() {
    let src = r#"
#include "textflag.h"
TEXT main·main(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	LEAQ	main·tnil(SB), DI
	CALL	main·try(SB)
	LEAQ	main·tdotE(SB), DI
	CALL	main·try(SB)
	LEAQ	main·tdotNil(SB), DI
	CALL	main·try(SB)
	LEAQ	main·titab(SB), DI
	CALL	main·try(SB)
	LEAQ	main·tuncomparable(SB), DI
	CALL	main·try(SB)
	LEAQ	main·tunhashable(SB), DI
	CALL	main·try(SB)
	LEAQ	main·tmakeslice(SB), DI
	CALL	main·try(SB)
	LEAQ	main·tbounds(SB), DI
	CALL	main·try(SB)
	LEAQ	main·tdivide(SB), DI
	CALL	main·try(SB)
	POPQ	BP
	RET

// try(f): defer the printer, call f.
TEXT main·try(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	PUSHQ	BX
	PUSHQ	BX
	MOVQ	DI, BX
	LEAQ	fvprint<>(SB), DI
	CALL	runtime·deferproc(SB)
	CMPQ	AX, $0
	JNE	ret
	CALL	BX
ret:
	CALL	runtime·deferreturn(SB)
	POPQ	BX
	POPQ	BX
	POPQ	BP
	RET

TEXT main·printerr(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	PUSHQ	R12
	PUSHQ	R13
	MOVQ	BP, DI
	CALL	runtime·gorecover(SB)
	MOVQ	DX, R12
	MOVQ	AX, SI
	LEAQ	terror<>(SB), DI
	MOVQ	$0, DX
	CALL	runtime·getitab(SB)
	MOVQ	24(AX), AX
	MOVQ	R12, DI
	CALL	AX
	MOVQ	AX, R12
	MOVQ	DX, R13
	CALL	runtime·printlock(SB)
	MOVQ	R12, DI
	MOVQ	R13, SI
	CALL	runtime·printstring(SB)
	CALL	runtime·printnl(SB)
	CALL	runtime·printunlock(SB)
	POPQ	R13
	POPQ	R12
	POPQ	BP
	RET
DATA fvprint<>+0(SB)/8, $main·printerr(SB)
GLOBL fvprint<>(SB), RODATA, $8

TEXT main·tnil(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	MOVQ	$0, AX
	MOVQ	8(AX), AX
	POPQ	BP
	RET

TEXT main·tdotE(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	LEAQ	tstring<>(SB), DI
	LEAQ	tint<>(SB), SI
	LEAQ	tempty<>(SB), DX
	CALL	runtime·panicdottypeE(SB)
	POPQ	BP
	RET

TEXT main·tdotNil(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	MOVQ	$0, DI
	LEAQ	tint<>(SB), SI
	LEAQ	tempty<>(SB), DX
	CALL	runtime·panicdottypeE(SB)
	POPQ	BP
	RET

TEXT main·titab(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	// canfail: nil, then the panicking form.
	LEAQ	terror<>(SB), DI
	LEAQ	tint<>(SB), SI
	MOVQ	$1, DX
	CALL	runtime·getitab(SB)
	CMPQ	AX, $0
	JNE	bad
	LEAQ	terror<>(SB), DI
	LEAQ	tint<>(SB), SI
	MOVQ	$0, DX
	CALL	runtime·getitab(SB)
bad:
	POPQ	BP
	RET

TEXT main·tuncomparable(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	LEAQ	tslice<>(SB), DI
	LEAQ	tslice<>(SB), SI
	LEAQ	tslice<>(SB), DX
	CALL	runtime·efaceeq(SB)
	POPQ	BP
	RET

// m := map[interface{}]int{}; m[[]int(nil)] = 1
TEXT main·tunhashable(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	SUBQ	$16, SP
	LEAQ	tmapE<>(SB), DI
	MOVQ	$0, SI
	CALL	runtime·makemap(SB)
	LEAQ	tslice<>(SB), CX
	MOVQ	CX, 0(SP)
	LEAQ	tslice<>(SB), CX
	MOVQ	CX, 8(SP)
	LEAQ	tmapE<>(SB), DI
	MOVQ	AX, SI
	LEAQ	0(SP), DX
	CALL	runtime·mapassign(SB)
	MOVQ	BP, SP
	POPQ	BP
	RET

TEXT main·tmakeslice(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	LEAQ	tint<>(SB), DI
	MOVQ	$5, SI
	MOVQ	$3, DX
	CALL	runtime·makeslice(SB)
	POPQ	BP
	RET

TEXT main·tbounds(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	MOVQ	$2, DI
	MOVQ	$-1, SI
	MOVQ	$3, DX
	CALL	runtime·panicBounds(SB)
	POPQ	BP
	RET

TEXT main·tdivide(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	CALL	runtime·panicdivide(SB)
	POPQ	BP
	RET

DATA tempty<>+0(SB)/8, $16
DATA tempty<>+21(SB)/1, $8
DATA tempty<>+22(SB)/1, $8
DATA tempty<>+23(SB)/1, $20
DATA tempty<>+24(SB)/8, $runtime·nilinterequal(SB)
DATA tempty<>+48(SB)/8, $nempty<>(SB)
DATA tempty<>+56(SB)/8, $12
DATA tempty<>+72(SB)/8, $runtime·nilinterhash(SB)
GLOBL tempty<>(SB), RODATA, $96
DATA nempty<>+0(SB)/12, $"interface {}"
GLOBL nempty<>(SB), RODATA, $16

DATA tslice<>+0(SB)/8, $24
DATA tslice<>+21(SB)/1, $8
DATA tslice<>+22(SB)/1, $8
DATA tslice<>+23(SB)/1, $23
DATA tslice<>+48(SB)/8, $nslice<>(SB)
DATA tslice<>+56(SB)/8, $5
DATA tslice<>+80(SB)/8, $tint<>(SB)
GLOBL tslice<>(SB), RODATA, $96
DATA nslice<>+0(SB)/5, $"[]int"
GLOBL nslice<>(SB), RODATA, $8

DATA tmapE<>+0(SB)/8, $8
DATA tmapE<>+23(SB)/1, $53
DATA tmapE<>+48(SB)/8, $nmapE<>(SB)
DATA tmapE<>+56(SB)/8, $20
DATA tmapE<>+80(SB)/8, $tint<>(SB)
DATA tmapE<>+88(SB)/8, $tempty<>(SB)
GLOBL tmapE<>(SB), RODATA, $96
DATA nmapE<>+0(SB)/20, $"map[interface {}]int"
GLOBL nmapE<>(SB), RODATA, $24
"#;
    check(
        "rterrors",
        src,
        "runtime error: invalid memory address or nil pointer dereference\n\
         interface conversion: interface {} is string, not int\n\
         interface conversion: interface {} is nil, not int\n\
         interface conversion: int is not error: missing method Error\n\
         runtime error: comparing uncomparable type []int\n\
         runtime error: hash of unhashable type []int\n\
         runtime error: makeslice: cap out of range\n\
         runtime error: slice bounds out of range [:-1]\n\
         runtime error: integer divide by zero\n",
        0,
    );
}

/// growslice's capacities, []byte(s) and []rune(s) conversions, string(runes):
/// `println(cap(append([]int(nil), 1)), cap(append([]int{1,2}, 3, 4, 5)),
/// cap([]byte("hello")), len([]rune("héllo")), string([]rune("héllo")))` in gc gives
/// `1 6 8 5 héllo` (gc's []byte cap there is 32 from a stack buffer when it does not
/// escape; 8 when it does).
#[test]
fn slices_and_string_conversions() {
    let src = r#"
#include "textflag.h"
// R12..R15 hold results; 0(SP) scratch.
TEXT main·main(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	PUSHQ	BX
	PUSHQ	R12
	PUSHQ	R13
	PUSHQ	R14
	PUSHQ	R15
	SUBQ	$8, SP
	LEAQ	tint<>(SB), DI
	MOVQ	$0, SI
	MOVQ	$0, DX
	MOVQ	$0, CX
	MOVQ	$1, R8
	CALL	runtime·growslice(SB)
	MOVQ	DX, R12
	LEAQ	tint<>(SB), DI
	LEAQ	two<>(SB), SI
	MOVQ	$2, DX
	MOVQ	$2, CX
	MOVQ	$5, R8
	CALL	runtime·growslice(SB)
	MOVQ	DX, R13
	MOVQ	8(AX), BX
	LEAQ	hello<>(SB), DI
	MOVQ	$5, SI
	CALL	runtime·stringtoslicebyte(SB)
	MOVQ	DX, R14
	LEAQ	hello2<>(SB), DI
	MOVQ	$6, SI
	CALL	runtime·stringtoslicerune(SB)
	MOVQ	DX, R15
	MOVQ	AX, DI
	MOVQ	DX, SI
	CALL	runtime·slicerunetostring(SB)
	MOVQ	AX, 0(SP)
	PUSHQ	DX
	PUSHQ	DX
	CALL	runtime·printlock(SB)
	MOVQ	R12, DI
	CALL	runtime·printint(SB)
	CALL	runtime·printsp(SB)
	MOVQ	R13, DI
	CALL	runtime·printint(SB)
	CALL	runtime·printsp(SB)
	MOVQ	BX, DI
	CALL	runtime·printint(SB)
	CALL	runtime·printsp(SB)
	MOVQ	R14, DI
	CALL	runtime·printint(SB)
	CALL	runtime·printsp(SB)
	MOVQ	R15, DI
	CALL	runtime·printint(SB)
	CALL	runtime·printsp(SB)
	MOVQ	16(SP), DI
	MOVQ	0(SP), SI
	CALL	runtime·printstring(SB)
	CALL	runtime·printnl(SB)
	CALL	runtime·printunlock(SB)
	ADDQ	$24, SP
	POPQ	R15
	POPQ	R14
	POPQ	R13
	POPQ	R12
	POPQ	BX
	POPQ	BP
	RET
DATA two<>+0(SB)/8, $1
DATA two<>+8(SB)/8, $2
GLOBL two<>(SB), RODATA, $16
DATA hello<>+0(SB)/5, $"hello"
GLOBL hello<>(SB), RODATA, $8
DATA hello2<>+0(SB)/6, $"h\xc3\xa9llo"
GLOBL hello2<>(SB), RODATA, $8
"#;
    check("slices", src, "1 6 2 8 5 héllo\n", 0);
}

/// `defer wrap()` where wrap calls a function that calls recover: only a wrapper
/// registered with deferprocw (the compiler's closure for `defer f(x)`) lets f
/// recover; through a plain deferproc, recover() in a callee of the deferred function
/// returns nil (gc: "recover was not called directly by a deferred function").
#[test]
fn recover_through_a_defer_wrapper() {
    let src = |deferproc: &str| {
        format!(
            r#"
#include "textflag.h"
TEXT main·main(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	LEAQ	fvw<>(SB), DI
	CALL	runtime·{deferproc}(SB)
	CMPQ	AX, $0
	JNE	ret
	CALL	runtime·panicdivide(SB)
ret:
	CALL	runtime·deferreturn(SB)
	POPQ	BP
	RET
TEXT main·wrap(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	CALL	main·isnil(SB)
	POPQ	BP
	RET
// println(recover() == nil)
TEXT main·isnil(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	PUSHQ	BX
	PUSHQ	BX
	MOVQ	BP, DI
	CALL	runtime·gorecover(SB)
	MOVQ	AX, BX
	CALL	runtime·printlock(SB)
	MOVQ	$0, DI
	CMPQ	BX, $0
	JNE	p
	MOVQ	$1, DI
p:
	CALL	runtime·printbool(SB)
	CALL	runtime·printnl(SB)
	CALL	runtime·printunlock(SB)
	POPQ	BX
	POPQ	BX
	POPQ	BP
	RET
DATA fvw<>+0(SB)/8, $main·wrap(SB)
GLOBL fvw<>(SB), RODATA, $8
"#
        )
    };
    check("wrapper", &src("deferprocw"), "false\n", 0);
    check(
        "nowrapper",
        &src("deferproc"),
        "true\npanic: runtime error: integer divide by zero\n\ngoroutine 1 [running]:\n",
        2,
    );
}

/// ```go
/// defer println(1)
/// defer func() { recover() }()
/// defer func() { panic("x") }()
/// runtime.Goexit()
/// println(3)
/// ```
/// Recovering a panic raised during Goexit's deferred calls does not cancel Goexit.
#[test]
fn recovering_inside_goexit_keeps_exiting() {
    let src = format!(
        r#"
#include "textflag.h"
TEXT main·main(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	LEAQ	fv1<>(SB), DI
	CALL	runtime·deferproc(SB)
	CMPQ	AX, $0
	JNE	ret
	LEAQ	fvrec<>(SB), DI
	CALL	runtime·deferproc(SB)
	CMPQ	AX, $0
	JNE	ret
	LEAQ	fvpanic<>(SB), DI
	CALL	runtime·deferproc(SB)
	CMPQ	AX, $0
	JNE	ret
	CALL	runtime·Goexit(SB)
ret:
	LEAQ	fv3<>(SB), DI
	CALL	main·printn(SB)
	CALL	runtime·deferreturn(SB)
	POPQ	BP
	RET
TEXT main·rec(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	MOVQ	BP, DI
	CALL	runtime·gorecover(SB)
	POPQ	BP
	RET
TEXT main·panicx(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	LEAQ	tint<>(SB), DI
	LEAQ	fv3<>+8(SB), SI
	CALL	runtime·gopanic(SB)
	POPQ	BP
	RET
DATA fvrec<>+0(SB)/8, $main·rec(SB)
GLOBL fvrec<>(SB), RODATA, $8
DATA fvpanic<>+0(SB)/8, $main·panicx(SB)
GLOBL fvpanic<>(SB), RODATA, $8
{PRINTN}"#
    );
    check(
        "goexitrecover",
        &src,
        "1\nfatal error: no goroutines (main called runtime.Goexit) - deadlock!\n",
        2,
    );
}

/// Stress: 8 goroutines each run `select { case c1 <- 1: case c2 <- 1: }` 2000
/// times while main runs `select { case v := <-c1: case v := <-c2: }` 16000 times
/// (select meeting select on both sides), then the same through a buffered c1.
#[test]
fn select_against_select_under_load() {
    let src = |size: i64| {
        format!(
            r#"
#include "textflag.h"
// cases at 0(SP), v at 48(SP); BX = c1, R12 = c2, R13 = sum, R14 = count.
TEXT main·main(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	PUSHQ	BX
	PUSHQ	R12
	PUSHQ	R13
	PUSHQ	R14
	SUBQ	$64, SP
	LEAQ	tint<>(SB), DI
	MOVQ	${size}, SI
	CALL	runtime·makechan(SB)
	MOVQ	AX, BX
	LEAQ	tint<>(SB), DI
	MOVQ	$0, SI
	CALL	runtime·makechan(SB)
	MOVQ	AX, R12
	LEAQ	chans<>(SB), AX
	MOVQ	BX, 0(AX)
	MOVQ	R12, 8(AX)
	MOVQ	$0, R14
spawn:
	LEAQ	main·sender(SB), DI
	LEAQ	chans<>(SB), SI
	CALL	runtime·newproc(SB)
	ADDQ	$1, R14
	CMPQ	R14, $8
	JLT	spawn
	MOVQ	$0, R13
	MOVQ	$0, R14
sel:
	MOVQ	BX, 0(SP)
	LEAQ	48(SP), AX
	MOVQ	AX, 8(SP)
	MOVQ	$1, 16(SP)
	MOVQ	R12, 24(SP)
	MOVQ	AX, 32(SP)
	MOVQ	$1, 40(SP)
	LEAQ	0(SP), DI
	MOVQ	$2, SI
	MOVQ	$1, DX
	CALL	runtime·selectgo(SB)
	ADDQ	48(SP), R13
	ADDQ	$1, R14
	CMPQ	R14, $16000
	JLT	sel
	CALL	runtime·printlock(SB)
	MOVQ	R13, DI
	CALL	runtime·printint(SB)
	CALL	runtime·printnl(SB)
	CALL	runtime·printunlock(SB)
	ADDQ	$64, SP
	POPQ	R14
	POPQ	R13
	POPQ	R12
	POPQ	BX
	POPQ	BP
	RET

TEXT main·sender(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	PUSHQ	BX
	PUSHQ	R12
	SUBQ	$64, SP
	MOVQ	DI, BX
	MOVQ	$1, 48(SP)
	MOVQ	$0, R12
send:
	MOVQ	0(BX), AX
	MOVQ	AX, 0(SP)
	LEAQ	48(SP), AX
	MOVQ	AX, 8(SP)
	MOVQ	$0, 16(SP)
	MOVQ	8(BX), CX
	MOVQ	CX, 24(SP)
	MOVQ	AX, 32(SP)
	MOVQ	$0, 40(SP)
	LEAQ	0(SP), DI
	MOVQ	$2, SI
	MOVQ	$1, DX
	CALL	runtime·selectgo(SB)
	ADDQ	$1, R12
	CMPQ	R12, $2000
	JLT	send
	ADDQ	$64, SP
	POPQ	R12
	POPQ	BX
	POPQ	BP
	RET
GLOBL chans<>(SB), NOPTR, $16
"#
        )
    };
    check("selstress0", &src(0), "16000\n", 0);
    check("selstress3", &src(3), "16000\n", 0);
}

/// `type E int; func (E) Error() string { return "boom" }; panic(E(1))`: gc prints
/// the Error text of an error value (the compiler marks such types with tflag 0x80).
#[test]
fn unrecovered_error_values_print_their_error_text() {
    let src = r#"
#include "textflag.h"
TEXT main·main(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	LEAQ	tE<>(SB), DI
	LEAQ	one<>(SB), SI
	CALL	runtime·gopanic(SB)
	POPQ	BP
	RET
TEXT main·E·Error(SB),NOSPLIT,$0
	LEAQ	boom<>(SB), AX
	MOVQ	$4, DX
	RET
DATA one<>+0(SB)/8, $1
GLOBL one<>(SB), RODATA, $8
DATA boom<>+0(SB)/4, $"boom"
GLOBL boom<>(SB), RODATA, $8
DATA tE<>+0(SB)/8, $8
DATA tE<>+20(SB)/1, $0x80
DATA tE<>+21(SB)/1, $8
DATA tE<>+22(SB)/1, $8
DATA tE<>+23(SB)/1, $2
DATA tE<>+24(SB)/8, $runtime·memequal64(SB)
DATA tE<>+48(SB)/8, $nE<>(SB)
DATA tE<>+56(SB)/8, $6
DATA tE<>+64(SB)/8, $uE<>(SB)
DATA tE<>+72(SB)/8, $runtime·memhash64(SB)
GLOBL tE<>(SB), RODATA, $96
DATA nE<>+0(SB)/6, $"main.E"
GLOBL nE<>(SB), RODATA, $8
DATA uE<>+0(SB)/8, $1
DATA uE<>+8(SB)/8, $mError<>(SB)
DATA uE<>+16(SB)/8, $15
DATA uE<>+24(SB)/8, $main·E·Error(SB)
GLOBL uE<>(SB), RODATA, $32
"#;
    check("errorvalue", src, "panic: boom\n\ngoroutine 1 [running]:\n", 2);
}

/// 20 goroutines block in `_, ok := <-c`; main closes c, and each reports `ok` on a
/// buffered channel `done`; main sums: every receiver woke with ok == false (and a
/// zeroed value), so the sum of `1 - ok + v` is 20.
#[test]
fn close_wakes_every_blocked_receiver() {
    let src = r#"
#include "textflag.h"
TEXT main·main(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	PUSHQ	BX
	PUSHQ	R12
	SUBQ	$16, SP
	LEAQ	tint<>(SB), DI
	MOVQ	$0, SI
	CALL	runtime·makechan(SB)
	LEAQ	chans<>(SB), CX
	MOVQ	AX, 0(CX)
	LEAQ	tint<>(SB), DI
	MOVQ	$20, SI
	CALL	runtime·makechan(SB)
	LEAQ	chans<>(SB), CX
	MOVQ	AX, 8(CX)
	MOVQ	$0, BX
spawn:
	LEAQ	main·receiver(SB), DI
	LEAQ	chans<>(SB), SI
	CALL	runtime·newproc(SB)
	ADDQ	$1, BX
	CMPQ	BX, $20
	JLT	spawn
	// Let them block (not required for correctness: a late receiver sees the
	// closed channel at once).
	CALL	runtime·Gosched(SB)
	LEAQ	chans<>(SB), CX
	MOVQ	0(CX), DI
	CALL	runtime·closechan(SB)
	MOVQ	$0, BX
	MOVQ	$0, R12
collect:
	LEAQ	chans<>(SB), CX
	MOVQ	8(CX), DI
	LEAQ	0(SP), SI
	CALL	runtime·chanrecv1(SB)
	ADDQ	0(SP), R12
	ADDQ	$1, BX
	CMPQ	BX, $20
	JLT	collect
	CALL	runtime·printlock(SB)
	MOVQ	R12, DI
	CALL	runtime·printint(SB)
	CALL	runtime·printnl(SB)
	CALL	runtime·printunlock(SB)
	ADDQ	$16, SP
	POPQ	R12
	POPQ	BX
	POPQ	BP
	RET

// receiver(chans): v := 99; _, ok := <-c (v zeroed); done <- 1 - ok + v
TEXT main·receiver(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	PUSHQ	BX
	PUSHQ	R12
	SUBQ	$16, SP
	MOVQ	DI, BX
	MOVQ	$99, 0(SP)
	MOVQ	0(BX), DI
	LEAQ	0(SP), SI
	CALL	runtime·chanrecv2(SB)
	MOVBQZX	AL, AX
	MOVQ	$1, CX
	SUBQ	AX, CX
	ADDQ	0(SP), CX
	MOVQ	CX, 8(SP)
	MOVQ	8(BX), DI
	LEAQ	8(SP), SI
	CALL	runtime·chansend1(SB)
	ADDQ	$16, SP
	POPQ	R12
	POPQ	BX
	POPQ	BP
	RET
GLOBL chans<>(SB), NOPTR, $16
"#;
    check("closewake", src, "20\n", 0);
}
