//! What `rgo build` prints for bad programs, compared with gc 1.19's output for the
//! same files (recorded by hand with `go build`).
mod common;

/// Builds `src` (written as `name`, built by its relative name, as `go build name`
/// does) and returns (stderr, exit code).
fn build(name: &str, src: &str) -> (String, Option<i32>) {
    let dir = common::tmpdir("diagnostics").join(name.trim_end_matches(".go"));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), src).unwrap();
    let out = common::rgo(&dir, &["build", "-o", "x", name]);
    assert!(!dir.join("x").exists(), "a failed build must not leave a binary");
    (common::stderr(&out), out.status.code())
}

/// `n` statements `_ = undefinedI`, one per line from line 4.
fn undefined_names(n: usize) -> String {
    let mut s = String::from("package main\n\nfunc main() {\n");
    for i in 1..=n {
        s += &format!("\t_ = undefined{i}\n");
    }
    s + "}\n"
}

/// gc stops at the tenth error and says so at that error's position, even when there
/// are exactly ten.
#[test]
fn ten_errors_end_with_too_many_errors_at_the_tenth() {
    for n in [10, 11, 14] {
        let (err, code) = build("u.go", &undefined_names(n));
        assert_eq!(code, Some(1));
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), 12, "{err}");
        assert_eq!(lines[0], "# command-line-arguments");
        assert_eq!(lines[1], "./u.go:4:6: undefined: undefined1");
        assert_eq!(lines[10], "./u.go:13:6: undefined: undefined10");
        assert_eq!(lines[11], "./u.go:13:6: too many errors");
    }
    let (err, _) = build("u.go", &undefined_names(9));
    assert!(!err.contains("too many errors"), "{err}");
}

/// A frame over 1 GB is gc's "stack frame too large", at the function's name.
#[test]
fn huge_frame_is_reported_like_gc() {
    let mut src = String::from("package main\n\nvar z [10 << 20]byte\n\nfunc main() {\n");
    for i in 0..110 {
        src += &format!("\tvar x{i} [10 << 20]byte\n\tz = x{i}\n");
    }
    src += "}\n";
    let (err, code) = build("big.go", &src);
    assert_eq!(code, Some(1));
    assert!(err.contains("./big.go:5:6: stack frame too large (>1GB): "), "{err}");
}

/// Directives that set function flags are errors anywhere but before a function
/// (checked after type checking, before "function main is undeclared").
#[test]
fn misplaced_directives_are_reported_like_gc() {
    let src = "//go:noinline\n\npackage main\n\n//go:noinline\nvar x int\n\nfunc main() {\n\t//go:nosplit\n\tconst c = 1\n}\n";
    let (err, code) = build("d.go", src);
    assert_eq!(code, Some(1));
    assert_eq!(
        err,
        "# command-line-arguments\n\
         ./d.go:1:3: misplaced compiler directive\n\
         ./d.go:5:3: misplaced compiler directive\n\
         ./d.go:9:4: misplaced compiler directive\n"
    );
}

/// A bodyless function is fine when `//go:linkname` names its code elsewhere, but only
/// in a file that imports "unsafe"; any other bodyless function has no body.
#[test]
fn linkname_needs_unsafe_and_only_excuses_its_own_function() {
    let src = "package main\n\nimport _ \"unsafe\"\n\n//go:linkname f runtime.nanotime\nfunc f() int64\n\nfunc g()\n\nfunc main() { println(f() > 0) }\n";
    let (err, code) = build("l.go", src);
    assert_eq!(code, Some(1));
    assert_eq!(err, "# command-line-arguments\n./l.go:8:6: missing function body\n");
    let (err, code) = build("m.go", &src.replace("import _ \"unsafe\"\n", ""));
    assert_eq!(code, Some(1));
    assert!(err.contains("./m.go:4:3: //go:linkname only allowed in Go files that import \"unsafe\"\n"), "{err}");
    assert!(err.contains("./m.go:5:6: missing function body\n"), "{err}");
}
