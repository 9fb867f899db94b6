//! `//go:linkname local target`: a package-level function known to the linker under
//! another package's name. With a body, the function is defined under `target`;
//! without one, calls go to `target`, defined elsewhere (the runtime, for
//! `runtime.entersyscall` and the like), and gc's "missing function body" does not
//! apply. As in gc, the directive is only allowed in files that import "unsafe".

use rgo_syntax::ast::{Directive, File, Pos};

use super::Checker;

/// The words of a `//go:linkname` directive after the verb, if `d` is one.
fn words(d: &Directive) -> Option<Vec<&str>> {
    let t = d.text.strip_prefix("//")?;
    let mut w = t.split_whitespace();
    (w.next()? == "go:linkname").then(|| w.collect())
}

fn imports_unsafe(file: &File) -> bool {
    file.imports.iter().any(|i| rgo_syntax::unquote_string(&i.path.raw).is_ok_and(|p| p == b"unsafe"))
}

/// The target that `//go:linkname name target` gives `name` in `file`, if any (none
/// in a file that does not import "unsafe": there the directive is an error).
pub(super) fn target<'f>(file: &'f File, name: &str) -> Option<&'f str> {
    if !imports_unsafe(file) {
        return None;
    }
    file.directives.iter().filter_map(words).find_map(|w| match w.as_slice() {
        [local, target] if *local == name => Some(*target),
        _ => None,
    })
}

impl Checker<'_> {
    /// gc's checks of the directive itself, the "unsafe" import and its form: errors
    /// gc's noder reports after the declarations' (e.g. "missing function body").
    pub(super) fn check_linknames(&mut self, file: &File) {
        let imports_unsafe = imports_unsafe(file);
        for d in &file.directives {
            let Some(w) = words(d) else { continue };
            let at = Pos(d.pos.0 + 2);
            if !imports_unsafe {
                self.late_error(at, "//go:linkname only allowed in Go files that import \"unsafe\"");
            } else if w.is_empty() || w.len() > 2 {
                self.late_error(at, "usage: //go:linkname localname [linkname]");
            }
        }
    }
}
