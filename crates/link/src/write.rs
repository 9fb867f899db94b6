//! Writes the executable's bytes: ELF header, program headers, the loaded image with
//! relocations applied, then .symtab/.strtab/.shstrtab and the section headers.
//! Hand-written (not `object::write`) so every field and offset is under our control.
//!
//! It must not decide layout or resolve symbols; it only serialises what it is given.

use crate::gc::Live;
use crate::input::Class;
use crate::layout::{EHDR_SIZE, Layout, OutSec, PAGE, PHDR_SIZE};
use crate::reloc;
use crate::resolve::Resolved;
use crate::symtab::{OutSym, STB_LOCAL};

const PT_LOAD: u32 = 1;
const PT_GNU_STACK: u32 = 0x6474_e551;
const SHT_PROGBITS: u32 = 1;
const SHT_SYMTAB: u32 = 2;
const SHT_STRTAB: u32 = 3;
const SHT_NOBITS: u32 = 8;
const SHF_WRITE: u64 = 1;
const SHF_ALLOC: u64 = 2;
const SHF_EXECINSTR: u64 = 4;

fn put16(b: &mut Vec<u8>, v: u16) {
    b.extend_from_slice(&v.to_le_bytes());
}
fn put32(b: &mut Vec<u8>, v: u32) {
    b.extend_from_slice(&v.to_le_bytes());
}
fn put64(b: &mut Vec<u8>, v: u64) {
    b.extend_from_slice(&v.to_le_bytes());
}

/// Copies the live sections into the image and applies their relocations.
pub fn image(r: &Resolved, live: &Live, lay: &Layout) -> Result<Vec<u8>, Vec<String>> {
    let mut buf = vec![0u8; lay.file_end as usize];
    // Padding between functions is INT3, as gc does.
    buf[lay.text.off as usize..(lay.text.off + lay.text.size) as usize].fill(0xcc);
    let out_of = |c: Class| -> OutSec {
        match c {
            Class::Text => lay.text,
            Class::Rodata => lay.rodata,
            _ => lay.data,
        }
    };
    let mut errs = Vec::new();
    for (oi, o) in r.objs.iter().enumerate() {
        for (si, s) in o.secs.iter().enumerate() {
            let (Some(s), Some(addr)) = (s, lay.sec_addr[oi][si]) else { continue };
            if s.class == Class::Bss {
                if !s.relocs.is_empty() {
                    errs.push(format!("{}: relocations in NOBITS section {}", o.name, s.name));
                }
                continue;
            }
            let out = out_of(s.class);
            let at = (out.off + (addr - out.addr)) as usize;
            let dst = &mut buf[at..at + s.size as usize];
            dst.copy_from_slice(&s.data[..s.size as usize]);
            for rel in &s.relocs {
                let t = r.target(oi, rel.sym);
                let Some(sa) = lay.addr(t) else {
                    errs.push(format!("{}: relocation target not kept", r.symbol_at(oi, si, rel.offset)));
                    continue;
                };
                let got = if reloc::needs_got(rel.rtype, s.data, rel.offset, t) {
                    live.got_index.get(&t).map(|i| lay.got_addr + 8 * *i as u64)
                } else {
                    None
                };
                if let Err(m) = reloc::apply(dst, rel.offset, rel.rtype, sa, rel.addend, addr + rel.offset, got) {
                    let tname = o.syms.get(rel.sym).map(|s| s.name.as_str()).unwrap_or("?");
                    let tname = if tname.is_empty() { "a section" } else { tname };
                    errs.push(format!("{}: relocation to {tname}: {m}", r.symbol_at(oi, si, rel.offset)));
                }
            }
        }
    }
    for (i, t) in live.got.iter().enumerate() {
        let at = (lay.rodata.off + (lay.got_addr - lay.rodata.addr)) as usize + 8 * i;
        let v = lay.addr(*t).unwrap_or(0);
        buf[at..at + 8].copy_from_slice(&v.to_le_bytes());
    }
    if errs.is_empty() { Ok(buf) } else { Err(errs) }
}

