//! The scheduler: start-up (schedinit, newproc, mstart, runtime.main) and the loop that
//! runs goroutines (schedule, findrunnable, execute, gopark, goready, goexit).
//!
//! # Design
//!
//! The words are gc's. A G is a goroutine: a stack, a saved context (gobuf) and a
//! status. An M is an OS thread, made with `clone`. A P is the right to run Go code:
//! there are exactly GOMAXPROCS of them, made once by procresize, and an M must hold
//! one to run Gs. Each P has a local run queue of runnable Gs; there is also a global
//! run queue in `sched`.
//!
//! An M without work gives its P back to the idle list and sleeps on its `park` note
//! (stopm). Whoever makes work available while a P is idle wakes an M for it (wakep →
//! startm): an idle M if there is one, else a new thread (newm). A woken M is
//! "spinning" until it finds a G; at most one M spins at a time because of wakep's
//! check, which keeps thread wake-ups proportional to the work.
//!
//! Switching goroutines is cooperative: a G leaves the CPU only in gopark (blocking),
//! Gosched, or when it ends (goexit). All three use `mcall`, which saves the G's
//! context and continues on the M's g0 stack, where `schedule` picks the next G and
//! `execute` + `gogo` resumes it. Compiled code and the runtime share the System V
//! convention, so a saved context includes the callee-saved registers (pushed on the
//! G's own stack by mcall), not only SP/PC/BP as in gc.
//!
//! lockOSThread wires a G to its M: when the G blocks, its M hands its P to another
//! M and sleeps (stoplockedm); whichever M later picks the G hands its P to the wired
//! M instead of running it (startlockedm). runtime.main runs package inits locked to
//! m0, as gc does.
//!
//! Each M's scheduler runs on its g0 stack: mstart1 records where, and every mcall
//! starts over from that point (the previous g0 frames are dead by then).
//!
//! sysmon runs on its own M without a P (sysmon.rs). It flags a G that has run for
//! 10 ms (g.preempt) and signals its M, whose handler
//! makes the G yield if it is in compiled Go code (preempt.rs).
//!
//! When an M goes idle and no M is left running Go code, no goroutine can ever
//! become runnable again (there are no timers or I/O yet): checkdead reports the
//! deadlock as gc does.
//!
//! # What protects what
//!
//! - `sched.lock`: the idle M and P lists and their counts, M id allocation, the
//!   global run queue and the global free-G list (see runtime2::Schedt).
//! - A P's local run queue: lock-free; only the owning M appends, any M may take from
//!   the head with a CAS. A P's free-G list and allocation block: owner only.
//! - G fields: owned by whoever holds the G (the M running it, or the M that took it
//!   from a queue); `atomicstatus` is atomic because sysmon and checkdead read it.
//! - M fields: the M itself, except `nextp` and `park`, written by the M that wakes it
//!   before the wake-up (the note orders them).
//! - ALLGS/ALLM: appended under their locks; never shrink, so walking them is safe.
//! - INITTRACE: only the goroutine running inits (runtime.main) touches it.
use core::ptr::null_mut;
use core::sync::atomic::{AtomicBool, Ordering};

use crate::boottrace::{V, boot};
use crate::malloc::{mallocinit, persistentalloc};
use crate::mgc::{gcenable, gcinit};
use crate::os_linux::{minit, newosproc};
use crate::panic::throw;
use crate::print::*;
use crate::runtime1::*;
use crate::runtime2::*;
use crate::stack::{STACK_GUARD, STACK_MIN, SYSTEM_STACK, stackalloc, stackfree, stackinit};
use crate::stubs::*;
use crate::sys_linux_amd64::exit;
use crate::time::nanotime;

/// Set once runtime.main starts: from then on new work wakes idle Ps.
pub static MAIN_STARTED: AtomicBool = AtomicBool::new(false);
/// When runtime.main started package initialization (inittrace's "@" origin).
pub static mut RUNTIME_INIT_TIME: i64 = 0;
/// Max goroutine stack size (gc's maxstacksize, set by runtime.main): a stack that
/// would grow past it is a fatal "stack overflow" (stackcopy.rs newstack).
pub static mut MAXSTACKSIZE: usize = 1 << 20;
pub static mut MAXSTACKCEILING: usize = 0;

/// inittrace statistics (gc's tracestat): bytes and allocations by the init goroutine.
pub struct Tracestat {
    pub active: bool,
    pub id: i64,
    pub allocs: u64,
    pub bytes: u64,
}

pub static mut INITTRACE: Tracestat = Tracestat {
    active: false,
    id: 0,
    allocs: 0,
    bytes: 0,
};

/// Called by mallocgc for every allocation.
#[inline]
pub fn inittrace_count(bytes: u64) {
    unsafe {
        if INITTRACE.active && INITTRACE.id == (*getg()).goid {
            INITTRACE.allocs += 1;
            INITTRACE.bytes += bytes;
        }
    }
}

// ---------------------------------------------------------------------------------
// Start-up.

#[unsafe(export_name = "runtime.schedinit")]
pub extern "C" fn schedinit() {
    unsafe {
        let s = sched();
        (*s).maxmcount = 10000;
        stackinit();
        let (stack_base, stack_bytes) = crate::stack::stack_reservation();
        boot(
            "stackinit",
            &[
                ("base", V::H(stack_base as u64)),
                ("reserved", V::D(stack_bytes as i64)),
                ("stackmin", V::D(crate::stack::STACK_MIN as i64)),
            ],
        );
        mallocinit();
        boot(
            "mallocinit",
            &[(
                "mapped",
                V::D(crate::mheap::HEAP_SYS.load(Ordering::Relaxed) as i64),
            )],
        );
        mcommoninit(getm());
        boot("mcommoninit", &[("m", V::D((*getm()).id))]);
        goargs();
        boot("goargs", &[("len", V::D(ARGSLICE.1 as i64))]);
        goenvs();
        boot("goenvs", &[("len", V::D(ENVS.1 as i64))]);
        parsedebugvars();
        gcinit();
        crate::netpoll::netpollinit();
        boot("gcinit", &[("gcpercent", V::D(crate::mgc::GCPERCENT))]);
        (*s).lastpoll.store(nanotime() as u64, Ordering::Relaxed);
        let mut procs = NCPU;
        if let Some(n) = gogetenv(b"GOMAXPROCS").and_then(atoi)
            && n > 0
        {
            procs = n.min(1024) as i32;
        }
        procresize(procs);
        boot(
            "procresize",
            &[
                ("procs", V::D(procs as i64)),
                ("idleprocs", V::D((*s).npidle.load(Ordering::Relaxed) as i64)),
                ("m0.p", V::D((*(*getm()).p).id as i64)),
            ],
        );
        boot(
            "schedinit",
            &[
                ("procs", V::D(procs as i64)),
                ("maxmcount", V::D((*s).maxmcount as i64)),
                ("ncpu", V::D(NCPU as i64)),
            ],
        );
    }
}

