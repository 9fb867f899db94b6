//! String operations compiled code calls: concatenation, comparison, string(rune).
//! Go strings are (ptr, len) pairs returned in RAX:RDX.
use crate::memmove::memcpy;

/// A Go string returned by value (two words: RAX, RDX).
#[repr(C)]
pub struct GoString {
    pub ptr: *const u8,
    pub len: usize,
}

#[unsafe(export_name = "runtime.concatstring2")]
pub unsafe extern "C" fn concatstring2(ap: *const u8, alen: usize, bp: *const u8, blen: usize) -> GoString {
    // One side empty: the other string can be shared, strings are immutable.
    if alen == 0 {
        return GoString { ptr: bp, len: blen };
    }
    if blen == 0 {
        return GoString { ptr: ap, len: alen };
    }
    let n = alen
        .checked_add(blen)
        .unwrap_or_else(|| crate::panic::throw("string concatenation too long"));
    unsafe {
        let p = crate::malloc::mallocgc_noscan(n);
        memcpy(p, ap, alen);
        memcpy(p.add(alen), bp, blen);
        crate::preempt::preempt_sync();
        GoString { ptr: p, len: n }
    }
}

/// -1, 0 or 1 as a < b, a == b, a > b, bytewise.
#[unsafe(export_name = "runtime.cmpstring")]
pub unsafe extern "C" fn cmpstring(ap: *const u8, alen: usize, bp: *const u8, blen: usize) -> i64 {
    let n = alen.min(blen);
    let c = unsafe { crate::memmove::memcmp(ap, bp, n) };
    if c < 0 {
        return -1;
    }
    if c > 0 {
        return 1;
    }
    if alen < blen {
        -1
    } else if alen > blen {
        1
    } else {
        0
    }
}

/// string(rune): the UTF-8 encoding of v, U+FFFD for invalid code points.
#[unsafe(export_name = "runtime.intstring")]
pub unsafe extern "C" fn intstring(v: i64) -> GoString {
    let r: u32 = if (0..=0x10FFFF).contains(&v) && !(0xD800..=0xDFFF).contains(&v) {
        v as u32
    } else {
        0xFFFD
    };
    let mut buf = [0u8; 4];
    let n = if r < 0x80 {
        buf[0] = r as u8;
        1
    } else if r < 0x800 {
        buf[0] = 0xC0 | (r >> 6) as u8;
        buf[1] = 0x80 | (r & 0x3F) as u8;
        2
    } else if r < 0x10000 {
        buf[0] = 0xE0 | (r >> 12) as u8;
        buf[1] = 0x80 | ((r >> 6) & 0x3F) as u8;
        buf[2] = 0x80 | (r & 0x3F) as u8;
        3
    } else {
        buf[0] = 0xF0 | (r >> 18) as u8;
        buf[1] = 0x80 | ((r >> 12) & 0x3F) as u8;
        buf[2] = 0x80 | ((r >> 6) & 0x3F) as u8;
        buf[3] = 0x80 | (r & 0x3F) as u8;
        4
    };
    unsafe {
        let p = crate::malloc::mallocgc_noscan(n);
        memcpy(p, buf.as_ptr(), n);
        GoString { ptr: p, len: n }
    }
}
