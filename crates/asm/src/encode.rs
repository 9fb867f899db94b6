//! x86-64 machine-code encoding of one gc-syntax instruction whose operands are
//! already resolved (no FP/pseudo-SP left: those became offsets from hardware SP).
//!
//! Operand order is Plan 9's: sources first, destination last. `CMPx a, b` sets the
//! flags for `a - b` (Intel `cmp a, b`), so `JLT` after it jumps when a < b.
//!
//! It must not know labels' addresses, symbols' sections or ELF: references are
//! returned as `Fixup`s for the caller to resolve or turn into relocations.

use crate::arch::{self, Reg};
use crate::parse::{Base, Mem, Operand, SymName};

/// ELF relocation types used by the assembler (psABI numbers).
pub const R_X86_64_64: u32 = 1;
pub const R_X86_64_PC32: u32 = 2;
pub const R_X86_64_PLT32: u32 = 4;
pub const R_X86_64_32: u32 = 10;
pub const R_X86_64_32S: u32 = 11;

#[derive(Clone, Debug, PartialEq)]
pub enum FixKind {
    /// rel32 to a label of the current function.
    Label(String),
    /// rel32 to the instruction `n` instructions away (`n(PC)`).
    Pc(i64),
    /// A relocation against a symbol.
    Sym { sym: SymName, addend: i64, rtype: u32 },
}

#[derive(Clone, Debug)]
pub struct Fixup {
    /// Offset of the 4- or 8-byte field within the instruction.
    pub at: usize,
    pub kind: FixKind,
}

#[derive(Default, Debug)]
pub struct Enc {
    pub bytes: Vec<u8>,
    pub fixups: Vec<Fixup>,
}

/// The r/m side of a ModRM-encoded instruction.
enum Rm<'a> {
    Reg(u8),
    Mem(&'a Mem),
}

/// The ModRM reg field: a register, or an opcode extension (`/n`).
#[derive(Clone, Copy)]
enum R {
    Reg(u8),
    Ext(u8),
}

enum Imm {
    None,
    B(i64),
    W(i64),
    L(i64),
    /// imm32 carrying an absolute symbol address: R_X86_64_32S when the CPU
    /// sign-extends it to 64 bits, R_X86_64_32 when it is a 32-bit operand.
    LSym(SymName, i64, u32),
    Q(i64),
}

impl Imm {
    fn len(&self) -> usize {
        match self {
            Imm::None => 0,
            Imm::B(_) => 1,
            Imm::W(_) => 2,
            Imm::L(_) | Imm::LSym(..) => 4,
            Imm::Q(_) => 8,
        }
    }
}

fn fits8(v: i64) -> bool {
    (-128..=127).contains(&v)
}
fn fits32(v: i64) -> bool {
    v >= i32::MIN as i64 && v <= i32::MAX as i64
}

impl Enc {
    /// Emits prefixes, REX, opcode, ModRM/SIB/displacement and immediate.
    /// `size` is the operand size in bytes (8 sets REX.W; 1 makes SPL..DIL need REX).
    fn op(&mut self, pfx: &[u8], size: u8, opc: &[u8], r: R, rm: Rm, imm: Imm) -> Result<(), String> {
        let mut rex = 0x40u8;
        if size == 8 {
            rex |= 8;
        }
        let mut need = false;
        let regf = match r {
            R::Reg(x) => {
                if size == 1 && (4..8).contains(&x) {
                    need = true;
                }
                x
            }
            R::Ext(n) => n,
        };
        if regf & 8 != 0 {
            rex |= 4;
        }
        match &rm {
            Rm::Reg(x) => {
                if x & 8 != 0 {
                    rex |= 1;
                }
                if size == 1 && (4..8).contains(x) {
                    need = true;
                }
            }
            Rm::Mem(m) => {
                if let Base::Reg(b) = m.base
                    && b & 8 != 0
                {
                    rex |= 1;
                }
                if let Some((x, _)) = m.index
                    && x & 8 != 0
                {
                    rex |= 2;
                }
            }
        }
        if size == 2 {
            self.bytes.push(0x66);
        }
        self.bytes.extend_from_slice(pfx);
        if rex != 0x40 || need {
            self.bytes.push(rex);
        }
        self.bytes.extend_from_slice(opc);
        let reg3 = (regf & 7) << 3;
        match rm {
            Rm::Reg(x) => self.bytes.push(0xC0 | reg3 | (x & 7)),
            Rm::Mem(m) => self.modrm_mem(reg3, m, imm.len())?,
        }
        self.imm(imm);
        Ok(())
    }

