//! The checker's state and entry point.
//!
//! Phases, in order (each a file of this module):
//! 1. `decl`: collect package-level objects of all files into the package scope;
//!    resolve constants, types and variable types on demand (so use before declaration
//!    works and cycles are detected).
//! 2. `stmt`/`expr`: check every function body.
//! 3. `initorder`: order package-level variable initialization as the spec requires.
//! 4. unused imports and variables.

mod assign;
mod builtins;
mod call;
mod compare;
mod decl;
mod expr;
mod exprstr;
mod implements;
mod initorder;
mod linkname;
mod lookup;
mod methods;
mod operand;
mod runtime_pkg;
mod stmt;
mod typestr;
mod typexpr;

use crate::info::{ExprInfo, FuncBody, Info, Initializer, Mode};
use crate::objects::{ObjId, ObjKind, Object, Scope, ScopeId};
use crate::types::{Method, Signature, Type, TypeId, TypeTable, ids};
use rgo_syntax::ast::{File, Ident};
use rgo_syntax::{Diagnostic, NodeId, Pos};
use std::collections::{HashMap, HashSet};

pub(crate) use operand::Operand;

/// A check delayed until the types it looks at are complete.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Later {
    /// The key type of a map type must be comparable.
    MapKey(TypeId),
    /// An embedded field's type (as written: `T` or `*T`) cannot be a pointer,
    /// unsafe.Pointer or a pointer to an interface.
    Embedded(TypeId),
}

