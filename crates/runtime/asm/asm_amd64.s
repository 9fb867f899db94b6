// The runtime's assembly for amd64: the start-up path (_rt0_amd64, rt0_go), the
// thread entry (mstart) and goroutine context switching (gogo, mcall, goexit).
//
// Everything here is called with, and calls, the System V convention (arguments in
// DI, SI, DX, CX, R8, R9), which is the convention of both the Rust runtime and
// compiled Go code (ARCHITECTURE.md). g is never kept in a register: the Rust side
// reads and writes it at -8(FS) (stubs.rs getg/setg), so this file needs no TLS access.

#include "textflag.h"

// Offsets into runtime2.rs's structs, asserted there with offset_of!.
#define g_stack_lo	0
#define g_stack_hi	8
#define g_stackguard0	16
#define g_stackguard1	24
#define g_m	48
#define g_sched_sp	56
#define g_sched_pc	64
#define gobuf_sp	0
#define gobuf_pc	8
#define gobuf_ctxt	24
#define gobuf_bp	48
#define m_g0	0
#define m_tls	8

// How much of the OS stack m0's g0 claims (gc: 64 KB).
#define G0_STACK	65536

// _rt0_amd64 is the common start for amd64 systems that enter with argc/argv on the
// stack: it passes them to rt0_go in the first two argument registers.
TEXT _rt0_amd64(SB),NOSPLIT,$-8
	MOVQ	0(SP), DI	// argc
	LEAQ	8(SP), SI	// argv
	JMP	runtime·rt0_go(SB)

// rt0_go(argc, argv): makes m0 and g0 on the OS stack, sets up TLS, runs the start-up
// steps in order and starts the scheduler with runtime.main as the first goroutine.
TEXT runtime·rt0_go(SB),NOSPLIT|TOPFRAME,$0
	// argc and argv live in callee-saved registers across the calls below.
	MOVQ	DI, R12
	MOVQ	SI, R13
	// No caller frame: end the frame-pointer chain here and align SP for calls.
	MOVQ	$0, BP
	ANDQ	$~15, SP

	// g0 runs on the OS stack: its bounds are the top 64 KB below SP.
	LEAQ	runtime·g0(SB), DI
	MOVQ	SP, BX
	MOVQ	BX, g_stack_hi(DI)
	SUBQ	$G0_STACK, BX
	MOVQ	BX, g_stack_lo(DI)
	ADDQ	$1024, BX
	MOVQ	BX, g_stackguard0(DI)
	MOVQ	BX, g_stackguard1(DI)

	// m0.g0 = &g0; g0.m = &m0.
	LEAQ	runtime·m0(SB), AX
	MOVQ	DI, m_g0(AX)
	MOVQ	AX, g_m(DI)

	// settls: FS points into m0.tls, and g (= g0) is stored at -8(FS).
	MOVQ	DI, m_tls(AX)
	LEAQ	m_tls(AX), DI
	CALL	runtime·settls(SB)

	CALL	runtime·check(SB)

	MOVQ	R12, DI
	MOVQ	R13, SI
	CALL	runtime·args(SB)
	CALL	runtime·osinit(SB)
	CALL	runtime·schedinit(SB)

	// The main goroutine: newproc(runtime.main, 0).
	LEAQ	runtime·main(SB), DI
	MOVQ	$0, SI
	CALL	runtime·newproc(SB)

	// m0 starts scheduling; it never comes back.
	CALL	runtime·mstart(SB)
	CALL	runtime·abort(SB)
	RET

// mstart is the entry of every M (m0 from rt0_go, the others from clone): the
// scheduler runs on this thread's g0 stack from here on.
// Callers arrive with SP ≡ 8 (mod 16); mstart0 must be entered that way too.
TEXT runtime·mstart(SB),NOSPLIT|TOPFRAME,$0
	SUBQ	$8, SP
	CALL	runtime·mstart0(SB)
	CALL	runtime·abort(SB)
	RET

// gogo(buf *gobuf): switches to the context in buf. The goroutine's g has already
// been set by the caller (setg). DI receives buf.ctxt: the argument of a new
// goroutine's entry function.
TEXT runtime·gogo(SB),NOSPLIT,$0
	MOVQ	gobuf_sp(DI), SP
	MOVQ	gobuf_bp(DI), BP
	MOVQ	gobuf_pc(DI), BX
	MOVQ	gobuf_ctxt(DI), DI
	JMP	BX

