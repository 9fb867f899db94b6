// Entry stubs for the functions that need to know their caller's frame exactly:
// at entry, BP is still the caller's frame pointer and 0(SP) its return address.
// The Rust bodies cannot read these reliably themselves: LLVM may set up their frame
// late (shrink-wrapping), so an RBP read in Rust can name either frame.
// Each stub appends the two values as extra System V arguments and jumps, so the
// Rust body returns straight to the original caller.

#include "textflag.h"

// Callers(skip, pcs, len, cap int) int → callers(skip, pcs, len, cap, fp, pc).
TEXT runtime·Callers(SB),NOSPLIT,$0
	MOVQ	BP, R8
	MOVQ	0(SP), R9
	JMP	runtime·callers(SB)

// callerinfo(skip, out) → callerinfo1(skip, out, fp, pc).
TEXT runtime·callerinfo(SB),NOSPLIT,$0
	MOVQ	BP, DX
	MOVQ	0(SP), CX
	JMP	runtime·callerinfo1(SB)

// newproc(fn, arg) → newproc0(fn, arg, pc): pc is the go statement's return address,
// for the `created by` line of tracebacks.
TEXT runtime·newproc(SB),NOSPLIT,$0
	MOVQ	0(SP), DX
	JMP	runtime·newproc0(SB)
