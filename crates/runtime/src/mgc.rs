//! The garbage collector: non-moving mark-sweep, marking concurrently with the
//! program.
//!
//! # A cycle
//!
//! 1. **Start** (a pause, `cycle_start`): the goroutine whose allocation passed the
//!    trigger (or runtime.GC) finishes the last cycle's sweep, stops the world, drops
//!    the Ps' tiny blocks, scans the roots that cannot wait onto the mark stack,
//!    turns on the write barrier and black allocation (mgcwb.rs, malloc.rs), and
//!    restarts the world.
//! 2. **Mark** (concurrent): the background worker (mgcbg.rs, an M without a P)
//!    scans the other goroutines' stacks (mgcstack.rs; `execute` scans one first if
//!    it is about to run), drains the mark stack and the shared queues with the
//!    help of allocating goroutines (mgcassist.rs), then reports MARKDONE.
//! 3. **End** (a pause, `mark_termination`): the next slow-path allocation (or the
//!    gcmarkdone goroutine) stops the world and flushes the Ps' barrier buffers; if
//!    they held objects, marking resumes (up to MAX_REMARKS times) instead of
//!    scanning them in the pause. Then finalizers, barrier off, the pacer's numbers,
//!    and SWEEPGEN advanced: every span now waits to be swept (mgcsweep.rs).
//! 4. **Sweep and scavenge** (concurrent): bgsweep and allocation sweep spans;
//!    bgscavenge gives pages that stayed free for a whole cycle back to the OS.
//!
//! GODEBUG=gcstoptheworld=1 (gc's) runs steps 1–3 in one pause.
//!
//! # Roots and why no stack is rescanned
//!
//! In the start pause: package variables precisely (mgcglobals.rs); the rest of
//! data and bss (between the linker's `runtime.data`/`edata` and
//! `runtime.bss`/`ebss`: the runtime's own statics) and the runtime's
//! persistentalloc chunks (M and P structs, timers) conservatively; the starting
//! goroutine's stack from its spilled callee-saved registers (the pause runs on g0's
//! stack, asm `systemstack`, so the collector's frames are not scanned) and the
//! stacks of goroutines in system calls. Every other goroutine is parked or queued:
//! its G and stack (from its saved SP: gopark and gosched switch through mcall, which
//! pushes the callee-saved registers there first; asyncPreempt pushes all registers)
//! stay as they were at the pause until it runs, and are scanned conservatively
//! before that (mgcstack.rs). Heap objects are scanned precisely from the heap bitmap
//! (mbitmap.rs). So every root is scanned as it was at the start pause, a deletion
//! barrier keeps the snapshot's objects alive (mgcwb.rs), objects allocated during
//! marking are black, and nothing needs rescanning at the end.
//!
//! # When a pause is postponed
//!
//! Only a user goroutine with a P that holds no runtime lock stops the world
//! (`can_collect`: an allocation under a channel's lock could wait for a goroutine
//! that waits for that lock); otherwise a later allocation does. If another M is
//! stopping the world already, we yield to it (stw.rs). runtime.GC() ends a cycle in
//! progress, runs a whole one, sweeps and scavenges, with bounded retries.
//!
//! # Pacing
//!
//! HEAP_LIVE (mcentral.rs) counts the bytes marked by the last cycle plus the slots
//! of every span handed to an mcache since. The goal is NEXT_GC = marked × (1 +
//! GOGC/100), at least 4 MB (GOGC=off: none); a cycle starts at TRIGGER, the goal
//! minus what the last cycle allocated while marking (trigger_for). While marking,
//! slow-path allocations assist (mgcassist.rs); one that finds the heap 1.5× past
//! the goal waits for the cycle to end. GODEBUG=gcstress=N tries to start
//! or end a cycle at every N-th allocation; GODEBUG=gctrace=1 prints gc's line.
//!
//! # Shared state
//!
//! GCPHASE says who owns the cycle's state (CYCLE, MARK_WORK): the goroutine in a
//! pause (phase STW), or the worker (MARK). The statistics are written at the end
//! of a cycle by the goroutine that ended it (read racily by ReadMemStats, as gc's
//! are published at the end of a cycle). GCPERCENT and START_NANOS are written once
//! by gcinit. FINLOCK (mfinal.rs) protects finalizers.
use core::sync::atomic::{AtomicU32, AtomicU64, Ordering};

