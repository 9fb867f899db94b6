//! The scheduler's data structures, under gc's names: g (goroutine), m (OS thread),
//! p (processor: the right to run Go code, with a local run queue) and schedt (the
//! global scheduler state), plus the statics m0, g0, sched and allp.
//!
//! The assembly in ../asm/*.s touches some fields; their offsets are #defines at the
//! top of those files and `const` assertions at the bottom of this one. Keep gc's field
//! order where the assembly looks (g: stack, stackguard0/1, _panic, _defer, m, sched;
//! m: g0 first).
use core::sync::atomic::{AtomicBool, AtomicI32, AtomicPtr, AtomicU32, AtomicU64};

use crate::lock_futex::{Mutex, Note};

/// Stack bounds [lo, hi): the stack grows down from hi.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Stack {
    pub lo: usize,
    pub hi: usize,
}

/// Saved context of a goroutine that is not running: gogo resumes it.
/// For a goroutine switched out by mcall, `pc` is `runtime.mcallret` and the
/// System V callee-saved registers sit on its stack at `sp`.
#[repr(C)]
pub struct Gobuf {
    pub sp: usize,
    pub pc: usize,
    pub g: *mut G,
    /// Passed in DI when the goroutine starts: its entry function's argument.
    pub ctxt: usize,
    pub ret: usize,
    pub lr: usize,
    pub bp: usize,
}

// G status values (gc's _Gidle … _Gdead).
pub const G_IDLE: u32 = 0;
pub const G_RUNNABLE: u32 = 1;
pub const G_RUNNING: u32 = 2;
pub const G_SYSCALL: u32 = 3;
pub const G_WAITING: u32 = 4;
pub const G_DEAD: u32 = 6;

// Wait reasons (a subset of gc's waitReason, same words).
pub const WAIT_REASON_ZERO: u8 = 0;
pub const WAIT_REASON_CHAN_RECEIVE: u8 = 1;
pub const WAIT_REASON_GC_SWEEP_WAIT: u8 = 2;
pub const WAIT_REASON_GC_SCAVENGE_WAIT: u8 = 3;
pub const WAIT_REASON_FORCE_GC_IDLE: u8 = 4;
pub const WAIT_REASON_SELECT_NO_CASES: u8 = 5;
pub const WAIT_REASON_CHAN_SEND: u8 = 6;
pub const WAIT_REASON_SELECT: u8 = 7;
pub const WAIT_REASON_CHAN_RECEIVE_NIL_CHAN: u8 = 8;
pub const WAIT_REASON_CHAN_SEND_NIL_CHAN: u8 = 9;
pub const WAIT_REASON_FINALIZER_WAIT: u8 = 10;
pub const WAIT_REASON_SLEEP: u8 = 11;
pub const WAIT_REASON_GC_WORKER_IDLE: u8 = 12;

pub fn wait_reason_string(r: u8) -> &'static str {
    match r {
        WAIT_REASON_CHAN_RECEIVE => "chan receive",
        WAIT_REASON_GC_SWEEP_WAIT => "GC sweep wait",
        WAIT_REASON_GC_SCAVENGE_WAIT => "GC scavenge wait",
        WAIT_REASON_FORCE_GC_IDLE => "force gc (idle)",
        WAIT_REASON_SELECT_NO_CASES => "select (no cases)",
        WAIT_REASON_CHAN_SEND => "chan send",
        WAIT_REASON_SELECT => "select",
        WAIT_REASON_CHAN_RECEIVE_NIL_CHAN => "chan receive (nil chan)",
        WAIT_REASON_CHAN_SEND_NIL_CHAN => "chan send (nil chan)",
        WAIT_REASON_FINALIZER_WAIT => "finalizer wait",
        WAIT_REASON_SLEEP => "sleep",
        WAIT_REASON_GC_WORKER_IDLE => "GC worker (idle)",
        _ => "",
    }
}

