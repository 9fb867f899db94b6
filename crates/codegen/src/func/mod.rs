//! Lowering one Go function body to Cranelift IR.
//!
//! A Go value is a list of Cranelift values, one per part (abi.rs). Local variables
//! are Cranelift `Variable`s (one per part), so the SSA builder does the rest; package
//! variables live in data symbols and are loaded and stored part by part.

mod builtin;
mod expr;
mod ops;
mod stmt;

use crate::abi::{self, Part};
use crate::Gen;
use cranelift_codegen::ir::{self, Block, InstBuilder, MemFlagsData, Value, types};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext, Variable};
use cranelift_module::{FuncId, Module};
use rgo_syntax::ast::{DeclKind, FuncDecl};
use rgo_syntax::Pos;
use rgo_types::{ObjId, TypeId};
use std::collections::HashMap;

/// Where an addressable Go value lives.
#[derive(Clone)]
pub(crate) enum Place {
    /// A local variable: one Cranelift variable per part.
    Vars(Vec<Variable>, TypeId),
    /// Memory at `addr` holding a value of the type.
    Mem(Value, TypeId),
    /// `_`: assignments are evaluated and dropped.
    Blank,
}

/// Targets of `break` and `continue` of an enclosing statement.
struct Jump {
    label: Option<String>,
    brk: Block,
    cont: Option<Block>,
}

pub(crate) struct Fx<'g, 'a, 'b> {
    pub g: &'g mut Gen<'a>,
    pub b: FunctionBuilder<'b>,
    pub file: u32,
    pub locals: HashMap<ObjId, Vec<Variable>>,
    /// Named or unnamed results, as variables (so a bare `return` works).
    results: Vec<(Vec<Variable>, TypeId)>,
    jumps: Vec<Jump>,
    /// Blocks of goto labels.
    labels: HashMap<String, Block>,
    /// Label attached to the statement being lowered (for labeled loops/switches).
    pending_label: Option<String>,
    /// Set when a fallthrough should jump to the next clause's body.
    fallthrough: Option<Block>,
    failed: bool,
}

const MEM: MemFlagsData = MemFlagsData::trusted();

/// Lowers a function declaration with a body and defines it in the module.
pub(crate) fn lower_func(g: &mut Gen, file: u32, obj: ObjId, fd: &FuncDecl, id: FuncId) {
    let info = g.info;
    let o = info.obj(obj);
    let decl_sig = g.module.declarations().get_function_decl(id).signature.clone();
    let mut func = ir::Function::with_name_signature(ir::UserFuncName::user(0, id.as_u32()), decl_sig);
    let mut fctx = std::mem::replace(&mut g.fctx, FunctionBuilderContext::new());
    let rgo_types::types::Type::Func(sig) = info.types.get(info.types.underlying(o.ty)).clone() else { return };
    let failed;
    {
        let b = FunctionBuilder::new(&mut func, &mut fctx);
        let mut fx = Fx::new(g, b, file);
        let entry = fx.b.create_block();
        fx.b.append_block_params_for_function_params(entry);
        fx.b.switch_to_block(entry);
        let params: Vec<Value> = fx.b.block_params(entry).to_vec();
        let mut pi = 0;
        // Receiver and parameters become variables.
        let mut bind = |fx: &mut Fx, ident: Option<&rgo_syntax::ast::Ident>, t: TypeId| {
            let parts = fx.parts(t);
            let vals = params[pi..pi + parts.len()].to_vec();
            pi += parts.len();
            if let Some(id) = ident {
                if let Some(obj) = fx.g.info.ident(file, id.id) {
                    let vars = fx.new_vars(t);
                    for (v, x) in vars.iter().zip(vals) {
                        fx.b.def_var(*v, x);
                    }
                    fx.locals.insert(obj, vars);
                }
            }
        };
        if let Some(recv) = &fd.recv {
            if let rgo_types::ObjKind::Func { recv: Some(rt) } = o.kind {
                let f = &recv.list[0];
                bind(&mut fx, f.names.first(), rt);
            }
        }
        let mut k = 0;
        for f in &fd.typ.params.list {
            if f.names.is_empty() {
                bind(&mut fx, None, sig.params[k]);
                k += 1;
            }
            for n in &f.names {
                bind(&mut fx, Some(n), sig.params[k]);
                k += 1;
            }
        }
        fx.declare_results(fd.typ.results.as_ref(), &sig.results);
        fx.block(&fd.body.as_ref().unwrap().stmts);
        if !fx.b.is_unreachable() {
            // Falling off the end: only possible without results (the checker ensures).
            fx.emit_return();
        }
        fx.b.seal_all_blocks();
        failed = fx.failed;
        fx.b.finalize(g.module.isa().frontend_config());
    }
    g.fctx = fctx;
    if failed {
        return;
    }
    define(g, id, func, file, fd.name.pos);
}

