//! The universe block: predeclared types, constants, nil and the builtin functions.

use crate::constant::Value;
use crate::objects::{Builtin, ObjId, ObjKind, Object, Scope};
use crate::types::ids;
use rgo_syntax::Pos;

/// Adds the universe's objects to `objects` and returns the universe scope.
pub fn build(objects: &mut Vec<Object>) -> Scope {
    let mut scope = Scope::default();
    let mut add = |name: &str, kind: ObjKind, ty| {
        let id = ObjId(objects.len() as u32);
        objects.push(Object {
            name: name.to_string(),
            kind,
            ty,
            pos: Pos(0),
            file: None,
            used: true,
            link_name: name.to_string(),
        });
        scope.names.insert(name.to_string(), id);
    };
    for (name, ty) in [
        ("bool", ids::BOOL),
        ("int", ids::INT),
        ("int8", ids::INT8),
        ("int16", ids::INT16),
        ("int32", ids::INT32),
        ("int64", ids::INT64),
        ("uint", ids::UINT),
        ("uint8", ids::UINT8),
        ("uint16", ids::UINT16),
        ("uint32", ids::UINT32),
        ("uint64", ids::UINT64),
        ("uintptr", ids::UINTPTR),
        ("float32", ids::FLOAT32),
        ("float64", ids::FLOAT64),
        ("complex64", ids::COMPLEX64),
        ("complex128", ids::COMPLEX128),
        ("string", ids::STRING),
        ("byte", ids::BYTE),
        ("rune", ids::RUNE),
        ("any", ids::EMPTY_INTERFACE),
    ] {
        add(name, ObjKind::TypeName, ty);
    }
    add("true", ObjKind::Const(Value::Bool(true)), ids::UNTYPED_BOOL);
    add("false", ObjKind::Const(Value::Bool(false)), ids::UNTYPED_BOOL);
    add("iota", ObjKind::Const(Value::int(0)), ids::UNTYPED_INT);
    add("nil", ObjKind::Nil, ids::UNTYPED_NIL);
    for (name, b) in [
        ("append", Builtin::Append),
        ("cap", Builtin::Cap),
        ("close", Builtin::Close),
        ("complex", Builtin::Complex),
        ("copy", Builtin::Copy),
        ("delete", Builtin::Delete),
        ("imag", Builtin::Imag),
        ("len", Builtin::Len),
        ("make", Builtin::Make),
        ("new", Builtin::New),
        ("panic", Builtin::Panic),
        ("print", Builtin::Print),
        ("println", Builtin::Println),
        ("real", Builtin::Real),
        ("recover", Builtin::Recover),
    ] {
        add(name, ObjKind::Builtin(b), ids::INVALID);
    }
    scope
}
