//! The network poller (gc's netpoll_epoll.go), for now only the part timers need: an
//! M with nothing to run sleeps in `epoll_wait` until the earliest timer is due, and
//! whoever adds an earlier timer interrupts it through an eventfd (`netpoll_break`).
//! File descriptors for network I/O join the same epoll set when package net comes.
//!
//! At most one M waits in netpoll at a time (`POLLER`); `POLL_UNTIL` is when it
//! will wake on its own (0 while nobody waits), so adders know whether to break.
use core::sync::atomic::{AtomicBool, AtomicI64, AtomicU32, AtomicUsize, Ordering};

use crate::panic::throw;
use crate::sys_linux_amd64::*;

static EPFD: AtomicUsize = AtomicUsize::new(usize::MAX);
static EVENTFD: AtomicUsize = AtomicUsize::new(usize::MAX);
/// Set while a break is pending, so that many adders write the eventfd once.
static WAKE_SIG: AtomicU32 = AtomicU32::new(0);
/// An M is (about to be) blocked in netpoll.
pub static POLLER: AtomicBool = AtomicBool::new(false);
/// When the blocked poller wakes by itself (nanotime), or 0.
pub static POLL_UNTIL: AtomicI64 = AtomicI64::new(0);

/// Creates the epoll set and its wake-up eventfd (schedinit).
pub fn netpollinit() {
    let ep = epoll_create1(O_CLOEXEC);
    let ev = eventfd2(0, O_CLOEXEC | O_NONBLOCK);
    if ep < 0 || ev < 0 {
        throw("runtime: netpollinit failed");
    }
    let e = EpollEvent { events: EPOLLIN, data: 0 };
    if epoll_ctl(ep as usize, EPOLL_CTL_ADD, ev as usize, &e) < 0 {
        throw("runtime: netpollinit: epoll_ctl failed");
    }
    EPFD.store(ep as usize, Ordering::Release);
    EVENTFD.store(ev as usize, Ordering::Release);
}

/// Tries to become the one M that waits in netpoll; `until` is its wake-up time.
pub fn become_poller(until: i64) -> bool {
    if POLLER.compare_exchange(false, true, Ordering::AcqRel, Ordering::Relaxed).is_err() {
        return false;
    }
    POLL_UNTIL.store(until, Ordering::Release);
    true
}

/// Blocks the poller for up to `delay` ns (at least 1 ms, as gc rounds), or until
/// netpoll_break; then gives up the poller role.
pub fn netpoll(delay: i64) {
    let ms = if delay <= 0 {
        0
    } else if delay < 1_000_000 {
        1
    } else if delay < 1_000_000_000_000_000 {
        (delay / 1_000_000) as isize
    } else {
        -1
    };
    let mut evs = [EpollEvent { events: 0, data: 0 }, EpollEvent { events: 0, data: 0 }];
    let n = epoll_wait(EPFD.load(Ordering::Acquire), evs.as_mut_ptr(), evs.len(), ms);
    if n > 0 {
        // Only the eventfd is in the set: drain it and allow the next break.
        let mut buf = [0u8; 8];
        read(EVENTFD.load(Ordering::Acquire), buf.as_mut_ptr(), 8);
        WAKE_SIG.store(0, Ordering::Release);
    }
    POLL_UNTIL.store(0, Ordering::Release);
    POLLER.store(false, Ordering::Release);
}

/// Wakes the poller early (gc's netpollBreak).
pub fn netpoll_break() {
    if WAKE_SIG.compare_exchange(0, 1, Ordering::AcqRel, Ordering::Relaxed).is_err() {
        return;
    }
    let one: u64 = 1;
    write(EVENTFD.load(Ordering::Acquire), &one as *const u64 as *const u8, 8);
}

/// A timer due at `when` was added: make sure some M will be awake for it (gc's
/// wakeNetPoller). If the poller sleeps past `when`, break it; if no M polls, wake
/// an idle one (it will poll if it finds nothing else to do).
pub fn wake_netpoller(when: i64) {
    if POLLER.load(Ordering::Acquire) {
        let until = POLL_UNTIL.load(Ordering::Acquire);
        if until == 0 || until > when {
            netpoll_break();
        }
    } else {
        crate::proc::wakep();
    }
}
