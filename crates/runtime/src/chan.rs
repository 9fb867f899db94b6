//! Channels: make, send, receive, close (ARCHITECTURE.md, "Channels").
//!
//! # Design
//!
//! gc's design under gc's names. An `Hchan` has a ring buffer of `dataqsiz` elements
//! (none for an unbuffered channel) and two wait queues of `Sudog`s: goroutines
//! blocked sending (`sendq`) and receiving (`recvq`). A sudog records the blocked G
//! and where its value is (`elem`, on that G's stack, which never moves).
//!
//! - A send that finds a waiting receiver copies the value straight into the
//!   receiver's elem and readies it; else it fills a free buffer slot; else it queues
//!   and parks. A receive is the mirror; from a full buffer with a waiting sender it
//!   takes the head and moves the sender's value to the tail, keeping FIFO order.
//! - The waker sets `sudog.success` (false: woken by close) and `g.param` = the
//!   sudog before `goready`; the parked G reads them after waking.
//! - close wakes every waiter: receivers get a zero value and ok = false, senders
//!   panic "send on closed channel".
//! - A sudog of a blocked select may sit on several channels' queues; whoever dequeues
//!   it first must win `g.selectdone` (CAS 0 → 1), the others skip it (select.rs).
//! - A nil channel blocks forever (deadlock detection reports it if nothing else runs).
//!
//! What protects what: `Hchan.lock` protects every field of its channel and the
//! sudogs on its queues (including their `elem` targets while queued). A G parks
//! with the lock held and `gopark` releases it only once the G is off the CPU
//! (parkunlock_c), so a waker can never ready a G that is still running. SUDOG_LOCK
//! protects the sudog free list.
use core::ptr::null_mut;
use core::sync::atomic::Ordering;

use crate::lock_futex::Mutex;
use crate::malloc::mallocgc;
use crate::mgcwb::{memclr_has_pointers, typedmemmove, write_ptr};
use crate::proc::{gopark, goready, parkunlock_c};
use crate::rterror::panic_plain;
use crate::runtime2::*;
use crate::stubs::getg;
use crate::typ::Type;

#[repr(C)]
pub struct Hchan {
    /// Elements in the buffer (len(c) reads this word).
    pub qcount: usize,
    /// Buffer size (cap(c) reads this word).
    pub dataqsiz: usize,
    pub buf: *mut u8,
    pub elemsize: usize,
    pub closed: u32,
    pub elemtype: *const Type,
    /// Ring positions: next slot to send into and to receive from.
    pub sendx: usize,
    pub recvx: usize,
    pub recvq: Waitq,
    pub sendq: Waitq,
    pub lock: Mutex,
}

const _: () = {
    assert!(core::mem::offset_of!(Hchan, qcount) == 0);
    assert!(core::mem::offset_of!(Hchan, dataqsiz) == 8);
};

/// A G waiting on a channel (or on several, in a select).
#[repr(C)]
pub struct Sudog {
    pub g: *mut G,
    pub next: *mut Sudog,
    pub prev: *mut Sudog,
    /// Where the value comes from (send) or goes to (receive); may be null.
    pub elem: *mut u8,
    pub c: *mut Hchan,
    pub is_select: bool,
    /// True if woken by a completed communication, false if by close.
    pub success: bool,
    /// The next sudog of the same select (g.waiting list).
    pub waitlink: *mut Sudog,
    /// The select case this sudog stands for.
    pub casi: usize,
}

/// A FIFO of sudogs.
#[repr(C)]
pub struct Waitq {
    pub first: *mut Sudog,
    pub last: *mut Sudog,
}

impl Waitq {
    pub unsafe fn enqueue(&mut self, sg: *mut Sudog) {
        unsafe {
            // Sudogs and the channels holding the queues are heap objects: pointer
            // writes go through the write barrier (mgcwb.rs).
            write_ptr(&raw mut (*sg).next, null_mut());
            write_ptr(&raw mut (*sg).prev, self.last);
            if self.last.is_null() {
                write_ptr(&raw mut self.first, sg);
            } else {
                write_ptr(&raw mut (*self.last).next, sg);
            }
            write_ptr(&raw mut self.last, sg);
        }
    }

