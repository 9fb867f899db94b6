//! Type expressions: `int`, `[]T`, `map[K]V`, `struct{...}`, `func(...)`, … → [`TypeId`].

use super::Checker;
use crate::info::Mode;
use crate::objects::{ObjKind, ScopeId};
use crate::types::{ChanDir, Field, Method, Signature, Type, TypeId, ids};
use rgo_syntax::ast::{self, Expr, ExprKind, FieldList, FuncType};

impl<'a> Checker<'a> {
    /// Checks `e` as a type in `scope`; reports and returns INVALID if it is not one.
    pub fn type_expr(&mut self, scope: ScopeId, e: &'a Expr) -> TypeId {
        let t = self.type_expr_inner(scope, e);
        self.record(e.id, t, Mode::Type);
        t
    }

    fn type_expr_inner(&mut self, scope: ScopeId, e: &'a Expr) -> TypeId {
        match &e.kind {
            ExprKind::Ident(id) => {
                let Some(obj) = self.lookup(scope, &id.name) else {
                    self.error(e.pos, format!("undefined: {}", id.name));
                    return ids::INVALID;
                };
                self.record_ident(id.id, obj);
                self.obj_mut(obj).used = true;
                if self.obj(obj).kind != ObjKind::TypeName {
                    self.error(e.pos, format!("{} is not a type", id.name));
                    return ids::INVALID;
                }
                self.resolve_obj(obj);
                if self.obj(obj).ty == ids::INVALID {
                    self.alias_cycle(obj);
                }
                self.obj(obj).ty
            }
            ExprKind::Paren(x) => self.type_expr(scope, x),
            ExprKind::Selector { x, sel } => {
                let op = self.expr_multi(scope, e);
                if op.mode == Mode::Type {
                    return op.ty;
                }
                if !op.is_invalid() {
                    let _ = (x, sel);
                    self.error(e.pos, format!("{} is not a type", self.expr_str(e)));
                }
                ids::INVALID
            }
            ExprKind::Star(x) => {
                let t = self.type_expr(scope, x);
                self.types.intern(Type::Pointer(t))
            }
            ExprKind::SliceType(x) => {
                let t = self.type_expr(scope, x);
                self.types.intern(Type::Slice(t))
            }
            ExprKind::ArrayType { len, elem } => {
                let Some(len) = len else {
                    self.error(e.pos, "invalid use of [...] array (outside a composite literal)");
                    return ids::INVALID;
                };
                let n = self.array_len(scope, len);
                let t = self.type_expr(scope, elem);
                match n {
                    Some(n) => self.types.intern(Type::Array(n, t)),
                    None => ids::INVALID,
                }
            }
            ExprKind::MapType { key, value } => {
                let k = self.type_expr(scope, key);
                let v = self.type_expr(scope, value);
                if k != ids::INVALID {
                    // Delayed: the key type may still be incomplete (`map[S]bool` in S).
                    self.later.push((self.file, key.pos, super::Later::MapKey(k)));
                }
                self.types.intern(Type::Map(k, v))
            }
            ExprKind::ChanType { dir, elem } => {
                let t = self.type_expr(scope, elem);
                let d = match dir {
                    ast::ChanDir::Both => ChanDir::Both,
                    ast::ChanDir::Send => ChanDir::Send,
                    ast::ChanDir::Recv => ChanDir::Recv,
                };
                self.types.intern(Type::Chan(d, t))
            }
            ExprKind::FuncType(ft) => {
                let sig = self.signature(scope, ft);
                self.types.intern(Type::Func(sig))
            }
            ExprKind::StructType(st) => {
                let mut fields: Vec<Field> = vec![];
                let mut seen = std::collections::HashSet::new();
                for f in &st.fields {
                    let t = self.type_expr(scope, &f.typ);
                    let tag = f
                        .tag
                        .as_ref()
                        .and_then(|t| rgo_syntax::unquote_string(&t.raw).ok())
                        .map(|b| String::from_utf8_lossy(&b).into_owned())
                        .unwrap_or_default();
                    if f.names.is_empty() {
                        let name = embedded_name(&f.typ);
                        if !seen.insert(name.clone()) {
                            self.error(f.typ.pos, format!("{name} redeclared"));
                        }
                        if t != ids::INVALID {
                            self.later.push((self.file, f.typ.pos, super::Later::Embedded(t)));
                        }
                        fields.push(Field { name, ty: t, embedded: true, tag, pkg: self.pkg_path.clone() });
                    } else {
                        for n in &f.names {
                            if n.name != "_" && !seen.insert(n.name.clone()) {
                                self.error(n.pos, format!("{} redeclared", n.name));
                            }
                            fields.push(Field {
                                name: n.name.clone(),
                                ty: t,
                                embedded: false,
                                tag: tag.clone(),
                                pkg: self.pkg_path.clone(),
                            });
                        }
                    }
                }
                self.types.intern(Type::Struct(fields))
            }
            ExprKind::InterfaceType(it) => {
                // Only this literal's own embeddings may be deferred (see type_spec),
                // not those of interface literals nested in its methods.
                let mut deferred = self.defer_embeds.take();
                let mut methods: Vec<Method> = vec![];
                for el in &it.elems {
                    match el {
                        ast::InterfaceElem::Method { name, typ } => {
                            let sig = self.signature(scope, typ);
                            let sig = self.types.intern(Type::Func(sig));
                            if methods.iter().any(|m| m.name == name.name) {
                                self.error(name.pos, format!("duplicate method {}", name.name));
                                continue;
                            }
                            methods.push(Method { name: name.name.clone(), sig });
                        }
                        ast::InterfaceElem::Embed(x) => {
                            let t = self.type_expr(scope, x);
                            if t == ids::INVALID {
                                continue;
                            }
                            if let Some(list) = deferred.as_mut() {
                                // A named type still being declared: its method set
                                // comes later.
                                let incomplete = self.types.underlying(t) == ids::INVALID
                                    && self.types.named_info(t).is_some_and(|i| i.underlying.is_none());
                                if incomplete {
                                    list.push(t);
                                    continue;
                                }
                            }
                            match self.types.get(self.types.underlying(t)).clone() {
                                Type::Interface(ms) => {
                                    for m in ms {
                                        if let Some(prev) = methods.iter().find(|p| p.name == m.name) {
                                            if !self.types.identical(prev.sig, m.sig) {
                                                self.error(x.pos, format!("duplicate method {}", m.name));
                                            }
                                            continue;
                                        }
                                        methods.push(m);
                                    }
                                }
                                _ => self.error(x.pos, "type sets (constraint interfaces) are not supported yet"),
                            }
                        }
                    }
                }
                methods.sort_by(|a, b| a.name.cmp(&b.name));
                self.defer_embeds = deferred;
                self.types.intern(Type::Interface(methods))
            }
            ExprKind::Index { .. } => {
                self.error(e.pos, "generic types are not supported yet");
                ids::INVALID
            }
            ExprKind::Bad => ids::INVALID,
            _ => {
                self.error(e.pos, format!("{} is not a type", self.expr_str(e)));
                ids::INVALID
            }
        }
    }

