//! sysmon: the system monitor, on its own M without a P. It wakes every 20 µs, backing
//! off to 10 ms while there is nothing to do (as gc), marks goroutines that ran more
//! than 10 ms for preemption (retake), takes Ps back from Ms blocked in system
//! calls, forces a collection when none ran for 2 minutes (mgc.rs forcegc_due), and
//! prints the GODEBUG=schedtrace line.
use core::sync::atomic::Ordering;

use crate::print::*;
use crate::proc::mcount;
use crate::runtime1::DEBUG;
use crate::runtime2::*;
use crate::sys_linux_amd64::usleep;
use crate::time::nanotime;

/// How long a G may run before sysmon asks it to yield (gc's forcePreemptNS).
const FORCE_PREEMPT_NS: i64 = 10_000_000;

/// Origin of the schedtrace clock (first trace line says 0ms). Only sysmon touches it.
static mut STARTTIME: i64 = 0;

#[unsafe(export_name = "runtime.sysmon")]
pub fn sysmon() {
    unsafe {
        let s = sched();
        (*s).lock.lock();
        (*s).nmsys += 1;
        // The program may already be deadlocked, with every other M idle: until now
        // this M counted as running, so check here too.
        crate::proc::checkdead();
        (*s).lock.unlock();
        // The SIGURG handler looks PCs up in the function index but must not build it.
        crate::symtab::init_index();
        let mut lasttrace: i64 = 0;
        let mut idle = 0;
        let mut delay: u32 = 0;
        loop {
            if idle == 0 {
                delay = 20;
            } else if idle > 50 {
                delay *= 2;
            }
            if delay > 10 * 1000 {
                delay = 10 * 1000;
            }
            usleep(delay);
            let now = nanotime();
            // As gc, preempting a long-running G is not "work" that keeps sysmon
            // polling fast: only retaking Ps from system calls is.
            if retake(now) != 0 {
                idle = 0;
            } else {
                idle += 1;
            }
            crate::mgc::forcegc_due(now);
            let st = DEBUG.schedtrace as i64;
            if st > 0 && lasttrace + st * 1_000_000 <= now {
                lasttrace = now;
                schedtrace(DEBUG.scheddetail > 0);
            }
        }
    }
}

/// Takes back the P of an M blocked in a system call (handoffp), and asks every G
/// that has run for FORCE_PREEMPT_NS to yield (gc's preemptone): marks it and signals
/// its M, again on every pass until it yields (a signal that lands in runtime code is
/// dropped, preempt.rs). Returns how many Ps were taken back from system calls.
/// Reads other Ms' state racily: Ps, Ms and Gs are never freed, so at worst it flags
/// the wrong G, which then yields once for nothing.
#[unsafe(export_name = "runtime.retake")]
unsafe fn retake(now: i64) -> u32 {
    let mut n = 0;
    unsafe {
        for i in 0..GOMAXPROCS {
            let pp = allp(i);
            match (*pp).status.load(Ordering::Acquire) {
                P_SYSCALL if retake_syscall(pp, now) => n += 1,
                P_RUNNING => preempt_long_running(pp, now),
                _ => {}
            }
        }
    }
    n
}

/// Whether sysmon took pp (in P_SYSCALL) from its M and handed it off: only once
/// the same call has lasted a whole sysmon tick, and, while there is nothing else to
/// run and some P or M is idle anyway, only after 10 ms (as gc).
unsafe fn retake_syscall(pp: *mut P, now: i64) -> bool {
    unsafe {
        let t = (*pp).syscalltick.load(Ordering::Relaxed);
        if (*pp).sysmon_syscalltick != t {
            (*pp).sysmon_syscalltick = t;
            (*pp).syscallwhen = now;
            return false;
        }
        let s = sched();
        let spare = (*s).nmspinning.load(Ordering::Relaxed) + (*s).npidle.load(Ordering::Relaxed);
        if crate::proc::runqempty(pp) && spare > 0 && (*pp).syscallwhen + FORCE_PREEMPT_NS > now {
            return false;
        }
        if (*pp).status.compare_exchange(P_SYSCALL, P_IDLE, Ordering::AcqRel, Ordering::Relaxed).is_err() {
            return false;
        }
        crate::proc::handoffp(pp);
        true
    }
}

