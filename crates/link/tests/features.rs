//! ELF features the assembler does not produce but rustc/cranelift objects do: COMMON,
//! weak definitions and references, COMDAT groups, GOTPCREL relocations, absolute
//! symbols, TLS (rejected). Objects are built with `object::write`.

use object::read::{Object as _, ObjectSection as _, ObjectSymbol as _};
use object::write::{Comdat, Object, Relocation, StandardSegment, Symbol, SymbolSection};
use object::{
    Architecture, BinaryFormat, ComdatKind, Endianness, RelocationFlags, SectionKind, SymbolFlags, SymbolKind,
    SymbolScope,
};
use rgo_link::{Config, Input, InputKind, link};
use std::borrow::Cow;

fn new_obj() -> Object<'static> {
    Object::new(BinaryFormat::Elf, Architecture::X86_64, Endianness::Little)
}

fn sym(name: &str, kind: SymbolKind, weak: bool, section: SymbolSection) -> Symbol {
    Symbol {
        name: name.as_bytes().to_vec(),
        value: 0,
        size: 0,
        kind,
        scope: SymbolScope::Linkage,
        weak,
        section,
        flags: SymbolFlags::None,
    }
}

fn text(o: &mut Object, name: &str, code: &[u8]) -> (object::write::SectionId, object::write::SymbolId) {
    let sec = o.add_section(
        o.segment_name(StandardSegment::Text).to_vec(),
        format!(".text.{name}").into_bytes(),
        SectionKind::Text,
    );
    o.set_section_data(sec, code.to_vec(), 16);
    let mut s = sym(name, SymbolKind::Text, false, SymbolSection::Section(sec));
    s.size = code.len() as u64;
    let id = o.add_symbol(s);
    (sec, id)
}

fn reloc(
    o: &mut Object,
    sec: object::write::SectionId,
    offset: u64,
    symbol: object::write::SymbolId,
    addend: i64,
    r_type: u32,
) {
    o.add_relocation(sec, Relocation { offset, symbol, addend, flags: RelocationFlags::Elf { r_type } }).unwrap();
}

fn input(name: &str, o: Object) -> Input<'static> {
    Input { name: name.into(), data: Cow::Owned(o.write().unwrap()), kind: InputKind::Object }
}

fn symbol<'a>(f: &'a object::File<'a>, name: &str) -> Vec<object::read::Symbol<'a, 'a>> {
    f.symbols().filter(|s| s.name() == Ok(name)).collect()
}

/// One object with the entry, a second one sharing a COMDAT group and a COMMON symbol.
fn objects() -> Vec<Input<'static>> {
    let mut a = new_obj();
    // _rt0: mov buf@GOTPCREL(%rip),%rax ; call dup ; call *weakref@GOTPCREL(%rip) ; mov $abs,%ecx ; ret
    let code = [
        0x48, 0x8b, 0x05, 0, 0, 0, 0, // 0: mov 0(%rip),%rax   (REX_GOTPCRELX at 3)
        0xe8, 0, 0, 0, 0, // 7: call dup               (PLT32 at 8)
        0xff, 0x15, 0, 0, 0, 0, // 12: call *0(%rip)      (GOTPCRELX at 14)
        0xb9, 0, 0, 0, 0, // 18: mov $abs,%ecx         (R_X86_64_32 at 19)
        0xc3,
    ];
    let (sec, _) = text(&mut a, "_rt0_amd64_linux", &code);
    let buf = a.add_common_symbol(sym("buf", SymbolKind::Data, false, SymbolSection::Undefined), 16, 8);
    let weakref = a.add_symbol(sym("weakref", SymbolKind::Text, true, SymbolSection::Undefined));
    let abs = a.add_symbol(Symbol { value: 0x1234, ..sym("abs", SymbolKind::Data, false, SymbolSection::Absolute) });
    let (dsec, dup) = text(&mut a, "dup", &[0x90, 0xc3]);
    a.add_comdat(Comdat { kind: ComdatKind::Any, symbol: dup, sections: vec![dsec] });
    reloc(&mut a, sec, 3, buf, -4, 42);
    reloc(&mut a, sec, 8, dup, -4, 4);
    reloc(&mut a, sec, 14, weakref, -4, 41);
    reloc(&mut a, sec, 19, abs, 0, 10);

    let mut b = new_obj();
    b.add_common_symbol(sym("buf", SymbolKind::Data, false, SymbolSection::Undefined), 32, 16);
    let (dsec, dup) = text(&mut b, "dup", &[0xcc, 0xcc, 0xc3]);
    b.add_comdat(Comdat { kind: ComdatKind::Any, symbol: dup, sections: vec![dsec] });
    // Defined but never referenced: removed by section GC.
    text(&mut b, "lonely", &[0xc3]);
    vec![input("a.o", a), input("b.o", b)]
}

