//! Types as gc's type checker (types2) writes them in error messages, which differs from
//! the reflect-style names `TypeTable::display` gives code generation:
//! - a defined type of the package being checked is unqualified (`T`, not `main.T`);
//!   types of other packages keep their package name (`runtime.Func`);
//! - no blank inside `interface{…}` and `struct{…}` (`interface{}`, `interface{M()}`).

use super::Checker;
use crate::types::{ChanDir, Signature, Type, TypeId};

impl Checker<'_> {
    /// `t` as gc prints it in a message about the current package.
    pub fn type_str(&self, t: TypeId) -> String {
        let mut s = String::new();
        self.write_type(&mut s, t, 0);
        s
    }

    /// A list of types as gc summarizes it in `have (…)` / `want (…)` lines: untyped
    /// numeric values are `number`, other untyped values drop the `untyped`, a
    /// variadic last parameter is `...T`, invalid types are `<T>`.
    pub fn types_summary(&self, list: &[TypeId], variadic: bool) -> String {
        let parts: Vec<String> = list
            .iter()
            .enumerate()
            .map(|(i, &t)| {
                if t == crate::types::ids::INVALID {
                    return "<T>".to_string();
                }
                if let Some(k) = self.types.basic(t).filter(|k| k.is_untyped()) {
                    return if k.is_numeric() { "number".into() } else { k.name().replace("untyped ", "") };
                }
                if variadic && i + 1 == list.len() {
                    if let Type::Slice(e) = self.types.get(t) {
                        return format!("...{}", self.type_str(*e));
                    }
                }
                self.type_str(t)
            })
            .collect();
        format!("({})", parts.join(", "))
    }

    /// A signature without `func`: `(int, ...string) bool`.
    pub fn sig_str(&self, sig: &Signature) -> String {
        let mut s = String::new();
        self.write_sig(&mut s, sig, 0);
        s
    }

    fn write_type(&self, s: &mut String, t: TypeId, depth: u32) {
        // Types are finite, but a malformed recursive declaration must not hang us.
        if depth > 64 {
            s.push_str("…");
            return;
        }
        let d = depth + 1;
        match self.types.get(t) {
            Type::Basic(k) => s.push_str(k.name()),
            Type::Alias(n, _) => s.push_str(n),
            Type::Named(i) => {
                let info = &self.types.named[*i as usize];
                let local = self.objects.get(info.obj.0 as usize).and_then(|o| o.file).is_some_and(|f| self.pkg_files.contains(&(f as usize)));
                match info.name.split_once('.') {
                    Some((_, rest)) if local => s.push_str(rest),
                    _ => s.push_str(&info.name),
                }
            }
            Type::Pointer(e) => {
                s.push('*');
                self.write_type(s, *e, d);
            }
            Type::Slice(e) => {
                s.push_str("[]");
                self.write_type(s, *e, d);
            }
            Type::Array(n, e) => {
                s.push_str(&format!("[{n}]"));
                self.write_type(s, *e, d);
            }
            Type::Map(k, v) => {
                s.push_str("map[");
                self.write_type(s, *k, d);
                s.push(']');
                self.write_type(s, *v, d);
            }
            Type::Chan(dir, e) => {
                let parens = *dir == ChanDir::Both && matches!(self.types.get(*e), Type::Chan(ChanDir::Recv, _));
                s.push_str(match dir {
                    ChanDir::Both => "chan ",
                    ChanDir::Send => "chan<- ",
                    ChanDir::Recv => "<-chan ",
                });
                if parens {
                    s.push('(');
                }
                self.write_type(s, *e, d);
                if parens {
                    s.push(')');
                }
            }
            Type::Func(sig) => {
                s.push_str("func");
                self.write_sig(s, sig, d);
            }
            Type::Struct(fields) => {
                s.push_str("struct{");
                for (i, f) in fields.iter().enumerate() {
                    if i > 0 {
                        s.push_str("; ");
                    }
                    if !f.embedded {
                        s.push_str(&f.name);
                        s.push(' ');
                    }
                    self.write_type(s, f.ty, d);
                    if !f.tag.is_empty() {
                        s.push_str(&format!(" {:?}", f.tag));
                    }
                }
                s.push('}');
            }
            Type::Interface(methods) => {
                s.push_str("interface{");
                for (i, m) in methods.iter().enumerate() {
                    if i > 0 {
                        s.push_str("; ");
                    }
                    s.push_str(&m.name);
                    if let Type::Func(sig) = self.types.get(m.sig) {
                        self.write_sig(s, sig, d);
                    }
                }
                s.push('}');
            }
            Type::Tuple(ts) => {
                s.push('(');
                for (i, t) in ts.iter().enumerate() {
                    if i > 0 {
                        s.push_str(", ");
                    }
                    self.write_type(s, *t, d);
                }
                s.push(')');
            }
        }
    }

    /// `(params) result` / `(params) (results)`.
    fn write_sig(&self, s: &mut String, sig: &Signature, d: u32) {
        s.push('(');
        for (i, &p) in sig.params.iter().enumerate() {
            if i > 0 {
                s.push_str(", ");
            }
            if sig.variadic && i + 1 == sig.params.len() {
                s.push_str("...");
                match self.types.get(p) {
                    Type::Slice(e) => self.write_type(s, *e, d),
                    _ => self.write_type(s, p, d),
                }
            } else {
                self.write_type(s, p, d);
            }
        }
        s.push(')');
        match sig.results.len() {
            0 => {}
            1 => {
                s.push(' ');
                self.write_type(s, sig.results[0], d);
            }
            _ => {
                s.push_str(" (");
                for (i, &r) in sig.results.iter().enumerate() {
                    if i > 0 {
                        s.push_str(", ");
                    }
                    self.write_type(s, r, d);
                }
                s.push(')');
            }
        }
    }
}
