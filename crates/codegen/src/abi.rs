//! How Go values are laid out for Cranelift: every Go value is a flat list of scalars
//! (its "parts"), each with a Cranelift type and a byte offset in memory.
//!
//! `string` is (ptr, len), a slice (ptr, len, cap), an interface (type, data), a
//! struct the concatenation of its fields' parts, an array the concatenation of its
//! elements'. Passing, returning and holding a value in SSA variables all use the
//! parts; memory uses the offsets. This is the ABI of ARCHITECTURE.md ("multi-word
//! values are passed as consecutive scalar arguments").

use cranelift_codegen::ir::{AbiParam, Signature, types};
use cranelift_codegen::isa::CallConv;
use rgo_types::types::{BasicKind, Type};
use rgo_types::{TypeId, TypeTable};

/// One scalar part of a Go value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Part {
    pub ty: types::Type,
    pub offset: u32,
}

/// Arrays with more parts than this are not flattened (unsupported for now).
pub const MAX_PARTS: usize = 64;

/// The parts of a value of type `t`. A value too large to flatten (more than
/// MAX_PARTS scalars, e.g. `[1000]int`) is "indirect": one part, the address of an
/// immutable copy (see `is_indirect`). None for types without values (tuples).
pub fn parts(tt: &TypeTable, t: TypeId) -> Option<Vec<Part>> {
    let mut out = vec![];
    if push_parts(tt, t, 0, &mut out).is_none() {
        if is_indirect(tt, t) {
            return Some(vec![Part { ty: types::I64, offset: 0 }]);
        }
        return None;
    }
    Some(out)
}

/// Whether values of `t` are passed around as the address of a copy.
pub fn is_indirect(tt: &TypeTable, t: TypeId) -> bool {
    match tt.get(tt.underlying(t)) {
        Type::Array(..) | Type::Struct(_) => {
            let mut out = vec![];
            push_parts(tt, t, 0, &mut out).is_none()
        }
        _ => false,
    }
}

fn push_parts(tt: &TypeTable, t: TypeId, base: u32, out: &mut Vec<Part>) -> Option<()> {
    let u = tt.underlying(t);
    let mut p = |ty, off: u32| out.push(Part { ty, offset: base + off });
    match tt.get(u) {
        Type::Basic(k) => match k {
            BasicKind::Bool | BasicKind::Int8 | BasicKind::Uint8 => p(types::I8, 0),
            BasicKind::Int16 | BasicKind::Uint16 => p(types::I16, 0),
            BasicKind::Int32 | BasicKind::Uint32 => p(types::I32, 0),
            BasicKind::Int | BasicKind::Int64 | BasicKind::Uint | BasicKind::Uint64 | BasicKind::Uintptr | BasicKind::UnsafePointer => p(types::I64, 0),
            BasicKind::Float32 => p(types::F32, 0),
            BasicKind::Float64 => p(types::F64, 0),
            BasicKind::Complex64 => {
                p(types::F32, 0);
                p(types::F32, 4);
            }
            BasicKind::Complex128 => {
                p(types::F64, 0);
                p(types::F64, 8);
            }
            BasicKind::String => {
                p(types::I64, 0);
                p(types::I64, 8);
            }
            _ => return None,
        },
        Type::Pointer(_) | Type::Map(..) | Type::Chan(..) | Type::Func(_) => p(types::I64, 0),
        Type::Tuple(ts) if ts.is_empty() => {}
        Type::Slice(_) => {
            p(types::I64, 0);
            p(types::I64, 8);
            p(types::I64, 16);
        }
        Type::Interface(_) => {
            p(types::I64, 0);
            p(types::I64, 8);
        }
        Type::Struct(fields) => {
            let offs = tt.field_offsets(u);
            for (f, off) in fields.iter().zip(offs) {
                push_parts(tt, f.ty, base + off as u32, out)?;
            }
        }
        Type::Array(n, e) => {
            let esize = tt.size_of(*e) as u32;
            for i in 0..*n {
                push_parts(tt, *e, base + i as u32 * esize, out)?;
                if out.len() > MAX_PARTS {
                    return None;
                }
            }
        }
        _ => return None,
    }
    if out.len() > MAX_PARTS { None } else { Some(()) }
}

/// The Cranelift signature of a Go function type: flattened params then results.
/// `closure` adds a trailing context parameter (the funcval pointer). It is last so
/// that a declared function, which has none, can be called through a func value with
/// the extra argument: under System V an extra trailing argument is ignored.
pub fn signature(tt: &TypeTable, params: &[TypeId], results: &[TypeId], closure: bool) -> Option<Signature> {
    let mut sig = Signature::new(CallConv::SystemV);
    for &p in params {
        for part in parts(tt, p)? {
            sig.params.push(AbiParam::new(part.ty));
        }
    }
    if closure {
        sig.params.push(AbiParam::new(types::I64));
    }
    for &r in results {
        for part in parts(tt, r)? {
            sig.returns.push(AbiParam::new(part.ty));
        }
    }
    Some(sig)
}
