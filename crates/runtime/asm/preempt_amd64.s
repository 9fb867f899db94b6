// asyncPreempt is where the SIGURG handler (preempt.rs) resumes a goroutine that
// sysmon asked to yield: the interrupted PC was pushed as if that instruction had
// called us. Any instruction can be interrupted, so everything the interrupted code
// may hold is saved — the flags, and every register a System V function may clobber
// (the general ones and X0–X15; the callee-saved ones survive the call by
// convention) — around a call to preempt.rs's preemptcheck, which may switch
// goroutines (the registers stay on this goroutine's stack meanwhile, where the
// collector's conservative scan sees them). The stack can have any 8-byte alignment
// here: BP remembers SP while it is aligned for the call.

#include "textflag.h"

TEXT runtime·asyncPreempt(SB),NOSPLIT,$0
	PUSHFQ
	PUSHQ	BP
	MOVQ	SP, BP
	ANDQ	$~15, SP
	PUSHQ	AX
	PUSHQ	CX
	PUSHQ	DX
	PUSHQ	SI
	PUSHQ	DI
	PUSHQ	R8
	PUSHQ	R9
	PUSHQ	R10
	PUSHQ	R11
	// SP was 16-aligned before the 9 pushes; 264 more bytes (16 XMM slots and 8)
	// align it again for the call.
	SUBQ	$264, SP
	MOVUPS	X0, 0(SP)
	MOVUPS	X1, 16(SP)
	MOVUPS	X2, 32(SP)
	MOVUPS	X3, 48(SP)
	MOVUPS	X4, 64(SP)
	MOVUPS	X5, 80(SP)
	MOVUPS	X6, 96(SP)
	MOVUPS	X7, 112(SP)
	MOVUPS	X8, 128(SP)
	MOVUPS	X9, 144(SP)
	MOVUPS	X10, 160(SP)
	MOVUPS	X11, 176(SP)
	MOVUPS	X12, 192(SP)
	MOVUPS	X13, 208(SP)
	MOVUPS	X14, 224(SP)
	MOVUPS	X15, 240(SP)
	CALL	runtime·preemptcheck(SB)
	MOVUPS	0(SP), X0
	MOVUPS	16(SP), X1
	MOVUPS	32(SP), X2
	MOVUPS	48(SP), X3
	MOVUPS	64(SP), X4
	MOVUPS	80(SP), X5
	MOVUPS	96(SP), X6
	MOVUPS	112(SP), X7
	MOVUPS	128(SP), X8
	MOVUPS	144(SP), X9
	MOVUPS	160(SP), X10
	MOVUPS	176(SP), X11
	MOVUPS	192(SP), X12
	MOVUPS	208(SP), X13
	MOVUPS	224(SP), X14
	MOVUPS	240(SP), X15
	ADDQ	$264, SP
	POPQ	R11
	POPQ	R10
	POPQ	R9
	POPQ	R8
	POPQ	DI
	POPQ	SI
	POPQ	DX
	POPQ	CX
	POPQ	AX
	MOVQ	BP, SP
	POPQ	BP
	POPFQ
	RET