/// Gives mp an id and links it into allm.
#[unsafe(export_name = "runtime.mcommoninit")]
unsafe fn mcommoninit(mp: *mut M) {
    unsafe {
        let s = sched();
        (*s).lock.lock();
        (*mp).id = (*s).mnext;
        (*s).mnext += 1;
        checkmcount();
        (*mp).alllink = ALLM;
        ALLM = mp;
        (*s).lock.unlock();
    }
}

/// Called with sched.lock held.
unsafe fn checkmcount() {
    unsafe {
        let s = sched();
        if mcount() > (*s).maxmcount as i64 {
            prints("runtime: program exceeds ");
            printint((*s).maxmcount as i64);
            prints("-thread limit\n");
            throw("thread exhaustion");
        }
    }
}

/// Number of Ms alive.
pub unsafe fn mcount() -> i64 {
    unsafe { (*sched()).mnext - (*sched()).nmfreed }
}

/// Creates the Ps. Called once, from schedinit on m0: m0 keeps allp[0].
#[unsafe(export_name = "runtime.procresize")]
unsafe fn procresize(nprocs: i32) {
    unsafe {
        ALLP = persistentalloc(nprocs as usize * 8, 8) as *mut *mut P;
        for i in 0..nprocs {
            let pp = persistentalloc(core::mem::size_of::<P>(), 64) as *mut P;
            (*pp).id = i;
            (*pp).status.store(P_IDLE, Ordering::Relaxed);
            *ALLP.add(i as usize) = pp;
        }
        GOMAXPROCS = nprocs;
        let mp = getm();
        acquirep(allp(0));
        let s = sched();
        (*s).lock.lock();
        for i in (1..nprocs).rev() {
            pidleput(allp(i));
        }
        (*s).lock.unlock();
        let _ = mp;
    }
}

/// newproc(fn, arg): a new goroutine that runs fn(arg) (System V: arg in DI) and then
/// goexit. fn is a code address. It goes on the current P's run queue.
/// The asm stub runtime.newproc (traceback_amd64.s) adds gopc, its return address: the
/// go statement's, for the traceback's `created by` line.
#[unsafe(export_name = "runtime.newproc0")]
pub unsafe extern "C" fn newproc(f: usize, arg: usize, gopc: usize) {
    unsafe {
        let gp = newproc_at(f, arg, false, gopc);
        if (*gp).goid == 1 {
            boot(
                "newproc",
                &[
                    ("goid", V::D(1)),
                    ("fn", V::H(f as u64)),
                    ("stack.hi", V::H((*gp).stack.hi as u64)),
                ],
            );
        }
    }
    crate::preempt::preempt_sync();
}

/// newproc for runtime-internal goroutines (ignored by the deadlock detector).
pub unsafe fn newproc_kind(f: usize, arg: usize, system: bool) -> *mut G {
    unsafe { newproc_at(f, arg, system, 0) }
}

/// The G is complete (system, gopc) before runqput: another M may run it at once.
unsafe fn newproc_at(f: usize, arg: usize, system: bool, gopc: usize) -> *mut G {
    unsafe {
        let newg = newproc1(f, arg, if system { SYSTEM_STACK } else { STACK_MIN });
        (*newg).system = system;
        (*newg).gopc = gopc;
        runqput((*getm()).p, newg);
        if MAIN_STARTED.load(Ordering::Relaxed) {
            wakep();
        }
        newg
    }
}

#[unsafe(export_name = "runtime.newproc1")]
unsafe fn newproc1(f: usize, arg: usize, stacksize: usize) -> *mut G {
    unsafe {
        let pp = (*getm()).p;
        let mut newg = gfget(pp);
        if newg.is_null() && (*sched()).goidgen.load(Ordering::Relaxed) == 0 {
            // The main goroutine: a fixed stack with gc's 1 GB limit (stack.rs).
            newg = persistentalloc(core::mem::size_of::<G>(), 16) as *mut G;
            (*newg).stack = crate::stack::main_stack();
            (*newg).atomicstatus.store(G_DEAD, Ordering::Relaxed);
            allgadd(newg);
        } else if newg.is_null() {
            newg = allocg();
            (*newg).atomicstatus.store(G_DEAD, Ordering::Relaxed);
            allgadd(newg);
        }
        if (*newg).stack.lo == 0 || crate::stack::is_growable(&(*newg).stack) && (*newg).stack.hi - (*newg).stack.lo != stacksize {
            if (*newg).stack.lo != 0 {
                stackfree(&(*newg).stack);
            }
            (*newg).stack = stackalloc(stacksize);
        }
        (*newg).stackguard1 = (*newg).stack.lo + STACK_GUARD;
        // The stack top holds goexit+1 (past its NOP), as if goexit had called f: when
        // f returns, the goroutine ends, and the frame walk sees a goexit frame. SP ≡ 8 (mod 16) at f's entry, as after a call.
        let mut sp = (*newg).stack.hi & !15;
        sp -= 8;
        *(sp as *mut usize) = goexit as *const () as usize + 1;
        (*newg).sched = Gobuf {
            sp,
            pc: f,
            g: newg,
            ctxt: arg,
            ret: 0,
            lr: 0,
            bp: 0,
        };
        (*newg).startpc = f;
        (*newg).gopc = 0;
        (*newg).goid = (*sched()).goidgen.fetch_add(1, Ordering::Relaxed) as i64 + 1;
        (*newg).preempt.store(false, Ordering::Relaxed);
        (*newg).waitreason = WAIT_REASON_ZERO;
        (*newg).lockedm = null_mut();
        (*newg).sig = 0;
        (*newg).stackguard0 = (*newg).stack.lo + STACK_GUARD;
        crate::mgcstack::born_scanned(newg);
        casgstatus(newg, G_DEAD, G_RUNNABLE);
        newg
    }
}

