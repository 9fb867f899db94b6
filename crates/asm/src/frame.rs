//! Frames of TEXT symbols: gc's `$frame-args`, the prologue/epilogue rgo inserts, and
//! the rewriting of the pseudo-registers FP and SP into hardware-SP offsets.
//!
//! Layout (same memory picture as gc on amd64; gc builds it with SUBQ/MOVQ/LEAQ, rgo
//! with PUSHQ/MOVQ/SUBQ):
//! - frame > 0 and not NOFRAME: prologue `PUSHQ BP; MOVQ SP, BP; SUBQ $frame, SP`,
//!   and before every RET the epilogue `ADDQ $frame, SP; POPQ BP`.
//! - frame > 0 with NOFRAME: `SUBQ $frame, SP` / `ADDQ $frame, SP` (no BP save).
//! - frame 0 or negative (`$-8` in gc means "no frame"): nothing is inserted.
//! - Without NOSPLIT, a stack check goes before the prologue, the same one the compiler
//!   puts in front of Go functions (codegen emit.rs; the runtime's stack.rs explains
//!   it): `CMPQ SP, guard` where the guard is the TLS word at 0(FS) (SP − (frame −
//!   STACK_SMALL) in AX for frames over STACK_SMALL bytes), `JCS slow`, and after the
//!   last instruction `slow: CALL runtime·morestack(SB); JMP <the check>`. AX is
//!   scratch at entry, as in gc's ABI0. NOSPLIT functions get none (most of the
//!   runtime's, which run on g0 or within the guard).
//!
//! Pseudo-registers (E = hardware SP at entry, pointing at the return address):
//! `x+0(FP)` is E+8 (the first stack argument) and `x-8(SP)` is just below the saved
//! BP (E-8 with a BP save, E-0 without), i.e. pseudo-SP = hardware SP + frame.
//! PUSHQ/POPQ/PUSHFQ/POPFQ are tracked so these stay right after a push, as in gc.
//!
//! It must not know instruction encodings beyond the prologue bytes' source text.

use crate::parse::{Base, Mem, Operand};

#[derive(Clone, Copy, Debug)]
pub struct Frame {
    /// Local frame size in bytes, excluding the saved BP (0 if none).
    pub size: i64,
    /// Whether BP is saved (8 bytes between the return address and the locals).
    pub save_bp: bool,
}

pub const NOFRAME: u64 = 512;
/// textflag.h's NOSPLIT (preproc.rs): no stack check.
pub const NOSPLIT: u64 = 4;

/// Frames up to this size are checked against SP itself (the runtime's STACK_SMALL;
/// codegen emit.rs has the same number).
pub const STACK_SMALL: i64 = 128;
/// Labels of the check's slow path and of the check itself (not valid Go asm names).
pub const MORESTACK_LABEL: &str = "\u{1}morestack";
pub const CHECK_LABEL: &str = "\u{1}check";

impl Frame {
    pub fn new(declared: i64, flags: u64) -> Frame {
        let size = declared.max(0);
        // The frame stays 8-byte aligned the way gc keeps it (sizes are multiples of 8 in practice).
        Frame { size, save_bp: size > 0 && flags & NOFRAME == 0 }
    }

    pub fn prologue(&self) -> Vec<(&'static str, Vec<Operand>)> {
        let mut v = Vec::new();
        if self.save_bp {
            v.push(("PUSHQ", vec![sp_reg(5)]));
            v.push(("MOVQ", vec![sp_reg(4), sp_reg(5)]));
        }
        if self.size > 0 {
            v.push(("SUBQ", vec![Operand::Imm(self.size), sp_reg(4)]));
        }
        v
    }

    /// Bytes this frame takes below the entry SP (the stack check's concern).
    pub fn below_entry(&self) -> i64 {
        self.size + if self.save_bp { 8 } else { 0 }
    }

    /// The check's slow path, placed after the function's last instruction.
    pub fn morestack() -> Vec<(&'static str, Vec<Operand>)> {
        let call = Mem { sym: Some(runtime_sym("morestack")), off: 0, base: Base::SB, index: None };
        vec![("CALL", vec![Operand::Mem(call)]), ("JMP", vec![Operand::Name(CHECK_LABEL.into())])]
    }

    pub fn epilogue(&self) -> Vec<(&'static str, Vec<Operand>)> {
        let mut v = Vec::new();
        if self.size > 0 {
            v.push(("ADDQ", vec![Operand::Imm(self.size), sp_reg(4)]));
        }
        if self.save_bp {
            v.push(("POPQ", vec![sp_reg(5)]));
        }
        v
    }

    /// Rewrites FP/pseudo-SP memory operands to hardware SP; `delta` is the bytes
    /// pushed since the prologue.
    pub fn resolve(&self, o: &Operand, delta: i64) -> Operand {
        let Operand::Mem(m) = o else { return o.clone() };
        let extra = match m.base {
            Base::FP => self.size + if self.save_bp { 8 } else { 0 } + 8 + delta,
            Base::PseudoSP => self.size + delta,
            _ => return o.clone(),
        };
        let mut m = m.clone();
        m.base = Base::Reg(4);
        m.off += extra;
        // The name (x in x+8(FP)) is documentation only.
        m.sym = None;
        Operand::Mem(m)
    }
}

fn runtime_sym(name: &str) -> crate::parse::SymName {
    crate::parse::SymName { name: format!("runtime.{name}"), local: false }
}

fn sp_reg(r: u8) -> Operand {
    Operand::Reg(crate::arch::Reg::Gp(r))
}

/// How an instruction moves the hardware SP (for pseudo-register tracking).
pub fn sp_delta(op: &str) -> i64 {
    match op {
        "PUSHQ" | "PUSHFQ" => 8,
        "POPQ" | "POPFQ" => -8,
        _ => 0,
    }
}
