// An empty function table for programs that have none: the hand-written Plan 9
// mains of rgo's runtime tests. The compiler emits main..functab as a strong global
// (ARCHITECTURE.md, "Function table"), which replaces this weak (DUPOK) one.

#include "textflag.h"

DATA main··functab+0(SB)/8, $0
GLOBL main··functab(SB), DUPOK|RODATA, $8

// Likewise an empty table of package variables for the collector (the compiler's
// main..gcglobals replaces it; runtime mgcglobals.rs).
DATA main··gcglobals+0(SB)/8, $0
GLOBL main··gcglobals(SB), DUPOK|RODATA, $8