/// Where Gs are allocated: a reservation of their own, outside the persistent chunks
/// that the start pause scans (a million Gs would make that pause long). The
/// collector scans each G with its stack (mgcstack.rs scan_g). Gs are never freed:
/// dead ones are reused (gfput/gfget), as in gc.
static mut GARENA_NEXT: usize = 0;
static mut GARENA_END: usize = 0;
/// Bytes reserved for Gs: room for 2^28 of them.
const GARENA_SIZE: usize = 64 << 30;

/// A zeroed G without a stack, from the G arena.
unsafe fn allocg() -> *mut G {
    let gsize = core::mem::size_of::<G>().next_multiple_of(64);
    ALLGLOCK.lock();
    unsafe {
        if GARENA_NEXT == 0 {
            use crate::sys_linux_amd64::*;
            let p = mmap(0, GARENA_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE);
            if p < 0 {
                ALLGLOCK.unlock();
                throw("cannot reserve memory for goroutines");
            }
            GARENA_NEXT = p as usize;
            GARENA_END = p as usize + GARENA_SIZE;
        }
        if GARENA_NEXT + gsize > GARENA_END {
            ALLGLOCK.unlock();
            throw("too many goroutines");
        }
        let gp = GARENA_NEXT as *mut G;
        GARENA_NEXT += gsize;
        ALLGLOCK.unlock();
        gp
    }
}

/// A new G with a stack (g0s of new Ms; outside the stack, in persistent memory).
#[unsafe(export_name = "runtime.malg")]
unsafe fn malg() -> *mut G {
    unsafe {
        let gp = persistentalloc(core::mem::size_of::<G>(), 16) as *mut G;
        (*gp).stack = crate::stack::g0_stack();
        (*gp).stackguard0 = (*gp).stack.lo + STACK_GUARD;
        (*gp).stackguard1 = (*gp).stackguard0;
        gp
    }
}

unsafe fn allgadd(gp: *mut G) {
    ALLGLOCK.lock();
    unsafe {
        (*gp).alllink = null_mut();
        if ALLGS_TAIL.is_null() {
            ALLGS = gp;
        } else {
            (*ALLGS_TAIL).alllink = gp;
        }
        ALLGS_TAIL = gp;
    }
    ALLGLOCK.unlock();
}

/// Puts a dead G on pp's free list, spilling to the global list beyond 64.
#[unsafe(export_name = "runtime.gfput")]
unsafe fn gfput(pp: *mut P, gp: *mut G) {
    unsafe {
        crate::stack::check_canary(gp);
        if crate::stack::is_growable(&(*gp).stack) && (*gp).stack.hi - (*gp).stack.lo != STACK_MIN {
            // Grown (or a runtime goroutine's): newproc1 gives the next user a STACK_MIN one.
            stackfree(&(*gp).stack);
            (*gp).stack = Stack { lo: 0, hi: 0 };
        }
        (*pp).gfree.push(gp);
        if (*pp).gfree.n >= 64 {
            gfspill(pp, 32);
        }
    }
}

/// Moves pp's free Gs to the global list until `keep` are left.
pub(crate) unsafe fn gfspill(pp: *mut P, keep: i32) {
    unsafe {
        let s = sched();
        (*s).lock.lock();
        while (*pp).gfree.n > keep {
            (*s).gfree.push((*pp).gfree.pop());
        }
        (*s).lock.unlock();
    }
}

/// A dead G from pp's free list (refilled from the global one), or null.
#[unsafe(export_name = "runtime.gfget")]
unsafe fn gfget(pp: *mut P) -> *mut G {
    unsafe {
        let s = sched();
        if (*pp).gfree.head.is_null() && !(*s).gfree.head.is_null() {
            (*s).lock.lock();
            while (*pp).gfree.n < 32 && !(*s).gfree.head.is_null() {
                (*pp).gfree.push((*s).gfree.pop());
            }
            (*s).lock.unlock();
        }
        (*pp).gfree.pop()
    }
}

/// Entry of every M after its thread exists (called by asm runtime·mstart on the g0
/// stack, TLS already set).
#[unsafe(export_name = "runtime.mstart0")]
pub extern "C" fn mstart0() -> ! {
    unsafe {
        let gp = getg();
        if (*gp).stack.lo == 0 {
            throw("mstart0: g0 has no stack");
        }
        (*gp).stackguard0 = (*gp).stack.lo + STACK_GUARD;
        (*gp).stackguard1 = (*gp).stackguard0;
        mstart1()
    }
}

#[inline(never)]
#[unsafe(export_name = "runtime.mstart1")]
unsafe fn mstart1() -> ! {
    unsafe {
        let gp = getg();
        let mp = (*gp).m;
        // Every mcall restarts the scheduler from here: this frame is abandoned.
        (*gp).sched.sp = getsp() & !15;
        (*gp).sched.g = gp;
        minit();
        if mp == m0() {
            // gc's mstartm0: the process-wide signal handlers, once.
            crate::signal_unix::initsig();
            boot("mstart", &[("m", V::D((*mp).id)), ("tid", V::D((*mp).procid as i64))]);
        }
        if let Some(f) = (*mp).mstartfn {
            f();
        }
        if mp != m0() {
            acquirep((*mp).nextp);
            (*mp).nextp = null_mut();
        }
        schedule()
    }
}