/// A goroutine.
#[repr(C)]
pub struct G {
    pub stack: Stack,
    /// stack.lo + STACK_GUARD: compiled functions' stack checks compare SP with it,
    /// through the copy setg puts in TLS (stack.rs). Preemption is by signal, so it
    /// never holds gc's stackPreempt.
    pub stackguard0: usize,
    pub stackguard1: usize,
    pub _panic: *mut u8,
    pub _defer: *mut u8,
    /// The M running this G, or null.
    pub m: *mut M,
    pub sched: Gobuf,
    pub atomicstatus: AtomicU32,
    pub waitreason: u8,
    /// Set by sysmon when the G has run too long; compiled code will poll it.
    pub preempt: AtomicBool,
    /// A runtime-internal goroutine (bgsweep, …): ignored by checkdead.
    pub system: bool,
    pub goid: i64,
    /// Link in a run queue or free list.
    pub schedlink: *mut G,
    /// Link in allgs (never removed: dead Gs are reused).
    pub alllink: *mut G,
    /// The M this G is locked to by lockOSThread, or null.
    pub lockedm: *mut M,
    pub startpc: usize,
    /// The signal that sent this G to sigpanic, with si_code, si_addr and the PC.
    pub sig: u32,
    pub sigcode0: u64,
    pub sigcode1: u64,
    pub sigpc: u64,
    /// defer.rs: free `_defer` records for this G's deferproc (touched only by the G).
    pub deferpool: *mut u8,
    /// chan.rs: the sudog that woke this G, set by the waker before goready.
    pub param: *mut u8,
    /// select.rs: set (CAS 0 → 1) by the one channel operation that completes this
    /// G's blocked select; others must leave it alone.
    pub selectdone: AtomicU32,
    /// stackcopy.rs: the collection cycle (MARKGEN) in which shrinkstack last looked
    /// (the u32 fields are paired so that a G stays 256 bytes: a million of them).
    pub shrinkgen: u32,
    /// select.rs: the sudogs of this G's blocked select, linked by waitlink.
    pub waiting: *mut u8,
    /// The return address of the newproc call that made this G (the go statement),
    /// for the traceback's `created by` line; 0 for the runtime's own goroutines.
    pub gopc: usize,
    /// timers.rs: this G's timer for time.Sleep, made on its first sleep.
    pub timer: *mut u8,
    /// Whether the collector has scanned this G's stack this cycle (mgcstack.rs).
    pub gcscan: AtomicU32,
    /// stackcopy.rs: when the stack last grew (nanotime in ms, wrapping).
    pub grewms: u32,
    /// stackcopy.rs: free bytes ensurestack asked newstack for (0: just grow).
    pub stackneed: usize,
}

const _: () = assert!(core::mem::size_of::<G>() <= 256, "a G is allocated in 256 bytes (proc.rs allocg)");

/// An OS thread.
#[repr(C)]
pub struct M {
    /// The goroutine with the scheduling stack (the thread's own stack for m0).
    pub g0: *mut G,
    /// Thread-local storage: the FS base points at tls[1], so -8(FS) is tls[0] = g;
    /// tls[1] is g's stack guard (stubs.rs setg).
    pub tls: [usize; 6],
    /// The user G running on this M, or null.
    pub curg: *mut G,
    /// The kernel thread id.
    pub procid: u64,
    pub id: i64,
    /// The P held while running Go code, or null (sysmon, idle Ms).
    pub p: *mut P,
    /// The P handed to this M by whoever wakes it.
    pub nextp: *mut P,
    /// The P this M left in P_SYSCALL when its G entered a system call.
    pub oldp: *mut P,
    /// An idle M sleeps here.
    pub park: Note,
    pub schedlink: *mut M,
    pub alllink: *mut M,
    pub lockedg: *mut G,
    pub locked_ext: u32,
    pub locked_int: u32,
    pub printlock: i32,
    pub mallocing: i32,
    pub throwing: i32,
    pub spinning: bool,
    /// Run by mstart before scheduling (sysmon's body; never returns then).
    pub mstartfn: Option<fn()>,
    /// Called by park_m once the parking G is off its stack (gopark's unlockf).
    pub waitunlockf: Option<unsafe fn(*mut G, *mut u8) -> bool>,
    pub waitlock: *mut u8,
    /// Runtime locks held (lock_futex.rs): no preemption, no stopping the world.
    pub locks: i32,
}

