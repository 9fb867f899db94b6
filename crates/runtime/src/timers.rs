//! Timers (gc's time.go): the runtime side of `time.Sleep`, `time.After`, `Timer`
//! and `Ticker`, which package time reaches through `time.startTimer` and friends.
//!
//! A timer is package time's `runtimeTimer` (gc 1.19's layout, below): when it is due
//! (nanotime), the scheduler calls `f(arg, seq)`, on g0, so f must not block (time's
//! sendTime does a non-blocking send); a periodic timer is then re-armed `period`
//! later. Each P keeps its timers in a binary min-heap on `when`, under the P's
//! `timers_lock`; a timer added from a goroutine goes into the heap of the P running
//! it. `findrunnable` runs every due timer of every P before looking for goroutines,
//! and an M that finds nothing to do sleeps in netpoll until the earliest timer
//! (netpoll.rs). sysmon's preemption bounds how late a timer runs while every P is
//! busy (a preempted G goes back through findrunnable): about 10 ms.
//!
//! Stopping is lazy: a stopped timer stays in its heap marked DELETED and is dropped
//! when it reaches the top. `t.pp` is the P whose heap holds the timer (null when in
//! none); status changes are made under that P's lock.
//!
//! Heap arrays come from persistentalloc, whose chunks the collector scans as roots,
//! so a timer in a heap (and its f and arg) stays alive; grown arrays are not freed.
use core::ptr::null_mut;
use core::sync::atomic::{AtomicPtr, Ordering};

use crate::malloc::persistentalloc;
use crate::runtime2::*;
use crate::stubs::*;
use crate::time::nanotime;

/// Package time's runtimeTimer (gc 1.19).
#[repr(C)]
pub struct Timer {
    pub pp: AtomicPtr<P>,
    pub when: i64,
    pub period: i64,
    /// A Go func value `func(any, uintptr)`: a pointer to {code, ...}.
    pub f: *const usize,
    pub arg_type: *const u8,
    pub arg_data: *const u8,
    pub seq: usize,
    pub nextwhen: i64,
    pub status: u32,
}

/// Not in any heap.
const TIMER_NONE: u32 = 0;
/// In t.pp's heap, to run at t.when.
const TIMER_WAITING: u32 = 1;
/// In t.pp's heap, stopped: dropped when it reaches the top.
const TIMER_DELETED: u32 = 2;

/// A P's timer heap (fields of P).
#[repr(C)]
pub struct Timers {
    pub lock: crate::lock_futex::Mutex,
    pub heap: *mut *mut Timer,
    pub len: usize,
    pub cap: usize,
}

impl Timers {
    fn at(&self, i: usize) -> *mut Timer {
        unsafe { *self.heap.add(i) }
    }

    fn set(&mut self, i: usize, t: *mut Timer) {
        unsafe { *self.heap.add(i) = t };
    }

    fn swap(&mut self, i: usize, j: usize) {
        let t = self.at(i);
        self.set(i, self.at(j));
        self.set(j, t);
    }

    fn when(&self, i: usize) -> i64 {
        unsafe { (*self.at(i)).when }
    }

    fn push(&mut self, t: *mut Timer) {
        if self.len == self.cap {
            let cap = if self.cap == 0 { 16 } else { self.cap * 2 };
            let heap = persistentalloc(cap * 8, 8) as *mut *mut Timer;
            unsafe { core::ptr::copy_nonoverlapping(self.heap, heap, self.len) };
            self.heap = heap;
            self.cap = cap;
        }
        self.set(self.len, t);
        self.len += 1;
        self.sift_up(self.len - 1);
    }

    /// Removes element i, keeping the heap order.
    fn remove(&mut self, i: usize) {
        self.len -= 1;
        if i != self.len {
            self.set(i, self.at(self.len));
            self.sift_down(i);
            self.sift_up(i);
        }
        self.set(self.len, null_mut());
    }

    fn sift_up(&mut self, mut i: usize) {
        while i > 0 {
            let parent = (i - 1) / 2;
            if self.when(parent) <= self.when(i) {
                break;
            }
            self.swap(i, parent);
            i = parent;
        }
    }

    fn sift_down(&mut self, mut i: usize) {
        loop {
            let l = 2 * i + 1;
            if l >= self.len {
                return;
            }
            let c = if l + 1 < self.len && self.when(l + 1) < self.when(l) { l + 1 } else { l };
            if self.when(i) <= self.when(c) {
                return;
            }
            self.swap(i, c);
            i = c;
        }
    }

    fn index_of(&self, t: *mut Timer) -> Option<usize> {
        (0..self.len).find(|&i| self.at(i) == t)
    }
}

