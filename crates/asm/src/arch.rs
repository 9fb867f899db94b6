//! amd64 names in gc's assembler: registers, pseudo-registers and the condition
//! codes used by Jcc/SETcc/CMOVcc. Pure tables; nothing about encoding layout.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reg {
    /// General register by hardware number 0..15 (AX=0 … R15=15). Its width comes
    /// from the instruction suffix, as in gc (`MOVB AX, (BX)` stores AL).
    Gp(u8),
    /// SSE register X0..X15.
    Xmm(u8),
}

const GP: [&str; 16] =
    ["AX", "CX", "DX", "BX", "SP", "BP", "SI", "DI", "R8", "R9", "R10", "R11", "R12", "R13", "R14", "R15"];
const GP8: [&str; 16] =
    ["AL", "CL", "DL", "BL", "SPB", "BPB", "SIB", "DIB", "R8B", "R9B", "R10B", "R11B", "R12B", "R13B", "R14B", "R15B"];

pub fn reg(name: &str) -> Option<Reg> {
    if let Some(i) = GP.iter().position(|r| *r == name) {
        return Some(Reg::Gp(i as u8));
    }
    if let Some(i) = GP8.iter().position(|r| *r == name) {
        return Some(Reg::Gp(i as u8));
    }
    // R8L..R15L are gc's 32-bit spellings of R8..R15; the width still comes from the suffix.
    if let Some(n) = name.strip_prefix('R').and_then(|s| s.strip_suffix('L'))
        && let Ok(i @ 8..=15) = n.parse::<u8>()
    {
        return Some(Reg::Gp(i));
    }
    if let Some(n) = name.strip_prefix('X')
        && let Ok(i @ 0..=15) = n.parse::<u8>()
        && n == i.to_string()
    {
        return Some(Reg::Xmm(i));
    }
    None
}

/// Pseudo-registers of gc's assembler.
pub fn is_pseudo(name: &str) -> bool {
    matches!(name, "SB" | "FP" | "PC")
}

/// The x86 condition-code number (the low nibble of Jcc/SETcc/CMOVcc) for gc's
/// suffix: JEQ → EQ → 4.
pub fn cond(suffix: &str) -> Option<u8> {
    Some(match suffix {
        "OS" => 0x0,
        "OC" => 0x1,
        "CS" | "LO" => 0x2,
        "CC" | "HS" => 0x3,
        "EQ" => 0x4,
        "NE" => 0x5,
        "LS" => 0x6,
        "HI" => 0x7,
        "MI" => 0x8,
        "PL" => 0x9,
        "PS" => 0xA,
        "PC" => 0xB,
        "LT" => 0xC,
        "GE" => 0xD,
        "LE" => 0xE,
        "GT" => 0xF,
        _ => return None,
    })
}

/// Condition of a conditional jump: gc's names (JEQ, JCS, …) plus the Intel-style
/// aliases gc's assembler also accepts (JE, JZ, JA, JB, …).
pub fn jump_cond(suffix: &str) -> Option<u8> {
    cond(suffix).or(match suffix {
        "O" => Some(0x0),
        "NO" => Some(0x1),
        "B" | "C" | "NAE" => Some(0x2),
        "AE" | "NB" | "NC" => Some(0x3),
        "E" | "Z" => Some(0x4),
        "NZ" => Some(0x5),
        "BE" | "NA" => Some(0x6),
        "A" | "NBE" => Some(0x7),
        "S" => Some(0x8),
        "NS" => Some(0x9),
        "P" | "PE" => Some(0xA),
        "NP" | "PO" => Some(0xB),
        "L" | "NGE" => Some(0xC),
        "NL" => Some(0xD),
        "NG" => Some(0xE),
        "G" | "NLE" => Some(0xF),
        _ => None,
    })
}
