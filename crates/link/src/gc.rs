//! Section-level garbage collection: starting from the entry symbol, keeps every
//! section reachable through relocations (like `ld --gc-sections`). While walking it
//! reports undefined references from live code and collects the GOT slots that
//! GOTPCREL relocations need.
//!
//! It must not know addresses or the output layout.

use crate::input::Class;
use crate::reloc;
use crate::resolve::{Resolved, Target};
use std::collections::HashMap;

pub struct Live {
    /// `sec[obj][sec]`: the section is kept.
    pub sec: Vec<Vec<bool>>,
    pub commons: Vec<bool>,
    /// Targets that need a GOT slot, in first-use order.
    pub got: Vec<Target>,
    pub got_index: HashMap<Target, usize>,
}

pub fn mark(r: &Resolved, entry: Target) -> Result<Live, Vec<String>> {
    let mut live = Live {
        sec: r.objs.iter().map(|o| vec![false; o.secs.len()]).collect(),
        commons: vec![false; r.commons.len()],
        got: Vec::new(),
        got_index: HashMap::new(),
    };
    let mut errs = Vec::new();
    let mut work: Vec<(usize, usize)> = Vec::new();
    let visit = |t: Target, live: &mut Live, work: &mut Vec<(usize, usize)>| match t {
        Target::Sec { obj, sec, .. } if !live.sec[obj][sec] => {
            live.sec[obj][sec] = true;
            work.push((obj, sec));
        }
        Target::Common(i) => live.commons[i] = true,
        _ => {}
    };
    visit(entry, &mut live, &mut work);
    while let Some((oi, si)) = work.pop() {
        let o = &r.objs[oi];
        let Some(sec) = o.secs[si].as_ref() else { continue };
        if sec.discarded {
            errs.push(format!("{}: section {} of a discarded COMDAT group is referenced", o.name, sec.name));
            continue;
        }
        if sec.class == Class::Tls {
            errs.push(format!("{}: thread-local storage ({}) is not supported", r.symbol_at(oi, si, 0), sec.name));
            continue;
        }
        for rel in &sec.relocs {
            if rel.rtype == reloc::R_X86_64_NONE {
                continue;
            }
            let t = r.target(oi, rel.sym);
            if t == Target::Undef {
                let name = &o.syms.get(rel.sym).map(|s| s.name.as_str()).unwrap_or("?");
                errs.push(format!("{}: relocation target {} not defined", r.symbol_at(oi, si, rel.offset), name));
                continue;
            }
            if reloc::needs_got(rel.rtype, sec.data, rel.offset, t) && !live.got_index.contains_key(&t) {
                live.got_index.insert(t, live.got.len());
                live.got.push(t);
            }
            visit(t, &mut live, &mut work);
        }
    }
    if errs.is_empty() {
        Ok(live)
    } else {
        errs.sort();
        errs.dedup();
        Err(errs)
    }
}
