//! Conversions between strings and byte or rune slices, and decoding for `range`
//! over a string. Strings are (ptr, len) pairs returned in RAX:RDX.
use crate::memmove::memcpy;
use crate::sizeclasses::roundupsize;
use crate::string::GoString;
use crate::utf8;

fn bytes<'a>(p: *const u8, n: usize) -> &'a [u8] {
    if n == 0 {
        &[]
    } else {
        unsafe { core::slice::from_raw_parts(p, n) }
    }
}

/// string(b) for a []byte b: a copy.
#[unsafe(export_name = "runtime.slicebytetostring")]
pub unsafe extern "C" fn slicebytetostring(p: *const u8, n: i64) -> GoString {
    if n <= 0 {
        return GoString {
            ptr: core::ptr::null(),
            len: 0,
        };
    }
    unsafe {
        let s = crate::malloc::mallocgc_noscan(n as usize);
        memcpy(s, p, n as usize);
        crate::preempt::preempt_sync();
        GoString {
            ptr: s,
            len: n as usize,
        }
    }
}

/// A []byte's array and capacity.
#[repr(C)]
pub struct PtrCap {
    pub ptr: *mut u8,
    pub cap: i64,
}

/// []byte(s): a copy; the capacity is rounded to gc's size class, as gc's is.
#[unsafe(export_name = "runtime.stringtoslicebyte")]
pub unsafe extern "C" fn stringtoslicebyte(p: *const u8, n: i64) -> PtrCap {
    let cap = roundupsize(n as usize);
    unsafe {
        let b = crate::malloc::mallocgc_noscan(cap);
        memcpy(b, p, n as usize);
        crate::preempt::preempt_sync();
        PtrCap {
            ptr: b,
            cap: cap as i64,
        }
    }
}

/// A []rune's array and length.
#[repr(C)]
pub struct PtrLen {
    pub ptr: *mut u32,
    pub len: i64,
}

/// []rune(s): invalid UTF-8 becomes U+FFFD byte by byte.
#[unsafe(export_name = "runtime.stringtoslicerune")]
pub unsafe extern "C" fn stringtoslicerune(p: *const u8, n: i64) -> PtrLen {
    let s = bytes(p, n as usize);
    let mut count = 0usize;
    let mut k = 0;
    while k < s.len() {
        k = utf8::decoderune(s, k).1;
        count += 1;
    }
    let out = unsafe { crate::malloc::mallocgc_noscan(roundupsize(count * 4)) as *mut u32 };
    let (mut i, mut k) = (0, 0);
    while k < s.len() {
        let (r, next) = utf8::decoderune(s, k);
        unsafe { *out.add(i) = r };
        i += 1;
        k = next;
    }
    PtrLen {
        ptr: out,
        len: count as i64,
    }
}

/// string(rs) for a []rune rs: invalid code points become U+FFFD.
#[unsafe(export_name = "runtime.slicerunetostring")]
pub unsafe extern "C" fn slicerunetostring(p: *const i32, n: i64) -> GoString {
    let rs = if n <= 0 {
        &[][..]
    } else {
        unsafe { core::slice::from_raw_parts(p, n as usize) }
    };
    let size: usize = rs.iter().map(|&r| utf8::runelen(utf8::valid_or_error(r as i64))).sum();
    if size == 0 {
        return GoString {
            ptr: core::ptr::null(),
            len: 0,
        };
    }
    let out = unsafe { crate::malloc::mallocgc_noscan(size) };
    let buf = unsafe { core::slice::from_raw_parts_mut(out, size) };
    let mut k = 0;
    for &r in rs {
        let r = utf8::valid_or_error(r as i64);
        // The runes were sized above; if they changed meanwhile (a racing writer),
        // keep what fits rather than overrun.
        if k + utf8::runelen(r) > size {
            break;
        }
        k += utf8::encoderune(&mut buf[k..], r);
    }
    GoString { ptr: out, len: k }
}

/// The rune at s[k] and the index after it, for `for i, r := range s` once s[k] is
/// not ASCII: (U+FFFD, k+1) for invalid UTF-8.
#[repr(C)]
pub struct RunePos {
    pub rune: i64,
    pub next: i64,
}

#[unsafe(export_name = "runtime.decoderune")]
pub unsafe extern "C" fn decoderune(p: *const u8, n: i64, k: i64) -> RunePos {
    let s = bytes(p, n as usize);
    if k < 0 || k as usize >= s.len() {
        return RunePos {
            rune: utf8::RUNE_ERROR as i64,
            next: k + 1,
        };
    }
    let (r, next) = utf8::decoderune(s, k as usize);
    RunePos {
        rune: r as i64,
        next: next as i64,
    }
}
