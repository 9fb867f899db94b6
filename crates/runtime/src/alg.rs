//! Equality: the `equal` functions a type descriptor's `equal` field can point at, and
//! the interface comparisons compiled `==` calls.
//!
//! `_type.equal` is a plain code address of `extern "C" fn(p, q *T) -> i8`, null for
//! types that are not comparable (ARCHITECTURE.md; gc stores a funcval pointer there).
use crate::print::{gwrite, prints};
use crate::typ::Type;

/// kind bit: the interface data word is the value itself (ARCHITECTURE.md).
const KIND_DIRECT_IFACE: u8 = 1 << 5;

/// Whether size bytes at a and b are equal: 1 or 0.
#[unsafe(export_name = "runtime.memequal")]
pub unsafe extern "C" fn memequal(a: *const u8, b: *const u8, size: usize) -> i8 {
    if a == b {
        return 1;
    }
    (unsafe { crate::memmove::memcmp(a, b, size) } == 0) as i8
}

macro_rules! memequal_n {
    ($($name:literal => $t:ty;)*) => {$(
        const _: () = {
            #[unsafe(export_name = $name)]
            unsafe extern "C" fn eq(p: *const $t, q: *const $t) -> i8 {
                unsafe { (p.read_unaligned() == q.read_unaligned()) as i8 }
            }
        };
    )*};
}

memequal_n! {
    "runtime.memequal0" => ();
    "runtime.memequal8" => u8;
    "runtime.memequal16" => u16;
    "runtime.memequal32" => u32;
    "runtime.memequal64" => u64;
    "runtime.memequal128" => u128;
    "runtime.f32equal" => f32;
    "runtime.f64equal" => f64;
    "runtime.c64equal" => [f32; 2];
    "runtime.c128equal" => [f64; 2];
}

/// Two Go strings at p and q.
#[unsafe(export_name = "runtime.strequal")]
pub unsafe extern "C" fn strequal(p: *const [usize; 2], q: *const [usize; 2]) -> i8 {
    unsafe {
        let (a, b) = (*p, *q);
        (a[1] == b[1] && memequal(a[0] as *const u8, b[0] as *const u8, a[1]) != 0) as i8
    }
}

/// Equal dynamic values of type t (the types already compared equal): the data words
/// x and y (the values for pointer-shaped types, else pointers to them). Panics for an
/// uncomparable type, as gc does.
#[unsafe(export_name = "runtime.efaceeq")]
pub unsafe extern "C" fn efaceeq(t: *const Type, x: *const u8, y: *const u8) -> i8 {
    if t.is_null() {
        return 1;
    }
    unsafe {
        // Pointer-shaped (kindDirectIface) values are the data words themselves.
        if (*t).kind & KIND_DIRECT_IFACE != 0 {
            return (x == y) as i8;
        }
        if (*t).equal == 0 {
            crate::panic::panic_runtime_error(|| {
                prints("comparing uncomparable type ");
                gwrite((*t).name());
            });
        }
        let eq: unsafe extern "C" fn(*const u8, *const u8) -> i8 = core::mem::transmute((*t).equal);
        eq(x, y)
    }
}

/// Two empty interfaces (type, data) stored at p and q.
#[unsafe(export_name = "runtime.nilinterequal")]
pub unsafe extern "C" fn nilinterequal(p: *const [usize; 2], q: *const [usize; 2]) -> i8 {
    unsafe {
        let (a, b) = (*p, *q);
        if a[0] != b[0] {
            return 0;
        }
        efaceeq(a[0] as *const Type, a[1] as *const u8, b[1] as *const u8)
    }
}
