//! Data-driven assembler tests: each `tests/data/NAME.s` is assembled and the object
//! (sections as hex, symbols, relocations) or the diagnostics are compared with
//! `tests/data/NAME.expect`. `UPDATE_EXPECT=1` rewrites the expectations;
//! `RGO_ASM_DUMP=DIR` also writes `DIR/NAME.o` for checking with `objdump -dr`.

use object::read::{Object, ObjectSection, ObjectSymbol};
use object::{RelocationFlags, SectionKind};
use std::fmt::Write;
use std::path::Path;

fn render(name: &str, src: &str) -> String {
    let opts = rgo_asm::Options { package: Some("pkg".into()) };
    let bytes = match rgo_asm::assemble_with(&format!("{name}.s"), src, &opts) {
        Ok(b) => b,
        Err(ds) => return ds.iter().map(|d| format!("error {d}\n")).collect(),
    };
    if let Ok(dir) = std::env::var("RGO_ASM_DUMP") {
        std::fs::write(Path::new(&dir).join(format!("{name}.o")), &bytes).unwrap();
    }
    let f = object::File::parse(&*bytes).expect("valid ELF");
    let mut out = String::new();
    for s in f.sections() {
        let n = s.name().unwrap();
        if !matches!(
            s.kind(),
            SectionKind::Text | SectionKind::Data | SectionKind::ReadOnlyData | SectionKind::UninitializedData
        ) {
            continue;
        }
        writeln!(out, "section {n} align={} size={}", s.align(), s.size()).unwrap();
        if s.kind() != SectionKind::UninitializedData {
            for chunk in s.data().unwrap().chunks(16) {
                let hex: Vec<String> = chunk.iter().map(|b| format!("{b:02x}")).collect();
                writeln!(out, "  {}", hex.join(" ")).unwrap();
            }
        }
        for (off, r) in s.relocations() {
            let t = match r.flags() {
                RelocationFlags::Elf { r_type } => match r_type {
                    1 => "R_X86_64_64".to_string(),
                    2 => "R_X86_64_PC32".into(),
                    4 => "R_X86_64_PLT32".into(),
                    10 => "R_X86_64_32".into(),
                    11 => "R_X86_64_32S".into(),
                    t => format!("type{t}"),
                },
                _ => "?".into(),
            };
            let sym = match r.target() {
                object::RelocationTarget::Symbol(i) => f.symbol_by_index(i).unwrap().name().unwrap().to_string(),
                _ => "?".into(),
            };
            writeln!(out, "  reloc {off:#x} {t} {sym} {:+}", r.addend()).unwrap();
        }
    }
    for s in f.symbols() {
        if s.name().unwrap_or("").is_empty()
            || s.kind() == object::SymbolKind::Section
            || s.kind() == object::SymbolKind::File
        {
            continue;
        }
        let sec = match s.section_index() {
            Some(i) => f.section_by_index(i).unwrap().name().unwrap().to_string(),
            None => "UNDEF".into(),
        };
        let bind = if s.is_weak() {
            "weak"
        } else if s.is_global() {
            "global"
        } else {
            "local"
        };
        writeln!(out, "symbol {} {bind} {:?} size={} in {sec}", s.name().unwrap(), s.kind(), s.size()).unwrap();
    }
    out
}

#[test]
fn data_files() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| {
            let p = e.unwrap().path();
            (p.extension()? == "s").then(|| p.file_stem().unwrap().to_string_lossy().into_owned())
        })
        .collect();
    names.sort();
    assert!(!names.is_empty());
    let mut failed = Vec::new();
    for n in &names {
        let src = std::fs::read_to_string(dir.join(format!("{n}.s"))).unwrap();
        let got = render(n, &src);
        let exp_path = dir.join(format!("{n}.expect"));
        if update {
            std::fs::write(&exp_path, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&exp_path).unwrap_or_default();
        if got != want {
            eprintln!("--- {n}: got\n{got}--- want\n{want}");
            failed.push(n.clone());
        }
    }
    assert!(failed.is_empty(), "mismatches: {failed:?} (UPDATE_EXPECT=1 to refresh)");
}
