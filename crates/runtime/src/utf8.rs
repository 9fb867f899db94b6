//! UTF-8 encoding and decoding as Go defines it: invalid input decodes to U+FFFD
//! one byte at a time; surrogates and code points past U+10FFFF encode as U+FFFD.
//! Pure logic: tests/pure.rs uses it on the host.

pub const RUNE_ERROR: u32 = 0xFFFD;

/// Decodes the rune starting at s[k]; returns it and the index after it.
/// An invalid or truncated sequence yields (RUNE_ERROR, k + 1).
pub fn decoderune(s: &[u8], k: usize) -> (u32, usize) {
    let n = s.len();
    let b0 = s[k] as u32;
    if b0 < 0x80 {
        return (b0, k + 1);
    }
    let cont = |i: usize, lo: u8, hi: u8| -> Option<u32> {
        let c = *s.get(i)?;
        if c < lo || c > hi {
            None
        } else {
            Some((c & 0x3F) as u32)
        }
    };
    let bad = (RUNE_ERROR, k + 1);
    let _ = n;
    match b0 {
        0xC2..=0xDF => match cont(k + 1, 0x80, 0xBF) {
            Some(c1) => (((b0 & 0x1F) << 6) | c1, k + 2),
            None => bad,
        },
        0xE0..=0xEF => {
            // E0 needs A0.., ED stops at 9F (no surrogates).
            let (lo, hi) = match b0 {
                0xE0 => (0xA0, 0xBF),
                0xED => (0x80, 0x9F),
                _ => (0x80, 0xBF),
            };
            match (cont(k + 1, lo, hi), cont(k + 2, 0x80, 0xBF)) {
                (Some(c1), Some(c2)) => (((b0 & 0x0F) << 12) | (c1 << 6) | c2, k + 3),
                _ => bad,
            }
        }
        0xF0..=0xF4 => {
            let (lo, hi) = match b0 {
                0xF0 => (0x90, 0xBF),
                0xF4 => (0x80, 0x8F),
                _ => (0x80, 0xBF),
            };
            match (cont(k + 1, lo, hi), cont(k + 2, 0x80, 0xBF), cont(k + 3, 0x80, 0xBF)) {
                (Some(c1), Some(c2), Some(c3)) => (((b0 & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3, k + 4),
                _ => bad,
            }
        }
        _ => bad,
    }
}

/// The code point Go stores for rune r: r itself if valid, else U+FFFD.
pub fn valid_or_error(r: i64) -> u32 {
    if (0..=0x10FFFF).contains(&r) && !(0xD800..=0xDFFF).contains(&r) {
        r as u32
    } else {
        RUNE_ERROR
    }
}

/// Bytes needed to encode rune r (after valid_or_error).
pub fn runelen(r: u32) -> usize {
    match r {
        0..=0x7F => 1,
        0x80..=0x7FF => 2,
        0x800..=0xFFFF => 3,
        _ => 4,
    }
}

/// Writes the UTF-8 encoding of r (after valid_or_error) at buf; returns its length.
pub fn encoderune(buf: &mut [u8], r: u32) -> usize {
    match runelen(r) {
        1 => {
            buf[0] = r as u8;
            1
        }
        2 => {
            buf[0] = 0xC0 | (r >> 6) as u8;
            buf[1] = 0x80 | (r & 0x3F) as u8;
            2
        }
        3 => {
            buf[0] = 0xE0 | (r >> 12) as u8;
            buf[1] = 0x80 | ((r >> 6) & 0x3F) as u8;
            buf[2] = 0x80 | (r & 0x3F) as u8;
            3
        }
        _ => {
            buf[0] = 0xF0 | (r >> 18) as u8;
            buf[1] = 0x80 | ((r >> 12) & 0x3F) as u8;
            buf[2] = 0x80 | ((r >> 6) & 0x3F) as u8;
            buf[3] = 0x80 | (r & 0x3F) as u8;
            4
        }
    }
}
