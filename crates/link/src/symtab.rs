//! The output `.symtab`: every kept function and data symbol under its input name
//! (locals first, as ELF requires), plus live COMMON symbols and the linker-defined
//! `runtime.*` bounds, so nm/objdump/readelf show Go names.
//!
//! It must not know the file layout beyond section addresses, nor ELF byte encoding.

use crate::gc::Live;
use crate::input::{Bind, Class, Def, Kind};
use crate::layout::Layout;
use crate::resolve::{GDef, LINKER_SYMS, Resolved};

/// Output section indices in the section header table (see `write`).
pub const SHN_TEXT: u16 = 1;
pub const SHN_RODATA: u16 = 2;
pub const SHN_DATA: u16 = 3;
pub const SHN_BSS: u16 = 4;
pub const SHN_ABS: u16 = 0xfff1;

pub const STT_NOTYPE: u8 = 0;
pub const STT_OBJECT: u8 = 1;
pub const STT_FUNC: u8 = 2;
pub const STB_LOCAL: u8 = 0;
pub const STB_GLOBAL: u8 = 1;
pub const STB_WEAK: u8 = 2;

pub struct OutSym {
    pub name: String,
    pub value: u64,
    pub size: u64,
    pub bind: u8,
    pub typ: u8,
    pub shndx: u16,
}

fn shndx(c: Class) -> u16 {
    match c {
        Class::Text => SHN_TEXT,
        Class::Rodata => SHN_RODATA,
        Class::Data => SHN_DATA,
        _ => SHN_BSS,
    }
}

/// Returns the symbols, locals first.
pub fn build(r: &Resolved, live: &Live, lay: &Layout) -> Vec<OutSym> {
    let mut locals = Vec::new();
    let mut globals = Vec::new();
    for (oi, o) in r.objs.iter().enumerate() {
        for (si, s) in o.syms.iter().enumerate() {
            if s.name.is_empty() || matches!(s.kind, Kind::Section | Kind::File) || s.name.starts_with(".L") {
                continue;
            }
            let (value, shn) = match s.def {
                Def::Sec(sec) => {
                    let (Some(Some(addr)), Some(Some(isec))) = (lay.sec_addr[oi].get(sec), o.secs.get(sec)) else {
                        continue;
                    };
                    if !live.sec[oi][sec] {
                        continue;
                    }
                    (addr + s.value, shndx(isec.class))
                }
                Def::Abs if s.bind != Bind::Local => (s.value, SHN_ABS),
                _ => continue,
            };
            let typ = match s.kind {
                Kind::Func => STT_FUNC,
                Kind::Object => STT_OBJECT,
                _ => STT_NOTYPE,
            };
            let out = |bind| OutSym { name: s.name.clone(), value, size: s.size, bind, typ, shndx: shn };
            match s.bind {
                Bind::Local => locals.push(out(STB_LOCAL)),
                _ => {
                    // Only the definition that won resolution.
                    if let Some(GDef::Sym { obj, sym, weak }) = r.globals.get(&s.name)
                        && (*obj, *sym) == (oi, si)
                    {
                        globals.push(out(if *weak { STB_WEAK } else { STB_GLOBAL }));
                    }
                }
            }
        }
    }
    for (i, c) in r.commons.iter().enumerate() {
        if live.commons[i] {
            globals.push(OutSym {
                name: c.name.clone(),
                value: lay.common_addr[i],
                size: c.size,
                bind: STB_GLOBAL,
                typ: STT_OBJECT,
                shndx: SHN_BSS,
            });
        }
    }
    for (i, n) in LINKER_SYMS.iter().enumerate() {
        if matches!(r.globals.get(*n), Some(GDef::Linker(_))) {
            let shndx = [SHN_TEXT, SHN_TEXT, SHN_RODATA, SHN_RODATA, SHN_DATA, SHN_DATA, SHN_BSS, SHN_BSS, SHN_BSS][i];
            globals.push(OutSym {
                name: n.to_string(),
                value: lay.linker_syms[i],
                size: 0,
                bind: STB_GLOBAL,
                typ: STT_NOTYPE,
                shndx,
            });
        }
    }
    locals.extend(globals);
    locals
}