    /// The first waiter that can still be completed; select sudogs whose select was
    /// already completed through another channel are dropped from the queue.
    pub unsafe fn dequeue(&mut self) -> *mut Sudog {
        unsafe {
            loop {
                let sg = self.first;
                if sg.is_null() {
                    return null_mut();
                }
                self.remove(sg);
                if (*sg).is_select
                    && (*(*sg).g)
                        .selectdone
                        .compare_exchange(0, 1, Ordering::AcqRel, Ordering::Relaxed)
                        .is_err()
                {
                    continue;
                }
                return sg;
            }
        }
    }

    /// Unlinks sg (which must be on this queue).
    pub unsafe fn remove(&mut self, sg: *mut Sudog) {
        unsafe {
            let (prev, next) = ((*sg).prev, (*sg).next);
            if prev.is_null() {
                write_ptr(&raw mut self.first, next);
            } else {
                write_ptr(&raw mut (*prev).next, next);
            }
            if next.is_null() {
                write_ptr(&raw mut self.last, prev);
            } else {
                write_ptr(&raw mut (*next).prev, prev);
            }
            write_ptr(&raw mut (*sg).next, null_mut());
            write_ptr(&raw mut (*sg).prev, null_mut());
        }
    }

    /// Whether sg is queued here (a select's cleanup checks before removing).
    pub unsafe fn contains(&self, sg: *mut Sudog) -> bool {
        unsafe { !(*sg).prev.is_null() || self.first == sg }
    }
}

static SUDOG_LOCK: Mutex = Mutex::new();
/// Free sudogs, linked by `next`.
static mut SUDOG_FREE: *mut Sudog = null_mut();

pub unsafe fn acquire_sudog() -> *mut Sudog {
    unsafe {
        SUDOG_LOCK.lock();
        let mut sg = SUDOG_FREE;
        if !sg.is_null() {
            SUDOG_FREE = (*sg).next;
        }
        SUDOG_LOCK.unlock();
        if sg.is_null() {
            sg = mallocgc(core::mem::size_of::<Sudog>(), core::ptr::null(), 1) as *mut Sudog;
        }
        memclr_has_pointers(sg as *mut u8, core::mem::size_of::<Sudog>());
        sg
    }
}

pub unsafe fn release_sudog(sg: *mut Sudog) {
    unsafe {
        SUDOG_LOCK.lock();
        write_ptr(&raw mut (*sg).next, SUDOG_FREE);
        SUDOG_FREE = sg;
        SUDOG_LOCK.unlock();
    }
}

/// make(chan T, size).
#[unsafe(export_name = "runtime.makechan")]
pub unsafe extern "C" fn makechan(elemtype: *const Type, size: i64) -> *mut Hchan {
    unsafe {
        let esize = (*elemtype).size;
        if esize >= 1 << 16 {
            crate::panic::throw("makechan: invalid channel element type");
        }
        let mem = (esize as u128) * (size.max(0) as u128);
        if size < 0 || mem > crate::sizeclasses::MAX_ALLOC as u128 {
            panic_plain("makechan: size out of range");
        }
        let c = mallocgc(core::mem::size_of::<Hchan>(), core::ptr::null(), 1) as *mut Hchan;
        (*c).dataqsiz = size as usize;
        (*c).elemsize = esize;
        (*c).elemtype = elemtype;
        if mem > 0 {
            (*c).buf = mallocgc(mem as usize, elemtype, 1);
        }
        c
    }
}

#[inline]
pub unsafe fn chanbuf(c: *mut Hchan, i: usize) -> *mut u8 {
    unsafe { (*c).buf.add(i * (*c).elemsize) }
}

/// Blocks the current goroutine for good (an operation on a nil channel).
fn block_forever(reason: u8) -> ! {
    loop {
        gopark(None, null_mut(), reason);
    }
}

