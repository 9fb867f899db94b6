//! Robustness: parse every `.go` file of the Go 1.19 distribution (if installed).
//! No file may panic; files that gc accepts (std sources outside `testdata`) must parse
//! without diagnostics. Skips gracefully when the directories are missing.

use std::path::{Path, PathBuf};

const ROOTS: [&str; 2] = ["/usr/lib/go-1.19/src", "/usr/share/go-1.19/test"];

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    for e in rd.flatten() {
        let p = e.path();
        let Ok(ft) = e.file_type() else { continue };
        if ft.is_dir() {
            collect(&p, out);
        } else if ft.is_file() && p.extension().and_then(|x| x.to_str()) == Some("go") {
            out.push(p);
        }
    }
}

#[test]
fn parse_go_distribution() {
    let mut files = Vec::new();
    for r in ROOTS {
        collect(Path::new(r), &mut files);
    }
    if files.is_empty() {
        eprintln!("Go 1.19 sources not installed; skipping");
        return;
    }
    files.sort();
    let mut parsed = 0;
    let mut clean = 0;
    let mut must_be_clean = 0;
    let mut panics = Vec::new();
    let mut unexpected = Vec::new();
    for path in &files {
        let Ok(src) = std::fs::read(path) else { continue };
        let name = path.to_string_lossy().into_owned();
        let res = std::panic::catch_unwind(|| rgo_syntax::parse_file_bytes(&name, &src));
        let Ok((file, diags)) = res else {
            panics.push(name);
            continue;
        };
        parsed += 1;
        if diags.is_empty() {
            clean += 1;
        }
        let expect_clean = name.starts_with(ROOTS[0]) && !name.contains("/testdata/");
        if expect_clean {
            must_be_clean += 1;
            if !diags.is_empty() {
                unexpected.push(diags[0].render(&file));
            }
        }
    }
    eprintln!(
        "robustness: {} files parsed, {} without diagnostics; {} std files expected clean, {} not; {} panics",
        parsed,
        clean,
        must_be_clean,
        unexpected.len(),
        panics.len()
    );
    for u in unexpected.iter().take(50) {
        eprintln!("  {}", u);
    }
    assert!(panics.is_empty(), "panics in: {:?}", panics);
    assert!(unexpected.is_empty(), "{} std files gave diagnostics", unexpected.len());
}