/// Makes a new M (an OS thread) that runs `f` (if any) and then schedules with `pp`.
/// Returns the M and the thread id.
#[unsafe(export_name = "runtime.newm")]
pub unsafe fn newm(f: Option<fn()>, pp: *mut P, spinning: bool) -> (*mut M, i64) {
    unsafe {
        let mp = persistentalloc(core::mem::size_of::<M>(), 64) as *mut M;
        let g0 = malg();
        (*g0).m = mp;
        (*g0).atomicstatus.store(G_RUNNING, Ordering::Relaxed);
        (*mp).g0 = g0;
        (*mp).mstartfn = f;
        (*mp).nextp = pp;
        (*mp).spinning = spinning;
        mcommoninit(mp);
        let tid = newosproc(mp);
        (mp, tid)
    }
}

// ---------------------------------------------------------------------------------
// The scheduling loop.

pub unsafe fn casgstatus(gp: *mut G, old: u32, new: u32) {
    let r = unsafe {
        (*gp)
            .atomicstatus
            .compare_exchange(old, new, Ordering::AcqRel, Ordering::Relaxed)
    };
    if r.is_err() {
        throw("casgstatus: bad incoming values");
    }
}

pub unsafe fn readgstatus(gp: *mut G) -> u32 {
    unsafe { (*gp).atomicstatus.load(Ordering::Acquire) }
}

static FIRST_SCHEDULE: AtomicBool = AtomicBool::new(true);
static FIRST_EXECUTE: AtomicBool = AtomicBool::new(true);

/// Runs gp on the current M. Never returns.
#[unsafe(export_name = "runtime.execute")]
pub(crate) unsafe fn execute(gp: *mut G) -> ! {
    unsafe {
        // While a cycle marks, a goroutine's stack is scanned before it runs
        // (mgcstack.rs).
        if crate::mgc::allocating_black() {
            crate::mgcstack::scan_before_run(gp);
        }
        crate::stackcopy::shrinkstack(gp);
        let mp = getm();
        (*mp).curg = gp;
        (*gp).m = mp;
        casgstatus(gp, G_RUNNABLE, G_RUNNING);
        (*gp).preempt.store(false, Ordering::Relaxed);
        (*gp).stackguard0 = (*gp).stack.lo + STACK_GUARD;
        (*(*mp).p).schedtick.fetch_add(1, Ordering::Relaxed);
        if FIRST_EXECUTE.swap(false, Ordering::Relaxed) {
            boot(
                "execute",
                &[
                    ("goid", V::D((*gp).goid)),
                    ("m", V::D((*mp).id)),
                    ("p", V::D((*(*mp).p).id as i64)),
                ],
            );
        }
        // From here until gogo loads its SP, g says gp while we are still on g0's
        // stack; nothing in between looks at g.
        setg(gp);
        gogo(&raw mut (*gp).sched)
    }
}

/// One round of scheduling: find a runnable G and run it. Never returns.
#[unsafe(export_name = "runtime.schedule")]
pub fn schedule() -> ! {
    unsafe {
        let mp = getm();
        if FIRST_SCHEDULE.swap(false, Ordering::Relaxed) {
            boot(
                "schedule",
                &[("m", V::D((*mp).id)), ("runq", V::D(runqlen((*mp).p) as i64))],
            );
        }
        if !(*mp).lockedg.is_null() {
            stoplockedm();
            execute((*mp).lockedg);
        }
        loop {
            let gp = findrunnable();
            if (*mp).spinning {
                resetspinning();
            }
            if !(*gp).lockedm.is_null() && (*gp).lockedm != mp {
                // gp is wired to another M: give that M our P and let it run gp.
                startlockedm(gp);
                continue;
            }
            execute(gp)
        }
    }
}

/// Finds a G to run, stealing from other Ps, else sleeps until there is work.
/// Returns with a P held.
#[unsafe(export_name = "runtime.findrunnable")]
unsafe fn findrunnable() -> *mut G {
    unsafe {
        let mp = getm();
        let s = sched();
        'top: loop {
            if (*s).gcwaiting.load(Ordering::Acquire) {
                crate::stw::gcstopm();
                continue;
            }
            let pp = (*mp).p;
            // Due timers first: they may make goroutines runnable (timers.rs).
            crate::timers::checktimers();
            // Fairness: now and then the global queue goes first.
            if (*pp).schedtick.load(Ordering::Relaxed).is_multiple_of(61) && (*s).runqsize.load(Ordering::Relaxed) > 0 {
                (*s).lock.lock();
                let gp = globrunqget();
                (*s).lock.unlock();
                if !gp.is_null() {
                    return gp;
                }
            }
            let gp = runqget(pp);
            if !gp.is_null() {
                return gp;
            }
            if (*s).runqsize.load(Ordering::Relaxed) > 0 {
                (*s).lock.lock();
                let gp = globrunqget();
                (*s).lock.unlock();
                if !gp.is_null() {
                    return gp;
                }
            }
            // Steal one G from another P.
            let n = GOMAXPROCS;
            for i in 1..n {
                let p2 = allp(((*pp).id + i) % n);
                let gp = runqget(p2);
                if !gp.is_null() {
                    return gp;
                }
            }
            // Nothing to do: give up the P.
            (*s).lock.lock();
            if (*s).runqsize.load(Ordering::Relaxed) > 0 {
                let gp = globrunqget();
                (*s).lock.unlock();
                return gp;
            }
            releasep();
            if !crate::stw::stop_p_if_waiting(pp) {
                pidleput(pp);
            }
            (*s).lock.unlock();
            drop_spinning(mp);
            // idle_spin looks at the run queues first: work may have been queued while
            // we still held our P, when wakep found no idle P to wake.
            if idle_spin() {
                continue 'top;
            }
            if sleep_until_next_timer() && acquire_idle_p() {
                continue 'top;
            }
            stopm();
        }
    }
}

/// How long an M with nothing to do keeps looking before it sleeps: rounds of a run
/// queue check and 64 pause instructions, about 30 µs in all.
const IDLE_SPIN_ROUNDS: u32 = 64;

