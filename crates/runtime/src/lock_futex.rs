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
        self.key
            .compare_exchange(UNLOCKED, LOCKED, Ordering::Acquire, Ordering::Relaxed)
            .is_ok()
    }

    pub fn lock(&self) {
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
        if self.key.swap(UNLOCKED, Ordering::Release) == SLEEPING {
            futexwakeup(self.key.as_ptr(), 1);
        }
    }
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
