//! The panic values of runtime errors, under gc's type names: `runtime.errorString`
//! (`runtime error: MSG`), `runtime.plainError` (MSG alone, e.g. `assignment to entry
//! in nil map`), `runtime.boundsError` and `*runtime.TypeAssertionError`. Each has
//! `Error` and `RuntimeError` methods in its uncommon table (called as itab entries,
//! `fn(dataword) -> string`), so a recovered value
//! satisfies `runtime.Error` and `error` through getitab, and printpanicval prints
//! them with their Error text, as gc does.
use crate::malloc::mallocgc;
use crate::memmove::memcpy;
use crate::string::GoString;
use crate::typ::*;

/// Builds a Go string on the heap piece by piece (messages made at panic time).
pub struct Builder {
    buf: *mut u8,
    len: usize,
    cap: usize,
}

impl Builder {
    pub fn new() -> Builder {
        Builder {
            buf: core::ptr::null_mut(),
            len: 0,
            cap: 0,
        }
    }

    pub fn bytes(&mut self, s: &[u8]) -> &mut Self {
        if self.len + s.len() > self.cap {
            let cap = (self.cap * 2).max(self.len + s.len()).max(64);
            let nb = unsafe { crate::malloc::mallocgc_noscan(cap) };
            if self.len > 0 {
                unsafe { memcpy(nb, self.buf, self.len) };
            }
            self.buf = nb;
            self.cap = cap;
        }
        unsafe { memcpy(self.buf.add(self.len), s.as_ptr(), s.len()) };
        self.len += s.len();
        self
    }

    pub fn str(&mut self, s: &str) -> &mut Self {
        self.bytes(s.as_bytes())
    }

    pub fn int(&mut self, v: i64) -> &mut Self {
        let mut buf = [0u8; 24];
        if v < 0 {
            self.bytes(b"-");
        }
        let s = crate::print::fmt_uint(&mut buf, v.unsigned_abs());
        let s: &[u8] = s;
        let mut tmp = [0u8; 24];
        tmp[..s.len()].copy_from_slice(s);
        self.bytes(&tmp[..s.len()])
    }

    pub fn uint(&mut self, v: u64) -> &mut Self {
        let mut buf = [0u8; 24];
        let s = crate::print::fmt_uint(&mut buf, v);
        let mut tmp = [0u8; 24];
        let n = s.len();
        tmp[..n].copy_from_slice(s);
        self.bytes(&tmp[..n])
    }

    pub fn finish(&self) -> GoString {
        GoString {
            ptr: self.buf,
            len: self.len,
        }
    }
}

impl Default for Builder {
    fn default() -> Self {
        Self::new()
    }
}

/// A type descriptor plus its two-method uncommon table, as one static.
#[repr(C)]
pub struct RtType {
    pub t: Type,
}
unsafe impl Sync for RtType {}

#[repr(C)]
pub struct RtMethods {
    pub unc: Uncommon,
    pub m: [Method; 2],
}
unsafe impl Sync for RtMethods {}

macro_rules! rt_type {
    ($tname:ident, $mname:ident, $name:literal, $size:expr, $kind:expr, $eq:expr, $hash:expr, $error:expr) => {
        pub static $mname: RtMethods = RtMethods {
            unc: Uncommon { mcount: 2 },
            m: [
                // Method table keys are name + signature, spelled as the compiler
                // spells them (codegen data.rs method_key): getitab compares them.
                Method {
                    name_ptr: b"Error()(string)".as_ptr(),
                    name_len: 15,
                    ifn: $error as *const (),
                },
                Method {
                    name_ptr: b"RuntimeError()()".as_ptr(),
                    name_len: 16,
                    ifn: runtime_error_method as *const (),
                },
            ],
        };
        pub static $tname: RtType = RtType {
            t: Type {
                size: $size,
                ptrdata: 8,
                hash: 0,
                tflag: 0,
                align: 8,
                field_align: 8,
                kind: $kind,
                equal: $eq as *const (),
                gcdata: core::ptr::null(),
                str_: 0,
                ptr_to_this: 0,
                name_ptr: $name.as_ptr(),
                name_len: $name.len(),
                uncommon: &$mname.unc,
                hashfn: $hash as *const (),
                elem: core::ptr::null(),
                key: 0,
            },
        };
    };
}

