//! gc's placement rules for `//go:` directives attached to declarations (its irgen
//! checks, run after type checking): a directive that sets a function flag
//! (`//go:noinline`, `//go:nosplit`, ...) is misplaced before anything but a function,
//! `//go:notinheap` before anything but a type, `//go:build` anywhere but before the
//! package clause.
//!
//! The parser already reports directives that are not on a line of their own or that
//! precede no declaration; this module covers directives the parser attached to a
//! declaration of the wrong kind. `//go:embed` validity (imports, initializers, one
//! variable, ...) depends on more than syntax and is left to the checker.

use crate::ast::*;
use crate::visit::{Visitor, walk_file};

/// The flag-setting directives gc knows (others, like `//go:linkname`, are not
/// attached to a declaration).
const FUNC_FLAGS: &[&str] = &[
    "go:noescape",
    "go:norace",
    "go:nosplit",
    "go:noinline",
    "go:nocheckptr",
    "go:systemstack",
    "go:nowritebarrier",
    "go:nowritebarrierrec",
    "go:yeswritebarrierrec",
    "go:cgo_unsafe_args",
    "go:uintptrkeepalive",
    "go:uintptrescapes",
    "go:registerparams",
];

fn is_flag(verb: &str) -> bool {
    verb == "go:build" || verb == "go:notinheap" || FUNC_FLAGS.contains(&verb)
}

fn report(out: &mut Vec<Diagnostic>, pragmas: &[Directive], allowed: &dyn Fn(&str) -> bool) {
    for d in pragmas {
        let verb = d.verb();
        if is_flag(verb) && !allowed(verb) {
            out.push(Diagnostic {
                pos: Pos(d.pos.0 + 2),
                message: "misplaced compiler directive".into(),
            });
        }
    }
}

/// "misplaced compiler directive" errors for directives attached to declarations that
/// do not take them, in source order (positions are gc's: after the `//`).
pub fn check_directives(file: &File) -> Vec<Diagnostic> {
    struct V(Vec<Diagnostic>);
    impl V {
        fn decl(&mut self, d: &Decl) {
            match &d.kind {
                DeclKind::Const(g) => g
                    .specs
                    .iter()
                    .for_each(|s| report(&mut self.0, &s.pragmas, &|_| false)),
                DeclKind::Var(g) => g
                    .specs
                    .iter()
                    .for_each(|s| report(&mut self.0, &s.pragmas, &|_| false)),
                // aliases take no directive
                DeclKind::Type(g) => g.specs.iter().for_each(|s| {
                    let alias = s.assign.is_some();
                    report(&mut self.0, &s.pragmas, &|v| !alias && v == "go:notinheap")
                }),
                DeclKind::Func(f) => report(&mut self.0, &f.pragmas, &|v| FUNC_FLAGS.contains(&v)),
            }
        }
    }
    impl Visitor for V {
        fn stmt(&mut self, s: &Stmt) {
            if let StmtKind::Decl(d) = &s.kind {
                self.decl(d);
            }
        }
    }
    let mut v = V(Vec::new());
    report(&mut v.0, &file.pragmas, &|verb| verb == "go:build");
    for i in &file.imports {
        report(&mut v.0, &i.pragmas, &|_| false);
    }
    for d in &file.decls {
        v.decl(d);
    }
    // local declarations
    walk_file(&mut v, file);
    v.0.sort_by_key(|d| d.pos);
    v.0
}
