//! Goroutine stacks as roots, scanned after the start pause (gc scans stacks during
//! concurrent marking too, suspending one goroutine at a time).
//!
//! Only the goroutines that can change their stacks without passing through the
//! scheduler are scanned in the start pause: the one starting the cycle and those in
//! a system call (exitsyscall resumes them directly). Every other goroutine is parked
//! or waits in a run queue, so its stack is frozen until `execute` runs it. Its stack
//! (and its G) is scanned by whoever gets to it first: the background worker, which
//! walks all Gs when marking begins, or `execute`, which scans a goroutine before
//! running it. A stack scanned late therefore holds exactly what it held at the
//! start, and the snapshot argument of mgcwb.rs still holds. (Other goroutines write
//! into a parked one's stack only through channel operations, with typedmemmove:
//! the old value is shaded.)
//!
//! `G.gcscan` says where a G is: MARKGEN << 1 when claimed for this cycle's scan,
//! MARKGEN << 1 | 1 when scanned; any other value, not scanned yet (MARKGEN advances
//! each cycle, so nothing is reset in the pause). New Gs are born scanned: their
//! stacks hold only what their creator, already scanned, gave them.
use core::sync::atomic::Ordering;

use crate::mgcmark::{ASSISTS_ACTIVE, GcWork};
use crate::mheap::MARKGEN;
use crate::proc::readgstatus;
use crate::runtime2::*;

/// The scanned state for this cycle (see the module comment).
fn scanned() -> u32 {
    unsafe { MARKGEN << 1 | 1 }
}

/// A G just made or reused: nothing to scan this cycle.
pub unsafe fn born_scanned(gp: *mut G) {
    unsafe { (*gp).gcscan.store(scanned(), Ordering::Release) };
}

/// The G struct and the stack of `gp` from `sp` up.
pub unsafe fn scan_g(gw: &mut GcWork, gp: *mut G, sp: usize) {
    unsafe {
        // User Gs live at the top of their stack slots, outside the persistent
        // chunks that markroots scans (proc.rs malg_in_stack).
        gw.scanblock(gp as usize, gp as usize + core::mem::size_of::<G>());
        let hi = (*gp).stack.hi;
        if sp < (*gp).stack.lo || sp > hi {
            crate::print::printint((*gp).goid); crate::print::printhex(sp as u64); crate::print::printhex((*gp).stack.lo as u64);crate::print::printhex(hi as u64); crate::print::printint((*gp).system as i64);crate::print::printint(crate::proc::readgstatus(gp) as i64);
            crate::panic::throw("gc: goroutine stack pointer out of its stack");
        }
        gw.scanblock(sp, hi);
    }
}

/// Claims `gp` for scanning: true if it was not scanned nor claimed this cycle.
unsafe fn claim(gp: *mut G) -> bool {
    unsafe {
        let mine = MARKGEN << 1;
        let cur = (*gp).gcscan.load(Ordering::Acquire);
        cur >> 1 != MARKGEN && (*gp).gcscan.compare_exchange(cur, mine, Ordering::AcqRel, Ordering::Acquire).is_ok()
    }
}

/// In the start pause: the goroutines that must be scanned now (the caller, whose
/// stack is scanned from `sp`, and those in system calls, found through their Ms:
/// walking every G here would cost a cache miss per goroutine in the pause), or all
/// of them when the cycle marks in the pause (`all`).
pub unsafe fn scan_in_pause(gw: &mut GcWork, me: *mut G, sp: usize, all: bool) {
    unsafe {
        if all {
            let mut g = ALLGS;
            while !g.is_null() {
                let st = readgstatus(g);
                if st != G_DEAD && st != G_IDLE {
                    scan_g(gw, g, if g == me { sp } else { (*g).sched.sp });
                    (*g).gcscan.store(scanned(), Ordering::Release);
                }
                g = (*g).alllink;
            }
            return;
        }
        scan_g(gw, me, sp);
        (*me).gcscan.store(scanned(), Ordering::Release);
        let mut m = ALLM;
        while !m.is_null() {
            let g = (*m).curg;
            if !g.is_null() && g != me && readgstatus(g) == G_SYSCALL {
                scan_g(gw, g, (*g).sched.sp);
                (*g).gcscan.store(scanned(), Ordering::Release);
            }
            m = (*m).alllink;
        }
    }
}

/// The worker, as marking begins: scans every goroutine nobody has scanned yet.
pub unsafe fn scan_remaining(gw: &mut GcWork) {
    unsafe {
        let mut g = ALLGS;
        while !g.is_null() {
            let st = readgstatus(g);
            if st != G_DEAD && st != G_IDLE && claim(g) {
                scan_g(gw, g, (*g).sched.sp);
                (*g).gcscan.store(scanned(), Ordering::Release);
            }
            g = core::ptr::read_volatile(&raw const (*g).alllink);
        }
    }
}

/// `execute`, while a cycle marks: scans `gp` before it runs, on this P's assist
/// stack, or waits for the worker to finish scanning it.
pub unsafe fn scan_before_run(gp: *mut G) {
    unsafe {
        if (*gp).gcscan.load(Ordering::Acquire) == scanned() {
            return;
        }
        // Counted as an assist: the worker does not report marking done meanwhile.
        ASSISTS_ACTIVE.fetch_add(1, Ordering::SeqCst);
        if claim(gp) {
            let pp = (*(*crate::stubs::getg()).m).p;
            if (*pp).gcw_stack.is_null() {
                (*pp).gcw_stack = GcWork::assist_stack();
            }
            let mut gw = GcWork::with_stack((*pp).gcw_stack, crate::mgcmark::ASSIST_CAP);
            scan_g(&mut gw, gp, (*gp).sched.sp);
            (*gp).gcscan.store(scanned(), Ordering::Release);
            // The marking is the worker's (or a later assist's).
            gw.spill(usize::MAX);
            crate::mgc::add_assist_marked(gw.marked);
        } else {
            while (*gp).gcscan.load(Ordering::Acquire) != scanned() {
                core::hint::spin_loop();
            }
        }
        ASSISTS_ACTIVE.fetch_sub(1, Ordering::SeqCst);
    }
}
