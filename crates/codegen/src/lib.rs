//! rgo-codegen: a checked Go package → Cranelift → relocatable ELF object.
//!
//! Phases (`compile_package`): declare every function and package-level variable;
//! lower each function body (func/); synthesize the package initializer `P.init` and
//! the `P..inittask` record the runtime's doInit walks; emit the object.
//! Knows nothing of files on disk or of the linker; the contracts it implements
//! (symbol names, calling convention, inittask layout, type descriptors) are in
//! ARCHITECTURE.md.

mod abi;
mod data;
mod emit;
mod func;
mod runtime;

use cranelift_codegen::ir;
use cranelift_codegen::isa::{self, CallConv};
use cranelift_codegen::settings::{self, Configurable};
use cranelift_module::{DataDescription, DataId, FuncId, Linkage, Module};
use cranelift_object::{ObjectBuilder, ObjectModule};
use rgo_syntax::ast::{DeclKind, File};
use rgo_syntax::Pos;
use rgo_types::{Info, ObjId, ObjKind, TypeId};
use std::collections::HashMap;

/// A problem found while generating code (an unsupported construct, for now).
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub file: u32,
    pub pos: Pos,
    pub message: String,
}

/// What the functab records of one compiled function.
pub(crate) struct FuncInfo {
    pub id: FuncId,
    pub name: String,
    pub file: u32,
    pub size: u32,
    /// (code offset, source line), sorted by offset.
    pub lines: Vec<(u32, u32)>,
}

/// Options of one compilation.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Cranelift optimization level: "none", "speed" or "speed_and_size".
    pub opt_level: Option<String>,
    /// Keep the Cranelift IR of every function, as text (`rgo tool compile -S`).
    pub keep_ir: bool,
    /// The directory relative file names are relative to (the build's working
    /// directory): the function table records absolute names, as gc does.
    pub dir: String,
}

/// What a compilation produces.
pub struct Output {
    /// The relocatable ELF object.
    pub object: Vec<u8>,
    /// With `Config::keep_ir`: each function's Cranelift IR, before optimization, in
    /// the order the functions were compiled.
    pub ir: String,
}

/// Module-wide state shared by the function lowerings.
pub(crate) struct Gen<'a> {
    pub module: ObjectModule,
    pub files: &'a [File],
    pub info: &'a Info,
    pub funcs: HashMap<ObjId, FuncId>,
    pub globals: HashMap<ObjId, DataId>,
    pub runtime: HashMap<&'static str, FuncId>,
    /// Runtime data symbols compiled code reads (`runtime.writeBarrier`).
    pub runtime_data: HashMap<&'static str, DataId>,
    pub strings: HashMap<Vec<u8>, DataId>,
    pub type_descs: HashMap<TypeId, DataId>,
    pub diags: Vec<Diagnostic>,
    pub ctx: cranelift_codegen::Context,
    pub fctx: cranelift_frontend::FunctionBuilderContext,
    /// Function literals waiting to be lowered.
    pub pending: Vec<func::PendingClosure<'a>>,
    /// Closures made so far per enclosing function (for `main.f.func1` names).
    pub closure_count: HashMap<String, u32>,
    /// Static funcvals `{fn}` of declared functions used as values.
    pub funcvals: HashMap<FuncId, DataId>,
    /// Type descriptors declared but not yet defined.
    pub types_todo: Vec<TypeId>,
    /// Static itabs by (concrete type, interface).
    pub itabs: HashMap<(TypeId, TypeId), DataId>,
    /// Interface-call wrappers, by (concrete type, method).
    pub iface_wrappers: HashMap<(TypeId, ObjId), FuncId>,
    /// Generated equal (false) and hash (true) functions.
    pub algs: HashMap<(TypeId, bool), FuncId>,
    /// Code of bound method values (`x.M`), by method.
    pub bound_wrappers: HashMap<FuncId, FuncId>,
    /// Code of interface method values (`i.M`), by (interface type, method index).
    pub iface_value_wrappers: HashMap<(TypeId, u32), FuncId>,
    /// `(*T).M` wrappers of value methods, by method.
    pub deref_wrappers: HashMap<FuncId, FuncId>,
    /// Unique symbol names of types, and the names taken.
    pub type_names: HashMap<TypeId, String>,
    pub type_names_used: std::collections::HashSet<String>,
    /// Compiled functions, for `P..functab`.
    pub functab: Vec<FuncInfo>,
    /// Cranelift IR text of the compiled functions, when the config asks for it.
    pub keep_ir: bool,
    pub ir: String,
    /// Config::dir.
    pub dir: String,
}

