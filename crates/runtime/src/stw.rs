//! Stopping the world for the collector (gc's stopTheWorldWithSema and
//! startTheWorldWithSema in proc.go).
//!
//! The M that wants to collect holds its own P. Under sched.lock it sets
//! `sched.gcwaiting` and claims every other P it can: idle ones (off sched.pidle) and
//! ones whose M is in a system call (P_SYSCALL → P_GCSTOP, so exitsyscall's CAS
//! fails and that M queues its G instead). Every other P is running, or being handed
//! to an M; `sched.stopwait` counts them. Their goroutines are asked to yield the
//! way sysmon asks (g.preempt and a SIGURG, preempt.rs), again every few tens of µs
//! while we wait, and every path by which an M lets go of a P while gcwaiting is set
//! parks the P in P_GCSTOP and decrements stopwait instead (gcstopm at the top of
//! findrunnable, handoffp, findrunnable's own give-up path). stopwait reaching 0 means
//! no goroutine but ours runs Go code.
//!
//! Starting the world clears gcwaiting and gives each stopped P back: to an M if it
//! has goroutines queued, to sched.pidle otherwise.
use core::sync::atomic::Ordering;

use crate::proc::*;
use crate::runtime2::*;
use crate::stubs::*;

/// Stops every P but the caller's. Returns false, with nothing stopped, if another M
/// is already stopping the world (the caller should then yield to it).
pub unsafe fn stop_the_world() -> bool {
    unsafe {
        let s = sched();
        let me = (*getm()).p;
        (*s).lock.lock();
        if (*s).gcwaiting.load(Ordering::Relaxed) {
            (*s).lock.unlock();
            return false;
        }
        (*s).gcwaiting.store(true, Ordering::SeqCst);
        let mut wait = GOMAXPROCS - 1;
        loop {
            let pp = pidleget();
            if pp.is_null() {
                break;
            }
            (*pp).status.store(P_GCSTOP, Ordering::Release);
            wait -= 1;
        }
        for i in 0..GOMAXPROCS {
            let pp = allp(i);
            if pp != me && (*pp).status.compare_exchange(P_SYSCALL, P_GCSTOP, Ordering::AcqRel, Ordering::Relaxed).is_ok() {
                wait -= 1;
            }
        }
        (*s).stopwait.store(wait, Ordering::SeqCst);
        (*s).lock.unlock();
        // Ask the rest to yield until they all have.
        let mut spins = 0u32;
        while (*s).stopwait.load(Ordering::Acquire) > 0 {
            if spins.is_multiple_of(8) {
                preempt_all(me);
            }
            spins += 1;
            if spins < 16 {
                crate::sys_linux_amd64::osyield();
            } else {
                crate::sys_linux_amd64::usleep(20);
            }
        }
        true
    }
}

/// Marks the goroutine of every running P but `me` for preemption and signals its M.
unsafe fn preempt_all(me: *mut P) {
    unsafe {
        for i in 0..GOMAXPROCS {
            let pp = allp(i);
            if pp != me && (*pp).status.load(Ordering::Acquire) == P_RUNNING {
                crate::preempt::preemptone(pp);
            }
        }
    }
}

/// Restarts the Ps stop_the_world stopped.
pub unsafe fn start_the_world() {
    unsafe {
        let s = sched();
        let mut with_work = 0;
        (*s).lock.lock();
        (*s).gcwaiting.store(false, Ordering::SeqCst);
        for i in 0..GOMAXPROCS {
            let pp = allp(i);
            if (*pp).status.load(Ordering::Acquire) != P_GCSTOP {
                continue;
            }
            (*pp).status.store(P_IDLE, Ordering::Release);
            if !runqempty(pp) {
                with_work += 1;
            }
            pidleput(pp);
        }
        (*s).lock.unlock();
        // As many Ms as Ps had goroutines queued: they steal them (findrunnable).
        for _ in 0..with_work {
            startm(core::ptr::null_mut(), false);
        }
        // Goroutines preempted by the stop wait on the global queue.
        if (*s).runqsize.load(Ordering::Relaxed) > 0 {
            wakep();
        }
    }
}

/// sched.lock held: if the world is stopping, parks pp (released by its M) in
/// P_GCSTOP and counts it; whether it did.
pub unsafe fn stop_p_if_waiting(pp: *mut P) -> bool {
    unsafe {
        let s = sched();
        if !(*s).gcwaiting.load(Ordering::Acquire) {
            return false;
        }
        (*pp).status.store(P_GCSTOP, Ordering::Release);
        (*s).stopwait.fetch_sub(1, Ordering::AcqRel);
        true
    }
}

/// The world is stopping: give up our P and sleep until start_the_world hands us one
/// (gc's gcstopm).
pub unsafe fn gcstopm() {
    unsafe {
        let s = sched();
        drop_spinning(getm());
        let pp = releasep();
        (*s).lock.lock();
        if !stop_p_if_waiting(pp) {
            // The world restarted meanwhile: keep the P.
            (*s).lock.unlock();
            acquirep(pp);
            return;
        }
        (*s).lock.unlock();
        stopm();
    }
}
