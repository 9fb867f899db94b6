//! Function values: closures (function literals with their captured variables),
//! funcvals of declared functions, and calls through func values.
//!
//! A func value points at a funcval `{fn, cell addresses of captured variables...}`;
//! calling it passes the funcval itself as the hidden `ctx` argument (ARCHITECTURE.md).

use super::{Fx, MEM, PendingClosure};
use crate::abi;
use cranelift_codegen::ir::{InstBuilder, Value, types};
use cranelift_module::{DataDescription, Linkage, Module};
use rgo_syntax::ast::Expr;
use rgo_syntax::Pos;
use rgo_types::types::Type;
use rgo_types::ObjId;

impl<'g, 'a, 'b> Fx<'g, 'a, 'b> {
    /// A function literal: declares its function (lowered later) and builds its funcval.
    pub fn closure(&mut self, e: &'a Expr) -> Vec<Value> {
        let captures = self.escapes.captures.get(&e.id).cloned().unwrap_or_default();
        let n = {
            let c = self.g.closure_count.entry(self.name.clone()).or_insert(0);
            *c += 1;
            *c
        };
        // gc's names: main.f.func1 for a literal in main.f, main.f.func1.1 inside it.
        let name = if self.ctx.is_some() && self.subst.is_empty() { format!("{}.{}", self.name, n) } else { format!("{}.func{}", self.name, n) };
        let t = self.type_of(e);
        let Type::Func(sig) = self.underlying(t) else { return vec![] };
        let Some(csig) = abi::signature(&self.g.info.types, &sig.params, &sig.results, true) else {
            self.unsupported(e.pos, "this function literal's signature");
            return vec![];
        };
        let id = match self.g.module.declare_function(&name, Linkage::Local, &csig) {
            Ok(id) => id,
            Err(err) => {
                self.unsupported(e.pos, &format!("declaring {name}: {err}"));
                return vec![];
            }
        };
        if captures.is_empty() {
            // Nothing captured: one static funcval serves every evaluation, as in gc
            // (no allocation; func values are not comparable, so sharing is invisible).
            self.g.pending.push(PendingClosure { id, file: self.file, lit: e, captures, escapes: self.escapes.clone() });
            return self.static_funcval(id, &format!("{name}·f"));
        }
        let size = self.b.ins().iconst(types::I64, 8 * (1 + captures.len() as i64));
        let null = self.b.ins().iconst(types::I64, 0);
        let one = self.b.ins().iconst(types::I8, 1);
        let fv = self.call_runtime("mallocgc", &[size, null, one])[0];
        let fref = self.g.func_ref(id, self.b.func);
        let code = self.b.ins().func_addr(types::I64, fref);
        self.b.ins().store(MEM, code, fv, 0);
        for (i, &c) in captures.iter().enumerate() {
            let cell = self.local_cell(c).unwrap_or(null);
            self.b.ins().store(MEM, cell, fv, 8 * (i as i32 + 1));
        }
        self.g.pending.push(PendingClosure { id, file: self.file, lit: e, captures, escapes: self.escapes.clone() });
        vec![fv]
    }

    /// The func value of a declared function: a static funcval `{fn}`.
    pub fn func_value(&mut self, obj: ObjId, pos: Pos) -> Vec<Value> {
        let Some(&fid) = self.g.funcs.get(&obj) else {
            self.unsupported(pos, "this function as a value");
            return vec![];
        };
        let name = format!("{}·f", self.g.info.obj(obj).link_name);
        self.static_funcval(fid, &name)
    }

