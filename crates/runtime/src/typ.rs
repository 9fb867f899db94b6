//! `runtime._type`, the type descriptor the compiler emits (ARCHITECTURE.md): gc 1.19's
//! first 48 bytes, rgo's name string at offset 48, then the uncommon (method) table,
//! the hash function, elem and key (96 bytes, "Runtime ABI for the full language").

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
    pub equal: *const (),
    pub gcdata: *const u8,
    pub str_: i32,
    pub ptr_to_this: i32,
    /// rgo: the type's name as a Go string, e.g. `int`, `main.T`.
    pub name_ptr: *const u8,
    pub name_len: usize,
    /// Method table (`Uncommon`), or null.
    pub uncommon: *const Uncommon,
    /// `hash(p, seed) -> uintptr`, or 0 when the type is not hashable.
    pub hashfn: *const (),
    /// Element type (pointer, slice, array, chan, map value; a func's first
    /// parameter); for an interface, its sorted method names (`[n]Imethod`).
    pub elem: *const Type,
    /// Map key type / array length / chan direction / interface method count / func
    /// parameter count.
    pub key: usize,
}

/// The method table of a type: `mcount` then `mcount` methods sorted by name.
#[repr(C)]
pub struct Uncommon {
    pub mcount: usize,
}

/// One method of a concrete type: its name and its code as called through an
/// interface, `ifn(ctx, dataword, args...)`.
#[repr(C)]
pub struct Method {
    pub name_ptr: *const u8,
    pub name_len: usize,
    pub ifn: *const (),
}

/// One method of an interface type: its name.
#[repr(C)]
pub struct Imethod {
    pub name_ptr: *const u8,
    pub name_len: usize,
}

/// tflag bits rgo adds to gc's (which use the low four): the type's method set has
/// `Error() string` / `String() string`, so an unrecovered panic prints the value's
/// Error or String text as gc does (ARCHITECTURE.md, type descriptors).
pub const TFLAG_ERROR: u8 = 1 << 7;
pub const TFLAG_STRINGER: u8 = 1 << 6;

/// kind bit: the interface data word holds the value itself (pointer-shaped types).
pub const KIND_DIRECT_IFACE: u8 = 1 << 5;

pub type EqualFn = unsafe extern "C" fn(*const u8, *const u8) -> i8;
pub type HashFn = unsafe extern "C" fn(*const u8, usize) -> usize;

const _: () = {
    assert!(core::mem::size_of::<Type>() == 96);
    assert!(core::mem::offset_of!(Type, kind) == 23);
    assert!(core::mem::offset_of!(Type, equal) == 24);
    assert!(core::mem::offset_of!(Type, name_ptr) == 48);
    assert!(core::mem::offset_of!(Type, uncommon) == 64);
    assert!(core::mem::offset_of!(Type, hashfn) == 72);
    assert!(core::mem::offset_of!(Type, elem) == 80);
    assert!(core::mem::offset_of!(Type, key) == 88);
};

impl Type {
    pub fn kind(&self) -> u8 {
        self.kind & KIND_MASK
    }

    /// Whether hashing or comparing values of this type may run compiled Go code (the
    /// compiler's helpers for structs and arrays; interfaces reach their dynamic
    /// type's).
    pub fn alg_calls_go(&self) -> bool {
        matches!(self.kind(), KIND_STRUCT | KIND_ARRAY | KIND_INTERFACE)
    }

    /// Whether the interface data word holds the value itself.
    pub fn is_direct_iface(&self) -> bool {
        self.kind & KIND_DIRECT_IFACE != 0
    }

    /// The methods of the uncommon table (empty if none).
    pub fn methods(&self) -> &[Method] {
        if self.uncommon.is_null() {
            return &[];
        }
        unsafe {
            let n = (*self.uncommon).mcount;
            core::slice::from_raw_parts(self.uncommon.add(1) as *const Method, n)
        }
    }

    /// For an interface type: its methods, sorted by name.
    pub fn imethods(&self) -> &[Imethod] {
        if self.elem.is_null() || self.key == 0 {
            return &[];
        }
        unsafe { core::slice::from_raw_parts(self.elem as *const Imethod, self.key) }
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
