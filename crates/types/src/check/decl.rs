//! Declarations: collecting package-level objects, resolving them on demand, local
//! const/var/type declarations, and checking function bodies.

use super::{Checker, DeclRef, FuncCtx, Resolve};
use crate::constant::Value;
use crate::info::{FuncBody, Mode};
use crate::objects::{ObjId, ObjKind, ScopeId};
use crate::types::{Type, TypeId, ids};
use rgo_syntax::ast::{ConstSpec, DeclKind, Expr, FuncDecl, StmtKind, TypeSpec, VarSpec};

impl<'a> Checker<'a> {
    /// Phase 1: every package-level name into the package scope (imports into file scopes).
    pub(super) fn collect_objects(&mut self) {
        let pkg = self.pkg_scope;
        let files = self.files;
        for fi in self.pkg_files.clone() {
            let file = &files[fi];
            self.file = fi as u32;
            if file.package.name != self.pkg_name {
                self.error(
                    file.package.pos,
                    format!("package {}; expected package {}", file.package.name, self.pkg_name),
                );
            }
            if file.package.name == "_" {
                self.error(file.package.pos, "invalid package name _");
            }
            let fscope = self.new_scope(pkg, false);
            self.file_scopes[fi] = fscope;
            for imp in &file.imports {
                let path = rgo_syntax::unquote_string(&imp.path.raw)
                    .map(|b| String::from_utf8_lossy(&b).into_owned())
                    .unwrap_or_default();
                let user_pkg = self.package_scopes.contains_key(&path);
                let known = path == "unsafe" || path == "runtime" || user_pkg;
                if !known {
                    self.error(imp.path.pos, format!("could not import {path} (rgo supports only packages unsafe and runtime so far)"));
                }
                if user_pkg && !self.imported_paths.contains(&path) {
                    self.imported_paths.push(path.clone());
                }
                let name = imp.name.as_ref().map(|n| n.name.clone()).unwrap_or_else(|| path.clone());
                if name == "_" {
                    continue;
                }
                if name == "init" {
                    let at = imp.name.as_ref().map_or(imp.pos, |n| n.pos);
                    self.error(at, "cannot import package as init - init must be a func");
                    continue;
                }
                if name == "." {
                    self.error(imp.pos, "dot imports are not supported yet");
                    continue;
                }
                let name = if user_pkg && imp.name.is_none() {
                    // The package's own name, which need not be the last path element.
                    self.package_names.get(&path).cloned().unwrap_or(name)
                } else if known {
                    name
                } else {
                    path.rsplit('/').next().unwrap_or(&path).to_string()
                };
                let obj = self.new_object(&name, ObjKind::PkgName(path.clone()), ids::INVALID, imp.pos);
                if known {
                    self.imports.push(obj);
                } else {
                    // Already reported; keep uses of the name from cascading.
                    self.obj_mut(obj).used = true;
                }
                let ident = imp.name.clone().unwrap_or(rgo_syntax::ast::Ident {
                    id: rgo_syntax::NodeId(u32::MAX),
                    pos: imp.pos,
                    name: name.clone(),
                });
                if ident.id.0 == u32::MAX {
                    self.scopes[fscope.0 as usize].names.insert(name, obj);
                } else {
                    self.declare(fscope, &ident, obj);
                }
            }
            for (di, decl) in file.decls.iter().enumerate() {
                let (f, d) = (fi as u32, di as u32);
                match &decl.kind {
                    DeclKind::Const(g) => {
                        for (si, spec) in g.specs.iter().enumerate() {
                            for (ni, n) in spec.names.iter().enumerate() {
                                let obj = self.new_object(&n.name, ObjKind::Const(Value::int(0)), ids::INVALID, n.pos);
                                self.decls.insert(obj, DeclRef::Const { file: f, decl: d, spec: si as u32, name: ni as u32 });
                                self.declare_pkg_obj(pkg, n, obj);
                            }
                        }
                    }
                    DeclKind::Var(g) => {
                        for (si, spec) in g.specs.iter().enumerate() {
                            for n in spec.names.iter() {
                                let obj = self.new_object(&n.name, ObjKind::Var { global: true, param: false }, ids::INVALID, n.pos);
                                self.obj_mut(obj).link_name = format!("{}.{}", self.pkg_path, n.name);
                                self.decls.insert(obj, DeclRef::Var { file: f, decl: d, spec: si as u32 });
                                self.declare_pkg_obj(pkg, n, obj);
                            }
                        }
                    }
                    DeclKind::Type(g) => {
                        for (si, spec) in g.specs.iter().enumerate() {
                            let obj = self.new_object(&spec.name.name, ObjKind::TypeName, ids::INVALID, spec.name.pos);
                            self.decls.insert(obj, DeclRef::Type { file: f, decl: d, spec: si as u32 });
                            self.declare_pkg_obj(pkg, &spec.name, obj);
                        }
                    }
                    DeclKind::Func(fd) => {
                        let obj = self.new_object(&fd.name.name, ObjKind::Func { recv: None }, ids::INVALID, fd.name.pos);
                        self.decls.insert(obj, DeclRef::Func { file: f, decl: d });
                        if fd.tparams.is_some() {
                            self.error(fd.name.pos, "generic functions are not supported yet");
                        }
                        if fd.recv.is_some() {
                            // Methods are attached to their receiver type in resolve_all.
                            self.idents[fi][fd.name.id.0 as usize] = Some(obj);
                        } else if fd.name.name == "init" {
                            self.idents[fi][fd.name.id.0 as usize] = Some(obj);
                            let n = self.init_funcs.len();
                            self.obj_mut(obj).link_name = format!("{}.init.{n}", self.pkg_path);
                            self.init_funcs.push(obj);
                            if !fd.typ.params.list.is_empty() || fd.typ.results.is_some() {
                                self.error(fd.name.pos, "func init must have no arguments and no return values");
                            }
                        } else {
                            let linked = super::linkname::target(file, &fd.name.name);
                            self.obj_mut(obj).link_name = match linked {
                                Some(target) => target.to_string(),
                                None => format!("{}.{}", self.pkg_path, fd.name.name),
                            };
                            if fd.body.is_none() && linked.is_some() {
                                self.extern_funcs.push(obj);
                            }
                            if fd.name.name == "main" && self.pkg_name == "main" && (!fd.typ.params.list.is_empty() || fd.typ.results.is_some()) {
                                self.error(fd.name.pos, "func main must have no arguments and no return values");
                            }
                            self.declare(pkg, &fd.name, obj);
                        }
                        if fd.body.is_none() && (fd.recv.is_some() || super::linkname::target(file, &fd.name.name).is_none()) {
                            // gc's noder says this after type checking (go build passes
                            // -complete when a package has no assembly); a linknamed
                            // function's body is elsewhere.
                            self.late_error(fd.name.pos, "missing function body");
                        }
                    }
                }
            }
            self.check_linknames(file);
        }
        if self.pkg_name == "main" && !self.scopes[pkg.0 as usize].names.contains_key("main") {
            let f = self.pkg_files.start as u32;
            self.file = f;
            self.late_error(rgo_syntax::Pos(0), "function main is undeclared in the main package");
        }
        self.package_names.insert(self.pkg_path.clone(), self.pkg_name.clone());
    }

