//! Field and method lookup through embedded fields (spec "Selectors") and method sets.

use super::Checker;
use crate::info::{Selection, SelectionKind};
use crate::objects::ObjKind;
use crate::types::{Type, TypeId};

/// The outcome of looking a name up in a type.
enum Lookup {
    Found(Selection),
    Ambiguous,
    NotFound,
}

impl Checker<'_> {
    /// Finds field or method `name` of a value of type `t`, at the shallowest depth;
    /// `None` if there is none or it is ambiguous.
    pub fn lookup_field_or_method(&self, t: TypeId, name: &str) -> Option<Selection> {
        match self.lookup_all(t, name) {
            Lookup::Found(s) => Some(s),
            _ => None,
        }
    }

    /// Whether `name` names two or more fields or methods at the shallowest depth where
    /// it occurs (spec "Selectors": then `x.name` is illegal).
    pub fn lookup_is_ambiguous(&self, t: TypeId, name: &str) -> bool {
        matches!(self.lookup_all(t, name), Lookup::Ambiguous)
    }

    fn lookup_all(&self, t: TypeId, name: &str) -> Lookup {
        // Blank fields and methods cannot be selected.
        if name == "_" {
            return Lookup::NotFound;
        }
        // A named pointer type has no methods: look through it for fields only
        // (spec: a receiver base type cannot be a pointer; types2 discards methods).
        if self.types.is_named(t) && matches!(self.types.get(self.types.underlying(t)), Type::Pointer(_)) {
            return match self.lookup_unnamed(self.types.underlying(t), name) {
                Lookup::Found(s) if s.kind == SelectionKind::MethodVal => Lookup::NotFound,
                other => other,
            };
        }
        self.lookup_unnamed(t, name)
    }

    fn lookup_unnamed(&self, t: TypeId, name: &str) -> Lookup {
        // A named pointer type has no methods, but its base's fields are reachable.
        let (start, indirect) = match self.types.get(self.types.underlying(t)) {
            // A pointer to an interface has no methods at all.
            Type::Pointer(p) if self.types.is_interface(*p) => return Lookup::NotFound,
            Type::Pointer(p) => (*p, true),
            _ => (t, false),
        };
        let mut level: Vec<(TypeId, Vec<u32>, bool)> = vec![(start, vec![], indirect)];
        let mut seen = std::collections::HashSet::new();
        for _depth in 0..16 {
            let mut next = vec![];
            let mut found: Option<Selection> = None;
            // A type embedded more than once at this depth makes its members ambiguous.
            let mut count: std::collections::HashMap<TypeId, usize> = std::collections::HashMap::new();
            for (ty, _, _) in &level {
                *count.entry(*ty).or_default() += 1;
            }
            for (ty, path, ind) in &level {
                if !seen.insert(*ty) {
                    continue;
                }
                let hit = self.member(*ty, name, path, *ind);
                if let Some(sel) = hit {
                    if found.is_some() || count[ty] > 1 {
                        return Lookup::Ambiguous;
                    }
                    found = Some(sel);
                    continue;
                }
                if let Type::Struct(fields) = self.types.get(self.types.underlying(*ty)) {
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
            }
            if let Some(s) = found {
                return Lookup::Found(s);
            }
            if next.is_empty() {
                return Lookup::NotFound;
            }
            level = next;
        }
        Lookup::NotFound
    }

    /// A method declared on `ty`, or a field or method of its underlying struct or
    /// interface, named `name`.
    fn member(&self, ty: TypeId, name: &str, path: &[u32], ind: bool) -> Option<Selection> {
        if let Some(info) = self.types.named_info(ty) {
            for &m in &info.methods {
                let o = self.obj(m);
                if o.name == name {
                    let ptr_recv = matches!(o.kind, ObjKind::Func { recv: Some(r) } if matches!(self.types.get(r), Type::Pointer(_)));
                    return Some(Selection {
                        kind: SelectionKind::MethodVal,
                        path: path.to_vec(),
                        index: 0,
                        method: Some(m),
                        ty: o.ty,
                        indirect: ind,
                        ptr_recv,
                    });
                }
            }
        }
        match self.types.get(self.types.underlying(ty)) {
            Type::Struct(fields) => fields.iter().position(|f| f.name == name).map(|i| Selection {
                kind: SelectionKind::Field,
                path: path.to_vec(),
                index: i as u32,
                method: None,
                ty: fields[i].ty,
                indirect: ind,
                ptr_recv: false,
            }),
            Type::Interface(methods) => methods.iter().position(|m| m.name == name).map(|i| Selection {
                kind: SelectionKind::MethodVal,
                path: path.to_vec(),
                index: i as u32,
                method: None,
                ty: methods[i].sig,
                indirect: ind,
                ptr_recv: false,
            }),
            _ => None,
        }
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
