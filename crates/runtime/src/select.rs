//! select: `selectgo(cases, ncases, block) -> (index, recvOK)` with 24-byte cases
//! `{c, elem, dir (0 send, 1 recv)}`; index -1 is the default case (block = 0).
//!
//! As in gc: the cases are polled in a random order (fairness: no case starves), all
//! involved channels are locked in address order (no deadlock between two selects),
//! and if none is ready the G enqueues a sudog on every channel and parks. The first
//! channel operation to win the G's `selectdone` CAS completes the select (chan.rs
//! `Waitq::dequeue`); on waking, the G dequeues its other sudogs.
//!
//! The channel locks protect everything as in chan.rs; while the G is parked its
//! sudogs belong to the channels' queues.
use core::ptr::null_mut;
use core::sync::atomic::Ordering;

use crate::chan::*;
use crate::malloc::mallocgc;
use crate::proc::{gopark, goready};
use crate::rterror::panic_plain;
use crate::runtime2::*;
use crate::stubs::getg;

#[repr(C)]
pub struct Scase {
    pub c: *mut Hchan,
    pub elem: *mut u8,
    pub dir: usize,
}

const _: () = assert!(core::mem::size_of::<Scase>() == 24);

pub const DIR_SEND: usize = 0;
pub const DIR_RECV: usize = 1;

/// The result, in RAX:RDX.
#[repr(C)]
pub struct SelectResult {
    pub index: i64,
    pub recv_ok: i8,
}

struct Locks {
    cases: *const Scase,
    lockorder: *const u16,
    n: usize,
}

unsafe fn sellock(l: &Locks) {
    unsafe {
        let mut prev: *mut Hchan = null_mut();
        for k in 0..l.n {
            let c = (*l.cases.add(*l.lockorder.add(k) as usize)).c;
            if c != prev {
                prev = c;
                (*c).lock.lock();
            }
        }
    }
}

unsafe fn selunlock(l: &Locks) {
    unsafe {
        // Unlock in reverse, so a duplicate channel is unlocked once (at its first
        // occurrence in lock order).
        for k in (0..l.n).rev() {
            let c = (*l.cases.add(*l.lockorder.add(k) as usize)).c;
            if k > 0 && (*l.cases.add(*l.lockorder.add(k - 1) as usize)).c == c {
                continue;
            }
            (*c).lock.unlock();
        }
    }
}

/// gopark's unlockf: the G is off the CPU, release the channels.
unsafe fn selparkcommit(_gp: *mut G, l: *mut u8) -> bool {
    unsafe { selunlock(&*(l as *const Locks)) };
    true
}

/// The select statement (compiled code's entry): selectgo1, then the synchronous
/// preemption check (preempt.rs), for goroutines that loop on selects.
#[unsafe(export_name = "runtime.selectgo")]
pub unsafe extern "C" fn selectgo(cases: *mut Scase, ncases: i64, block: u64) -> SelectResult {
    let r = unsafe { selectgo1(cases, ncases, block) };
    crate::preempt::preempt_sync();
    r
}