    /// Declares a package-level constant, variable or type; `init` (and `main` in
    /// package main) may only be functions.
    fn declare_pkg_obj(&mut self, pkg: ScopeId, n: &rgo_syntax::ast::Ident, obj: ObjId) {
        if n.name == "init" {
            self.error(n.pos, "cannot declare init - must be func");
            self.idents[self.file as usize][n.id.0 as usize] = Some(obj);
            return;
        }
        if n.name == "main" && self.pkg_name == "main" {
            self.error(n.pos, "cannot declare main - must be func");
            self.idents[self.file as usize][n.id.0 as usize] = Some(obj);
            return;
        }
        self.declare(pkg, n, obj);
    }

    /// Phase 1b: resolve every package-level object and attach methods.
    pub(super) fn resolve_all(&mut self) {
        let mut objs: Vec<ObjId> = self.decls.keys().copied().collect();
        objs.sort();
        // Types first, then function signatures (which attach methods to their
        // types), then constants and variables: a variable's initializer may call a
        // method declared further down.
        let rank = |c: &Self, o: &ObjId| match c.decls[o] {
            DeclRef::Type { .. } => 0,
            DeclRef::Func { .. } => 1,
            _ => 2,
        };
        objs.sort_by_key(|o| (rank(self, o), *o));
        let types_end = objs.iter().position(|o| rank(self, o) > 0).unwrap_or(objs.len());
        for (i, &o) in objs.iter().enumerate() {
            if i == types_end {
                // Types waiting for others (finish_pending_underlying) are complete
                // before any value of them is checked.
                self.finish_pending_underlying();
            }
            self.resolve_obj(o);
        }
        self.finish_pending_underlying();
        self.check_field_method_clashes();
    }