    fn modrm_mem(&mut self, reg3: u8, m: &Mem, trailing: usize) -> Result<(), String> {
        let idx = m.index.map(|(x, s)| ((x & 7) << 3, s.trailing_zeros() as u8));
        match m.base {
            Base::SB => {
                let sym = m.sym.clone().ok_or("(SB) operand without a symbol")?;
                match idx {
                    None => {
                        // RIP-relative: the displacement counts from the end of the instruction.
                        self.bytes.push(reg3 | 0b101);
                        self.fixups.push(Fixup {
                            at: self.bytes.len(),
                            kind: FixKind::Sym { sym, addend: m.off - 4 - trailing as i64, rtype: R_X86_64_PC32 },
                        });
                    }
                    Some((x, s)) => {
                        // sym(SB)(X*s): absolute 32-bit address, sign-extended.
                        self.bytes.push(reg3 | 0b100);
                        self.bytes.push(s << 6 | x | 0b101);
                        self.fixups.push(Fixup {
                            at: self.bytes.len(),
                            kind: FixKind::Sym { sym, addend: m.off, rtype: R_X86_64_32S },
                        });
                    }
                }
                self.bytes.extend_from_slice(&[0; 4]);
                Ok(())
            }
            Base::None => {
                if m.sym.is_some() {
                    return Err("symbol operand needs (SB)".into());
                }
                if !fits32(m.off) {
                    return Err("offset out of 32-bit range".into());
                }
                self.bytes.push(reg3 | 0b100);
                let (x, s) = idx.unwrap_or((0b100 << 3, 0));
                self.bytes.push(s << 6 | x | 0b101);
                self.bytes.extend_from_slice(&(m.off as i32).to_le_bytes());
                Ok(())
            }
            Base::Reg(b) => {
                if m.sym.is_some() {
                    return Err("symbol offsets need (SB), (FP) or (SP)".into());
                }
                if !fits32(m.off) {
                    return Err("offset out of 32-bit range".into());
                }
                // BP/R13 as base with mod=00 would mean RIP/disp32: use a disp8 of 0.
                let md = if m.off == 0 && b & 7 != 5 {
                    0
                } else if fits8(m.off) {
                    1
                } else {
                    2
                };
                if idx.is_some() || b & 7 == 4 {
                    self.bytes.push(md << 6 | reg3 | 0b100);
                    let (x, s) = idx.unwrap_or((0b100 << 3, 0));
                    self.bytes.push(s << 6 | x | (b & 7));
                } else {
                    self.bytes.push(md << 6 | reg3 | (b & 7));
                }
                match md {
                    1 => self.bytes.push(m.off as i8 as u8),
                    2 => self.bytes.extend_from_slice(&(m.off as i32).to_le_bytes()),
                    _ => {}
                }
                Ok(())
            }
            Base::FP | Base::PseudoSP => Err("internal: unresolved pseudo-register".into()),
        }
    }

    fn imm(&mut self, imm: Imm) {
        match imm {
            Imm::None => {}
            Imm::B(v) => self.bytes.push(v as u8),
            Imm::W(v) => self.bytes.extend_from_slice(&(v as u16).to_le_bytes()),
            Imm::L(v) => self.bytes.extend_from_slice(&(v as u32).to_le_bytes()),
            Imm::LSym(sym, off, rtype) => {
                self.fixups.push(Fixup { at: self.bytes.len(), kind: FixKind::Sym { sym, addend: off, rtype } });
                self.bytes.extend_from_slice(&[0; 4]);
            }
            Imm::Q(v) => self.bytes.extend_from_slice(&v.to_le_bytes()),
        }
    }

    /// Opcode with the register in the low three bits (PUSH/POP/BSWAP/MOV imm).
    fn op_plus_r(&mut self, size: u8, pfx: &[u8], opc: &[u8], r: u8) {
        if size == 2 {
            self.bytes.push(0x66);
        }
        self.bytes.extend_from_slice(pfx);
        let mut rex = 0x40;
        if size == 8 {
            rex |= 8;
        }
        if r & 8 != 0 {
            rex |= 1;
        }
        if rex != 0x40 || (size == 1 && (4..8).contains(&r)) {
            self.bytes.push(rex);
        }
        let (last, head) = opc.split_last().unwrap();
        self.bytes.extend_from_slice(head);
        self.bytes.push(last + (r & 7));
    }

    fn rel32(&mut self, opc: &[u8], kind: FixKind) {
        self.bytes.extend_from_slice(opc);
        self.fixups.push(Fixup { at: self.bytes.len(), kind });
        self.bytes.extend_from_slice(&[0; 4]);
    }
}

fn size_of(c: char) -> Option<u8> {
    match c {
        'B' => Some(1),
        'W' => Some(2),
        'L' => Some(4),
        'Q' => Some(8),
        _ => None,
    }
}

/// Splits `ADDQ` into (`ADD`, 8) when `ADD` is one of `bases`.
fn sized<'o>(op: &'o str, bases: &[&str]) -> Option<(&'o str, u8)> {
    let (head, last) = op.split_at(op.len().checked_sub(1)?);
    let s = size_of(last.chars().next()?)?;
    bases.contains(&head).then_some((head, s))
}

