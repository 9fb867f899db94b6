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

// Branch relaxation: short where the target is near, rel32 where it is not;
// aliases JE/JZ/JNZ/JA/JB/JBE/JAE; ADJSP; an absolute memory operand.
TEXT pkg·far(SB), NOSPLIT, $0
	JE near
	JZ far
	JNZ near
	JA near; JB near; JBE near; JAE near
near:
	ADJSP $16
	MOVQ a+0(FP), AX
	ADJSP $-16
	MOVL $0xf1, 0xf1
	BYTE $0; BYTE $0; BYTE $0; BYTE $0; BYTE $0; BYTE $0; BYTE $0; BYTE $0
	QUAD $0; QUAD $0; QUAD $0; QUAD $0; QUAD $0; QUAD $0; QUAD $0; QUAD $0
	QUAD $0; QUAD $0; QUAD $0; QUAD $0; QUAD $0; QUAD $0; QUAD $0; QUAD $0
far:
	JMP near
	PREFETCHNTA (SI)
	PSHUFL $0, X1, X2
	PUNPCKLBW X0, X0
	MOVL X0, AX
	CVTSQ2SD AX, X1
	CVTTSD2SQ X1, CX
	RET