/// Where a package-level object is declared, for on-demand resolution.
#[derive(Clone, Copy, Debug)]
pub(crate) enum DeclRef {
    /// `files[file].decls[decl]` spec `spec`, name index `name`.
    Const { file: u32, decl: u32, spec: u32, name: u32 },
    Var { file: u32, decl: u32, spec: u32 },
    Type { file: u32, decl: u32, spec: u32 },
    Func { file: u32, decl: u32 },
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Resolve {
    Todo,
    InProgress,
    Done,
}

/// State of the function body being checked.
#[derive(Default, Clone)]
pub(crate) struct FuncCtx {
    pub results: Vec<TypeId>,
    pub named_results: bool,
    /// Labels declared in the body: name → object.
    pub labels: HashMap<String, ObjId>,
}

pub(crate) struct Checker<'a> {
    pub files: &'a [File],
    pub pkg_name: String,
    pub pkg_path: String,
    pub objects: Vec<Object>,
    pub scopes: Vec<Scope>,
    pub pkg_scope: ScopeId,
    /// Each file's scope (imports), child of the package scope.
    pub file_scopes: Vec<ScopeId>,
    pub types: TypeTable,
    pub exprs: Vec<Vec<Option<ExprInfo>>>,
    pub idents: Vec<Vec<Option<ObjId>>>,
    pub diags: Vec<(u32, Diagnostic)>,
    pub decls: HashMap<ObjId, DeclRef>,
    pub resolve: HashMap<ObjId, Resolve>,
    /// The file whose nodes are being checked.
    pub file: u32,
    /// Current iota while checking a constant spec.
    pub iota: Option<i64>,
    pub func: Option<FuncCtx>,
    /// Package-level objects that the object being checked refers to (init order).
    pub deps: HashMap<ObjId, Vec<ObjId>>,
    pub dep_owner: Option<ObjId>,
    pub init_order: Vec<Initializer>,
    pub funcs: Vec<FuncBody>,
    /// Bodyless functions whose code is elsewhere (linkname.rs).
    pub extern_funcs: Vec<ObjId>,
    pub init_funcs: Vec<ObjId>,
    /// Local variables declared in function bodies, for "declared but not used".
    pub locals: Vec<ObjId>,
    /// Import objects, for "imported but not used".
    pub imports: Vec<ObjId>,
    /// Untyped non-constant expressions → their operands of the same untyped type.
    pub untyped_children: HashMap<(u32, NodeId), Vec<NodeId>>,
    /// Untyped non-constant shifts (`1 << s`): their text and their left operand's
    /// position. The left operand takes the type the context gives the shift, which
    /// must be an integer type.
    pub untyped_shifts: HashMap<(u32, NodeId), (String, Pos)>,
    /// Resolved selector expressions.
    pub selections: HashMap<(u32, NodeId), crate::info::Selection>,
    /// Defined types whose underlying type waits for another type's: (type, of, pos, file).
    pub pending_underlying: Vec<(TypeId, TypeId, rgo_syntax::Pos, u32)>,
    /// Defined interface types that embed an interface still being declared
    /// (`type I1 interface{ m() I2 }; type I2 interface{ I1 }`): (type, scope, its
    /// interface literal, file, the embedded types not complete yet). Their method
    /// sets are computed once those are (decl.rs, finish_pending_underlying).
    pub pending_ifaces: Vec<(TypeId, ScopeId, &'a rgo_syntax::ast::Expr, u32, Vec<TypeId>)>,
    /// While the interface literal of a type declaration is checked: the embedded
    /// types whose underlying type is not known yet (typexpr.rs).
    pub defer_embeds: Option<Vec<TypeId>>,
    /// The type declarations being checked, innermost last (decl.rs, type_spec): a
    /// reference to an alias on this path is a cycle.
    pub type_path: Vec<ObjId>,
    /// The assignment context being checked ("assignment", "argument to f", …), for
    /// the wording of conversion errors.
    pub assign_ctx: Option<String>,
    /// Package names by import path (for imports without an explicit name).
    pub package_names: HashMap<String, String>,
    /// Files of the package being checked.
    pub pkg_files: std::ops::Range<usize>,
    /// Scopes of the packages checked so far, by import path.
    pub package_scopes: HashMap<String, ScopeId>,
    /// Import paths of user packages the current package imports (inittask deps).
    pub imported_paths: Vec<String>,
    /// Members of package runtime, built on first use.
    pub runtime_members: Option<HashMap<String, ObjId>>,
    /// The errors reported so far, by file, line and message: gc reports an error
    /// equal to one already on its line only once (several different errors on one
    /// line are all reported).
    pub error_lines: HashSet<(u32, u32, String)>,
    /// Channel types already reported as having too large elements (decl.rs).
    pub big_chans: HashSet<TypeId>,
    /// While an inherited constant expression (`const ( a = iota + x; b )`) is checked
    /// for a later name, errors are reported at that name, as gc does.
    pub errpos: Option<Pos>,
    /// Set when an expression being checked contains a function call or a channel
    /// receive (len/cap of an array is then not constant).
    pub has_call_or_recv: bool,
    /// Set while a `:=` with several variables initializes them pair by pair.
    pub pairwise_init: bool,
    /// Checks that need complete types (types2's check.later): map key types and
    /// embedded field types, with the file and position to report at.
    pub later: Vec<(u32, Pos, Later)>,
    /// Errors gc finds only after type checking succeeded (a missing function body, a
    /// missing main): reported only if the whole program has no type errors.
    pub late_diags: Vec<(u32, Diagnostic)>,
}

/// Checks one package made of `files`; `path` is its import path (`main` for main).
pub fn check_package(files: &[File], path: &str) -> (Info, Vec<(u32, Diagnostic)>) {
    check_program(files, &[PackageSpec { path: path.to_string(), files: 0..files.len() }])
}

/// One package of a program: its import path and its files (a range of the files
/// given to `check_program`).
#[derive(Clone, Debug)]
pub struct PackageSpec {
    pub path: String,
    pub files: std::ops::Range<usize>,
}

/// Diagnostics come back in the order they were found; gc prints the first ten of
/// them sorted by position, then `POS: too many errors` at the eleventh.
///
/// Checks the packages of a program in the order given (every package after the
/// packages it imports; the main package last), sharing one type table so that
/// types cross package boundaries.
pub fn check_program(files: &[File], packages: &[PackageSpec]) -> (Info, Vec<(u32, Diagnostic)>) {
    let first = packages.first().map(|p| p.path.as_str()).unwrap_or("main");
    let mut c = Checker::new(files, first);
    let mut pkgs = vec![];
    for p in packages {
        c.begin_package(p);
        c.run();
        pkgs.push(crate::info::PackageInfo {
            path: p.path.clone(),
            name: c.pkg_name.clone(),
            files: p.files.clone(),
            init_order: std::mem::take(&mut c.init_order),
            init_funcs: std::mem::take(&mut c.init_funcs),
            imports: std::mem::take(&mut c.imported_paths),
        });
    }
    // In the order they were found (gc keeps the first ten found, printed sorted).
    let mut diags = std::mem::take(&mut c.diags);
    if diags.is_empty() {
        // gc checks directive placement after type checking and stops there, before
        // the late errors.
        diags = (0..files.len() as u32)
            .flat_map(|f| rgo_syntax::check_directives(&files[f as usize]).into_iter().map(move |d| (f, d)))
            .collect();
    }
    if diags.is_empty() {
        diags = std::mem::take(&mut c.late_diags);
    }
    let main = pkgs.last().cloned();
    let info = Info {
        name: main.as_ref().map(|p| p.name.clone()).unwrap_or_default(),
        path: main.as_ref().map(|p| p.path.clone()).unwrap_or_default(),
        exprs: c.exprs,
        idents: c.idents,
        objects: c.objects,
        types: c.types,
        init_order: main.as_ref().map(|p| p.init_order.clone()).unwrap_or_default(),
        funcs: c.funcs,
        extern_funcs: c.extern_funcs,
        init_funcs: main.as_ref().map(|p| p.init_funcs.clone()).unwrap_or_default(),
        selections: c.selections,
        packages: pkgs,
    };
    (info, diags)
}

impl<'a> Checker<'a> {
    fn new(files: &'a [File], path: &str) -> Self {
        let mut objects = vec![];
        let mut types = TypeTable::new();
        let mut universe = crate::universe::build(&mut objects);
        // `error` is a named interface type with one method, `Error() string`.
        let err_obj = ObjId(objects.len() as u32);
        let error_type = types.new_named(err_obj, "error".into());
        let sig = types.intern(Type::Func(Signature { params: vec![], results: vec![ids::STRING], variadic: false }));
        let iface = types.intern(Type::Interface(vec![Method { name: "Error".into(), sig }]));
        types.named_info_mut(error_type).unwrap().underlying = Some(iface);
        objects.push(Object {
            name: "error".into(),
            kind: ObjKind::TypeName,
            ty: error_type,
            pos: Pos(0),
            file: None,
            used: true,
            link_name: "error".into(),
        });
        universe.names.insert("error".into(), err_obj);
        let pkg_name = files.first().map(|f| f.package.name.clone()).unwrap_or_default();
        let scopes = vec![universe, Scope { parent: Some(ScopeId(0)), ..Default::default() }];
        Checker {
            files,
            pkg_name,
            pkg_path: path.to_string(),
            objects,
            scopes,
            pkg_scope: ScopeId(1),
            file_scopes: vec![ScopeId(0); files.len()],
            types,
            exprs: files.iter().map(|f| vec![None; f.node_count as usize]).collect(),
            idents: files.iter().map(|f| vec![None; f.node_count as usize]).collect(),
            diags: vec![],
            decls: HashMap::new(),
            resolve: HashMap::new(),
            file: 0,
            iota: None,
            func: None,
            deps: HashMap::new(),
            dep_owner: None,
            init_order: vec![],
            funcs: vec![],
            extern_funcs: vec![],
            init_funcs: vec![],
            locals: vec![],
            imports: vec![],
            error_lines: HashSet::new(),
            big_chans: HashSet::new(),
            late_diags: vec![],
            later: vec![],
            pairwise_init: false,
            has_call_or_recv: false,
            errpos: None,
            untyped_children: HashMap::new(),
            untyped_shifts: HashMap::new(),
            runtime_members: None,
            pkg_files: 0..files.len(),
            package_scopes: HashMap::new(),
            package_names: HashMap::new(),
            assign_ctx: None,
            imported_paths: vec![],
            pending_underlying: vec![],
            pending_ifaces: vec![],
            defer_embeds: None,
            type_path: vec![],
            selections: HashMap::new(),
        }
    }