    /// Resolves a package-level object's type (and value) if not done yet.
    pub fn resolve_obj(&mut self, obj: ObjId) {
        let Some(&d) = self.decls.get(&obj) else { return };
        match self.resolve.get(&obj).copied().unwrap_or(Resolve::Todo) {
            Resolve::Done => return,
            Resolve::InProgress => {
                match d {
                    DeclRef::Type { .. } => {} // recursion through a named type is fine
                    DeclRef::Func { .. } => {}
                    _ => {
                        // A constant or variable that refers to itself: go/types leaves
                        // the cycle to the initialization order check (initorder.rs),
                        // which reports it as an initialization loop.
                        if matches!(d, DeclRef::Const { .. }) {
                            self.obj_mut(obj).ty = ids::INVALID;
                        }
                    }
                }
                return;
            }
            Resolve::Todo => {}
        }
        self.resolve.insert(obj, Resolve::InProgress);
        let saved = (self.file, self.iota.take(), self.func.take(), self.dep_owner.take(), self.errpos.take());
        match d {
            DeclRef::Const { file, decl, spec, name } => {
                self.file = file;
                let files = self.files;
                let DeclKind::Const(g) = &files[file as usize].decls[decl as usize].kind else { unreachable!() };
                let spec = &g.specs[spec as usize];
                let src = match spec.inherit {
                    Some(i) => &g.specs[i as usize],
                    None => spec,
                };
                let scope = self.file_scopes[file as usize];
                self.dep_owner = Some(obj);
                self.const_spec_one(scope, spec, src, name as usize, obj);
            }
            DeclRef::Var { file, decl, spec } => {
                self.file = file;
                let files = self.files;
                let DeclKind::Var(g) = &files[file as usize].decls[decl as usize].kind else { unreachable!() };
                let s = &g.specs[spec as usize];
                let scope = self.file_scopes[file as usize];
                let lhs: Vec<ObjId> = s.names.iter().map(|n| self.idents[file as usize][n.id.0 as usize].unwrap()).collect();
                for &l in &lhs {
                    self.resolve.insert(l, Resolve::InProgress);
                }
                self.dep_owner = Some(obj);
                self.var_spec(scope, s, &lhs);
                for (i, &l) in lhs.iter().enumerate() {
                    self.resolve.insert(l, Resolve::Done);
                    // Every name of a multi-value spec depends on the same initializer.
                    if l != obj {
                        let dd = self.deps.get(&obj).cloned().unwrap_or_default();
                        self.deps.insert(l, dd);
                    }
                    let _ = i;
                }
                self.record_initializers(file, decl, spec, s, &lhs);
            }
            DeclRef::Type { file, decl, spec } => {
                self.file = file;
                let files = self.files;
                let DeclKind::Type(g) = &files[file as usize].decls[decl as usize].kind else { unreachable!() };
                let scope = self.file_scopes[file as usize];
                self.type_spec(scope, &g.specs[spec as usize], obj);
            }
            DeclRef::Func { file, decl } => {
                self.file = file;
                let files = self.files;
                let DeclKind::Func(fd) = &files[file as usize].decls[decl as usize].kind else { unreachable!() };
                let scope = self.file_scopes[file as usize];
                self.func_decl_sig(scope, fd, obj);
            }
        }
        (self.file, self.iota, self.func, self.dep_owner, self.errpos) = saved;
        self.resolve.insert(obj, Resolve::Done);
    }

    /// Checks name `idx` of a constant spec whose type and values come from `src`.
    fn const_spec_one(&mut self, scope: ScopeId, spec: &'a ConstSpec, src: &'a ConstSpec, idx: usize, obj: ObjId) {
        self.iota = Some(spec.iota as i64);
        let typ = src.typ.as_ref().map(|t| self.type_expr(scope, t));
        let Some(value) = src.values.get(idx) else {
            self.error(spec.names[idx].pos, format!("missing init expr for {}", spec.names[idx].name));
            self.obj_mut(obj).ty = ids::INVALID;
            return;
        };
        if idx == spec.names.len() - 1 && src.values.len() > spec.names.len() {
            let extra = &src.values[spec.names.len()];
            if spec.inherit.is_some() {
                // An inherited list: gc points at the spec and says where the extra
                // expression is.
                let f = &self.files[self.file as usize];
                let (l, c) = f.line_col(extra.pos);
                self.error(spec.names[0].pos, format!("extra init expr at {}:{l}:{c}", f.name));
            } else {
                self.error(extra.pos, format!("extra init expr {}", self.expr_str(extra)));
            }
        }
        // An inherited expression is re-checked: its nodes get this spec's iota, so we
        // must not record into the side tables twice with a different meaning. The
        // checker records the last evaluation; codegen only reads constant values from
        // the object, never from inherited nodes.
        if spec.inherit.is_some() {
            self.errpos = Some(spec.names[idx].pos);
        }
        let mut op = self.expr(scope, value);
        if op.is_invalid() {
            self.obj_mut(obj).ty = ids::INVALID;
            return;
        }
        if !op.is_const() {
            self.error(value.pos, format!("{} (value of type {}) is not constant", self.expr_str(value), self.type_str(op.ty)));
            self.obj_mut(obj).ty = ids::INVALID;
            return;
        }
        if let Some(t) = typ {
            if t == ids::INVALID {
                self.obj_mut(obj).ty = ids::INVALID;
                return;
            }
            if !self.types.basic(t).is_some_and(|k| k != crate::types::BasicKind::UnsafePointer) {
                self.error(src.typ.as_ref().unwrap().pos, format!("invalid constant type {}", self.type_str(t)));
                self.obj_mut(obj).ty = ids::INVALID;
                return;
            }
            self.assignment(&mut op, t, "constant declaration");
        }
        let v = op.value().cloned().unwrap_or(Value::int(0));
        let o = self.obj_mut(obj);
        o.ty = op.ty;
        o.kind = ObjKind::Const(v);
    }