/// With no P and nothing to run, before sleeping: look for work for a little while,
/// counted as a spinning M, so that whoever queues a goroutine meanwhile (wakep)
/// leaves the sleeping Ms alone and this M runs it. Waking a sleeping M costs a
/// futex call on each side and a context switch, more than this wait: a program that
/// keeps making short-lived goroutines (bench/programs/spawn.go) would otherwise put
/// an M to sleep and wake it again for each one. Returns with a P if work appeared.
unsafe fn idle_spin() -> bool {
    unsafe {
        let s = sched();
        let mp = getm();
        if (*s).gcwaiting.load(Ordering::Acquire) {
            return false;
        }
        (*s).nmspinning.fetch_add(1, Ordering::AcqRel);
        (*mp).spinning = true;
        for _ in 0..IDLE_SPIN_ROUNDS {
            if work_queued() {
                if acquire_idle_p() {
                    // Still spinning: schedule's resetspinning ends it once a G runs.
                    return true;
                }
                break;
            }
            for _ in 0..64 {
                core::hint::spin_loop();
            }
        }
        drop_spinning(mp);
        // wakep skipped waking anyone while we spun: look once more now that we do not.
        core::sync::atomic::fence(Ordering::SeqCst);
        work_queued() && acquire_idle_p()
    }
}

/// mp stops counting as a spinning M, if it did.
pub(crate) unsafe fn drop_spinning(mp: *mut M) {
    unsafe {
        if (*mp).spinning {
            (*mp).spinning = false;
            (*sched()).nmspinning.fetch_sub(1, Ordering::AcqRel);
        }
    }
}

/// Takes an idle P for the current M (which has none), if there is one.
pub(crate) unsafe fn acquire_idle_p() -> bool {
    unsafe {
        let s = sched();
        (*s).lock.lock();
        let pp = pidleget();
        (*s).lock.unlock();
        if pp.is_null() {
            return false;
        }
        acquirep(pp);
        true
    }
}

/// Whether a goroutine waits in some run queue (a racy look).
unsafe fn work_queued() -> bool {
    unsafe { (*sched()).runqsize.load(Ordering::Relaxed) > 0 || (0..GOMAXPROCS).any(|i| !runqempty(allp(i))) }
}

/// With no P and nothing to run: if a timer is pending and no other M waits for one,
/// wait in netpoll until it is due (or an earlier one is added); whether we waited.
unsafe fn sleep_until_next_timer() -> bool {
    use crate::netpoll::*;
    unsafe {
        if crate::timers::earliest() == 0 || !become_poller(i64::MAX) {
            return false;
        }
        // Look again now that adders see a poller (they break it if earlier).
        let next = crate::timers::earliest();
        if next == 0 {
            POLL_UNTIL.store(0, Ordering::Release);
            POLLER.store(false, Ordering::Release);
            return false;
        }
        POLL_UNTIL.store(next, Ordering::Release);
        netpoll(next - nanotime());
        true
    }
}

/// The M found work after spinning: stop counting it as spinning, and wake another
/// spinner if Ps are still idle (there may be more work).
#[unsafe(export_name = "runtime.resetspinning")]
unsafe fn resetspinning() {
    unsafe {
        let mp = getm();
        (*mp).spinning = false;
        let n = (*sched()).nmspinning.fetch_sub(1, Ordering::AcqRel);
        if n == 0 {
            throw("findrunnable: negative nmspinning");
        }
        wakep();
    }
}

/// Starts an M to run idle Ps if none is spinning already.
#[unsafe(export_name = "runtime.wakep")]
pub fn wakep() {
    unsafe {
        let s = sched();
        // Our caller just queued work; an M giving up its P publishes npidle and then
        // re-reads the run queues (findrunnable). The fence orders our queue store
        // before our npidle load, so at least one of the two sees the other.
        core::sync::atomic::fence(Ordering::SeqCst);
        if (*s).npidle.load(Ordering::Acquire) == 0 {
            return;
        }
        if (*s).nmspinning.load(Ordering::Acquire) != 0
            || (*s)
                .nmspinning
                .compare_exchange(0, 1, Ordering::AcqRel, Ordering::Relaxed)
                .is_err()
        {
            return;
        }
        startm(null_mut(), true);
    }
}

/// Runs pp (an idle P if null) on an idle M, or a new one.
#[unsafe(export_name = "runtime.startm")]
pub(crate) unsafe fn startm(mut pp: *mut P, spinning: bool) {
    unsafe {
        let s = sched();
        (*s).lock.lock();
        if pp.is_null() {
            pp = pidleget();
            if pp.is_null() {
                (*s).lock.unlock();
                if spinning {
                    (*s).nmspinning.fetch_sub(1, Ordering::AcqRel);
                }
                return;
            }
        }
        let nmp = mget();
        (*s).lock.unlock();
        if nmp.is_null() {
            newm(None, pp, spinning);
            return;
        }
        (*nmp).spinning = spinning;
        (*nmp).nextp = pp;
        (*nmp).park.wakeup();
    }
}

/// Parks the current M until startm hands it a P.
#[unsafe(export_name = "runtime.stopm")]
pub(crate) unsafe fn stopm() {
    unsafe {
        let mp = getm();
        let s = sched();
        (*s).lock.lock();
        mput(mp);
        (*s).lock.unlock();
        (*mp).park.sleep();
        (*mp).park.clear();
        acquirep((*mp).nextp);
        (*mp).nextp = null_mut();
    }
}

/// The current M's locked G blocked: pass the P on and sleep until the G is runnable.
#[unsafe(export_name = "runtime.stoplockedm")]
pub(crate) unsafe fn stoplockedm() {
    unsafe {
        let mp = getm();
        if !(*mp).p.is_null() {
            let pp = releasep();
            handoffp(pp);
        }
        incidlelocked(1);
        (*mp).park.sleep();
        (*mp).park.clear();
        acquirep((*mp).nextp);
        (*mp).nextp = null_mut();
    }
}

/// Hands our P to gp's locked M (which then runs gp) and parks this M.
#[unsafe(export_name = "runtime.startlockedm")]
unsafe fn startlockedm(gp: *mut G) {
    unsafe {
        let lm = (*gp).lockedm;
        if lm == getm() || !(*lm).nextp.is_null() {
            throw("startlockedm: locked to me or already has a P");
        }
        incidlelocked(-1);
        let pp = releasep();
        (*lm).nextp = pp;
        (*lm).park.wakeup();
        stopm();
    }
}

