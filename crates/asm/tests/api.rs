//! API-level checks: diagnostics rendering and the `·` package prefix.

#[test]
fn diagnostic_renders_like_gc() {
    let errs = rgo_asm::assemble("x.s", "TEXT a(SB),$0\n\tBOGUS\n").unwrap_err();
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].to_string(), "x.s:2:2: unknown instruction BOGUS");
}

#[test]
fn middle_dot_needs_a_package() {
    let src = "TEXT ·f(SB),$0\n\tRET\n";
    let errs = rgo_asm::assemble("x.s", src).unwrap_err();
    assert!(errs[0].message.contains("no package path"), "{:?}", errs);
    let opts = rgo_asm::Options { package: Some("runtime".into()) };
    let obj = rgo_asm::assemble_with("x.s", src, &opts).unwrap();
    let needle = b"runtime.f\0";
    assert!(obj.windows(needle.len()).any(|w| w == needle));
}

#[test]
fn output_is_deterministic() {
    let src = "TEXT a(SB),$0\n\tCALL b(SB)\n\tCALL c(SB)\n\tRET\nGLOBL d(SB),$8\n";
    assert_eq!(rgo_asm::assemble("x.s", src).unwrap(), rgo_asm::assemble("x.s", src).unwrap());
}