/// Compiles one checked package to an ELF relocatable object.
pub fn compile_package(files: &[File], info: &Info, cfg: &Config) -> Result<Output, Vec<Diagnostic>> {
    let mut flags = settings::builder();
    let set = |f: &mut settings::Builder, k: &str, v: &str| f.set(k, v).expect("known cranelift setting");
    set(&mut flags, "opt_level", cfg.opt_level.as_deref().unwrap_or("speed"));
    set(&mut flags, "is_pic", "false");
    set(&mut flags, "preserve_frame_pointers", "true");
    set(&mut flags, "enable_multi_ret_implicit_sret", "true");
    set(&mut flags, "unwind_info", "false");
    let isa = isa::lookup(target_lexicon::triple!("x86_64-unknown-linux-gnu"))
        .expect("x86-64 backend is compiled in")
        .finish(settings::Flags::new(flags))
        .expect("valid flags");
    let mut builder = ObjectBuilder::new(isa, format!("{}.o", info.path), cranelift_module::default_libcall_names())
        .expect("object builder");
    builder.per_function_section(true);
    let module = ObjectModule::new(builder);
    let mut g = Gen {
        module,
        files,
        info,
        funcs: HashMap::new(),
        globals: HashMap::new(),
        runtime: HashMap::new(),
        runtime_data: HashMap::new(),
        strings: HashMap::new(),
        type_descs: HashMap::new(),
        diags: vec![],
        ctx: cranelift_codegen::Context::new(),
        fctx: cranelift_frontend::FunctionBuilderContext::new(),
        pending: vec![],
        closure_count: HashMap::new(),
        funcvals: HashMap::new(),
        types_todo: vec![],
        itabs: HashMap::new(),
        iface_wrappers: HashMap::new(),
        algs: HashMap::new(),
        bound_wrappers: HashMap::new(),
        iface_value_wrappers: HashMap::new(),
        deref_wrappers: HashMap::new(),
        type_names: HashMap::new(),
        type_names_used: Default::default(),
        functab: vec![],
        keep_ir: cfg.keep_ir,
        ir: String::new(),
        dir: cfg.dir.clone(),
    };
    g.declare_all();
    for fb in &info.funcs {
        let DeclKind::Func(fd) = &files[fb.file as usize].decls[fb.decl as usize].kind else { continue };
        let id = g.funcs[&fb.obj];
        func::lower_func(&mut g, fb.file, fb.obj, fd, id);
    }
    // One initializer and one inittask per package; imported packages' inittasks are
    // the deps, so doInit runs them first.
    for p in 0..info.packages.len() {
        let init = g.package_init(p);
        g.inittask(p, init);
    }
    g.finish_types();
    g.emit_functab();
    g.emit_gcglobals();
    if !g.diags.is_empty() {
        return Err(g.diags);
    }
    let ir = std::mem::take(&mut g.ir);
    let product = g.module.finish();
    let object = product.emit().map_err(|e| vec![Diagnostic { file: 0, pos: Pos(0), message: format!("writing object: {e}") }])?;
    Ok(Output { object, ir })
}

impl<'a> Gen<'a> {
    pub fn unsupported(&mut self, file: u32, pos: Pos, what: &str) {
        self.diags.push(Diagnostic { file, pos, message: format!("rgo does not support {what} yet") });
    }

