//! Equality and hashing of Go values: the `equal` and `hash` functions type
//! descriptors point at (ARCHITECTURE.md, "Type descriptors"), interface comparison
//! (efaceeq/ifaceeq) and the runtime's random numbers (fastrand), seeded from the
//! kernel's AT_RANDOM bytes.
use core::sync::atomic::{AtomicU64, Ordering};

use crate::hash;
use crate::rterror::panic_error_string_type;
use crate::string::GoString;
use crate::typ::*;

/// Whether size bytes at a and b are equal: 1 or 0.
#[unsafe(export_name = "runtime.memequal")]
pub unsafe extern "C" fn memequal(a: *const u8, b: *const u8, size: usize) -> i8 {
    if a == b {
        return 1;
    }
    (unsafe { crate::memmove::memcmp(a, b, size) } == 0) as i8
}

macro_rules! memequal_n {
    ($($name:literal $fname:ident $t:ty;)*) => {$(
        #[unsafe(export_name = $name)]
        pub unsafe extern "C" fn $fname(p: *const u8, q: *const u8) -> i8 {
            unsafe { (core::ptr::read_unaligned(p as *const $t) == core::ptr::read_unaligned(q as *const $t)) as i8 }
        }
    )*};
}

memequal_n! {
    "runtime.memequal0" memequal0 ();
    "runtime.memequal8" memequal8 u8;
    "runtime.memequal16" memequal16 u16;
    "runtime.memequal32" memequal32 u32;
    "runtime.memequal64" memequal64 u64;
    "runtime.memequal128" memequal128 u128;
}

#[unsafe(export_name = "runtime.strequal")]
pub unsafe extern "C" fn strequal(p: *const GoString, q: *const GoString) -> i8 {
    let (a, b) = unsafe { (&*p, &*q) };
    if a.len != b.len {
        return 0;
    }
    unsafe { memequal(a.ptr, b.ptr, a.len) }
}

#[unsafe(export_name = "runtime.f32equal")]
pub unsafe extern "C" fn f32equal(p: *const f32, q: *const f32) -> i8 {
    unsafe { (*p == *q) as i8 }
}

#[unsafe(export_name = "runtime.f64equal")]
pub unsafe extern "C" fn f64equal(p: *const f64, q: *const f64) -> i8 {
    unsafe { (*p == *q) as i8 }
}

#[unsafe(export_name = "runtime.c64equal")]
pub unsafe extern "C" fn c64equal(p: *const f32, q: *const f32) -> i8 {
    unsafe { (*p == *q && *p.add(1) == *q.add(1)) as i8 }
}

#[unsafe(export_name = "runtime.c128equal")]
pub unsafe extern "C" fn c128equal(p: *const f64, q: *const f64) -> i8 {
    unsafe { (*p == *q && *p.add(1) == *q.add(1)) as i8 }
}

/// Two interface values with the same dynamic type t: compare their data words (the
/// values for pointer-shaped types, else pointers to them). Panics (runtime error) if
/// t is not comparable, before looking at the words: maps and funcs are pointer-shaped
/// but not comparable.
#[unsafe(export_name = "runtime.efaceeq")]
pub unsafe extern "C" fn efaceeq(t: *const Type, x: *const u8, y: *const u8) -> i8 {
    if t.is_null() {
        return 1;
    }
    let tt = unsafe { &*t };
    if tt.equal.is_null() {
        panic_error_string_type("comparing uncomparable type ", t);
    }
    if tt.is_direct_iface() {
        return (x == y) as i8;
    }
    crate::stackcopy::before_alg(t);
    let eq: EqualFn = unsafe { core::mem::transmute(tt.equal) };
    unsafe { eq(x, y) }
}

/// ifaceeq: as efaceeq with the type taken from the itab.
#[unsafe(export_name = "runtime.ifaceeq")]
pub unsafe extern "C" fn ifaceeq(tab: *const crate::iface::Itab, x: *const u8, y: *const u8) -> i8 {
    if tab.is_null() {
        return 1;
    }
    unsafe { efaceeq((*tab).typ, x, y) }
}

/// `equal` for interface types with methods: p and q point at (itab, data).
#[unsafe(export_name = "runtime.interequal")]
pub unsafe extern "C" fn interequal(p: *const [usize; 2], q: *const [usize; 2]) -> i8 {
    let (a, b) = unsafe { (*p, *q) };
    if a[0] != b[0] {
        // Two itabs for the same (interface, type) pair can exist (a static go:itab
        // symbol and one getitab made): compare the dynamic types.
        if a[0] == 0 || b[0] == 0 {
            return 0;
        }
        let (ta, tb) = unsafe {
            (
                (*(a[0] as *const crate::iface::Itab)).typ,
                (*(b[0] as *const crate::iface::Itab)).typ,
            )
        };
        if ta != tb {
            return 0;
        }
    }
    unsafe { ifaceeq(a[0] as *const crate::iface::Itab, a[1] as *const u8, b[1] as *const u8) }
}

/// `equal` for empty interfaces: p and q point at (type, data).
#[unsafe(export_name = "runtime.nilinterequal")]
pub unsafe extern "C" fn nilinterequal(p: *const [usize; 2], q: *const [usize; 2]) -> i8 {
    let (a, b) = unsafe { (*p, *q) };
    if a[0] != b[0] {
        return 0;
    }
    unsafe { efaceeq(a[0] as *const Type, a[1] as *const u8, b[1] as *const u8) }
}

// ---------------------------------------------------------------------------------
// Hashing.

/// memhash(p, seed, size): hash of size bytes.
#[unsafe(export_name = "runtime.memhash")]
pub unsafe extern "C" fn memhash(p: *const u8, seed: usize, size: usize) -> usize {
    unsafe { hash::memhash(p, seed as u64, size) as usize }
}