rt_type!(
    ERROR_STRING_TYPE,
    ERROR_STRING_METHODS,
    "runtime.errorString",
    16,
    KIND_STRING,
    crate::alg::strequal,
    crate::alg::strhash,
    error_string_error
);
rt_type!(
    PLAIN_ERROR_TYPE,
    PLAIN_ERROR_METHODS,
    "runtime.plainError",
    16,
    KIND_STRING,
    crate::alg::strequal,
    crate::alg::strhash,
    plain_error_error
);
rt_type!(
    BOUNDS_ERROR_TYPE,
    BOUNDS_ERROR_METHODS,
    "runtime.boundsError",
    24,
    KIND_STRUCT,
    bounds_error_equal,
    bounds_error_hash,
    bounds_error_error
);
rt_type!(
    TYPE_ASSERTION_ERROR_TYPE,
    TYPE_ASSERTION_ERROR_METHODS,
    "*runtime.TypeAssertionError",
    8,
    KIND_PTR | KIND_DIRECT_IFACE,
    crate::alg::memequal64,
    crate::alg::memhash64,
    type_assertion_error_error
);

extern "C" fn runtime_error_method(_data: usize) {}

unsafe extern "C" fn error_string_error(data: *const GoString) -> GoString {
    let s = unsafe { &*data };
    let mut b = Builder::new();
    b.str("runtime error: ")
        .bytes(unsafe { core::slice::from_raw_parts(s.ptr, s.len) });
    b.finish()
}

unsafe extern "C" fn plain_error_error(data: *const GoString) -> GoString {
    unsafe {
        GoString {
            ptr: (*data).ptr,
            len: (*data).len,
        }
    }
}

/// gc's boundsError: what failed (code), the offending value x (signed or not) and y.
#[repr(C)]
pub struct BoundsError {
    pub x: i64,
    pub y: i64,
    pub signed: bool,
    pub code: u8,
}

unsafe extern "C" fn bounds_error_equal(p: *const BoundsError, q: *const BoundsError) -> i8 {
    let (a, b) = unsafe { (&*p, &*q) };
    (a.x == b.x && a.y == b.y && a.signed == b.signed && a.code == b.code) as i8
}

unsafe extern "C" fn bounds_error_hash(p: *const BoundsError, seed: usize) -> usize {
    unsafe {
        let h = crate::alg::memhash(p as *const u8, seed, 16);
        crate::alg::memhash(&raw const (*p).signed as *const u8, h, 2)
    }
}

/// gc's boundsError texts: `%x`/`%y` stand for x and y. A negative signed x uses the
/// second table, which leaves y out.
fn bounds_format(code: u8, negative: bool) -> &'static str {
    const POSITIVE: [&str; 9] = [
        "index out of range [%x] with length %y",
        "slice bounds out of range [:%x] with length %y",
        "slice bounds out of range [:%x] with capacity %y",
        "slice bounds out of range [%x:%y]",
        "slice bounds out of range [::%x] with length %y",
        "slice bounds out of range [::%x] with capacity %y",
        "slice bounds out of range [:%x:%y]",
        "slice bounds out of range [%x:%y:]",
        "cannot convert slice with length %x to pointer to array with length %y",
    ];
    const NEGATIVE: [&str; 9] = [
        "index out of range [%x]",
        "slice bounds out of range [:%x]",
        "slice bounds out of range [:%x]",
        "slice bounds out of range [%x:]",
        "slice bounds out of range [::%x]",
        "slice bounds out of range [::%x]",
        "slice bounds out of range [:%x:]",
        "slice bounds out of range [%x::]",
        "cannot convert slice with length %x to pointer to array with length %y",
    ];
    let code = (code as usize).min(8);
    if negative { NEGATIVE[code] } else { POSITIVE[code] }
}

/// The message of a bounds error, without the `runtime error: ` prefix.
pub fn bounds_message(e: &BoundsError, b: &mut Builder) {
    let f = bounds_format(e.code, e.signed && e.x < 0).as_bytes();
    let mut k = 0;
    while k < f.len() {
        if f[k] == b'%' && k + 1 < f.len() {
            match f[k + 1] {
                b'x' if e.signed => b.int(e.x),
                b'x' => b.uint(e.x as u64),
                _ => b.int(e.y),
            };
            k += 2;
        } else {
            let start = k;
            while k < f.len() && f[k] != b'%' {
                k += 1;
            }
            b.bytes(&f[start..k]);
        }
    }
}

unsafe extern "C" fn bounds_error_error(data: *const BoundsError) -> GoString {
    let mut b = Builder::new();
    b.str("runtime error: ");
    bounds_message(unsafe { &*data }, &mut b);
    b.finish()
}

/// gc's TypeAssertionError: a failed x.(T) or interface conversion.
#[repr(C)]
pub struct TypeAssertionError {
    pub interface: *const Type,
    pub concrete: *const Type,
    pub asserted: *const Type,
    pub missing_method: GoString,
}

fn tname(t: *const Type) -> &'static [u8] {
    unsafe { core::slice::from_raw_parts((*t).name_ptr, (*t).name_len) }
}