    /// Sets the underlying types deferred by type_spec; what stays unresolved is a
    /// genuinely invalid recursive type (`type T T`).
    fn finish_pending_underlying(&mut self) {
        loop {
            let mut progress = false;
            // Interfaces whose embedded interfaces are all complete now.
            for (named, scope, typ, file, waiting) in std::mem::take(&mut self.pending_ifaces) {
                if waiting.iter().any(|&t| self.types.underlying(t) == ids::INVALID && self.types.named_info(t).is_some_and(|i| i.underlying.is_none())) {
                    self.pending_ifaces.push((named, scope, typ, file, waiting));
                    continue;
                }
                let saved = std::mem::replace(&mut self.file, file);
                self.defer_embeds = Some(vec![]);
                let u = self.type_expr(scope, typ);
                let waiting = self.defer_embeds.take().unwrap_or_default();
                self.file = saved;
                if waiting.is_empty() {
                    self.types.named_info_mut(named).unwrap().underlying = Some(u);
                    progress = true;
                } else {
                    self.pending_ifaces.push((named, scope, typ, file, waiting));
                }
            }
            let pending = std::mem::take(&mut self.pending_underlying);
            for (named, of, pos, file) in pending {
                let uu = self.types.underlying(of);
                if uu == ids::INVALID {
                    self.pending_underlying.push((named, of, pos, file));
                } else {
                    self.types.named_info_mut(named).unwrap().underlying = Some(uu);
                    progress = true;
                }
            }
            if !progress {
                break;
            }
        }
        // What is left defines types in terms of each other (`type b c; type c b`):
        // report each cycle once; types that merely lead into one become invalid.
        let mut pending = std::mem::take(&mut self.pending_underlying);
        // An interface left waiting embeds itself through the interfaces it waits for
        // (`type I1 interface{ I2 }; type I2 interface{ I1 }`).
        for (named, _, typ, file, waiting) in std::mem::take(&mut self.pending_ifaces) {
            pending.push((named, waiting[0], typ.pos, file));
        }
        let of: std::collections::HashMap<TypeId, TypeId> = pending.iter().map(|&(n, o, _, _)| (n, o)).collect();
        let mut reported: std::collections::HashSet<TypeId> = std::collections::HashSet::new();
        for &(named, _, _, _) in &pending {
            let mut chain = vec![named];
            let mut cur = named;
            while let Some(&next) = of.get(&cur) {
                if let Some(i) = chain.iter().position(|&t| t == next) {
                    let cycle = chain[i..].to_vec();
                    if cycle.iter().all(|t| !reported.contains(t)) {
                        reported.extend(cycle.iter().copied());
                        self.report_type_cycle(&cycle);
                    }
                    break;
                }
                chain.push(next);
                cur = next;
            }
        }
        for (named, _, _, _) in pending {
            self.types.named_info_mut(named).unwrap().underlying = Some(ids::INVALID);
        }
    }

    /// Checks a var spec, setting the types of the objects in `lhs`.
    pub fn var_spec(&mut self, scope: ScopeId, s: &'a VarSpec, lhs: &[ObjId]) {
        let typ = s.typ.as_ref().map(|t| self.type_expr(scope, t));
        if let Some(t) = typ {
            for &l in lhs {
                self.obj_mut(l).ty = t;
            }
            // gc's back end sizes the type when it lays out the first variable of it.
            if self.chan_elem_too_large(t) && self.big_chans.insert(t) {
                self.late_error(s.names[0].pos, "channel element type too large (>64kB)");
            }
        }
        if s.values.is_empty() {
            if typ.is_none() {
                self.error(s.pos, "missing type or init expr");
            }
            return;
        }
        // gc's arity check comes first (n:1 with a multi-value call is fine here).
        let (l, r) = (s.names.len(), s.values.len());
        if l < r {
            self.error(s.values[l].pos, format!("extra init expr {}", self.expr_str(&s.values[l])));
        } else if l > r && r != 1 {
            self.error(s.names[r].pos, format!("missing init expr for {}", s.names[r].name));
        }
        self.init_vars(scope, lhs, &s.values, typ, s.pos);
    }

    /// Whether t is a channel of elements of 64 kB or more, which gc's channels cannot
    /// carry.
    pub fn chan_elem_too_large(&self, t: TypeId) -> bool {
        matches!(self.types.get(self.types.underlying(t)), Type::Chan(_, e) if self.types.size_of(*e) >= 1 << 16)
    }

