//! Asynchronous preemption of compiled Go code (gc's preempt.go and the SIGURG part
//! of signal_unix.go).
//!
//! sysmon's retake marks a G that has run for 10 ms (`g.preempt`) and sends its M
//! SIGURG (`preemptm`). The handler (`sigpreempt`) checks that the thread is running
//! that very G in compiled Go code — not in the runtime, whose Rust code may hold
//! locks or per-P state — and if so rewrites the interrupted context so that the
//! interrupted instruction appears to call `runtime.asyncPreempt`
//! (asm/preempt_amd64.s). That saves the flags and every register the code may use
//! and calls `preemptcheck`, which yields. Any instruction of Cranelift's code is a
//! safe point for this: the collector scans stacks conservatively (the saved
//! registers included), and Cranelift keeps nothing below %rsp (no red zone).
//! A signal that lands in runtime code is dropped; sysmon sends another on its next
//! pass while the G keeps running, so compiled loops need no polls.
use core::sync::atomic::Ordering;

use crate::runtime2::{M, P};
use crate::stubs::getg;
use crate::sys_linux_amd64::{getpid, tgkill};

/// The preemption signal, as in gc: SIGURG is rarely used by programs and its
/// default action is to ignore it.
pub const SIGURG: u32 = 23;

unsafe extern "C" {
    #[link_name = "runtime.asyncPreempt"]
    fn asyncPreempt();
}

/// Asks the goroutine running on pp to yield (gc's preemptone): marks it and signals
/// its M. Racy like every look at another P: at worst the wrong G yields once.
pub unsafe fn preemptone(pp: *mut P) {
    unsafe {
        let mp = (*pp).m;
        if mp.is_null() {
            return;
        }
        let gp = (*mp).curg;
        if gp.is_null() {
            return;
        }
        (*gp).preempt.store(true, Ordering::Relaxed);
        preemptm(mp);
    }
}

/// Whether mp holds something of the runtime's that must not follow its goroutine to
/// a switch: a runtime lock, the print lock (println is printlock, prints…,
/// printunlock from compiled code; it is per M), or an allocation in progress.
pub unsafe fn holds_runtime_state(mp: *mut M) -> bool {
    unsafe { (*mp).locks != 0 || (*mp).printlock != 0 || (*mp).mallocing != 0 }
}

/// Asks the thread of `mp` to stop the Go code it runs (gc's preemptM).
pub unsafe fn preemptm(mp: *mut M) {
    unsafe {
        let tid = (*mp).procid;
        if tid != 0 {
            tgkill(getpid(), tid, SIGURG);
        }
    }
}

/// The SIGURG handler's work: `rip` and `rsp` point into the interrupted context.
pub unsafe fn sigpreempt(rip: *mut usize, rsp: *mut usize) {
    unsafe {
        let gp = getg();
        if gp.is_null() || (*gp).m.is_null() {
            return;
        }
        let mp = (*gp).m;
        if gp == (*mp).g0 || gp != (*mp).curg || !(*gp).preempt.load(Ordering::Relaxed) {
            return;
        }
        // Compiled code between runtime calls may still hold the print lock.
        if holds_runtime_state(mp) {
            return;
        }
        if !crate::symtab::is_go_code(*rip) {
            return;
        }
        // Push the interrupted PC as a return address and resume in asyncPreempt.
        *rsp -= 8;
        *(*rsp as *mut usize) = *rip;
        *rip = asyncPreempt as *const () as usize;
    }
}

/// A synchronous preemption point, at the end of runtime entry points that compiled
/// code calls often (newproc, newobject, makeslice, growslice, channel send and
/// receive): a goroutine that
/// spends most of its time inside the runtime, where the signal is dropped, still
/// yields promptly (gc gets the same from the stack check at every function entry).
/// Only where the caller returns straight to Go code: the goroutine may resume on
/// another M and P, so no runtime state of the old ones may be held across it.
#[inline(always)]
pub fn preempt_sync() {
    let gp = getg();
    unsafe {
        if gp.is_null() || !(*gp).preempt.load(Ordering::Relaxed) {
            return;
        }
        let mp = (*gp).m;
        if mp.is_null() || (*mp).curg != gp || holds_runtime_state(mp) {
            return;
        }
    }
    preemptcheck();
}

/// Called by asyncPreempt on the interrupted goroutine's stack: yields if this
/// goroutine was asked to (sysmon saw it run for more than 10 ms).
#[unsafe(export_name = "runtime.preemptcheck")]
pub extern "C" fn preemptcheck() {
    let gp = getg();
    unsafe {
        if gp.is_null() || (*gp).m.is_null() || gp == (*(*gp).m).g0 {
            return;
        }
        if (*gp).preempt.swap(false, Ordering::Relaxed) {
            crate::proc::gosched();
        }
    }
}