/// A P whose M is going to sleep: start an M for it if it has work, else idle it.
#[unsafe(export_name = "runtime.handoffp")]
pub(crate) unsafe fn handoffp(pp: *mut P) {
    unsafe {
        let s = sched();
        (*s).lock.lock();
        if crate::stw::stop_p_if_waiting(pp) {
            (*s).lock.unlock();
            return;
        }
        if !runqempty(pp) || (*s).runqsize.load(Ordering::Relaxed) > 0 {
            (*s).lock.unlock();
            startm(pp, false);
            return;
        }
        pidleput(pp);
        (*s).lock.unlock();
    }
}

#[unsafe(export_name = "runtime.incidlelocked")]
unsafe fn incidlelocked(v: i32) {
    unsafe {
        let s = sched();
        (*s).lock.lock();
        (*s).nmidlelocked += v;
        if v > 0 {
            checkdead();
        }
        (*s).lock.unlock();
    }
}

/// Called with sched.lock held when an M goes idle: if no M is left running Go code,
/// no goroutine can ever become runnable again.
#[unsafe(export_name = "runtime.checkdead")]
pub unsafe fn checkdead() {
    unsafe {
        let s = sched();
        let run = mcount() - (*s).nmidle as i64 - (*s).nmidlelocked as i64 - (*s).nmsys as i64;
        if run > 0 {
            return;
        }
        if run < 0 {
            throw("checkdead: inconsistent counts");
        }
        let mut grunning = 0;
        let mut gp = ALLGS;
        while !gp.is_null() {
            if !(*gp).system {
                match readgstatus(gp) {
                    G_WAITING => grunning += 1,
                    G_RUNNABLE | G_RUNNING | G_SYSCALL => throw("checkdead: runnable g"),
                    _ => {}
                }
            }
            gp = (*gp).alllink;
        }
        (*s).lock.unlock();
        if grunning == 0 {
            crate::panic::fatal("no goroutines (main called runtime.Goexit) - deadlock!");
        }
        crate::panic::fatal("all goroutines are asleep - deadlock!");
    }
}

#[unsafe(export_name = "runtime.acquirep")]
pub unsafe fn acquirep(pp: *mut P) {
    unsafe {
        if !(*pp).m.is_null() || (*pp).status.load(Ordering::Relaxed) != P_IDLE {
            throw("acquirep: invalid p state");
        }
        let mp = getm();
        (*mp).p = pp;
        (*pp).m = mp;
        (*pp).status.store(P_RUNNING, Ordering::Release);
    }
}

#[unsafe(export_name = "runtime.releasep")]
pub unsafe fn releasep() -> *mut P {
    unsafe {
        let mp = getm();
        let pp = (*mp).p;
        if pp.is_null() || (*pp).m != mp {
            throw("releasep: invalid p state");
        }
        (*pp).m = null_mut();
        (*pp).status.store(P_IDLE, Ordering::Release);
        (*mp).p = null_mut();
        pp
    }
}

/// sched.lock held.
unsafe fn mput(mp: *mut M) {
    unsafe {
        let s = sched();
        (*mp).schedlink = (*s).midle;
        (*s).midle = mp;
        (*s).nmidle += 1;
        checkdead();
    }
}

/// sched.lock held.
unsafe fn mget() -> *mut M {
    unsafe {
        let s = sched();
        let mp = (*s).midle;
        if !mp.is_null() {
            (*s).midle = (*mp).schedlink;
            (*s).nmidle -= 1;
        }
        mp
    }
}

/// sched.lock held.
pub(crate) unsafe fn pidleput(pp: *mut P) {
    unsafe {
        let s = sched();
        (*pp).link = (*s).pidle;
        (*s).pidle = pp;
        (*s).npidle.fetch_add(1, Ordering::AcqRel);
    }
}

/// sched.lock held.
pub(crate) unsafe fn pidleget() -> *mut P {
    unsafe {
        let s = sched();
        let pp = (*s).pidle;
        if !pp.is_null() {
            (*s).pidle = (*pp).link;
            (*s).npidle.fetch_sub(1, Ordering::AcqRel);
        }
        pp
    }
}

/// Appends gp to pp's local run queue (owner only); overflow goes to the global queue.
#[unsafe(export_name = "runtime.runqput")]
pub unsafe fn runqput(pp: *mut P, gp: *mut G) {
    unsafe {
        let h = (*pp).runqhead.load(Ordering::Acquire);
        let t = (*pp).runqtail.load(Ordering::Relaxed);
        if t.wrapping_sub(h) < RUNQ_SIZE as u32 {
            (*pp).runq[t as usize % RUNQ_SIZE].store(gp, Ordering::Relaxed);
            (*pp).runqtail.store(t.wrapping_add(1), Ordering::Release);
            return;
        }
        let s = sched();
        (*s).lock.lock();
        globrunqput(gp);
        (*s).lock.unlock();
    }
}

/// Takes the G at the head of pp's run queue; any M may call it.
#[unsafe(export_name = "runtime.runqget")]
pub unsafe fn runqget(pp: *mut P) -> *mut G {
    unsafe {
        loop {
            let h = (*pp).runqhead.load(Ordering::Acquire);
            let t = (*pp).runqtail.load(Ordering::Acquire);
            if t == h {
                return null_mut();
            }
            let gp = (*pp).runq[h as usize % RUNQ_SIZE].load(Ordering::Relaxed);
            if (*pp)
                .runqhead
                .compare_exchange(h, h.wrapping_add(1), Ordering::AcqRel, Ordering::Relaxed)
                .is_ok()
            {
                return gp;
            }
        }
    }
}

/// Length of pp's local run queue (a snapshot).
pub unsafe fn runqlen(pp: *mut P) -> u32 {
    unsafe {
        (*pp)
            .runqtail
            .load(Ordering::Acquire)
            .wrapping_sub((*pp).runqhead.load(Ordering::Acquire))
    }
}

pub unsafe fn runqempty(pp: *mut P) -> bool {
    unsafe { (*pp).runqhead.load(Ordering::Acquire) == (*pp).runqtail.load(Ordering::Acquire) }
}