unsafe extern "C" fn type_assertion_error_error(e: *const TypeAssertionError) -> GoString {
    let e = unsafe { &*e };
    let mut b = Builder::new();
    let inter: &[u8] = if e.interface.is_null() {
        b"interface"
    } else {
        tname(e.interface)
    };
    let asserted = tname(e.asserted);
    b.str("interface conversion: ");
    if e.concrete.is_null() {
        b.bytes(inter).str(" is nil, not ").bytes(asserted);
        return b.finish();
    }
    let concrete = tname(e.concrete);
    if e.missing_method.len == 0 {
        b.bytes(inter).str(" is ").bytes(concrete).str(", not ").bytes(asserted);
        if concrete == asserted {
            // Same name, different types: gc says so.
            b.str(" (types from different scopes)");
        }
        return b.finish();
    }
    b.bytes(concrete)
        .str(" is not ")
        .bytes(asserted)
        .str(": missing method ");
    // The key is `Name(params)(results)`: gc prints the name alone.
    let key = unsafe { core::slice::from_raw_parts(e.missing_method.ptr, e.missing_method.len) };
    let name_len = key.iter().position(|&c| c == b'(').unwrap_or(key.len());
    b.bytes(&key[..name_len]);
    b.finish()
}

/// If `t` is one of the runtime's error types, the text of its Error method for the
/// interface data word `data`.
pub unsafe fn runtime_error_text(t: *const Type, data: *const u8) -> Option<GoString> {
    type ErrorFn = unsafe extern "C" fn(*const u8) -> GoString;
    unsafe {
        let f: ErrorFn = if t == &ERROR_STRING_TYPE.t {
            core::mem::transmute::<*const (), ErrorFn>(error_string_error as *const ())
        } else if t == &PLAIN_ERROR_TYPE.t {
            core::mem::transmute::<*const (), ErrorFn>(plain_error_error as *const ())
        } else if t == &BOUNDS_ERROR_TYPE.t {
            core::mem::transmute::<*const (), ErrorFn>(bounds_error_error as *const ())
        } else if t == &TYPE_ASSERTION_ERROR_TYPE.t {
            core::mem::transmute::<*const (), ErrorFn>(type_assertion_error_error as *const ())
        } else {
            return None;
        };
        Some(f(data))
    }
}

fn box_string(s: GoString) -> *mut u8 {
    unsafe {
        let p = mallocgc(16, &ERROR_STRING_TYPE.t, 1) as *mut GoString;
        *p = s;
        p as *mut u8
    }
}

/// panic(errorString(msg)): `panic: runtime error: MSG`.
pub fn panic_error_string(msg: &'static str) -> ! {
    let data = box_string(GoString {
        ptr: msg.as_ptr(),
        len: msg.len(),
    });
    unsafe { crate::defer::gopanic(&ERROR_STRING_TYPE.t, data) }
}

/// panic(errorString(prefix + t's name)), e.g. `comparing uncomparable type []int`.
pub fn panic_error_string_type(prefix: &'static str, t: *const Type) -> ! {
    let mut b = Builder::new();
    b.str(prefix).bytes(tname(t));
    let data = box_string(b.finish());
    unsafe { crate::defer::gopanic(&ERROR_STRING_TYPE.t, data) }
}

/// panic(plainError(msg)): `panic: MSG`, still a runtime.Error.
pub fn panic_plain(msg: &'static str) -> ! {
    let data = box_string(GoString {
        ptr: msg.as_ptr(),
        len: msg.len(),
    });
    unsafe { crate::defer::gopanic(&PLAIN_ERROR_TYPE.t, data) }
}

/// panic(boundsError{x, y, signed, code}).
pub fn panic_bounds(code: u8, x: i64, signed: bool, y: i64) -> ! {
    unsafe {
        let p = mallocgc(24, &BOUNDS_ERROR_TYPE.t, 1) as *mut BoundsError;
        *p = BoundsError { x, y, signed, code };
        crate::defer::gopanic(&BOUNDS_ERROR_TYPE.t, p as *const u8)
    }
}

/// panic(&TypeAssertionError{...}).
pub fn panic_type_assertion(interface: *const Type, concrete: *const Type, asserted: *const Type, missing: &[u8]) -> ! {
    unsafe {
        let p = mallocgc(core::mem::size_of::<TypeAssertionError>(), core::ptr::null(), 1) as *mut TypeAssertionError;
        *p = TypeAssertionError {
            interface,
            concrete,
            asserted,
            missing_method: GoString {
                ptr: missing.as_ptr(),
                len: missing.len(),
            },
        };
        // *T is direct-iface: the data word is the pointer itself.
        crate::defer::gopanic(&TYPE_ASSERTION_ERROR_TYPE.t, p as *const u8)
    }
}
