// System calls made by Go code that may block (package syscall's Syscall and
// Syscall6, under gc's names and signatures): the goroutine's P is released for
// the duration (entersyscall/exitsyscall in syscall.rs), so that sysmon can hand it
// to another M if the call blocks.
//
// Compiled Go's convention for three results: DI points where the third result
// (err) goes, the arguments follow in SI, DX, CX, R8, R9 and then on the stack.
//
// While the call is in the kernel, the collector may run and scan this goroutine's
// stack from the SP that entersyscall records, so everything the caller may hold is
// pushed below that point first: the callee-saved registers (pointers the caller
// keeps across the call) and the arguments (pointers passed only to the kernel).

#include "textflag.h"

// Syscall6(trap, a1, a2, a3, a4, a5, a6 uintptr) (r1, r2 uintptr, err Errno):
// a5 and a6 are at 8(SP) and 16(SP) on entry.
TEXT syscall·Syscall6(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	PUSHQ	BX
	PUSHQ	R12
	PUSHQ	R13
	PUSHQ	R14
	PUSHQ	R15
	PUSHQ	DI	// -48(BP): where err goes
	PUSHQ	SI	// -56(BP): trap
	PUSHQ	DX	// -64(BP): a1
	PUSHQ	CX	// -72(BP): a2
	PUSHQ	R8	// -80(BP): a3
	PUSHQ	R9	// -88(BP): a4
	// 12 words pushed since the call: align SP for the calls below.
	SUBQ	$8, SP
	MOVQ	SP, DI
	CALL	runtime·entersyscall_sp(SB)
	MOVQ	-56(BP), AX
	MOVQ	-64(BP), DI
	MOVQ	-72(BP), SI
	MOVQ	-80(BP), DX
	MOVQ	-88(BP), R10
	MOVQ	16(BP), R8
	MOVQ	24(BP), R9
	SYSCALL
	MOVQ	AX, -64(BP)
	MOVQ	DX, -72(BP)
	CALL	runtime·exitsyscall(SB)
	MOVQ	-48(BP), DI
	MOVQ	-64(BP), AX
	// -4095..-1 is an error number, as in gc's syscall package.
	CMPQ	AX, $-4095
	JCS	ok
	NEGQ	AX
	MOVQ	AX, 0(DI)
	MOVQ	$-1, AX
	MOVQ	$0, DX
	MOVQ	BP, SP
	POPQ	BP
	RET
ok:
	MOVQ	$0, 0(DI)
	MOVQ	-72(BP), DX
	MOVQ	BP, SP
	POPQ	BP
	RET

// Syscall(trap, a1, a2, a3 uintptr) (r1, r2 uintptr, err Errno) is Syscall6 with
// a4 = a5 = a6 = 0.
TEXT syscall·Syscall(SB),NOSPLIT,$0
	PUSHQ	BP
	MOVQ	SP, BP
	MOVQ	$0, R9
	MOVQ	$0, AX
	PUSHQ	AX	// a6
	PUSHQ	AX	// a5
	CALL	syscall·Syscall6(SB)
	MOVQ	BP, SP
	POPQ	BP
	RET
