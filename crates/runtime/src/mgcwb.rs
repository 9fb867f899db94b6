//! Write barriers (gc's mbarrier.go and mwbbuf.go, in rgo's simpler form).
//!
//! # Why
//!
//! Marking runs concurrently with the program (mgc.rs). A mutator could otherwise
//! hide an object from the marker: load a pointer from a heap slot the marker has not
//! scanned yet, overwrite the slot, and keep the pointer only in a register or on its
//! stack, which were scanned at the start of the cycle. rgo's barrier is a deletion
//! (Yuasa, "snapshot at the beginning") barrier: before a pointer slot in memory is
//! overwritten during marking, the pointer it held is shaded (marked and queued).
//! Together with scanning every stack and global at the start of the cycle (with the
//! world stopped) and allocating black (mallocgc marks objects made during marking),
//! every object reachable when the cycle started, and every object made since, ends
//! up marked. No stack is rescanned and stores to stacks need no barrier. gc uses a
//! hybrid barrier (it also shades the new value) because it scans stacks one by one
//! while others run; rgo scans them all in the start pause, so the deletion half is
//! enough.
//!
//! # How
//!
//! `runtime.writeBarrier` is a byte compiled code tests before every store that may
//! overwrite a pointer in the heap; when it is set, it first calls
//! `bulkBarrierPreWrite(dst, size)`, which shades every word of [dst, dst+size) that
//! points into an unmarked heap object (conservatively: a word of a non-pointer field
//! can only keep an object alive one cycle longer). The runtime calls the same function
//! before it overwrites pointers in heap objects (channel buffers, map tables, …).
//! Shading puts the pointer, unless its object is visibly marked already, in the P's
//! buffer (`WbBuf`, 256 entries); a full buffer goes, under a lock, to the shared
//! queue `WBQ`, from which the background worker marks and scans them (only the
//! marker writes mark bits: mgcmark.rs). The stop at the end of marking flushes every
//! P's buffer.
//!
//! Runtime code is not preempted by signals (preempt.rs), so a barrier call and the
//! check before it never straddle a stop of the world.
use core::sync::atomic::{AtomicU8, Ordering};

use crate::mgcmark::{GcWork, SharedQueue};
use crate::mheap::{ARENA_START, ARENA_USED, MSPAN_INUSE, PAGE_SHIFT, SPAN_BITS_WORDS, SPANS};

/// Set (1) while marking: compiled code calls bulkBarrierPreWrite before pointer
/// stores. Written only with the world stopped.
#[unsafe(export_name = "runtime.writeBarrier")]
pub static WRITE_BARRIER: AtomicU8 = AtomicU8::new(0);

const WBBUF_LEN: usize = 256;

/// A P's buffer of shaded pointers waiting for a marker (gc's wbBuf).
#[repr(C)]
pub struct WbBuf {
    n: usize,
    buf: [usize; WBBUF_LEN],
}

impl WbBuf {
    pub const fn new() -> WbBuf {
        WbBuf { n: 0, buf: [0; WBBUF_LEN] }
    }
}

/// Pointers shaded by barriers (from full P buffers and from threads without a P),
/// for a marker to mark.
static WBQ: SharedQueue = SharedQueue::new(1 << 26, "gc: write barrier queue overflow");

/// Entries in the queue (a hint).
pub fn wbq_len() -> usize {
    WBQ.len()
}

/// Marks up to a batch of queued pointers with `gw`; false when the queue was empty.
pub unsafe fn wbq_take(gw: &mut GcWork) -> bool {
    WBQ.take_each::<1024>(|p| unsafe { gw.grey(p) })
}

/// Queues `p` for the marker if it points to a heap object not marked yet (gc's
/// shade). The check reads the mark bit racily: a stale answer only queues a pointer
/// the marker then finds marked.
#[inline(always)]
pub unsafe fn shade(p: usize) {
    unsafe {
        if !maybe_unmarked(p) {
            return;
        }
        let gp = crate::stubs::getg();
        let pp = if gp.is_null() || (*gp).m.is_null() { core::ptr::null_mut() } else { (*(*gp).m).p };
        if pp.is_null() {
            WBQ.push(&[p]);
            return;
        }
        let wb = &raw mut (*pp).wbbuf;
        (*wb).buf[(*wb).n] = p;
        (*wb).n += 1;
        if (*wb).n == WBBUF_LEN {
            WBQ.push(&(*wb).buf);
            (*wb).n = 0;
        }
    }
}

