//! Read-only data: string literals and type descriptors (`runtime._type`, laid out as
//! ARCHITECTURE.md says: gc 1.19's 48 bytes, then the type's name as a Go string).

use crate::Gen;
use cranelift_module::{DataDescription, DataId, Linkage, Module};
use rgo_types::types::{BasicKind, Type};
use rgo_types::TypeId;

/// reflect.Kind numbers, as gc stores them in `_type.kind`.
pub fn kind_of(info: &rgo_types::TypeTable, t: TypeId) -> u8 {
    match info.get(info.underlying(t)) {
        Type::Basic(k) => match k {
            BasicKind::Bool => 1,
            BasicKind::Int => 2,
            BasicKind::Int8 => 3,
            BasicKind::Int16 => 4,
            BasicKind::Int32 => 5,
            BasicKind::Int64 => 6,
            BasicKind::Uint => 7,
            BasicKind::Uint8 => 8,
            BasicKind::Uint16 => 9,
            BasicKind::Uint32 => 10,
            BasicKind::Uint64 => 11,
            BasicKind::Uintptr => 12,
            BasicKind::Float32 => 13,
            BasicKind::Float64 => 14,
            BasicKind::Complex64 => 15,
            BasicKind::Complex128 => 16,
            BasicKind::String => 24,
            BasicKind::UnsafePointer => 26,
            _ => 0,
        },
        Type::Array(..) => 17,
        Type::Chan(..) => 18,
        Type::Func(_) => 19,
        Type::Interface(_) => 20,
        Type::Map(..) => 21,
        Type::Pointer(_) => 22,
        Type::Slice(_) => 23,
        Type::Struct(_) => 25,
        _ => 0,
    }
}

impl Gen<'_> {
    /// The data object holding the bytes of a string literal (deduplicated).
    pub fn string_data(&mut self, bytes: &[u8]) -> DataId {
        if let Some(&id) = self.strings.get(bytes) {
            return id;
        }
        let name = format!("go:string.{}", self.strings.len());
        let id = self.module.declare_data(&name, Linkage::Local, false, false).expect("declare string");
        let mut d = DataDescription::new();
        // A NUL after the bytes costs nothing and helps when debugging.
        let mut b = bytes.to_vec();
        b.push(0);
        d.define(b.into_boxed_slice());
        d.set_align(1);
        self.module.define_data(id, &d).expect("define string");
        self.strings.insert(bytes.to_vec(), id);
        id
    }

    /// The type descriptor of `t`.
    pub fn type_desc(&mut self, t: TypeId) -> DataId {
        let tt = &self.info.types;
        let t = tt.canonical(t);
        if let Some(&id) = self.type_descs.get(&t) {
            return id;
        }
        let name = tt.display(t);
        let size = tt.size_of(t);
        let align = tt.align_of(t) as u8;
        let kind = kind_of(tt, t);
        let name_data = self.string_data(name.as_bytes());
        let sym = format!("type:{name}");
        let id = self.module.declare_data(&sym, Linkage::Local, false, false).expect("declare type");
        let mut bytes = vec![0u8; 64];
        bytes[0..8].copy_from_slice(&size.to_le_bytes());
        bytes[16..20].copy_from_slice(&fnv32(name.as_bytes()).to_le_bytes());
        bytes[21] = align;
        bytes[22] = align;
        bytes[23] = kind;
        bytes[56..64].copy_from_slice(&(name.len() as u64).to_le_bytes());
        let mut d = DataDescription::new();
        d.define(bytes.into_boxed_slice());
        d.set_align(8);
        let gv = self.module.declare_data_in_data(name_data, &mut d);
        d.write_data_addr(48, gv, 0);
        self.module.define_data(id, &d).expect("define type");
        self.type_descs.insert(t, id);
        id
    }
}

/// FNV-1a, the hash stored in a type descriptor (used by type switches and maps).
fn fnv32(b: &[u8]) -> u32 {
    let mut h: u32 = 0x811c9dc5;
    for &c in b {
        h ^= c as u32;
        h = h.wrapping_mul(0x01000193);
    }
    h
}
