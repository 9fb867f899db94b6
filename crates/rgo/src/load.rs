//! Loading a package: the `.go` files named on the command line, or those of a
//! directory, parsed; syntax errors formatted as gc prints them.

use rgo_syntax::File;
use std::path::{Path, PathBuf};

/// A parsed package ready for the checker.
pub struct Package {
    pub files: Vec<File>,
}

/// How a path appears in diagnostics: gc prefixes `./` to a relative file name.
pub fn display_path(p: &str) -> String {
    if p.starts_with('/') || p.starts_with("./") || p.starts_with("../") {
        p.to_string()
    } else {
        format!("./{p}")
    }
}

/// The Go files of the arguments: either `.go` files or a single directory.
pub fn source_files(args: &[String]) -> Result<Vec<PathBuf>, String> {
    if args.is_empty() {
        return source_files(&[".".to_string()]);
    }
    if args.len() == 1 && Path::new(&args[0]).is_dir() {
        let mut out: Vec<PathBuf> = std::fs::read_dir(&args[0])
            .map_err(|e| format!("rgo: {}: {e}", args[0]))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "go") && !p.to_string_lossy().ends_with("_test.go"))
            .collect();
        out.sort();
        if out.is_empty() {
            return Err(format!("rgo: no Go files in {}", args[0]));
        }
        return Ok(out);
    }
    let mut out = vec![];
    for a in args {
        if !a.ends_with(".go") {
            return Err(format!("rgo: {a}: not a .go file (named files must be .go files)"));
        }
        if !Path::new(a).exists() {
            return Err(format!("stat {a}: no such file or directory"));
        }
        out.push(PathBuf::from(a));
    }
    Ok(out)
}

/// Reads and parses the files; on syntax errors returns them rendered, gc-style
/// (at most 10, then "too many errors").
pub fn load(paths: &[PathBuf]) -> Result<Package, Vec<String>> {
    let mut files = vec![];
    let mut errors = vec![];
    for p in paths {
        let name = display_path(&p.to_string_lossy());
        let src = match std::fs::read(p) {
            Ok(b) => b,
            Err(e) => return Err(vec![format!("open {}: {e}", p.display())]),
        };
        let src = String::from_utf8_lossy(&src).into_owned();
        let (file, diags) = rgo_syntax::parse_file(&name, &src);
        for d in &diags {
            errors.push(d.render(&file));
        }
        files.push(file);
    }
    if !errors.is_empty() {
        return Err(limit(errors));
    }
    Ok(Package { files })
}

/// gc stops after 10 errors.
pub fn limit(mut errors: Vec<String>) -> Vec<String> {
    if errors.len() > 10 {
        errors.truncate(10);
        errors.push("too many errors".into());
    }
    errors
}
