//! Calls: Go functions and methods (direct calls), conversions, and the builtins.

use super::Fx;
use cranelift_codegen::ir::{InstBuilder, Value, types};
use rgo_syntax::ast::{Expr, ExprKind};
use rgo_types::types::{BasicKind, Type, ids};
use rgo_types::{Builtin, Mode, ObjKind, SelectionKind};

impl<'g, 'a, 'b> Fx<'g, 'a, 'b> {
    /// Lowers a call expression; returns one value per result.
    pub fn call(&mut self, e: &'a Expr) -> Vec<Vec<Value>> {
        if let Some(r) = self.hoisted.remove(&e.id) {
            return r;
        }
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

    fn call_inner(&mut self, e: &'a Expr) -> Vec<Vec<Value>> {
        self.set_line(e.pos);
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
        let fun = super::expr::unparen(fun);
        let fty = self.type_of(fun);
        if let Some(r) = self.runtime_special_call(fun, args) {
            return r;
        }
        // The callee: a declared function or method (direct call), an interface
        // method, or a func value.
        let (callee, recv_vals) = match &fun.kind {
            ExprKind::Ident(id) => match self.g.info.ident(self.file, id.id) {
                Some(o) if matches!(self.g.info.obj(o).kind, ObjKind::Func { .. }) && self.g.funcs.contains_key(&o) => {
                    (Callee::Direct(self.g.funcs[&o]), vec![])
                }
                _ => (Callee::Value(self.expr(fun)[0]), vec![]),
            },
            ExprKind::Selector { sel: sid, .. } if self.extern_func(sid.id).is_some() => (Callee::Direct(self.extern_func(sid.id).unwrap()), vec![]),
            // pkg.F of another package of the program.
            ExprKind::Selector { sel: sid, .. }
                if self.g.info.ident(self.file, sid.id).is_some_and(|o| matches!(self.g.info.obj(o).kind, ObjKind::Func { recv: None }) && self.g.funcs.contains_key(&o)) =>
            {
                let o = self.g.info.ident(self.file, sid.id).unwrap();
                (Callee::Direct(self.g.funcs[&o]), vec![])
            }
            ExprKind::Selector { x, .. } => match self.g.info.selections.get(&(self.file, fun.id)).cloned() {
                Some(sel) if sel.kind == SelectionKind::MethodVal && sel.method.is_some() => {
                    let m = sel.method.unwrap();
                    if !self.g.funcs.contains_key(&m) && self.g.info.obj(m).file.is_none() {
                        // A method of a package runtime type (runtime.Func).
                        if let ObjKind::Func { recv: Some(rt) } = self.g.info.obj(m).kind {
                            if let Some(sig) = self.g.func_signature(self.g.info.obj(m).ty, Some(rt)) {
                                let name = self.g.info.obj(m).link_name.clone();
                                if let Ok(id) = cranelift_module::Module::declare_function(&mut self.g.module, &name, cranelift_module::Linkage::Import, &sig) {
                                    self.g.funcs.insert(m, id);
                                }
                            }
                        }
                    }
                    let Some(&fid) = self.g.funcs.get(&m) else {
                        self.unsupported(e.pos, "calls of this method");
                        return vec![];
                    };
                    let rv = match self.substituted(fun.id) {
                        Some(v) => v,
                        None => self.method_receiver(x, &sel.path, sel.ptr_recv, e.pos),
                    };
                    (Callee::Direct(fid), rv)
                }
                Some(sel) if sel.kind == SelectionKind::MethodVal => match self.substituted(fun.id) {
                    // In a go/defer thunk: the method value bound at the statement.
                    Some(fv) => (Callee::Value(fv[0]), vec![]),
                    None => {
                        // A method of an interface value.
                        let (code, data) = self.iface_method(x, &sel, e.pos);
                        (Callee::Code(code), vec![data])
                    }
                },
                _ => (Callee::Value(self.expr(fun)[0]), vec![]),
            },
            _ => (Callee::Value(self.expr(fun)[0]), vec![]),
        };
        let Type::Func(sig) = self.underlying(fty) else {
            self.unsupported(e.pos, "this call");
            return vec![];
        };
        let mut argv: Vec<Value> = recv_vals;
        argv.extend(self.call_args(e, &sig, args, ellipsis.is_some()));
        let flat = match callee {
            Callee::Direct(fid) => {
                let fr = self.g.func_ref(fid, self.b.func);
                let call = self.b.ins().call(fr, &argv);
                self.b.inst_results(call).to_vec()
            }
            Callee::Code(code) => {
                let mut params = vec![];
                params.push(rgo_types::types::ids::UNSAFE_POINTER);
                params.extend(sig.params.iter().copied());
                let Some(csig) = crate::abi::signature(&self.g.info.types, &params, &sig.results, false) else { return vec![] };
                let sref = self.b.import_signature(csig);
                let call = self.b.ins().call_indirect(sref, code, &argv);
                self.b.inst_results(call).to_vec()
            }
            Callee::Value(fv) => self.call_funcval(fv, fty, &argv, e.pos),
        };
        let mut out = vec![];
        let mut k = 0;
        for rt in &sig.results {
            let n = self.parts(*rt).len();
            if k + n > flat.len() {
                return sig.results.iter().map(|&t| self.zero_value(t)).collect();
            }
            out.push(flat[k..k + n].to_vec());
            k += n;
        }
        out
    }

    /// Calls of package runtime whose results do not fit two registers: lowered to a
    /// runtime entry that writes them to memory (ARCHITECTURE.md).
    fn runtime_special_call(&mut self, fun: &'a Expr, args: &'a [Expr]) -> Option<Vec<Vec<Value>>> {
        let ExprKind::Selector { x, sel } = &fun.kind else { return None };
        // runtime.Caller(skip) -> (pc, file, line, ok)
        if let Some(o) = self.g.info.ident(self.file, sel.id) {
            let obj = self.g.info.obj(o);
            if obj.file.is_none() && obj.link_name == "runtime.Caller" {
                let st = self.type_of(&args[0]);
                let skip = self.expr(&args[0])[0];
                let skip = self.to_i64(skip, st);
                // One 40-byte area: pc, file ptr, file len, line, ok.
                let slot = self.b.create_sized_stack_slot(cranelift_codegen::ir::StackSlotData::new(cranelift_codegen::ir::StackSlotKind::ExplicitSlot, 40, 3));
                let a = self.b.ins().stack_addr(types::I64, slot, 0);
                self.call_runtime("callerinfo", &[skip, a]);
                let ld = |fx: &mut Self, off: i32, ty| fx.b.ins().load(ty, super::MEM, a, off);
                let pc = ld(self, 0, types::I64);
                let fp = ld(self, 8, types::I64);
                let fl = ld(self, 16, types::I64);
                let line = ld(self, 24, types::I64);
                let ok = ld(self, 32, types::I8);
                return Some(vec![vec![pc], vec![fp, fl], vec![line], vec![ok]]);
            }
        }
        // f.FileLine(pc) -> (file, line)
        if let Some(s) = self.g.info.selections.get(&(self.file, fun.id)).cloned() {
            if let Some(m) = s.method {
                if self.g.info.obj(m).link_name == "runtime.(*Frames).Next" && self.g.info.obj(m).file.is_none() {
                    // frames.Next() -> (Frame, bool): the runtime writes the frame's 8 words.
                    let fr = self.expr(x)[0];
                    let slot = self.b.create_sized_stack_slot(cranelift_codegen::ir::StackSlotData::new(cranelift_codegen::ir::StackSlotKind::ExplicitSlot, 64, 3));
                    let a = self.b.ins().stack_addr(types::I64, slot, 0);
                    let more = self.call_runtime("framesnext", &[fr, a])[0];
                    let Type::Func(sig) = self.g.info.types.get(self.g.info.obj(m).ty).clone() else { return None };
                    let frame = self.load(a, sig.results[0]);
                    return Some(vec![frame, vec![more]]);
                }
                if self.g.info.obj(m).link_name == "runtime.(*Func).FileLine" && self.g.info.obj(m).file.is_none() {
                    let f = self.expr(x)[0];
                    let pc = self.expr(&args[0])[0];
                    let slot = self.b.create_sized_stack_slot(cranelift_codegen::ir::StackSlotData::new(cranelift_codegen::ir::StackSlotKind::ExplicitSlot, 24, 3));
                    let a = self.b.ins().stack_addr(types::I64, slot, 0);
                    self.call_runtime("funcfileline", &[f, pc, a]);
                    let p = self.b.ins().load(types::I64, super::MEM, a, 0);
                    let n = self.b.ins().load(types::I64, super::MEM, a, 8);
                    let l = self.b.ins().load(types::I64, super::MEM, a, 16);
                    return Some(vec![vec![p, n], vec![l]]);
                }
            }
        }
        None
    }

    /// A function of another package (package runtime) named by a qualified
    /// identifier: declared as an import with the Go calling convention.
    pub fn extern_func(&mut self, sel: rgo_syntax::NodeId) -> Option<cranelift_module::FuncId> {
        let o = self.g.info.ident(self.file, sel)?;
        let obj = self.g.info.obj(o);
        if !matches!(obj.kind, ObjKind::Func { .. }) || obj.file.is_some() {
            return None;
        }
        if let Some(&id) = self.g.funcs.get(&o) {
            return Some(id);
        }
        let sig = self.g.func_signature(obj.ty, None)?;
        let name = obj.link_name.clone();
        let id = cranelift_module::Module::declare_function(&mut self.g.module, &name, cranelift_module::Linkage::Import, &sig).ok()?;
        self.g.funcs.insert(o, id);
        Some(id)
    }

    /// The flattened argument values of a call: multi-value spreading `f(g())`,
    /// variadic packing into a new slice, and `f(xs...)`.
    fn call_args(&mut self, e: &'a Expr, sig: &rgo_types::types::Signature, args: &'a [Expr], spread: bool) -> Vec<Value> {
        let mut argv = vec![];
        let np = sig.params.len();
        if args.len() == 1 && !spread {
            if let Type::Tuple(rts) = self.g.info.types.get(self.type_of(&args[0])).clone() {
                if rts.len() > 1 {
                    // f(g()) with g returning several values.
                    let vals = self.multi_value(&args[0], rts.len());
                    let mut packed = vec![];
                    for (i, (v, rt)) in vals.into_iter().zip(rts).enumerate() {
                        if sig.variadic && i + 1 >= np {
                            packed.push((v, rt));
                            continue;
                        }
                        argv.extend(self.assign_conv(v, rt, sig.params[i], e.pos));
                    }
                    if sig.variadic {
                        let st = sig.params[np - 1];
                        let Type::Slice(et) = self.underlying(st) else { return argv };
                        let vals: Vec<Vec<Value>> = packed.into_iter().map(|(v, rt)| self.assign_conv(v, rt, et, e.pos)).collect();
                        argv.extend(self.pack_slice(et, vals));
                    }
                    return argv;
                }
            }
        }
        let fixed = if sig.variadic && !spread { np - 1 } else { np };
        for (a, pt) in args.iter().zip(&sig.params).take(fixed) {
            argv.extend(self.expr_as(a, *pt));
        }
        if sig.variadic && !spread {
            let st = sig.params[np - 1];
            let Type::Slice(et) = self.underlying(st) else { return argv };
            let vals: Vec<Vec<Value>> = args[fixed..].iter().map(|a| self.expr_as(a, et)).collect();
            argv.extend(self.pack_slice(et, vals));
        }
        argv
    }

    /// A new slice holding `vals` (nil when empty).
    fn pack_slice(&mut self, et: rgo_types::TypeId, vals: Vec<Vec<Value>>) -> Vec<Value> {
        if vals.is_empty() {
            let z = self.b.ins().iconst(types::I64, 0);
            return vec![z, z, z];
        }
        let n = self.b.ins().iconst(types::I64, vals.len() as i64);
        let tp = self.type_ptr(et);
        let p = self.call_runtime("makeslice", &[tp, n, n])[0];
        let esize = self.g.info.types.size_of(et) as i64;
        for (i, v) in vals.iter().enumerate() {
            let a = self.b.ins().iadd_imm_s(p, i as i64 * esize);
            self.store(a, et, v);
        }
        vec![p, n, n]
    }

    fn builtin(&mut self, e: &'a Expr, b: Builtin, args: &'a [Expr]) -> Vec<Vec<Value>> {
        match b {
            Builtin::Print | Builtin::Println => {
                // print(f()) with f returning several values prints each of them.
                if args.len() == 1 {
                    if let Type::Tuple(ts) = self.g.info.types.get(self.type_of(&args[0])).clone() {
                        let vals = self.multi_value(&args[0], ts.len());
                        self.call_runtime("printlock", &[]);
                        for (i, (v, t)) in vals.into_iter().zip(ts).enumerate() {
                            if i > 0 && b == Builtin::Println {
                                self.call_runtime("printsp", &[]);
                            }
                            self.print_parts(v, t, args[0].pos);
                        }
                        if b == Builtin::Println {
                            self.call_runtime("printnl", &[]);
                        }
                        self.call_runtime("printunlock", &[]);
                        return vec![];
                    }
                }
                // All arguments are evaluated before anything is printed.
                let vals: Vec<(Vec<Value>, rgo_types::TypeId)> = args
                    .iter()
                    .map(|a| {
                        let t = self.type_of(a);
                        let t = if self.g.info.types.is_untyped(t) { super::expr::default_type(&self.g.info.types, t) } else { t };
                        (self.expr(a), t)
                    })
                    .collect();
                self.call_runtime("printlock", &[]);
                for (i, ((v, t), a)) in vals.into_iter().zip(args).enumerate() {
                    if i > 0 && b == Builtin::Println {
                        self.call_runtime("printsp", &[]);
                    }
                    self.print_parts(v, t, a.pos);
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
            Builtin::Len | Builtin::Cap => vec![self.len_cap(e, &args[0], b == Builtin::Cap)],
            Builtin::New => {
                let t = self.type_of(e);
                let Type::Pointer(base) = self.underlying(t) else { return vec![vec![]] };
                vec![vec![self.alloc(base)]]
            }
            Builtin::Make => {
                let t = self.type_of(e);
                vec![self.make(e, t, &args[1..])]
            }
            Builtin::Append if args.len() == 1 && matches!(self.g.info.types.get(self.type_of(&args[0])), Type::Tuple(_)) => {
                let Type::Tuple(ts) = self.g.info.types.get(self.type_of(&args[0])).clone() else { unreachable!() };
                let vals = self.multi_value(&args[0], ts.len());
                let st = ts[0];
                let Type::Slice(et) = self.underlying(st) else { return vec![vec![]] };
                let elems: Vec<Vec<Value>> = vals[1..].iter().zip(&ts[1..]).map(|(v, t)| self.assign_conv(v.clone(), *t, et, e.pos)).collect();
                vec![self.append_values(vals[0].clone(), et, elems)]
            }
            Builtin::Append => {
                let ExprKind::Call { ellipsis, .. } = &e.kind else { unreachable!() };
                vec![self.append(e, args, ellipsis.is_some())]
            }
            Builtin::Copy => vec![self.copy(args)],
            Builtin::Delete => {
                self.map_delete(&args[0], &args[1]);
                vec![]
            }
            Builtin::Close => {
                let c = self.expr(&args[0])[0];
                self.call_runtime("closechan", &[c]);
                vec![]
            }
            Builtin::Complex if args.len() == 1 => {
                let vals = self.multi_value(&args[0], 2);
                vec![vec![vals[0][0], vals[1][0]]]
            }
            Builtin::Complex => {
                let t = self.type_of(e);
                let ft = if t == rgo_types::types::ids::COMPLEX64 { rgo_types::types::ids::FLOAT32 } else { rgo_types::types::ids::FLOAT64 };
                let re = self.expr_as(&args[0], ft);
                let im = self.expr_as(&args[1], ft);
                vec![vec![re[0], im[0]]]
            }
            Builtin::UnsafeAdd => {
                let p = self.expr(&args[0])[0];
                let lt = self.type_of(&args[1]);
                let n = self.expr(&args[1])[0];
                let n = self.to_i64(n, lt);
                vec![vec![self.b.ins().iadd(p, n)]]
            }
            Builtin::UnsafeSlice => {
                let p = self.expr(&args[0])[0];
                let lt = self.type_of(&args[1]);
                let n = self.expr(&args[1])[0];
                let n = self.to_i64(n, lt);
                vec![vec![p, n, n]]
            }
            Builtin::Recover => {
                // The runtime checks that our caller is the deferred call it is running.
                let fp = self.b.ins().get_frame_pointer(types::I64);
                vec![self.call_runtime("gorecover", &[fp])]
            }
            Builtin::Real | Builtin::Imag => {
                let v = self.expr(&args[0]);
                vec![vec![v[if b == Builtin::Real { 0 } else { 1 }]]]
            }
            _ => {
                self.unsupported(e.pos, &format!("the builtin {b:?}"));
                vec![vec![]]
            }
        }
    }

    /// Prints a value of type `t` (its parts) as gc's print does.
    fn print_parts(&mut self, v: Vec<Value>, t: rgo_types::TypeId, pos: rgo_syntax::Pos) {
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
            _ => self.unsupported(pos, &format!("printing values of type {}", self.g.info.types.display(t))),
        }
    }

}

/// What a call calls.
enum Callee {
    /// A declared function or method.
    Direct(cranelift_module::FuncId),
    /// A code address from an itab.
    Code(Value),
    /// A func value (its funcval is the ctx).
    Value(Value),
}