/// Adds the headers and the non-loaded tables around the image.
pub fn finish(mut buf: Vec<u8>, lay: &Layout, syms: &[OutSym], entry: u64) -> Vec<u8> {
    // Program headers (the image already reserved their space after the ELF header).
    let mut ph = Vec::new();
    for s in &lay.segments {
        put32(&mut ph, PT_LOAD);
        put32(&mut ph, s.flags);
        put64(&mut ph, s.off);
        put64(&mut ph, s.addr);
        put64(&mut ph, s.addr);
        put64(&mut ph, s.filesz);
        put64(&mut ph, s.memsz);
        put64(&mut ph, PAGE);
    }
    put32(&mut ph, PT_GNU_STACK);
    put32(&mut ph, 4 | 2);
    for _ in 0..5 {
        put64(&mut ph, 0);
    }
    put64(&mut ph, 16);
    let phnum = lay.segments.len() as u16 + 1;

    // String tables and the symbol table.
    let mut strtab = vec![0u8];
    let mut symtab = vec![0u8; 24];
    let mut first_global = syms.len() as u32 + 1;
    for (i, s) in syms.iter().enumerate() {
        if s.bind != STB_LOCAL && first_global as usize > i + 1 {
            first_global = i as u32 + 1;
        }
        let name = strtab.len() as u32;
        strtab.extend_from_slice(s.name.as_bytes());
        strtab.push(0);
        put32(&mut symtab, name);
        symtab.push(s.bind << 4 | s.typ);
        symtab.push(0);
        put16(&mut symtab, s.shndx);
        put64(&mut symtab, s.value);
        put64(&mut symtab, s.size);
    }
    let names = ["", ".text", ".rodata", ".data", ".bss", ".symtab", ".strtab", ".shstrtab"];
    let mut shstrtab = Vec::new();
    let mut name_off = Vec::new();
    for n in names {
        name_off.push(shstrtab.len() as u32);
        shstrtab.extend_from_slice(n.as_bytes());
        shstrtab.push(0);
    }

    let pad8 = |b: &mut Vec<u8>| b.resize(b.len().div_ceil(8) * 8, 0);
    pad8(&mut buf);
    let symtab_off = buf.len() as u64;
    buf.extend_from_slice(&symtab);
    let strtab_off = buf.len() as u64;
    buf.extend_from_slice(&strtab);
    let shstrtab_off = buf.len() as u64;
    buf.extend_from_slice(&shstrtab);
    pad8(&mut buf);
    let shoff = buf.len() as u64;

    let mut sh = vec![0u8; 64];
    let mut shdr = |name: u32,
                    typ: u32,
                    flags: u64,
                    addr: u64,
                    off: u64,
                    size: u64,
                    link: u32,
                    info: u32,
                    align: u64,
                    entsize: u64| {
        put32(&mut sh, name);
        put32(&mut sh, typ);
        put64(&mut sh, flags);
        put64(&mut sh, addr);
        put64(&mut sh, off);
        put64(&mut sh, size);
        put32(&mut sh, link);
        put32(&mut sh, info);
        put64(&mut sh, align);
        put64(&mut sh, entsize);
    };
    let t = lay.text;
    shdr(name_off[1], SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, t.addr, t.off, t.size, 0, 0, t.align, 0);
    let r = lay.rodata;
    shdr(name_off[2], SHT_PROGBITS, SHF_ALLOC, r.addr, r.off, r.size, 0, 0, r.align, 0);
    let d = lay.data;
    shdr(name_off[3], SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, d.addr, d.off, d.size, 0, 0, d.align, 0);
    let b = lay.bss;
    shdr(name_off[4], SHT_NOBITS, SHF_ALLOC | SHF_WRITE, b.addr, b.off, b.size, 0, 0, b.align, 0);
    shdr(name_off[5], SHT_SYMTAB, 0, 0, symtab_off, symtab.len() as u64, 6, first_global, 8, 24);
    shdr(name_off[6], SHT_STRTAB, 0, 0, strtab_off, strtab.len() as u64, 0, 0, 1, 0);
    shdr(name_off[7], SHT_STRTAB, 0, 0, shstrtab_off, shstrtab.len() as u64, 0, 0, 1, 0);
    buf.extend_from_slice(&sh);

    // ELF header.
    let mut eh = Vec::with_capacity(64);
    eh.extend_from_slice(&[0x7f, b'E', b'L', b'F', 2, 1, 1, 0]);
    eh.extend_from_slice(&[0; 8]);
    put16(&mut eh, 2); // ET_EXEC
    put16(&mut eh, 62); // EM_X86_64
    put32(&mut eh, 1);
    put64(&mut eh, entry);
    put64(&mut eh, EHDR_SIZE);
    put64(&mut eh, shoff);
    put32(&mut eh, 0);
    put16(&mut eh, EHDR_SIZE as u16);
    put16(&mut eh, PHDR_SIZE as u16);
    put16(&mut eh, phnum);
    put16(&mut eh, 64);
    put16(&mut eh, names.len() as u16);
    put16(&mut eh, 7);
    buf[..64].copy_from_slice(&eh);
    buf[64..64 + ph.len()].copy_from_slice(&ph);
    buf
}
