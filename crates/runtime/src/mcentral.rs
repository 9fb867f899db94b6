//! Central free lists (gc's mcentral): for each span class (size class × scan/noscan),
//! the in-use spans that have free slots and are in no mcache. An mcache that runs out
//! takes one from here, or a fresh span from the page heap.
//!
//! The lists are emptied at the end of each cycle and refilled as spans are swept
//! (mgcsweep.rs); a span leaves its list when an mcache takes it and comes back only
//! through the sweep after the next cycle. HEAPLOCK (mheap.rs) protects PARTIAL.
use core::sync::atomic::{AtomicU64, Ordering};

use crate::mheap::{MSpan, PAGE_SIZE, alloc_pages};
use crate::sizeclasses::{CLASS_TO_ALLOCNPAGES, CLASS_TO_SIZE};

/// Size classes × {scan, noscan}: spanclass = sizeclass << 1 | noscan.
pub const NUM_SPAN_CLASSES: usize = 68 * 2;

pub static mut PARTIAL: [*mut MSpan; NUM_SPAN_CLASSES] = [core::ptr::null_mut(); NUM_SPAN_CLASSES];

/// Bytes of objects allocated or allocatable in cached spans, plus what the last mark
/// found live: the pacer's heap_live (gc counts a cached span's free slots as used,
/// so does rgo).
pub static HEAP_LIVE: AtomicU64 = AtomicU64::new(0);

/// A span with a free slot for an mcache, marked cached. Caller holds HEAPLOCK.
pub unsafe fn mcentral_cachespan(spc: usize) -> *mut MSpan {
    unsafe {
        // Sweep (a batch at a time) until this class has a span with room or
        // nothing is left to sweep: freed slots are reused before the heap grows.
        while PARTIAL[spc].is_null() && crate::mgcsweep::sweep_some_if_pending() {}
        let mut s = PARTIAL[spc];
        if !s.is_null() {
            PARTIAL[spc] = (*s).next;
            (*s).next = core::ptr::null_mut();
        } else {
            let class = spc >> 1;
            s = alloc_pages(CLASS_TO_ALLOCNPAGES[class] as usize);
            (*s).sizeclass = class as u8;
            (*s).noscan = spc & 1 != 0;
            (*s).elemsize = CLASS_TO_SIZE[class] as usize;
            (*s).divmul = (u32::MAX as u64) / (*s).elemsize as u64 + 1;
            (*s).nelems = (*s).npages * PAGE_SIZE / (*s).elemsize;
        }
        (*s).cached = true;
        if crate::mgc::allocating_black() {
            (*s).snapshot_alloc();
        }
        HEAP_LIVE.fetch_add((((*s).nelems - (*s).alloccount) * (*s).elemsize) as u64, Ordering::Relaxed);
        s
    }
}

/// An mcache gives a span back (the collector flushing caches); its unused slots no
/// longer count as live. Caller holds HEAPLOCK.
pub unsafe fn mcentral_uncachespan(s: *mut MSpan) {
    unsafe {
        (*s).cached = false;
        HEAP_LIVE.fetch_sub((((*s).nelems - (*s).alloccount) * (*s).elemsize) as u64, Ordering::Relaxed);
        (*s).next = core::ptr::null_mut();
        // The sweep that follows puts it on its list again.
    }
}
