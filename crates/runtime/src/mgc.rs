//! The collector's start-up half: gcinit (GOGC) and gcenable, which starts the
//! background sweeper and scavenger goroutines, as gc does. There is nothing to sweep
//! or scavenge yet (malloc.rs never frees), so both park for good once started; the
//! collector proper is a later issue.
//!
//! GCENABLE_LOCK protects GCENABLE_STARTED and GCENABLE_WAITER.
use crate::lock_futex::Mutex;
use crate::proc::{gopark, goready, newproc_kind, parkunlock_c};
use crate::runtime1::{atoi, gogetenv};
use crate::runtime2::*;
use crate::stubs::getg;

/// GOGC (100 unless set; "off" is -1).
pub static mut GCPERCENT: i64 = 100;

static GCENABLE_LOCK: Mutex = Mutex::new();
static mut GCENABLE_STARTED: u32 = 0;
static mut GCENABLE_WAITER: *mut G = core::ptr::null_mut();

/// A lock for goroutines that wait forever (they park with it and nobody wakes them).
static IDLE_LOCK: Mutex = Mutex::new();

#[unsafe(export_name = "runtime.gcinit")]
pub fn gcinit() {
    if let Some(v) = gogetenv(b"GOGC") {
        unsafe {
            if v == b"off" {
                GCPERCENT = -1;
            } else if let Some(n) = atoi(v) {
                GCPERCENT = n;
            }
        }
    }
}

/// Starts bgsweep and bgscavenge and waits until both run (gc waits on a channel).
#[unsafe(export_name = "runtime.gcenable")]
pub fn gcenable() {
    unsafe {
        newproc_kind(bgsweep as *const () as usize, 0, true);
        newproc_kind(bgscavenge as *const () as usize, 0, true);
        GCENABLE_LOCK.lock();
        if GCENABLE_STARTED < 2 {
            GCENABLE_WAITER = getg();
            gopark(
                Some(parkunlock_c),
                &raw const GCENABLE_LOCK as *mut u8,
                WAIT_REASON_CHAN_RECEIVE,
            );
        } else {
            GCENABLE_LOCK.unlock();
        }
    }
}

/// How many of bgsweep/bgscavenge have started (2 once gcenable returns).
pub fn gcenable_started_count() -> u32 {
    GCENABLE_LOCK.lock();
    let n = unsafe { GCENABLE_STARTED };
    GCENABLE_LOCK.unlock();
    n
}

/// A background goroutine reports that it runs; the second one wakes gcenable.
fn gcenable_started() {
    unsafe {
        GCENABLE_LOCK.lock();
        GCENABLE_STARTED += 1;
        let w = GCENABLE_WAITER;
        if GCENABLE_STARTED == 2 && !w.is_null() {
            GCENABLE_WAITER = core::ptr::null_mut();
            GCENABLE_LOCK.unlock();
            goready(w);
        } else {
            GCENABLE_LOCK.unlock();
        }
    }
}

fn park_forever(reason: u8) -> ! {
    loop {
        IDLE_LOCK.lock();
        gopark(Some(parkunlock_c), &raw const IDLE_LOCK as *mut u8, reason);
    }
}

#[unsafe(export_name = "runtime.bgsweep")]
pub extern "C" fn bgsweep(_arg: usize) {
    gcenable_started();
    park_forever(WAIT_REASON_GC_SWEEP_WAIT)
}

#[unsafe(export_name = "runtime.bgscavenge")]
pub extern "C" fn bgscavenge(_arg: usize) {
    gcenable_started();
    park_forever(WAIT_REASON_GC_SCAVENGE_WAIT)
}

/// Would run a collection when forced by sysmon; parks until then.
#[unsafe(export_name = "runtime.forcegchelper")]
pub extern "C" fn forcegchelper(_arg: usize) {
    park_forever(WAIT_REASON_FORCE_GC_IDLE)
}
