//! Interfaces: itabs built at run time from a type's method table (getitab, cached),
//! and the panics of failed type assertions.
//!
//! An itab (`{inter, type, hash u32, pad, fun [n]fnptr}`) pairs an interface type with
//! a concrete type; fun[i] is the concrete method implementing the interface's i-th
//! method (both lists are sorted by name, so one merge walk finds them all).
//!
//! ITAB_LOCK protects the cache (ITAB_TABLE, ITAB_SIZE, ITAB_COUNT). Itabs are never
//! freed, so a pointer handed out stays valid.
use core::ptr::null_mut;

use crate::lock_futex::Mutex;
use crate::malloc::persistentalloc;
use crate::rterror::panic_type_assertion;
use crate::typ::*;

#[repr(C)]
pub struct Itab {
    pub inter: *const Type,
    pub typ: *const Type,
    pub hash: u32,
    pub pad: u32,
    // fun: [n]usize follows.
}

const _: () = assert!(core::mem::size_of::<Itab>() == 24);

impl Itab {
    fn fun(&self) -> *mut usize {
        unsafe { (self as *const Itab).add(1) as *mut usize }
    }
}

static ITAB_LOCK: Mutex = Mutex::new();
/// Open-addressed table of itab pointers (null = empty), ITAB_SIZE slots (a power of
/// two). A failed lookup is cached too, as an itab whose fun[0] is 0.
static mut ITAB_TABLE: *mut *mut Itab = null_mut();
static mut ITAB_SIZE: usize = 0;
static mut ITAB_COUNT: usize = 0;

fn itab_hash(inter: *const Type, typ: *const Type) -> usize {
    crate::hash::hash64(inter as u64, typ as u64) as usize
}

/// ITAB_LOCK held.
unsafe fn itab_find(inter: *const Type, typ: *const Type) -> *mut Itab {
    unsafe {
        if ITAB_SIZE == 0 {
            return null_mut();
        }
        let mask = ITAB_SIZE - 1;
        let mut i = itab_hash(inter, typ) & mask;
        loop {
            let m = *ITAB_TABLE.add(i);
            if m.is_null() {
                return null_mut();
            }
            if (*m).inter == inter && (*m).typ == typ {
                return m;
            }
            i = (i + 1) & mask;
        }
    }
}

/// ITAB_LOCK held.
unsafe fn itab_add(m: *mut Itab) {
    unsafe {
        if (ITAB_COUNT + 1) * 4 > ITAB_SIZE * 3 {
            let old = (ITAB_TABLE, ITAB_SIZE);
            ITAB_SIZE = if old.1 == 0 { 256 } else { old.1 * 2 };
            ITAB_TABLE = persistentalloc(ITAB_SIZE * 8, 8) as *mut *mut Itab;
            ITAB_COUNT = 0;
            for i in 0..old.1 {
                let e = *old.0.add(i);
                if !e.is_null() {
                    itab_add(e);
                }
            }
        }
        let mask = ITAB_SIZE - 1;
        let mut i = itab_hash((*m).inter, (*m).typ) & mask;
        while !(*ITAB_TABLE.add(i)).is_null() {
            i = (i + 1) & mask;
        }
        *ITAB_TABLE.add(i) = m;
        ITAB_COUNT += 1;
    }
}

fn bytes_of(p: *const u8, n: usize) -> &'static [u8] {
    if n == 0 {
        &[]
    } else {
        unsafe { core::slice::from_raw_parts(p, n) }
    }
}

/// Fills m.fun from typ's methods; returns the name of the first missing interface
/// method, if any (then fun[0] is set to 0). Only for an itab not yet in the cache:
/// readers test fun[0] without the lock.
unsafe fn itab_init(m: *mut Itab) -> Option<&'static [u8]> {
    unsafe {
        let fun = (*m).fun();
        let missing = match_methods((*m).inter, (*m).typ, |i, ifn| *fun.add(i) = ifn);
        if missing.is_some() {
            *fun = 0;
        }
        missing
    }
}

/// Walks inter's methods against typ's (both sorted by name), calling `found(i, ifn)`
/// for each interface method typ has; returns the name of the first one it lacks.
unsafe fn match_methods(inter: *const Type, typ: *const Type, mut found: impl FnMut(usize, usize)) -> Option<&'static [u8]> {
    unsafe {
        let methods = (*typ).methods();
        let mut j = 0;
        for (i, im) in (*inter).imethods().iter().enumerate() {
            let iname = bytes_of(im.name_ptr, im.name_len);
            loop {
                if j >= methods.len() {
                    return Some(iname);
                }
                let mname = bytes_of(methods[j].name_ptr, methods[j].name_len);
                j += 1;
                if mname == iname {
                    found(i, methods[j - 1].ifn as usize);
                    break;
                }
                if mname > iname {
                    return Some(iname);
                }
            }
        }
        None
    }
}