use crate::lock_futex::Mutex;
use crate::mcache::{GLOBAL_MCACHE, mcache_flush, mcache_start_cycle};
use crate::mcentral::HEAP_LIVE;
use crate::mgcmark::GcWork;
use crate::mheap::*;
use crate::proc::{gopark, goready, newproc_kind, parkunlock_c};
use crate::runtime1::{DEBUG, atoi, gogetenv};
use crate::runtime2::*;
use crate::stubs::getg;

/// GOGC (100 unless set; "off" is -1).
pub static mut GCPERCENT: i64 = 100;
/// The heap goal of the next cycle (bytes of HEAP_LIVE).
pub static NEXT_GC: AtomicU64 = AtomicU64::new(HEAP_MINIMUM);
const HEAP_MINIMUM: u64 = 4 << 20;
static mut START_NANOS: i64 = 0;

/// Statistics of finished cycles (ReadMemStats).
pub static mut NUMGC: u32 = 0;
pub static mut NUMFORCEDGC: u32 = 0;
pub static mut PAUSE_TOTAL_NS: u64 = 0;
pub static mut PAUSE_NS: [u64; 256] = [0; 256];
pub static mut PAUSE_END: [u64; 256] = [0; 256];
pub static mut LAST_GC: u64 = 0;
/// Bytes marked by the last cycle.
pub static mut HEAP_MARKED: u64 = 0;

/// The cycle's phase (gc's gcphase, with rgo's own steps): OFF between cycles; MARK
/// while the background worker marks (write barrier on, allocation black); MARKDONE
/// when it has run out of work and the cycle waits for a goroutine to end it; STW
/// while a goroutine stops the world to start or end a cycle, until that cycle's
/// statistics are recorded (so one cycle's bookkeeping never overlaps the next's).
pub static GCPHASE: AtomicU32 = AtomicU32::new(GC_OFF);
pub const GC_OFF: u32 = 0;
pub const GC_MARK: u32 = 1;
pub const GC_MARKDONE: u32 = 2;
pub const GC_STW: u32 = 3;
/// HEAP_LIVE at which the next cycle starts (below NEXT_GC: marking takes time).
pub static TRIGGER: AtomicU64 = AtomicU64::new(HEAP_MINIMUM / 8 * 7);

static STRESS_COUNT: AtomicU64 = AtomicU64::new(0);

static GCENABLE_LOCK: Mutex = Mutex::new();
static mut GCENABLE_STARTED: u32 = 0;
static mut GCENABLE_WAITER: *mut G = core::ptr::null_mut();

unsafe extern "C" {
    #[link_name = "runtime.data"]
    static DATA: u8;
    #[link_name = "runtime.edata"]
    static EDATA: u8;
    #[link_name = "runtime.bss"]
    static BSS: u8;
    #[link_name = "runtime.ebss"]
    static EBSS: u8;
}

#[unsafe(export_name = "runtime.gcinit")]
pub fn gcinit() {
    unsafe {
        START_NANOS = crate::time::nanotime();
        if let Some(v) = gogetenv(b"GOGC") {
            if v == b"off" {
                GCPERCENT = -1;
            } else if let Some(n) = atoi(v) {
                GCPERCENT = n;
            }
        }
    }
}

/// Called at the end of every mallocgc: moves the cycle along when it is due (`slow`:
/// the allocation took the slow path, the only place the pacer looks).
#[inline(always)]
pub fn gc_after_malloc(slow: bool) {
    unsafe {
        let stress = DEBUG.gcstress;
        if stress > 0 {
            let n = STRESS_COUNT.fetch_add(1, Ordering::Relaxed) + 1;
            if n % stress as u64 == 0 {
                gc_stress();
                return;
            }
        }
        if slow {
            gc_paced();
        }
    }
}

/// GODEBUG=gcstress=N: every Nth allocation starts or ends a cycle.
#[cold]
#[inline(never)]
fn gc_stress() {
    crate::stackcopy::ensurestack(DEEP_STACK);
    match GCPHASE.load(Ordering::Acquire) {
        GC_OFF => {
            gc_start(false, 0);
        }
        GC_MARKDONE => {
            gc_finish();
        }
        _ => {}
    }
}

