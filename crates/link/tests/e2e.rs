//! End-to-end: assemble with rgo-asm, link, run the executable, check what it did.

use rgo_link::{Config, Input, InputKind, link};
use std::borrow::Cow;
use std::process::Command;

const HELLO: &str = r#"
#include "textflag.h"
#define SYS_write 1
#define SYS_exit_group 231

TEXT _rt0_amd64_linux(SB), NOSPLIT|NOFRAME, $-8
	CALL main·hello(SB)
	MOVL $42, DI
	MOVL $SYS_exit_group, AX
	SYSCALL
	HLT

TEXT main·hello(SB), NOSPLIT, $16-0
	MOVQ $1, DI
	LEAQ msg<>(SB), SI
	MOVQ $msg<>(SB), BX
	CMPQ SI, BX
	JNE bad
	MOVQ ptr<>(SB), BX
	CMPQ SI, BX
	JNE bad
	MOVQ $3, DX
	MOVL $SYS_write, AX
	SYSCALL
	INCQ counter<>(SB)
	RET
bad:
	UD2

// Never referenced: must be dropped by the linker's section GC.
TEXT main·unused(SB), NOSPLIT, $0
	CALL main·nowhere(SB)
	RET

DATA msg<>+0(SB)/3, $"hi\n"
GLOBL msg<>(SB), RODATA, $3
DATA ptr<>+0(SB)/8, $msg<>(SB)
GLOBL ptr<>(SB), NOPTR, $8
GLOBL counter<>(SB), NOPTR, $8
"#;

fn obj(name: &str, src: &str) -> Input<'static> {
    let data = rgo_asm::assemble(name, src).unwrap_or_else(|e| panic!("{e:?}"));
    Input { name: name.replace(".s", ".o"), data: Cow::Owned(data), kind: InputKind::Object }
}

fn run(exe: &[u8], tag: &str) -> std::process::Output {
    use std::os::unix::fs::PermissionsExt;
    let dir = std::env::temp_dir().join(format!("rgo-link-test-{}-{tag}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("a.out");
    std::fs::write(&path, exe).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = Command::new(&path).output().unwrap();
    std::fs::remove_dir_all(&dir).ok();
    out
}

#[test]
fn hello_runs_and_exits_42() {
    let exe = link(&[obj("hello.s", HELLO)], &Config::default()).unwrap();
    let out = run(&exe, "hello");
    assert_eq!(out.stdout, b"hi\n");
    assert_eq!(out.status.code(), Some(42));
}

#[test]
fn deterministic() {
    let a = link(&[obj("hello.s", HELLO)], &Config::default()).unwrap();
    let b = link(&[obj("hello.s", HELLO)], &Config::default()).unwrap();
    assert_eq!(a, b);
}

#[test]
fn executable_shape() {
    use object::read::{Object, ObjectSegment, ObjectSymbol};
    let exe = link(&[obj("hello.s", HELLO)], &Config::default()).unwrap();
    let f = object::File::parse(&*exe).unwrap();
    assert_eq!(f.kind(), object::ObjectKind::Executable);
    let entry = f.symbols().find(|s| s.name() == Ok("_rt0_amd64_linux")).unwrap();
    assert_eq!(f.entry(), entry.address());
    assert_eq!(entry.kind(), object::SymbolKind::Text);
    assert!(entry.size() > 0);
    assert!(f.symbols().any(|s| s.name() == Ok("main.hello")));
    assert!(f.symbols().any(|s| s.name() == Ok("runtime.etext")));
    assert!(!f.symbols().any(|s| s.name() == Ok("main.unused")), "dead function kept");
    for seg in f.segments() {
        let object::SegmentFlags::Elf { p_flags } = seg.flags() else { panic!() };
        assert!(p_flags & 3 != 3, "a segment is both W and X");
        assert_eq!(seg.address() % 4096, seg.file_range().0 % 4096);
    }
    // PT_GNU_STACK present and not executable; no PT_INTERP / PT_DYNAMIC.
    let ph: Vec<(u32, u32)> = program_headers(&exe);
    assert!(ph.iter().any(|&(t, fl)| t == 0x6474e551 && fl == 6));
    assert!(!ph.iter().any(|&(t, _)| t == 3 || t == 2));
    assert_eq!(u64::from_le_bytes(exe[24..32].try_into().unwrap()) >> 22, 1, "entry near 0x400000");
}

fn program_headers(exe: &[u8]) -> Vec<(u32, u32)> {
    let phoff = u64::from_le_bytes(exe[32..40].try_into().unwrap()) as usize;
    let phnum = u16::from_le_bytes(exe[56..58].try_into().unwrap()) as usize;
    (0..phnum)
        .map(|i| {
            let p = &exe[phoff + 56 * i..];
            (u32::from_le_bytes(p[0..4].try_into().unwrap()), u32::from_le_bytes(p[4..8].try_into().unwrap()))
        })
        .collect()
}

#[test]
fn undefined_reference_is_reported_like_gc() {
    let src = "#include \"textflag.h\"\nTEXT _rt0_amd64_linux(SB),NOSPLIT,$0\n\tCALL main·main(SB)\n\tRET\nTEXT main·main(SB),NOSPLIT,$0\n\tCALL main·foo(SB)\n\tRET\n";
    let err = link(&[obj("u.s", src)], &Config::default()).unwrap_err();
    assert_eq!(err.to_string(), "main.main: relocation target main.foo not defined");
}

#[test]
fn duplicate_definition_is_reported() {
    let a = obj("a.s", "#include \"textflag.h\"\nTEXT _rt0_amd64_linux(SB),NOSPLIT,$0\n\tCALL x(SB)\n\tRET\nTEXT x(SB),NOSPLIT,$0\n\tRET\n");
    let b = obj("b.s", "#include \"textflag.h\"\nTEXT x(SB),NOSPLIT,$0\n\tRET\n");
    let err = link(&[a, b], &Config::default()).unwrap_err();
    assert!(err.to_string().starts_with("duplicate symbol definition: x"), "{err}");
}

#[test]
fn missing_entry() {
    let err = link(&[obj("a.s", "#include \"textflag.h\"\nTEXT x(SB),NOSPLIT,$0\n\tRET\n")], &Config::default()).unwrap_err();
    assert_eq!(err.to_string(), "entry symbol _rt0_amd64_linux not defined");
}
