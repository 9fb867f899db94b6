//! `runtime.GOMAXPROCS(n)`: changing the number of Ps while the program runs (gc's
//! procresize after stopTheWorld).
//!
//! The world is stopped (stw.rs), so every other P is parked in P_GCSTOP and only our
//! M holds a P. Growing makes new Ps (or revives ones an earlier shrink retired) in
//! P_GCSTOP, and start_the_world hands them out like the others. Shrinking retires
//! the Ps from n on: their queued goroutines go to the global run queue, their timers
//! to P0, their cached spans back to mcentral, their free Gs to the global list; they
//! become P_DEAD and stay in ALLP, so a racy reader (sysmon) that still uses the old
//! count sees a valid P it ignores. When growing, the bigger ALLP is published before
//! the larger count, so whoever sees the count sees the array.
use core::sync::atomic::Ordering;

use crate::malloc::persistentalloc;
use crate::proc::*;
use crate::runtime2::*;
use crate::stubs::*;

/// gc's cap on GOMAXPROCS.
const MAX_GOMAXPROCS: i32 = 256;

/// How many Ps ALLP has room for (live ones first, then retired ones).
static mut ALLP_LEN: i32 = 0;

/// runtime.GOMAXPROCS(n): sets the number of Ps if n > 0; returns the previous one.
#[unsafe(export_name = "runtime.GOMAXPROCS")]
pub extern "C" fn gomaxprocs(n: i64) -> i64 {
    unsafe {
        let old = GOMAXPROCS;
        if n <= 0 || n == old as i64 {
            return old as i64;
        }
        let n = n.min(MAX_GOMAXPROCS as i64) as i32;
        // Another M may be stopping the world for a cycle: let it finish first.
        while !crate::stw::stop_the_world() {
            gosched();
        }
        resize(n);
        crate::stw::start_the_world();
        old as i64
    }
}

/// With the world stopped: makes the number of Ps n.
unsafe fn resize(n: i32) {
    unsafe {
        if ALLP_LEN < GOMAXPROCS {
            ALLP_LEN = GOMAXPROCS;
        }
        let old = GOMAXPROCS;
        if n > old {
            if n > ALLP_LEN {
                let all = persistentalloc(n as usize * 8, 8) as *mut *mut P;
                core::ptr::copy_nonoverlapping(ALLP, all, ALLP_LEN as usize);
                for i in ALLP_LEN..n {
                    let pp = persistentalloc(core::mem::size_of::<P>(), 64) as *mut P;
                    (*pp).id = i;
                    (*pp).status.store(P_DEAD, Ordering::Relaxed);
                    *all.add(i as usize) = pp;
                }
                core::sync::atomic::fence(Ordering::SeqCst);
                ALLP = all;
                ALLP_LEN = n;
            }
            for i in old..n {
                (*allp(i)).status.store(P_GCSTOP, Ordering::Release);
            }
            core::sync::atomic::fence(Ordering::SeqCst);
            GOMAXPROCS = n;
            return;
        }
        // Shrinking: move off a P that is going away first.
        let mp = getm();
        if (*(*mp).p).id >= n {
            releasep();
            let p0 = allp(0);
            (*p0).status.store(P_IDLE, Ordering::Release);
            acquirep(p0);
        }
        let me = (*mp).p;
        for i in n..old {
            retire(allp(i), me);
        }
        GOMAXPROCS = n;
    }
}

/// Empties pp (stopped, or just released by us) into `heir` and the global lists.
unsafe fn retire(pp: *mut P, heir: *mut P) {
    unsafe {
        let s = sched();
        (*s).lock.lock();
        loop {
            let gp = runqget(pp);
            if gp.is_null() {
                break;
            }
            globrunqput(gp);
        }
        (*s).lock.unlock();
        gfspill(pp, 0);
        crate::timers::move_timers(pp, heir);
        crate::mheap::HEAPLOCK.lock();
        crate::mcache::mcache_flush(&raw mut (*pp).mcache);
        crate::mgcwb::wbbuf_spill(pp);
        crate::mheap::HEAPLOCK.unlock();
        (*pp).status.store(P_DEAD, Ordering::Release);
    }
}