    /// Declares every function with a body and every package-level variable, and
    /// imports the linknamed bodyless functions.
    fn declare_all(&mut self) {
        let info = self.info;
        for &obj in &info.extern_funcs {
            let o = info.obj(obj);
            let Some(sig) = self.func_signature(o.ty, None) else {
                self.unsupported(o.file.unwrap_or(0), o.pos, &format!("the signature of {}", o.name));
                continue;
            };
            match self.module.declare_function(&o.link_name, Linkage::Import, &sig) {
                Ok(id) => {
                    self.funcs.insert(obj, id);
                }
                Err(e) => self.diags.push(Diagnostic { file: o.file.unwrap_or(0), pos: o.pos, message: format!("declaring {}: {e}", o.link_name) }),
            }
        }
        for fb in &info.funcs {
            let o = info.obj(fb.obj);
            let Some(sig) = self.func_signature(o.ty, matches!(o.kind, ObjKind::Func { recv: Some(_) }).then(|| {
                let ObjKind::Func { recv: Some(r) } = o.kind else { unreachable!() };
                r
            })) else {
                self.unsupported(fb.file, o.pos, &format!("the signature of {}", o.name));
                continue;
            };
            let linkage = if o.name == "main" || o.name.chars().next().is_some_and(|c| c.is_uppercase()) {
                Linkage::Export
            } else {
                Linkage::Export
            };
            match self.module.declare_function(&o.link_name, linkage, &sig) {
                Ok(id) => {
                    self.funcs.insert(fb.obj, id);
                }
                Err(e) => self.diags.push(Diagnostic { file: fb.file, pos: o.pos, message: format!("declaring {}: {e}", o.link_name) }),
            }
        }
        for (i, o) in info.objects.iter().enumerate() {
            // Package runtime's variables (no file) live in the runtime.
            if let (ObjKind::Var { global: true, .. }, Some(_)) = (&o.kind, o.file) {
                if o.name == "_" {
                    // Blank package-level variables still get storage for their initializer.
                }
                let name = if o.name == "_" { format!("{}._.{}", info.path, i) } else { o.link_name.clone() };
                let size = info.types.size_of(o.ty).max(1);
                let align = info.types.align_of(o.ty);
                let id = self.module.declare_data(&name, if o.name == "_" { Linkage::Local } else { Linkage::Export }, true, false).expect("declare global");
                let mut d = DataDescription::new();
                d.define_zeroinit(size as usize);
                d.set_align(align);
                self.module.define_data(id, &d).expect("define global");
                self.globals.insert(ObjId(i as u32), id);
            }
        }
    }

    /// The Cranelift signature of a Go function or method (receiver first).
    pub fn func_signature(&self, fty: TypeId, recv: Option<TypeId>) -> Option<ir::Signature> {
        let rgo_types::types::Type::Func(sig) = self.info.types.get(self.info.types.underlying(fty)) else { return None };
        let mut params = vec![];
        if let Some(r) = recv {
            params.push(r);
        }
        params.extend(sig.params.iter().copied());
        abi::signature(&self.info.types, &params, &sig.results, false)
    }

    /// The FuncId of runtime function `name` (declared on first use).
    pub fn runtime_func(&mut self, name: &'static str) -> FuncId {
        if let Some(&id) = self.runtime.get(name) {
            return id;
        }
        let sig = runtime::signature(name).unwrap_or_else(|| panic!("runtime function {name} is not in runtime.rs's table"));
        let id = self.module.declare_function(&format!("runtime.{name}"), Linkage::Import, &sig).expect("declare runtime function");
        self.runtime.insert(name, id);
        id
    }

    /// The DataId of runtime variable `runtime.NAME` (declared on first use).
    pub fn runtime_var(&mut self, name: &'static str) -> DataId {
        if let Some(&id) = self.runtime_data.get(name) {
            return id;
        }
        let id = self.module.declare_data(&format!("runtime.{name}"), Linkage::Import, true, false).expect("declare runtime data");
        self.runtime_data.insert(name, id);
        id
    }

    /// A FuncRef for `id` inside `func`, always colocated: a static image fits in
    /// ±2 GB, so calls are direct `call rel32` (R_X86_64_PLT32) even to imports.
    pub fn func_ref(&mut self, id: FuncId, func: &mut ir::Function) -> ir::FuncRef {
        let decl = &self.module.declarations().get_function_decl(id);
        let signature = func.import_signature(decl.signature.clone());
        let user = func.declare_imported_user_function(ir::UserExternalName { namespace: 0, index: id.as_u32() });
        func.import_function(ir::ExtFuncData { name: ir::ExternalName::user(user), signature, colocated: true, patchable: false })
    }

