//! System calls that may block (gc's entersyscall/exitsyscall in proc.go).
//!
//! Go code makes them through asm/syscall_amd64.s (`syscall.Syscall`, `Syscall6`),
//! which saves what the caller holds on the stack and brackets the call with:
//! - `entersyscall_sp(sp)`: the G goes to G_SYSCALL with sched.sp = sp (the collector
//!   scans its stack from there), and the M lets go of its P, leaving it in P_SYSCALL
//!   and remembered in m.oldp. The P is not idle: nobody else may take it, except
//!   sysmon, which retakes it (P_SYSCALL → P_IDLE, then handoffp) once the call has
//!   lasted a whole sysmon tick and there is other work (sysmon.rs retake).
//! - `exitsyscall()`: takes m.oldp back if it is still in P_SYSCALL (one CAS, the
//!   common case for short calls), else any idle P; with none, the G is queued on
//!   the global run queue and the M goes to sleep (exitsyscall0 on g0).
//!
//! The collector runs only when every other P is idle (mgc.rs), so it never runs
//! while a P is in P_SYSCALL; a G whose P was retaken stays in G_SYSCALL until it
//! holds a P again, which it cannot get during a cycle (pidleget needs sched.lock).
use core::ptr::null_mut;
use core::sync::atomic::Ordering;

use crate::panic::throw;
use crate::proc::*;
use crate::runtime2::*;
use crate::stubs::*;

#[unsafe(export_name = "runtime.entersyscall_sp")]
pub unsafe extern "C" fn entersyscall_sp(sp: usize) {
    unsafe {
        let gp = getg();
        let mp = (*gp).m;
        let pp = (*mp).p;
        if pp.is_null() || (*mp).curg != gp {
            throw("entersyscall: not on a user goroutine with a P");
        }
        (*gp).sched.sp = sp;
        casgstatus(gp, G_RUNNING, G_SYSCALL);
        (*pp).syscalltick.fetch_add(1, Ordering::Relaxed);
        (*pp).m = null_mut();
        (*mp).oldp = pp;
        (*mp).p = null_mut();
        (*pp).status.store(P_SYSCALL, Ordering::Release);
    }
}

#[unsafe(export_name = "runtime.exitsyscall")]
pub unsafe extern "C" fn exitsyscall() {
    unsafe {
        let gp = getg();
        let mp = (*gp).m;
        let oldp = (*mp).oldp;
        (*mp).oldp = null_mut();
        if !oldp.is_null() && (*oldp).status.compare_exchange(P_SYSCALL, P_IDLE, Ordering::AcqRel, Ordering::Relaxed).is_ok() {
            acquirep(oldp);
            casgstatus(gp, G_SYSCALL, G_RUNNING);
            return;
        }
        if acquire_idle_p() {
            casgstatus(gp, G_SYSCALL, G_RUNNING);
            // Another P may have become idle while work was queued: as gc's
            // exitsyscall, let an M look for it.
            wakep();
            return;
        }
        mcall(gp, exitsyscall0);
    }
}

/// exitsyscall found no P: on g0, queue gp and put this M to sleep.
#[unsafe(export_name = "runtime.exitsyscall0")]
unsafe extern "C" fn exitsyscall0(gp: *mut G) -> ! {
    unsafe {
        let mp = (*gp).m;
        setg((*mp).g0);
        casgstatus(gp, G_SYSCALL, G_RUNNABLE);
        dropg(mp, gp);
        let s = sched();
        (*s).lock.lock();
        let pp = pidleget();
        if pp.is_null() {
            globrunqput(gp);
        }
        (*s).lock.unlock();
        if !pp.is_null() {
            acquirep(pp);
            execute(gp);
        }
        if !(*mp).lockedg.is_null() {
            // gp may run only here: whoever picks it from the global queue hands
            // this M a P (startlockedm).
            stoplockedm();
            execute(gp);
        }
        stopm();
        schedule()
    }
}
