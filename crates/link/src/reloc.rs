//! x86-64 relocation arithmetic (psABI): computes S + A - P and friends, checks that
//! the result fits the field (an error, never silent truncation), and relaxes
//! `mov foo@GOTPCREL(%rip), %reg` to `lea foo(%rip), %reg` where the psABI allows.
//!
//! It must not know symbols' names or the output layout beyond the numbers given.

use crate::resolve::Target;

pub const R_X86_64_NONE: u32 = 0;
pub const R_X86_64_64: u32 = 1;
pub const R_X86_64_PC32: u32 = 2;
pub const R_X86_64_PLT32: u32 = 4;
pub const R_X86_64_GOTPCREL: u32 = 9;
pub const R_X86_64_32: u32 = 10;
pub const R_X86_64_32S: u32 = 11;
pub const R_X86_64_16: u32 = 12;
pub const R_X86_64_PC16: u32 = 13;
pub const R_X86_64_8: u32 = 14;
pub const R_X86_64_PC8: u32 = 15;
pub const R_X86_64_PC64: u32 = 24;
pub const R_X86_64_GOTPCRELX: u32 = 41;
pub const R_X86_64_REX_GOTPCRELX: u32 = 42;

pub fn name(t: u32) -> String {
    match t {
        0 => "R_X86_64_NONE".into(),
        1 => "R_X86_64_64".into(),
        2 => "R_X86_64_PC32".into(),
        3 => "R_X86_64_GOT32".into(),
        4 => "R_X86_64_PLT32".into(),
        9 => "R_X86_64_GOTPCREL".into(),
        10 => "R_X86_64_32".into(),
        11 => "R_X86_64_32S".into(),
        12 => "R_X86_64_16".into(),
        13 => "R_X86_64_PC16".into(),
        14 => "R_X86_64_8".into(),
        15 => "R_X86_64_PC8".into(),
        16..=21 | 23 | 32 | 33 | 34 | 35 | 36 => format!("TLS relocation {t}"),
        22 => "R_X86_64_GOTTPOFF (TLS)".into(),
        24 => "R_X86_64_PC64".into(),
        25 => "R_X86_64_GOTOFF64".into(),
        26 => "R_X86_64_GOTPC32".into(),
        41 => "R_X86_64_GOTPCRELX".into(),
        42 => "R_X86_64_REX_GOTPCRELX".into(),
        _ => format!("relocation type {t}"),
    }
}

/// Can a GOTPCRELX-family relocation be turned into a direct PC-relative one?
/// Only the `mov` (8b) form, and only for targets whose address is part of the image.
fn relaxable(rtype: u32, data: &[u8], off: u64) -> bool {
    matches!(rtype, R_X86_64_GOTPCRELX | R_X86_64_REX_GOTPCRELX)
        && off >= 2
        && data.get(off as usize - 2) == Some(&0x8b)
}

pub fn needs_got(rtype: u32, data: &[u8], off: u64, t: Target) -> bool {
    match rtype {
        R_X86_64_GOTPCREL => true,
        R_X86_64_GOTPCRELX | R_X86_64_REX_GOTPCRELX => !relaxable(rtype, data, off) || matches!(t, Target::Abs(_)),
        _ => false,
    }
}

