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
        let (file, mut diags) = rgo_syntax::parse_file(&name, &src);
        // The user's packages are none of runtime, std or cgo output.
        let refused = rgo_syntax::check_pragma_permissions(&file, rgo_syntax::PragmaPermissions::default());
        if !refused.is_empty() {
            // In source order with the parse errors; `limit` below re-adds the cut.
            diags.retain(|d| d.message != "too many errors");
            diags.extend(refused);
            diags.sort_by_key(|d| d.pos);
        }
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

/// A program: the files of all its packages and, per package, its import path and its
/// files' range — dependencies first, the main package last.
pub struct Program {
    pub files: Vec<File>,
    pub packages: Vec<rgo_types::PackageSpec>,
}

/// The module a directory belongs to: (module root, module path from go.mod).
fn find_module(start: &Path) -> Option<(PathBuf, String)> {
    let mut dir = std::fs::canonicalize(start).ok()?;
    loop {
        let gomod = dir.join("go.mod");
        if let Ok(text) = std::fs::read_to_string(&gomod) {
            for line in text.lines() {
                if let Some(rest) = line.trim().strip_prefix("module") {
                    let m = rest.trim().trim_matches('"').to_string();
                    if !m.is_empty() {
                        return Some((dir, m));
                    }
                }
            }
            return None;
        }
        if !dir.pop() {
            return None;
        }
    }
}

/// Loads the main package (`paths`) and every package of its module it imports,
/// directly or not, in dependency order. Packages outside the module are left to the
/// checker, which reports them.
pub fn load_program(paths: &[PathBuf]) -> Result<Program, Vec<String>> {
    let main = load(paths)?;
    let dir = paths[0].parent().map(|p| if p.as_os_str().is_empty() { Path::new(".") } else { p }).unwrap_or(Path::new("."));
    let module = find_module(dir);
    let mut prog = Program { files: vec![], packages: vec![] };
    let mut state: std::collections::HashMap<String, bool> = Default::default(); // true = done
    let mut stack: Vec<String> = vec![];
    let imports = |files: &[File]| -> Vec<String> {
        let mut v = vec![];
        for f in files {
            for i in &f.imports {
                if let Ok(b) = rgo_syntax::unquote_string(&i.path.raw) {
                    let p = String::from_utf8_lossy(&b).into_owned();
                    if !v.contains(&p) {
                        v.push(p);
                    }
                }
            }
        }
        v
    };
    // Depth-first: a package is appended after everything it imports.
    fn visit(
        path: &str,
        module: &Option<(PathBuf, String)>,
        prog: &mut Program,
        state: &mut std::collections::HashMap<String, bool>,
        stack: &mut Vec<String>,
        imports: &dyn Fn(&[File]) -> Vec<String>,
    ) -> Result<(), Vec<String>> {
        let Some((root, mpath)) = module else { return Ok(()) };
        let rel = if path == mpath {
            ""
        } else if let Some(r) = path.strip_prefix(&format!("{mpath}/")) {
            r
        } else {
            return Ok(()); // not in this module: the checker reports it
        };
        match state.get(path) {
            Some(true) => return Ok(()),
            Some(false) => {
                let mut msg = format!("package {}", stack[0]);
                let start = stack.iter().position(|p| p == path).unwrap_or(0);
                for p in &stack[start.max(1)..] {
                    msg += &format!("\n\timports {p}");
                }
                msg += &format!("\n\timports {path}: import cycle not allowed");
                return Err(vec![msg]);
            }
            None => {}
        }
        state.insert(path.to_string(), false);
        stack.push(path.to_string());
        let dir = root.join(rel);
        let files = source_files(&[dir.to_string_lossy().into_owned()]).map_err(|e| vec![e])?;
        let pkg = load(&files)?;
        for imp in imports(&pkg.files) {
            visit(&imp, module, prog, state, stack, imports)?;
        }
        stack.pop();
        state.insert(path.to_string(), true);
        let start = prog.files.len();
        prog.files.extend(pkg.files);
        prog.packages.push(rgo_types::PackageSpec { path: path.to_string(), files: start..prog.files.len() });
        Ok(())
    }
    stack.push(module.as_ref().map(|m| m.1.clone()).unwrap_or_else(|| "main".into()));
    for imp in imports(&main.files) {
        visit(&imp, &module, &mut prog, &mut state, &mut stack, &imports)?;
    }
    let start = prog.files.len();
    prog.files.extend(main.files);
    prog.packages.push(rgo_types::PackageSpec { path: "main".into(), files: start..prog.files.len() });
    Ok(prog)
}
