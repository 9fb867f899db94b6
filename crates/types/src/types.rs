//! Go types, interned in a [`TypeTable`] and named by [`TypeId`].
//!
//! Structural types (pointers, slices, arrays, maps, channels, functions, structs,
//! interfaces, tuples) are interned, so two identical types share one id and identity
//! is `==` on ids — except that `byte`/`uint8` and `rune`/`int32` keep separate ids for
//! gc's spelling in messages; [`TypeTable::identical`] treats them as the same.
//! A named type is created once per declaration and gets its underlying type later,
//! which is what allows recursive types.

use crate::objects::ObjId;
use std::collections::HashMap;

/// Index of a type in the [`TypeTable`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct TypeId(pub u32);

/// Predeclared and untyped basic kinds.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum BasicKind {
    Invalid,
    Bool,
    Int,
    Int8,
    Int16,
    Int32,
    Int64,
    Uint,
    Uint8,
    Uint16,
    Uint32,
    Uint64,
    Uintptr,
    Float32,
    Float64,
    Complex64,
    Complex128,
    String,
    UnsafePointer,
    UntypedBool,
    UntypedInt,
    UntypedRune,
    UntypedFloat,
    UntypedComplex,
    UntypedString,
    UntypedNil,
}

impl BasicKind {
    pub fn is_untyped(self) -> bool {
        use BasicKind::*;
        matches!(
            self,
            UntypedBool | UntypedInt | UntypedRune | UntypedFloat | UntypedComplex | UntypedString | UntypedNil
        )
    }
    pub fn is_integer(self) -> bool {
        use BasicKind::*;
        matches!(
            self,
            Int | Int8 | Int16 | Int32 | Int64 | Uint | Uint8 | Uint16 | Uint32 | Uint64 | Uintptr | UntypedInt | UntypedRune
        )
    }
    pub fn is_unsigned(self) -> bool {
        use BasicKind::*;
        matches!(self, Uint | Uint8 | Uint16 | Uint32 | Uint64 | Uintptr)
    }
    pub fn is_float(self) -> bool {
        matches!(self, BasicKind::Float32 | BasicKind::Float64 | BasicKind::UntypedFloat)
    }
    pub fn is_complex(self) -> bool {
        matches!(self, BasicKind::Complex64 | BasicKind::Complex128 | BasicKind::UntypedComplex)
    }
    pub fn is_numeric(self) -> bool {
        self.is_integer() || self.is_float() || self.is_complex()
    }
    pub fn is_string(self) -> bool {
        matches!(self, BasicKind::String | BasicKind::UntypedString)
    }
    pub fn is_boolean(self) -> bool {
        matches!(self, BasicKind::Bool | BasicKind::UntypedBool)
    }
    pub fn is_ordered(self) -> bool {
        self.is_integer() || self.is_float() || self.is_string()
    }
    /// Size in bytes on amd64 (0 for untyped kinds).
    pub fn size(self) -> u64 {
        use BasicKind::*;
        match self {
            Bool | Int8 | Uint8 => 1,
            Int16 | Uint16 => 2,
            Int32 | Uint32 | Float32 => 4,
            Int | Int64 | Uint | Uint64 | Uintptr | Float64 | Complex64 | UnsafePointer => 8,
            Complex128 | String => 16,
            _ => 0,
        }
    }
    /// gc's name of the kind.
    pub fn name(self) -> &'static str {
        use BasicKind::*;
        match self {
            Invalid => "invalid type",
            Bool => "bool",
            Int => "int",
            Int8 => "int8",
            Int16 => "int16",
            Int32 => "int32",
            Int64 => "int64",
            Uint => "uint",
            Uint8 => "uint8",
            Uint16 => "uint16",
            Uint32 => "uint32",
            Uint64 => "uint64",
            Uintptr => "uintptr",
            Float32 => "float32",
            Float64 => "float64",
            Complex64 => "complex64",
            Complex128 => "complex128",
            String => "string",
            UnsafePointer => "unsafe.Pointer",
            UntypedBool => "untyped bool",
            UntypedInt => "untyped int",
            UntypedRune => "untyped rune",
            UntypedFloat => "untyped float",
            UntypedComplex => "untyped complex",
            UntypedString => "untyped string",
            UntypedNil => "untyped nil",
        }
    }
}

