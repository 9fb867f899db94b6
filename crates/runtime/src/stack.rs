//! Goroutine stacks: fixed-size slots carved from one big MAP_NORESERVE reservation.
//!
//! Why one reservation: vm.max_map_count (65530) forbids one mapping per goroutine,
//! and reserving address space is free. Each slot is STACK_SIZE bytes of virtual
//! memory; pages become real when touched. Stacks do not grow (compiled code has no
//! stack checks yet), so slots are large. The lowest page of a slot is made
//! inaccessible the first time the slot is used: running off the bottom of a stack
//! faults there (the signal handler reports "stack overflow") instead of silently
//! writing into the next goroutine's stack.
//!
//! Guards are installed with MADV_GUARD_INSTALL, which marks page-table entries and
//! keeps the reservation one mapping. Where the kernel lacks it, mprotect does the job
//! but splits the mapping (two map entries per stack), so past about 30000 stacks it
//! fails and later slots go unguarded rather than failing the program.
//!
//! Guards are installed ahead with one process_madvise call for several slots (kernels
//! that have it for this advice): a goroutine-spawning program would otherwise make
//! one system call per new stack. The batch doubles with the slots used so far, up to
//! GUARD_BATCH, so a small program does not pay for the page-table pages of slots it
//! will never use (each guard needs one: ~100 µs for 64).
//!
//! Memory per live stack is the touched pages plus the page-table page that maps them
//! (one per 2 MB). The reservation starts 1 MB past a 2 MB boundary, so a slot's guard
//! page shares its page-table page with the top of the slot below (in use already),
//! and a guard costs no page table of its own.
//!
//! Stacks of dead Gs are reused with the G (gfput/gfget); freed stacks go on a free
//! list. STACKLOCK protects STACK_NEXT, STACK_FREE and GUARD_MODE.
use crate::lock_futex::Mutex;
use crate::panic::throw;
use crate::runtime2::Stack;
use crate::sys_linux_amd64::{
    MADV_GUARD_INSTALL, MAP_ANONYMOUS, MAP_NORESERVE, MAP_PRIVATE, PROT_NONE, PROT_READ, PROT_WRITE, madvise,
    mmap, mprotect,
};

/// Virtual size of every goroutine (and non-m0 g0) stack slot, guard page included.
pub const STACK_SIZE: usize = 64 << 20;
/// Number of slots in the reservation (64 TiB of address space: a million goroutines).
const STACK_SLOTS: usize = 1 << 20;
/// The inaccessible page at the bottom of each slot.
pub const STACK_GUARD_PAGE: usize = 4096;
/// Bytes kept free below stackguard0 for runtime code called without a check (gc's
/// StackGuard).
pub const STACK_GUARD: usize = 928;

static STACKLOCK: Mutex = Mutex::new();
static mut STACK_BASE: usize = 0;
static mut STACK_NEXT: usize = 0;
/// Freed stacks, linked through their lowest usable word.
static mut STACK_FREE: usize = 0;
/// How guard pages are made: 0 MADV_GUARD_INSTALL, 1 mprotect, 2 none (mprotect ran
/// out of map entries).
static mut GUARD_MODE: u8 = 0;
/// Slots below this address have their guard already (batched installs).
static mut GUARDED_UPTO: usize = 0;
/// A pidfd for this process, for process_madvise; -1 when batching is unavailable.
static mut SELF_PIDFD: isize = -1;
/// Slots guarded per process_madvise call, at most.
const GUARD_BATCH: usize = 64;

/// Page-table granularity: one page-table page maps 2 MB.
const PT_SPAN: usize = 2 << 20;

#[unsafe(export_name = "runtime.stackinit")]
pub fn stackinit() {
    let n = STACK_SIZE * STACK_SLOTS;
    let p = mmap(
        0,
        n + PT_SPAN,
        PROT_READ | PROT_WRITE,
        MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
    );
    if p < 0 {
        throw("stackinit: cannot reserve goroutine stacks");
    }
    // The first address half-way into a 2 MB span (see the module comment).
    let base = (p as usize + PT_SPAN / 2).next_multiple_of(PT_SPAN) - PT_SPAN / 2;
    unsafe {
        STACK_BASE = base;
        STACK_NEXT = base;
        GUARDED_UPTO = base;
        SELF_PIDFD = crate::sys_linux_amd64::pidfd_open(crate::sys_linux_amd64::getpid());
    }
}

/// The reservation's base address and number of slots.
pub fn stack_reservation() -> (usize, usize) {
    unsafe { (STACK_BASE, STACK_SLOTS) }
}

/// A stack: [lo, hi) is usable, the guard page lies just below lo.
#[unsafe(export_name = "runtime.stackalloc")]
pub fn stackalloc() -> Stack {
    STACKLOCK.lock();
    let lo = unsafe {
        if STACK_FREE != 0 {
            let lo = STACK_FREE;
            STACK_FREE = *(lo as *const usize);
            lo
        } else {
            if STACK_NEXT >= STACK_BASE + STACK_SIZE * STACK_SLOTS {
                STACKLOCK.unlock();
                throw("out of goroutine stacks");
            }
            let slot = STACK_NEXT;
            STACK_NEXT += STACK_SIZE;
            if slot >= GUARDED_UPTO && !install_guards_ahead(slot) {
                install_guard(slot);
            }
            slot + STACK_GUARD_PAGE
        }
    };
    STACKLOCK.unlock();
    Stack {
        lo,
        hi: lo - STACK_GUARD_PAGE + STACK_SIZE,
    }
}