    /// A method value `x.M` (receiver evaluated now and bound into a funcval), or a
    /// method expression `T.M` (the method itself, receiver as first argument).
    pub fn method_value(&mut self, e: &'a Expr) -> Vec<Value> {
        let rgo_syntax::ast::ExprKind::Selector { x, .. } = &e.kind else { return vec![] };
        let Some(sel) = self.g.info.selections.get(&(self.file, e.id)).cloned() else {
            self.unsupported(e.pos, "this selector");
            return vec![];
        };
        let Some(m) = sel.method else {
            return self.iface_method_value(e, x, &sel);
        };
        let Some(&fid) = self.g.funcs.get(&m) else {
            self.unsupported(e.pos, "this method value");
            return vec![];
        };
        let rgo_types::ObjKind::Func { recv: Some(rt) } = self.g.info.obj(m).kind else { return vec![] };
        if sel.kind == rgo_types::SelectionKind::MethodExpr {
            let xt = self.type_of(x);
            if self.g.info.types.identical(xt, rt) && sel.path.is_empty() {
                return self.func_value(m, e.pos);
            }
            // (*T).M of a value method: a wrapper that dereferences its first argument.
            let is_ptr_of_rt = matches!(self.underlying(xt), Type::Pointer(b) if self.g.info.types.identical(b, rt));
            if is_ptr_of_rt && sel.path.is_empty() {
                let w = self.deref_method_wrapper(fid, m, rt);
                return self.static_funcval(w, &format!("{}·f", self.g.info.obj(m).link_name.clone() + "-deref"));
            }
            // A promoted method: walk the embedded fields from the first argument.
            let w = self.promoted_method_expr(fid, m, rt, xt, &sel.path, sel.ptr_recv);
            let name = format!("go:methodexpr.{}", self.g.funcvals.len());
            return self.static_funcval(w, &name);
        }
        let recv = self.method_receiver(x, &sel.path, sel.ptr_recv, e.pos);
        let wrapper = self.bound_method_wrapper(fid, m, rt);
        let n = recv.len() as i64;
        let size = self.b.ins().iconst(types::I64, 8 * (1 + n));
        let null = self.b.ins().iconst(types::I64, 0);
        let one = self.b.ins().iconst(types::I8, 1);
        let fv = self.call_runtime("mallocgc", &[size, null, one])[0];
        let fref = self.g.func_ref(wrapper, self.b.func);
        let code = self.b.ins().func_addr(types::I64, fref);
        self.b.ins().store(MEM, code, fv, 0);
        for (i, v) in recv.iter().enumerate() {
            self.b.ins().store(MEM, *v, fv, 8 * (i as i32 + 1));
        }
        vec![fv]
    }

    /// A static funcval `{code}` named `name` for function `fid`.
    fn static_funcval(&mut self, fid: cranelift_module::FuncId, name: &str) -> Vec<Value> {
        let did = match self.g.funcvals.get(&fid) {
            Some(&d) => d,
            None => {
                let d = self.g.module.declare_data(name, Linkage::Local, false, false).expect("declare funcval");
                let mut desc = DataDescription::new();
                desc.define(vec![0u8; 8].into_boxed_slice());
                desc.set_align(8);
                let r = self.g.module.declare_func_in_data(fid, &mut desc);
                desc.write_function_addr(0, r);
                self.g.module.define_data(d, &desc).expect("define funcval");
                self.g.funcvals.insert(fid, d);
                d
            }
        };
        let gv = self.g.data_ref(did, self.b.func);
        vec![self.b.ins().symbol_value(types::I64, gv)]
    }

    /// Builds a helper function (see `Gen::define_helper`).
    fn build_helper(
        &mut self,
        name: &str,
        sig: cranelift_codegen::ir::Signature,
        body: impl FnOnce(&mut crate::Gen, &mut cranelift_frontend::FunctionBuilder, &[Value]) -> Vec<Value>,
    ) -> cranelift_module::FuncId {
        self.g.define_helper(name, sig, body)
    }

    /// `X.M` where M is promoted from an embedded field: (x X, args..., ctx) finds the
    /// receiver through `path` and calls M.
    fn promoted_method_expr(&mut self, fid: cranelift_module::FuncId, m: ObjId, rt: rgo_types::TypeId, xt: rgo_types::TypeId, path: &[u32], ptr_recv: bool) -> cranelift_module::FuncId {
        let info = self.g.info;
        let tt = &info.types;
        let Type::Func(sig) = tt.get(info.obj(m).ty).clone() else { return fid };
        let mut params = vec![xt];
        params.extend(sig.params.iter().copied());
        let wsig = abi::signature(tt, &params, &sig.results, true).expect("signature");
        let x_parts = abi::parts(tt, xt).unwrap_or_default();
        let (base, x_is_ptr) = match tt.get(tt.underlying(xt)) {
            Type::Pointer(b) => (*b, true),
            _ => (xt, false),
        };
        let steps = crate::data::embed_steps(tt, base, path);
        let recv_parts = if ptr_recv { vec![] } else { abi::parts(tt, rt).unwrap_or_default() };
        let nx = x_parts.len();
        let size = tt.size_of(xt).max(8) as u32;
        self.build_helper("method-expr", wsig, |g, b, ps| {
            let addr = if x_is_ptr {
                ps[0]
            } else {
                let slot = b.create_sized_stack_slot(cranelift_codegen::ir::StackSlotData::new(cranelift_codegen::ir::StackSlotKind::ExplicitSlot, size, 3));
                let a = b.ins().stack_addr(types::I64, slot, 0);
                for (p, v) in x_parts.iter().zip(&ps[..nx]) {
                    b.ins().store(MEM, *v, a, p.offset as i32);
                }
                a
            };
            let mut args = crate::data::receiver_args(b, addr, &steps, ptr_recv, &recv_parts);
            args.extend_from_slice(&ps[nx..ps.len() - 1]);
            let fr = g.func_ref(fid, b.func);
            let call = b.ins().call(fr, &args);
            b.inst_results(call).to_vec()
        })
    }