fn define(g: &mut Gen, id: FuncId, func: ir::Function, file: u32, pos: Pos) {
    g.ctx.clear();
    g.ctx.func = func;
    if let Err(e) = g.module.define_function(id, &mut g.ctx) {
        let msg = match &e {
            cranelift_module::ModuleError::Compilation(ce) => format!("internal compiler error: {ce:?}"),
            _ => format!("internal compiler error: {e}"),
        };
        g.diags.push(crate::Diagnostic { file, pos, message: msg });
    }
}

/// Lowers `P.init`: the package-level variable initializers in the checker's order.
pub(crate) fn lower_package_init(g: &mut Gen, id: FuncId) {
    let sig = g.module.declarations().get_function_decl(id).signature.clone();
    let mut func = ir::Function::with_name_signature(ir::UserFuncName::user(0, id.as_u32()), sig);
    let mut fctx = std::mem::replace(&mut g.fctx, FunctionBuilderContext::new());
    let failed;
    {
        let b = FunctionBuilder::new(&mut func, &mut fctx);
        let mut fx = Fx::new(g, b, 0);
        let entry = fx.b.create_block();
        fx.b.switch_to_block(entry);
        let info = fx.g.info;
        for init in &info.init_order {
            fx.file = init.file;
            let DeclKind::Var(grp) = &fx.g.files[init.file as usize].decls[init.decl as usize].kind else { continue };
            let spec = &grp.specs[init.spec as usize];
            let places: Vec<Place> = init.lhs.iter().map(|o| fx.global_place(*o)).collect();
            let value = &spec.values[init.value as usize];
            if places.len() == 1 {
                let t = fx.place_type(&places[0]).unwrap_or_else(|| fx.type_of(value));
                let v = fx.expr_as(value, t);
                fx.store_place(&places[0], &v);
            } else {
                let vals = fx.multi_value(value, places.len());
                for (p, v) in places.iter().zip(vals) {
                    fx.store_place(p, &v);
                }
            }
        }
        if !fx.b.is_unreachable() {
            fx.b.ins().return_(&[]);
        }
        fx.b.seal_all_blocks();
        failed = fx.failed;
        fx.b.finalize(g.module.isa().frontend_config());
    }
    g.fctx = fctx;
    if !failed {
        define(g, id, func, 0, Pos(0));
    }
}

impl<'g, 'a, 'b> Fx<'g, 'a, 'b> {
    fn new(g: &'g mut Gen<'a>, b: FunctionBuilder<'b>, file: u32) -> Self {
        Fx {
            g,
            b,
            file,
            locals: HashMap::new(),
            results: vec![],
            jumps: vec![],
            labels: HashMap::new(),
            pending_label: None,
            fallthrough: None,
            failed: false,
        }
    }

    pub fn unsupported(&mut self, pos: Pos, what: &str) {
        if !self.failed {
            self.g.unsupported(self.file, pos, what);
        }
        self.failed = true;
    }

    /// The parts of type `t`; an unsupported (too large) type is reported once.
    pub fn parts(&mut self, t: TypeId) -> Vec<Part> {
        match abi::parts(&self.g.info.types, t) {
            Some(p) => p,
            None => {
                let name = self.g.info.types.display(t);
                self.unsupported(Pos(0), &format!("values of type {name}"));
                // A stand-in shape; the function is not emitted after a failure.
                vec![Part { ty: types::I64, offset: 0 }]
            }
        }
    }

    pub fn new_vars(&mut self, t: TypeId) -> Vec<Variable> {
        let parts = self.parts(t);
        let vars: Vec<Variable> = parts.iter().map(|p| self.b.declare_var(p.ty)).collect();
        // Go zero-initializes every variable.
        for (v, p) in vars.iter().zip(&parts) {
            let z = self.zero_scalar(p.ty);
            self.b.def_var(*v, z);
        }
        vars
    }

