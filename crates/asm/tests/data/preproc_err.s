#include "go_asm.h"
TEXT x(SB), $0
	RET
