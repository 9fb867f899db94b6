//! Goroutine stacks: fixed-size slots carved from one big MAP_NORESERVE reservation.
//!
//! Why one reservation: vm.max_map_count (65530) forbids one mapping per goroutine,
//! and reserving address space is free. Each stack is STACK_SIZE bytes of virtual
//! memory; pages become real when touched. Stacks of dead Gs are reused with the G
//! (gfput/gfget), and freed slots go on a free list. There are no guard pages between
//! slots yet (mprotect per stack would split the mapping and hit the same map limit),
//! and stacks do not grow: compiled code has no stack checks yet.
//!
//! STACKLOCK protects STACK_NEXT and STACK_FREE.
use crate::lock_futex::Mutex;
use crate::panic::throw;
use crate::runtime2::Stack;
use crate::sys_linux_amd64::{MAP_ANONYMOUS, MAP_NORESERVE, MAP_PRIVATE, PROT_READ, PROT_WRITE, mmap};

/// Virtual size of every goroutine (and non-m0 g0) stack.
pub const STACK_SIZE: usize = 8 << 20;
/// Number of slots in the reservation (256 GiB of address space).
const STACK_SLOTS: usize = 32768;
/// Bytes kept free below stackguard0 for runtime code called without a check (gc's
/// StackGuard).
pub const STACK_GUARD: usize = 928;

static STACKLOCK: Mutex = Mutex::new();
static mut STACK_BASE: usize = 0;
static mut STACK_NEXT: usize = 0;
/// Freed slots, linked through their first word.
static mut STACK_FREE: usize = 0;

#[unsafe(export_name = "runtime.stackinit")]
pub fn stackinit() {
    let n = STACK_SIZE * STACK_SLOTS;
    let p = mmap(
        0,
        n,
        PROT_READ | PROT_WRITE,
        MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
    );
    if p < 0 {
        throw("stackinit: cannot reserve goroutine stacks");
    }
    unsafe {
        STACK_BASE = p as usize;
        STACK_NEXT = p as usize;
    }
}

/// The reservation's base address and number of slots.
pub fn stack_reservation() -> (usize, usize) {
    unsafe { (STACK_BASE, STACK_SLOTS) }
}

/// A fresh stack of STACK_SIZE bytes.
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
            let lo = STACK_NEXT;
            STACK_NEXT += STACK_SIZE;
            lo
        }
    };
    STACKLOCK.unlock();
    Stack {
        lo,
        hi: lo + STACK_SIZE,
    }
}

/// Returns a stack to the free list.
#[unsafe(export_name = "runtime.stackfree")]
pub fn stackfree(s: &Stack) {
    STACKLOCK.lock();
    unsafe {
        *(s.lo as *mut usize) = STACK_FREE;
        STACK_FREE = s.lo;
    }
    STACKLOCK.unlock();
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
        crate::print::printlock();
        crate::print::prints("runtime: goroutine stack exceeds ");
        crate::print::printint(STACK_SIZE as i64);
        crate::print::prints("-byte limit\nruntime: sp=");
        crate::print::printhex(crate::stubs::getsp() as u64);
        crate::print::prints(" stack=[");
        crate::print::printhex((*gp).stack.lo as u64);
        crate::print::prints(", ");
        crate::print::printhex((*gp).stack.hi as u64);
        crate::print::prints("]\n");
    }
    throw("stack overflow")
}
