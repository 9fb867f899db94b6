// Branches, calls, labels, stack ops and miscellaneous instructions.
#include "textflag.h"
#define SYS_exit_group 231
#define EXIT(code) MOVL $code, DI; MOVL $SYS_exit_group, AX; SYSCALL

TEXT _rt0_amd64_linux(SB), NOSPLIT|NOFRAME, $-8
	MOVQ 0(SP), DI
	LEAQ 8(SP), SI
	JMP runtime·rt0_go(SB)

TEXT runtime·rt0_go<ABIInternal>(SB), NOSPLIT|TOPFRAME, $0
	CALL runtime·args(SB)
	CALL AX
	CALL 8(AX)
	JMP AX
loop:
	DECQ CX
	JNE loop
	JEQ done
	JLT done; JLE done; JGT done; JGE done
	JCS done; JLO done; JCC done; JHS done
	JHI done; JLS done; JMI done; JPL done
	JOS done; JOC done; JPS done; JPC done
	JMP 2(PC)
	NOP
done:
	PUSHQ BP
	PUSHQ $1
	PUSHQ $1000
	PUSHQ 8(AX)
	POPQ R12
	PUSHFQ
	POPFQ
	SYSCALL
	INT $3
	PAUSE
	CPUID
	RDTSC
	MFENCE
	UD2
	BYTE $0x90
	WORD $0x1234
	LONG $0xdeadbeef
	QUAD $runtime·args(SB)
	EXIT(42)
	RET