/// The pacer's decision at a slow-path allocation: start a cycle once the heap passes
/// the trigger, end one whose marking is done; while marking, help mark
/// (mgcassist.rs), and wait for the end if the heap outgrows the goal by half all
/// the same.
#[inline(never)]
unsafe fn gc_paced() {
    unsafe {
        match GCPHASE.load(Ordering::Acquire) {
            GC_OFF => {
                if GCPERCENT >= 0 && HEAP_LIVE.load(Ordering::Relaxed) >= TRIGGER.load(Ordering::Relaxed) {
                    with_deep_stack(|| gc_start(false, 0));
                }
            }
            GC_MARK => {
                let goal = NEXT_GC.load(Ordering::Relaxed);
                let live = HEAP_LIVE.load(Ordering::Relaxed);
                let trigger = TRIGGER.load(Ordering::Relaxed).min(goal);
                if can_collect(getg()) {
                    if live >= goal.saturating_add(goal / 2) {
                        with_deep_stack(gc_wait_and_finish);
                    } else if live >= trigger {
                        // On g0 (mgcassist.rs): no room needed here.
                        crate::mgcassist::gc_assist_alloc();
                    }
                }
            }
            GC_MARKDONE => {
                with_deep_stack(gc_finish);
            }
            _ => {}
        }
    }
}

/// Stack room made before starting, ending or waiting for a cycle, and before panics
/// (checked by scripts/runtime_stack_depth.py).
pub const DEEP_STACK: usize = 8 << 10;

/// Runs `f`, which goes deep and may park the goroutine (starting, ending or waiting
/// for a cycle), after making DEEP_STACK of room: only there, so that a goroutine
/// that merely allocates or assists keeps its small stack.
#[inline(never)]
fn with_deep_stack<R>(f: impl FnOnce() -> R) -> R {
    crate::stackcopy::ensurestack(DEEP_STACK);
    f()
}

/// runtime.GC() (asm_amd64.s pushes the caller's callee-saved registers and passes
/// the stack pointer below them: the collector scans this goroutine's stack from
/// there, so none of the runtime's own frames, whose dead slots may hold stale
/// pointers, keep objects alive). Ends the cycle in progress, if any (its snapshot
/// predates the call), then runs a whole one; bounded retries, so it never waits
/// forever.
#[unsafe(export_name = "runtime.gcforced")]
pub extern "C" fn gcforced(sp: usize) {
    // (sp, an address in this stack, is adjusted if the stack moves.)
    crate::stackcopy::ensurestack(DEEP_STACK);
    gc_wait_and_finish();
    // gc_start fails only while another M stops the world (it yields to it then),
    // while we hold a runtime lock, or when another goroutine started a cycle
    // meanwhile (then that one is ended first): retry, about 100 ms at most.
    for i in 0..2000 {
        if gc_start(true, sp) {
            break;
        }
        gc_wait_and_finish();
        if i < 100 {
            crate::sys_linux_amd64::osyield();
        } else {
            crate::sys_linux_amd64::usleep(50);
        }
    }
    gc_wait_and_finish();
    // As gc's: return with the heap swept and free pages given back.
    crate::mgcsweep::sweep_all();
    HEAPLOCK.lock();
    unsafe { scavenge(NUMGC, true) };
    HEAPLOCK.unlock();
    // Let the finalizer goroutine (and others) run, as gc's GC is a scheduling point.
    crate::proc::gosched();
}

/// Waits while the background worker marks, then ends the cycle (or lets whoever
/// is ending it finish). Returns at once when no cycle is in progress; gives up after
/// about 5 s (the world could not be stopped: a goroutine holds a runtime lock).
pub fn gc_wait_and_finish() {
    for i in 0..200_000u32 {
        match GCPHASE.load(Ordering::Acquire) {
            GC_OFF => return,
            GC_MARKDONE => {
                if gc_finish() {
                    return;
                }
            }
            _ => {}
        }
        // Let other goroutines of this P run meanwhile.
        crate::proc::gosched();
        if i > 16 {
            crate::sys_linux_amd64::usleep(20);
        }
    }
}