/// Channel direction.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum ChanDir {
    Both,
    Send,
    Recv,
}

/// A struct field.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct Field {
    pub name: String,
    pub ty: TypeId,
    pub embedded: bool,
    pub tag: String,
    /// Package path for unexported names (identity of unexported fields).
    pub pkg: String,
}

/// A function signature.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct Signature {
    pub params: Vec<TypeId>,
    pub results: Vec<TypeId>,
    /// The last parameter is `...T`, stored as `[]T`.
    pub variadic: bool,
}

/// An interface method.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct Method {
    pub name: String,
    /// A `Func` type.
    pub sig: TypeId,
}

/// A type.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum Type {
    Basic(BasicKind),
    /// `byte` or `rune`: the same type as uint8 / int32, spelled as declared.
    Alias(&'static str, TypeId),
    Pointer(TypeId),
    Slice(TypeId),
    Array(u64, TypeId),
    Map(TypeId, TypeId),
    Chan(ChanDir, TypeId),
    Func(Signature),
    Struct(Vec<Field>),
    /// Methods sorted by name, embedded interfaces already flattened.
    Interface(Vec<Method>),
    /// Results of a multi-value call.
    Tuple(Vec<TypeId>),
    /// A defined type; see [`NamedInfo`].
    Named(u32),
}

/// A defined type: its type name object, underlying type, and methods.
#[derive(Clone, Debug)]
pub struct NamedInfo {
    pub obj: ObjId,
    /// Display name, e.g. `main.T`.
    pub name: String,
    /// Set when the declaration is resolved; `None` while resolving (cycle detection).
    pub underlying: Option<TypeId>,
    /// Declared methods (func objects), in declaration order.
    pub methods: Vec<ObjId>,
}

/// Owns all types of a package being checked.
#[derive(Default)]
pub struct TypeTable {
    types: Vec<Type>,
    interned: HashMap<Type, TypeId>,
    pub named: Vec<NamedInfo>,
}

/// Well-known type ids, created first by [`TypeTable::new`] in this order.
pub mod ids {
    use super::TypeId;
    pub const INVALID: TypeId = TypeId(0);
    pub const BOOL: TypeId = TypeId(1);
    pub const INT: TypeId = TypeId(2);
    pub const INT8: TypeId = TypeId(3);
    pub const INT16: TypeId = TypeId(4);
    pub const INT32: TypeId = TypeId(5);
    pub const INT64: TypeId = TypeId(6);
    pub const UINT: TypeId = TypeId(7);
    pub const UINT8: TypeId = TypeId(8);
    pub const UINT16: TypeId = TypeId(9);
    pub const UINT32: TypeId = TypeId(10);
    pub const UINT64: TypeId = TypeId(11);
    pub const UINTPTR: TypeId = TypeId(12);
    pub const FLOAT32: TypeId = TypeId(13);
    pub const FLOAT64: TypeId = TypeId(14);
    pub const COMPLEX64: TypeId = TypeId(15);
    pub const COMPLEX128: TypeId = TypeId(16);
    pub const STRING: TypeId = TypeId(17);
    pub const UNSAFE_POINTER: TypeId = TypeId(18);
    pub const UNTYPED_BOOL: TypeId = TypeId(19);
    pub const UNTYPED_INT: TypeId = TypeId(20);
    pub const UNTYPED_RUNE: TypeId = TypeId(21);
    pub const UNTYPED_FLOAT: TypeId = TypeId(22);
    pub const UNTYPED_COMPLEX: TypeId = TypeId(23);
    pub const UNTYPED_STRING: TypeId = TypeId(24);
    pub const UNTYPED_NIL: TypeId = TypeId(25);
    pub const BYTE: TypeId = TypeId(26);
    pub const RUNE: TypeId = TypeId(27);
    /// `interface{}`
    pub const EMPTY_INTERFACE: TypeId = TypeId(28);
    /// The empty tuple: the "type" of builtins and of calls without results.
    pub const VOID: TypeId = TypeId(29);
}