    /// A GlobalValue for data `id` inside `func` (colocated: RIP-relative).
    pub fn data_ref(&mut self, id: DataId, func: &mut ir::Function) -> ir::GlobalValue {
        let user = func.declare_imported_user_function(ir::UserExternalName { namespace: 1, index: id.as_u32() });
        func.create_global_value(ir::GlobalValueData::Symbol {
            name: ir::ExternalName::user(user),
            offset: ir::immediates::Imm64::new(0),
            colocated: true,
            tls: false,
        })
    }

    /// `P.init`: runs the package-level variable initializers in order. Returns its id
    /// when there is any work.
    fn package_init(&mut self, p: usize) -> Option<FuncId> {
        let pkg = &self.info.packages[p];
        if pkg.init_order.is_empty() {
            return None;
        }
        let sig = ir::Signature::new(CallConv::SystemV);
        let name = format!("{}.init", pkg.path);
        let id = self.module.declare_function(&name, Linkage::Export, &sig).expect("declare init");
        func::lower_package_init(self, id, p);
        Some(id)
    }

    /// `P..gcglobals` (P the main package): {n, [n]{addr, size, ptrmask}}, one entry
    /// per package variable, ptrmask a bitmap with a bit per word (1: the word holds a
    /// pointer), null when the variable holds none. The collector scans these
    /// precisely and the rest of data and bss conservatively (runtime mgcglobals.rs).
    fn emit_gcglobals(&mut self) {
        let mut globals: Vec<(ObjId, DataId)> = self.globals.iter().map(|(o, d)| (*o, *d)).collect();
        globals.sort_by_key(|(o, _)| o.0);
        let name = format!("{}..gcglobals", self.info.path);
        let id = self.module.declare_data(&name, Linkage::Export, false, false).expect("declare gcglobals");
        let mut d = DataDescription::new();
        let mut bytes = vec![0u8; 8 + 24 * globals.len()];
        bytes[0..8].copy_from_slice(&(globals.len() as u64).to_le_bytes());
        let mut masks = vec![];
        for (i, (obj, _)) in globals.iter().enumerate() {
            let ty = self.info.obj(*obj).ty;
            let tt = &self.info.types;
            let size = tt.size_of(ty).max(1);
            bytes[8 + 24 * i + 8..8 + 24 * i + 16].copy_from_slice(&size.to_le_bytes());
            if data::has_pointers(tt, ty) {
                masks.push((i, data::ptrmask(&data::pointer_words(tt, ty))));
            }
        }
        d.define(bytes.into_boxed_slice());
        d.set_align(8);
        for (i, (_, gid)) in globals.iter().enumerate() {
            let gv = self.module.declare_data_in_data(*gid, &mut d);
            d.write_data_addr(8 + 24 * i as u32, gv, 0);
        }
        for (i, bitmap) in masks {
            let bid = self.module.declare_anonymous_data(false, false).expect("declare ptrmask");
            let mut bd = DataDescription::new();
            bd.define(bitmap.into_boxed_slice());
            self.module.define_data(bid, &bd).expect("define ptrmask");
            let gv = self.module.declare_data_in_data(bid, &mut d);
            d.write_data_addr(8 + 24 * i as u32 + 16, gv, 0);
        }
        self.module.define_data(id, &d).expect("define gcglobals");
    }