/// Whether `p` may point to an allocated heap object whose mark bit is clear (read
/// racily; the marker decides).
#[inline(always)]
unsafe fn maybe_unmarked(p: usize) -> bool {
    unsafe {
        if p < ARENA_START || p >= ARENA_USED {
            return false;
        }
        let s = *SPANS.add((p - ARENA_START) >> PAGE_SHIFT);
        if s.is_null() || (*s).state != MSPAN_INUSE || p < (*s).startaddr || p >= (*s).limit() {
            return false;
        }
        let idx = (*s).objindex(p);
        let (w, b) = (idx / 64, 1u64 << (idx % 64));
        w < SPAN_BITS_WORDS && core::ptr::read_volatile(&raw const (*s).gcmarkbits[w]) & b == 0
    }
}

/// Before `size` bytes at `dst` are overwritten: shades every pointer they hold (the
/// old values), if marking is on (gc's bulkBarrierPreWrite; rgo does not need the
/// source).
#[unsafe(export_name = "runtime.bulkBarrierPreWrite")]
pub unsafe extern "C" fn bulk_barrier_prewrite(dst: usize, size: usize) {
    if WRITE_BARRIER.load(Ordering::Relaxed) == 0 {
        return;
    }
    let mut a = (dst + 7) & !7;
    while a + 8 <= dst + size {
        unsafe { shade(core::ptr::read_volatile(a as *const usize)) };
        a += 8;
    }
}

/// Before the runtime overwrites the pointer slot `slot` of a heap object.
#[inline(always)]
pub unsafe fn barrier_slot(slot: *const usize) {
    if WRITE_BARRIER.load(Ordering::Relaxed) != 0 {
        unsafe { shade(core::ptr::read_volatile(slot)) };
    }
}

/// With the world stopped at the end of marking: every P's buffer marked with `gw`;
/// returns how many pointers that was, plus what the shared queues still hold.
pub unsafe fn wbbuf_flush_all(gw: &mut GcWork) -> usize {
    let mut n = 0;
    unsafe {
        for i in 0..crate::runtime2::GOMAXPROCS as usize {
            let wb = &mut (**crate::runtime2::ALLP.add(i)).wbbuf;
            for &p in &wb.buf[..wb.n] {
                gw.grey(p);
            }
            n += wb.n;
            wb.n = 0;
        }
        n += WBQ.len() + crate::mgcmark::GREYQ.len();
    }
    n
}

/// A P being retired (GOMAXPROCS): its buffer goes to the shared queue.
pub unsafe fn wbbuf_spill(pp: *mut crate::runtime2::P) {
    unsafe {
        let wb = &mut (*pp).wbbuf;
        if wb.n > 0 {
            WBQ.push(&wb.buf[..wb.n]);
            wb.n = 0;
        }
    }
}

/// Copies `n` bytes that may hold pointers over memory that may hold pointers (gc's
/// typedmemmove): the barrier, then the copy.
pub unsafe fn typedmemmove(dst: *mut u8, src: *const u8, n: usize) {
    unsafe {
        bulk_barrier_prewrite(dst as usize, n);
        crate::memmove::memmove(dst, src, n);
    }
}

/// Zeroes `n` bytes that may hold pointers (gc's memclrHasPointers).
pub unsafe fn memclr_has_pointers(dst: *mut u8, n: usize) {
    unsafe {
        bulk_barrier_prewrite(dst as usize, n);
        core::ptr::write_bytes(dst, 0, n);
    }
}

/// Stores pointer `v` into the slot `slot` of a heap object (gc's writebarrierptr).
#[inline(always)]
pub unsafe fn write_ptr<T>(slot: *mut *mut T, v: *mut T) {
    unsafe {
        barrier_slot(slot as *const usize);
        *slot = v;
    }
}
