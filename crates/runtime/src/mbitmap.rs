//! The heap bitmap: one bit per 8-byte word of the arena, set when the word may hold
//! a pointer. mallocgc writes an object's bits from its type (`_type.gcdata`, repeated
//! for arrays) or sets them all for an allocation without a type (scanned
//! conservatively); the collector reads them to scan an object precisely. Objects in
//! noscan spans have no bits: their spans are never scanned.
//!
//! The bitmap is its own MAP_NORESERVE reservation, 1/64 of the arena, faulted in as
//! the scannable heap grows. Bits of an object are written only by the P allocating it
//! (spans start on page boundaries, so two spans never share a bitmap byte), a byte at
//! a time and keeping the other objects' bits, so markers may read them while the
//! program runs: an object's bits do not change while it is allocated.
use crate::mheap::{ARENA_SIZE, ARENA_START};
use crate::sys_linux_amd64::{MAP_ANONYMOUS, MAP_NORESERVE, MAP_PRIVATE, PROT_READ, PROT_WRITE, mmap};
use crate::typ::Type;

pub static mut HEAPBITS: *mut u8 = core::ptr::null_mut();

pub fn heapbits_init() {
    let p = mmap(0, ARENA_SIZE / 64, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE);
    if p < 0 {
        crate::panic::throw("runtime: out of memory");
    }
    unsafe { HEAPBITS = p as *mut u8 };
}

#[inline(always)]
fn wordindex(addr: usize) -> usize {
    unsafe { (addr - ARENA_START) >> 3 }
}

/// Whether the word at `addr` may hold a pointer.
#[inline(always)]
pub unsafe fn isptr(addr: usize) -> bool {
    let w = wordindex(addr);
    unsafe { (*HEAPBITS.add(w >> 3) >> (w & 7)) & 1 != 0 }
}

/// The bitmap byte covering the 8 words from `addr` (which must be 64-byte aligned
/// relative to the arena for the byte to be the object's alone).
#[inline(always)]
pub unsafe fn bitsbyte(addr: usize) -> u8 {
    let w = wordindex(addr);
    unsafe { *HEAPBITS.add(w >> 3) }
}

#[inline(always)]
unsafe fn setbit(w: usize, v: bool) {
    unsafe {
        let b = HEAPBITS.add(w >> 3);
        if v {
            *b |= 1 << (w & 7);
        } else {
            *b &= !(1 << (w & 7));
        }
    }
}

/// Sets the `n` (≤ 56) bits from word `w0` to `mask`, touching only the bytes that
/// hold them.
#[inline(always)]
unsafe fn write_bits(w0: usize, n: usize, mask: u64) {
    let s = w0 & 7;
    let mut full = (((1u128 << n) - 1) << s) as u128;
    let mut bits = (mask as u128) << s;
    let nbytes = (s + n).div_ceil(8);
    unsafe {
        let b = HEAPBITS.add(w0 >> 3);
        // Shifting the masks as we go (not by 8*i) keeps LLVM from vectorizing this
        // into a frame too big for a goroutine stack (mallocgc runs there).
        for i in 0..nbytes {
            *b.add(i) = (*b.add(i) & !(full as u8)) | bits as u8;
            full >>= 8;
            bits >>= 8;
        }
    }
}

/// Writes the bits of an object of `elemsize` bytes at `p` holding `size` bytes of
/// values of type `typ` (an array of them when size > typ.size); `typ` null: every
/// word of `size` may be a pointer.
pub unsafe fn heapbits_settype(p: usize, elemsize: usize, size: usize, typ: *const Type) {
    unsafe {
        let w0 = wordindex(p);
        let nw = elemsize / 8;
        let used = size.div_ceil(8).min(nw);
        let precise = !typ.is_null()
            && (*typ).size != 0
            && (*typ).size % 8 == 0
            && size % (*typ).size == 0
            && !(*typ).gcdata.is_null();
        if nw <= 56 {
            // Small objects: the object's bits as one mask, written byte by byte.
            let mask = if precise {
                let ew = (*typ).size / 8;
                let pw = (*typ).ptrdata.div_ceil(8).min(ew).min(64);
                // Little-endian bytes of gcdata, highest first (a serial chain, which
                // LLVM does not widen into vector code with a big frame).
                let mut one = 0u64;
                let mut k = pw.div_ceil(8);
                while k > 0 {
                    k -= 1;
                    one = one << 8 | *(*typ).gcdata.add(k) as u64;
                }
                if pw < 64 {
                    one &= (1u64 << pw) - 1;
                }
                // One copy of `one` every ew bits for each element that starts below
                // `used`, made by doubling (a loop over the elements gets vectorized
                // into a frame too big for a goroutine stack).
                let mut m = one;
                let mut covered = ew;
                while covered < used && covered < 64 {
                    m |= m << covered;
                    covered *= 2;
                }
                let lim = used.div_ceil(ew) * ew;
                if lim < 64 { m & ((1u64 << lim) - 1) } else { m }
            } else {
                (1u64 << used) - 1
            };
            write_bits(w0, nw, mask & ((1u64 << nw) - 1));
            return;
        }
        if !precise {
            // Conservative: whole bytes where possible.
            let mut i = 0;
            while i < nw {
                if (w0 + i) & 7 == 0 && i + 8 <= nw {
                    *HEAPBITS.add((w0 + i) >> 3) = if i + 8 <= used { 0xff } else if i >= used { 0 } else { (1u8 << (used - i)) - 1 };
                    i += 8;
                } else {
                    setbit(w0 + i, i < used);
                    i = core::hint::black_box(i + 1);
                }
            }
            return;
        }
        let ew = (*typ).size / 8;
        let pw = (*typ).ptrdata.div_ceil(8);
        let gcdata = (*typ).gcdata;
        let mut i = 0;
        while i < nw {
            let bit = if i < used {
                let k = i % ew;
                k < pw && (*gcdata.add(k / 8) >> (k % 8)) & 1 != 0
            } else {
                false
            };
            setbit(w0 + i, bit);
            // Opaque to LLVM: vectorized, this loop needs a 560-byte frame, and
            // mallocgc runs on goroutine stacks (runtime stack.rs STACK_GUARD).
            i = core::hint::black_box(i + 1);
        }
    }
}
