//! Futex-based mutex and one-shot notes (gc's lock_futex.go): the only blocking
//! primitives the runtime uses between Ms. Neither allocates.
use core::sync::atomic::{AtomicU32, Ordering};

use crate::sys_linux_amd64::{futexsleep, futexwakeup};

const UNLOCKED: u32 = 0;
const LOCKED: u32 = 1;
/// Locked, and some thread may be sleeping in the kernel on the key.
const SLEEPING: u32 = 2;

/// A mutual-exclusion lock for runtime data shared between Ms.
#[repr(C)]
pub struct Mutex {
    key: AtomicU32,
}

impl Default for Mutex {
    fn default() -> Mutex {
        Mutex::new()
    }
}

impl Mutex {
    pub const fn new() -> Mutex {
        Mutex {
            key: AtomicU32::new(UNLOCKED),
        }
    }

    /// Takes the lock if it is free; never waits.
    pub fn try_lock(&self) -> bool {
        let ok = self
            .key
            .compare_exchange(UNLOCKED, LOCKED, Ordering::Acquire, Ordering::Relaxed)
            .is_ok();
        if ok {
            count_locks(1);
        }
        ok
    }

    pub fn lock(&self) {
        self.lock_raw();
        count_locks(1);
    }

    fn lock_raw(&self) {
        if self
            .key
            .compare_exchange(UNLOCKED, LOCKED, Ordering::Acquire, Ordering::Relaxed)
            .is_ok()
        {
            return;
        }
        // Contended: spin a little (the holder is usually on another CPU and about to
        // let go), then sleep in the kernel, marking the lock SLEEPING so unlock wakes us.
        for _ in 0..100 {
            core::hint::spin_loop();
            if self
                .key
                .compare_exchange(UNLOCKED, LOCKED, Ordering::Acquire, Ordering::Relaxed)
                .is_ok()
            {
                return;
            }
        }
        while self.key.swap(SLEEPING, Ordering::Acquire) != UNLOCKED {
            futexsleep(self.key.as_ptr(), SLEEPING, -1);
        }
    }

    pub fn unlock(&self) {
        count_locks(-1);
        if self.key.swap(UNLOCKED, Ordering::Release) == SLEEPING {
            futexwakeup(self.key.as_ptr(), 1);
        }
    }
}

/// Keeps m.locks, the number of runtime locks the current M holds (gc's m.locks):
/// an M holding one must not be preempted or stop the world, or a stopped goroutine
/// could hold a lock the others wait for (preempt.rs, mgc.rs). Not on the host,
/// where the runtime's unit tests run without g.
#[inline(always)]
fn count_locks(delta: i32) {
    #[cfg(not(test))]
    unsafe {
        let gp = crate::stubs::getg();
        if !gp.is_null() && !(*gp).m.is_null() {
            (*(*gp).m).locks += delta;
        }
    }
    #[cfg(test)]
    let _ = delta;
}

/// A one-shot event: one thread sleeps until another wakes it.
#[repr(C)]
pub struct Note {
    key: AtomicU32,
}

impl Note {
    pub fn clear(&self) {
        self.key.store(0, Ordering::Relaxed);
    }

    pub fn wakeup(&self) {
        if self.key.swap(1, Ordering::Release) != 0 {
            crate::panic::throw("notewakeup - double wakeup");
        }
        futexwakeup(self.key.as_ptr(), 1);
    }

    /// Sleeps until wakeup; returns at once if wakeup already happened.
    pub fn sleep(&self) {
        while self.key.load(Ordering::Acquire) == 0 {
            futexsleep(self.key.as_ptr(), 0, -1);
        }
    }
}
