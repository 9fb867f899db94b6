//! Archives: members are pulled only when they define a still-undefined symbol, to a
//! fixpoint (a member pulled late may need one earlier in the archive).

use rgo_link::{Config, Input, InputKind, link};
use std::borrow::Cow;

fn asm(name: &str, src: &str) -> Vec<u8> {
    rgo_asm::assemble(name, src).unwrap_or_else(|e| panic!("{e:?}"))
}

/// A System V `ar` archive written by hand (no symbol index: the linker reads the
/// members' own symbol tables).
fn ar(members: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut out = b"!<arch>\n".to_vec();
    for (name, data) in members {
        let hdr = format!("{:<16}{:<12}{:<6}{:<6}{:<8}{:<10}`\n", format!("{name}/"), 0, 0, 0, 644, data.len());
        assert_eq!(hdr.len(), 60);
        out.extend_from_slice(hdr.as_bytes());
        out.extend_from_slice(data);
        if data.len() % 2 == 1 {
            out.push(b'\n');
        }
    }
    out
}

const MAIN: &str = "#include \"textflag.h\"
TEXT _rt0_amd64_linux(SB), NOSPLIT, $0
	CALL lib·a(SB)
	MOVQ $60, AX
	MOVQ lib·value(SB), DI
	SYSCALL
";

// Member order matters: c (needed by a) comes before a, so one pass is not enough.
const C: &str = "#include \"textflag.h\"
TEXT lib·c(SB), NOSPLIT, $0
	RET
DATA lib·value+0(SB)/8, $7
GLOBL lib·value(SB), $8
";
const A: &str = "#include \"textflag.h\"
TEXT lib·a(SB), NOSPLIT, $0
	CALL lib·c(SB)
	RET
";
// Defines a symbol the main object also defines: pulling it would be a duplicate.
const UNUSED: &str = "#include \"textflag.h\"
TEXT _rt0_amd64_linux(SB), NOSPLIT, $0
	RET
TEXT lib·unused(SB), NOSPLIT, $0
	RET
";

#[test]
fn pulls_only_needed_members_to_a_fixpoint() {
    let lib = ar(&[("c.o", asm("c.s", C)), ("unused.o", asm("unused.s", UNUSED)), ("a.o", asm("a.s", A))]);
    let inputs = [
        Input { name: "main.o".into(), data: Cow::Owned(asm("main.s", MAIN)), kind: InputKind::Object },
        Input { name: "lib.a".into(), data: Cow::Owned(lib), kind: InputKind::Archive },
    ];
    let exe = link(&inputs, &Config::default()).unwrap();
    use object::read::{Object, ObjectSymbol};
    let f = object::File::parse(&*exe).unwrap();
    let names: Vec<&str> = f.symbols().filter_map(|s| s.name().ok()).collect();
    assert!(names.contains(&"lib.a") && names.contains(&"lib.c") && names.contains(&"lib.value"));
    assert!(!names.contains(&"lib.unused"));

    use std::os::unix::fs::PermissionsExt;
    let path = std::env::temp_dir().join(format!("rgo-link-ar-{}", std::process::id()));
    std::fs::write(&path, &exe).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    let st = std::process::Command::new(&path).status().unwrap();
    std::fs::remove_file(&path).ok();
    assert_eq!(st.code(), Some(7));
}

#[test]
fn undefined_after_archive_search() {
    let lib = ar(&[("c.o", asm("c.s", C))]);
    let inputs = [
        Input { name: "main.o".into(), data: Cow::Owned(asm("main.s", MAIN)), kind: InputKind::Object },
        Input { name: "lib.a".into(), data: Cow::Owned(lib), kind: InputKind::Archive },
    ];
    let err = link(&inputs, &Config::default()).unwrap_err();
    assert_eq!(err.to_string(), "_rt0_amd64_linux: relocation target lib.a not defined");
}

#[test]
fn entry_can_come_from_an_archive() {
    let entry =
        "#include \"textflag.h\"\nTEXT _rt0_amd64_linux(SB), NOSPLIT, $0\n\tCALL lib·a(SB)\n\tMOVQ $60, AX\n\tMOVQ lib·value(SB), DI\n\tSYSCALL\n";
    let lib = ar(&[("c.o", asm("c.s", C)), ("a.o", asm("a.s", A)), ("rt0.o", asm("rt0.s", entry))]);
    let inputs = [Input { name: "lib.a".into(), data: Cow::Owned(lib), kind: InputKind::Archive }];
    let exe = link(&inputs, &Config::default()).unwrap();
    use object::read::{Object, ObjectSymbol};
    let f = object::File::parse(&*exe).unwrap();
    let e = f.symbols().find(|s| s.name() == Ok("_rt0_amd64_linux")).unwrap();
    assert_eq!(f.entry(), e.address());
}