/// Installs the guards of GUARD_BATCH slots from `slot` with one process_madvise; false
/// if the kernel cannot (then guards go one by one). Called with STACKLOCK held.
unsafe fn install_guards_ahead(slot: usize) -> bool {
    use crate::sys_linux_amd64::{Iovec, process_madvise};
    unsafe {
        if SELF_PIDFD < 0 || GUARD_MODE != 0 {
            return false;
        }
        let end = STACK_BASE + STACK_SIZE * STACK_SLOTS;
        let used = (slot - STACK_BASE) / STACK_SIZE;
        let n = used.clamp(1, GUARD_BATCH).min((end - slot) / STACK_SIZE);
        let mut iov = [const { Iovec { base: 0, len: 0 } }; GUARD_BATCH];
        for (i, v) in iov.iter_mut().enumerate().take(n) {
            *v = Iovec { base: slot + i * STACK_SIZE, len: STACK_GUARD_PAGE };
        }
        if process_madvise(SELF_PIDFD as usize, iov.as_ptr(), n, MADV_GUARD_INSTALL) != (n * STACK_GUARD_PAGE) as isize {
            SELF_PIDFD = -1;
            return false;
        }
        GUARDED_UPTO = slot + n * STACK_SIZE;
        true
    }
}

/// Makes the page at `slot` inaccessible, as well as the kernel allows (see the module
/// comment). Called with STACKLOCK held.
unsafe fn install_guard(slot: usize) {
    unsafe {
        if GUARD_MODE == 0 && madvise(slot, STACK_GUARD_PAGE, MADV_GUARD_INSTALL) < 0 {
            GUARD_MODE = 1;
        }
        if GUARD_MODE == 1 && mprotect(slot, STACK_GUARD_PAGE, PROT_NONE) < 0 {
            GUARD_MODE = 2;
        }
    }
}

/// gc's maximum stack size (maxstacksize), which the main goroutine gets.
pub const MAIN_STACK_SIZE: usize = 1_000_000_000;

/// The main goroutine's stack: gc lets any goroutine grow to 1 GB; rgo's fixed slots
/// are 64 MB, but the main goroutine, where deep recursion usually happens, gets gc's
/// whole limit in a reservation of its own (one mapping plus a PROT_NONE guard).
pub fn main_stack() -> Stack {
    let n = (STACK_GUARD_PAGE + MAIN_STACK_SIZE).next_multiple_of(STACK_GUARD_PAGE);
    let p = mmap(0, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE);
    if p < 0 {
        return stackalloc();
    }
    let base = p as usize;
    mprotect(base, STACK_GUARD_PAGE, PROT_NONE);
    let lo = base + STACK_GUARD_PAGE;
    Stack { lo, hi: lo + MAIN_STACK_SIZE }
}

/// Returns a stack to the free list (slots only: the main goroutine's never ends).
#[unsafe(export_name = "runtime.stackfree")]
pub fn stackfree(s: &Stack) {
    if s.hi - s.lo != STACK_SIZE - STACK_GUARD_PAGE {
        return;
    }
    STACKLOCK.lock();
    unsafe {
        *(s.lo as *mut usize) = STACK_FREE;
        STACK_FREE = s.lo;
    }
    STACKLOCK.unlock();
}

/// Whether `addr` is in the guard page below the stack [lo, hi).
pub fn in_guard_page(s: &Stack, addr: usize) -> bool {
    s.lo != 0 && addr < s.lo && addr >= s.lo - STACK_GUARD_PAGE
}

/// Called by compiled code when a function's stack check fails (SP below
/// g.stackguard0). Either sysmon asked the goroutine to yield (stackguard0 holds
/// STACK_PREEMPT): yield and return; or the stack is really exhausted, which is fatal
/// because stacks do not grow yet.
#[unsafe(export_name = "runtime.morestack")]
pub extern "C" fn morestack() {
    use core::sync::atomic::Ordering;
    let gp = crate::stubs::getg();
    unsafe {
        if (*gp).stackguard0 == crate::proc::STACK_PREEMPT || (*gp).preempt.load(Ordering::Relaxed) {
            (*gp).preempt.store(false, Ordering::Relaxed);
            (*gp).stackguard0 = (*gp).stack.lo + STACK_GUARD;
            if (*gp).m.is_null() || gp == (*(*gp).m).g0 {
                return;
            }
            crate::proc::gosched();
            return;
        }
        stack_overflow(gp, crate::stubs::getsp(), None)
    }
}

/// gc's report of an exhausted goroutine stack; exits with status 2. `at` is the
/// interrupted (pc, frame pointer) when a signal handler reports it (the handler runs
/// on the signal stack); without it the traceback starts from here.
pub unsafe fn stack_overflow(gp: *mut crate::runtime2::G, sp: usize, at: Option<(usize, usize)>) -> ! {
    use crate::print::*;
    unsafe {
        prints("runtime: goroutine stack exceeds ");
        printint(((*gp).stack.hi - (*gp).stack.lo) as i64);
        prints("-byte limit\nruntime: sp=");
        printhex(sp as u64);
        prints(" stack=[");
        printhex((*gp).stack.lo as u64);
        prints(", ");
        printhex((*gp).stack.hi as u64);
        prints("]\n");
        prints("fatal error: stack overflow\n\ngoroutine ");
        printint((*gp).goid);
        prints(" [running]:\n");
        match at {
            Some((pc, fp)) => crate::traceback::traceback(gp, fp, Some((pc, true))),
            None => crate::traceback::traceback_self(),
        }
    }
    crate::sys_linux_amd64::exit(2)
}