    /// As types2's varDecl: a variable whose type is invalid (a bad type or a failed
    /// initialization) counts as used, so its error is not followed by "declared but
    /// not used".
    pub fn use_invalid_vars(&mut self, lhs: &[ObjId]) {
        for &l in lhs {
            if self.obj(l).ty == ids::INVALID {
                self.obj_mut(l).used = true;
            }
        }
    }

    /// `lhs... = values...` for new variables, inferring types when `typ` is None.
    /// Returns whether every initialization succeeded; if one failed, all of `lhs`
    /// count as used (as types2's initVars).
    pub fn init_vars(&mut self, scope: ScopeId, lhs: &[ObjId], values: &'a [Expr], typ: Option<TypeId>, pos: rgo_syntax::Pos) -> bool {
        if lhs.len() == values.len() {
            let mut ok = true;
            for (&l, v) in lhs.iter().zip(values) {
                let mut op = if lhs.len() == 1 && !self.pairwise_init { self.single_of_one(scope, v) } else { self.expr(scope, v) };
                self.single_value(&mut op);
                if op.is_invalid() {
                    ok = false;
                    if typ.is_none() {
                        self.obj_mut(l).ty = ids::INVALID;
                    }
                    continue;
                }
                match typ {
                    Some(t) => self.assignment(&mut op, t, "variable declaration"),
                    None => {
                        if op.ty == ids::UNTYPED_NIL {
                            self.error(v.pos, "use of untyped nil in variable declaration");
                            self.obj_mut(l).ty = ids::INVALID;
                            ok = false;
                            continue;
                        }
                        let t = self.default_type(op.ty);
                        self.assignment(&mut op, t, "variable declaration");
                        self.obj_mut(l).ty = t;
                    }
                }
                if op.is_invalid() {
                    ok = false;
                }
            }
            if !ok {
                for &l in lhs {
                    self.obj_mut(l).used = true;
                }
            }
            return ok;
        }
        if values.len() == 1 {
            let op = self.expr_multi(scope, &values[0]);
            let results: Vec<TypeId> = match self.types.get(op.ty) {
                Type::Tuple(ts) => ts.clone(),
                _ if op.mode == Mode::CommaOk || op.mode == Mode::MapIndex => vec![op.ty, ids::UNTYPED_BOOL],
                _ => vec![op.ty],
            };
            if op.is_invalid() {
                for &l in lhs {
                    self.obj_mut(l).used = true;
                    if typ.is_none() {
                        self.obj_mut(l).ty = ids::INVALID;
                    }
                }
                return false;
            }
            if results.len() == lhs.len() {
                if results.len() == 2 && matches!(op.mode, Mode::CommaOk | Mode::MapIndex) {
                    self.record(values[0].id, op.ty, Mode::CommaOk);
                }
                for (i, &l) in lhs.iter().enumerate() {
                    let rt = results[i];
                    let t = match typ {
                        Some(t) => {
                            if !self.assignable(rt, t) {
                                self.error(values[0].pos, format!("cannot use {} value as {} value in assignment", self.type_str(rt), self.type_str(t)));
                            }
                            t
                        }
                        None => self.default_type(rt),
                    };
                    self.obj_mut(l).ty = t;
                }
                return true;
            }
            // As go/types: the variables of a failed initialization count as used.
            for &l in lhs {
                self.obj_mut(l).used = true;
            }
            let is_call = matches!(super::expr::unparen(&values[0]).kind, rgo_syntax::ast::ExprKind::Call { .. });
            if is_call {
                self.error(values[0].pos, format!("assignment mismatch: {} variable{} but {} returns {} value{}",
                    lhs.len(), if lhs.len() == 1 { "" } else { "s" }, self.call_name(&values[0]), results.len(), if results.len() == 1 { "" } else { "s" }));
            } else {
                self.error(values[0].pos, format!("assignment mismatch: {} variable{} but {} value{}",
                    lhs.len(), if lhs.len() == 1 { "" } else { "s" }, results.len(), if results.len() == 1 { "" } else { "s" }));
            }
        } else {
            let _ = pos;
            for &l in lhs {
                self.obj_mut(l).used = true;
            }
            self.error(values[0].pos, format!("assignment mismatch: {} variable{} but {} value{}",
                lhs.len(), if lhs.len() == 1 { "" } else { "s" }, values.len(), if values.len() == 1 { "" } else { "s" }));
            for v in values {
                self.expr(scope, v);
            }
        }
        for &l in lhs {
            if typ.is_none() {
                self.obj_mut(l).ty = ids::INVALID;
            }
        }
        false
    }

    fn record_initializers(&mut self, file: u32, decl: u32, spec: u32, s: &'a VarSpec, lhs: &[ObjId]) {
        let _ = (file, decl, spec, s, lhs);
        // The order is computed in initorder.rs from the dependency graph; here we only
        // remember nothing extra: DeclRef already locates the initializer.
    }

    fn type_spec(&mut self, scope: ScopeId, spec: &'a TypeSpec, obj: ObjId) {
        self.type_path.push(obj);
        self.type_spec_inner(scope, spec, obj);
        self.type_path.pop();
    }

