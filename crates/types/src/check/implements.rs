//! Whether a type implements an interface, and if not, why — in gc's words
//! (types2's implements, missingMethod and missingMethodReason with compiler messages):
//! `T does not implement I (missing M method)`, `(M method has pointer receiver)`,
//! `(wrong type for M method)` followed by `have …` / `want …` lines.

use super::Checker;
use crate::info::SelectionKind;
use crate::types::{Method, Type, TypeId, ids};

/// A method found where an interface method was wanted, that does not fit.
struct Alt {
    name: String,
    sig: TypeId,
}

impl Checker<'_> {
    /// `None` if `v` implements interface `t`, else gc's reason (`V does not implement T
    /// (…)`).
    pub fn not_implements(&self, v: TypeId, t: TypeId) -> Option<String> {
        let (vu, tu) = (self.types.underlying(v), self.types.underlying(t));
        if vu == ids::INVALID || tu == ids::INVALID {
            return None;
        }
        if let Type::Pointer(b) = self.types.get(vu) {
            if self.types.underlying(*b) == ids::INVALID {
                return None;
            }
        }
        let (vs, ts) = (self.type_str(v), self.type_str(t));
        let Type::Interface(methods) = self.types.get(tu) else {
            let cause = if self.is_interface_ptr(t) {
                format!("type {ts} is pointer to interface, not interface")
            } else {
                format!("{ts} is not an interface")
            };
            return Some(format!("{vs} does not implement {ts} ({cause})"));
        };
        let (m, alt) = self.missing_method_alt(v, methods, true)?;
        Some(format!("{vs} does not implement {ts} {}", self.missing_method_reason(v, t, &m, alt.as_ref())))
    }

    /// For a type assertion `x.(T)` with `x` of interface type `iface`: why it can
    /// never succeed (T lacks a method of the interface or has it with another type),
    /// as the parenthesized cause gc appends.
    pub fn assertion_cause(&self, iface: TypeId, t: TypeId) -> Option<String> {
        if self.types.is_interface(t) {
            return None;
        }
        let Type::Interface(methods) = self.types.get(self.types.underlying(iface)) else { return None };
        let (m, alt) = self.missing_method_alt(t, methods, false)?;
        Some(self.missing_method_reason(t, iface, &m, alt.as_ref()))
    }

    fn is_interface_ptr(&self, t: TypeId) -> bool {
        matches!(self.types.get(self.types.underlying(t)), Type::Pointer(b) if self.types.is_interface(*b))
    }

    /// The first method of `methods` (an interface's, sorted by name) that `v` lacks,
    /// with a near miss: the method on `*v`, one spelled with other case, or one of
    /// another type.
    fn missing_method_alt(&self, v: TypeId, methods: &[Method], static_: bool) -> Option<(Method, Option<Alt>)> {
        if let Type::Interface(have) = self.types.get(self.types.underlying(v)) {
            for m in methods {
                match have.iter().find(|h| h.name == m.name) {
                    None if static_ => return Some((m.clone(), None)),
                    None => {}
                    Some(h) if !self.types.identical(h.sig, m.sig) => {
                        return Some((m.clone(), Some(Alt { name: h.name.clone(), sig: h.sig })));
                    }
                    Some(_) => {}
                }
            }
            return None;
        }
        for m in methods {
            if let Some(sig) = self.method_set_lookup(v, &m.name) {
                if self.types.identical(sig, m.sig) {
                    continue;
                }
                return Some((m.clone(), Some(Alt { name: m.name.clone(), sig })));
            }
            // Not in the method set: on the pointer type, or with other case?
            let alt = self
                .any_method(v, &m.name)
                .or_else(|| self.fold_case_method(v, &m.name))
                .map(|(name, sig)| Alt { name, sig });
            return Some((m.clone(), alt));
        }
        None
    }

    /// A method `name` of `v` or `*v`, ignoring method-set rules.
    fn any_method(&self, v: TypeId, name: &str) -> Option<(String, TypeId)> {
        let s = self.lookup_field_or_method(v, name)?;
        (s.kind == SelectionKind::MethodVal).then(|| (name.to_string(), s.ty))
    }

    /// A method whose name equals `name` but for case, declared on `v` (or its base
    /// type) or in `v`'s interface.
    fn fold_case_method(&self, v: TypeId, name: &str) -> Option<(String, TypeId)> {
        let base = match self.types.get(v) {
            Type::Pointer(b) => *b,
            _ => v,
        };
        let mut names: Vec<String> = vec![];
        if let Some(info) = self.types.named_info(base) {
            names.extend(info.methods.iter().map(|&m| self.obj(m).name.clone()));
        }
        if let Type::Interface(ms) = self.types.get(self.types.underlying(base)) {
            names.extend(ms.iter().map(|m| m.name.clone()));
        }
        let other = names.into_iter().find(|n| n != name && n.eq_ignore_ascii_case(name))?;
        self.any_method(v, &other)
    }

    fn missing_method_reason(&self, v: TypeId, t: TypeId, m: &Method, alt: Option<&Alt>) -> String {
        let mname = format!("{} method", m.name);
        if let Some(alt) = alt {
            let have = self.func_str(&alt.name, alt.sig);
            let want = self.func_str(&m.name, m.sig);
            if alt.name != m.name {
                return format!("(missing {mname})\n\t\thave {have}\n\t\twant {want}");
            }
            if self.types.identical(alt.sig, m.sig) {
                return format!("({mname} has pointer receiver)");
            }
            return format!("(wrong type for {mname})\n\t\thave {have}\n\t\twant {want}");
        }
        if self.is_interface_ptr(v) {
            return format!("(type {} is pointer to interface, not interface)", self.type_str(v));
        }
        if self.is_interface_ptr(t) {
            return format!("(type {} is pointer to interface, not interface)", self.type_str(t));
        }
        format!("(missing {mname})")
    }

    /// `M(int) string`: a method's name and signature.
    fn func_str(&self, name: &str, sig: TypeId) -> String {
        match self.types.get(sig) {
            Type::Func(s) => format!("{name}{}", self.sig_str(s)),
            _ => name.to_string(),
        }
    }
}