/// sched.lock held.
#[unsafe(export_name = "runtime.globrunqput")]
pub(crate) unsafe fn globrunqput(gp: *mut G) {
    unsafe {
        let s = sched();
        (*gp).schedlink = null_mut();
        if (*s).runq.tail.is_null() {
            (*s).runq.head = gp;
        } else {
            (*(*s).runq.tail).schedlink = gp;
        }
        (*s).runq.tail = gp;
        (*s).runqsize.fetch_add(1, Ordering::Relaxed);
    }
}

/// sched.lock held.
#[unsafe(export_name = "runtime.globrunqget")]
unsafe fn globrunqget() -> *mut G {
    unsafe {
        let s = sched();
        let gp = (*s).runq.head;
        if !gp.is_null() {
            (*s).runq.head = (*gp).schedlink;
            if (*s).runq.head.is_null() {
                (*s).runq.tail = null_mut();
            }
            (*s).runqsize.fetch_sub(1, Ordering::Relaxed);
        }
        gp
    }
}

// ---------------------------------------------------------------------------------
// Blocking and waking.

/// Puts the current goroutine to sleep until goready. If `unlockf` is given it runs on
/// g0 once the G is off the CPU (so a waker cannot see it half-parked); if it returns
/// false the G keeps running.
#[unsafe(export_name = "runtime.gopark")]
pub fn gopark(unlockf: Option<unsafe fn(*mut G, *mut u8) -> bool>, lock: *mut u8, reason: u8) {
    unsafe {
        let gp = getg();
        let mp = (*gp).m;
        (*mp).waitlock = lock;
        (*mp).waitunlockf = unlockf;
        (*gp).waitreason = reason;
        mcall(gp, park_m);
    }
}

/// gopark's unlockf for a runtime Mutex.
pub unsafe fn parkunlock_c(_gp: *mut G, lock: *mut u8) -> bool {
    unsafe { (*(lock as *const crate::lock_futex::Mutex)).unlock() };
    true
}

/// Ends the association of gp with mp, its M, before gp is switched out (gc's dropg).
pub(crate) unsafe fn dropg(mp: *mut M, gp: *mut G) {
    unsafe {
        (*mp).curg = null_mut();
        (*gp).m = null_mut();
    }
}

#[unsafe(export_name = "runtime.park_m")]
unsafe extern "C" fn park_m(gp: *mut G) -> ! {
    unsafe {
        let mp = (*gp).m;
        setg((*mp).g0);
        casgstatus(gp, G_RUNNING, G_WAITING);
        dropg(mp, gp);
        if let Some(f) = (*mp).waitunlockf.take() {
            let ok = f(gp, (*mp).waitlock);
            (*mp).waitlock = null_mut();
            if !ok {
                casgstatus(gp, G_WAITING, G_RUNNABLE);
                execute(gp);
            }
        }
        schedule()
    }
}

/// `select {}`: blocks the goroutine for good.
#[unsafe(export_name = "runtime.block")]
pub extern "C" fn block() {
    loop {
        gopark(None, null_mut(), WAIT_REASON_SELECT_NO_CASES);
    }
}

/// Makes a parked goroutine runnable again (on the current P).
#[unsafe(export_name = "runtime.goready")]
pub unsafe fn goready(gp: *mut G) {
    unsafe {
        casgstatus(gp, G_WAITING, G_RUNNABLE);
        runqput((*getm()).p, gp);
    }
    wakep();
}

/// Makes a parked goroutine runnable from an M without a P (sysmon): it goes on the
/// global run queue, and an idle P, if any, gets an M to run it (gc's injectglist).
pub unsafe fn ready_from_sysmon(gp: *mut G) {
    unsafe {
        casgstatus(gp, G_WAITING, G_RUNNABLE);
        let s = sched();
        (*s).lock.lock();
        globrunqput(gp);
        (*s).lock.unlock();
    }
    wakep();
}

/// Yields the processor; the goroutine goes to the global run queue.
#[unsafe(export_name = "runtime.Gosched")]
pub extern "C" fn gosched() {
    unsafe { mcall(getg(), gosched_m) };
}

#[unsafe(export_name = "runtime.gosched_m")]
unsafe extern "C" fn gosched_m(gp: *mut G) -> ! {
    unsafe {
        let mp = (*gp).m;
        setg((*mp).g0);
        casgstatus(gp, G_RUNNING, G_RUNNABLE);
        dropg(mp, gp);
        let s = sched();
        (*s).lock.lock();
        globrunqput(gp);
        (*s).lock.unlock();
        schedule()
    }
}

/// Reached when a goroutine's entry function returns (asm runtime·goexit calls it).
#[unsafe(export_name = "runtime.goexit1")]
pub extern "C" fn goexit1() -> ! {
    unsafe { mcall(getg(), goexit0) };
    throw("goexit1: returned")
}

#[unsafe(export_name = "runtime.goexit0")]
unsafe extern "C" fn goexit0(gp: *mut G) -> ! {
    unsafe {
        let mp = (*gp).m;
        setg((*mp).g0);
        casgstatus(gp, G_RUNNING, G_DEAD);
        (*gp).m = null_mut();
        // A goroutine that exits while wired leaves its M unwired (gc would end the
        // thread; rgo keeps it scheduling).
        (*gp).lockedm = null_mut();
        (*mp).lockedg = null_mut();
        (*mp).locked_int = 0;
        (*mp).locked_ext = 0;
        (*mp).curg = null_mut();
        gfput((*mp).p, gp);
        schedule()
    }
}

// ---------------------------------------------------------------------------------
// lockOSThread.

unsafe fn dolockOSThread() {
    unsafe {
        let gp = getg();
        (*(*gp).m).lockedg = gp;
        (*gp).lockedm = (*gp).m;
    }
}

unsafe fn dounlockOSThread() {
    unsafe {
        let gp = getg();
        let mp = (*gp).m;
        if (*mp).locked_int != 0 || (*mp).locked_ext != 0 {
            return;
        }
        (*mp).lockedg = null_mut();
        (*gp).lockedm = null_mut();
    }
}