#[test]
fn common_weak_comdat_got() {
    let exe = link(&objects(), &Config::default()).unwrap();
    let f = object::File::parse(&*exe).unwrap();

    let buf = symbol(&f, "buf");
    assert_eq!(buf.len(), 1);
    assert_eq!(buf[0].size(), 32, "COMMON takes the largest size");
    assert_eq!(buf[0].address() % 16, 0, "and the largest alignment");
    let bss = f.section_by_name(".bss").unwrap();
    assert!(buf[0].address() >= bss.address() && buf[0].address() < bss.address() + bss.size());

    let dup = symbol(&f, "dup");
    assert_eq!(dup.len(), 1, "one copy of the COMDAT group");
    assert_eq!(dup[0].size(), 2, "the first copy");
    assert!(symbol(&f, "lonely").is_empty());

    let entry = symbol(&f, "_rt0_amd64_linux")[0].address();
    let text = f.section_by_name(".text").unwrap();
    let code = &text.data().unwrap()[(entry - text.address()) as usize..][..24];
    // mov → lea relaxation, pointing at buf.
    assert_eq!(code[1], 0x8d);
    let rel = i32::from_le_bytes(code[3..7].try_into().unwrap()) as i64;
    assert_eq!((entry + 7) as i64 + rel, buf[0].address() as i64);
    // call dup.
    let rel = i32::from_le_bytes(code[8..12].try_into().unwrap()) as i64;
    assert_eq!((entry + 12) as i64 + rel, dup[0].address() as i64);
    // call *GOT[weakref]: the slot lies in .rodata and holds 0 (undefined weak).
    assert_eq!(&code[12..14], &[0xff, 0x15]);
    let rel = i32::from_le_bytes(code[14..18].try_into().unwrap()) as i64;
    let slot = ((entry + 18) as i64 + rel) as u64;
    let ro = f.section_by_name(".rodata").unwrap();
    assert!(slot >= ro.address() && slot + 8 <= ro.address() + ro.size());
    let at = (slot - ro.address()) as usize;
    assert_eq!(&ro.data().unwrap()[at..at + 8], &[0; 8]);
    // Absolute symbol.
    assert_eq!(u32::from_le_bytes(code[19..23].try_into().unwrap()), 0x1234);
}

#[test]
fn strong_beats_weak_and_weak_weak_is_fine() {
    let mut a = new_obj();
    let (sec, _) = text(&mut a, "_rt0_amd64_linux", &[0xe8, 0, 0, 0, 0, 0xc3]);
    let (wsec, _) = text(&mut a, "pick", &[0x90, 0xc3]);
    let _ = wsec;
    // Make the entry's `pick` weak by redefining it in a second object as strong.
    let pick = a.symbol_id(b"pick").unwrap();
    a.symbol_mut(pick).weak = true;
    reloc(&mut a, sec, 1, pick, -4, 4);
    let mut b = new_obj();
    text(&mut b, "pick", &[0x90, 0x90, 0x90, 0xc3]);
    let exe = link(&[input("a.o", a), input("b.o", b)], &Config::default()).unwrap();
    let f = object::File::parse(&*exe).unwrap();
    let pick = symbol(&f, "pick");
    assert_eq!(pick.len(), 1);
    assert_eq!(pick[0].size(), 4, "the strong definition wins");
}

#[test]
fn tls_is_rejected_when_used() {
    let mut a = new_obj();
    let (sec, _) = text(&mut a, "_rt0_amd64_linux", &[0x48, 0x8b, 0x05, 0, 0, 0, 0, 0xc3]);
    let tbss = a.add_section(Vec::new(), b".tbss".to_vec(), SectionKind::UninitializedTls);
    a.append_section_bss(tbss, 8, 8);
    let v = a.add_symbol(Symbol { size: 8, ..sym("tlsvar", SymbolKind::Tls, false, SymbolSection::Section(tbss)) });
    reloc(&mut a, sec, 3, v, -4, 2);
    let err = link(&[input("a.o", a)], &Config::default()).unwrap_err();
    assert!(err.to_string().contains("thread-local storage"), "{err}");
}

#[test]
fn pc32_overflow_is_an_error() {
    let mut a = new_obj();
    let (sec, _) = text(&mut a, "_rt0_amd64_linux", &[0xe8, 0, 0, 0, 0, 0xc3]);
    let far =
        a.add_symbol(Symbol { value: 0x7_0000_0000, ..sym("far", SymbolKind::Text, false, SymbolSection::Absolute) });
    reloc(&mut a, sec, 1, far, -4, 4);
    let err = link(&[input("a.o", a)], &Config::default()).unwrap_err();
    assert_eq!(err.lines.len(), 1);
    assert!(err.lines[0].starts_with("_rt0_amd64_linux: relocation to far: R_X86_64_PLT32 overflows"), "{err}");
}