/// Whether goroutine `gp` may stop the world: a user goroutine with a P, holding no
/// runtime lock (an allocation under a channel's lock: a goroutine we would wait for
/// could be waiting for that lock).
unsafe fn can_collect(gp: *mut G) -> bool {
    unsafe {
        if gp.is_null() {
            return false;
        }
        let mp = (*gp).m;
        !(mp.is_null() || (*mp).curg != gp || (*mp).p.is_null() || crate::preempt::holds_runtime_state(mp))
    }
}

/// Starts a cycle (essay): returns whether it did. It does not when one is in
/// progress, when called where the world cannot be stopped (see can_collect), or when
/// another M is stopping the world: then this goroutine yields to it.
/// `scan_from`: where the scan of this goroutine's stack starts (0: the current SP,
/// once the callee-saved registers are stored).
#[inline(never)]
pub fn gc_start(forced: bool, scan_from: usize) -> bool {
    unsafe {
        if !can_collect(getg()) || GCPHASE.compare_exchange(GC_OFF, GC_STW, Ordering::AcqRel, Ordering::Relaxed).is_err() {
            return false;
        }
        // A cycle starts with every span swept (its marks must not mix with the last
        // cycle's): finish what bgsweep has not done yet. Only once the phase is ours:
        // before, another goroutine could run a whole cycle meanwhile, whose end
        // leaves every span unswept again.
        crate::mgcsweep::sweep_all();
        crate::mgcbg::ensure_started();
        if !with_world_stopped(cycle_start, forced, scan_from) {
            GCPHASE.store(GC_OFF, Ordering::Release);
            return false;
        }
        CYCLE.pause_start = CYCLE.pause;
        if GCPHASE.load(Ordering::Acquire) == GC_MARK {
            // Only now: CYCLE belongs to the worker and whoever ends the cycle from here.
            crate::mgcbg::wake_worker();
        } else {
            // gcstoptheworld: the whole cycle ran in the pause.
            cycle_done();
        }
        true
    }
}

/// Ends a cycle whose marking is done (essay); whether this goroutine did (false if
/// another one is doing it, or the world could not be stopped yet).
pub fn gc_finish() -> bool {
    unsafe {
        if !can_collect(getg()) {
            return false;
        }
        if GCPHASE.compare_exchange(GC_MARKDONE, GC_STW, Ordering::AcqRel, Ordering::Relaxed).is_err() {
            return false;
        }
        if !with_world_stopped(cycle_end, false, 0) {
            GCPHASE.store(GC_MARKDONE, Ordering::Release);
            return false;
        }
        if GCPHASE.load(Ordering::Acquire) == GC_MARK {
            // Marking resumed (mark_termination found shaded work): the worker
            // ends it again later.
            crate::mgcbg::wake_worker();
            return true;
        }
        cycle_done();
        true
    }
}

/// Stops the world and runs `step` on the M's g0 stack with the world stopped,
/// sched.lock and HEAPLOCK held; restarts the world. Returns whether it ran (not when
/// another M is stopping the world: we yield to it then). The time from the request
/// to the restart is added to the cycle's pause.
unsafe fn with_world_stopped(step: unsafe fn(*mut G, bool, usize), forced: bool, scan_from: usize) -> bool {
    unsafe {
        let t0 = crate::time::nanotime();
        let gp = getg();
        let mp = (*gp).m;
        if !crate::stw::stop_the_world() {
            crate::proc::gosched();
            return false;
        }
        let s = sched();
        // No goroutine but ours runs now. sched.lock is held for the pause: nothing
        // may hand out a P meanwhile (exitsyscall, sysmon).
        (*s).lock.lock();
        HEAPLOCK.lock();
        // Every other P is stopped: no G but ours runs Go code (a G in a system call
        // cannot get a P back during the pause; its stack is scanned from the SP
        // entersyscall recorded, syscall.rs). Not checked G by G: with a million
        // goroutines that walk alone took tens of milliseconds per pause.
        (*mp).mallocing = 1;
        gc_spill_and_run(gp, step, forced, scan_from);
        (*mp).mallocing = 0;
        HEAPLOCK.unlock();
        (*s).lock.unlock();
        crate::stw::start_the_world();
        CYCLE.pause += crate::time::nanotime() - t0;
        true
    }
}

unsafe extern "C" {
    /// asm_amd64.s: calls fn(arg) on the stack whose top is `sp`, then comes back.
    #[link_name = "runtime.systemstack"]
    fn systemstack(f: unsafe extern "C" fn(usize), arg: usize, sp: usize);
}