fn gp(o: &Operand) -> Option<u8> {
    match o {
        Operand::Reg(Reg::Gp(r)) => Some(*r),
        _ => None,
    }
}
fn xmm(o: &Operand) -> Option<u8> {
    match o {
        Operand::Reg(Reg::Xmm(r)) => Some(*r),
        _ => None,
    }
}
/// A general register or memory as r/m.
fn rm(o: &Operand) -> Option<Rm<'_>> {
    match o {
        Operand::Reg(Reg::Gp(r)) => Some(Rm::Reg(*r)),
        Operand::Mem(m) => Some(Rm::Mem(m)),
        _ => None,
    }
}
fn xrm(o: &Operand) -> Option<Rm<'_>> {
    match o {
        Operand::Reg(Reg::Xmm(r)) => Some(Rm::Reg(*r)),
        Operand::Mem(m) => Some(Rm::Mem(m)),
        _ => None,
    }
}

fn imm_for(size: u8, v: i64) -> Result<Imm, String> {
    let ok = match size {
        1 => (-128..=255).contains(&v),
        2 => (-32768..=65535).contains(&v),
        4 => v >= i32::MIN as i64 && v <= u32::MAX as i64,
        _ => fits32(v),
    };
    if !ok {
        return Err(format!("immediate {v} does not fit the {}-bit operand", size as u32 * 8));
    }
    Ok(match size {
        1 => Imm::B(v),
        2 => Imm::W(v),
        _ => Imm::L(v),
    })
}

const ALU: &[&str] = &["ADD", "OR", "ADC", "SBB", "AND", "SUB", "XOR", "CMP"];
const SHIFT: &[(&str, u8)] =
    &[("ROL", 0), ("ROR", 1), ("RCL", 2), ("RCR", 3), ("SHL", 4), ("SAL", 4), ("SHR", 5), ("SAR", 7)];

