//! Marking (gc's gcWork, greyobject, scanobject, scanblock): a mark stack of objects
//! still to scan, and the functions that mark what a word points to.
//!
//! One GcWork exists per cycle (mgc.rs MARK_WORK); it belongs to whoever runs that part
//! of the cycle: the goroutine that stops the world to start it (roots), then the
//! background mark worker (mgcbg.rs), then the goroutine that stops the world to end
//! it. GcWork copies the heap's geometry (arena bounds, span table, heap bitmap) into
//! its own fields so the hot loop keeps them in registers; the arena bound is the one
//! at the cycle's start: objects above it were allocated during the cycle, already
//! black. The mark stack is its own MAP_NORESERVE mapping, made once.
//!
//! Only the marker writes mark bits (`markobject`): the worker while the program
//! runs, the goroutine in a pause otherwise. Mutators' write barriers queue the
//! pointers they shade for the worker (mgcwb.rs), and objects allocated during
//! marking are black by their span's allocation snapshot (MSpan.isblack), not by a
//! mark bit. So the bits need no atomic update, which would double the cost of
//! marking an object. Allocation bits and span fields are read racily: a span being
//! set up by an allocator is reached only through pointers to its new objects, or
//! through a conservative word that happens to point there, whose worst effect is a
//! stray mark (the sweep counts only bits that are also allocated).
use crate::mheap::{ARENA_START, ARENA_USED, MSPAN_INUSE, MSpan, PAGE_SHIFT, SPAN_BITS_WORDS, SPANS, spanof};
use crate::sys_linux_amd64::{MAP_ANONYMOUS, MAP_NORESERVE, MAP_PRIVATE, PROT_READ, PROT_WRITE, mmap};

/// Marks the object holding `p`, if `p` points into an allocated, unmarked object of
/// the heap [start, used); returns the object's base if it must be scanned (its span
/// holds pointers), 0 otherwise (not a heap object, already marked, or noscan).
/// Adds the size of an object it marks to `marked` (the pacer's count of live bytes).
#[inline(always)]
pub unsafe fn markobject(p: usize, start: usize, used: usize, spans: *const *mut MSpan, marked: &mut u64) -> usize {
    if p < start || p >= used {
        return 0;
    }
    unsafe {
        let s = *spans.add((p - start) >> PAGE_SHIFT);
        // Free runs' interior pages may name stale spans: check the bounds.
        if s.is_null() || (*s).state != MSPAN_INUSE || p < (*s).startaddr || p >= (*s).limit() {
            return 0;
        }
        let idx = (*s).objindex(p);
        let (w, b) = (idx / 64, 1u64 << (idx % 64));
        if w >= SPAN_BITS_WORDS {
            return 0;
        }
        let mb = &raw mut (*s).gcmarkbits[w];
        if core::ptr::read_volatile(&raw const (*s).allocbits[w]) & b == 0 || core::ptr::read_volatile(mb) & b != 0 {
            return 0;
        }
        *mb |= b;
        *marked += (*s).elemsize as u64;
        if (*s).noscan {
            return 0;
        }
        (*s).startaddr + idx * (*s).elemsize
    }
}

static mut WORK: *mut usize = core::ptr::null_mut();
const WORK_CAP: usize = 1 << 27;

pub struct GcWork {
    start: usize,
    used: usize,
    spans: *mut *mut MSpan,
    bits: *const u8,
    stack: *mut usize,
    n: usize,
    /// Bytes of the objects this GcWork marked.
    pub marked: u64,
}

impl GcWork {
    /// A GcWork with no mark stack (a placeholder until the first cycle).
    pub const fn empty() -> GcWork {
        GcWork { start: 0, used: 0, spans: core::ptr::null_mut(), bits: core::ptr::null(), stack: core::ptr::null_mut(), n: 0, marked: 0 }
    }

    pub unsafe fn new() -> GcWork {
        unsafe {
            if WORK.is_null() {
                let p = mmap(0, WORK_CAP * 8, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE);
                if p < 0 {
                    crate::panic::throw("runtime: out of memory");
                }
                WORK = p as *mut usize;
            }
            GcWork {
                start: ARENA_START,
                used: ARENA_USED,
                spans: SPANS,
                bits: crate::mbitmap::HEAPBITS,
                stack: WORK,
                n: 0,
                marked: 0,
            }
        }
    }