/// Applies one relocation to `buf` (the output copy of the section) at `off`.
/// `p` is the address of the field, `s` the symbol's address, `got` the address of
/// its GOT slot when `needs_got` said so.
pub fn apply(buf: &mut [u8], off: u64, rtype: u32, s: u64, a: i64, p: u64, got: Option<u64>) -> Result<(), String> {
    let off = off as usize;
    let sa = s.wrapping_add(a as u64);
    let pc = |v: u64| v.wrapping_sub(p) as i64;
    let (val, width): (i64, usize) = match rtype {
        R_X86_64_NONE => return Ok(()),
        R_X86_64_64 => (sa as i64, 8),
        R_X86_64_PC64 => (pc(sa), 8),
        R_X86_64_PC32 | R_X86_64_PLT32 => (pc(sa), 4),
        R_X86_64_32 => {
            if sa > u32::MAX as u64 {
                return Err(format!("value {sa:#x} does not fit 32 bits unsigned"));
            }
            (sa as i64, 4)
        }
        R_X86_64_32S => (sa as i64, 4),
        R_X86_64_16 => (sa as i64, 2),
        R_X86_64_PC16 => (pc(sa), 2),
        R_X86_64_8 => (sa as i64, 1),
        R_X86_64_PC8 => (pc(sa), 1),
        R_X86_64_GOTPCREL | R_X86_64_GOTPCRELX | R_X86_64_REX_GOTPCRELX => match got {
            Some(g) => (pc(g.wrapping_add(a as u64)), 4),
            None => {
                // Relaxation: mov (8b) → lea (8d), same operands, now the symbol itself.
                buf[off - 2] = 0x8d;
                (pc(sa), 4)
            }
        },
        t => return Err(format!("unsupported {}", name(t))),
    };
    if off + width > buf.len() {
        return Err(format!("offset {off:#x} is outside the section"));
    }
    if width < 8 {
        // Absolute 16/8-bit fields accept signed or unsigned values (as GNU ld does);
        // PC-relative and 32S fields must fit signed.
        let bits = 8 * width as u32;
        let (lo, hi) = (-(1i64 << (bits - 1)), (1i64 << (bits - 1)) - 1);
        let unsigned_ok = matches!(rtype, R_X86_64_32 | R_X86_64_16 | R_X86_64_8) && val >= 0 && val < (1i64 << bits);
        if !(unsigned_ok || (rtype != R_X86_64_32 && (lo..=hi).contains(&val))) {
            return Err(format!("{} overflows: value {val:#x} does not fit {bits} bits", name(rtype)));
        }
    }
    buf[off..off + width].copy_from_slice(&val.to_le_bytes()[..width]);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pc32_and_plt32() {
        let mut b = [0xe8, 0, 0, 0, 0];
        apply(&mut b, 1, R_X86_64_PLT32, 0x401000, -4, 0x401101, None).unwrap();
        assert_eq!(i32::from_le_bytes(b[1..5].try_into().unwrap()), 0x401000 - 4 - 0x401101);
    }

    #[test]
    fn abs64_and_32s() {
        let mut b = [0u8; 8];
        apply(&mut b, 0, R_X86_64_64, 0x402000, 16, 0, None).unwrap();
        assert_eq!(u64::from_le_bytes(b), 0x402010);
        let mut b = [0u8; 4];
        apply(&mut b, 0, R_X86_64_32S, 0x402000, -8, 0, None).unwrap();
        assert_eq!(i32::from_le_bytes(b), 0x401ff8);
    }

    #[test]
    fn overflow_is_an_error() {
        let mut b = [0u8; 4];
        let e = apply(&mut b, 0, R_X86_64_PC32, 0x1_0000_0000, 0, 0x400000, None).unwrap_err();
        assert!(e.contains("overflows"), "{e}");
        assert!(apply(&mut b, 0, R_X86_64_32S, 0x8000_0000, 0, 0, None).is_err());
        assert!(apply(&mut b, 0, R_X86_64_32, 0x1_0000_0000, 0, 0, None).is_err());
        assert!(apply(&mut b, 0, R_X86_64_32, 0xffff_ffff, 0, 0, None).is_ok());
        assert_eq!(b, [0xff; 4]);
    }

    #[test]
    fn narrow_fields() {
        let mut b = [0u8; 2];
        apply(&mut b, 0, R_X86_64_16, 0xfffe, 0, 0, None).unwrap();
        assert_eq!(b, [0xfe, 0xff]);
        assert!(apply(&mut b, 0, R_X86_64_16, 0x10000, 0, 0, None).is_err());
        let mut b = [0u8; 1];
        apply(&mut b, 0, R_X86_64_PC8, 0x400010, 0, 0x400000, None).unwrap();
        assert_eq!(b, [0x10]);
        assert!(apply(&mut b, 0, R_X86_64_PC8, 0x400100, 0, 0x400000, None).is_err());
    }

    #[test]
    fn gotpcrelx_mov_relaxes_to_lea() {
        // mov 0(%rip), %rax = 48 8b 05 <rel32>
        let mut b = [0x48, 0x8b, 0x05, 0, 0, 0, 0];
        assert!(!needs_got(R_X86_64_REX_GOTPCRELX, &b, 3, Target::UndefWeak));
        apply(&mut b, 3, R_X86_64_REX_GOTPCRELX, 0x403000, -4, 0x401003, None).unwrap();
        assert_eq!(b[1], 0x8d);
        assert_eq!(i32::from_le_bytes(b[3..7].try_into().unwrap()), 0x403000 - 4 - 0x401003);
    }

    #[test]
    fn gotpcrel_uses_the_slot() {
        // call *0(%rip) = ff 15 <rel32>: not relaxable, goes through the GOT.
        let mut b = [0xff, 0x15, 0, 0, 0, 0];
        assert!(needs_got(R_X86_64_GOTPCRELX, &b, 2, Target::UndefWeak));
        apply(&mut b, 2, R_X86_64_GOTPCRELX, 0x403000, -4, 0x401002, Some(0x404008)).unwrap();
        assert_eq!(b[1], 0x15);
        assert_eq!(i32::from_le_bytes(b[2..6].try_into().unwrap()), 0x404008 - 4 - 0x401002);
    }
}
