//! The background mark worker and the goroutine that ends cycles (gc's
//! gcBgMarkWorker and gcMarkDone, arranged differently).
//!
//! gc runs its mark workers as goroutines on a quarter of the Ps. rgo's worker is an
//! M of its own without a P (like sysmon): it marks on a core of its own whether
//! GOMAXPROCS is 1 or more, and the scheduler never has to make room for it. It
//! sleeps on a futex until a cycle starts (mgc.rs gc_start → wake_worker), drains the
//! cycle's mark stack and the write barriers' shared queue, then reports the marking
//! done. Ending the cycle needs the world stopped, which only a goroutine with a P
//! may do: the next allocation on the slow path does it (mgc.rs gc_paced), or, if the
//! program does not allocate for 10 ms, the `gcmarkdone` goroutine, which the worker
//! wakes.
//!
//! Both are made at the first cycle, so that programs that never collect do not pay
//! for a thread at start-up.
use core::sync::atomic::{AtomicBool, AtomicU32, Ordering};

use crate::mgc::{GC_MARK, GC_MARKDONE, GCPHASE, Helper, MARK_WORK, gc_finish, mark_done};
use crate::sys_linux_amd64::{futexsleep, futexwakeup};

static STARTED: AtomicBool = AtomicBool::new(false);
/// Bumped for each cycle; the worker sleeps while it is the value it last saw.
static WORKER_GEN: AtomicU32 = AtomicU32::new(0);
static MARKDONE: Helper = Helper::new();
/// The cycle (MARKGEN) whose remaining stacks the worker has scanned.
static mut SCANNED_GEN: u32 = 0;

/// Makes the worker thread and the gcmarkdone goroutine, the first time.
pub fn ensure_started() {
    if STARTED.swap(true, Ordering::AcqRel) {
        return;
    }
    unsafe {
        crate::proc::newm(Some(gc_bg_mark_worker), core::ptr::null_mut(), false);
        crate::proc::newproc_kind(gcmarkdone as *const () as usize, 0, true);
    }
}

/// A cycle's marking has started: wake the worker.
pub fn wake_worker() {
    WORKER_GEN.fetch_add(1, Ordering::Release);
    futexwakeup(WORKER_GEN.as_ptr(), 1);
}

fn gc_bg_mark_worker() {
    unsafe {
        // A system M: checkdead does not count it as one that could run goroutines.
        let s = crate::runtime2::sched();
        (*s).lock.lock();
        (*s).nmsys += 1;
        (*s).lock.unlock();
        let mut seen = 0;
        loop {
            let mut cur = WORKER_GEN.load(Ordering::Acquire);
            while cur == seen {
                futexsleep(WORKER_GEN.as_ptr(), seen, -1);
                cur = WORKER_GEN.load(Ordering::Acquire);
            }
            seen = cur;
            if GCPHASE.load(Ordering::Acquire) != GC_MARK {
                continue;
            }
            // First the stacks the start pause left (not again when marking
            // resumes after the end found more work).
            if SCANNED_GEN != crate::mheap::MARKGEN {
                SCANNED_GEN = crate::mheap::MARKGEN;
                crate::mgcstack::scan_remaining(&mut *(&raw mut MARK_WORK));
            }
            (*(&raw mut MARK_WORK)).drain_with_shared();
            mark_done();
            // A goroutine that allocates ends the cycle itself at its next slow-path
            // allocation, on its own M: much faster than having gcmarkdone's M stop
            // it, which with every core busy waits for the kernel to run the
            // preempted thread (milliseconds). gcmarkdone is woken only if nobody
            // has ended the cycle within 10 ms; a return to marking (mgc.rs
            // mark_termination) wakes us at once.
            let t0 = crate::time::nanotime();
            while GCPHASE.load(Ordering::Acquire) == GC_MARKDONE && WORKER_GEN.load(Ordering::Acquire) == seen {
                let left = 10_000_000 - (crate::time::nanotime() - t0);
                if left <= 0 {
                    MARKDONE.wake();
                    break;
                }
                futexsleep(WORKER_GEN.as_ptr(), seen, left);
            }
        }
    }
}

/// Ends the cycle when the worker is done, unless an allocation did it first.
extern "C" fn gcmarkdone(_arg: usize) {
    loop {
        MARKDONE.park(crate::runtime2::WAIT_REASON_GC_WORKER_IDLE);
        let mut tries = 0u32;
        while GCPHASE.load(Ordering::Acquire) == GC_MARKDONE && !gc_finish() {
            tries += 1;
            if tries < 100 {
                crate::proc::gosched();
            } else {
                crate::sys_linux_amd64::usleep(50);
            }
        }
    }
}