pub fn encode(op: &str, a: &[Operand]) -> Result<Enc, String> {
    let mut e = Enc::default();
    let bad = || Err(format!("bad operands for {op}"));
    let n = a.len();

    // Instructions without operands.
    let simple: Option<&[u8]> = match op {
        "RET" => Some(&[0xC3]),
        "SYSCALL" => Some(&[0x0F, 0x05]),
        "NOP" => Some(&[0x90]),
        "PAUSE" => Some(&[0xF3, 0x90]),
        "CPUID" => Some(&[0x0F, 0xA2]),
        "RDTSC" => Some(&[0x0F, 0x31]),
        "RDTSCP" => Some(&[0x0F, 0x01, 0xF9]),
        "MFENCE" => Some(&[0x0F, 0xAE, 0xF0]),
        "LFENCE" => Some(&[0x0F, 0xAE, 0xE8]),
        "SFENCE" => Some(&[0x0F, 0xAE, 0xF8]),
        "UD2" => Some(&[0x0F, 0x0B]),
        "HLT" => Some(&[0xF4]),
        "LOCK" => Some(&[0xF0]),
        "REP" => Some(&[0xF3]),
        "REPN" => Some(&[0xF2]),
        "CLD" => Some(&[0xFC]),
        "STD" => Some(&[0xFD]),
        "PUSHFQ" => Some(&[0x9C]),
        "POPFQ" => Some(&[0x9D]),
        "CQO" => Some(&[0x48, 0x99]),
        "CDQ" => Some(&[0x99]),
        "CWD" => Some(&[0x66, 0x99]),
        "MOVSB" => Some(&[0xA4]),
        "MOVSQ" => Some(&[0x48, 0xA5]),
        "MOVSL" => Some(&[0xA5]),
        "STOSB" => Some(&[0xAA]),
        "STOSQ" => Some(&[0x48, 0xAB]),
        "STOSL" => Some(&[0xAB]),
        _ => None,
    };
    if let Some(b) = simple {
        // NOP may carry operands in gc (hints); they are ignored.
        if n != 0 && op != "NOP" {
            return Err(format!("{op} takes no operands"));
        }
        e.bytes.extend_from_slice(b);
        return Ok(e);
    }

    // Branches.
    if op == "JMP" || op == "CALL" || (op.starts_with('J') && arch::jump_cond(&op[1..]).is_some()) {
        if n != 1 {
            return bad();
        }
        let (opc, ext): (&[u8], u8) = match op {
            "JMP" => (&[0xE9], 4),
            "CALL" => (&[0xE8], 2),
            _ => (&[], 0),
        };
        let cc_opc;
        let opc = if opc.is_empty() {
            cc_opc = [0x0F, 0x80 + arch::jump_cond(&op[1..]).unwrap()];
            &cc_opc[..]
        } else {
            opc
        };
        match &a[0] {
            Operand::Name(l) => e.rel32(opc, FixKind::Label(l.clone())),
            Operand::Pc(k) => e.rel32(opc, FixKind::Pc(*k)),
            Operand::Mem(Mem { sym: Some(s), off, base: Base::SB, index: None }) => {
                e.rel32(opc, FixKind::Sym { sym: s.clone(), addend: off - 4, rtype: R_X86_64_PLT32 })
            }
            Operand::Reg(Reg::Gp(r)) if ext != 0 => e.op(&[], 4, &[0xFF], R::Ext(ext), Rm::Reg(*r), Imm::None)?,
            Operand::Mem(m) if ext != 0 && m.base != Base::SB => {
                e.op(&[], 4, &[0xFF], R::Ext(ext), Rm::Mem(m), Imm::None)?
            }
            _ => return bad(),
        }
        return Ok(e);
    }

    match op {
        "INT" => match a {
            [Operand::Imm(3)] => e.bytes.push(0xCC),
            [Operand::Imm(v)] if (0..256).contains(v) => e.bytes.extend_from_slice(&[0xCD, *v as u8]),
            _ => return bad(),
        },
        "BYTE" | "WORD" | "LONG" | "QUAD" => {
            let w = match op {
                "BYTE" => 1,
                "WORD" => 2,
                "LONG" => 4,
                _ => 8,
            };
            for o in a {
                match o {
                    Operand::Imm(v) | Operand::Const(v) => e.bytes.extend_from_slice(&v.to_le_bytes()[..w]),
                    Operand::Addr(s, off) if w == 8 => {
                        e.fixups.push(Fixup {
                            at: e.bytes.len(),
                            kind: FixKind::Sym { sym: s.clone(), addend: *off, rtype: R_X86_64_64 },
                        });
                        e.bytes.extend_from_slice(&[0; 8]);
                    }
                    _ => return bad(),
                }
            }
        }
        "PUSHQ" | "POPQ" => {
            let push = op == "PUSHQ";
            match a {
                [Operand::Reg(Reg::Gp(r))] => e.op_plus_r(4, &[], &[if push { 0x50 } else { 0x58 }], *r),
                [Operand::Imm(v)] if push && fits8(*v) => e.bytes.extend_from_slice(&[0x6A, *v as u8]),
                [Operand::Imm(v)] if push && fits32(*v) => {
                    e.bytes.push(0x68);
                    e.bytes.extend_from_slice(&(*v as i32).to_le_bytes());
                }
                [Operand::Mem(m)] => {
                    if push {
                        e.op(&[], 4, &[0xFF], R::Ext(6), Rm::Mem(m), Imm::None)?
                    } else {
                        e.op(&[], 4, &[0x8F], R::Ext(0), Rm::Mem(m), Imm::None)?
                    }
                }
                _ => return bad(),
            }
        }
        "LEAQ" | "LEAL" => match a {
            [Operand::Mem(m), Operand::Reg(Reg::Gp(r))] => {
                e.op(&[], if op == "LEAQ" { 8 } else { 4 }, &[0x8D], R::Reg(*r), Rm::Mem(m), Imm::None)?
            }
            _ => return bad(),
        },
        "MOVBQZX" | "MOVBLZX" | "MOVWQZX" | "MOVWLZX" | "MOVBQSX" | "MOVBLSX" | "MOVWQSX" | "MOVWLSX" | "MOVBWZX"
        | "MOVBWSX" => {
            let (Some(src), Some(dst)) = (rm(&a[0]), a.get(1).and_then(gp)) else { return bad() };
            if n != 2 {
                return bad();
            }
            let from_byte = op.as_bytes()[3] == b'B';
            let size = size_of(op.as_bytes()[4] as char).unwrap();
            let opc = match (from_byte, op.ends_with("SX")) {
                (true, false) => 0xB6,
                (false, false) => 0xB7,
                (true, true) => 0xBE,
                (false, true) => 0xBF,
            };
            // A byte source in SPL..DIL needs a REX prefix even without other REX bits.
            let need_rex = from_byte && matches!(src, Rm::Reg(4..=7));
            let mut tmp = Enc::default();
            tmp.op(&[], size, &[0x0F, opc], R::Reg(dst), src, Imm::None)?;
            if need_rex && !(0x40..0x50).contains(&tmp.bytes[if size == 2 { 1 } else { 0 }]) {
                let at = if size == 2 { 1 } else { 0 };
                tmp.bytes.insert(at, 0x40);
                for f in &mut tmp.fixups {
                    f.at += 1;
                }
            }
            return Ok(tmp);
        }
        "MOVLQSX" => match a {
            [s, Operand::Reg(Reg::Gp(d))] if rm(s).is_some() => {
                e.op(&[], 8, &[0x63], R::Reg(*d), rm(s).unwrap(), Imm::None)?
            }
            _ => return bad(),
        },
        "MOVLQZX" => match a {
            [s, Operand::Reg(Reg::Gp(d))] if rm(s).is_some() => {
                e.op(&[], 4, &[0x8B], R::Reg(*d), rm(s).unwrap(), Imm::None)?
            }
            _ => return bad(),
        },
        "MOVQ" if a.iter().any(|o| xmm(o).is_some()) => match a {
            [Operand::Reg(Reg::Xmm(s)), Operand::Reg(Reg::Gp(d))] => {
                e.op(&[0x66], 8, &[0x0F, 0x7E], R::Reg(*s), Rm::Reg(*d), Imm::None)?
            }
            [Operand::Reg(Reg::Gp(s)), Operand::Reg(Reg::Xmm(d))] => {
                e.op(&[0x66], 8, &[0x0F, 0x6E], R::Reg(*d), Rm::Reg(*s), Imm::None)?
            }
            [s, Operand::Reg(Reg::Xmm(d))] if xrm(s).is_some() => {
                e.op(&[0xF3], 4, &[0x0F, 0x7E], R::Reg(*d), xrm(s).unwrap(), Imm::None)?
            }
            [Operand::Reg(Reg::Xmm(s)), Operand::Mem(m)] => {
                e.op(&[0x66], 4, &[0x0F, 0xD6], R::Reg(*s), Rm::Mem(m), Imm::None)?
            }
            _ => return bad(),
        },
        "MOVSD" | "MOVSS" | "MOVUPS" | "MOVUPD" | "MOVAPS" | "MOVAPD" | "MOVOU" | "MOVO" | "MOVOA" => {
            let (pfx, load, store): (&[u8], u8, u8) = match op {
                "MOVSD" => (&[0xF2], 0x10, 0x11),
                "MOVSS" => (&[0xF3], 0x10, 0x11),
                "MOVUPS" => (&[], 0x10, 0x11),
                "MOVUPD" => (&[0x66], 0x10, 0x11),
                "MOVAPS" => (&[], 0x28, 0x29),
                "MOVAPD" => (&[0x66], 0x28, 0x29),
                "MOVOU" => (&[0xF3], 0x6F, 0x7F),
                _ => (&[0x66], 0x6F, 0x7F),
            };
            match a {
                [s, Operand::Reg(Reg::Xmm(d))] if xrm(s).is_some() => {
                    e.op(pfx, 4, &[0x0F, load], R::Reg(*d), xrm(s).unwrap(), Imm::None)?
                }
                [Operand::Reg(Reg::Xmm(s)), Operand::Mem(m)] => {
                    e.op(pfx, 4, &[0x0F, store], R::Reg(*s), Rm::Mem(m), Imm::None)?
                }
                _ => return bad(),
            }
        }
        "PXOR" | "XORPS" | "XORPD" | "PCMPEQB" | "PAND" | "POR" | "ADDSD" | "SUBSD" | "MULSD" | "DIVSD" | "UCOMISD"
        | "SQRTSD" => {
            let (pfx, opc): (&[u8], u8) = match op {
                "PXOR" => (&[0x66], 0xEF),
                "XORPS" => (&[], 0x57),
                "XORPD" => (&[0x66], 0x57),
                "PCMPEQB" => (&[0x66], 0x74),
                "PAND" => (&[0x66], 0xDB),
                "POR" => (&[0x66], 0xEB),
                "ADDSD" => (&[0xF2], 0x58),
                "SUBSD" => (&[0xF2], 0x5C),
                "MULSD" => (&[0xF2], 0x59),
                "DIVSD" => (&[0xF2], 0x5E),
                "SQRTSD" => (&[0xF2], 0x51),
                _ => (&[0x66], 0x2E),
            };
            match a {
                // Plan 9 order: the last operand is the ModRM reg operand (for UCOMISD too,
                // as in gc: `UCOMISD X1, X0` is Intel `ucomisd xmm0, xmm1`).
                [s, Operand::Reg(Reg::Xmm(d))] if xrm(s).is_some() => {
                    e.op(pfx, 4, &[0x0F, opc], R::Reg(*d), xrm(s).unwrap(), Imm::None)?
                }
                _ => return bad(),
            }
        }
        "PREFETCHNTA" | "PREFETCHT0" | "PREFETCHT1" | "PREFETCHT2" => {
            let k = match op {
                "PREFETCHNTA" => 0,
                "PREFETCHT0" => 1,
                "PREFETCHT1" => 2,
                _ => 3,
            };
            match a {
                [Operand::Mem(m)] => e.op(&[], 4, &[0x0F, 0x18], R::Ext(k), Rm::Mem(m), Imm::None)?,
                _ => return bad(),
            }
        }
        "PUNPCKLBW" => match a {
            [s, Operand::Reg(Reg::Xmm(d))] if xrm(s).is_some() => {
                e.op(&[0x66], 4, &[0x0F, 0x60], R::Reg(*d), xrm(s).unwrap(), Imm::None)?
            }
            _ => return bad(),
        },
        // PSHUFL $imm, src, dst (Intel pshufd dst, src, imm).
        "PSHUFL" => match a {
            [Operand::Imm(i), s, Operand::Reg(Reg::Xmm(d))] if xrm(s).is_some() && (0..256).contains(i) => {
                e.op(&[0x66], 4, &[0x0F, 0x70], R::Reg(*d), xrm(s).unwrap(), Imm::B(*i))?
            }
            _ => return bad(),
        },
        // Integer ↔ double conversions: CVTSQ2SD AX, X0 / CVTTSD2SQ X0, AX (and L forms).
        "CVTSQ2SD" | "CVTSL2SD" => match a {
            [s, Operand::Reg(Reg::Xmm(d))] if rm(s).is_some() => e.op(
                &[0xF2],
                if op == "CVTSQ2SD" { 8 } else { 4 },
                &[0x0F, 0x2A],
                R::Reg(*d),
                rm(s).unwrap(),
                Imm::None,
            )?,
            _ => return bad(),
        },
        "CVTTSD2SQ" | "CVTTSD2SL" => match a {
            [s, Operand::Reg(Reg::Gp(d))] if xrm(s).is_some() => e.op(
                &[0xF2],
                if op == "CVTTSD2SQ" { 8 } else { 4 },
                &[0x0F, 0x2C],
                R::Reg(*d),
                xrm(s).unwrap(),
                Imm::None,
            )?,
            _ => return bad(),
        },
        "MOVL" if a.iter().any(|o| xmm(o).is_some()) => match a {
            [Operand::Reg(Reg::Xmm(s)), d] if rm(d).is_some() => {
                e.op(&[0x66], 4, &[0x0F, 0x7E], R::Reg(*s), rm(d).unwrap(), Imm::None)?
            }
            [s, Operand::Reg(Reg::Xmm(d))] if rm(s).is_some() => {
                e.op(&[0x66], 4, &[0x0F, 0x6E], R::Reg(*d), rm(s).unwrap(), Imm::None)?
            }
            _ => return bad(),
        },
        "PMOVMSKB" => match a {
            [Operand::Reg(Reg::Xmm(s)), Operand::Reg(Reg::Gp(d))] => {
                e.op(&[0x66], 4, &[0x0F, 0xD7], R::Reg(*d), Rm::Reg(*s), Imm::None)?
            }
            _ => return bad(),
        },
        _ => return encode_sized(op, a),
    }
    Ok(e)
}

