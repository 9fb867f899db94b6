//! Goroutine stacks: small, and growing by copying, as in gc.
//!
//! A goroutine starts on a STACK_MIN (2 KB) stack. Every compiled Go function (and
//! every assembly function without NOSPLIT) begins with a stack check made before its
//! frame is allocated (codegen emit.rs, asm frame.rs):
//!
//! ```text
//!     cmp %fs:0, %rsp                  (frames up to STACK_SMALL bytes)
//!     lea -(frame-STACK_SMALL)(%rsp), %rax ; cmp %fs:0, %rax     (bigger frames)
//!     jb  slow
//! slow: call runtime.morestack ; jmp <function start>
//! ```
//!
//! The TLS word at %fs:0 is the current goroutine's stack guard, its stack's bottom +
//! STACK_GUARD (stubs.rs setg; gc keeps it in g.stackguard0 and reaches g through a
//! register, which Cranelift code here has not). The check thus leaves at least
//! STACK_GUARD − STACK_SMALL bytes below every frame for the runtime's Rust code,
//! which has no checks. The main goroutine's stack is fixed at gc's 1 GB limit (deep
//! recursion there costs no copying), so the check there only reports the overflow.
//!
//! `runtime.morestack` (asm) saves every general register on the stack and calls
//! `newstack` on the g0 stack, which copies the stack into one twice the size and
//! returns the new SP; the slow path then jumps back to the check. Pointers into the
//! old stack are adjusted conservatively: every word of the copy, the saved registers
//! and the stack-holding fields of the G and its defer and panic records that lies
//! inside the old stack's bounds is moved by the same distance. That is safe because
//! escape analysis keeps every variable whose address is taken off the stack (the
//! only stack addresses are frame links, saved registers and transient addresses of
//! stack slots), and no other goroutine points into a running goroutine's stack. A
//! non-pointer word that happens to hold an address inside the old stack is changed
//! too: an integer made from a stack address (unsafe), or sub-word fields next to
//! stale padding. Stacks are size-aligned, so the distance is a multiple of the old
//! size and a word's lowest byte never changes; runtime records that stay on a
//! goroutine stack while Go code runs keep each flag alone in a zero-padded word
//! (defer.rs Panic).
//!
//! A runnable goroutine that uses less than a quarter of its stack gets half of it
//! at its first execute of each collection cycle (stackcopy.rs shrinkstack, gc's
//! shrinkstack); a dead G keeps a STACK_MIN stack for reuse and gives a grown one
//! back (gfput). Freed stacks of a class go on that class's free list;
//! freed stacks from 16 KB up give their pages back to the OS (but the first).
//!
//! The lowest word of every stack holds STACK_CANARY: runtime code that overran its
//! STACK_GUARD bytes would overwrite it (and whatever lies below: the neighbouring
//! stack); gfput and every stack move check it and stop the program if it is gone.
use core::sync::atomic::{AtomicU64, Ordering::Relaxed};

use crate::lock_futex::Mutex;
use crate::panic::throw;
use crate::runtime2::{G, Stack};
use crate::sys_linux_amd64::{MADV_DONTNEED, MAP_ANONYMOUS, MAP_NORESERVE, MAP_PRIVATE, PROT_NONE, PROT_READ, PROT_WRITE, madvise, mmap, mprotect};

/// Size of a new goroutine's stack (gc's _StackMin).
pub const STACK_MIN: usize = 2048;
/// The stack guard is the stack's bottom + STACK_GUARD (gc's StackGuard is 928; Rust
/// frames are a little bigger).
pub const STACK_GUARD: usize = 1024;
/// Frames up to this size are checked against SP itself and may use that much of
/// STACK_GUARD (gc's StackSmall; codegen emit.rs and asm frame.rs use the same).
pub const STACK_SMALL: usize = 128;
/// Stacks of the runtime's own goroutines (bgsweep, …), which run Rust code only.
pub const SYSTEM_STACK: usize = 256 << 10;
/// gc's maximum stack size (runtime.main sets proc.rs MAXSTACKSIZE to it), the size
/// of the main goroutine's fixed stack.
pub const MAX_STACK: usize = 1_000_000_000;
/// Size classes STACK_MIN << k for k < CLASSES: 2 KB to 1 GiB.
const CLASSES: usize = 20;
/// log2 of a class region's size: stacks of each size class come from a region of
/// their own, so a stack's class (and whether it can grow) follows from its address.
const REGION_SHIFT: u32 = 40;
/// Stacks from this size up return their pages to the OS when freed, all but the
/// first, which holds the free-list link.
const RELEASE_SIZE: usize = 16 << 10;
/// The OS page: the unit given back, and the guard below the fixed stacks.
const PAGE: usize = 4096;
/// Written at the bottom of every stack (see the module comment).
const STACK_CANARY: usize = 0x5ac0_ffee_57ac_c0de;
/// Virtual size of a g0 stack (Ms other than m0): only Rust code runs there.
const G0_STACK: usize = 64 << 20;

static STACKLOCK: Mutex = Mutex::new();
/// Bytes of goroutine stacks in use, and held from the OS (in use, or free but not
/// given back): MemStats.StackInuse and StackSys, gctrace's "MB stacks".
pub static STACK_INUSE: AtomicU64 = AtomicU64::new(0);
pub static STACK_SYS: AtomicU64 = AtomicU64::new(0);
/// Start of class 0's region; class k's starts k << REGION_SHIFT later.
static mut REGION_BASE: usize = 0;
/// Per class: the next never-used stack, and the free list (linked through the
/// lowest word of each free stack).
static mut NEXT: [usize; CLASSES] = [0; CLASSES];
static mut FREE: [usize; CLASSES] = [0; CLASSES];

