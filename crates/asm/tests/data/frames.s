// Frame prologue/epilogue and FP/SP pseudo-registers.
#include "textflag.h"

// frame 0: no prologue; x+0(FP) is 8(SP).
TEXT pkg·leaf(SB), NOSPLIT, $0-16
	MOVQ x+0(FP), AX
	MOVQ AX, ret+8(FP)
	PUSHQ AX
	MOVQ x+0(FP), CX
	POPQ AX
	RET

// frame 24: PUSHQ BP; MOVQ SP, BP; SUBQ $24, SP ... ADDQ $24, SP; POPQ BP; RET.
TEXT pkg·framed(SB), $24-16
	MOVQ a+0(FP), AX
	MOVQ AX, t-8(SP)
	MOVQ AX, 0(SP)
	CMPQ AX, $0
	JEQ out
	RET
out:
	MOVQ t-24(SP), BX
	RET

TEXT pkg·noframe(SB), NOSPLIT|NOFRAME, $16-0
	MOVQ AX, x-8(SP)
	MOVQ a+0(FP), AX
	RET