    pub fn zero_scalar(&mut self, ty: types::Type) -> Value {
        match ty {
            types::F32 => self.b.ins().f32const(0.0),
            types::F64 => self.b.ins().f64const(0.0),
            _ => self.b.ins().iconst(ty, 0),
        }
    }

    pub fn zero_value(&mut self, t: TypeId) -> Vec<Value> {
        let parts = self.parts(t);
        parts.iter().map(|p| self.zero_scalar(p.ty)).collect()
    }

    fn declare_results(&mut self, list: Option<&rgo_syntax::ast::FieldList>, results: &[TypeId]) {
        let mut k = 0;
        if let Some(list) = list {
            for f in &list.list {
                if f.names.is_empty() {
                    let vars = self.new_vars(results[k]);
                    self.results.push((vars, results[k]));
                    k += 1;
                }
                for n in &f.names {
                    let vars = self.new_vars(results[k]);
                    if let Some(obj) = self.g.info.ident(self.file, n.id) {
                        self.locals.insert(obj, vars.clone());
                    }
                    self.results.push((vars, results[k]));
                    k += 1;
                }
            }
        }
    }

    /// `return` with the current values of the result variables.
    pub fn emit_return(&mut self) {
        let mut vals = vec![];
        for (vars, _) in self.results.clone() {
            for v in vars {
                vals.push(self.b.use_var(v));
            }
        }
        self.b.ins().return_(&vals);
    }

    pub fn global_place(&mut self, obj: ObjId) -> Place {
        let t = self.g.info.obj(obj).ty;
        let id = self.g.globals[&obj];
        let gv = self.g.data_ref(id, self.b.func);
        let addr = self.b.ins().symbol_value(types::I64, gv);
        Place::Mem(addr, t)
    }

    pub fn place_type(&self, p: &Place) -> Option<TypeId> {
        match p {
            Place::Vars(_, t) | Place::Mem(_, t) => Some(*t),
            Place::Blank => None,
        }
    }

    pub fn load_place(&mut self, p: &Place) -> Vec<Value> {
        match p {
            Place::Vars(vars, _) => vars.iter().map(|v| self.b.use_var(*v)).collect(),
            Place::Mem(addr, t) => self.load(*addr, *t),
            Place::Blank => vec![],
        }
    }

    pub fn store_place(&mut self, p: &Place, vals: &[Value]) {
        match p {
            Place::Vars(vars, _) => {
                for (v, x) in vars.iter().zip(vals) {
                    self.b.def_var(*v, *x);
                }
            }
            Place::Mem(addr, t) => self.store(*addr, *t, vals),
            Place::Blank => {}
        }
    }

    pub fn load(&mut self, addr: Value, t: TypeId) -> Vec<Value> {
        let parts = self.parts(t);
        parts.iter().map(|p| self.b.ins().load(p.ty, MEM, addr, p.offset as i32)).collect()
    }

    pub fn store(&mut self, addr: Value, t: TypeId, vals: &[Value]) {
        let parts = self.parts(t);
        for (p, v) in parts.iter().zip(vals) {
            self.b.ins().store(MEM, *v, addr, p.offset as i32);
        }
    }

    /// Calls runtime function `name`; returns its results.
    pub fn call_runtime(&mut self, name: &'static str, args: &[Value]) -> Vec<Value> {
        let id = self.g.runtime_func(name);
        let fr = self.g.func_ref(id, self.b.func);
        let call = self.b.ins().call(fr, args);
        let res = self.b.inst_results(call).to_vec();
        if crate::runtime::is_noreturn(name) {
            // The runtime never returns here; keep the IR well-formed.
            self.b.ins().trap(ir::TrapCode::user(1).unwrap());
            let dead = self.b.create_block();
            self.b.switch_to_block(dead);
        }
        res
    }

    /// Starts a new unreachable block after a terminator so lowering can continue.
    pub fn start_dead_block(&mut self) {
        let dead = self.b.create_block();
        self.b.switch_to_block(dead);
    }

    pub fn type_of(&self, e: &rgo_syntax::ast::Expr) -> TypeId {
        self.g.info.expr(self.file, e.id).map(|i| i.ty).unwrap_or(rgo_types::types::ids::INVALID)
    }
}