/// Reserves the class regions (address space only).
#[unsafe(export_name = "runtime.stackinit")]
pub fn stackinit() {
    let region = 1usize << REGION_SHIFT;
    let p = mmap(0, (CLASSES + 1) * region, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE);
    if p < 0 {
        throw("stackinit: cannot reserve goroutine stacks");
    }
    let base = (p as usize).next_multiple_of(region);
    unsafe {
        REGION_BASE = base;
        for k in 0..CLASSES {
            NEXT[k] = base + (k << REGION_SHIFT);
        }
    }
}

/// The class regions: (start, bytes).
pub fn stack_reservation() -> (usize, usize) {
    unsafe { (REGION_BASE, CLASSES << REGION_SHIFT) }
}

/// The size class of an n-byte stack (n a power of two ≥ STACK_MIN).
fn class_of(n: usize) -> usize {
    (n / STACK_MIN).trailing_zeros() as usize
}

/// A stack of `n` bytes (a power of two, STACK_MIN up to 1 GiB), n-aligned in its
/// class region.
#[unsafe(export_name = "runtime.stackalloc")]
pub fn stackalloc(n: usize) -> Stack {
    if !n.is_power_of_two() || n < STACK_MIN || n > STACK_MIN << (CLASSES - 1) {
        throw("stackalloc: bad size");
    }
    let k = class_of(n);
    STACKLOCK.lock();
    let lo = unsafe {
        if FREE[k] != 0 {
            let lo = FREE[k];
            FREE[k] = *(lo as *const usize);
            STACK_SYS.fetch_add(released(n) as u64, Relaxed);
            lo
        } else {
            let lo = NEXT[k];
            if lo + n > REGION_BASE + ((k + 1) << REGION_SHIFT) {
                STACKLOCK.unlock();
                throw("out of goroutine stacks");
            }
            NEXT[k] = lo + n;
            STACK_SYS.fetch_add(n as u64, Relaxed);
            lo
        }
    };
    STACKLOCK.unlock();
    STACK_INUSE.fetch_add(n as u64, Relaxed);
    unsafe { *(lo as *mut usize) = STACK_CANARY };
    Stack { lo, hi: lo + n }
}

/// Gives a stack from stackalloc back.
#[unsafe(export_name = "runtime.stackfree")]
pub fn stackfree(s: &Stack) {
    let n = s.hi - s.lo;
    if released(n) > 0 {
        madvise(s.lo + PAGE, n - PAGE, MADV_DONTNEED);
        STACK_SYS.fetch_sub(released(n) as u64, Relaxed);
    }
    let k = class_of(n);
    STACK_INUSE.fetch_sub(n as u64, Relaxed);
    STACKLOCK.lock();
    unsafe {
        *(s.lo as *mut usize) = FREE[k];
        FREE[k] = s.lo;
    }
    STACKLOCK.unlock();
}

/// The bytes of a free n-byte stack that go back to the OS.
fn released(n: usize) -> usize {
    if n >= RELEASE_SIZE { n - PAGE } else { 0 }
}

/// Stops the program if runtime code overran the bottom of `gp`'s stack.
pub unsafe fn check_canary(gp: *mut G) {
    unsafe {
        let lo = (*gp).stack.lo;
        if is_growable(&(*gp).stack) && *(lo as *const usize) != STACK_CANARY {
            throw("runtime code overran STACK_GUARD at the bottom of a goroutine stack");
        }
    }
}

/// Whether `s` came from stackalloc (growable), not from guarded_stack.
pub fn is_growable(s: &Stack) -> bool {
    let (base, len) = stack_reservation();
    s.lo >= base && s.lo < base + len
}

/// A fixed stack of `n` bytes with an inaccessible page below it, in a mapping of its
/// own, outside the class regions: the main goroutine's, with gc's 1 GB limit, and
/// the g0 stacks (where only Rust code runs).
fn guarded_stack(n: usize) -> Stack {
    let p = mmap(0, PAGE + n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE);
    if p < 0 {
        throw("cannot map a stack");
    }
    let base = p as usize;
    mprotect(base, PAGE, PROT_NONE);
    Stack { lo: base + PAGE, hi: base + PAGE + n }
}

/// The main goroutine's stack.
pub fn main_stack() -> Stack {
    guarded_stack(MAX_STACK.next_multiple_of(PAGE))
}

/// A g0 stack for a new M.
pub fn g0_stack() -> Stack {
    guarded_stack(G0_STACK)
}

/// Whether `addr` is in the guard page below the fixed stack [lo, hi).
pub fn in_guard_page(s: &Stack, addr: usize) -> bool {
    !is_growable(s) && s.lo != 0 && addr < s.lo && addr >= s.lo - PAGE
}

/// gc's report of an exhausted goroutine stack; exits with status 2. `at` is the
/// interrupted (pc, frame pointer) when a signal handler or morestack reports it;
/// without it the traceback starts from here.
pub unsafe fn stack_overflow(gp: *mut G, sp: usize, at: Option<(usize, usize)>) -> ! {
    use crate::print::*;
    unsafe {
        prints("runtime: goroutine stack exceeds ");
        printint(crate::proc::MAXSTACKSIZE as i64);
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
