//! Panics and fatal errors.
//!
//! Without defer/recover yet, a panic is always unrecovered: print `panic: ` and the
//! value the way gc's printpanicval does, a blank line and the goroutine header, then
//! exit_group(2). `throw` is the runtime's own fatal error (`fatal error: MSG`); it takes
//! a static string and never allocates, so it works with the heap or scheduler broken.
use crate::print::*;
use crate::stubs::getg;
use crate::sys_linux_amd64::exit;
use crate::typ::*;

/// Fatal runtime error: `fatal error: MSG`, exit status 2.
pub fn throw(msg: &'static str) -> ! {
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
/// message, then the header of every user goroutine, exit status 2.
pub fn fatal(msg: &'static str) -> ! {
    prints("fatal error: ");
    prints(msg);
    prints("\n");
    unsafe {
        let mut gp = crate::runtime2::ALLGS;
        while !gp.is_null() {
            let status = crate::proc::readgstatus(gp);
            if !(*gp).system && status != crate::runtime2::G_DEAD {
                prints("\ngoroutine ");
                printint((*gp).goid);
                prints(" [");
                if status == crate::runtime2::G_WAITING {
                    prints(crate::runtime2::wait_reason_string((*gp).waitreason));
                } else {
                    prints("runnable");
                }
                prints("]:\n");
            }
            gp = (*gp).alllink;
        }
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

/// Prints the value of an unrecovered panic as gc 1.19 does: predeclared basic types
/// plainly (`boom`, `5`), named basic types as a conversion (`main.MyInt(5)`,
/// `main.S("x")`), anything else as `(T) 0xADDR`.
unsafe fn printpanicval(typ: *const Type, data: *const u8) {
    if typ.is_null() {
        return prints("nil");
    }
    let t = unsafe { &*typ };
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

/// The tail of every unrecovered panic: the signal line if a signal caused it, a
/// blank line, the goroutine header, exit 2.
fn fatalpanic() -> ! {
    let gp = getg();
    unsafe {
        if !gp.is_null() && (*gp).sig != 0 {
            crate::signal_unix::print_signal_line((*gp).sig, (*gp).sigcode0, (*gp).sigcode1, (*gp).sigpc);
        }
    }
    let goid = if gp.is_null() { 0 } else { unsafe { (*gp).goid } };
    prints("\ngoroutine ");
    printint(goid);
    prints(" [running]:\n");
    exit(2)
}

/// panic(v) with v an empty interface (type, data).
#[unsafe(export_name = "runtime.gopanic")]
pub unsafe extern "C" fn gopanic(typ: *const Type, data: *const u8) -> ! {
    printlock();
    prints("panic: ");
    unsafe { printpanicval(typ, data) };
    prints("\n");
    fatalpanic()
}

/// Kinds gc prints as `(T) 0xADDR`.
fn is_unprintable(kind: u8) -> bool {
    !matches!(kind, KIND_BOOL..=KIND_COMPLEX128 | KIND_STRING)
}

/// fatalpanic for sigpanic.
pub fn fatalpanic_sig() -> ! {
    fatalpanic()
}

/// A runtime error panic: `panic: runtime error: MSG` (MSG printed by `body`).
pub fn panic_runtime_error(body: impl FnOnce()) -> ! {
    printlock();
    prints("panic: runtime error: ");
    body();
    prints("\n");
    fatalpanic()
}

/// What failed a bounds check (gc's boundsErrorCode, same order).
#[derive(Clone, Copy)]
enum Bounds {
    Index,
    SliceAlen,
    SliceAcap,
    SliceB,
    Slice3Alen,
    Slice3Acap,
    Slice3B,
    Slice3C,
    Convert,
}

/// gc's bounds-error text: `%x` and `%y` stand for x and y; with a negative (signed)
/// x the second form, which omits y, is used.
fn bounds_format(code: Bounds, negative: bool) -> &'static str {
    use Bounds::*;
    if negative {
        return match code {
            Index => "index out of range [%x]",
            SliceAlen | SliceAcap => "slice bounds out of range [:%x]",
            SliceB => "slice bounds out of range [%x:]",
            Slice3Alen | Slice3Acap => "slice bounds out of range [::%x]",
            Slice3B => "slice bounds out of range [:%x:]",
            Slice3C => "slice bounds out of range [%x::]",
            Convert => "cannot convert slice with length %x to pointer to array with length %y",
        };
    }
    match code {
        Index => "index out of range [%x] with length %y",
        SliceAlen => "slice bounds out of range [:%x] with length %y",
        SliceAcap => "slice bounds out of range [:%x] with capacity %y",
        SliceB => "slice bounds out of range [%x:%y]",
        Slice3Alen => "slice bounds out of range [::%x] with length %y",
        Slice3Acap => "slice bounds out of range [::%x] with capacity %y",
        Slice3B => "slice bounds out of range [:%x:%y]",
        Slice3C => "slice bounds out of range [%x:%y:]",
        Convert => "cannot convert slice with length %x to pointer to array with length %y",
    }
}

fn panic_bounds(code: Bounds, x: i64, signed: bool, y: i64) -> ! {
    let negative = signed && x < 0;
    panic_runtime_error(|| {
        let f = bounds_format(code, negative).as_bytes();
        let mut k = 0;
        while k < f.len() {
            if f[k] == b'%' && k + 1 < f.len() {
                match f[k + 1] {
                    b'x' if signed => printint(x),
                    b'x' => printuint(x as u64),
                    _ => printint(y),
                }
                k += 2;
            } else {
                let start = k;
                while k < f.len() && f[k] != b'%' {
                    k += 1;
                }
                gwrite(&f[start..k]);
            }
        }
    })
}

macro_rules! bounds_panics {
    ($($name:literal, $uname:literal => $code:ident;)*) => {$(
        const _: () = {
            #[unsafe(export_name = $name)]
            extern "C" fn signed(x: i64, y: i64) -> ! {
                panic_bounds(Bounds::$code, x, true, y)
            }
            #[unsafe(export_name = $uname)]
            extern "C" fn unsigned(x: i64, y: i64) -> ! {
                panic_bounds(Bounds::$code, x, false, y)
            }
        };
    )*};
}

// The compiler calls these when a bounds check fails: (x, y) as in the messages
// above; the U forms take an unsigned x.
bounds_panics! {
    "runtime.panicIndex", "runtime.panicIndexU" => Index;
    "runtime.panicSliceAlen", "runtime.panicSliceAlenU" => SliceAlen;
    "runtime.panicSliceAcap", "runtime.panicSliceAcapU" => SliceAcap;
    "runtime.panicSliceB", "runtime.panicSliceBU" => SliceB;
    "runtime.panicSlice3Alen", "runtime.panicSlice3AlenU" => Slice3Alen;
    "runtime.panicSlice3Acap", "runtime.panicSlice3AcapU" => Slice3Acap;
    "runtime.panicSlice3B", "runtime.panicSlice3BU" => Slice3B;
    "runtime.panicSlice3C", "runtime.panicSlice3CU" => Slice3C;
}

/// `panicBounds(code, x, y)` with gc's boundsError codes (0 index, 1 sliceAlen,
/// 2 sliceAcap, 3 sliceB, 4 slice3Alen, 5 slice3Acap, 6 slice3B, 7 slice3C,
/// 8 convert) and a signed x.
#[unsafe(export_name = "runtime.panicBounds")]
pub extern "C" fn panic_bounds_code(code: i64, x: i64, y: i64) -> ! {
    panic_bounds(bounds_code(code), x, true, y)
}

/// panicBounds with an unsigned x.
#[unsafe(export_name = "runtime.panicBoundsU")]
pub extern "C" fn panic_bounds_code_u(code: i64, x: i64, y: i64) -> ! {
    panic_bounds(bounds_code(code), x, false, y)
}

fn bounds_code(code: i64) -> Bounds {
    use Bounds::*;
    match code {
        0 => Index,
        1 => SliceAlen,
        2 => SliceAcap,
        3 => SliceB,
        4 => Slice3Alen,
        5 => Slice3Acap,
        6 => Slice3B,
        7 => Slice3C,
        8 => Convert,
        _ => throw("panicBounds: bad code"),
    }
}

#[unsafe(export_name = "runtime.panicSliceConvert")]
pub extern "C" fn panic_slice_convert(x: i64, y: i64) -> ! {
    panic_bounds(Bounds::Convert, x, true, y)
}

#[unsafe(export_name = "runtime.panicdivide")]
pub extern "C" fn panicdivide() -> ! {
    panic_runtime_error(|| prints("integer divide by zero"))
}

#[unsafe(export_name = "runtime.panicshift")]
pub extern "C" fn panicshift() -> ! {
    panic_runtime_error(|| prints("negative shift amount"))
}

#[unsafe(export_name = "runtime.panicmem")]
pub extern "C" fn panicmem() -> ! {
    panic_runtime_error(|| prints("invalid memory address or nil pointer dereference"))
}