    /// Marks the object holding address `p`, if `p` points into an allocated object,
    /// and queues it for scanning unless its span is noscan.
    #[inline(always)]
    pub unsafe fn grey(&mut self, p: usize) {
        unsafe {
            let b = markobject(p, self.start, self.used, self.spans, &mut self.marked);
            if b != 0 {
                self.push(b);
            }
        }
    }

    /// Queues the base of a marked object for scanning.
    #[inline(always)]
    pub unsafe fn push(&mut self, b: usize) {
        if self.n == WORK_CAP {
            crate::panic::throw("gc: mark stack overflow");
        }
        unsafe { *self.stack.add(self.n) = b };
        self.n += 1;
    }

    /// Every aligned word of [lo, hi) as a possible pointer.
    pub unsafe fn scanblock(&mut self, lo: usize, hi: usize) {
        let mut a = (lo + 7) & !7;
        while a + 8 <= hi {
            unsafe { self.grey(*(a as *const usize)) };
            a += 8;
        }
    }

    /// The words of the object at `b` (its base) that the heap bitmap calls pointers.
    #[inline(always)]
    unsafe fn scanobject(&mut self, b: usize, s: *mut MSpan) {
        unsafe {
            let nw = (*s).elemsize / 8;
            let w0 = (b - self.start) >> 3;
            let mut i = 0;
            while i < nw {
                // Up to 56 bits at a time from the bitmap, from word w0 + i.
                let w = w0 + i;
                let sh = w & 7;
                let take = (nw - i).min(56);
                let mut raw = 0u64;
                let nbytes = (sh + take).div_ceil(8);
                for k in 0..nbytes {
                    raw |= (*self.bits.add((w >> 3) + k) as u64) << (8 * k);
                }
                let mut mask = (raw >> sh) & ((1u64 << take) - 1);
                while mask != 0 {
                    let j = mask.trailing_zeros() as usize;
                    mask &= mask - 1;
                    self.grey(*((b + (i + j) * 8) as *const usize));
                }
                i += take;
            }
        }
    }

    /// Scans until the mark stack is empty. Objects go through a small FIFO on their
    /// way from the stack to scanobject, prefetched as they enter it: marking is bound
    /// by cache misses on the objects' first words, and this overlaps a few of them.
    pub unsafe fn drain(&mut self) {
        const AHEAD: usize = 8;
        let mut ring = [0usize; AHEAD];
        let (mut head, mut len) = (0usize, 0usize);
        unsafe {
            loop {
                while len < AHEAD && self.n > 0 {
                    self.n -= 1;
                    let b = *self.stack.add(self.n);
                    core::arch::x86_64::_mm_prefetch(b as *const i8, core::arch::x86_64::_MM_HINT_T0);
                    ring[(head + len) % AHEAD] = b;
                    len += 1;
                }
                if len == 0 {
                    break;
                }
                let b = ring[head];
                head = (head + 1) % AHEAD;
                len -= 1;
                let s = *self.spans.add((b - self.start) >> PAGE_SHIFT);
                self.scanobject(b, s);
            }
        }
    }

    /// Scans until the mark stack and the write barriers' shared queue are both
    /// empty (the background worker's loop; mutators may add to the queue meanwhile).
    pub unsafe fn drain_with_shared(&mut self) {
        unsafe {
            loop {
                self.drain();
                if !crate::mgcwb::wbq_take(self) {
                    break;
                }
            }
        }
    }

    /// The contents of the object at `p` as roots, without marking it (gc does this
    /// for an object with a finalizer: what it points to must survive until it runs).
    pub unsafe fn scan_contents(&mut self, p: usize) {
        unsafe {
            let s = spanof(p);
            if s.is_null() || (*s).state != MSPAN_INUSE || (*s).noscan {
                return;
            }
            let base = (*s).startaddr + (*s).objindex(p) * (*s).elemsize;
            self.scanobject(base, s);
        }
    }
}

/// Whether the object holding `p` is marked (addresses outside the heap count as
/// marked: they are never freed).
pub unsafe fn ismarked(p: usize) -> bool {
    unsafe {
        let s = spanof(p);
        if s.is_null() || (*s).state != MSPAN_INUSE {
            return true;
        }
        let idx = (*s).objindex(p);
        (*s).gcmarkbits[idx / 64] & (1 << (idx % 64)) != 0 || (*s).isblack(idx)
    }
}
