//! Panics and fatal errors: how an unrecovered panic is printed (gc's printpanics),
//! and the entry points compiled code calls for runtime errors (bounds, division,
//! shifts, nil dereference), which panic with runtime.Error values (rterror.rs) so
//! that they can be recovered. Running defers and recovering is defer.rs.
//! `throw` is the runtime's own fatal error (`fatal error: MSG`); it takes a static
//! string and never allocates, so it works with the heap or scheduler broken.
use crate::print::*;
use crate::stubs::getg;
use crate::sys_linux_amd64::exit;
use crate::typ::*;

/// Fatal runtime error: `fatal error: MSG`, exit status 2.
pub fn throw(msg: &'static str) -> ! {
    crate::stackcopy::ensurestack(crate::mgc::DEEP_STACK);
    let gp = getg();
    if !gp.is_null() && unsafe { !(*gp).m.is_null() } {
        unsafe { (*(*gp).m).throwing += 1 };
    }
    // Print even if another print statement holds the lock: we are going down.
    prints("fatal error: ");
    prints(msg);
    prints("\n");
    exit(2)
}

/// Fatal error caused by the user's program (gc's `fatal`, e.g. a deadlock): the
/// message, then every user goroutine's header and frames unless GOTRACEBACK=none,
/// exit status 2.
pub fn fatal(msg: &'static str) -> ! {
    prints("fatal error: ");
    prints(msg);
    prints("\n");
    if crate::traceback::gotraceback().0 > 0 {
        // Called on g0 (the scheduler): every user goroutine is "other".
        unsafe { crate::traceback::tracebackothers(getg()) };
    }
    exit(2)
}

#[unsafe(export_name = "runtime.throw")]
pub unsafe extern "C" fn throw_go(p: *const u8, n: usize) -> ! {
    prints("fatal error: ");
    unsafe { printstring(p, n) };
    prints("\n");
    exit(2)
}

/// Prints the value of an unrecovered panic as gc 1.19 does: runtime errors by their
/// Error text, predeclared basic types plainly (`boom`, `5`), named basic types as a
/// conversion (`main.MyInt(5)`, `main.S("x")`), anything else as `(T) 0xADDR`.
pub unsafe fn printpanicval(typ: *const Type, data: *const u8) {
    if typ.is_null() {
        return prints("nil");
    }
    if let Some(s) = unsafe { crate::rterror::runtime_error_text(typ, data) } {
        return unsafe { printstring(s.ptr, s.len) };
    }
    let t = unsafe { &*typ };
    // gc prints an error's Error() and a Stringer's String(); the compiler marks
    // those method sets in tflag (names alone do not tell the signature).
    for (flag, name) in [(TFLAG_ERROR, &b"Error()(string)"[..]), (TFLAG_STRINGER, &b"String()(string)"[..])] {
        if t.tflag & flag == 0 {
            continue;
        }
        if let Some(m) = t.methods().iter().find(|m| {
            m.name_len == name.len() && unsafe { core::slice::from_raw_parts(m.name_ptr, m.name_len) == name }
        }) {
            let f: unsafe extern "C" fn(*const u8) -> crate::string::GoString = unsafe { core::mem::transmute(m.ifn) };
            let s = unsafe { f(data) };
            return unsafe { printstring(s.ptr, s.len) };
        }
    }
    let kind = t.kind();
    let name = t.name();
    unsafe {
        if is_unprintable(kind) {
            prints("(");
            gwrite(name);
            prints(") ");
            // The data word, as gc prints it: the pointer itself for pointer-shaped
            // (kindDirectIface) types, else the address of the boxed copy.
            return printpointer(data as usize);
        }
        // `byte` and `rune` are aliases: gc's type string is uint8/int32 for them.
        let alias = (kind == KIND_UINT8 && name == b"byte") || (kind == KIND_INT32 && name == b"rune");
        if name == basic_kind_name(kind) || alias {
            return print_basic(kind, data);
        }
        gwrite(name);
        match kind {
            KIND_STRING => {
                prints("(\"");
                print_basic(kind, data);
                prints("\")");
            }
            KIND_COMPLEX64 | KIND_COMPLEX128 => print_basic(kind, data),
            _ => {
                prints("(");
                print_basic(kind, data);
                prints(")");
            }
        }
    }
}

/// Value of a basic kind at `data`, as print would show it.
unsafe fn print_basic(kind: u8, data: *const u8) {
    unsafe {
        match kind {
            KIND_BOOL => printbool(*(data as *const i8)),
            KIND_INT | KIND_INT64 => printint(*(data as *const i64)),
            KIND_INT8 => printint(*(data as *const i8) as i64),
            KIND_INT16 => printint(*(data as *const i16) as i64),
            KIND_INT32 => printint(*(data as *const i32) as i64),
            KIND_UINT | KIND_UINT64 | KIND_UINTPTR => printuint(*(data as *const u64)),
            KIND_UINT8 => printuint(*data as u64),
            KIND_UINT16 => printuint(*(data as *const u16) as u64),
            KIND_UINT32 => printuint(*(data as *const u32) as u64),
            KIND_FLOAT32 => printfloat(*(data as *const f32) as f64),
            KIND_FLOAT64 => printfloat(*(data as *const f64)),
            KIND_COMPLEX64 => {
                let p = data as *const f32;
                printcomplex(*p as f64, *p.add(1) as f64)
            }
            KIND_COMPLEX128 => {
                let p = data as *const f64;
                printcomplex(*p, *p.add(1))
            }
            KIND_STRING => {
                let p = data as *const usize;
                printstring(*p as *const u8, *p.add(1))
            }
            _ => {}
        }
    }
}

