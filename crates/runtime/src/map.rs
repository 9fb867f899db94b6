//! Go maps: the entry points compiled code calls (ARCHITECTURE.md, "Maps").
//!
//! # Design
//!
//! The table itself is hashmap.rs (a compact insertion-ordered entries array plus an
//! open-addressed index; its header comment explains growth and iteration). This
//! file turns a map type descriptor (key type at offset 88, elem type at 80) into the
//! slot `Shape`, seeds each map with a random hash seed (so iteration order and
//! collisions differ between maps and runs), and supplies the zero value that
//! `m[k]` yields for a missing key.
//!
//! A map is used by one goroutine at a time (Go's rule); nothing here locks, except
//! ZERO_LOCK around growing the shared zero area.
use core::ptr::null_mut;

use crate::hashmap::{Hiter, Hmap, Shape};
use crate::lock_futex::Mutex;
use crate::malloc::mallocgc;
use crate::rterror::{panic_error_string_type, panic_plain};
use crate::typ::Type;

/// Zero bytes that `mapaccess1` points at for a missing key; ZERO_AREA takes over for
/// elems bigger than this.
static ZERO_VAL: [u8; 1024] = [0; 1024];
/// A larger zero area (null until a map needs one), and its size. Grows only; old
/// areas are never written, so a pointer handed out stays a valid zero value.
/// Protected by ZERO_LOCK for writers; readers load the pair under the lock too.
static ZERO_LOCK: Mutex = Mutex::new();
static mut ZERO_AREA: *mut u8 = null_mut();
static mut ZERO_SIZE: usize = 0;

unsafe fn zero_value(size: usize) -> *mut u8 {
    if size <= ZERO_VAL.len() {
        return ZERO_VAL.as_ptr() as *mut u8;
    }
    ZERO_LOCK.lock();
    unsafe {
        if ZERO_SIZE < size {
            ZERO_AREA = mallocgc(size, core::ptr::null(), 1);
            ZERO_SIZE = size;
        }
        let p = ZERO_AREA;
        ZERO_LOCK.unlock();
        p
    }
}

unsafe fn alloc_zeroed(n: usize) -> *mut u8 {
    unsafe { mallocgc(n, core::ptr::null(), 1) }
}

/// The slot layout and key functions for map type t.
unsafe fn shape(t: *const Type) -> Shape {
    unsafe {
        let kt = &*((*t).key as *const Type);
        let et = &*(*t).elem;
        let (koff, eoff, stride) = Shape::layout(kt.size, kt.align as usize, et.size, et.align as usize);
        if kt.hashfn.is_null() {
            // Not a valid map key type: the compiler never makes one, but an interface
            // key can hold an unhashable dynamic type; that is caught in its hash.
            panic_error_string_type("hash of unhashable type ", kt);
        }
        Shape {
            ksize: kt.size,
            esize: et.size,
            koff,
            eoff,
            stride,
            hash: core::mem::transmute::<*const (), crate::hashmap::HashFn>(kt.hashfn),
            equal: core::mem::transmute::<*const (), crate::hashmap::EqualFn>(kt.equal),
            alloc: alloc_zeroed,
            rand: crate::alg::fastrand64,
        }
    }
}

/// make(map[K]V, hint).
#[unsafe(export_name = "runtime.makemap")]
pub unsafe extern "C" fn makemap(t: *const Type, hint: i64) -> *mut Hmap {
    unsafe {
        let h = mallocgc(core::mem::size_of::<Hmap>(), core::ptr::null(), 1) as *mut Hmap;
        (*h).hash0 = crate::alg::fastrand64() as usize;
        if hint > 0 {
            let sh = shape(t);
            (*h).init(hint.min(1 << 30) as usize, &sh);
        }
        h
    }
}

/// m[k]: the elem, or a zero value when k is absent (never null).
#[unsafe(export_name = "runtime.mapaccess1")]
pub unsafe extern "C" fn mapaccess1(t: *const Type, h: *mut Hmap, key: *const u8) -> *mut u8 {
    unsafe { mapaccess2(t, h, key).elem }
}

#[repr(C)]
pub struct ElemOk {
    pub elem: *mut u8,
    pub ok: i8,
}

/// v, ok := m[k].
#[unsafe(export_name = "runtime.mapaccess2")]
pub unsafe extern "C" fn mapaccess2(t: *const Type, h: *mut Hmap, key: *const u8) -> ElemOk {
    unsafe {
        crate::stackcopy::before_alg((*t).key as *const Type);
        let sh = shape(t);
        if h.is_null() {
            // A nil map has no entries, but an unhashable key still panics, as in gc.
            (sh.hash)(key, 0);
        } else {
            let e = (*h).lookup(key, &sh);
            if !e.is_null() {
                return ElemOk { elem: e, ok: 1 };
            }
        }
        ElemOk {
            elem: zero_value(sh.esize),
            ok: 0,
        }
    }
}

/// m[k] = …: the elem slot for k, inserted (zero) if absent.
#[unsafe(export_name = "runtime.mapassign")]
pub unsafe extern "C" fn mapassign(t: *const Type, h: *mut Hmap, key: *const u8) -> *mut u8 {
    unsafe {
        crate::stackcopy::before_alg((*t).key as *const Type);
        if h.is_null() {
            panic_plain("assignment to entry in nil map");
        }
        let sh = shape(t);
        (*h).assign(key, &sh)
    }
}

/// delete(m, k).
#[unsafe(export_name = "runtime.mapdelete")]
pub unsafe extern "C" fn mapdelete(t: *const Type, h: *mut Hmap, key: *const u8) {
    unsafe {
        crate::stackcopy::before_alg((*t).key as *const Type);
        let sh = shape(t);
        if h.is_null() {
            (sh.hash)(key, 0);
            return;
        }
        (*h).delete(key, &sh);
    }
}

/// Removes every entry (gc's mapclear, for `for k := range m { delete(m, k) }`).
#[unsafe(export_name = "runtime.mapclear")]
pub unsafe extern "C" fn mapclear(t: *const Type, h: *mut Hmap) {
    unsafe {
        if h.is_null() {
            return;
        }
        let sh = shape(t);
        (*h).clear(&sh);
    }
}

/// for k, v := range m: starts the iterator (16 words; key pointer null = done).
#[unsafe(export_name = "runtime.mapiterinit")]
pub unsafe extern "C" fn mapiterinit(t: *const Type, h: *mut Hmap, it: *mut Hiter) {
    unsafe {
        let sh = shape(t);
        Hmap::iterinit(h, it, &sh);
        (*it).t = t as *const u8;
    }
}

#[unsafe(export_name = "runtime.mapiternext")]
pub unsafe extern "C" fn mapiternext(it: *mut Hiter) {
    unsafe {
        if (*it).h.is_null() {
            (*it).key = null_mut();
            (*it).elem = null_mut();
            return;
        }
        let sh = shape((*it).t as *const Type);
        Hmap::iternext(it, &sh);
    }
}

/// len(m) for callers that prefer a call (compiled code reads the first word).
#[unsafe(export_name = "runtime.maplen")]
pub unsafe extern "C" fn maplen(h: *const Hmap) -> i64 {
    if h.is_null() { 0 } else { unsafe { (*h).count as i64 } }
}
