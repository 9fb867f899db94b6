// Moves, loads, stores and addressing modes.
#include "textflag.h"

TEXT pkg·movs(SB), NOSPLIT, $0-0
	MOVQ AX, BX
	MOVQ R8, R15
	MOVL CX, DX
	MOVW SI, DI
	MOVB AX, BX
	MOVB SI, DI
	MOVB R9, AX
	MOVQ $0, AX
	MOVQ $-1, R9
	MOVQ $0x7fffffff, AX
	MOVQ $0xffffffff, AX
	MOVQ $0x123456789, R10
	MOVL $7, R11
	MOVW $0x1234, CX
	MOVB $0xff, SI
	MOVQ (AX), CX
	MOVQ 8(SP), AX
	MOVQ -8(BP), R12
	MOVQ (R12), AX
	MOVQ (R13), AX
	MOVQ 0x1000(AX), DX
	MOVQ 16(AX)(BX*8), CX
	MOVQ (SP)(CX*4), R8
	MOVQ AX, 24(R14)(R15*2)
	MOVL AX, (DI)
	MOVB $1, (AX)
	MOVQ $5, 8(SP)
	MOVW $1, (BX)
	MOVQ pkg·var(SB), AX
	MOVQ AX, other·x+8(SB)
	MOVQ $runtime·foo(SB), AX
	MOVQ $runtime·foo+16(SB), 8(SP)
	MOVL $runtime·foo(SB), CX
	MOVQ $7, pkg·var(SB)
	MOVQ table<>(SB)(CX*8), AX
	LEAQ 8(SP), AX
	LEAQ pkg·var(SB), R9
	LEAQ (AX)(BX*2), CX
	LEAL 4(AX), DX
	MOVBQZX (AX), CX
	MOVBQZX SI, AX
	MOVBLZX DI, AX
	MOVWQZX (AX), R8
	MOVLQZX AX, AX
	MOVLQSX CX, DX
	MOVBQSX AX, AX
	MOVWLSX R9, R10
	MOVQ X0, AX
	MOVQ AX, X1
	MOVQ (AX), X15
	MOVQ X2, 8(SP)
	MOVSD X1, X2
	MOVSD 8(SP), X3
	MOVSD X3, (AX)
	MOVUPS (SI), X0
	MOVUPS X0, (DI)
	MOVOU (SI), X8
	MOVOU X8, 16(DI)
	PXOR X0, X0
	XORPS X1, X1
	RET

GLOBL pkg·var(SB), NOPTR, $8
DATA table<>+0(SB)/8, $1
DATA table<>+8(SB)/8, $2
GLOBL table<>(SB), RODATA, $16