impl TypeTable {
    pub fn new() -> TypeTable {
        use BasicKind::*;
        let mut t = TypeTable::default();
        for k in [
            Invalid, Bool, Int, Int8, Int16, Int32, Int64, Uint, Uint8, Uint16, Uint32, Uint64, Uintptr, Float32,
            Float64, Complex64, Complex128, String, UnsafePointer, UntypedBool, UntypedInt, UntypedRune,
            UntypedFloat, UntypedComplex, UntypedString, UntypedNil,
        ] {
            t.intern(Type::Basic(k));
        }
        t.intern(Type::Alias("byte", ids::UINT8));
        t.intern(Type::Alias("rune", ids::INT32));
        t.intern(Type::Interface(vec![]));
        t.intern(Type::Tuple(vec![]));
        t
    }

    /// Returns the id of `ty`, creating it if new.
    pub fn intern(&mut self, ty: Type) -> TypeId {
        if let Some(&id) = self.interned.get(&ty) {
            return id;
        }
        let id = TypeId(self.types.len() as u32);
        self.types.push(ty.clone());
        self.interned.insert(ty, id);
        id
    }

    /// Creates a new defined type (never interned: each declaration is distinct).
    pub fn new_named(&mut self, obj: ObjId, name: String) -> TypeId {
        let idx = self.named.len() as u32;
        self.named.push(NamedInfo { obj, name, underlying: None, methods: vec![] });
        let id = TypeId(self.types.len() as u32);
        self.types.push(Type::Named(idx));
        id
    }

    pub fn get(&self, id: TypeId) -> &Type {
        &self.types[id.0 as usize]
    }

    pub fn named_info(&self, id: TypeId) -> Option<&NamedInfo> {
        match self.get(id) {
            Type::Named(i) => Some(&self.named[*i as usize]),
            _ => None,
        }
    }

    pub fn named_info_mut(&mut self, id: TypeId) -> Option<&mut NamedInfo> {
        match self.types[id.0 as usize] {
            Type::Named(i) => Some(&mut self.named[i as usize]),
            _ => None,
        }
    }

    /// The underlying type: itself for unnamed types, the declared one for named types
    /// (INVALID while the declaration is still being resolved).
    pub fn underlying(&self, mut id: TypeId) -> TypeId {
        for _ in 0..100 {
            match self.get(id) {
                Type::Named(i) => match self.named[*i as usize].underlying {
                    Some(u) => id = u,
                    None => return ids::INVALID,
                },
                Type::Alias(_, t) => id = *t,
                _ => return id,
            }
        }
        ids::INVALID
    }

    /// The type with `byte`/`rune` replaced by uint8/int32 (identity is on this).
    pub fn canonical(&self, id: TypeId) -> TypeId {
        match self.get(id) {
            Type::Alias(_, t) => *t,
            _ => id,
        }
    }