/// Completes a send to the waiting receiver sg: copies the value from ep and marks
/// sg done. c locked; the caller unlocks and then readies sg.g.
pub unsafe fn send_locked(c: *mut Hchan, sg: *mut Sudog, ep: *const u8) -> *mut G {
    unsafe {
        if !(*sg).elem.is_null() && !ep.is_null() {
            typedmemmove((*sg).elem, ep, (*c).elemsize);
        }
        write_ptr(&raw mut (*sg).elem, null_mut());
        (*sg).success = true;
        let gp = (*sg).g;
        (*gp).param = sg as *mut u8;
        gp
    }
}

/// Completes a receive from the waiting sender sg into ep. c locked; the caller
/// unlocks and then readies the returned G.
pub unsafe fn recv_locked(c: *mut Hchan, sg: *mut Sudog, ep: *mut u8) -> *mut G {
    unsafe {
        let n = (*c).elemsize;
        if (*c).dataqsiz == 0 {
            if !ep.is_null() && !(*sg).elem.is_null() {
                typedmemmove(ep, (*sg).elem, n);
            }
        } else {
            // The buffer is full (a sender waits): take its head, and put the
            // sender's value at the tail, which is the same slot.
            let qp = chanbuf(c, (*c).recvx);
            if !ep.is_null() {
                typedmemmove(ep, qp, n);
            }
            typedmemmove(qp, (*sg).elem, n);
            (*c).recvx += 1;
            if (*c).recvx == (*c).dataqsiz {
                (*c).recvx = 0;
            }
            (*c).sendx = (*c).recvx;
        }
        write_ptr(&raw mut (*sg).elem, null_mut());
        (*sg).success = true;
        let gp = (*sg).g;
        (*gp).param = sg as *mut u8;
        gp
    }
}

/// Puts the value at ep in the buffer (there is room). c locked.
pub unsafe fn bufsend(c: *mut Hchan, ep: *const u8) {
    unsafe {
        typedmemmove(chanbuf(c, (*c).sendx), ep, (*c).elemsize);
        (*c).sendx += 1;
        if (*c).sendx == (*c).dataqsiz {
            (*c).sendx = 0;
        }
        (*c).qcount += 1;
    }
}

/// Takes the buffer's head into ep (may be null). c locked, qcount > 0.
pub unsafe fn bufrecv(c: *mut Hchan, ep: *mut u8) {
    unsafe {
        let qp = chanbuf(c, (*c).recvx);
        if !ep.is_null() {
            typedmemmove(ep, qp, (*c).elemsize);
        }
        memclr_has_pointers(qp, (*c).elemsize);
        (*c).recvx += 1;
        if (*c).recvx == (*c).dataqsiz {
            (*c).recvx = 0;
        }
        (*c).qcount -= 1;
    }
}

unsafe fn chansend(c: *mut Hchan, ep: *const u8) {
    unsafe {
        if c.is_null() {
            block_forever(WAIT_REASON_CHAN_SEND_NIL_CHAN);
        }
        (*c).lock.lock();
        if (*c).closed != 0 {
            (*c).lock.unlock();
            panic_plain("send on closed channel");
        }
        let sg = (*c).recvq.dequeue();
        if !sg.is_null() {
            let gp = send_locked(c, sg, ep);
            (*c).lock.unlock();
            goready(gp);
            return;
        }
        if (*c).qcount < (*c).dataqsiz {
            bufsend(c, ep);
            (*c).lock.unlock();
            return;
        }
        let gp = getg();
        let mysg = acquire_sudog();
        (*mysg).g = gp;
        (*mysg).elem = ep as *mut u8;
        (*mysg).c = c;
        (*gp).param = null_mut();
        (*c).sendq.enqueue(mysg);
        gopark(
            Some(parkunlock_c),
            &raw const (*c).lock as *mut u8,
            WAIT_REASON_CHAN_SEND,
        );
        let ok = (*mysg).success;
        (*gp).param = null_mut();
        release_sudog(mysg);
        if !ok {
            panic_plain("send on closed channel");
        }
    }
}