/// Locks the heap holding t (if any) and returns its P, still locked; null if t is in
/// no heap.
unsafe fn lock_timer_p(t: *mut Timer) -> *mut P {
    unsafe {
        loop {
            let pp = (*t).pp.load(Ordering::Acquire);
            if pp.is_null() {
                return pp;
            }
            (*pp).timers.lock.lock();
            if (*t).pp.load(Ordering::Acquire) == pp {
                return pp;
            }
            (*pp).timers.lock.unlock();
        }
    }
}

/// Adds t (in no heap) to the current P's heap.
unsafe fn addtimer(t: *mut Timer) {
    unsafe {
        let pp = (*getm()).p;
        if pp.is_null() {
            crate::panic::throw("addtimer: no P");
        }
        (*pp).timers.lock.lock();
        (*t).status = TIMER_WAITING;
        (*t).pp.store(pp, Ordering::Release);
        (*pp).timers.push(t);
        (*pp).timers.lock.unlock();
        crate::netpoll::wake_netpoller((*t).when);
    }
}

/// Stops t; whether it was waiting to run (gc's deltimer).
unsafe fn deltimer(t: *mut Timer) -> bool {
    unsafe {
        let pp = lock_timer_p(t);
        if pp.is_null() {
            return false;
        }
        let was = (*t).status == TIMER_WAITING;
        (*t).status = TIMER_DELETED;
        (*pp).timers.lock.unlock();
        was
    }
}

/// Moves t to `when` (and `period`), running or not; whether it was waiting.
unsafe fn modtimer(t: *mut Timer, when: i64, period: i64) -> bool {
    unsafe {
        let pp = lock_timer_p(t);
        if !pp.is_null() {
            let was = (*t).status == TIMER_WAITING;
            (*t).when = when;
            (*t).period = period;
            (*t).status = TIMER_WAITING;
            if let Some(i) = (*pp).timers.index_of(t) {
                (*pp).timers.sift_down(i);
                (*pp).timers.sift_up(i);
            }
            (*pp).timers.lock.unlock();
            crate::netpoll::wake_netpoller(when);
            return was;
        }
        (*t).when = when;
        (*t).period = period;
        addtimer(t);
        false
    }
}

/// Calls a timer's Go func value f(arg, seq): the code address is the funcval's first
/// word, and the func value itself is the trailing context argument (ARCHITECTURE.md).
unsafe fn call_timer_func(f: *const usize, arg_type: *const u8, arg_data: *const u8, seq: usize) {
    unsafe {
        let code: extern "C" fn(*const u8, *const u8, usize, *const usize) = core::mem::transmute(*f);
        code(arg_type, arg_data, seq, f);
    }
}

/// Runs pp's due timers; returns when the next one is due (0: none). `try_only`: give
/// up if the heap is locked by someone else (another P's heap, from findrunnable).
pub unsafe fn runtimers(pp: *mut P, now: i64, try_only: bool) -> i64 {
    unsafe {
        let ts = &raw mut (*pp).timers;
        if (*ts).len == 0 {
            return 0;
        }
        if try_only {
            if !(*ts).lock.try_lock() {
                return 0;
            }
        } else {
            (*ts).lock.lock();
        }
        let mut next = 0;
        while (*ts).len > 0 {
            let t = (*ts).at(0);
            if (*t).status == TIMER_DELETED {
                (*ts).remove(0);
                (*t).status = TIMER_NONE;
                (*t).pp.store(null_mut(), Ordering::Release);
                continue;
            }
            if (*t).when > now {
                next = (*t).when;
                break;
            }
            let (f, at, ad, seq) = ((*t).f, (*t).arg_type, (*t).arg_data, (*t).seq);
            if (*t).period > 0 {
                // Re-arm for the first period boundary after now (gc's runOneTimer).
                let late = now - (*t).when;
                (*t).when = (*t).when.saturating_add((*t).period.saturating_mul(1 + late / (*t).period));
                (*ts).sift_down(0);
            } else {
                (*ts).remove(0);
                (*t).status = TIMER_NONE;
                (*t).pp.store(null_mut(), Ordering::Release);
            }
            (*ts).lock.unlock();
            call_timer_func(f, at, ad, seq);
            (*ts).lock.lock();
        }
        (*ts).lock.unlock();
        next
    }
}

