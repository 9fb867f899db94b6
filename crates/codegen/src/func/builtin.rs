//! Calls: Go functions and methods (direct calls), conversions, and the builtins.

use super::Fx;
use cranelift_codegen::ir::{InstBuilder, Value, types};
use rgo_syntax::ast::{Expr, ExprKind};
use rgo_types::types::{BasicKind, Type, ids};
use rgo_types::{Builtin, Mode, ObjKind, SelectionKind, TypeId};

impl Fx<'_, '_, '_> {
    /// Lowers a call expression; returns one value per result.
    pub fn call(&mut self, e: &Expr) -> Vec<Vec<Value>> {
        let r = self.call_inner(e);
        if !self.failed {
            return r;
        }
        // After an unsupported construct: zero results of the right shapes.
        let t = self.type_of(e);
        let ts = match self.g.info.types.get(t) {
            Type::Tuple(ts) => ts.clone(),
            _ => vec![t],
        };
        ts.iter().map(|&t| self.zero_value(t)).collect()
    }

    fn call_inner(&mut self, e: &Expr) -> Vec<Vec<Value>> {
        let ExprKind::Call { fun, args, ellipsis, .. } = &e.kind else { unreachable!() };
        let finfo = self.g.info.expr(self.file, fun.id).cloned();
        match finfo.as_ref().map(|i| &i.mode) {
            Some(Mode::Type) => {
                let to = finfo.unwrap().ty;
                let from = self.type_of(&args[0]);
                let v = self.expr(&args[0]);
                return vec![self.convert(v, from, to, e.pos)];
            }
            Some(Mode::Builtin(b)) => return self.builtin(e, *b, args),
            _ => {}
        }
        if ellipsis.is_some() {
            self.unsupported(e.pos, "variadic calls");
            return vec![];
        }
        let fun = super::expr::unparen(fun);
        // The callee: a declared function, or a method of a value.
        let (func_obj, recv_vals) = match &fun.kind {
            ExprKind::Ident(id) => match self.g.info.ident(self.file, id.id) {
                Some(o) if matches!(self.g.info.obj(o).kind, ObjKind::Func { .. }) => (o, vec![]),
                _ => {
                    self.unsupported(e.pos, "calls of function values");
                    return vec![];
                }
            },
            ExprKind::Selector { x, .. } => {
                let Some(sel) = self.g.info.selections.get(&(self.file, fun.id)).cloned() else {
                    self.unsupported(e.pos, "this call");
                    return vec![];
                };
                if sel.kind != SelectionKind::MethodVal || sel.method.is_none() || !sel.path.is_empty() {
                    self.unsupported(e.pos, "this method call");
                    return vec![];
                }
                let m = sel.method.unwrap();
                let xt = self.type_of(x);
                let x_is_ptr = matches!(self.g.info.types.get(self.g.info.types.underlying(xt)), Type::Pointer(_));
                let mut rv = self.expr(x);
                if sel.ptr_recv && !x_is_ptr {
                    self.unsupported(e.pos, "calling pointer methods on addressable values");
                    return vec![];
                }
                if !sel.ptr_recv && x_is_ptr {
                    let Type::Pointer(base) = *self.g.info.types.get(self.g.info.types.underlying(xt)) else { unreachable!() };
                    rv = self.load(rv[0], base);
                }
                (m, rv)
            }
            _ => {
                self.unsupported(e.pos, "calls of function values");
                return vec![];
            }
        };
        let Some(&fid) = self.g.funcs.get(&func_obj) else {
            self.unsupported(e.pos, "calls of this function");
            return vec![];
        };
        let fty = self.g.info.obj(func_obj).ty;
        let Type::Func(sig) = self.g.info.types.get(fty).clone() else { return vec![] };
        let mut argv: Vec<Value> = recv_vals;
        if args.len() == 1 && sig.params.len() > 1 {
            // f(g()) with g returning several values.
            let vals = self.multi_value(&args[0], sig.params.len());
            let Type::Tuple(rts) = self.g.info.types.get(self.type_of(&args[0])).clone() else { return vec![] };
            for ((v, pt), rt) in vals.into_iter().zip(&sig.params).zip(rts) {
                let v = self.assign_conv(v, rt, *pt, e.pos);
                argv.extend(v);
            }
        } else {
            for (a, pt) in args.iter().zip(&sig.params) {
                let v = self.expr_as(a, *pt);
                argv.extend(v);
            }
        }
        let fr = self.g.func_ref(fid, self.b.func);
        let call = self.b.ins().call(fr, &argv);
        let flat = self.b.inst_results(call).to_vec();
        let mut out = vec![];
        let mut k = 0;
        for rt in &sig.results {
            let n = self.parts(*rt).len();
            out.push(flat[k..k + n].to_vec());
            k += n;
        }
        out
    }

    fn builtin(&mut self, e: &Expr, b: Builtin, args: &[Expr]) -> Vec<Vec<Value>> {
        match b {
            Builtin::Print | Builtin::Println => {
                self.call_runtime("printlock", &[]);
                for (i, a) in args.iter().enumerate() {
                    if i > 0 && b == Builtin::Println {
                        self.call_runtime("printsp", &[]);
                    }
                    self.print_value(a);
                }
                if b == Builtin::Println {
                    self.call_runtime("printnl", &[]);
                }
                self.call_runtime("printunlock", &[]);
                vec![]
            }
            Builtin::Panic => {
                let v = self.expr_as(&args[0], ids::EMPTY_INTERFACE);
                if v.len() == 2 {
                    self.call_runtime("gopanic", &[v[0], v[1]]);
                }
                vec![]
            }
            Builtin::Len => {
                let t = self.type_of(&args[0]);
                match self.g.info.types.get(self.g.info.types.underlying(t)) {
                    Type::Basic(k) if k.is_string() => {
                        let v = self.expr(&args[0]);
                        vec![vec![v[1]]]
                    }
                    Type::Slice(_) => {
                        let v = self.expr(&args[0]);
                        vec![vec![v[1]]]
                    }
                    _ => {
                        self.unsupported(e.pos, "len of this type");
                        vec![vec![]]
                    }
                }
            }
            _ => {
                self.unsupported(e.pos, &format!("the builtin {b:?}"));
                vec![vec![]]
            }
        }
    }

    /// One argument of print/println, formatted by the runtime as gc's print does.
    fn print_value(&mut self, a: &Expr) {
        let t = self.type_of(a);
        let t = if self.g.info.types.is_untyped(t) { super::expr::default_type(&self.g.info.types, t) } else { t };
        let v = self.expr(a);
        if v.is_empty() {
            return;
        }
        let tt = &self.g.info.types;
        let u = tt.underlying(t);
        match tt.get(u).clone() {
            Type::Basic(k) => match k {
                BasicKind::Bool => {
                    self.call_runtime("printbool", &[v[0]]);
                }
                BasicKind::String => {
                    self.call_runtime("printstring", &[v[0], v[1]]);
                }
                BasicKind::Float32 | BasicKind::Float64 => {
                    let x = if k == BasicKind::Float32 { self.b.ins().fpromote(types::F64, v[0]) } else { v[0] };
                    self.call_runtime("printfloat", &[x]);
                }
                BasicKind::Complex64 | BasicKind::Complex128 => {
                    let (re, im) = if k == BasicKind::Complex64 {
                        (self.b.ins().fpromote(types::F64, v[0]), self.b.ins().fpromote(types::F64, v[1]))
                    } else {
                        (v[0], v[1])
                    };
                    self.call_runtime("printcomplex", &[re, im]);
                }
                BasicKind::UnsafePointer => {
                    self.call_runtime("printpointer", &[v[0]]);
                }
                k if k.is_integer() => {
                    let w = self.int_resize(v[0], self.b.func.dfg.value_type(v[0]), types::I64, k.is_unsigned());
                    if k.is_unsigned() {
                        self.call_runtime("printuint", &[w]);
                    } else {
                        self.call_runtime("printint", &[w]);
                    }
                }
                _ => {}
            },
            Type::Pointer(_) | Type::Map(..) | Type::Chan(..) | Type::Func(_) => {
                self.call_runtime("printpointer", &[v[0]]);
            }
            Type::Slice(_) => {
                self.call_runtime("printslice", &[v[0], v[1], v[2]]);
            }
            Type::Interface(_) => {
                self.call_runtime("printeface", &[v[0], v[1]]);
            }
            _ => self.unsupported(a.pos, &format!("printing values of type {}", self.g.info.types.display(t))),
        }
    }

    #[allow(dead_code)]
    fn unused(&self, _: TypeId) {}
}
