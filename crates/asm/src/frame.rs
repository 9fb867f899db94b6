//! Frames of TEXT symbols: gc's `$frame-args`, the prologue/epilogue rgo inserts, and
//! the rewriting of the pseudo-registers FP and SP into hardware-SP offsets.
//!
//! Layout (same memory picture as gc on amd64; gc builds it with SUBQ/MOVQ/LEAQ, rgo
//! with PUSHQ/MOVQ/SUBQ):
//! - frame > 0 and not NOFRAME: prologue `PUSHQ BP; MOVQ SP, BP; SUBQ $frame, SP`,
//!   and before every RET the epilogue `ADDQ $frame, SP; POPQ BP`.
//! - frame > 0 with NOFRAME: `SUBQ $frame, SP` / `ADDQ $frame, SP` (no BP save).
//! - frame 0 or negative (`$-8` in gc means "no frame"): nothing is inserted.
//! - No stack-split check is inserted: rgo has no g register and no stack growth yet,
//!   so NOSPLIT is accepted and has no effect.
//!
//! Pseudo-registers (E = hardware SP at entry, pointing at the return address):
//! `x+0(FP)` is E+8 (the first stack argument) and `x-8(SP)` is just below the saved
//! BP (E-8 with a BP save, E-0 without), i.e. pseudo-SP = hardware SP + frame.
//! PUSHQ/POPQ/PUSHFQ/POPFQ are tracked so these stay right after a push, as in gc.
//!
//! It must not know instruction encodings beyond the prologue bytes' source text.

use crate::parse::{Base, Operand};

#[derive(Clone, Copy, Debug)]
pub struct Frame {
    /// Local frame size in bytes, excluding the saved BP (0 if none).
    pub size: i64,
    /// Whether BP is saved (8 bytes between the return address and the locals).
    pub save_bp: bool,
}

pub const NOFRAME: u64 = 512;

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
