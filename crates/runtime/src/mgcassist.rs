//! Mark assists (gc's gcAssistAlloc): goroutines that allocate while a cycle marks
//! help mark, on their own P, in proportion to what they allocate.
//!
//! Two things come of it: marking runs in parallel on the Ps that allocate as well as
//! on the background worker, and a goroutine allocating fast is slowed down by
//! marking work instead of growing the heap with black objects (mgc.rs pacing). An
//! assist runs at every slow-path allocation (a span refill or a large object)
//! while marking: it takes marked objects
//! from GREYQ (the worker gives half its stack there while assists wait), or pointers
//! the write barriers queued, scans up to ASSIST_OBJECTS of them on the P's own mark
//! stack, and gives back what is left. It counts as active meanwhile, so the worker
//! does not report marking done while an assist holds work (mgcmark.rs).
use core::sync::atomic::Ordering;

use crate::mgcmark::{ASSISTS_ACTIVE, ASSISTS_WAITING, GcWork};

/// Objects scanned per assist.
const ASSIST_OBJECTS: usize = 512;

/// One assist on the current goroutine's P (caller: a user goroutine with a P,
/// holding no runtime lock, during marking).
pub unsafe fn gc_assist_alloc() {
    // The mark work's frames (GcWork's buffer) are too big for a goroutine stack.
    crate::stackcopy::on_g0(|| unsafe {
        let pp = (*(*crate::stubs::getg()).m).p;
        if (*pp).gcw_stack.is_null() {
            (*pp).gcw_stack = GcWork::assist_stack();
        }
        ASSISTS_ACTIVE.fetch_add(1, Ordering::SeqCst);
        if crate::mgc::GCPHASE.load(Ordering::Acquire) == crate::mgc::GC_MARK {
            let mut gw = GcWork::with_stack((*pp).gcw_stack, crate::mgcmark::ASSIST_CAP);
            ASSISTS_WAITING.fetch_add(1, Ordering::Relaxed);
            let got = gw.take_grey() || crate::mgcwb::wbq_take(&mut gw);
            ASSISTS_WAITING.fetch_sub(1, Ordering::Relaxed);
            if got {
                gw.drain_limit(ASSIST_OBJECTS);
                gw.spill(usize::MAX);
            }
            crate::mgc::add_assist_marked(gw.marked);
        }
        ASSISTS_ACTIVE.fetch_sub(1, Ordering::SeqCst);
    })
}