unsafe fn preempt_long_running(pp: *mut P, now: i64) {
    unsafe {
        let t = (*pp).schedtick.load(Ordering::Relaxed);
        if (*pp).sysmontick != t {
            (*pp).sysmontick = t;
            (*pp).sysmonwhen = now;
            return;
        }
        if (*pp).sysmonwhen + FORCE_PREEMPT_NS <= now {
            crate::preempt::preemptone(pp);
        }
    }
}

/// `SCHED 0ms: gomaxprocs=… idleprocs=… threads=… spinningthreads=… idlethreads=…
/// runqueue=… [local queue lengths]`, and with scheddetail the per-P/M/G lines.
#[unsafe(export_name = "runtime.schedtrace")]
pub unsafe fn schedtrace(detailed: bool) {
    unsafe {
        let now = nanotime();
        if STARTTIME == 0 {
            STARTTIME = now;
        }
        let s = sched();
        (*s).lock.lock();
        printlock();
        prints("SCHED ");
        printint((now - STARTTIME) / 1_000_000);
        prints("ms: gomaxprocs=");
        printint(GOMAXPROCS as i64);
        prints(" idleprocs=");
        printint((*s).npidle.load(Ordering::Relaxed) as i64);
        prints(" threads=");
        printint(mcount());
        prints(" spinningthreads=");
        printint((*s).nmspinning.load(Ordering::Relaxed) as i64);
        prints(" idlethreads=");
        printint((*s).nmidle as i64);
        prints(" runqueue=");
        printint((*s).runqsize.load(Ordering::Relaxed) as i64);
        if detailed {
            prints(" nmidlelocked=");
            printint((*s).nmidlelocked as i64);
            prints("\n");
        }
        for i in 0..GOMAXPROCS {
            let pp = allp(i);
            let h = (*pp).runqhead.load(Ordering::Acquire);
            let t = (*pp).runqtail.load(Ordering::Acquire);
            if detailed {
                let mp = (*pp).m;
                prints("  P");
                printint(i as i64);
                prints(": status=");
                printint((*pp).status.load(Ordering::Relaxed) as i64);
                prints(" schedtick=");
                printint((*pp).schedtick.load(Ordering::Relaxed) as i64);
                prints(" m=");
                printint(if mp.is_null() { -1 } else { (*mp).id });
                prints(" runqsize=");
                printint(t.wrapping_sub(h) as i64);
                prints(" gfreecnt=");
                printint((*pp).gfree.n as i64);
                prints("\n");
            } else {
                prints(" ");
                if i == 0 {
                    prints("[");
                }
                printint(t.wrapping_sub(h) as i64);
                if i == GOMAXPROCS - 1 {
                    prints("]\n");
                }
            }
        }
        if detailed {
            let mut mp = ALLM;
            while !mp.is_null() {
                let pp = (*mp).p;
                let gp = (*mp).curg;
                let lg = (*mp).lockedg;
                prints("  M");
                printint((*mp).id);
                prints(": p=");
                printint(if pp.is_null() { -1 } else { (*pp).id as i64 });
                prints(" curg=");
                printint(if gp.is_null() { -1 } else { (*gp).goid });
                prints(" spinning=");
                printbool((*mp).spinning as i8);
                prints(" lockedg=");
                printint(if lg.is_null() { -1 } else { (*lg).goid });
                prints("\n");
                mp = (*mp).alllink;
            }
            let mut gp = ALLGS;
            while !gp.is_null() {
                let mp = (*gp).m;
                prints("  G");
                printint((*gp).goid);
                prints(": status=");
                printint((*gp).atomicstatus.load(Ordering::Relaxed) as i64);
                prints("(");
                prints(wait_reason_string((*gp).waitreason));
                prints(") m=");
                printint(if mp.is_null() { -1 } else { (*mp).id });
                prints("\n");
                gp = (*gp).alllink;
            }
        }
        printunlock();
        (*s).lock.unlock();
    }
}
