//! The `print`/`println` builtins: compiled code brackets one statement with
//! printlock/printunlock and calls one print function per operand. Output goes to
//! stderr unbuffered, byte-for-byte like gc's runtime print.
//!
//! printlock is per-M re-entrant (m.printlock counts) over the global DEBUGLOCK, so a
//! println from one thread is not interleaved with another's, and the runtime may print
//! while a print statement is in progress on the same M (e.g. a panic inside it).
use crate::lock_futex::Mutex;
use crate::stubs::getg;
use crate::sys_linux_amd64::write;

/// Serializes whole print statements between Ms.
static DEBUGLOCK: Mutex = Mutex::new();

/// Writes bytes to stderr, retrying short writes.
pub fn gwrite(b: &[u8]) {
    let mut p = b.as_ptr();
    let mut n = b.len();
    while n > 0 {
        let r = write(2, p, n);
        if r <= 0 {
            return;
        }
        p = unsafe { p.add(r as usize) };
        n -= r as usize;
    }
}

pub fn prints(s: &str) {
    gwrite(s.as_bytes());
}

#[unsafe(export_name = "runtime.printlock")]
pub extern "C" fn printlock() {
    let gp = getg();
    if gp.is_null() {
        return;
    }
    let mp = unsafe { (*gp).m };
    if mp.is_null() {
        return;
    }
    unsafe {
        (*mp).printlock += 1;
        if (*mp).printlock == 1 {
            DEBUGLOCK.lock();
        }
    }
}

#[unsafe(export_name = "runtime.printunlock")]
pub extern "C" fn printunlock() {
    let gp = getg();
    if gp.is_null() {
        return;
    }
    let mp = unsafe { (*gp).m };
    if mp.is_null() {
        return;
    }
    unsafe {
        (*mp).printlock -= 1;
        if (*mp).printlock == 0 {
            DEBUGLOCK.unlock();
        }
    }
}

#[unsafe(export_name = "runtime.printstring")]
pub unsafe extern "C" fn printstring(p: *const u8, n: usize) {
    if n == 0 {
        return;
    }
    gwrite(unsafe { core::slice::from_raw_parts(p, n) });
}

#[unsafe(export_name = "runtime.printsp")]
pub extern "C" fn printsp() {
    gwrite(b" ");
}

#[unsafe(export_name = "runtime.printnl")]
pub extern "C" fn printnl() {
    gwrite(b"\n");
}

#[unsafe(export_name = "runtime.printbool")]
pub extern "C" fn printbool(v: i8) {
    gwrite(if v != 0 { b"true" } else { b"false" });
}

/// Decimal digits of v, right-aligned in buf; returns the used tail.
pub fn fmt_uint(buf: &mut [u8; 24], mut v: u64) -> &[u8] {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    &buf[i..]
}

#[unsafe(export_name = "runtime.printuint")]
pub extern "C" fn printuint(v: u64) {
    let mut buf = [0u8; 24];
    gwrite(fmt_uint(&mut buf, v));
}

#[unsafe(export_name = "runtime.printint")]
pub extern "C" fn printint(v: i64) {
    if v < 0 {
        gwrite(b"-");
        printuint((v as u64).wrapping_neg());
    } else {
        printuint(v as u64);
    }
}

#[unsafe(export_name = "runtime.printhex")]
pub extern "C" fn printhex(mut v: u64) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut buf = [0u8; 18];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = DIGITS[(v & 15) as usize];
        v >>= 4;
        if v == 0 {
            break;
        }
    }
    i -= 1;
    buf[i] = b'x';
    i -= 1;
    buf[i] = b'0';
    gwrite(&buf[i..]);
}

#[unsafe(export_name = "runtime.printpointer")]
pub extern "C" fn printpointer(p: usize) {
    printhex(p as u64);
}

