//! The checker's results, read by code generation.

use crate::constant::Value;
use crate::objects::{Builtin, ObjId, Object};
use crate::types::{TypeId, TypeTable};
use rgo_syntax::NodeId;

/// What an expression denotes.
#[derive(Clone, Debug, PartialEq)]
pub enum Mode {
    /// A call of a function without results.
    NoValue,
    /// A computed value.
    Value,
    /// An addressable variable (or a field/element of one).
    Var,
    /// `m[k]` of a map: assignable, not addressable; may be used with comma-ok.
    MapIndex,
    /// A constant; the type is the final one (after implicit conversion).
    Const(Value),
    /// A type.
    Type,
    /// A builtin function name.
    Builtin(Builtin),
    /// A value that may be used in a two-value assignment (`v, ok := <-c`, `x.(T)`).
    CommaOk,
    /// A package name (the left side of a qualified identifier).
    Pkg,
}

/// Type and mode of one expression.
#[derive(Clone, Debug)]
pub struct ExprInfo {
    pub ty: TypeId,
    pub mode: Mode,
}

/// A package-level variable initialization: `lhs = files[file].decls[decl].specs[spec].values[value]`
/// (`lhs` has several objects when the value is a multi-value call).
#[derive(Clone, Debug)]
pub struct Initializer {
    pub lhs: Vec<ObjId>,
    pub file: u32,
    pub decl: u32,
    pub spec: u32,
    pub value: u32,
}

/// A function or method declaration with a body: `files[file].decls[decl]`.
#[derive(Clone, Debug)]
pub struct FuncBody {
    pub obj: ObjId,
    pub file: u32,
    pub decl: u32,
}

/// One checked package of a program.
#[derive(Clone, Debug)]
pub struct PackageInfo {
    pub path: String,
    pub name: String,
    /// Indices of its files in the program's file list.
    pub files: std::ops::Range<usize>,
    /// Package-level variable initializations in the spec's order.
    pub init_order: Vec<Initializer>,
    /// User `init` functions in source order.
    pub init_funcs: Vec<ObjId>,
    /// Import paths of the user packages it imports (their inits run first).
    pub imports: Vec<String>,
}

/// Everything the checker learned about a package.
pub struct Info {
    /// The package name (`main`) and its path (`main` for the main package).
    pub name: String,
    pub path: String,
    /// `exprs[file][node]`: type and mode of each expression.
    pub exprs: Vec<Vec<Option<ExprInfo>>>,
    /// `idents[file][node]`: the object an identifier declares or denotes.
    pub idents: Vec<Vec<Option<ObjId>>>,
    pub objects: Vec<Object>,
    pub types: TypeTable,
    /// Package-level variable initializations in the spec's order.
    pub init_order: Vec<Initializer>,
    /// Functions and methods with bodies, in source order (user `init`s included).
    pub funcs: Vec<FuncBody>,
    /// Bodyless functions whose code is elsewhere, under their `//go:linkname` target
    /// (their link_name); callers link to it.
    pub extern_funcs: Vec<ObjId>,
    /// User `init` functions in source order; their link names are `pkg.init.N`.
    pub init_funcs: Vec<ObjId>,
    /// Resolved selectors `x.f`, keyed by (file, node of the selector expression).
    pub selections: std::collections::HashMap<(u32, NodeId), Selection>,
    /// Every package of the program, dependencies first, main last.
    pub packages: Vec<PackageInfo>,
}

impl Info {
    pub fn expr(&self, file: u32, id: NodeId) -> Option<&ExprInfo> {
        self.exprs.get(file as usize)?.get(id.0 as usize)?.as_ref()
    }
    pub fn ident(&self, file: u32, id: NodeId) -> Option<ObjId> {
        *self.idents.get(file as usize)?.get(id.0 as usize)?
    }
    pub fn obj(&self, id: ObjId) -> &Object {
        &self.objects[id.0 as usize]
    }
}

/// What a selector `x.name` selects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SelectionKind {
    /// A struct field.
    Field,
    /// A method value `x.M` (bound to x), usually called at once.
    MethodVal,
    /// A method expression `T.M`.
    MethodExpr,
}

/// A resolved selector.
#[derive(Clone, Debug)]
pub struct Selection {
    pub kind: SelectionKind,
    /// Indices of the embedded fields walked through before the final one.
    pub path: Vec<u32>,
    /// Index of the field (for fields).
    pub index: u32,
    /// The method (for methods).
    pub method: Option<ObjId>,
    /// Type of the field, or of the method value (signature without receiver).
    pub ty: TypeId,
    /// A pointer was dereferenced on the way (x was a pointer or an embedded pointer).
    pub indirect: bool,
    /// The method has a pointer receiver.
    pub ptr_recv: bool,
}