    pub fn identical(&self, a: TypeId, b: TypeId) -> bool {
        let (a, b) = (self.canonical(a), self.canonical(b));
        if a == b {
            return true;
        }
        // Composite types containing byte vs uint8 are interned separately.
        match (self.get(a), self.get(b)) {
            (Type::Pointer(x), Type::Pointer(y)) | (Type::Slice(x), Type::Slice(y)) => self.identical(*x, *y),
            (Type::Array(n, x), Type::Array(m, y)) => n == m && self.identical(*x, *y),
            (Type::Map(k1, v1), Type::Map(k2, v2)) => self.identical(*k1, *k2) && self.identical(*v1, *v2),
            (Type::Chan(d1, x), Type::Chan(d2, y)) => d1 == d2 && self.identical(*x, *y),
            (Type::Func(s1), Type::Func(s2)) => {
                s1.variadic == s2.variadic
                    && s1.params.len() == s2.params.len()
                    && s1.results.len() == s2.results.len()
                    && s1.params.iter().zip(&s2.params).all(|(x, y)| self.identical(*x, *y))
                    && s1.results.iter().zip(&s2.results).all(|(x, y)| self.identical(*x, *y))
            }
            (Type::Struct(f1), Type::Struct(f2)) => {
                f1.len() == f2.len()
                    && f1.iter().zip(f2).all(|(x, y)| {
                        x.name == y.name
                            && x.embedded == y.embedded
                            && x.tag == y.tag
                            && self.identical(x.ty, y.ty)
                            && (is_exported(&x.name) || x.pkg == y.pkg)
                    })
            }
            (Type::Interface(m1), Type::Interface(m2)) => {
                m1.len() == m2.len()
                    && m1.iter().zip(m2).all(|(x, y)| x.name == y.name && self.identical(x.sig, y.sig))
            }
            (Type::Tuple(x), Type::Tuple(y)) => {
                x.len() == y.len() && x.iter().zip(y).all(|(p, q)| self.identical(*p, *q))
            }
            _ => false,
        }
    }

    /// The basic kind of the underlying type, if it is basic.
    pub fn basic(&self, id: TypeId) -> Option<BasicKind> {
        match self.get(self.underlying(id)) {
            Type::Basic(k) => Some(*k),
            _ => None,
        }
    }

    pub fn is_named(&self, id: TypeId) -> bool {
        matches!(self.get(id), Type::Named(_))
    }

    /// types2's hasName: defined types and the predeclared basic types (`int` is a
    /// named type for assignability: `var x MyInt = int(0)` is an error).
    pub fn has_name(&self, id: TypeId) -> bool {
        matches!(self.get(id), Type::Named(_) | Type::Basic(_) | Type::Alias(..))
    }

    pub fn is_untyped(&self, id: TypeId) -> bool {
        matches!(self.get(id), Type::Basic(k) if k.is_untyped())
    }

    pub fn is_interface(&self, id: TypeId) -> bool {
        matches!(self.get(self.underlying(id)), Type::Interface(_))
    }

    /// Size in bytes on amd64.
    pub fn size_of(&self, id: TypeId) -> u64 {
        let u = self.underlying(id);
        match self.get(u) {
            Type::Basic(k) => k.size(),
            Type::Pointer(_) | Type::Map(..) | Type::Chan(..) | Type::Func(_) => 8,
            Type::Slice(_) => 24,
            Type::Interface(_) => 16,
            Type::Array(n, e) => n.saturating_mul(self.size_of(*e)),
            Type::Struct(fields) => {
                let mut off = 0u64;
                let mut max_align = 1;
                for f in fields {
                    let a = self.align_of(f.ty);
                    max_align = max_align.max(a);
                    off = off.div_ceil(a) * a + self.size_of(f.ty);
                }
                // gc pads a trailing zero-size field so &s.last never points past s.
                if let Some(last) = fields.last() {
                    if self.size_of(last.ty) == 0 && off > 0 {
                        off += 1;
                    }
                }
                off.div_ceil(max_align) * max_align
            }
            _ => 0,
        }
    }

    pub fn align_of(&self, id: TypeId) -> u64 {
        let u = self.underlying(id);
        match self.get(u) {
            Type::Basic(BasicKind::Complex64) => 4,
            Type::Basic(k) => k.size().clamp(1, 8),
            Type::Array(_, e) => self.align_of(*e),
            Type::Struct(fields) => fields.iter().map(|f| self.align_of(f.ty)).max().unwrap_or(1),
            _ => 8,
        }
    }