    /// A reference to type name `obj` while its declaration is being checked. An
    /// alias has no type yet then; if the path back to it holds only aliases (no
    /// defined type to stop the expansion: `type T = T`, `type A = B; type B = A`),
    /// the cycle is invalid, reported as types2's cycleError does.
    pub(super) fn alias_cycle(&mut self, obj: ObjId) {
        let Some(i) = self.type_path.iter().rposition(|&o| o == obj) else { return };
        let cycle = self.type_path[i..].to_vec();
        if cycle.iter().all(|&o| self.obj(o).ty == ids::INVALID) {
            self.report_obj_cycle(&cycle);
        }
    }

    fn type_spec_inner(&mut self, scope: ScopeId, spec: &'a TypeSpec, obj: ObjId) {
        if spec.tparams.is_some() {
            self.error(spec.name.pos, "generic types are not supported yet");
            self.obj_mut(obj).ty = ids::INVALID;
            return;
        }
        if spec.assign.is_some() {
            let t = self.type_expr(scope, &spec.typ);
            self.obj_mut(obj).ty = t;
            return;
        }
        // gc shows a type qualified by its package's name (reflect's String form).
        let name = format!("{}.{}", self.pkg_name, spec.name.name);
        let named = self.types.new_named(obj, name);
        self.obj_mut(obj).ty = named;
        if matches!(spec.typ.kind, rgo_syntax::ast::ExprKind::InterfaceType(_)) {
            self.defer_embeds = Some(vec![]);
            let u = self.type_expr(scope, &spec.typ);
            let waiting = self.defer_embeds.take().unwrap_or_default();
            if !waiting.is_empty() {
                self.pending_ifaces.push((named, scope, &spec.typ, self.file, waiting));
                return;
            }
            self.types.named_info_mut(named).unwrap().underlying = Some(u);
            return;
        }
        let u = self.type_expr(scope, &spec.typ);
        let uu = self.types.underlying(u);
        if uu == ids::INVALID && u != ids::INVALID {
            // `type T2 T1` while T1 is still being declared: T2's underlying type is
            // T1's, known once T1 is done (see finish_pending_underlying).
            self.pending_underlying.push((named, u, spec.name.pos, self.file));
            return;
        }
        self.types.named_info_mut(named).unwrap().underlying = Some(if u == ids::INVALID { ids::INVALID } else { uu });
        // Walk from the declared type (not its underlying type) so that the cycle
        // names every type on the way: `type x y; type y struct{ z }; type z [10]x`.
        if let Some(path) = self.by_value_path(u, named, &mut Vec::new()) {
            let mut cycle = vec![named];
            cycle.extend(path);
            self.report_type_cycle(&cycle);
            self.types.named_info_mut(named).unwrap().underlying = Some(ids::INVALID);
        }
    }

    /// `invalid recursive type T` with the cycle's `T refers to` lines, reported once
    /// at the cycle's type declared first, as types2's cycleError does.
    fn report_type_cycle(&mut self, cycle: &[TypeId]) {
        let objs: Vec<ObjId> = cycle.iter().filter_map(|&t| self.types.named_info(t).map(|i| i.obj)).collect();
        self.report_obj_cycle(&objs);
    }

    /// report_type_cycle for the type names of the cycle.
    fn report_obj_cycle(&mut self, objs: &[ObjId]) {
        let Some(first) = (0..objs.len()).min_by_key(|&i| objs[i]) else { return };
        let rotated: Vec<ObjId> = objs[first..].iter().chain(&objs[..first]).copied().collect();
        let o0 = self.obj(rotated[0]).clone();
        let mut msg = format!("invalid recursive type {}", o0.name);
        for &o in &rotated {
            msg += &format!("\n\t{}: {} refers to", self.obj_pos_str(o), self.obj(o).name);
        }
        msg += &format!("\n\t{}: {}", self.obj_pos_str(rotated[0]), o0.name);
        let saved = self.file;
        self.file = o0.file.unwrap_or(saved);
        self.error(o0.pos, msg);
        self.file = saved;
    }

    /// Whether type `t` holds a value of `target` directly (struct fields and array
    /// elements, not through pointers, slices, maps, channels or functions): a type
    /// that contains itself so has no finite size. The path is the named types passed
    /// on the way, in order.
    fn by_value_path(&self, t: TypeId, target: TypeId, seen: &mut Vec<TypeId>) -> Option<Vec<TypeId>> {
        if t == target {
            return Some(vec![]);
        }
        if seen.contains(&t) {
            return None;
        }
        seen.push(t);
        let next: Vec<TypeId> = match self.types.get(t) {
            Type::Named(_) => match self.types.named_info(t).and_then(|i| i.underlying) {
                Some(u) => vec![u],
                None => vec![],
            },
            Type::Struct(fs) => fs.iter().map(|f| f.ty).collect(),
            Type::Array(_, e) => vec![*e],
            _ => vec![],
        };
        for n in next {
            if let Some(mut p) = self.by_value_path(n, target, seen) {
                if matches!(self.types.get(t), Type::Named(_)) {
                    p.insert(0, t);
                }
                return Some(p);
            }
        }
        None
    }