/// Instructions with a B/W/L/Q size suffix.
fn encode_sized(op: &str, a: &[Operand]) -> Result<Enc, String> {
    let mut e = Enc::default();
    let bad = || Err(format!("bad operands for {op}"));
    let unknown = || Err(format!("unknown instruction {op}"));
    let n = a.len();

    if let Some((base, s)) = sized(op, ALU) {
        let k = ALU.iter().position(|x| *x == base).unwrap() as u8;
        // CMP reads `CMPQ a, b` as Intel `cmp a, b`: a is the ModRM r/m ("destination").
        let (src, dst) = if base == "CMP" { (a.get(1), a.first()) } else { (a.first(), a.get(1)) };
        let (Some(src), Some(dst)) = (src, dst) else { return bad() };
        if n != 2 {
            return bad();
        }
        let b = (s == 1) as u8;
        match (src, dst) {
            (Operand::Imm(v), d) if rm(d).is_some() => {
                if s != 1 && fits8(*v) {
                    e.op(&[], s, &[0x83], R::Ext(k), rm(d).unwrap(), Imm::B(*v))?
                } else {
                    let i = imm_for(s, *v)?;
                    e.op(&[], s, &[0x81 - b], R::Ext(k), rm(d).unwrap(), i)?
                }
            }
            (Operand::Addr(sym, off), d) if s == 8 && rm(d).is_some() => {
                e.op(&[], s, &[0x81], R::Ext(k), rm(d).unwrap(), Imm::LSym(sym.clone(), *off, R_X86_64_32S))?
            }
            (Operand::Reg(Reg::Gp(r)), d) if rm(d).is_some() => {
                e.op(&[], s, &[k * 8 + 1 - b], R::Reg(*r), rm(d).unwrap(), Imm::None)?
            }
            (Operand::Mem(m), Operand::Reg(Reg::Gp(r))) => {
                e.op(&[], s, &[k * 8 + 3 - b], R::Reg(*r), Rm::Mem(m), Imm::None)?
            }
            _ => return bad(),
        }
        return Ok(e);
    }
    if let Some((_, s)) = sized(op, &["MOV"]) {
        let b = (s == 1) as u8;
        match a {
            [Operand::Imm(v), Operand::Reg(Reg::Gp(r))] => {
                if s == 8 {
                    if *v >= 0 && *v <= u32::MAX as i64 {
                        // Writing a 32-bit register zero-extends: the short form (as gc).
                        e.op_plus_r(4, &[], &[0xB8], *r);
                        e.imm(Imm::L(*v));
                    } else if fits32(*v) {
                        e.op(&[], 8, &[0xC7], R::Ext(0), Rm::Reg(*r), Imm::L(*v))?
                    } else {
                        e.op_plus_r(8, &[], &[0xB8], *r);
                        e.imm(Imm::Q(*v));
                    }
                } else {
                    let i = imm_for(s, *v)?;
                    e.op_plus_r(s, &[], &[if s == 1 { 0xB0 } else { 0xB8 }], *r);
                    e.imm(i);
                }
            }
            [Operand::Imm(v), Operand::Mem(m)] => {
                let i = if s == 8 {
                    if !fits32(*v) {
                        return Err(format!("immediate {v} does not fit a sign-extended 32-bit field"));
                    }
                    Imm::L(*v)
                } else {
                    imm_for(s, *v)?
                };
                e.op(&[], s, &[0xC7 - b], R::Ext(0), Rm::Mem(m), i)?
            }
            [Operand::Addr(sym, off), d] if s == 8 && rm(d).is_some() => {
                e.op(&[], 8, &[0xC7], R::Ext(0), rm(d).unwrap(), Imm::LSym(sym.clone(), *off, R_X86_64_32S))?
            }
            [Operand::Addr(sym, off), Operand::Reg(Reg::Gp(r))] if s == 4 => {
                e.op_plus_r(4, &[], &[0xB8], *r);
                e.imm(Imm::LSym(sym.clone(), *off, R_X86_64_32));
            }
            [Operand::Reg(Reg::Gp(r)), d] if rm(d).is_some() => {
                e.op(&[], s, &[0x89 - b], R::Reg(*r), rm(d).unwrap(), Imm::None)?
            }
            [Operand::Mem(m), Operand::Reg(Reg::Gp(r))] => {
                e.op(&[], s, &[0x8B - b], R::Reg(*r), Rm::Mem(m), Imm::None)?
            }
            _ => return bad(),
        }
        return Ok(e);
    }
    if let Some((base, s)) = sized(op, &["TEST"]) {
        let b = (s == 1) as u8;
        match a {
            [Operand::Imm(v), d] | [d, Operand::Imm(v)] if rm(d).is_some() => {
                let i = imm_for(s, *v)?;
                e.op(&[], s, &[0xF7 - b], R::Ext(0), rm(d).unwrap(), i)?
            }
            [Operand::Reg(Reg::Gp(r)), d] | [d, Operand::Reg(Reg::Gp(r))] if rm(d).is_some() => {
                e.op(&[], s, &[0x85 - b], R::Reg(*r), rm(d).unwrap(), Imm::None)?
            }
            _ => return bad(),
        }
        let _ = base;
        return Ok(e);
    }
    if let Some((base, s)) = sized(op, &["INC", "DEC", "NEG", "NOT", "MUL", "DIV", "IDIV"]) {
        let b = (s == 1) as u8;
        let [d] = a else { return bad() };
        let Some(d) = rm(d) else { return bad() };
        let (opc, k) = match base {
            "INC" => (0xFF - b, 0),
            "DEC" => (0xFF - b, 1),
            "NOT" => (0xF7 - b, 2),
            "NEG" => (0xF7 - b, 3),
            "MUL" => (0xF7 - b, 4),
            "DIV" => (0xF7 - b, 6),
            _ => (0xF7 - b, 7),
        };
        e.op(&[], s, &[opc], R::Ext(k), d, Imm::None)?;
        return Ok(e);
    }
    if let Some((base, s)) = sized(op, &["IMUL"]) {
        match a {
            [src] if rm(src).is_some() => {
                e.op(&[], s, &[0xF7 - (s == 1) as u8], R::Ext(5), rm(src).unwrap(), Imm::None)?
            }
            [Operand::Imm(v), Operand::Reg(Reg::Gp(d))] if s != 1 => {
                if fits8(*v) {
                    e.op(&[], s, &[0x6B], R::Reg(*d), Rm::Reg(*d), Imm::B(*v))?
                } else {
                    e.op(&[], s, &[0x69], R::Reg(*d), Rm::Reg(*d), imm_for(s, *v)?)?
                }
            }
            [src, Operand::Reg(Reg::Gp(d))] if s != 1 && rm(src).is_some() => {
                e.op(&[], s, &[0x0F, 0xAF], R::Reg(*d), rm(src).unwrap(), Imm::None)?
            }
            _ => return bad(),
        }
        let _ = base;
        return Ok(e);
    }
    if let Some((base, s)) = sized(op, &SHIFT.iter().map(|x| x.0).collect::<Vec<_>>()) {
        let k = SHIFT.iter().find(|x| x.0 == base).unwrap().1;
        let b = (s == 1) as u8;
        match a {
            [Operand::Imm(1), d] if rm(d).is_some() => {
                e.op(&[], s, &[0xD1 - b], R::Ext(k), rm(d).unwrap(), Imm::None)?
            }
            [Operand::Imm(v), d] if rm(d).is_some() && (0..64).contains(v) => {
                e.op(&[], s, &[0xC1 - b], R::Ext(k), rm(d).unwrap(), Imm::B(*v))?
            }
            [Operand::Reg(Reg::Gp(1)), d] if rm(d).is_some() => {
                e.op(&[], s, &[0xD3 - b], R::Ext(k), rm(d).unwrap(), Imm::None)?
            }
            _ => return bad(),
        }
        return Ok(e);
    }
    if let Some((base, s)) = sized(op, &["XCHG", "CMPXCHG", "XADD"]) {
        let b = (s == 1) as u8;
        let opc: &[u8] = match base {
            "XCHG" => &[0x87 - b],
            "CMPXCHG" => &[0x0F, 0xB1 - b],
            _ => &[0x0F, 0xC1 - b],
        };
        match a {
            [Operand::Reg(Reg::Gp(r)), d] if rm(d).is_some() => {
                e.op(&[], s, opc, R::Reg(*r), rm(d).unwrap(), Imm::None)?
            }
            [d, Operand::Reg(Reg::Gp(r))] if base == "XCHG" && rm(d).is_some() => {
                e.op(&[], s, opc, R::Reg(*r), rm(d).unwrap(), Imm::None)?
            }
            _ => return bad(),
        }
        return Ok(e);
    }
    if let Some((base, s)) = sized(op, &["BSF", "BSR", "POPCNT", "TZCNT", "LZCNT"]) {
        let (pfx, opc): (&[u8], u8) = match base {
            "BSF" => (&[], 0xBC),
            "BSR" => (&[], 0xBD),
            "POPCNT" => (&[0xF3], 0xB8),
            "TZCNT" => (&[0xF3], 0xBC),
            _ => (&[0xF3], 0xBD),
        };
        match a {
            [src, Operand::Reg(Reg::Gp(d))] if s != 1 && rm(src).is_some() => {
                e.op(pfx, s, &[0x0F, opc], R::Reg(*d), rm(src).unwrap(), Imm::None)?
            }
            _ => return bad(),
        }
        return Ok(e);
    }
    if let Some((_, s)) = sized(op, &["BSWAP"]) {
        match a {
            [Operand::Reg(Reg::Gp(r))] if s >= 4 => e.op_plus_r(s, &[], &[0x0F, 0xC8], *r),
            _ => return bad(),
        }
        return Ok(e);
    }
    if let Some(cc) = op.strip_prefix("SET").and_then(arch::cond) {
        match a {
            [d] if rm(d).is_some() => e.op(&[], 1, &[0x0F, 0x90 + cc], R::Ext(0), rm(d).unwrap(), Imm::None)?,
            _ => return bad(),
        }
        return Ok(e);
    }
    // CMOVQEQ etc.: CMOV, size, condition.
    if let Some(rest) = op.strip_prefix("CMOV")
        && rest.len() == 3
        && let (Some(s), Some(cc)) = (size_of(rest.as_bytes()[0] as char), arch::cond(&rest[1..]))
    {
        match a {
            [src, Operand::Reg(Reg::Gp(d))] if s != 1 && rm(src).is_some() => {
                e.op(&[], s, &[0x0F, 0x40 + cc], R::Reg(*d), rm(src).unwrap(), Imm::None)?
            }
            _ => return bad(),
        }
        return Ok(e);
    }
    unknown()
}

/// The stack check in front of a function taking `frame` bytes below its entry SP
/// (frame.rs; byte for byte the compiler's, codegen emit.rs): `CMPQ SP, 0(FS)`, or
/// `LEAQ -(frame-STACK_SMALL)(SP), AX; CMPQ AX, 0(FS)` for big frames, then `JCS`
/// to `label`.
pub fn stack_check(frame: i64, label: &str) -> Enc {
    let mut e = Enc::default();
    if frame <= crate::frame::STACK_SMALL {
        e.bytes.extend_from_slice(&[0x64, 0x48, 0x3b, 0x24, 0x25, 0, 0, 0, 0]);
    } else {
        e.bytes.extend_from_slice(&[0x48, 0x8d, 0x84, 0x24]);
        e.bytes.extend_from_slice(&(-(frame - crate::frame::STACK_SMALL) as i32).to_le_bytes());
        e.bytes.extend_from_slice(&[0x64, 0x48, 0x3b, 0x04, 0x25, 0, 0, 0, 0]);
    }
    e.bytes.extend_from_slice(&[0x0f, 0x82]);
    e.fixups.push(Fixup { at: e.bytes.len(), kind: FixKind::Label(label.into()) });
    e.bytes.extend_from_slice(&[0; 4]);
    e
}