    /// `(*T).M` for a value method M: (ctx, *T, args) → M(0, *p, args).
    fn deref_method_wrapper(&mut self, fid: cranelift_module::FuncId, m: ObjId, rt: rgo_types::TypeId) -> cranelift_module::FuncId {
        if let Some(&w) = self.g.deref_wrappers.get(&fid) {
            return w;
        }
        let info = self.g.info;
        let Type::Func(sig) = info.types.get(info.obj(m).ty).clone() else { return fid };
        let mut params = vec![rgo_types::types::ids::UNSAFE_POINTER];
        params.extend(sig.params.iter().copied());
        let wsig = abi::signature(&info.types, &params, &sig.results, true).expect("signature");
        let parts = abi::parts(&info.types, rt).unwrap_or_default();
        let name = format!("{}-deref", info.obj(m).link_name);
        let w = self.build_helper(&name, wsig, |g, b, ps| {
            // ps: the pointer, the arguments, then the (unused) context.
            let mut args = vec![];
            for p in &parts {
                args.push(b.ins().load(p.ty, MEM, ps[0], p.offset as i32));
            }
            args.extend_from_slice(&ps[1..ps.len() - 1]);
            let fr = g.func_ref(fid, b.func);
            let call = b.ins().call(fr, &args);
            b.inst_results(call).to_vec()
        });
        self.g.deref_wrappers.insert(fid, w);
        w
    }

    /// `i.M` of an interface value: a funcval holding the interface, whose code
    /// dispatches through the itab.
    fn iface_method_value(&mut self, _e: &'a Expr, x: &'a Expr, sel: &rgo_types::Selection) -> Vec<Value> {
        let xt = self.type_of(x);
        if sel.kind == rgo_types::SelectionKind::MethodExpr {
            // I.M: func(i I, args...) dispatching through i's itab.
            let Type::Func(sig) = self.underlying(sel.ty) else { return vec![] };
            let mut params = vec![xt];
            params.extend(sig.params.iter().copied());
            let wsig = abi::signature(&self.g.info.types, &params, &sig.results, true).expect("signature");
            let mut dparams = vec![rgo_types::types::ids::UNSAFE_POINTER];
            dparams.extend(sig.params.iter().copied());
            let dsig = abi::signature(&self.g.info.types, &dparams, &sig.results, false).expect("signature");
            let index = sel.index;
            let w = self.build_helper("iface-method-expr", wsig, |_g, b, ps| {
                // ps: itab, data, the arguments, the (unused) context.
                let code = b.ins().load(types::I64, MEM, ps[0], 24 + 8 * index as i32);
                let sref = b.import_signature(dsig);
                let mut args = vec![ps[1]];
                args.extend_from_slice(&ps[2..ps.len() - 1]);
                let call = b.ins().call_indirect(sref, code, &args);
                b.inst_results(call).to_vec()
            });
            let name = format!("go:imethodexpr.{}", self.g.funcvals.len());
            return self.static_funcval(w, &name);
        }
        let Type::Func(sig) = self.underlying(sel.ty) else { return vec![] };
        let empty = matches!(self.underlying(xt), Type::Interface(ms) if ms.is_empty());
        let _ = empty;
        let wsig = abi::signature(&self.g.info.types, &sig.params, &sig.results, true).expect("signature");
        let mut dsig_params = vec![rgo_types::types::ids::UNSAFE_POINTER];
        dsig_params.extend(sig.params.iter().copied());
        let dsig = abi::signature(&self.g.info.types, &dsig_params, &sig.results, false).expect("signature");
        let index = sel.index;
        let key = (self.g.info.types.canonical(xt), index);
        let w = match self.g.iface_value_wrappers.get(&key) {
            Some(&w) => w,
            None => {
                let name = format!("{}.{}-fm·{}", self.g.info.types.display(xt), index, self.g.iface_value_wrappers.len());
                let w = self.build_helper(&name, wsig, |_g, b, ps| {
                    // ps: the arguments, then the funcval {code, itab, data}.
                    let ctx = ps[ps.len() - 1];
                    let tab = b.ins().load(types::I64, MEM, ctx, 8);
                    let data = b.ins().load(types::I64, MEM, ctx, 16);
                    let code = b.ins().load(types::I64, MEM, tab, 24 + 8 * index as i32);
                    let sref = b.import_signature(dsig);
                    let mut args = vec![data];
                    args.extend_from_slice(&ps[..ps.len() - 1]);
                    let call = b.ins().call_indirect(sref, code, &args);
                    b.inst_results(call).to_vec()
                });
                self.g.iface_value_wrappers.insert(key, w);
                w
            }
        };
        let v = if sel.path.is_empty() {
            self.expr(x)
        } else {
            let p = self.embedded_place(x, &sel.path);
            self.load_place(&p)
        };
        // gc evaluates i.M with a nil check: a nil interface panics here (a trapping
        // load of the method from the itab, kept although its value is unused).
        self.b.ins().load(types::I64, cranelift_codegen::ir::MemFlagsData::new(), v[0], 24 + 8 * index as i32);
        let size = self.b.ins().iconst(types::I64, 24);
        let null = self.b.ins().iconst(types::I64, 0);
        let one = self.b.ins().iconst(types::I8, 1);
        let fv = self.call_runtime("mallocgc", &[size, null, one])[0];
        let fref = self.g.func_ref(w, self.b.func);
        let code = self.b.ins().func_addr(types::I64, fref);
        self.b.ins().store(MEM, code, fv, 0);
        self.b.ins().store(MEM, v[0], fv, 8);
        self.b.ins().store(MEM, v[1], fv, 16);
        vec![fv]
    }