    /// The constant length of an array type, with types2's checks and words.
    fn array_len(&mut self, scope: ScopeId, len: &'a Expr) -> Option<u64> {
        // A lone name gets its own messages (it may be a mistyped type parameter list).
        if let ExprKind::Ident(id) = &len.kind {
            match self.lookup(scope, &id.name) {
                None => {
                    self.error(len.pos, format!("undeclared name {} for array length", id.name));
                    return None;
                }
                Some(o) if !matches!(self.obj(o).kind, crate::objects::ObjKind::Const(_)) => {
                    self.error(len.pos, format!("invalid array length {}", id.name));
                    return None;
                }
                Some(_) => {}
            }
        }
        let op = self.expr(scope, len);
        if op.is_invalid() {
            return None;
        }
        let Some(v) = op.value() else {
            self.error(len.pos, format!("array length {} must be constant", self.operand_desc(&op)));
            return None;
        };
        if self.types.basic(op.ty).is_some_and(|k| k.is_integer() || k.is_untyped()) {
            if let Some(crate::constant::Value::Int(n)) = v.to_rank(0) {
                if n.bits() < 64 {
                    use num_traits::ToPrimitive;
                    if let Some(n) = n.to_u64() {
                        return Some(n);
                    }
                    self.error(len.pos, format!("invalid array length {}", self.operand_desc(&op)));
                    return None;
                }
            }
        }
        self.error(len.pos, format!("array length {} must be integer", self.operand_desc(&op)));
        None
    }

    /// A signature from its syntax; parameter names are not declared here.
    pub fn signature(&mut self, scope: ScopeId, ft: &'a FuncType) -> Signature {
        // Parameter and result names share one block, also without a body.
        let mut seen: std::collections::HashMap<&str, rgo_syntax::Pos> = std::collections::HashMap::new();
        let names = ft.params.list.iter().chain(ft.results.iter().flat_map(|r| r.list.iter())).flat_map(|f| f.names.iter());
        for n in names {
            if n.name == "_" {
                continue;
            }
            if let Some(&prev) = seen.get(n.name.as_str()) {
                let f = &self.files[self.file as usize];
                let (l, c) = f.line_col(prev);
                self.error(n.pos, format!("{} redeclared in this block\n\t{}:{l}:{c}: other declaration of {}", n.name, f.name, n.name));
            } else {
                seen.insert(&n.name, n.pos);
            }
        }
        let (params, variadic) = self.field_types(scope, &ft.params, true);
        let results = match &ft.results {
            Some(r) => self.field_types(scope, r, false).0,
            None => vec![],
        };
        Signature { params, results, variadic }
    }

    /// Types of the entries of a parameter list (one per name, or one if unnamed).
    fn field_types(&mut self, scope: ScopeId, list: &'a FieldList, params: bool) -> (Vec<TypeId>, bool) {
        let mut out = vec![];
        let mut variadic = false;
        let n = list.list.len();
        for (i, f) in list.list.iter().enumerate() {
            let t = if let ExprKind::Ellipsis(elem) = &f.typ.kind {
                if !params || i + 1 != n || f.names.len() > 1 {
                    self.error(f.typ.pos, "can only use ... with final parameter in list");
                }
                variadic = true;
                let et = match elem {
                    Some(el) => self.type_expr(scope, el),
                    None => ids::INVALID,
                };
                let st = self.types.intern(Type::Slice(et));
                self.record(f.typ.id, st, Mode::Type);
                st
            } else {
                self.type_expr(scope, &f.typ)
            };
            for _ in 0..f.names.len().max(1) {
                out.push(t);
            }
        }
        (out, variadic)
    }
}

/// The field name of an embedded field: the type name without package or `*`.
fn embedded_name(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Ident(i) => i.name.clone(),
        ExprKind::Star(x) | ExprKind::Paren(x) => embedded_name(x),
        ExprKind::Selector { sel, .. } => sel.name.clone(),
        ExprKind::Index { x, .. } => embedded_name(x),
        _ => "?".into(),
    }
}
