// Program entry for linux/amd64: the kernel starts us here with argc at 0(SP),
// argv at 8(SP), then envp and auxv. The linker's entry symbol.

#include "textflag.h"

TEXT _rt0_amd64_linux(SB),NOSPLIT,$-8
	JMP	_rt0_amd64(SB)