    /// Byte offsets of a struct's fields.
    pub fn field_offsets(&self, id: TypeId) -> Vec<u64> {
        let Type::Struct(fields) = self.get(self.underlying(id)) else { return vec![] };
        let mut off: u64 = 0;
        fields
            .iter()
            .map(|f| {
                let a = self.align_of(f.ty);
                off = off.div_ceil(a) * a;
                let o = off;
                off += self.size_of(f.ty);
                o
            })
            .collect()
    }

    /// Formats a type as gc does in messages (`[]int`, `map[string]main.T`, `func(int) string`).
    pub fn display(&self, id: TypeId) -> String {
        self.display_with(id, false)
    }

    /// A type as the runtime names it (reflect's String, panic messages): like
    /// `display` but with `byte` and `rune` spelled `uint8` and `int32`.
    pub fn runtime_string(&self, id: TypeId) -> String {
        self.display_with(id, true)
    }

    pub fn display_sig(&self, sig: &Signature) -> String {
        self.display_sig_with(sig, false)
    }

    /// `rt`: spell the byte/rune aliases as the types they stand for.
    fn display_with(&self, id: TypeId, rt: bool) -> String {
        let display = |t: TypeId| self.display_with(t, rt);
        match self.get(id) {
            Type::Basic(k) => k.name().to_string(),
            Type::Alias(_, t) if rt => display(*t),
            Type::Alias(n, _) => n.to_string(),
            Type::Named(i) => self.named[*i as usize].name.clone(),
            Type::Pointer(t) => format!("*{}", display(*t)),
            Type::Slice(t) => format!("[]{}", display(*t)),
            Type::Array(n, t) => format!("[{n}]{}", display(*t)),
            Type::Map(k, v) => format!("map[{}]{}", display(*k), display(*v)),
            Type::Chan(d, t) => match d {
                ChanDir::Both => format!("chan {}", display(*t)),
                ChanDir::Send => format!("chan<- {}", display(*t)),
                ChanDir::Recv => format!("<-chan {}", display(*t)),
            },
            Type::Func(sig) => format!("func{}", self.display_sig_with(sig, rt)),
            Type::Struct(fields) => {
                let parts: Vec<String> = fields
                    .iter()
                    .map(|f| if f.embedded { display(f.ty) } else { format!("{} {}", f.name, display(f.ty)) })
                    .collect();
                format!("struct{{{}}}", parts.join("; "))
            }
            Type::Interface(methods) => {
                if methods.is_empty() {
                    return "interface {}".to_string();
                }
                let parts: Vec<String> = methods
                    .iter()
                    .map(|m| match self.get(m.sig) {
                        Type::Func(s) => format!("{}{}", m.name, self.display_sig_with(s, rt)),
                        _ => m.name.clone(),
                    })
                    .collect();
                format!("interface {{{}}}", parts.join("; "))
            }
            Type::Tuple(ts) => {
                let parts: Vec<String> = ts.iter().map(|t| display(*t)).collect();
                format!("({})", parts.join(", "))
            }
        }
    }

    fn display_sig_with(&self, sig: &Signature, rt: bool) -> String {
        let display = |t: TypeId| self.display_with(t, rt);
        let mut ps: Vec<String> = sig.params.iter().map(|t| display(*t)).collect();
        if sig.variadic {
            if let Some(last) = ps.last_mut() {
                *last = format!("...{}", last.trim_start_matches("[]"));
            }
        }
        let mut s = format!("({})", ps.join(", "));
        match sig.results.len() {
            0 => {}
            1 => s += &format!(" {}", display(sig.results[0])),
            _ => {
                let rs: Vec<String> = sig.results.iter().map(|t| display(*t)).collect();
                s += &format!(" ({})", rs.join(", "));
            }
        }
        s
    }
}

pub fn is_exported(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_uppercase())
}
