//! GODEBUG=boottrace=1 (rgo's own): one stderr line per start-up stage, in order, with
//! the time since rt0_go and the stage's key values:
//!
//! ```text
//! boot rt0_go @0 ms argc=1 g0.stack.lo=0x7ffc… g0.stack.hi=0x7ffc…
//! boot osinit @0.010 ms ncpu=2 physPageSize=4096
//! ```
//!
//! GODEBUG is parsed in schedinit, after the first stages ran, so stages are recorded
//! into a small buffer until parsedebugvars decides: then the buffer is printed (or
//! dropped) and later stages print directly. Before that point only m0 runs, so the
//! buffer needs no lock; afterwards each line is one printlock'd print.
use crate::print::*;
use crate::time::nanotime;

#[derive(Clone, Copy)]
pub enum V {
    /// Decimal.
    D(i64),
    /// Hexadecimal with 0x.
    H(u64),
    /// Text.
    S(&'static str),
}

#[derive(Clone, Copy)]
struct Event {
    stage: &'static str,
    t: i64,
    kv: [(&'static str, V); 4],
    n: usize,
}

const MAX_BUFFERED: usize = 32;
const RECORD: u8 = 0;
const PRINT: u8 = 1;
const OFF: u8 = 2;

static mut MODE: u8 = RECORD;
static mut T0: i64 = 0;
static mut BUF: [Event; MAX_BUFFERED] = [Event {
    stage: "",
    t: 0,
    kv: [("", V::D(0)); 4],
    n: 0,
}; MAX_BUFFERED];
static mut NBUF: usize = 0;

/// Records (or prints) start-up stage `stage` with up to four key=value pairs.
pub fn boot(stage: &'static str, kv: &[(&'static str, V)]) {
    unsafe {
        if MODE == OFF {
            return;
        }
        let now = nanotime();
        if T0 == 0 {
            T0 = now;
        }
        let mut ev = Event {
            stage,
            t: now - T0,
            kv: [("", V::D(0)); 4],
            n: kv.len().min(4),
        };
        ev.kv[..ev.n].copy_from_slice(&kv[..ev.n]);
        if MODE == PRINT {
            emit(&ev);
        } else if NBUF < MAX_BUFFERED {
            BUF[NBUF] = ev;
            NBUF += 1;
        }
    }
}

/// Called once by parsedebugvars: print what was recorded and go on printing, or stop.
pub fn boottrace_enable(on: bool) {
    unsafe {
        if on {
            MODE = PRINT;
            let buf = &raw const BUF;
            for i in 0..NBUF {
                emit(&(*buf)[i]);
            }
        } else {
            MODE = OFF;
        }
        NBUF = 0;
    }
}

fn emit(ev: &Event) {
    let mut buf = [0u8; 24];
    printlock();
    prints("boot ");
    prints(ev.stage);
    prints(" @");
    gwrite(fmt_ns_as_ms(&mut buf, ev.t as u64));
    prints(" ms");
    for &(k, v) in &ev.kv[..ev.n] {
        prints(" ");
        prints(k);
        prints("=");
        match v {
            V::D(x) => printint(x),
            V::H(x) => printhex(x),
            V::S(s) => prints(s),
        }
    }
    prints("\n");
    printunlock();
}