struct StepArgs {
    step: unsafe fn(*mut G, bool, usize),
    gp: *mut G,
    forced: bool,
    scan_from: usize,
}

unsafe extern "C" fn step_g0(arg: usize) {
    unsafe {
        let a = &*(arg as *const StepArgs);
        (a.step)(a.gp, a.forced, a.scan_from);
    }
}

/// Stores the callee-saved registers in this frame, then runs `step` on the M's g0
/// stack (gc's systemstack): the goroutine's stack is scanned from here up, and the
/// collector's own frames do not sit on it, where their uninitialized slots would
/// hold stale pointers left by earlier, deeper calls.
#[inline(never)]
unsafe fn gc_spill_and_run(gp: *mut G, step: unsafe fn(*mut G, bool, usize), forced: bool, scan_from: usize) {
    let mut regs = [0usize; 6];
    unsafe {
        core::arch::asm!(
            "mov [{r}], rbx",
            "mov [{r} + 8], rbp",
            "mov [{r} + 16], r12",
            "mov [{r} + 24], r13",
            "mov [{r} + 32], r14",
            "mov [{r} + 40], r15",
            r = in(reg) regs.as_mut_ptr(),
            options(nostack),
        );
        let mut sp: usize;
        core::arch::asm!("mov {}, rsp", out(reg) sp, options(nomem, nostack));
        if scan_from != 0 {
            sp = scan_from;
        }
        core::hint::black_box(&regs);
        let args = StepArgs { step, gp, forced, scan_from: sp };
        let g0 = (*(*gp).m).g0;
        systemstack(step_g0, &args as *const StepArgs as usize, (*g0).sched.sp);
    }
    core::hint::black_box(&regs);
}

unsafe fn markroots(gw: &mut GcWork, gp: *mut G, sp: usize) {
    unsafe {
        crate::mgcglobals::scan_globals(gw, &raw const DATA as usize, &raw const EDATA as usize);
        crate::mgcglobals::scan_globals(gw, &raw const BSS as usize, &raw const EBSS as usize);
        for i in 0..crate::malloc::PERSISTENT_NCHUNKS {
            let (lo, hi) = crate::malloc::persistent_chunk(i);
            gw.scanblock(lo, hi);
        }
        // Stacks: only those that cannot wait (mgcstack.rs), unless the whole cycle
        // runs in this pause.
        crate::mgcstack::scan_in_pause(gw, gp, sp, DEBUG.gcstoptheworld > 0);
        crate::mfinal::markfinroots(gw);
    }
}

// --- the cycle -------------------------------------------------------------------

/// What a cycle records between its two pauses (written by the goroutine that holds
/// the world stopped, read by the one ending the cycle).
struct Cycle {
    t0: i64,
    /// When concurrent marking started and ended (0 with gcstoptheworld).
    mark_start: i64,
    mark_end: i64,
    /// Stop-the-world time so far, both pauses together (gc's PauseNs entry), and
    /// the first pause's share.
    pause: i64,
    pause_start: i64,
    /// HEAP_LIVE at the start and at the end of marking.
    heap0: u64,
    heap1: u64,
    /// Bytes allocated (all caches) when the cycle started: what is allocated after
    /// is black.
    alloc0: u64,
    /// How many times the end of marking found new work and marking resumed.
    remarks: u32,
    goal: u64,
    marked: u64,
    forced: bool,
}

static mut CYCLE: Cycle = Cycle {
    t0: 0,
    mark_start: 0,
    mark_end: 0,
    pause: 0,
    pause_start: 0,
    heap0: 0,
    heap1: 0,
    alloc0: 0,
    remarks: 0,
    goal: 0,
    marked: 0,
    forced: false,
};

/// Bytes marked by assists this cycle (mgcassist.rs).
static ASSIST_MARKED: AtomicU64 = AtomicU64::new(0);

pub fn add_assist_marked(n: u64) {
    ASSIST_MARKED.fetch_add(n, Ordering::Relaxed);
}

/// At most this many returns from the end of marking to concurrent marking per
/// cycle; after that the pause scans what is left.
const MAX_REMARKS: u32 = 8;

/// The marking state of the current cycle (mgcmark.rs: who owns it when).
pub static mut MARK_WORK: GcWork = GcWork::empty();