    /// `T.M-fm`: the code of a bound method value; loads the receiver from its funcval.
    fn bound_method_wrapper(&mut self, fid: cranelift_module::FuncId, m: ObjId, rt: rgo_types::TypeId) -> cranelift_module::FuncId {
        if let Some(&w) = self.g.bound_wrappers.get(&fid) {
            return w;
        }
        let info = self.g.info;
        let Type::Func(sig) = info.types.get(info.obj(m).ty).clone() else { return fid };
        let wsig = abi::signature(&info.types, &sig.params, &sig.results, true).expect("method signature");
        let name = format!("{}-fm", info.obj(m).link_name);
        let id = self.g.module.declare_function(&name, Linkage::Local, &wsig).expect("declare method value wrapper");
        self.g.bound_wrappers.insert(fid, id);
        let parts = abi::parts(&info.types, rt).unwrap_or_default();
        self.g.define_body(id, wsig, |g, b, params| {
            // params: the arguments, then the funcval {code, receiver parts...}.
            let ctx = params[params.len() - 1];
            let mut args = vec![];
            for (i, p) in parts.iter().enumerate() {
                args.push(b.ins().load(p.ty, MEM, ctx, 8 * (i as i32 + 1)));
            }
            args.extend_from_slice(&params[..params.len() - 1]);
            let fr = g.func_ref(fid, b.func);
            let call = b.ins().call(fr, &args);
            let res = b.inst_results(call).to_vec();
            b.ins().return_(&res);
        });
        id
    }

    /// Calls the func value `fv` of type `fty` with flattened `args`.
    pub fn call_funcval(&mut self, fv: Value, fty: rgo_types::TypeId, args: &[Value], pos: Pos) -> Vec<Value> {
        let Type::Func(sig) = self.underlying(fty) else { return vec![] };
        let Some(csig) = abi::signature(&self.g.info.types, &sig.params, &sig.results, true) else {
            self.unsupported(pos, "calling this function type");
            return vec![];
        };
        let sref = self.b.import_signature(csig);
        let code = self.b.ins().load(types::I64, MEM, fv, 0);
        let mut argv = args.to_vec();
        argv.push(fv);
        let call = self.b.ins().call_indirect(sref, code, &argv);
        self.b.inst_results(call).to_vec()
    }
}