/// gc's float form: sign, one digit, '.', six digits, 'e', sign, three exponent digits
/// (`+1.500000e+000`), computed by repeated scaling by ten so the digits match gc's.
#[unsafe(export_name = "runtime.printfloat")]
pub extern "C" fn printfloat(mut v: f64) {
    if v.is_nan() {
        return gwrite(b"NaN");
    }
    if v + v == v && v > 0.0 {
        return gwrite(b"+Inf");
    }
    if v + v == v && v < 0.0 {
        return gwrite(b"-Inf");
    }
    const NDIG: usize = 7;
    let mut out = [0u8; NDIG + 7];
    out[0] = b'+';
    let mut exp: i32 = 0;
    if v == 0.0 {
        if (1.0 / v) < 0.0 {
            out[0] = b'-';
        }
    } else {
        if v < 0.0 {
            v = -v;
            out[0] = b'-';
        }
        // Bring v into [1, 10), counting the decimal exponent.
        while v >= 10.0 {
            exp += 1;
            v /= 10.0;
        }
        while v < 1.0 {
            exp -= 1;
            v *= 10.0;
        }
        // Round at the last printed digit.
        let mut half = 5.0;
        for _ in 0..NDIG {
            half /= 10.0;
        }
        v += half;
        if v >= 10.0 {
            exp += 1;
            v /= 10.0;
        }
    }
    // Digits go to out[2..2+NDIG]; then the first one moves left of the point.
    for k in 0..NDIG {
        let d = v as i64;
        out[k + 2] = b'0' + d as u8;
        v -= d as f64;
        v *= 10.0;
    }
    out[1] = out[2];
    out[2] = b'.';
    out[NDIG + 2] = b'e';
    out[NDIG + 3] = b'+';
    if exp < 0 {
        exp = -exp;
        out[NDIG + 3] = b'-';
    }
    out[NDIG + 4] = b'0' + (exp / 100) as u8;
    out[NDIG + 5] = b'0' + ((exp / 10) % 10) as u8;
    out[NDIG + 6] = b'0' + (exp % 10) as u8;
    gwrite(&out);
}

/// gc's complex form: `(re+imi)`, each part as printfloat.
#[unsafe(export_name = "runtime.printcomplex")]
pub extern "C" fn printcomplex(re: f64, im: f64) {
    gwrite(b"(");
    printfloat(re);
    printfloat(im);
    gwrite(b"i)");
}

/// Milliseconds with two significant digits and at most three decimals, whole
/// milliseconds from 10 ms on (gc's fmtNSAsMS, used by inittrace and boottrace).
pub fn fmt_ns_as_ms(buf: &mut [u8; 24], ns: u64) -> &[u8] {
    if ns >= 10_000_000 {
        return fmt_fixed(buf, ns / 1_000_000, 0);
    }
    let mut x = ns / 1000;
    if x == 0 {
        buf[0] = b'0';
        return &buf[..1];
    }
    let mut dec = 3;
    while x >= 100 {
        x /= 10;
        dec -= 1;
    }
    fmt_fixed(buf, x, dec)
}

/// `val` with a decimal point `dec` digits from the right (`dec` = 0: none).
fn fmt_fixed(buf: &mut [u8; 24], mut val: u64, dec: usize) -> &[u8] {
    let mut i = buf.len() - 1;
    let point = i - dec;
    while val >= 10 || i >= point {
        buf[i] = b'0' + (val % 10) as u8;
        i -= 1;
        if i == point && dec > 0 {
            buf[i] = b'.';
            i -= 1;
        }
        val /= 10;
    }
    buf[i] = b'0' + val as u8;
    &buf[i..]
}

/// An empty interface as gc prints it: `(0xTYPE,0xDATA)`.
#[unsafe(export_name = "runtime.printeface")]
pub extern "C" fn printeface(typ: usize, data: usize) {
    gwrite(b"(");
    printpointer(typ);
    gwrite(b",");
    printpointer(data);
    gwrite(b")");
}

/// A non-empty interface: `(0xITAB,0xDATA)`.
#[unsafe(export_name = "runtime.printiface")]
pub extern "C" fn printiface(tab: usize, data: usize) {
    printeface(tab, data);
}

/// A slice as gc prints it: `[len/cap]0xPTR`.
#[unsafe(export_name = "runtime.printslice")]
pub extern "C" fn printslice(ptr: usize, len: i64, cap: i64) {
    gwrite(b"[");
    printint(len);
    gwrite(b"/");
    printint(cap);
    gwrite(b"]");
    printpointer(ptr);
}
