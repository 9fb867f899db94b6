//! Field and method lookup through embedded fields (spec "Selectors") and method sets.

use super::Checker;
use crate::info::{Selection, SelectionKind};
use crate::objects::ObjKind;
use crate::types::{Type, TypeId};

impl Checker<'_> {
    /// Finds field or method `name` of a value of type `t`, at the shallowest depth.
    pub fn lookup_field_or_method(&self, t: TypeId, name: &str) -> Option<Selection> {
        let (start, indirect) = match self.types.get(self.types.underlying(t)) {
            Type::Pointer(p) if !self.types.is_named(t) || true => {
                // A named pointer type has no methods; its base's fields are reachable.
                (*p, true)
            }
            _ => (t, false),
        };
        // Methods declared on a named pointer type's base are not in the named pointer's
        // method set, but gc allows field selection through it.
        let mut level: Vec<(TypeId, Vec<u32>, bool)> = vec![(start, vec![], indirect)];
        let mut seen = std::collections::HashSet::new();
        for _depth in 0..16 {
            let mut next = vec![];
            for (ty, path, ind) in &level {
                if !seen.insert(*ty) {
                    continue;
                }
                if let Some(info) = self.types.named_info(*ty) {
                    for &m in &info.methods {
                        let o = self.obj(m);
                        if o.name == name {
                            let ptr_recv = matches!(o.kind, ObjKind::Func { recv: Some(r) } if matches!(self.types.get(r), Type::Pointer(_)));
                            return Some(Selection {
                                kind: SelectionKind::MethodVal,
                                path: path.clone(),
                                index: 0,
                                method: Some(m),
                                ty: o.ty,
                                indirect: *ind,
                                ptr_recv,
                            });
                        }
                    }
                }
                match self.types.get(self.types.underlying(*ty)) {
                    Type::Struct(fields) => {
                        for (i, f) in fields.iter().enumerate() {
                            if f.name == name {
                                return Some(Selection {
                                    kind: SelectionKind::Field,
                                    path: path.clone(),
                                    index: i as u32,
                                    method: None,
                                    ty: f.ty,
                                    indirect: *ind,
                                    ptr_recv: false,
                                });
                            }
                        }
                        for (i, f) in fields.iter().enumerate() {
                            if f.embedded {
                                let mut p = path.clone();
                                p.push(i as u32);
                                match self.types.get(f.ty) {
                                    Type::Pointer(b) => next.push((*b, p, true)),
                                    _ => next.push((f.ty, p, *ind)),
                                }
                            }
                        }
                    }
                    Type::Interface(methods) => {
                        if let Some(m) = methods.iter().find(|m| m.name == name) {
                            return Some(Selection {
                                kind: SelectionKind::MethodVal,
                                path: path.clone(),
                                index: methods.iter().position(|x| x.name == name).unwrap() as u32,
                                method: None,
                                ty: m.sig,
                                indirect: *ind,
                                ptr_recv: false,
                            });
                        }
                    }
                    _ => {}
                }
            }
            if next.is_empty() {
                return None;
            }
            level = next;
        }
        None
    }

    /// A method `name` of type `t` usable in a method expression `T.name`.
    pub fn lookup_method(&self, t: TypeId, name: &str) -> Option<(Selection, TypeId)> {
        let s = self.lookup_field_or_method(t, name)?;
        if s.kind != SelectionKind::MethodVal {
            return None;
        }
        let ty = s.ty;
        Some((s, ty))
    }

    /// The signature of method `name` if it is in the method set of `t`.
    pub fn method_set_lookup(&self, t: TypeId, name: &str) -> Option<TypeId> {
        let s = self.lookup_field_or_method(t, name)?;
        if s.kind != SelectionKind::MethodVal {
            return None;
        }
        let is_ptr = matches!(self.types.get(self.types.underlying(t)), Type::Pointer(_));
        if s.ptr_recv && !is_ptr && !s.indirect {
            return None;
        }
        Some(s.ty)
    }
}
