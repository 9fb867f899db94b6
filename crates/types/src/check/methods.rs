//! Methods attached to their receiver's base type, with gc's checks and words:
//! the receiver must be `T` or `*T` for a type `T` of this package that is not a
//! pointer or interface; a method name is declared once per type
//! (`T.m redeclared in this block`); and a struct type cannot have a field and a
//! method of the same name.

use super::{Checker, DeclRef};
use crate::objects::ObjId;
use crate::types::{BasicKind, Type, TypeId, ids};
use rgo_syntax::Pos;
use rgo_syntax::ast::{DeclKind, ExprKind, FieldList};

impl Checker<'_> {
    /// Checks method `obj`'s receiver of type `rt` and attaches the method to the base
    /// type. Returns the base type's name for the method's link name, if attached or a
    /// duplicate (anything gc would still compile a symbol for).
    pub(super) fn attach_method(&mut self, recv: &FieldList, rt: TypeId, obj: ObjId, name: &rgo_syntax::ast::Ident) -> Option<String> {
        let f = recv.list.first()?;
        // gc reports at the receiver's name, or at its type when unnamed.
        let at = f.names.first().map_or(f.typ.pos, |n| n.pos);
        if rt == ids::INVALID {
            return None;
        }
        let base = match self.types.get(rt) {
            Type::Pointer(b) => *b,
            _ => rt,
        };
        if base == ids::INVALID {
            return None;
        }
        let Some(info) = self.types.named_info(base) else {
            let msg = match self.types.get(base) {
                Type::Basic(_) | Type::Alias(..) => format!("cannot define new methods on non-local type {}", self.type_str(base)),
                _ => format!("invalid receiver type {}", self.type_str(rt)),
            };
            self.error(at, msg);
            return None;
        };
        let local = self.objects.get(info.obj.0 as usize).and_then(|o| o.file).is_some_and(|f| self.pkg_files.contains(&(f as usize)));
        if !local {
            self.error(at, format!("cannot define new methods on non-local type {}", self.type_str(base)));
            return None;
        }
        let tname = info.name.rsplit('.').next().unwrap_or("").to_string();
        let cause = match self.types.get(self.types.underlying(base)) {
            Type::Basic(BasicKind::UnsafePointer) => Some("unsafe.Pointer"),
            Type::Pointer(_) | Type::Interface(_) => Some("pointer or interface type"),
            _ => None,
        };
        if let Some(cause) = cause {
            self.error(at, format!("invalid receiver type {} ({cause})", self.type_str(base)));
            return Some(tname);
        }
        if name.name == "_" {
            return Some(tname);
        }
        let dup = info.methods.iter().copied().find(|&m| self.obj(m).name == name.name);
        if let Some(prev) = dup {
            let msg = format!("{tname}.{} redeclared in this block\n\t{}: other declaration of {}", name.name, self.obj_pos_str(prev), name.name);
            self.error(name.pos, msg);
        } else {
            self.types.named_info_mut(base).unwrap().methods.push(obj);
        }
        Some(tname)
    }

    /// `field and method with the same name X`, at the method, for every struct type
    /// declared in this package.
    pub(super) fn check_field_method_clashes(&mut self) {
        let mut types: Vec<(ObjId, u32, u32, u32)> = self
            .decls
            .iter()
            .filter_map(|(&o, d)| match *d {
                DeclRef::Type { file, decl, spec } => Some((o, file, decl, spec)),
                _ => None,
            })
            .collect();
        types.sort();
        let files = self.files;
        for (obj, file, decl, spec) in types {
            let DeclKind::Type(g) = &files[file as usize].decls[decl as usize].kind else { continue };
            let ExprKind::StructType(st) = &g.specs[spec as usize].typ.kind else { continue };
            let t = self.obj(obj).ty;
            let Some(info) = self.types.named_info(t) else { continue };
            let methods = info.methods.clone();
            for m in methods {
                let mname = self.obj(m).name.clone();
                let field_pos: Option<Pos> = st.fields.iter().find_map(|f| {
                    if f.names.is_empty() {
                        // An embedded field is named after its type.
                        embedded_name(&f.typ).filter(|n| *n == mname).map(|_| f.typ.pos)
                    } else {
                        f.names.iter().find(|n| n.name == mname).map(|n| n.pos)
                    }
                });
                if let Some(fp) = field_pos {
                    let (fl, fc) = files[file as usize].line_col(fp);
                    let fname = &files[file as usize].name;
                    let mo = self.obj(m).clone();
                    self.file = mo.file.unwrap_or(file);
                    self.error(mo.pos, format!("field and method with the same name {mname}\n\t{fname}:{fl}:{fc}: other declaration of {mname}"));
                }
            }
        }
    }
}

/// The field name of an embedded field's type expression: `T`, `*T`, `pkg.T`.
fn embedded_name(e: &rgo_syntax::ast::Expr) -> Option<&str> {
    match &e.kind {
        ExprKind::Ident(i) => Some(&i.name),
        ExprKind::Star(x) => embedded_name(x),
        ExprKind::Selector { sel, .. } => Some(&sel.name),
        _ => None,
    }
}
