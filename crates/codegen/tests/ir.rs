//! Data-driven tests of code generation: each `tests/data/NAME.go` is parsed, checked
//! and compiled with `keep_ir`, and the Cranelift IR of its functions must equal
//! `NAME.clif`. `UPDATE_EXPECT=1 cargo test -p rgo-codegen` rewrites the expected
//! files; review the diff before committing it.
use std::path::Path;

fn compile_ir(name: &str, src: &str) -> String {
    let (file, diags) = rgo_syntax::parse_file(name, src);
    assert!(diags.is_empty(), "{name}: syntax errors {diags:?}");
    let files = vec![file];
    let (info, diags) = rgo_types::check_package(&files, "main");
    assert!(diags.is_empty(), "{name}: type errors {diags:?}");
    let cfg = rgo_codegen::Config { keep_ir: true, ..Default::default() };
    let out = rgo_codegen::compile_package(&files, &info, &cfg).unwrap_or_else(|d| panic!("{name}: {d:?}"));
    assert!(!out.object.is_empty());
    out.ir
}

#[test]
fn ir_matches_expected() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "go"))
        .collect();
    names.sort();
    assert!(!names.is_empty());
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = vec![];
    for p in names {
        let src = std::fs::read_to_string(&p).unwrap();
        let got = compile_ir(&p.file_name().unwrap().to_string_lossy(), &src);
        let want_path = p.with_extension("clif");
        if update {
            std::fs::write(&want_path, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&want_path).unwrap_or_default();
        if got != want {
            failures.push(format!("{}: IR differs from {} (UPDATE_EXPECT=1 to refresh)\n{got}", p.display(), want_path.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
