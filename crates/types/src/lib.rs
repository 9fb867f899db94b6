//! rgo-types: the type checker, with go/types semantics.
//!
//! Input: the parsed files of one package (crates/syntax). Output: an [`Info`] with the
//! type and constant value of every expression, the object every identifier denotes,
//! the package-level initialization order, and the diagnostics, worded as gc words them.
//! No I/O, no knowledge of code generation.

pub mod constant;
mod constfmt;
pub mod objects;
pub mod types;
mod check;
mod info;
mod universe;

pub use check::{PackageSpec, check_package, check_program};
pub use info::{ExprInfo, FuncBody, Info, Initializer, Mode, PackageInfo, Selection, SelectionKind};
pub use objects::{Builtin, ObjId, ObjKind, Object};
pub use types::{BasicKind, TypeId, TypeTable};