/// The first pause, on g0: drop the tiny blocks (the ones used from now on are made
/// during the cycle, so black), scan every root, turn on the write barrier and black
/// allocation. With GODEBUG=gcstoptheworld=1 the whole cycle runs here.
unsafe fn cycle_start(gp: *mut G, forced: bool, sp: usize) {
    unsafe {
        let t0 = crate::time::nanotime();
        CYCLE = Cycle {
            t0,
            mark_start: 0,
            mark_end: 0,
            pause: 0,
            pause_start: 0,
            heap0: HEAP_LIVE.load(Ordering::Relaxed),
            heap1: 0,
            alloc0: crate::malloc::malloc_counts().1,
            remarks: 0,
            goal: NEXT_GC.load(Ordering::Relaxed),
            marked: 0,
            forced,
        };
        crate::mheap::MARKGEN += 1;
        for i in 0..GOMAXPROCS as usize {
            mcache_start_cycle(&raw mut (**ALLP.add(i)).mcache);
        }
        mcache_start_cycle(&raw mut GLOBAL_MCACHE);
        let gw = &mut *(&raw mut MARK_WORK);
        *gw = GcWork::new();
        markroots(gw, gp, sp);
        if DEBUG.gcstoptheworld > 0 {
            gw.drain();
            mark_termination();
            return;
        }
        crate::mgcwb::WRITE_BARRIER.store(1, Ordering::Release);
        GCPHASE.store(GC_MARK, Ordering::Release);
        CYCLE.mark_start = crate::time::nanotime();
    }
}

/// Called by the background worker when it ran out of work.
pub fn mark_done() {
    unsafe { CYCLE.mark_end = crate::time::nanotime() };
    GCPHASE.store(GC_MARKDONE, Ordering::Release);
}

/// The second pause, on g0.
unsafe fn cycle_end(_gp: *mut G, _forced: bool, _sp: usize) {
    unsafe { mark_termination() };
}

/// With the world stopped: finish marking (what write barriers shaded since the
/// worker stopped), decide the fate of objects with finalizers, turn the barrier
/// off, sweep, set the next goal, give long-free pages back to the OS.
unsafe fn mark_termination() {
    unsafe {
        let gw = &mut *(&raw mut MARK_WORK);
        let flushed = crate::mgcwb::wbbuf_flush_all(gw);
        if flushed > 0 && CYCLE.remarks < MAX_REMARKS && DEBUG.gcstoptheworld == 0 {
            // Goroutines shaded objects the worker has not seen: their subtrees may
            // be large. Back to concurrent marking rather than scanning them in the
            // pause (gc's gcMarkDone does the same).
            CYCLE.remarks += 1;
            GCPHASE.store(GC_MARK, Ordering::Release);
            return;
        }
        gw.drain_with_shared();
        crate::mfinal::queuefinalizers(gw);
        crate::mgcwb::WRITE_BARRIER.store(0, Ordering::Release);
        CYCLE.heap1 = HEAP_LIVE.load(Ordering::Relaxed);

        for i in 0..GOMAXPROCS as usize {
            mcache_flush(&raw mut (**ALLP.add(i)).mcache);
        }
        mcache_flush(&raw mut GLOBAL_MCACHE);
        // Live bytes as counted while marking (what the sweep will keep): marked by
        // the worker and the pauses (barriers' pointers included), allocated black.
        let black = crate::malloc::malloc_counts().1.saturating_sub(CYCLE.alloc0);
        let marked = gw.marked + ASSIST_MARKED.swap(0, Ordering::Relaxed) + black;
        crate::mgcsweep::sweep_start();
        HEAP_MARKED = marked;
        CYCLE.marked = marked;
        HEAP_LIVE.store(marked, Ordering::Relaxed);
        let next = if GCPERCENT < 0 {
            u64::MAX
        } else {
            (marked + marked / 100 * GCPERCENT as u64).max(HEAP_MINIMUM)
        };
        NEXT_GC.store(next, Ordering::Relaxed);
        TRIGGER.store(trigger_for(marked, next, black), Ordering::Relaxed);
    }
}

