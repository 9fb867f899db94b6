//! Finalizers (runtime.SetFinalizer): a table of (object, function) records, and a
//! queue of finalizers due, run one by one by the finalizer goroutine (gc's fing,
//! started by the first SetFinalizer).
//!
//! The table lives in its own mapping (not a root) and holds the object's address
//! bitwise inverted, so no conservative scan mistakes it for a reference. During a
//! cycle the table's functions and what each object points to are roots (the object
//! itself is not); after marking, an object still unmarked has its record moved to the
//! queue and is marked, with everything it reaches, so that it survives until its
//! finalizer has run (gc's semantics: it is freed by a later cycle). The queue is in
//! bss, so queued objects are roots until run.
//!
//! FINLOCK protects the table, the queue and FING/FING_PARKED.
use crate::lock_futex::Mutex;
use crate::proc::{gopark, goready, newproc_kind, parkunlock_c};
use crate::runtime2::*;
use crate::sys_linux_amd64::{MAP_ANONYMOUS, MAP_NORESERVE, MAP_PRIVATE, PROT_READ, PROT_WRITE, mmap};

#[derive(Clone, Copy)]
struct Finalizer {
    /// !object address.
    hidden: usize,
    /// The finalizer's funcval.
    fv: usize,
    /// 0 if the finalizer takes the object's pointer type; else it takes an
    /// interface, and this is its first word (rtpkg.rs finalizer_arg0).
    arg0: usize,
}

static FINLOCK: Mutex = Mutex::new();
static mut TABLE: *mut Finalizer = core::ptr::null_mut();
static mut NTABLE: usize = 0;
const TABLE_CAP: usize = 1 << 24;
const RECORD: usize = core::mem::size_of::<Finalizer>();

const FINQ_CAP: usize = 4096;
/// Due finalizers: (object, funcval). In bss, so the collector's root scan keeps both.
static mut FINQ: [(usize, usize, usize); FINQ_CAP] = [(0, 0, 0); FINQ_CAP];
static mut NFINQ: usize = 0;
static mut FING: *mut G = core::ptr::null_mut();
static mut FING_PARKED: bool = false;

/// Records (or with fv = 0 removes) the finalizer of the object at `obj`. `tiny`: the
/// object's type could come from the tiny allocator (malloc.rs), so `obj` may lie
/// inside a block (as gc, allowed; the finalizer runs once the whole block is dead).
pub unsafe fn setfinalizer(obj: usize, fv: usize, arg0: usize, tiny: bool) {
    unsafe {
        let s = crate::mheap::spanof(obj);
        if s.is_null() || (*s).state != crate::mheap::MSPAN_INUSE {
            // Globals and other memory outside the heap: never freed, nothing to do.
            return;
        }
        let base = if (*s).nelems == 1 {
            (*s).startaddr
        } else {
            (*s).startaddr + (*s).objindex(obj) * (*s).elemsize
        };
        if base != obj && !tiny {
            crate::panic::throw("runtime.SetFinalizer: pointer not at beginning of allocated block");
        }
        FINLOCK.lock();
        if TABLE.is_null() {
            let p = mmap(0, TABLE_CAP * RECORD, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE);
            if p < 0 {
                FINLOCK.unlock();
                crate::panic::throw("runtime: out of memory");
            }
            TABLE = p as *mut Finalizer;
        }
        let mut i = 0;
        while i < NTABLE && (*TABLE.add(i)).hidden != !obj {
            i += 1;
        }
        if fv == 0 {
            if i < NTABLE {
                NTABLE -= 1;
                *TABLE.add(i) = *TABLE.add(NTABLE);
            }
        } else if i < NTABLE {
            crate::panic::throw("runtime.SetFinalizer: finalizer already set");
        } else {
            if NTABLE == TABLE_CAP {
                FINLOCK.unlock();
                crate::panic::throw("runtime: out of memory");
            }
            *TABLE.add(NTABLE) = Finalizer { hidden: !obj, fv, arg0 };
            NTABLE += 1;
        }
        let start = FING.is_null() && fv != 0;
        if start {
            FING = newproc_kind(runfinq as *const () as usize, 0, true);
        }
        FINLOCK.unlock();
    }
}

/// Roots from the table (the world is stopped): each function, and what each object
/// points to.
pub unsafe fn markfinroots(gw: &mut crate::mgcmark::GcWork) {
    unsafe {
        for i in 0..NTABLE {
            let f = *TABLE.add(i);
            gw.grey(f.fv);
            gw.scan_contents(!f.hidden);
        }
    }
}

/// After marking: queues the finalizers of unreachable objects and keeps those
/// objects (and what they reach) for this cycle.
pub unsafe fn queuefinalizers(gw: &mut crate::mgcmark::GcWork) {
    unsafe {
        let mut i = 0;
        while i < NTABLE {
            let f = *TABLE.add(i);
            let obj = !f.hidden;
            if !crate::mgcmark::ismarked(obj) && NFINQ < FINQ_CAP {
                FINQ[NFINQ] = (obj, f.fv, f.arg0);
                NFINQ += 1;
                NTABLE -= 1;
                *TABLE.add(i) = *TABLE.add(NTABLE);
                gw.grey(obj);
                gw.drain();
                continue;
            }
            i += 1;
        }
    }
}

/// After a cycle: wakes the finalizer goroutine if finalizers are due.
pub fn wakefing() {
    unsafe {
        FINLOCK.lock();
        if NFINQ > 0 && FING_PARKED {
            FING_PARKED = false;
            let g = FING;
            FINLOCK.unlock();
            goready(g);
        } else {
            FINLOCK.unlock();
        }
    }
}

/// The finalizer goroutine: runs due finalizers, oldest first, one at a time.
/// A finalizer is called as `fv.fn(obj, fv)`, or `fv.fn(arg0, obj, fv)` when its
/// parameter is an interface (arg0 its type or itab word).
extern "C" fn runfinq(_arg: usize) {
    loop {
        unsafe {
            FINLOCK.lock();
            if NFINQ == 0 {
                FING_PARKED = true;
                gopark(Some(parkunlock_c), &raw const FINLOCK as *mut u8, WAIT_REASON_FINALIZER_WAIT);
                continue;
            }
            let (obj, fv, arg0) = FINQ[0];
            NFINQ -= 1;
            for k in 0..NFINQ {
                FINQ[k] = FINQ[k + 1];
            }
            FINQ[NFINQ] = (0, 0, 0);
            FINLOCK.unlock();
            if arg0 == 0 {
                let f: extern "C" fn(usize, usize) = core::mem::transmute(*(fv as *const usize));
                f(obj, fv);
            } else {
                let f: extern "C" fn(usize, usize, usize) = core::mem::transmute(*(fv as *const usize));
                f(arg0, obj, fv);
            }
            core::hint::black_box((obj, fv));
        }
    }
}