/// Moves every waiting timer of `from` (a P being destroyed) to `to`'s heap; stopped
/// ones are dropped (gc's moveTimers).
pub unsafe fn move_timers(from: *mut P, to: *mut P) {
    unsafe {
        let src = &raw mut (*from).timers;
        let dst = &raw mut (*to).timers;
        (*src).lock.lock();
        (*dst).lock.lock();
        for i in 0..(*src).len {
            let t = (*src).at(i);
            (*src).set(i, null_mut());
            if (*t).status == TIMER_DELETED {
                (*t).status = TIMER_NONE;
                (*t).pp.store(null_mut(), Ordering::Release);
            } else {
                (*t).pp.store(to, Ordering::Release);
                (*dst).push(t);
            }
        }
        (*src).len = 0;
        (*dst).lock.unlock();
        (*src).lock.unlock();
    }
}

/// Whether any P has a timer (a racy look, for skipping the clock read).
pub unsafe fn any_timers() -> bool {
    unsafe { (0..GOMAXPROCS).any(|i| (*allp(i)).timers.len != 0) }
}

/// Runs the due timers of every P (the current one first); returns the earliest time
/// a remaining timer is due, or 0.
pub unsafe fn checktimers() -> i64 {
    unsafe {
        if !any_timers() {
            return 0;
        }
        let now = nanotime();
        let cur = (*getm()).p;
        let mut next = runtimers(cur, now, false);
        for i in 0..GOMAXPROCS {
            let pp = allp(i);
            if pp != cur {
                let w = runtimers(pp, now, true);
                if w != 0 && (next == 0 || w < next) {
                    next = w;
                }
            }
        }
        next
    }
}

/// The earliest `when` over every P's heap top (a stopped timer may make it early: a
/// spurious wake-up at worst), or 0.
pub unsafe fn earliest() -> i64 {
    unsafe {
        let mut next = 0;
        for i in 0..GOMAXPROCS {
            let ts = &raw mut (*allp(i)).timers;
            if (*ts).len == 0 {
                continue;
            }
            (*ts).lock.lock();
            if (*ts).len > 0 {
                let w = (*ts).when(0);
                if next == 0 || w < next {
                    next = w;
                }
            }
            (*ts).lock.unlock();
        }
        next
    }
}

// --- package time's runtime functions ------------------------------------------------

/// The func value every sleep timer calls: `goroutineReady(arg, seq)` readies the G
/// in arg's data word.
static GOROUTINE_READY: extern "C" fn(*const u8, *const u8, usize, *const usize) = goroutine_ready;

extern "C" fn goroutine_ready(_arg_type: *const u8, gp: *const u8, _seq: usize, _ctx: *const usize) {
    unsafe { crate::proc::goready(gp as *mut G) };
}

/// gopark's unlockf for Sleep: the timer goes in only once the G is parked, so that it
/// cannot fire (and ready the G) before then.
unsafe fn reset_for_sleep(_gp: *mut G, t: *mut u8) -> bool {
    unsafe { addtimer(t as *mut Timer) };
    true
}

/// `time.Sleep(ns)` (gc's timeSleep).
#[unsafe(export_name = "time.Sleep")]
pub extern "C" fn time_sleep(ns: i64) {
    if ns <= 0 {
        return;
    }
    unsafe {
        let gp = getg();
        let mut t = (*gp).timer as *mut Timer;
        if t.is_null() {
            t = persistentalloc(core::mem::size_of::<Timer>(), 8) as *mut Timer;
            (*t).f = &raw const GOROUTINE_READY as *const usize;
            (*t).arg_data = gp as *const u8;
            (*gp).timer = t as *mut u8;
        }
        (*t).when = nanotime().saturating_add(ns);
        (*t).period = 0;
        crate::proc::gopark(Some(reset_for_sleep), t as *mut u8, WAIT_REASON_SLEEP);
    }
}

/// `time.startTimer(t)`.
#[unsafe(export_name = "time.startTimer")]
pub unsafe extern "C" fn start_timer(t: *mut Timer) {
    unsafe {
        if (*t).when < 0 {
            (*t).when = i64::MAX;
        }
        addtimer(t);
    }
}

/// `time.stopTimer(t) bool`: whether t was stopped before it ran.
#[unsafe(export_name = "time.stopTimer")]
pub unsafe extern "C" fn stop_timer(t: *mut Timer) -> bool {
    unsafe { deltimer(t) }
}

/// `time.resetTimer(t, when) bool`: whether t was waiting.
#[unsafe(export_name = "time.resetTimer")]
pub unsafe extern "C" fn reset_timer(t: *mut Timer, when: i64) -> bool {
    unsafe { modtimer(t, when, (*t).period) }
}

/// `time.runtimeNano() int64`: the monotonic clock timers use.
#[unsafe(export_name = "time.runtimeNano")]
pub extern "C" fn runtime_nano() -> i64 {
    nanotime()
}
