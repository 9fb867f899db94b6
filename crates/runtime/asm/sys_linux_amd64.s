// System calls that need their own stack discipline: settls (the TLS base) and clone
// (a new thread starts on a new stack). The other system calls are Rust inline asm
// (sys_linux_amd64.rs).

#include "textflag.h"

// Offsets into runtime2.rs's M, asserted there with offset_of!.
#define m_tls	8

#define SYS_rt_sigreturn	15
#define SYS_clone	56
#define SYS_exit	60
#define SYS_arch_prctl	158
#define ARCH_SET_FS	0x1002

// settls(tls *[6]uintptr): FS base = &tls[1], so g (tls[0]) is at -8(FS), where a
// static executable's TLS variable `g` would be.
TEXT runtime·settls(SB),NOSPLIT,$0
	ADDQ	$8, DI
	MOVQ	DI, SI
	MOVQ	$ARCH_SET_FS, DI
	MOVQ	$SYS_arch_prctl, AX
	SYSCALL
	CMPQ	AX, $0
	JNE	bad
	RET
bad:
	CALL	runtime·abort(SB)
	RET

// clone(flags, stk, mp, gp, fn) int: a new thread on stack stk. The child sets its
// TLS to mp.tls with g = gp, then calls fn (mstart), which never returns.
// Returns the child's thread id (or -errno) in the parent.
TEXT runtime·clone(SB),NOSPLIT,$0
	// R12-R14 are callee-saved for our caller: keep them on the parent's stack.
	PUSHQ	R12
	PUSHQ	R13
	PUSHQ	R14
	// The child gets copies of these registers; the syscall preserves them.
	MOVQ	DX, R13	// mp
	MOVQ	CX, R14	// gp
	MOVQ	R8, R12	// fn
	MOVQ	$0, DX	// parent tid pointer
	MOVQ	$0, R10	// child tid pointer
	MOVQ	$0, R8	// tls
	MOVQ	$SYS_clone, AX
	SYSCALL
	CMPQ	AX, $0
	JEQ	child
	POPQ	R14
	POPQ	R13
	POPQ	R12
	RET
child:
	// On the new stack. mp.tls[0] = g0, then FS = &mp.tls[1].
	MOVQ	R14, m_tls(R13)
	LEAQ	m_tls(R13), DI
	CALL	runtime·settls(SB)
	MOVQ	$0, BP
	CALL	R12
	// fn returned: end this thread only.
	MOVQ	$111, DI
	MOVQ	$SYS_exit, AX
	SYSCALL
	JMP	child

// sigreturn is the signal handlers' return address (sa_restorer): it asks the
// kernel to restore the interrupted context.
TEXT runtime·sigreturn(SB),NOSPLIT,$0
	MOVQ	$SYS_rt_sigreturn, AX
	SYSCALL
	CALL	runtime·abort(SB)
	RET