    fn func_decl_sig(&mut self, scope: ScopeId, fd: &'a FuncDecl, obj: ObjId) {
        let sig = self.signature(scope, &fd.typ);
        let mut recv_named = None;
        if let Some(recv) = &fd.recv {
            if recv.list.len() != 1 || recv.list[0].names.len() > 1 {
                self.error(recv.open, "method has multiple receivers");
            }
            if let Some(f) = recv.list.first() {
                let rt = self.type_expr(scope, &f.typ);
                let ptr = matches!(self.types.get(rt), Type::Pointer(_));
                if let Some(tname) = self.attach_method(recv, rt, obj, &fd.name) {
                    self.obj_mut(obj).link_name = if ptr {
                        format!("{}.(*{}).{}", self.pkg_path, tname, fd.name.name)
                    } else {
                        format!("{}.{}.{}", self.pkg_path, tname, fd.name.name)
                    };
                    recv_named = Some(rt);
                }
            }
        }
        let t = self.types.intern(Type::Func(sig));
        let o = self.obj_mut(obj);
        o.ty = t;
        o.kind = ObjKind::Func { recv: recv_named };
    }

    /// Phase 2: every function body.
    pub(super) fn check_bodies(&mut self) {
        let files = self.files;
        for fi in self.pkg_files.clone() {
            let file = &files[fi];
            for (di, decl) in file.decls.iter().enumerate() {
                let DeclKind::Func(fd) = &decl.kind else { continue };
                let Some(obj) = self.idents[fi][fd.name.id.0 as usize] else { continue };
                self.file = fi as u32;
                if fd.body.is_some() {
                    self.funcs.push(FuncBody { obj, file: fi as u32, decl: di as u32 });
                    self.dep_owner = Some(obj);
                    let scope = self.file_scopes[fi];
                    self.func_body(scope, fd.recv.as_ref(), &fd.typ, fd.body.as_ref().unwrap(), self.obj(obj).ty);
                    self.dep_owner = None;
                }
            }
        }
    }

    /// Checks a function body (declaration or literal) whose type is `sig_ty`.
    pub fn func_body(
        &mut self,
        outer: ScopeId,
        recv: Option<&'a rgo_syntax::ast::FieldList>,
        ft: &'a rgo_syntax::ast::FuncType,
        body: &'a rgo_syntax::ast::Block,
        sig_ty: TypeId,
    ) {
        let Type::Func(sig) = self.types.get(sig_ty).clone() else { return };
        let scope = self.new_scope(outer, true);
        let saved_locals = std::mem::take(&mut self.locals);
        if let Some(r) = recv {
            for f in &r.list {
                let t = self.expr_info_type(f.typ.id);
                for n in &f.names {
                    let o = self.new_object(&n.name, ObjKind::Var { global: false, param: true }, t, n.pos);
                    self.obj_mut(o).used = true;
                    self.declare(scope, n, o);
                }
            }
        }
        let mut pi = 0;
        for f in &ft.params.list {
            for n in &f.names {
                let t = sig.params.get(pi).copied().unwrap_or(ids::INVALID);
                let o = self.new_object(&n.name, ObjKind::Var { global: false, param: true }, t, n.pos);
                self.obj_mut(o).used = true;
                self.declare(scope, n, o);
                pi += 1;
            }
            if f.names.is_empty() {
                pi += 1;
            }
        }
        let mut named_results = false;
        if let Some(rs) = &ft.results {
            let mut ri = 0;
            for f in &rs.list {
                for n in &f.names {
                    named_results = true;
                    let t = sig.results.get(ri).copied().unwrap_or(ids::INVALID);
                    let o = self.new_object(&n.name, ObjKind::Var { global: false, param: true }, t, n.pos);
                    self.obj_mut(o).used = true;
                    self.declare(scope, n, o);
                    ri += 1;
                }
                if f.names.is_empty() {
                    ri += 1;
                }
            }
        }
        let saved_func = self.func.replace(FuncCtx { results: sig.results.clone(), named_results, labels: Default::default() });
        self.collect_labels(&body.stmts);
        self.stmt_list(scope, &body.stmts);
        if !sig.results.is_empty() && !self.is_terminating_list(&body.stmts) {
            self.error(body.rbrace, "missing return");
        }
        self.report_unused_labels();
        self.func = saved_func;
        self.report_unused_locals();
        self.locals = saved_locals;
    }

    fn expr_info_type(&self, id: rgo_syntax::NodeId) -> TypeId {
        self.exprs[self.file as usize].get(id.0 as usize).and_then(|e| e.as_ref()).map(|e| e.ty).unwrap_or(ids::INVALID)
    }