unsafe fn selectgo1(cases: *mut Scase, ncases: i64, block: u64) -> SelectResult {
    // block is a Go bool (i8): only its low byte is defined (callers need not extend).
    let block = block as u8;
    unsafe {
        let n = ncases.max(0) as usize;
        if n > u16::MAX as usize {
            crate::panic::throw("select: too many cases");
        }
        // Scratch for the two orders: on the stack for small selects (a few: the
        // goroutine stack leaves runtime code 896 bytes, stack.rs).
        const SMALL: usize = 16;
        let mut small = [0u16; 3 * SMALL];
        let scratch: &mut [u16] = if n <= SMALL {
            &mut small[..3 * n]
        } else {
            core::slice::from_raw_parts_mut(mallocgc(3 * n * 2, core::ptr::null(), 1) as *mut u16, 3 * n)
        };
        let (live, rest) = scratch.split_at_mut(n);
        let (pollorder, lockorder) = rest.split_at_mut(n);
        // Cases on nil channels never proceed: leave them out.
        let mut nlive = 0;
        for i in 0..n {
            if !(*cases.add(i)).c.is_null() {
                live[nlive] = i as u16;
                nlive += 1;
            }
        }
        crate::selectorder::permute(&live[..nlive], pollorder, crate::alg::fastrandn);
        lockorder[..nlive].copy_from_slice(&live[..nlive]);
        lockorder[..nlive].sort_unstable_by_key(|&i| (*cases.add(i as usize)).c as usize);
        let locks = Locks {
            cases,
            lockorder: lockorder.as_ptr(),
            n: nlive,
        };

        sellock(&locks);
        // Pass 1: a case that can proceed now.
        for &i in pollorder[..nlive].iter() {
            let cas = &*cases.add(i as usize);
            let c = cas.c;
            if cas.dir == DIR_SEND {
                if (*c).closed != 0 {
                    selunlock(&locks);
                    panic_plain("send on closed channel");
                }
                let sg = (*c).recvq.dequeue();
                if !sg.is_null() {
                    let gp = send_locked(c, sg, cas.elem);
                    selunlock(&locks);
                    goready(gp);
                    return SelectResult {
                        index: i as i64,
                        recv_ok: 0,
                    };
                }
                if (*c).qcount < (*c).dataqsiz {
                    bufsend(c, cas.elem);
                    selunlock(&locks);
                    return SelectResult {
                        index: i as i64,
                        recv_ok: 0,
                    };
                }
            } else {
                let sg = (*c).sendq.dequeue();
                if !sg.is_null() {
                    let gp = recv_locked(c, sg, cas.elem);
                    selunlock(&locks);
                    goready(gp);
                    return SelectResult {
                        index: i as i64,
                        recv_ok: 1,
                    };
                }
                if (*c).qcount > 0 {
                    bufrecv(c, cas.elem);
                    selunlock(&locks);
                    return SelectResult {
                        index: i as i64,
                        recv_ok: 1,
                    };
                }
                if (*c).closed != 0 {
                    selunlock(&locks);
                    if !cas.elem.is_null() {
                        crate::mgcwb::memclr_has_pointers(cas.elem, (*c).elemsize);
                    }
                    return SelectResult {
                        index: i as i64,
                        recv_ok: 0,
                    };
                }
            }
        }
        if block == 0 {
            selunlock(&locks);
            return SelectResult { index: -1, recv_ok: 0 };
        }

        // Pass 2: wait on every channel.
        let gp = getg();
        (*gp).selectdone.store(0, Ordering::Release);
        (*gp).param = null_mut();
        let mut head: *mut Sudog = null_mut();
        let mut tail: *mut Sudog = null_mut();
        for &i in lockorder[..nlive].iter() {
            let cas = &*cases.add(i as usize);
            let sg = acquire_sudog();
            (*sg).g = gp;
            (*sg).is_select = true;
            (*sg).elem = cas.elem;
            (*sg).c = cas.c;
            (*sg).casi = i as usize;
            if tail.is_null() {
                head = sg;
            } else {
                (*tail).waitlink = sg;
            }
            tail = sg;
            if cas.dir == DIR_SEND {
                (*cas.c).sendq.enqueue(sg);
            } else {
                (*cas.c).recvq.enqueue(sg);
            }
        }
        (*gp).waiting = head as *mut u8;
        if nlive == 0 {
            // Only nil channels: nothing can ever wake us.
            loop {
                gopark(None, null_mut(), WAIT_REASON_SELECT);
            }
        }
        gopark(Some(selparkcommit), &raw const locks as *mut u8, WAIT_REASON_SELECT);

        // Pass 3: woken by the sudog in g.param; withdraw the others.
        sellock(&locks);
        let won = (*gp).param as *mut Sudog;
        (*gp).param = null_mut();
        let mut casi: i64 = -1;
        let mut ok = false;
        let mut sg = (*gp).waiting as *mut Sudog;
        (*gp).waiting = null_mut();
        while !sg.is_null() {
            let next = (*sg).waitlink;
            if sg == won {
                casi = (*sg).casi as i64;
                ok = (*sg).success;
            } else {
                let cas = &*cases.add((*sg).casi);
                let q = if cas.dir == DIR_SEND {
                    &raw mut (*cas.c).sendq
                } else {
                    &raw mut (*cas.c).recvq
                };
                if (*q).contains(sg) {
                    (*q).remove(sg);
                }
            }
            release_sudog(sg);
            sg = next;
        }
        (*gp).selectdone.store(0, Ordering::Release);
        if casi < 0 {
            crate::panic::throw("selectgo: bad wakeup");
        }
        let cas = &*cases.add(casi as usize);
        selunlock(&locks);
        if cas.dir == DIR_SEND {
            if !ok {
                panic_plain("send on closed channel");
            }
            return SelectResult {
                index: casi,
                recv_ok: 0,
            };
        }
        SelectResult {
            index: casi,
            recv_ok: ok as i8,
        }
    }
}