pub const P_IDLE: u32 = 0;
pub const P_RUNNING: u32 = 1;
/// Its M is in a system call (syscall.rs); sysmon may take it back (retake).
pub const P_SYSCALL: u32 = 2;
/// Stopped for the collector (stw.rs).
pub const P_GCSTOP: u32 = 3;
pub const P_DEAD: u32 = 4;

pub const RUNQ_SIZE: usize = 256;

/// A processor: what an M must hold to run Go code.
#[repr(C)]
pub struct P {
    pub id: i32,
    pub status: AtomicU32,
    /// Link in sched.pidle.
    pub link: *mut P,
    pub schedtick: AtomicU32,
    pub m: *mut M,
    /// The local run queue: a ring. Only the owner M writes the tail; any M may take
    /// from the head with a CAS (that is how idle Ms steal).
    pub runqhead: AtomicU32,
    pub runqtail: AtomicU32,
    pub runq: [AtomicPtr<G>; RUNQ_SIZE],
    /// Dead Gs kept for reuse (owner only).
    pub gfree: GList,
    /// sysmon's view of schedtick, to notice a G that runs too long.
    pub sysmontick: u32,
    pub sysmonwhen: i64,
    /// Counts the system calls made on this P (entersyscall), so that sysmon can tell
    /// one long call from several short ones.
    pub syscalltick: AtomicU32,
    /// sysmon's view of syscalltick and when it last changed.
    pub sysmon_syscalltick: u32,
    pub syscallwhen: i64,
    /// The P's span cache (mcache.rs): only the M holding the P touches it.
    pub mcache: crate::mcache::MCache,
    /// Timers started by goroutines running on this P (timers.rs).
    pub timers: crate::timers::Timers,
    /// Objects shaded by write barriers on this P, not yet handed to the mark worker
    /// (mgcwb.rs).
    pub wbbuf: crate::mgcwb::WbBuf,
    /// The mark stack of this P's assists (mgcassist.rs), made at the first one.
    pub gcw_stack: *mut usize,
}

/// A singly-linked list of Gs through schedlink.
#[repr(C)]
pub struct GList {
    pub head: *mut G,
    pub n: i32,
}

impl GList {
    pub unsafe fn push(&mut self, gp: *mut G) {
        unsafe { (*gp).schedlink = self.head };
        self.head = gp;
        self.n += 1;
    }

    /// The most recently pushed G (its schedlink cleared), or null.
    pub unsafe fn pop(&mut self) -> *mut G {
        let gp = self.head;
        if !gp.is_null() {
            unsafe {
                self.head = (*gp).schedlink;
                (*gp).schedlink = core::ptr::null_mut();
            }
            self.n -= 1;
        }
        gp
    }
}

/// A FIFO queue of Gs through schedlink.
#[repr(C)]
pub struct GQueue {
    pub head: *mut G,
    pub tail: *mut G,
}

/// Global scheduler state. `lock` protects every field not marked atomic.
#[repr(C)]
pub struct Schedt {
    pub goidgen: AtomicU64,
    pub lastpoll: AtomicU64,
    pub lock: Mutex,
    /// Idle Ms, waiting for work on their park note.
    pub midle: *mut M,
    pub nmidle: i32,
    pub nmidlelocked: i32,
    /// Next M id; also the number of Ms ever created.
    pub mnext: i64,
    pub maxmcount: i32,
    /// Ms without a P by design (sysmon): not counted by checkdead.
    pub nmsys: i32,
    pub nmfreed: i64,
    pub pidle: *mut P,
    pub npidle: AtomicU32,
    pub nmspinning: AtomicU32,
    /// The global run queue.
    pub runq: GQueue,
    pub runqsize: AtomicI32,
    /// Dead Gs spilled from Ps.
    pub gfree: GList,
    /// The world is stopping or stopped for the collector (stw.rs).
    pub gcwaiting: AtomicBool,
    /// How many Ps stop_the_world still waits for.
    pub stopwait: AtomicI32,
}