macro_rules! memhash_n {
    ($($name:literal $fname:ident $n:expr;)*) => {$(
        #[unsafe(export_name = $name)]
        pub unsafe extern "C" fn $fname(p: *const u8, seed: usize) -> usize {
            unsafe { hash::memhash(p, seed as u64, $n) as usize }
        }
    )*};
}

memhash_n! {
    "runtime.memhash8" memhash8 1;
    "runtime.memhash16" memhash16 2;
    "runtime.memhash32" memhash32 4;
    "runtime.memhash128" memhash128 16;
}

/// Zero-sized values (struct{}, [0]T) all hash alike.
#[unsafe(export_name = "runtime.memhash0")]
pub unsafe extern "C" fn memhash0(_p: *const u8, seed: usize) -> usize {
    seed
}

#[unsafe(export_name = "runtime.memhash64")]
pub unsafe extern "C" fn memhash64(p: *const u8, seed: usize) -> usize {
    unsafe { hash::hash64(core::ptr::read_unaligned(p as *const u64), seed as u64) as usize }
}

#[unsafe(export_name = "runtime.strhash")]
pub unsafe extern "C" fn strhash(p: *const GoString, seed: usize) -> usize {
    unsafe { hash::memhash((*p).ptr, seed as u64, (*p).len) as usize }
}

/// Floats: +0 and -0 are equal so they hash alike; NaN != NaN, so a NaN gets a random
/// hash (each insertion of NaN makes a new map entry, as in gc).
#[unsafe(export_name = "runtime.f32hash")]
pub unsafe extern "C" fn f32hash(p: *const f32, seed: usize) -> usize {
    let f = unsafe { *p };
    let bits = if f == 0.0 {
        0
    } else if f.is_nan() {
        fastrand64()
    } else {
        f.to_bits() as u64
    };
    hash::hash64(bits, seed as u64) as usize
}

#[unsafe(export_name = "runtime.f64hash")]
pub unsafe extern "C" fn f64hash(p: *const f64, seed: usize) -> usize {
    let f = unsafe { *p };
    let bits = if f == 0.0 {
        0
    } else if f.is_nan() {
        fastrand64()
    } else {
        f.to_bits()
    };
    hash::hash64(bits, seed as u64) as usize
}

#[unsafe(export_name = "runtime.c64hash")]
pub unsafe extern "C" fn c64hash(p: *const f32, seed: usize) -> usize {
    unsafe { f32hash(p.add(1), f32hash(p, seed)) }
}

#[unsafe(export_name = "runtime.c128hash")]
pub unsafe extern "C" fn c128hash(p: *const f64, seed: usize) -> usize {
    unsafe { f64hash(p.add(1), f64hash(p, seed)) }
}

/// Hash of an interface value's dynamic part with type t (null: the nil interface).
unsafe fn typehash(t: *const Type, data: usize, seed: usize) -> usize {
    if t.is_null() {
        return seed;
    }
    let tt = unsafe { &*t };
    if tt.hashfn.is_null() {
        panic_error_string_type("hash of unhashable type ", t);
    }
    let h: HashFn = unsafe { core::mem::transmute(tt.hashfn) };
    if tt.is_direct_iface() {
        // The value is the data word itself: hash the word.
        unsafe { h(&raw const data as *const u8, seed) }
    } else {
        unsafe { h(data as *const u8, seed) }
    }
}

#[unsafe(export_name = "runtime.interhash")]
pub unsafe extern "C" fn interhash(p: *const [usize; 2], seed: usize) -> usize {
    let a = unsafe { *p };
    let tab = a[0] as *const crate::iface::Itab;
    let t = if tab.is_null() {
        core::ptr::null()
    } else {
        unsafe { (*tab).typ }
    };
    unsafe { typehash(t, a[1], seed) }
}

#[unsafe(export_name = "runtime.nilinterhash")]
pub unsafe extern "C" fn nilinterhash(p: *const [usize; 2], seed: usize) -> usize {
    let a = unsafe { *p };
    unsafe { typehash(a[0] as *const Type, a[1], seed) }
}

// ---------------------------------------------------------------------------------
// Random numbers.

/// fastrand's state: a wyrand counter shared by all Ms (an atomic add per number, so
/// no two callers ever get the same state). 0 means not yet seeded.
static RAND_STATE: AtomicU64 = AtomicU64::new(0);

/// A 64-bit random number (not cryptographic): map seeds, select order, NaN hashes.
pub fn fastrand64() -> u64 {
    let mut s = RAND_STATE.load(Ordering::Relaxed);
    if s == 0 {
        let seed = startup_seed();
        let _ = RAND_STATE.compare_exchange(0, seed, Ordering::Relaxed, Ordering::Relaxed);
    }
    s = RAND_STATE
        .fetch_add(hash::WYRAND_STEP, Ordering::Relaxed)
        .wrapping_add(hash::WYRAND_STEP);
    hash::wyrand(s)
}

/// A random number in [0, n) (n > 0).
pub fn fastrandn(n: u32) -> u32 {
    (((fastrand64() as u32) as u64 * n as u64) >> 32) as u32
}

/// The kernel's 16 random bytes (AT_RANDOM), mixed with the clock; never 0.
fn startup_seed() -> u64 {
    let mut s = crate::time::nanotime() as u64;
    unsafe {
        let p = crate::os_linux::STARTUP_RANDOM_DATA;
        if !p.is_null() {
            s ^= hash::memhash(p, s, 16);
        }
    }
    s | 1
}

#[unsafe(export_name = "runtime.fastrand")]
pub extern "C" fn fastrand() -> u32 {
    fastrand64() as u32
}
