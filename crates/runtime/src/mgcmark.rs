//! Marking (gc's gcWork, greyobject, scanobject, scanblock): a mark stack of objects
//! still to scan, and the functions that mark what a word points to.
//!
//! The cycle's GcWork (mgc.rs MARK_WORK) belongs to whoever runs that part of the
//! cycle: the goroutine that stops the world to start it (roots), then the
//! background mark worker (mgcbg.rs), then the goroutine that stops the world to end
//! it; assists (and execute's stack scans) use GcWorks of their own on their P's mark
//! stack. GcWork copies the heap's geometry (arena bounds, span table, heap bitmap) into
//! its own fields so the hot loop keeps them in registers; the arena bound is the one
//! at the cycle's start: objects above it were allocated during the cycle, already
//! black. The mark stack is its own MAP_NORESERVE mapping, made once.
//!
//! Markers: the background worker while the program runs, goroutines assisting it
//! from their allocations (mgcassist.rs), the goroutine in a pause. They set mark
//! bits with an atomic OR after a plain read (most objects reached are marked
//! already), and share work through GREYQ: marked objects still to scan, which the
//! worker fills with half its stack while an assist waits for work. Write barriers
//! queue the pointers they shade (mgcwb.rs WBQ) rather than marking; objects
//! allocated during marking are black by their span's allocation snapshot
//! (MSpan.isblack), not by a mark bit. Allocation bits and span fields are read racily: a span being
//! set up by an allocator is reached only through pointers to its new objects, or
//! through a conservative word that happens to point there, whose worst effect is a
//! stray mark (the sweep counts only bits that are also allocated).
use core::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use crate::lock_futex::Mutex;
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
        if AtomicU64::from_ptr(mb).fetch_or(b, Ordering::Relaxed) & b != 0 {
            return 0;
        }
        *marked += (*s).elemsize as u64;
        if (*s).noscan {
            return 0;
        }
        (*s).startaddr + idx * (*s).elemsize
    }
}

/// A queue shared by markers (or by write barriers and the marker), under a lock;
/// its buffer is a MAP_NORESERVE mapping made on first use.
pub struct SharedQueue {
    lock: Mutex,
    buf: core::cell::UnsafeCell<*mut usize>,
    n: AtomicUsize,
    cap: usize,
    what: &'static str,
}

unsafe impl Sync for SharedQueue {}

impl SharedQueue {
    pub const fn new(cap: usize, what: &'static str) -> SharedQueue {
        SharedQueue { lock: Mutex::new(), buf: core::cell::UnsafeCell::new(core::ptr::null_mut()), n: AtomicUsize::new(0), cap, what }
    }

    /// Entries queued (read without the lock: a hint).
    pub fn len(&self) -> usize {
        self.n.load(Ordering::Acquire)
    }

    pub fn push(&self, items: &[usize]) {
        if items.is_empty() {
            return;
        }
        self.lock.lock();
        unsafe {
            let buf = self.buf.get();
            if (*buf).is_null() {
                *buf = map_stack(self.cap);
            }
            let n = self.n.load(Ordering::Relaxed);
            if n + items.len() > self.cap {
                crate::panic::throw(self.what);
            }
            core::ptr::copy_nonoverlapping(items.as_ptr(), (*buf).add(n), items.len());
            self.n.store(n + items.len(), Ordering::Release);
        }
        self.lock.unlock();
    }

    /// Takes up to N entries and calls `f` on each, outside the lock; whether there
    /// were any.
    pub fn take_each<const N: usize>(&self, mut f: impl FnMut(usize)) -> bool {
        let mut local = [0usize; N];
        let n = self.take(&mut local);
        for &x in &local[..n] {
            f(x);
        }
        n > 0
    }

    /// Moves up to out.len() entries into `out`; how many.
    fn take(&self, out: &mut [usize]) -> usize {
        if self.len() == 0 {
            return 0;
        }
        self.lock.lock();
        let k = unsafe {
            let n = self.n.load(Ordering::Relaxed);
            let k = n.min(out.len());
            core::ptr::copy_nonoverlapping((*self.buf.get()).add(n - k), out.as_mut_ptr(), k);
            self.n.store(n - k, Ordering::Release);
            k
        };
        self.lock.unlock();
        k
    }
}

fn map_stack(entries: usize) -> *mut usize {
    let p = mmap(0, entries * 8, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE);
    if p < 0 {
        crate::panic::throw("runtime: out of memory");
    }
    p as *mut usize
}

