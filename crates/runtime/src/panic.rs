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
            // rgo boxes pointer-shaped values too: load the pointer, which is what gc
            // prints as the data word for those kinds.
            let word = match kind {
                KIND_PTR | KIND_MAP | KIND_CHAN | KIND_FUNC | KIND_UNSAFE_POINTER => *(data as *const usize),
                _ => data as usize,
            };
            return printpointer(word);
        }
        if name == basic_kind_name(kind) {
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

/// The tail of every unrecovered panic: blank line, goroutine header, exit 2.
fn fatalpanic() -> ! {
    let gp = getg();
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

/// A runtime error panic: `panic: runtime error: …`.
fn panic_runtime_error(parts: &[&str], nums: &[(usize, i64)]) -> ! {
    printlock();
    prints("panic: runtime error: ");
    for (i, p) in parts.iter().enumerate() {
        prints(p);
        for &(at, v) in nums {
            if at == i {
                printint(v);
            }
        }
    }
    prints("\n");
    fatalpanic()
}

#[unsafe(export_name = "runtime.panicIndex")]
pub extern "C" fn panic_index(x: i64, y: i64) -> ! {
    panic_runtime_error(&["index out of range [", "] with length ", ""], &[(0, x), (1, y)])
}

#[unsafe(export_name = "runtime.panicdivide")]
pub extern "C" fn panicdivide() -> ! {
    panic_runtime_error(&["integer divide by zero"], &[])
}

#[unsafe(export_name = "runtime.panicshift")]
pub extern "C" fn panicshift() -> ! {
    panic_runtime_error(&["negative shift amount"], &[])
}

#[unsafe(export_name = "runtime.panicmem")]
pub extern "C" fn panicmem() -> ! {
    panic_runtime_error(&["invalid memory address or nil pointer dereference"], &[])
}