/// The itab for (inter, typ); null if typ does not implement inter and canfail,
/// else a panic: `interface conversion: T is not I: missing method M`.
#[unsafe(export_name = "runtime.getitab")]
pub unsafe extern "C" fn getitab(inter: *const Type, typ: *const Type, canfail: u64) -> *mut Itab {
    // canfail is a Go bool (i8): only its low byte is defined.
    let canfail = canfail as u8;
    unsafe {
        if typ.is_null() {
            if canfail != 0 {
                return null_mut();
            }
            // gc's assertE2I on a nil interface.
            panic_type_assertion(null_mut(), null_mut(), inter, b"");
        }
        if (*inter).imethods().is_empty() {
            // gc never asks for an itab of an empty interface; be kind anyway.
            throw_empty();
        }
        ITAB_LOCK.lock();
        let mut m = itab_find(inter, typ);
        let mut missing: &[u8] = b"";
        if m.is_null() {
            let n = (*inter).imethods().len();
            m = persistentalloc(core::mem::size_of::<Itab>() + n * 8, 8) as *mut Itab;
            (*m).inter = inter;
            (*m).typ = typ;
            (*m).hash = (*typ).hash;
            if let Some(name) = itab_init(m) {
                missing = name;
            }
            itab_add(m);
        } else if *(*m).fun() == 0 {
            // A cached failure: find the missing method's name again for the message,
            // without writing to the cached itab (gc issue 31419: a reader would see
            // fun[0] set for a moment).
            if canfail == 0 {
                missing = match_methods(inter, typ, |_, _| {}).unwrap_or(b"");
            }
        }
        ITAB_LOCK.unlock();
        if *(*m).fun() != 0 {
            return m;
        }
        if canfail != 0 {
            return null_mut();
        }
        panic_type_assertion(null_mut(), typ, inter, missing)
    }
}

/// Registers the compiler's static itabs (`go:itab.T,I`), so that getitab hands out
/// those same pointers and an itab is unique per (interface, type) pair, as gc's
/// itabsinit guarantees: compiled code may then compare itab words for `==`.
/// Call it before any conversion can need getitab (first thing in package init).
#[unsafe(export_name = "runtime.additabs")]
pub unsafe extern "C" fn additabs(tabs: *const *mut Itab, n: usize) {
    unsafe {
        ITAB_LOCK.lock();
        for i in 0..n {
            let m = *tabs.add(i);
            if !m.is_null() && itab_find((*m).inter, (*m).typ).is_null() {
                itab_add(m);
            }
        }
        ITAB_LOCK.unlock();
    }
}

fn throw_empty() -> ! {
    crate::panic::throw("getitab: interface has no methods")
}

/// gc names the source interface only for assertions to concrete types: to an
/// interface type it says `interface is nil, not main.I`.
fn source_iface(want: *const Type, iface: *const Type) -> *const Type {
    if !want.is_null() && unsafe { (*want).kind() } == KIND_INTERFACE {
        core::ptr::null()
    } else {
        iface
    }
}

/// A failed `x.(T)` on an empty interface holding `have` (null: nil).
#[unsafe(export_name = "runtime.panicdottypeE")]
pub unsafe extern "C" fn panicdottypeE(have: *const Type, want: *const Type, iface: *const Type) -> ! {
    panic_type_assertion(source_iface(want, iface), have, want, b"")
}

/// A failed `x.(T)` on a non-empty interface with itab `have` (null: nil).
#[unsafe(export_name = "runtime.panicdottypeI")]
pub unsafe extern "C" fn panicdottypeI(have: *const Itab, want: *const Type, iface: *const Type) -> ! {
    let t = if have.is_null() {
        core::ptr::null()
    } else {
        unsafe { (*have).typ }
    };
    panic_type_assertion(source_iface(want, iface), t, want, b"")
}

/// A failed conversion to a non-empty interface that needs no method check in gc's
/// terms (`panicnildottype`): x was nil.
#[unsafe(export_name = "runtime.panicnildottype")]
pub unsafe extern "C" fn panicnildottype(want: *const Type) -> ! {
    panic_type_assertion(null_mut(), null_mut(), want, b"")
}