/// Marked objects still to scan, shared between markers.
pub static GREYQ: SharedQueue = SharedQueue::new(1 << 26, "gc: grey queue overflow");
/// Assists waiting for work (the worker then gives half its stack to GREYQ) and
/// assists holding work (the worker is not done while any does).
pub static ASSISTS_WAITING: AtomicUsize = AtomicUsize::new(0);
pub static ASSISTS_ACTIVE: AtomicUsize = AtomicUsize::new(0);

static mut WORK: *mut usize = core::ptr::null_mut();
const WORK_CAP: usize = 1 << 27;
pub const ASSIST_CAP: usize = 1 << 20;

pub struct GcWork {
    start: usize,
    used: usize,
    spans: *mut *mut MSpan,
    bits: *const u8,
    stack: *mut usize,
    cap: usize,
    n: usize,
    /// Bytes of the objects this GcWork marked.
    pub marked: u64,
}

impl GcWork {
    /// A GcWork with no mark stack (a placeholder until the first cycle).
    pub const fn empty() -> GcWork {
        GcWork {
            start: 0,
            used: 0,
            spans: core::ptr::null_mut(),
            bits: core::ptr::null(),
            stack: core::ptr::null_mut(),
            cap: 0,
            n: 0,
            marked: 0,
        }
    }

    /// The cycle's GcWork (the worker's and the pauses'), on the big mark stack.
    pub unsafe fn new() -> GcWork {
        unsafe {
            if WORK.is_null() {
                WORK = map_stack(WORK_CAP);
            }
            GcWork::with_stack(WORK, WORK_CAP)
        }
    }

    /// A GcWork on a mark stack of its own (an assist's).
    pub unsafe fn with_stack(stack: *mut usize, cap: usize) -> GcWork {
        unsafe {
            GcWork {
                start: ARENA_START,
                used: ARENA_USED,
                spans: SPANS,
                bits: crate::mbitmap::HEAPBITS,
                stack,
                cap,
                n: 0,
                marked: 0,
            }
        }
    }

    /// A mark stack for an assist (each P keeps one).
    pub fn assist_stack() -> *mut usize {
        map_stack(ASSIST_CAP)
    }

    /// Gives the newest `k` entries of the stack to GREYQ.
    pub unsafe fn spill(&mut self, k: usize) {
        let k = k.min(self.n);
        self.n -= k;
        unsafe { GREYQ.push(core::slice::from_raw_parts(self.stack.add(self.n), k)) };
    }

    /// Takes a batch of objects to scan from GREYQ; whether there were any.
    pub unsafe fn take_grey(&mut self) -> bool {
        GREYQ.take_each::<256>(|b| unsafe { self.push(b) })
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
        if self.n == self.cap {
            unsafe { self.spill(self.cap / 2) };
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

    /// Scans until the mark stack is empty.
    pub unsafe fn drain(&mut self) {
        unsafe { self.drain_limit(usize::MAX) };
    }

    /// Scans until the mark stack is empty or `limit` objects are scanned (what is
    /// left stays on the stack). Objects go through a small FIFO on their way from
    /// the stack to scanobject, prefetched as they enter it: marking is bound by
    /// cache misses on the objects' first words, and this overlaps a few of them.
    /// Every 256 objects, if an assist waits for work, half the stack goes to GREYQ.
    pub unsafe fn drain_limit(&mut self, limit: usize) {
        const AHEAD: usize = 8;
        let mut ring = [0usize; AHEAD];
        let (mut head, mut len) = (0usize, 0usize);
        let mut done = 0usize;
        unsafe {
            loop {
                if done == limit {
                    // Put the prefetched ones back.
                    for k in 0..len {
                        self.push(ring[(head + k) % AHEAD]);
                    }
                    return;
                }
                done += 1;
                if done % 256 == 0 && self.n > 4 && ASSISTS_WAITING.load(Ordering::Relaxed) > 0 && GREYQ.len() == 0 {
                    self.spill(self.n / 2);
                }
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

    /// Scans until the mark stack and the shared queues are empty and no assist
    /// holds work (the worker's loop, and the pauses': then no assist runs).
    pub unsafe fn drain_with_shared(&mut self) {
        unsafe {
            loop {
                self.drain();
                if self.take_grey() || crate::mgcwb::wbq_take(self) {
                    continue;
                }
                // An assist returns what it has not scanned to GREYQ before it
                // stops counting as active: look again once none is.
                if ASSISTS_ACTIVE.load(Ordering::SeqCst) > 0 {
                    crate::sys_linux_amd64::osyield();
                    continue;
                }
                if GREYQ.len() == 0 && crate::mgcwb::wbq_len() == 0 {
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