    /// Starts checking package `p`: a fresh package scope; earlier packages stay
    /// reachable through their import paths.
    fn begin_package(&mut self, p: &PackageSpec) {
        self.pkg_path = p.path.clone();
        self.pkg_files = p.files.clone();
        self.pkg_name = self.files.get(p.files.start).map(|f| f.package.name.clone()).unwrap_or_default();
        self.scopes.push(Scope { parent: Some(ScopeId(0)), ..Default::default() });
        self.pkg_scope = ScopeId(self.scopes.len() as u32 - 1);
        self.package_scopes.insert(p.path.clone(), self.pkg_scope);
        self.imports.clear();
        self.decls.clear();
        self.resolve.clear();
    }

    fn run(&mut self) {
        self.collect_objects();
        self.resolve_all();
        self.run_later_checks();
        self.check_bodies();
        self.run_later_checks();
        self.compute_init_order();
        self.report_unused_imports();
    }

    /// Runs the delayed checks queued so far.
    fn run_later_checks(&mut self) {
        let saved = self.file;
        for (file, pos, check) in std::mem::take(&mut self.later) {
            self.file = file;
            match check {
                Later::MapKey(k) => {
                    if self.types.underlying(k) != ids::INVALID && !self.comparable(k) {
                        self.error(pos, format!("invalid map key type {}", self.type_str(k)));
                    }
                }
                Later::Embedded(t) => {
                    let (base, is_ptr) = match self.types.get(t) {
                        Type::Pointer(b) => (*b, true),
                        _ => (t, false),
                    };
                    let msg = match self.types.get(self.types.underlying(base)) {
                        Type::Basic(crate::types::BasicKind::UnsafePointer) => Some("embedded field type cannot be unsafe.Pointer"),
                        Type::Pointer(_) => Some("embedded field type cannot be a pointer"),
                        Type::Interface(_) if is_ptr => Some("embedded field type cannot be a pointer to an interface"),
                        _ => None,
                    };
                    if let Some(m) = msg {
                        self.error(pos, m);
                    }
                }
            }
        }
        self.file = saved;
    }