/// Receives into ep (null: discard); returns whether a value was received (false:
/// the channel is closed and drained, ep zeroed).
unsafe fn chanrecv(c: *mut Hchan, ep: *mut u8) -> bool {
    unsafe {
        if c.is_null() {
            block_forever(WAIT_REASON_CHAN_RECEIVE_NIL_CHAN);
        }
        (*c).lock.lock();
        if (*c).closed != 0 && (*c).qcount == 0 {
            (*c).lock.unlock();
            if !ep.is_null() {
                memclr_has_pointers(ep, (*c).elemsize);
            }
            return false;
        }
        let sg = (*c).sendq.dequeue();
        if !sg.is_null() {
            let gp = recv_locked(c, sg, ep);
            (*c).lock.unlock();
            goready(gp);
            return true;
        }
        if (*c).qcount > 0 {
            bufrecv(c, ep);
            (*c).lock.unlock();
            return true;
        }
        let gp = getg();
        let mysg = acquire_sudog();
        (*mysg).g = gp;
        (*mysg).elem = ep;
        (*mysg).c = c;
        (*gp).param = null_mut();
        (*c).recvq.enqueue(mysg);
        gopark(
            Some(parkunlock_c),
            &raw const (*c).lock as *mut u8,
            WAIT_REASON_CHAN_RECEIVE,
        );
        let ok = (*mysg).success;
        (*gp).param = null_mut();
        release_sudog(mysg);
        ok
    }
}

/// c <- *elem.
#[unsafe(export_name = "runtime.chansend1")]
pub unsafe extern "C" fn chansend1(c: *mut Hchan, elem: *const u8) {
    unsafe { chansend(c, elem) }
    crate::preempt::preempt_sync();
}

/// *elem = <-c (elem may be null: `<-c` as a statement).
#[unsafe(export_name = "runtime.chanrecv1")]
pub unsafe extern "C" fn chanrecv1(c: *mut Hchan, elem: *mut u8) {
    unsafe {
        chanrecv(c, elem);
    }
    crate::preempt::preempt_sync();
}

/// *elem, ok = <-c.
#[unsafe(export_name = "runtime.chanrecv2")]
pub unsafe extern "C" fn chanrecv2(c: *mut Hchan, elem: *mut u8) -> i8 {
    let ok = unsafe { chanrecv(c, elem) as i8 };
    crate::preempt::preempt_sync();
    ok
}

/// close(c): every waiter wakes; receivers get zero values, senders panic.
#[unsafe(export_name = "runtime.closechan")]
pub unsafe extern "C" fn closechan(c: *mut Hchan) {
    unsafe {
        if c.is_null() {
            panic_plain("close of nil channel");
        }
        (*c).lock.lock();
        if (*c).closed != 0 {
            (*c).lock.unlock();
            panic_plain("close of closed channel");
        }
        (*c).closed = 1;
        // Collect the Gs to wake through schedlink (they are parked: nothing else
        // uses it), and ready them once the lock is released.
        let mut list: *mut G = null_mut();
        for q in [&raw mut (*c).recvq, &raw mut (*c).sendq] {
            loop {
                let sg = (*q).dequeue();
                if sg.is_null() {
                    break;
                }
                if q == &raw mut (*c).recvq && !(*sg).elem.is_null() {
                    memclr_has_pointers((*sg).elem, (*c).elemsize);
                }
                write_ptr(&raw mut (*sg).elem, null_mut());
                (*sg).success = false;
                let gp = (*sg).g;
                (*gp).param = sg as *mut u8;
                (*gp).schedlink = list;
                list = gp;
            }
        }
        (*c).lock.unlock();
        while !list.is_null() {
            let gp = list;
            list = (*gp).schedlink;
            (*gp).schedlink = null_mut();
            goready(gp);
        }
    }
}

/// len(c) / cap(c) for callers that prefer a call (compiled code reads the words).
#[unsafe(export_name = "runtime.chanlen")]
pub unsafe extern "C" fn chanlen(c: *const Hchan) -> i64 {
    if c.is_null() { 0 } else { unsafe { (*c).qcount as i64 } }
}

#[unsafe(export_name = "runtime.chancap")]
pub unsafe extern "C" fn chancap(c: *const Hchan) -> i64 {
    if c.is_null() {
        0
    } else {
        unsafe { (*c).dataqsiz as i64 }
    }
}
