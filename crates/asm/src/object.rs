//! Writes a `Program` as an ELF64 x86-64 relocatable object with the `object` crate:
//! one section per symbol (`.text.<name>`, `.data.<name>`, `.rodata.<name>`,
//! `.bss.<name>`) so the linker can drop what is unreachable.
//!
//! It must not know instructions or assembly syntax.

use crate::parse::SymName;
use crate::program::{DUPOK, Program, RODATA, Reloc};
use object::write::{Object, Relocation, SectionId, Symbol, SymbolId, SymbolSection};
use object::{
    Architecture, BinaryFormat, Endianness, RelocationFlags, SectionKind, SymbolFlags, SymbolKind, SymbolScope,
};
use std::collections::BTreeMap;

/// ELF name of a symbol: file-local `foo<>` keeps its `<>` so it can never collide with
/// a global `foo`.
pub fn elf_name(s: &SymName) -> String {
    if s.local { format!("{}<>", s.name) } else { s.name.clone() }
}

pub fn write(prog: &Program) -> Result<Vec<u8>, String> {
    let mut obj = Object::new(BinaryFormat::Elf, Architecture::X86_64, Endianness::Little);
    let mut syms: BTreeMap<(String, bool), SymbolId> = BTreeMap::new();
    let mut pending: Vec<(SectionId, Vec<Reloc>)> = Vec::new();

    let mut define = |obj: &mut Object, name: &SymName, kind, size, section, flags: u64| {
        let id = obj.add_symbol(Symbol {
            name: elf_name(name).into_bytes(),
            value: 0,
            size,
            kind,
            scope: if name.local { SymbolScope::Compilation } else { SymbolScope::Linkage },
            // DUPOK symbols may be defined in several objects: weak lets the linker keep one.
            weak: flags & DUPOK != 0 && !name.local,
            section: SymbolSection::Section(section),
            flags: SymbolFlags::None,
        });
        syms.insert((name.name.clone(), name.local), id);
    };

    for f in &prog.funcs {
        let name = format!(".text.{}", elf_name(&f.name));
        let sec = obj.add_section(Vec::new(), name.into_bytes(), SectionKind::Text);
        obj.set_section_data(sec, f.code.clone(), 16);
        define(&mut obj, &f.name, SymbolKind::Text, f.code.len() as u64, sec, f.flags);
        pending.push((sec, f.relocs.clone()));
    }
    for d in &prog.datas {
        let align = match d.size {
            16.. => 16,
            8.. => 8,
            4.. => 4,
            2.. => 2,
            _ => 1,
        };
        let n = elf_name(&d.name);
        let (prefix, kind) = if d.flags & RODATA != 0 {
            (".rodata", SectionKind::ReadOnlyData)
        } else if d.has_data {
            (".data", SectionKind::Data)
        } else {
            (".bss", SectionKind::UninitializedData)
        };
        let sec = obj.add_section(Vec::new(), format!("{prefix}.{n}").into_bytes(), kind);
        if kind == SectionKind::UninitializedData {
            obj.append_section_bss(sec, d.size, align);
        } else {
            let mut bytes = d.bytes.clone();
            bytes.resize(d.size as usize, 0);
            obj.set_section_data(sec, bytes, align);
        }
        define(&mut obj, &d.name, SymbolKind::Data, d.size, sec, d.flags);
        pending.push((sec, d.relocs.clone()));
    }
    for (sec, relocs) in pending {
        for r in relocs {
            let key = (r.sym.name.clone(), r.sym.local);
            let id = match syms.get(&key) {
                Some(&id) => id,
                None => {
                    if r.sym.local {
                        return Err(format!("undefined file-local symbol {}<>", r.sym.name));
                    }
                    let id = obj.add_symbol(Symbol {
                        name: r.sym.name.clone().into_bytes(),
                        value: 0,
                        size: 0,
                        kind: SymbolKind::Unknown,
                        scope: SymbolScope::Linkage,
                        weak: false,
                        section: SymbolSection::Undefined,
                        flags: SymbolFlags::None,
                    });
                    syms.insert(key, id);
                    id
                }
            };
            obj.add_relocation(
                sec,
                Relocation {
                    offset: r.offset,
                    symbol: id,
                    addend: r.addend,
                    flags: RelocationFlags::Elf { r_type: r.rtype },
                },
            )
            .map_err(|e| e.to_string())?;
        }
    }
    obj.write().map_err(|e| e.to_string())
}