    /// Reports `msg` at `pos` of the current file if the program turns out to have no
    /// type errors (see `late_diags`).
    pub fn late_error(&mut self, pos: Pos, msg: impl Into<String>) {
        self.late_diags.push((self.file, Diagnostic { pos, message: msg.into() }));
    }

    /// Reports `msg` at `pos` of the current file, unless it is a follow-on error or
    /// repeats an error on the same line (see error_lines).
    pub fn error(&mut self, pos: Pos, msg: impl Into<String>) {
        let pos = self.errpos.unwrap_or(pos);
        let line = self.files[self.file as usize].line_col(pos).0;
        let msg = msg.into();
        // As types2: once an error has been reported, errors that mention an invalid
        // operand or type (not at the start) are follow-on errors and are dropped.
        let follow_on = |s: &str| msg.find(s).is_some_and(|i| i > 0);
        if !self.diags.is_empty() && (follow_on("invalid operand") || follow_on("invalid type")) {
            return;
        }
        if !self.error_lines.insert((self.file, line, msg.clone())) {
            return;
        }
        self.diags.push((self.file, Diagnostic { pos, message: msg }));
    }

    pub fn new_scope(&mut self, parent: ScopeId, is_func: bool) -> ScopeId {
        self.scopes.push(Scope { parent: Some(parent), names: HashMap::new(), is_func });
        ScopeId(self.scopes.len() as u32 - 1)
    }

    pub fn new_object(&mut self, name: &str, kind: ObjKind, ty: TypeId, pos: Pos) -> ObjId {
        let id = ObjId(self.objects.len() as u32);
        self.objects.push(Object {
            name: name.to_string(),
            kind,
            ty,
            pos,
            file: Some(self.file),
            used: false,
            link_name: String::new(),
        });
        id
    }

    pub fn obj(&self, id: ObjId) -> &Object {
        &self.objects[id.0 as usize]
    }

    pub fn obj_mut(&mut self, id: ObjId) -> &mut Object {
        &mut self.objects[id.0 as usize]
    }

    /// Declares `obj` in `scope` under `ident`; reports a redeclaration (and then
    /// returns false: the object is not in the scope).
    pub fn declare(&mut self, scope: ScopeId, ident: &Ident, obj: ObjId) -> bool {
        self.idents[self.file as usize][ident.id.0 as usize] = Some(obj);
        if ident.name == "_" {
            return true;
        }
        if let Some(&prev) = self.scopes[scope.0 as usize].names.get(&ident.name) {
            let p = self.obj(prev).clone();
            let other = match p.file {
                Some(f) => {
                    let file = &self.files[f as usize];
                    let (l, c) = file.line_col(p.pos);
                    format!("\n\t{}:{}:{}: other declaration of {}", file.name, l, c, ident.name)
                }
                None => String::new(),
            };
            self.error(ident.pos, format!("{} redeclared in this block{}", ident.name, other));
            return false;
        }
        self.scopes[scope.0 as usize].names.insert(ident.name.clone(), obj);
        true
    }

    /// Looks `name` up from `scope` outwards.
    pub fn lookup(&self, mut scope: ScopeId, name: &str) -> Option<ObjId> {
        loop {
            let s = &self.scopes[scope.0 as usize];
            if let Some(&o) = s.names.get(name) {
                return Some(o);
            }
            scope = s.parent?;
        }
    }

    pub fn record(&mut self, id: NodeId, ty: TypeId, mode: Mode) {
        if let Some(slot) = self.exprs[self.file as usize].get_mut(id.0 as usize) {
            *slot = Some(ExprInfo { ty, mode });
        }
    }

    pub fn record_ident(&mut self, id: NodeId, obj: ObjId) {
        if let Some(slot) = self.idents[self.file as usize].get_mut(id.0 as usize) {
            *slot = Some(obj);
        }
    }

    fn report_unused_imports(&mut self) {
        for &imp in &self.imports.clone() {
            let o = self.obj(imp).clone();
            if !o.used {
                if let ObjKind::PkgName(path) = &o.kind {
                    self.file = o.file.unwrap_or(0);
                    let last = path.rsplit('/').next().unwrap_or(path);
                    let msg = if last == o.name {
                        format!("imported and not used: {path:?}")
                    } else {
                        format!("imported and not used: {path:?} as {}", o.name)
                    };
                    self.error(o.pos, msg);
                }
            }
        }
    }
}
