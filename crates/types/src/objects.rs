//! Named language entities (constants, variables, type names, functions, builtins,
//! packages, labels) and the lexical scopes that hold them.

use crate::constant::Value;
use crate::types::TypeId;
use rgo_syntax::Pos;
use std::collections::HashMap;

/// Index of an [`Object`] in the checker's object table.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct ObjId(pub u32);

/// Builtin functions of the universe and of package unsafe.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Builtin {
    Append,
    Cap,
    Close,
    Complex,
    Copy,
    Delete,
    Imag,
    Len,
    Make,
    New,
    Panic,
    Print,
    Println,
    Real,
    Recover,
    UnsafeSizeof,
    UnsafeAlignof,
    UnsafeOffsetof,
    UnsafeAdd,
    UnsafeSlice,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ObjKind {
    Const(Value),
    /// A variable. `global` for package-level variables; `param` for parameters and
    /// named results.
    Var { global: bool, param: bool },
    TypeName,
    /// A function or method (`recv` is set for methods).
    Func { recv: Option<TypeId> },
    Builtin(Builtin),
    /// An imported package (its path).
    PkgName(String),
    Nil,
    Label,
}

/// A declared entity.
#[derive(Clone, Debug)]
pub struct Object {
    pub name: String,
    pub kind: ObjKind,
    pub ty: TypeId,
    /// Declaration position and the index of its file (None for universe objects).
    pub pos: Pos,
    pub file: Option<u32>,
    /// Set when the object is used (for "declared but not used").
    pub used: bool,
    /// The link name for package-level functions and variables (e.g. `main.f`,
    /// `main.T.M`, `main.(*T).M`).
    pub link_name: String,
}

/// Index of a [`Scope`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct ScopeId(pub u32);

/// A lexical block's names.
#[derive(Clone, Debug, Default)]
pub struct Scope {
    pub parent: Option<ScopeId>,
    pub names: HashMap<String, ObjId>,
    /// Set for a function's outermost scope: lookups that cross it from inside a
    /// function literal capture variables.
    pub is_func: bool,
}
