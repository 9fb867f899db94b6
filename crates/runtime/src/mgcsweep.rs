//! Sweeping (gc's mgcsweep.go): turning a cycle's mark bits into free slots, after
//! the world has restarted.
//!
//! The end of a cycle (mgc.rs mark_termination) only bumps SWEEPGEN and empties the
//! central partial lists: every in-use span then holds its mark bits and waits to be
//! swept (`span.sweepgen == SWEEPGEN - 2`; spans made since are born swept). Spans are
//! swept in address order from a cursor, a batch at a time under HEAPLOCK, by:
//! - the `bgsweep` goroutine, woken at the end of each cycle (it yields between
//!   batches, as gc's does);
//! - allocation, when the central list of the class it needs is empty
//!   (mcentral.rs) or before a large object takes fresh pages (malloc.rs), so the
//!   heap does not grow while freed memory waits to be swept;
//! - whoever starts the next cycle (it must begin with every span swept) and
//!   runtime.GC, which returns with the heap swept and scavenged, as gc's does.
//!
//! Sweeping a span: unmarked slots become free (allocbits = mark bits), an empty span
//! goes back to the page heap, one with free slots onto its class's partial list.
//! Slots allocated during marking count as marked (MSpan.isblack); mark bits on free
//! slots (a conservative word read while a span was being set up, mgcmark.rs) are
//! dropped.
use core::sync::atomic::{AtomicBool, Ordering};

use crate::mcentral::PARTIAL;
use crate::mheap::*;

/// The spans still to sweep start at this address (HEAPLOCK).
static mut CURSOR: usize = 0;
/// Whether every span is swept (read without HEAPLOCK as a hint).
static SWEEP_DONE: AtomicBool = AtomicBool::new(true);

/// Spans swept per batch (one HEAPLOCK hold).
const BATCH: usize = 64;

/// With the world stopped at the end of a cycle, HEAPLOCK held: every in-use span
/// becomes unswept.
pub unsafe fn sweep_start() {
    unsafe {
        SWEEPGEN += 2;
        for l in (*(&raw mut PARTIAL)).iter_mut() {
            *l = core::ptr::null_mut();
        }
        CURSOR = ARENA_START;
        SWEEP_DONE.store(false, Ordering::Release);
    }
}

pub fn sweep_done() -> bool {
    SWEEP_DONE.load(Ordering::Acquire)
}

/// Sweeps up to `max` spans from the cursor. HEAPLOCK held. Returns whether spans
/// remain.
pub unsafe fn sweep_some(max: usize) -> bool {
    unsafe {
        let mut n = 0;
        let mut a = CURSOR;
        while a < ARENA_USED && n < max {
            let s = spanof(a);
            if s.is_null() {
                a += PAGE_SIZE;
                continue;
            }
            let end = (*s).startaddr + (*s).npages * PAGE_SIZE;
            if (*s).startaddr == a && (*s).state == MSPAN_INUSE && (*s).sweepgen != SWEEPGEN {
                sweep_span(s);
                n += 1;
            }
            a = end.max(a + PAGE_SIZE);
        }
        CURSOR = a;
        if a >= ARENA_USED {
            SWEEP_DONE.store(true, Ordering::Release);
            return false;
        }
        true
    }
}

/// A batch of sweeping if any is pending; whether spans remain. HEAPLOCK held.
pub unsafe fn sweep_some_if_pending() -> bool {
    !sweep_done() && unsafe { sweep_some(BATCH) }
}

/// One batch under HEAPLOCK; whether spans remain.
fn sweep_batch() -> bool {
    HEAPLOCK.lock();
    let more = unsafe { sweep_some_if_pending() };
    HEAPLOCK.unlock();
    more
}

/// Sweeps every span left, a batch per HEAPLOCK hold.
pub fn sweep_all() {
    while sweep_batch() {}
}

unsafe fn sweep_span(s: *mut MSpan) {
    unsafe {
        (*s).sweepgen = SWEEPGEN;
        let words = (*s).nelems.div_ceil(64);
        let mut count = 0;
        // Allocated during the cycle's marking: black (MSpan.isblack).
        let black = (*s).snapgen == MARKGEN;
        for w in 0..words {
            let mut live = (*s).gcmarkbits[w];
            if black {
                live |= !(*s).allocstart[w];
            }
            (*s).gcmarkbits[w] = live & (*s).allocbits[w];
            count += (*s).gcmarkbits[w].count_ones() as usize;
        }
        let freed = (*s).alloccount - count;
        crate::malloc::FREES.fetch_add(freed as u64, Ordering::Relaxed);
        crate::malloc::FREED_BYTES.fetch_add((freed * (*s).elemsize) as u64, Ordering::Relaxed);
        if count == 0 {
            free_span(s, crate::mgc::NUMGC);
            return;
        }
        (*s).allocbits = (*s).gcmarkbits;
        (*s).gcmarkbits = [0; SPAN_BITS_WORDS];
        (*s).alloccount = count;
        (*s).freeindex = 0;
        if freed > 0 {
            (*s).needzero = true;
        }
        if count < (*s).nelems && (*s).sizeclass != 0 {
            let spc = ((*s).sizeclass as usize) << 1 | (*s).noscan as usize;
            (*s).next = PARTIAL[spc];
            PARTIAL[spc] = s;
        }
    }
}

/// The bgsweep goroutine (started by gcenable): sweeps after each cycle.
pub static BGSWEEP: crate::mgc::Helper = crate::mgc::Helper::new();

#[unsafe(export_name = "runtime.bgsweep")]
pub extern "C" fn bgsweep(_arg: usize) {
    crate::mgc::gcenable_started();
    loop {
        BGSWEEP.park(crate::runtime2::WAIT_REASON_GC_SWEEP_WAIT);
        while sweep_batch() {
            crate::proc::gosched();
        }
    }
}
