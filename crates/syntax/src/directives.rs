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

/// What a package may use of gc's restricted directives: `//go:cgo_*` only in
/// cgo-generated files, the runtime's own pragmas only in package runtime,
/// `//go:uintptrkeepalive` only in the standard library.
#[derive(Clone, Copy, Default)]
pub struct PragmaPermissions {
    pub cgo_generated: bool,
    pub runtime: bool,
    pub std: bool,
}

/// gc's noder refusals of restricted directives (it reports them as it meets them,
/// with the parse errors), in source order; positions after the `//`. Also checks
/// cgo_ldflag's one quoted argument.
pub fn check_pragma_permissions(file: &File, allowed: PragmaPermissions) -> Vec<Diagnostic> {
    let mut out = vec![];
    for d in &file.directives {
        let pos = Pos(d.pos.0 + 2);
        let text = d.text.strip_prefix("//").unwrap_or(&d.text);
        let verb = d.verb();
        if verb.starts_with("go:cgo_") {
            if !allowed.cgo_generated && !allowed.std {
                out.push(Diagnostic { pos, message: format!("//{text} only allowed in cgo-generated code") });
            }
            if verb == "go:cgo_ldflag" {
                let args: Vec<&str> = text.split_whitespace().skip(1).collect();
                let quoted = |a: &str| a.len() >= 2 && a.starts_with('"') && a.ends_with('"');
                if args.len() != 1 || !quoted(args[0]) {
                    out.push(Diagnostic { pos, message: "usage: //go:cgo_ldflag \"arg\"".into() });
                }
            }
        }
        let message = match verb {
            "go:systemstack" | "go:nowritebarrier" | "go:nowritebarrierrec" | "go:yeswritebarrierrec" if !allowed.runtime => {
                format!("//{verb} only allowed in runtime")
            }
            "go:uintptrkeepalive" if !allowed.std => format!("//{verb} is only allowed in the standard library"),
            _ => continue,
        };
        out.push(Diagnostic { pos, message });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restricted_directives_as_gc_reports_them() {
        let src = "package p\n\n//go:cgo_ldflag \"-lfoo\"\n//go:cgo_ldflag\n//go:systemstack\nfunc f() {}\n\n//go:nowritebarrierrec\n//go:uintptrkeepalive\nfunc g(uintptr) {}\n";
        let (file, diags) = crate::parse_file("p.go", src);
        assert!(diags.is_empty());
        let got: Vec<String> = check_pragma_permissions(&file, PragmaPermissions::default()).iter().map(|d| d.render(&file)).collect();
        assert_eq!(
            got,
            [
                "p.go:3:3: //go:cgo_ldflag \"-lfoo\" only allowed in cgo-generated code",
                "p.go:4:3: //go:cgo_ldflag only allowed in cgo-generated code",
                "p.go:4:3: usage: //go:cgo_ldflag \"arg\"",
                "p.go:5:3: //go:systemstack only allowed in runtime",
                "p.go:8:3: //go:nowritebarrierrec only allowed in runtime",
                "p.go:9:3: //go:uintptrkeepalive is only allowed in the standard library",
            ]
        );
        let all = PragmaPermissions { cgo_generated: true, runtime: true, std: true };
        let got: Vec<String> = check_pragma_permissions(&file, all).iter().map(|d| d.render(&file)).collect();
        assert_eq!(got, ["p.go:4:3: usage: //go:cgo_ldflag \"arg\""]);
    }
}