#[unsafe(export_name = "runtime.m0")]
pub static mut M0: M = unsafe { core::mem::zeroed() };
#[unsafe(export_name = "runtime.g0")]
pub static mut G0: G = unsafe { core::mem::zeroed() };
#[unsafe(export_name = "runtime.sched")]
pub static mut SCHED: Schedt = unsafe { core::mem::zeroed() };

/// All Ps, indexed by id; set once by procresize during schedinit, read-only after.
pub static mut ALLP: *mut *mut P = core::ptr::null_mut();
/// gomaxprocs: the length of ALLP (set once in schedinit).
pub static mut GOMAXPROCS: i32 = 0;
/// All Ms ever created, linked through alllink. Protected by sched.lock (appends);
/// readers may walk it without the lock because Ms are never freed.
pub static mut ALLM: *mut M = core::ptr::null_mut();
/// All Gs ever created, linked through alllink. Protected by ALLGLOCK for appends;
/// readers may walk it without the lock because Gs are never freed.
pub static mut ALLGS: *mut G = core::ptr::null_mut();
/// The last G of ALLGS (appends go at the end, so walks see creation order).
pub static mut ALLGS_TAIL: *mut G = core::ptr::null_mut();
pub static ALLGLOCK: Mutex = Mutex::new();
/// Number of CPUs we may run on (osinit).
pub static mut NCPU: i32 = 0;

#[inline(always)]
pub fn sched() -> *mut Schedt {
    &raw mut SCHED
}

#[inline(always)]
pub fn m0() -> *mut M {
    &raw mut M0
}

#[inline(always)]
pub fn g0() -> *mut G {
    &raw mut G0
}

/// allp[i].
#[inline(always)]
pub unsafe fn allp(i: i32) -> *mut P {
    unsafe { *ALLP.add(i as usize) }
}

// The offsets the assembly uses (#defines in asm/asm_amd64.s and asm/sys_linux_amd64.s).
pub const G_STACK_LO: usize = 0;
pub const G_STACK_HI: usize = 8;
pub const G_STACKGUARD0: usize = 16;
pub const G_STACKGUARD1: usize = 24;
pub const G_M: usize = 48;
pub const G_SCHED: usize = 56;
pub const GOBUF_SP: usize = 0;
pub const GOBUF_PC: usize = 8;
pub const GOBUF_CTXT: usize = 24;
pub const GOBUF_BP: usize = 48;
pub const M_G0: usize = 0;
pub const M_TLS: usize = 8;

const _: () = {
    use core::mem::offset_of;
    assert!(offset_of!(G, stack) + offset_of!(Stack, lo) == G_STACK_LO);
    assert!(offset_of!(G, stack) + offset_of!(Stack, hi) == G_STACK_HI);
    assert!(offset_of!(G, stackguard0) == G_STACKGUARD0);
    assert!(offset_of!(G, stackguard1) == G_STACKGUARD1);
    assert!(offset_of!(G, m) == G_M);
    assert!(offset_of!(G, sched) == G_SCHED);
    assert!(offset_of!(Gobuf, sp) == GOBUF_SP);
    assert!(offset_of!(Gobuf, pc) == GOBUF_PC);
    assert!(offset_of!(Gobuf, ctxt) == GOBUF_CTXT);
    assert!(offset_of!(Gobuf, bp) == GOBUF_BP);
    assert!(offset_of!(M, g0) == M_G0);
    assert!(offset_of!(M, tls) == M_TLS);
};