/// The runtime's own wiring (counted separately from the user's LockOSThread).
#[unsafe(export_name = "runtime.lockOSThread")]
pub fn lock_os_thread() {
    unsafe {
        (*getm()).locked_int += 1;
        dolockOSThread();
    }
}

#[unsafe(export_name = "runtime.unlockOSThread")]
pub fn unlock_os_thread() {
    unsafe {
        let mp = getm();
        if (*mp).locked_int == 0 {
            throw("runtime: internal error: misuse of lockOSThread/unlockOSThread");
        }
        (*mp).locked_int -= 1;
        dounlockOSThread();
    }
}

#[unsafe(export_name = "runtime.LockOSThread")]
pub extern "C" fn LockOSThread() {
    unsafe {
        (*getm()).locked_ext += 1;
        dolockOSThread();
    }
}

#[unsafe(export_name = "runtime.UnlockOSThread")]
pub extern "C" fn UnlockOSThread() {
    unsafe {
        let mp = getm();
        if (*mp).locked_ext == 0 {
            return;
        }
        (*mp).locked_ext -= 1;
        dounlockOSThread();
    }
}

// ---------------------------------------------------------------------------------
// Package initialization and runtime.main.

/// gc 1.19's initTask header; `ndeps` pointers to other tasks and `nfns` code addresses
/// follow it in memory.
#[repr(C)]
pub struct InitTask {
    pub state: usize,
    pub ndeps: usize,
    pub nfns: usize,
}

/// The runtime's own inittask (one function: start the force-GC helper, as gc's
/// proc.go init does).
#[repr(C)]
pub struct RuntimeInitTask {
    pub hdr: InitTask,
    pub fns: [unsafe extern "C" fn(); 1],
}

#[unsafe(export_name = "runtime..inittask")]
pub static mut RUNTIME_INITTASK: RuntimeInitTask = RuntimeInitTask {
    hdr: InitTask {
        state: 0,
        ndeps: 0,
        nfns: 1,
    },
    fns: [runtime_init0],
};

#[unsafe(export_name = "runtime.init.0")]
pub unsafe extern "C" fn runtime_init0() {
    unsafe { newproc_kind(crate::mgc::forcegchelper as *const () as usize, 0, true) };
}

unsafe extern "C" {
    #[link_name = "main..inittask"]
    static mut MAIN_INITTASK: InitTask;
    #[link_name = "main.main"]
    fn main_main();
}

/// Runs t's dependencies, then its functions, once (state 0 → 1 → 2). `name` is the
/// package path for inittrace when known (rgo's inittask has no name and no function
/// table maps code to packages yet).
#[unsafe(export_name = "runtime.doInit")]
pub unsafe fn doInit(t: *mut InitTask, name: &'static str) {
    unsafe {
        match (*t).state {
            2 => return,
            1 => throw("recursive call during initialization - linker skew"),
            _ => {}
        }
        (*t).state = 1;
        let words = t as *const usize;
        for i in 0..(*t).ndeps {
            let dep = *words.add(3 + i) as *mut InitTask;
            doInit(dep, "?");
        }
        if (*t).nfns == 0 {
            (*t).state = 2;
            return;
        }
        let tracing = INITTRACE.active;
        let (start, before_bytes, before_allocs) = (nanotime(), INITTRACE.bytes, INITTRACE.allocs);
        let fns = words.add(3 + (*t).ndeps);
        for i in 0..(*t).nfns {
            let f: unsafe extern "C" fn() = core::mem::transmute(*fns.add(i));
            f();
        }
        if tracing {
            let end = nanotime();
            let mut buf = [0u8; 24];
            printlock();
            prints("init ");
            prints(name);
            prints(" @");
            gwrite(fmt_ns_as_ms(&mut buf, (start - RUNTIME_INIT_TIME) as u64));
            prints(" ms, ");
            gwrite(fmt_ns_as_ms(&mut buf, (end - start) as u64));
            prints(" ms clock, ");
            printuint(INITTRACE.bytes - before_bytes);
            prints(" bytes, ");
            printuint(INITTRACE.allocs - before_allocs);
            prints(" allocs\n");
            printunlock();
        }
        (*t).state = 2;
    }
}

/// The main goroutine.
#[unsafe(export_name = "runtime.main")]
pub unsafe extern "C" fn main(_arg: usize) -> ! {
    unsafe {
        let gp = getg();
        MAXSTACKSIZE = crate::stack::MAX_STACK;
        MAXSTACKCEILING = 2 * MAXSTACKSIZE;
        MAIN_STARTED.store(true, Ordering::Release);
        boot(
            "runtime.main",
            &[("goid", V::D((*gp).goid)), ("maxstacksize", V::D(MAXSTACKSIZE as i64))],
        );

        let (smp, tid) = newm(Some(crate::sysmon::sysmon), null_mut(), false);
        boot("newm(sysmon)", &[("m", V::D((*smp).id)), ("tid", V::D(tid))]);

        // Package inits run wired to m0, as in gc (some C libraries care; so may we).
        lock_os_thread();
        if (*gp).m != m0() {
            throw("runtime.main not on m0");
        }
        boot("lockOSThread", &[("m", V::D((*(*gp).m).id))]);

        RUNTIME_INIT_TIME = nanotime();
        if DEBUG.inittrace != 0 {
            INITTRACE.id = (*gp).goid;
            INITTRACE.active = true;
        }
        boot("doInit runtime", &[]);
        doInit(&raw mut RUNTIME_INITTASK as *mut InitTask, "runtime");

        gcenable();
        boot(
            "gcenable",
            &[("bgworkers", V::D(crate::mgc::gcenable_started_count() as i64))],
        );

        boot(
            "doInit main",
            &[
                ("ndeps", V::D(MAIN_INITTASK.ndeps as i64)),
                ("nfns", V::D(MAIN_INITTASK.nfns as i64)),
            ],
        );
        doInit(&raw mut MAIN_INITTASK, "main");
        INITTRACE.active = false;

        unlock_os_thread();
        boot("unlockOSThread", &[]);

        boot("main.main", &[]);
        main_main();

        boot("exit", &[("code", V::D(0))]);
        exit(0)
    }
}
