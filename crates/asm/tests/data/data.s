// DATA/GLOBL: data, rodata, bss, strings, addresses, floats, local symbols.
#include "textflag.h"

DATA pkg·msg+0(SB)/8, $"hello, w"
DATA pkg·msg+8(SB)/5, $"orld\n"
GLOBL pkg·msg(SB), RODATA, $13

DATA pkg·ptrs+0(SB)/8, $pkg·msg(SB)
DATA pkg·ptrs+8(SB)/8, $pkg·msg+8(SB)
DATA pkg·ptrs+16(SB)/4, $-2
DATA pkg·ptrs+20(SB)/2, $0x102
DATA pkg·ptrs+22(SB)/1, $'A'
DATA pkg·ptrs+24(SB)/8, $1.5
GLOBL pkg·ptrs(SB), $32

GLOBL pkg·zero(SB), NOPTR, $4096
GLOBL counter<>(SB), NOPTR, $8
DATA pkg·dup+0(SB)/8, $(3*7-1)
GLOBL pkg·dup(SB), DUPOK|NOPTR, $8

TEXT ·useit(SB), NOSPLIT, $0
	INCQ counter<>(SB)
	RET