/// Where the next cycle starts: early enough that the heap reaches the goal about
/// when marking ends. `during_mark` is what the program allocated while this cycle
/// marked (gc's pacer estimates the same from the last cycles): start that much
/// before the goal, but not before half the runway is used, nor after 7/8 of it.
fn trigger_for(marked: u64, goal: u64, during_mark: u64) -> u64 {
    if goal == u64::MAX {
        return u64::MAX;
    }
    let runway = goal - marked;
    let trigger = goal.saturating_sub(during_mark);
    trigger.clamp(marked + runway / 2, marked + runway / 8 * 7)
}

/// After the last pause, with the world running: the cycle's statistics, its gctrace
/// line, and the finalizers to run.
unsafe fn cycle_done() {
    unsafe {
        let t2 = crate::time::nanotime();
        let c = &*(&raw const CYCLE);
        let pause = c.pause as u64;
        let i = NUMGC as usize % 256;
        PAUSE_NS[i] = pause;
        PAUSE_END[i] = t2 as u64;
        PAUSE_TOTAL_NS += pause;
        LAST_GC = t2 as u64;
        NUMGC += 1;
        if c.forced {
            NUMFORCEDGC += 1;
        }
        if DEBUG.gctrace > 0 {
            gctrace_line(c, t2);
        }
        GCPHASE.store(GC_OFF, Ordering::Release);
        crate::mgcsweep::BGSWEEP.wake();
        BGSCAVENGE.wake();
        crate::mfinal::wakefing();
    }
}

/// Whether objects allocated now must be marked (mallocgc: allocate black): while
/// the write barrier is on, that is from the first pause to the sweep.
#[inline(always)]
pub fn allocating_black() -> bool {
    crate::mgcwb::WRITE_BARRIER.load(Ordering::Relaxed) != 0
}

/// gc's gctrace line: `gc N @T s P%: A+B+C ms clock, A+0/B/0+C ms cpu, H0->H1->H2 MB,
/// G MB goal, S MB stacks, 0 MB globals, P P`: A and C are the two pauses, B the
/// concurrent mark (the worker's time, all of it "background" CPU), H0/H1 the heap
/// at the start and end of marking, H2 what was marked.
unsafe fn gctrace_line(c: &Cycle, t2: i64) {
    use crate::print::{fmt_ns_as_ms, fmt_uint, gwrite};
    let mut b = [0u8; 24];
    let u = |b: &mut [u8; 24], v: u64| gwrite(fmt_uint(b, v));
    let ms = |b: &mut [u8; 24], ns: i64| gwrite(fmt_ns_as_ms(b, ns.max(0) as u64));
    let (p1, p2) = (c.pause_start, c.pause - c.pause_start);
    let mark = if c.mark_start == 0 { 0 } else { c.mark_end - c.mark_start };
    let _ = t2;
    unsafe {
        gwrite(b"gc ");
        u(&mut b, NUMGC as u64);
        gwrite(b" @");
        let since = (c.t0 - START_NANOS).max(0) as u64;
        u(&mut b, since / 1_000_000_000);
        gwrite(b".");
        let frac = since / 1_000_000 % 1000;
        gwrite(&[b'0' + (frac / 100) as u8, b'0' + (frac / 10 % 10) as u8, b'0' + (frac % 10) as u8]);
        gwrite(b"s ");
        let pct = if since > 0 { PAUSE_TOTAL_NS * 100 / since } else { 0 };
        u(&mut b, pct);
        gwrite(b"%: ");
        ms(&mut b, p1);
        gwrite(b"+");
        ms(&mut b, mark);
        gwrite(b"+");
        ms(&mut b, p2);
        gwrite(b" ms clock, ");
        ms(&mut b, p1);
        gwrite(b"+0/");
        ms(&mut b, mark);
        gwrite(b"/0+");
        ms(&mut b, p2);
        gwrite(b" ms cpu, ");
        u(&mut b, c.heap0 >> 20);
        gwrite(b"->");
        u(&mut b, c.heap1 >> 20);
        gwrite(b"->");
        u(&mut b, c.marked >> 20);
        gwrite(b" MB, ");
        u(&mut b, if c.goal == u64::MAX { 0 } else { c.goal >> 20 });
        gwrite(b" MB goal, ");
        u(&mut b, crate::stack::STACK_INUSE.load(Ordering::Relaxed) >> 20);
        gwrite(b" MB stacks, 0 MB globals, ");
        u(&mut b, GOMAXPROCS as u64);
        gwrite(if c.forced { b" P (forced)\n" } else { b" P\n" });
    }
}

