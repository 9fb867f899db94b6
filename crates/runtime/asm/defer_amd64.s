// defer, panic and recover: the stubs that need the machine's registers.
//
// deferproc records where its caller is (SP, BP, return address) and the System V
// callee-saved registers, so that a recovered panic can make that same deferproc call
// return a second time, with 1 (like setjmp/longjmp; the frame is still live because
// the panic runs deeper on the same stack). calldeferfn calls a deferred funcval from
// a frame of its own and publishes that frame's address, which gorecover compares
// with the saved BP of the function that calls recover.

#include "textflag.h"

// Offsets into defer.rs's Defer record, asserted there with offset_of!.
#define d_sp	0
#define d_pc	8
#define d_bp	16
#define d_bx	24
#define d_r12	32
#define d_r13	40
#define d_r14	48
#define d_r15	56

// deferproc(fv *funcval) int64: pushes a defer record for the calling frame; returns 0
// now, and 1 when a panic has been recovered and the frame resumes here.
TEXT runtime·deferproc(SB),NOSPLIT,$0
	MOVQ	$0, R9
	JMP	runtime·deferproc1(SB)

// deferprocw(fv *funcval) int64: deferproc for a compiler-made wrapper closure
// (`defer f(x)` as `func() { f(x) }`): recover then works in f, which the wrapper
// calls, as it would in gc, instead of in the wrapper itself.
TEXT runtime·deferprocw(SB),NOSPLIT,$0
	MOVQ	$1, R9
	JMP	runtime·deferproc1(SB)

// The body of both: R9 = wrapper flag. Entered by JMP, so 0(SP) is still the
// caller's return address.
TEXT runtime·deferproc1(SB),NOSPLIT,$0
	// The callee-saved registers, as the caller expects them after the call: a block
	// {BX, R12, R13, R14, R15} on our stack (40 bytes: SP is 16-aligned for the call).
	PUSHQ	R15
	PUSHQ	R14
	PUSHQ	R13
	PUSHQ	R12
	PUSHQ	BX
	MOVQ	SP, R8
	MOVQ	40(SP), SI	// return address into the caller
	LEAQ	48(SP), DX	// the caller's SP once we have returned
	MOVQ	BP, CX		// the caller's frame pointer
	CALL	runtime·newdefer(SB)
	ADDQ	$40, SP
	MOVQ	$0, AX
	RET

// recoverjmp(d *defer record): resumes the frame that made d as if its deferproc
// call returned 1. Never returns.
TEXT runtime·recoverjmp(SB),NOSPLIT,$0
	MOVQ	d_bx(DI), BX
	MOVQ	d_r12(DI), R12
	MOVQ	d_r13(DI), R13
	MOVQ	d_r14(DI), R14
	MOVQ	d_r15(DI), R15
	MOVQ	d_bp(DI), BP
	MOVQ	d_pc(DI), SI
	MOVQ	d_sp(DI), SP
	MOVQ	$1, AX
	JMP	SI

// deferreturn(): runs the calling frame's pending defers. The frame is known by the
// caller's SP, the same value deferproc recorded; its BP goes along for recover.
TEXT runtime·deferreturn(SB),NOSPLIT,$0
	LEAQ	8(SP), DI
	MOVQ	BP, SI
	JMP	runtime·deferreturn1(SB)

// calldeferret(fv *funcval, link uintptr): calls fv.fn(fv) from a frame whose saved-BP
// slot holds link instead of our caller's BP, so that a recover in the thunk sees
// the frame chain link names (deferreturn: `defer recover()` recovers exactly when
// the returning function itself could). The real BP is kept above and restored.
TEXT runtime·calldeferret(SB),NOSPLIT,$0
	PUSHQ	BP
	SUBQ	$8, SP
	PUSHQ	SI
	MOVQ	SP, BP
	MOVQ	0(DI), AX
	CALL	AX
	ADDQ	$16, SP
	POPQ	BP
	RET

// calldeferfn(fv *funcval, fp *uintptr): stores this stub's frame pointer at *fp and
// calls fv.fn(fv) (the funcval is the hidden ctx argument).
TEXT runtime·calldeferfn(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	MOVQ	BP, 0(SI)
	MOVQ	0(DI), AX
	CALL	AX
	POPQ	BP
	RET