    fn report_unused_locals(&mut self) {
        let mut unused: Vec<(rgo_syntax::Pos, String, u32)> = vec![];
        for &l in &self.locals {
            let o = self.obj(l);
            if !o.used && o.name != "_" {
                unused.push((o.pos, o.name.clone(), o.file.unwrap_or(0)));
            }
        }
        let saved = self.file;
        for (pos, name, f) in unused {
            self.file = f;
            self.error(pos, format!("{name} declared but not used"));
        }
        self.file = saved;
    }

    /// Local `const`, `var` and `type` declarations inside a function body.
    pub fn local_decl(&mut self, scope: ScopeId, kind: &'a DeclKind) {
        match kind {
            DeclKind::Const(g) => {
                for spec in &g.specs {
                    let src = match spec.inherit {
                        Some(i) => &g.specs[i as usize],
                        None => spec,
                    };
                    let mut objs = vec![];
                    for (i, n) in spec.names.iter().enumerate() {
                        let obj = self.new_object(&n.name, ObjKind::Const(Value::int(0)), ids::INVALID, n.pos);
                        self.obj_mut(obj).used = true;
                        let saved = self.iota;
                        self.const_spec_one(scope, spec, src, i, obj);
                        self.iota = saved;
                        self.record_ident(n.id, obj);
                        objs.push(obj);
                    }
                    // Declared after the whole spec is checked: `const x = x` refers outward.
                    for (n, &o) in spec.names.iter().zip(&objs) {
                        self.declare(scope, n, o);
                    }
                }
            }
            DeclKind::Var(g) => {
                for spec in &g.specs {
                    let objs: Vec<ObjId> = spec
                        .names
                        .iter()
                        .map(|n| self.new_object(&n.name, ObjKind::Var { global: false, param: false }, ids::INVALID, n.pos))
                        .collect();
                    for (n, &o) in spec.names.iter().zip(&objs) {
                        self.record_ident(n.id, o);
                    }
                    self.var_spec(scope, spec, &objs);
                    self.use_invalid_vars(&objs);
                    for (n, &o) in spec.names.iter().zip(&objs) {
                        // A variable that could not be declared is not in scope, so
                        // it cannot be unused either.
                        if self.declare(scope, n, o) {
                            self.locals.push(o);
                        }
                    }
                }
            }
            DeclKind::Type(g) => {
                for spec in &g.specs {
                    let obj = self.new_object(&spec.name.name, ObjKind::TypeName, ids::INVALID, spec.name.pos);
                    self.obj_mut(obj).used = true;
                    self.declare(scope, &spec.name, obj);
                    self.type_spec(scope, spec, obj);
                    self.finish_pending_underlying();
                }
            }
            DeclKind::Func(_) => {}
        }
    }

    /// Labels of a function body (gc checks them per function, not per block).
    fn collect_labels(&mut self, stmts: &'a [rgo_syntax::ast::Stmt]) {
        for s in stmts {
            self.collect_labels_stmt(s);
        }
    }

    fn collect_labels_stmt(&mut self, s: &'a rgo_syntax::ast::Stmt) {
        match &s.kind {
            StmtKind::Labeled { label, stmt } => {
                if label.name != "_" {
                    let exists = self.func.as_ref().unwrap().labels.contains_key(&label.name);
                    if exists {
                        self.error(label.pos, format!("label {} already defined", label.name));
                    } else {
                        let o = self.new_object(&label.name, ObjKind::Label, ids::INVALID, label.pos);
                        self.record_ident(label.id, o);
                        self.func.as_mut().unwrap().labels.insert(label.name.clone(), o);
                    }
                }
                self.collect_labels_stmt(stmt);
            }
            StmtKind::Block(b) => self.collect_labels(&b.stmts),
            StmtKind::If { then, els, .. } => {
                self.collect_labels(&then.stmts);
                if let Some(e) = els {
                    self.collect_labels_stmt(e);
                }
            }
            StmtKind::For { body, .. } | StmtKind::Range { body, .. } => self.collect_labels(&body.stmts),
            StmtKind::Switch { clauses, .. } | StmtKind::TypeSwitch { clauses, .. } => {
                for c in clauses {
                    self.collect_labels(&c.body);
                }
            }
            StmtKind::Select { clauses, .. } => {
                for c in clauses {
                    self.collect_labels(&c.body);
                }
            }
            _ => {}
        }
    }

    fn report_unused_labels(&mut self) {
        let labels: Vec<ObjId> = self.func.as_ref().unwrap().labels.values().copied().collect();
        let mut unused: Vec<(rgo_syntax::Pos, String)> =
            labels.iter().filter(|&&l| !self.obj(l).used).map(|&l| (self.obj(l).pos, self.obj(l).name.clone())).collect();
        unused.sort();
        for (pos, name) in unused {
            self.error(pos, format!("label {name} defined and not used"));
        }
    }
}