// mcall(gp *g, fn func(*g)): saves gp's context and calls fn(gp) on gp.m.g0's
// stack. fn never returns; gogo(&gp.sched) later resumes at mcallret, which makes
// mcall return to its caller. The System V callee-saved registers are pushed on
// gp's stack, so the caller finds them intact.
TEXT runtime·mcall(SB),NOSPLIT,$0
	PUSHQ	BP
	PUSHQ	BX
	PUSHQ	R12
	PUSHQ	R13
	PUSHQ	R14
	PUSHQ	R15
	MOVQ	SP, g_sched_sp(DI)
	LEAQ	runtime·mcallret(SB), AX
	MOVQ	AX, g_sched_pc(DI)
	// Switch to g0's stack (its saved SP, recorded by mstart1) and call fn(gp).
	MOVQ	g_m(DI), AX
	MOVQ	m_g0(AX), AX
	MOVQ	g_sched_sp(AX), SP
	MOVQ	$0, BP
	CALL	SI
	CALL	runtime·abort(SB)
	RET

// mcallret is where a goroutine switched out by mcall resumes.
TEXT runtime·mcallret(SB),NOSPLIT,$0
	POPQ	R15
	POPQ	R14
	POPQ	R13
	POPQ	R12
	POPQ	BX
	POPQ	BP
	RET

// goexit is the return address at the top of every goroutine's stack: returning from
// the entry function lands here, and goexit1 retires the goroutine. newproc1 stores
// goexit+1 (past the NOP), as gc does, so that the entry frame's return address is
// inside goexit and tracebacks and runtime.Callers see a runtime.goexit frame.
TEXT runtime·goexit(SB),NOSPLIT|TOPFRAME,$0
	BYTE	$0x90	// NOP
	CALL	runtime·goexit1(SB)
	CALL	runtime·abort(SB)
	RET

// GC is runtime.GC(): it pushes the caller's callee-saved registers and calls
// gcforced(sp) with the stack pointer below them, so that the collector scans exactly
// those registers and the caller's frames of this goroutine's stack, not the dead
// slots of the runtime's own frames (mgc.rs).
TEXT runtime·GC(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	PUSHQ	BX
	PUSHQ	R12
	PUSHQ	R13
	PUSHQ	R14
	PUSHQ	R15
	MOVQ	SP, DI
	SUBQ	$8, SP
	CALL	runtime·gcforced(SB)
	ADDQ	$8, SP
	POPQ	R15
	POPQ	R14
	POPQ	R13
	POPQ	R12
	POPQ	BX
	POPQ	BP
	RET

// systemstack(fn, arg, sp): calls fn(arg) with SP at sp (the M's g0 stack, from its
// saved gobuf) and returns on the caller's stack. g is not changed: the collector runs
// there for the goroutine that triggered it (mgc.rs).
TEXT runtime·systemstack(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	PUSHQ	BX
	MOVQ	SP, BX
	MOVQ	DX, SP
	ANDQ	$~15, SP
	MOVQ	DI, AX
	MOVQ	SI, DI
	CALL	AX
	MOVQ	BX, SP
	POPQ	BX
	POPQ	BP
	RET

// sigpanic0 is where the signal handler resumes a goroutine that faulted: the
// faulting PC was pushed as if it had called us. Keep the frame chain (BP), align
// the stack for System V and turn the signal into a panic.
TEXT runtime·sigpanic0(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	ANDQ	$~15, SP
	CALL	runtime·sigpanic(SB)
	CALL	runtime·abort(SB)
	RET

// morestack is called by a compiled function's stack check before the function's
// frame exists ([SP] is the return address into the function's slow path, which
// jumps back to the check). It saves every general register on the goroutine's stack
// (arguments, and callee-saved registers of callers, which may hold stack addresses
// that the copy must adjust), then runs stackcopy.rs's newstack on the g0 stack
// (SP from g0sp): newstack copies the goroutine's stack, registers included, into a
// bigger one and returns where the registers now are. 16 pushes keep SP 16-aligned.
TEXT runtime·morestack(SB),NOSPLIT,$0
	PUSHQ	AX
	PUSHQ	BX
	PUSHQ	CX
	PUSHQ	DX
	PUSHQ	SI
	PUSHQ	DI
	PUSHQ	BP
	PUSHQ	R8
	PUSHQ	R9
	PUSHQ	R10
	PUSHQ	R11
	PUSHQ	R12
	PUSHQ	R13
	PUSHQ	R14
	PUSHQ	R15
	PUSHQ	R15
	CALL	runtime·g0sp(SB)
	MOVQ	SP, DI
	MOVQ	AX, SP
	CALL	runtime·newstack(SB)
	MOVQ	AX, SP
	POPQ	R15
	POPQ	R15
	POPQ	R14
	POPQ	R13
	POPQ	R12
	POPQ	R11
	POPQ	R10
	POPQ	R9
	POPQ	R8
	POPQ	BP
	POPQ	DI
	POPQ	SI
	POPQ	DX
	POPQ	CX
	POPQ	BX
	POPQ	AX
	RET