/// gc's printpanics: the chain of panics, oldest first, each after a tab but the
/// first, `[recovered]` on those recovered before a later panic; Goexit entries are
/// not printed.
unsafe fn printpanics(p: *const crate::defer::Panic) {
    unsafe {
        if !(*p).link.is_null() {
            printpanics((*p).link);
            if !(*(*p).link).goexit {
                prints("\t");
            }
        }
        if (*p).goexit {
            return;
        }
        prints("panic: ");
        printpanicval((*p).arg_type, (*p).arg_data);
        if (*p).recovered {
            prints(" [recovered]");
        }
        prints("\n");
    }
}

/// The end of an unrecovered panic (all defers have run): the panics, the signal
/// line if a signal caused the last one, a blank line, the goroutine header, exit 2.
pub unsafe fn fatalpanic(p: *const crate::defer::Panic) -> ! {
    let gp = getg();
    printlock();
    unsafe {
        if !p.is_null() {
            printpanics(p);
        }
        if !gp.is_null() && (*gp).sig != 0 {
            crate::signal_unix::print_signal_line((*gp).sig, (*gp).sigcode0, (*gp).sigcode1, (*gp).sigpc);
        }
    }
    let (level, all) = crate::traceback::gotraceback();
    if level > 0 {
        let goid = if gp.is_null() { 0 } else { unsafe { (*gp).goid } };
        prints("\ngoroutine ");
        printint(goid);
        prints(" [running]:\n");
        crate::traceback::traceback_self();
        if all {
            unsafe { crate::traceback::tracebackothers(gp) };
        }
    }
    exit(2)
}

/// Kinds gc prints as `(T) 0xADDR`.
fn is_unprintable(kind: u8) -> bool {
    !matches!(kind, KIND_BOOL..=KIND_COMPLEX128 | KIND_STRING)
}

// gc's boundsErrorCode values.
pub const BOUNDS_INDEX: u8 = 0;
pub const BOUNDS_SLICE_ALEN: u8 = 1;
pub const BOUNDS_SLICE_ACAP: u8 = 2;
pub const BOUNDS_SLICE_B: u8 = 3;
pub const BOUNDS_SLICE3_ALEN: u8 = 4;
pub const BOUNDS_SLICE3_ACAP: u8 = 5;
pub const BOUNDS_SLICE3_B: u8 = 6;
pub const BOUNDS_SLICE3_C: u8 = 7;
pub const BOUNDS_CONVERT: u8 = 8;

macro_rules! bounds_panics {
    ($($name:literal, $uname:literal => $code:ident;)*) => {$(
        const _: () = {
            #[unsafe(export_name = $name)]
            extern "C" fn signed(x: i64, y: i64) -> ! {
                crate::rterror::panic_bounds($code, x, true, y)
            }
            #[unsafe(export_name = $uname)]
            extern "C" fn unsigned(x: i64, y: i64) -> ! {
                crate::rterror::panic_bounds($code, x, false, y)
            }
        };
    )*};
}

// The compiler calls these when a bounds check fails: (x, y) as in the messages of
// rterror.rs; the U forms take an unsigned x.
bounds_panics! {
    "runtime.panicIndex", "runtime.panicIndexU" => BOUNDS_INDEX;
    "runtime.panicSliceAlen", "runtime.panicSliceAlenU" => BOUNDS_SLICE_ALEN;
    "runtime.panicSliceAcap", "runtime.panicSliceAcapU" => BOUNDS_SLICE_ACAP;
    "runtime.panicSliceB", "runtime.panicSliceBU" => BOUNDS_SLICE_B;
    "runtime.panicSlice3Alen", "runtime.panicSlice3AlenU" => BOUNDS_SLICE3_ALEN;
    "runtime.panicSlice3Acap", "runtime.panicSlice3AcapU" => BOUNDS_SLICE3_ACAP;
    "runtime.panicSlice3B", "runtime.panicSlice3BU" => BOUNDS_SLICE3_B;
    "runtime.panicSlice3C", "runtime.panicSlice3CU" => BOUNDS_SLICE3_C;
}

/// panicBounds(code, x, y): any bounds failure, by gc's code (0 index … 8 convert).
#[unsafe(export_name = "runtime.panicBounds")]
pub extern "C" fn panic_bounds_code(code: i64, x: i64, y: i64) -> ! {
    crate::rterror::panic_bounds(code.clamp(0, 8) as u8, x, true, y)
}

/// panicBoundsU: panicBounds with an unsigned x.
#[unsafe(export_name = "runtime.panicBoundsU")]
pub extern "C" fn panic_bounds_code_u(code: i64, x: i64, y: i64) -> ! {
    crate::rterror::panic_bounds(code.clamp(0, 8) as u8, x, false, y)
}

#[unsafe(export_name = "runtime.panicSliceConvert")]
pub extern "C" fn panic_slice_convert(x: i64, y: i64) -> ! {
    crate::rterror::panic_bounds(BOUNDS_CONVERT, x, true, y)
}

#[unsafe(export_name = "runtime.panicdivide")]
pub extern "C" fn panicdivide() -> ! {
    crate::rterror::panic_error_string("integer divide by zero")
}

#[unsafe(export_name = "runtime.panicoverflow")]
pub extern "C" fn panicoverflow() -> ! {
    crate::rterror::panic_error_string("integer overflow")
}

#[unsafe(export_name = "runtime.panicshift")]
pub extern "C" fn panicshift() -> ! {
    crate::rterror::panic_error_string("negative shift amount")
}

