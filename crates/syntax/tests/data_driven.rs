//! Data-driven tests: each `tests/data/NAME.go` is parsed and its S-expression dump plus
//! diagnostics (`name:LINE:COL: message`) are compared with `tests/data/NAME.out`.
//! Run with `UPDATE_EXPECT=1` to rewrite the expected files.

use std::path::Path;

fn render(name: &str, src: &str) -> String {
    let (file, diags) = rgo_syntax::parse_file(name, src);
    let mut out = rgo_syntax::print::print_file(&file);
    if !diags.is_empty() {
        out.push_str("---- diagnostics\n");
        for d in &diags {
            out.push_str(&d.render(&file));
            out.push('\n');
        }
    }
    out
}

#[test]
fn data_files() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    let mut failures = Vec::new();
    let mut n = 0;
    for path in entries {
        if path.extension().and_then(|e| e.to_str()) != Some("go") {
            continue;
        }
        n += 1;
        let src = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_str().unwrap();
        let got = render(name, &src);
        let exp_path = path.with_extension("out");
        let want = std::fs::read_to_string(&exp_path).unwrap_or_default();
        if got != want {
            if update {
                std::fs::write(&exp_path, &got).unwrap();
            } else {
                failures.push(format!("=== {}\n--- want\n{}--- got\n{}", name, want, got));
            }
        }
    }
    assert!(n > 0, "no test data found");
    assert!(
        failures.is_empty(),
        "{} mismatches (UPDATE_EXPECT=1 to accept):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