    /// `P..functab`: {n, [n]{entry, size, name, file, lines, nlines}} (ARCHITECTURE.md):
    /// what runtime.Callers, FuncForPC, Caller and tracebacks read.
    fn emit_functab(&mut self) {
        let funcs = std::mem::take(&mut self.functab);
        let name = format!("{}..functab", self.info.path);
        let id = self.module.declare_data(&name, Linkage::Export, false, false).expect("declare functab");
        let mut d = DataDescription::new();
        let mut bytes = vec![0u8; 8 + 64 * funcs.len()];
        bytes[0..8].copy_from_slice(&(funcs.len() as u64).to_le_bytes());
        for (i, f) in funcs.iter().enumerate() {
            let o = 8 + 64 * i;
            bytes[o + 8..o + 16].copy_from_slice(&(f.size as u64).to_le_bytes());
            bytes[o + 24..o + 32].copy_from_slice(&(f.name.len() as u64).to_le_bytes());
            let fname = runtime_file_name(&self.dir, &self.files[f.file as usize].name);
            bytes[o + 40..o + 48].copy_from_slice(&(fname.len() as u64).to_le_bytes());
            bytes[o + 56..o + 64].copy_from_slice(&(f.lines.len() as u64).to_le_bytes());
        }
        for (i, f) in funcs.iter().enumerate() {
            let o = 8 + 64 * i as u32;
            let r = self.module.declare_func_in_data(f.id, &mut d);
            d.write_function_addr(o, r);
            let n = self.string_data(f.name.as_bytes());
            let gv = self.module.declare_data_in_data(n, &mut d);
            d.write_data_addr(o + 16, gv, 0);
            let fname = runtime_file_name(&self.dir, &self.files[f.file as usize].name);
            let fs = self.string_data(fname.as_bytes());
            let gv = self.module.declare_data_in_data(fs, &mut d);
            d.write_data_addr(o + 32, gv, 0);
            if !f.lines.is_empty() {
                let lid = self.module.declare_anonymous_data(false, false).expect("declare lines");
                let mut ld = DataDescription::new();
                let mut lb = Vec::with_capacity(8 * f.lines.len());
                for (off, line) in &f.lines {
                    lb.extend_from_slice(&off.to_le_bytes());
                    lb.extend_from_slice(&line.to_le_bytes());
                }
                ld.define(lb.into_boxed_slice());
                ld.set_align(4);
                self.module.define_data(lid, &ld).expect("define lines");
                let gv = self.module.declare_data_in_data(lid, &mut d);
                d.write_data_addr(o + 48, gv, 0);
            }
        }
        d.define(bytes.into_boxed_slice());
        d.set_align(8);
        self.module.define_data(id, &d).expect("define functab");
    }

    /// `P..inittask`: {state, ndeps, nfns, fns...} (ARCHITECTURE.md).
    fn inittask(&mut self, p: usize, init: Option<FuncId>) {
        let pkg = &self.info.packages[p];
        let mut fns: Vec<FuncId> = init.into_iter().collect();
        for &o in &pkg.init_funcs {
            if let Some(&id) = self.funcs.get(&o) {
                fns.push(id);
            }
        }
        let deps: Vec<String> = pkg.imports.iter().map(|i| format!("{i}..inittask")).collect();
        let name = format!("{}..inittask", pkg.path);
        let id = self.module.declare_data(&name, Linkage::Export, true, false).expect("declare inittask");
        let mut d = DataDescription::new();
        let nd = deps.len();
        let mut bytes = vec![0u8; 24 + 8 * (nd + fns.len())];
        bytes[8..16].copy_from_slice(&(nd as u64).to_le_bytes());
        bytes[16..24].copy_from_slice(&(fns.len() as u64).to_le_bytes());
        d.define(bytes.into_boxed_slice());
        d.set_align(8);
        for (i, dep) in deps.iter().enumerate() {
            let did = self.module.declare_data(dep, Linkage::Export, true, false).expect("declare dep inittask");
            let gv = self.module.declare_data_in_data(did, &mut d);
            d.write_data_addr(24 + 8 * i as u32, gv, 0);
        }
        for (i, f) in fns.iter().enumerate() {
            let r = self.module.declare_func_in_data(*f, &mut d);
            d.write_function_addr(24 + 8 * (nd + i) as u32, r);
        }
        self.module.define_data(id, &d).expect("define inittask");
    }
}

/// The file name tracebacks and runtime.Caller report: absolute, as gc records it
/// (`go build x.go` in /tmp gives `/tmp/x.go`), while diagnostics keep the name as
/// given (`./x.go`). `dir` is what a relative name is relative to.
fn runtime_file_name(dir: &str, name: &str) -> String {
    use std::path::{Component, Path, PathBuf};
    let p = Path::new(name);
    let joined = if p.is_absolute() { p.to_path_buf() } else { Path::new(dir).join(p) };
    // Lexically: "." goes, ".." drops the previous component (gc's filepath.Clean).
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out.to_string_lossy().into_owned()
}
