//! `runtime._type`, the type descriptor the compiler emits (ARCHITECTURE.md): gc 1.19's
//! first 48 bytes plus rgo's name string at offset 48.

/// Kind numbers, as reflect's.
pub const KIND_BOOL: u8 = 1;
pub const KIND_INT: u8 = 2;
pub const KIND_INT8: u8 = 3;
pub const KIND_INT16: u8 = 4;
pub const KIND_INT32: u8 = 5;
pub const KIND_INT64: u8 = 6;
pub const KIND_UINT: u8 = 7;
pub const KIND_UINT8: u8 = 8;
pub const KIND_UINT16: u8 = 9;
pub const KIND_UINT32: u8 = 10;
pub const KIND_UINT64: u8 = 11;
pub const KIND_UINTPTR: u8 = 12;
pub const KIND_FLOAT32: u8 = 13;
pub const KIND_FLOAT64: u8 = 14;
pub const KIND_COMPLEX64: u8 = 15;
pub const KIND_COMPLEX128: u8 = 16;
pub const KIND_ARRAY: u8 = 17;
pub const KIND_CHAN: u8 = 18;
pub const KIND_FUNC: u8 = 19;
pub const KIND_INTERFACE: u8 = 20;
pub const KIND_MAP: u8 = 21;
pub const KIND_PTR: u8 = 22;
pub const KIND_SLICE: u8 = 23;
pub const KIND_STRING: u8 = 24;
pub const KIND_STRUCT: u8 = 25;
pub const KIND_UNSAFE_POINTER: u8 = 26;
/// The low bits of `kind` hold the kind; the high bits are flags (direct iface, GC prog).
pub const KIND_MASK: u8 = (1 << 5) - 1;

#[repr(C)]
pub struct Type {
    pub size: usize,
    pub ptrdata: usize,
    pub hash: u32,
    pub tflag: u8,
    pub align: u8,
    pub field_align: u8,
    pub kind: u8,
    pub equal: usize,
    pub gcdata: *const u8,
    pub str_: i32,
    pub ptr_to_this: i32,
    /// rgo: the type's name as a Go string, e.g. `int`, `main.T`.
    pub name_ptr: *const u8,
    pub name_len: usize,
}

const _: () = {
    assert!(core::mem::size_of::<Type>() == 64);
    assert!(core::mem::offset_of!(Type, kind) == 23);
    assert!(core::mem::offset_of!(Type, name_ptr) == 48);
};

impl Type {
    pub fn kind(&self) -> u8 {
        self.kind & KIND_MASK
    }

    pub fn name(&self) -> &[u8] {
        if self.name_ptr.is_null() {
            return b"";
        }
        unsafe { core::slice::from_raw_parts(self.name_ptr, self.name_len) }
    }
}

/// The predeclared name of a basic kind, to tell `int` from a named `main.MyInt`.
pub fn basic_kind_name(kind: u8) -> &'static [u8] {
    match kind {
        KIND_BOOL => b"bool",
        KIND_INT => b"int",
        KIND_INT8 => b"int8",
        KIND_INT16 => b"int16",
        KIND_INT32 => b"int32",
        KIND_INT64 => b"int64",
        KIND_UINT => b"uint",
        KIND_UINT8 => b"uint8",
        KIND_UINT16 => b"uint16",
        KIND_UINT32 => b"uint32",
        KIND_UINT64 => b"uint64",
        KIND_UINTPTR => b"uintptr",
        KIND_FLOAT32 => b"float32",
        KIND_FLOAT64 => b"float64",
        KIND_COMPLEX64 => b"complex64",
        KIND_COMPLEX128 => b"complex128",
        KIND_STRING => b"string",
        _ => b"",
    }
}
