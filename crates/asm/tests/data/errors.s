#include "textflag.h"
TEXT pkg·f(SB), NOSPLIT, $0
	FROBQ AX, BX
	MOVQ AX
	JMP nowhere
	MOVQ g, AX
	ADDQ $1, $2
	RET
TEXT pkg·f(SB), NOSPLIT, $0
	RET
GLOBL pkg·f(SB), $8