// --- gcenable and the background goroutines -----------------------------------------

/// Starts bgsweep and bgscavenge and waits until both run (gc waits on a channel).
#[unsafe(export_name = "runtime.gcenable")]
pub fn gcenable() {
    unsafe {
        newproc_kind(crate::mgcsweep::bgsweep as *const () as usize, 0, true);
        newproc_kind(bgscavenge as *const () as usize, 0, true);
        GCENABLE_LOCK.lock();
        if GCENABLE_STARTED < 2 {
            GCENABLE_WAITER = getg();
            gopark(Some(parkunlock_c), &raw const GCENABLE_LOCK as *mut u8, WAIT_REASON_CHAN_RECEIVE);
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
pub fn gcenable_started() {
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


static BGSCAVENGE: Helper = Helper::new();

/// The background scavenger: after each cycle, gives the pages that stayed free for
/// a whole cycle back to the OS (mheap.rs scavenge), outside the pause.
#[unsafe(export_name = "runtime.bgscavenge")]
pub extern "C" fn bgscavenge(_arg: usize) {
    gcenable_started();
    loop {
        BGSCAVENGE.park(WAIT_REASON_GC_SCAVENGE_WAIT);
        HEAPLOCK.lock();
        unsafe { scavenge(NUMGC, false) };
        HEAPLOCK.unlock();
    }
}

/// gc's forcegcperiod: sysmon forces a collection when none ran for 2 minutes.
pub const FORCEGC_PERIOD_NS: i64 = 2 * 60 * 1_000_000_000;

/// A runtime goroutine that sleeps until an M without a P (sysmon, the mark worker)
/// wakes it: parks with its lock, and the waker takes the lock, so it readies a
/// goroutine that has finished parking.
pub struct Helper {
    lock: Mutex,
    g: core::sync::atomic::AtomicPtr<G>,
    idle: core::sync::atomic::AtomicBool,
}

impl Helper {
    pub const fn new() -> Helper {
        Helper {
            lock: Mutex::new(),
            g: core::sync::atomic::AtomicPtr::new(core::ptr::null_mut()),
            idle: core::sync::atomic::AtomicBool::new(false),
        }
    }

    /// Called by the helper goroutine: sleeps until wake.
    pub fn park(&self, reason: u8) {
        self.g.store(getg(), Ordering::Relaxed);
        self.lock.lock();
        self.idle.store(true, Ordering::Release);
        gopark(Some(parkunlock_c), &raw const self.lock as *mut u8, reason);
    }

    pub fn is_idle(&self) -> bool {
        self.idle.load(Ordering::Acquire)
    }

    /// From an M without a P: makes the helper runnable (on the global run queue, an M
    /// woken for it) if it sleeps.
    pub fn wake(&self) {
        self.lock.lock();
        let was_idle = self.idle.swap(false, Ordering::AcqRel);
        let gp = self.g.load(Ordering::Relaxed);
        self.lock.unlock();
        if was_idle {
            unsafe { crate::proc::ready_from_sysmon(gp) };
        }
    }
}

/// The goroutine sysmon wakes to force a collection.
static FORCEGC: Helper = Helper::new();

/// Runs a collection each time sysmon wakes it (forcegc_due), then parks again.
#[unsafe(export_name = "runtime.forcegchelper")]
pub extern "C" fn forcegchelper(_arg: usize) {
    loop {
        FORCEGC.park(WAIT_REASON_FORCE_GC_IDLE);
        // A time-triggered cycle, not a user-forced one (gctrace does not say
        // "forced"); like runtime.GC it retries while another M stops the world.
        gc_wait_and_finish();
        for _ in 0..2000 {
            if gc_start(false, 0) {
                break;
            }
            gc_wait_and_finish();
            crate::sys_linux_amd64::usleep(50);
        }
    }
}

/// sysmon: if collections are on, one has run, and none for FORCEGC_PERIOD_NS, wake
/// forcegchelper (gc's gcTriggerTime).
pub fn forcegc_due(now: i64) {
    unsafe {
        let last = LAST_GC as i64;
        if GCPERCENT < 0 || last == 0 || now - last <= FORCEGC_PERIOD_NS || !FORCEGC.is_idle() {
            return;
        }
    }
    FORCEGC.wake();
}
