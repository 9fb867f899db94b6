//! Read-only data: string literals, type descriptors (`runtime._type`, laid out as
//! ARCHITECTURE.md says: 96 bytes, gc 1.19's first 48), their equal and hash
//! functions, method tables for interfaces, and itabs.

use crate::Gen;
use cranelift_codegen::ir::{self, AbiParam, InstBuilder, MemFlagsData, condcodes::IntCC, types};
use cranelift_codegen::isa::CallConv;
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use cranelift_module::{DataDescription, DataId, FuncId, Linkage, Module};
use rgo_types::types::{BasicKind, Type};
use rgo_types::{ObjKind, TypeId};

/// Size of every type descriptor.
pub const TYPE_SIZE: usize = 96;
/// `kind` bit: the interface data word holds the value itself.
pub const KIND_DIRECT_IFACE: u8 = 1 << 5;

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

/// Whether values of `t` are stored directly in an interface's data word (gc's
/// isdirectiface): pointer-shaped types, and arrays/structs of exactly one of them.
pub fn is_direct_iface(tt: &rgo_types::TypeTable, t: TypeId) -> bool {
    match tt.get(tt.underlying(t)) {
        Type::Pointer(_) | Type::Map(..) | Type::Chan(..) | Type::Func(_) => true,
        Type::Basic(BasicKind::UnsafePointer) => true,
        Type::Array(1, e) => is_direct_iface(tt, *e),
        Type::Struct(fs) => fs.len() == 1 && is_direct_iface(tt, fs[0].ty),
        _ => false,
    }
}

/// The walk from a value of `base` through the embedded fields `path`: per field its
/// offset and whether it is a pointer to follow.
pub fn embed_steps(tt: &rgo_types::TypeTable, base: TypeId, path: &[u32]) -> Vec<(u64, bool)> {
    let mut steps = vec![];
    let mut cur = base;
    for &i in path {
        let offs = tt.field_offsets(cur);
        let Type::Struct(fs) = tt.get(tt.underlying(cur)) else { break };
        let f = &fs[i as usize];
        match tt.get(f.ty) {
            Type::Pointer(b) => {
                steps.push((offs[i as usize], true));
                cur = *b;
            }
            _ => {
                steps.push((offs[i as usize], false));
                cur = f.ty;
            }
        }
    }
    steps
}

/// A method's receiver arguments, reached from `addr` through the embedded fields of
/// `steps`: the address itself for a pointer receiver, else the value's parts.
pub fn receiver_args(b: &mut FunctionBuilder, mut addr: ir::Value, steps: &[(u64, bool)], ptr_recv: bool, recv_parts: &[crate::abi::Part]) -> Vec<ir::Value> {
    for (off, follow) in steps {
        addr = b.ins().iadd_imm_s(addr, *off as i64);
        if *follow {
            addr = b.ins().load(types::I64, MEM, addr, 0);
        }
    }
    if ptr_recv {
        return vec![addr];
    }
    recv_parts.iter().map(|p| b.ins().load(p.ty, MEM, addr, p.offset as i32)).collect()
}

/// How a method is reached from a type: embedded field indices, then the method.
#[derive(Clone, Debug)]
struct MethodPath {
    path: Vec<u32>,
    /// The declared method; None for a method of an embedded interface, called
    /// through that interface's itab (`iface` = (interface type, method index)).
    method: Option<rgo_types::ObjId>,
    iface: Option<(TypeId, u32)>,
    ptr_recv: bool,
    /// The method's signature type (without receiver).
    sig: TypeId,
}

/// Whether values of `t` contain any pointer.
pub fn has_pointers(tt: &rgo_types::TypeTable, t: TypeId) -> bool {
    match tt.get(tt.underlying(t)) {
        Type::Basic(k) => matches!(k, BasicKind::String | BasicKind::UnsafePointer),
        Type::Array(n, e) => *n > 0 && has_pointers(tt, *e),
        Type::Struct(fs) => fs.iter().any(|f| has_pointers(tt, f.ty)),
        _ => true,
    }
}

/// Types larger than this get no pointer bitmap: their descriptor's ptrdata is their
/// size and gcdata null, "scan every word" (ARCHITECTURE.md).
const BIG_TYPE: u64 = 64 << 10;

/// gc's ptrdata: the length of the prefix of a `t` that can hold pointers (0 when it
/// holds none; the whole size for a large type with pointers).
pub fn ptrdata(tt: &rgo_types::TypeTable, t: TypeId) -> u64 {
    if !has_pointers(tt, t) {
        return 0;
    }
    let size = tt.size_of(t);
    if size > BIG_TYPE {
        return size;
    }
    pointer_words(tt, t).iter().rposition(|&p| p).map(|i| 8 * (i as u64 + 1)).unwrap_or(0)
}

/// A pointer bitmap as the runtime reads it: one bit per word, low bit first.
pub fn ptrmask(words: &[bool]) -> Vec<u8> {
    let mut bitmap = vec![0u8; words.len().div_ceil(8)];
    for (i, &p) in words.iter().enumerate() {
        if p {
            bitmap[i / 8] |= 1 << (i % 8);
        }
    }
    bitmap
}

/// For each pointer-sized word of a value of `t`: whether it holds a pointer the
/// collector must follow (pointers, maps, channels, funcs, unsafe.Pointer, the data
/// words of strings, slices and interfaces, and interfaces' type/itab words).
pub fn pointer_words(tt: &rgo_types::TypeTable, t: TypeId) -> Vec<bool> {
    let size = tt.size_of(t);
    let mut words = vec![false; size.div_ceil(8) as usize];
    mark_pointers(tt, t, 0, &mut words);
    words
}

fn mark_pointers(tt: &rgo_types::TypeTable, t: TypeId, off: u64, words: &mut [bool]) {
    let mut set = |o: u64| {
        if let Some(w) = words.get_mut((o / 8) as usize) {
            *w = true;
        }
    };
    match tt.get(tt.underlying(t)) {
        Type::Pointer(_) | Type::Map(..) | Type::Chan(..) | Type::Func(_) | Type::Basic(BasicKind::UnsafePointer) => set(off),
        Type::Basic(BasicKind::String) | Type::Slice(_) => set(off),
        Type::Interface(_) => {
            set(off);
            set(off + 8);
        }
        Type::Array(n, e) => {
            let es = tt.size_of(*e);
            if es == 0 || !has_pointers(tt, *e) {
                return;
            }
            for i in 0..*n {
                mark_pointers(tt, *e, off + i * es, words);
            }
        }
        Type::Struct(fs) => {
            let offs = tt.field_offsets(t);
            for (f, o) in fs.iter().zip(offs) {
                mark_pointers(tt, f.ty, off + o, words);
            }
        }
        _ => {}
    }
}

/// Whether `t` is comparable with `==` (its equal function exists).
fn comparable(tt: &rgo_types::TypeTable, t: TypeId) -> bool {
    match tt.get(tt.underlying(t)) {
        Type::Slice(_) | Type::Map(..) | Type::Func(_) => false,
        Type::Array(_, e) => comparable(tt, *e),
        Type::Struct(fs) => fs.iter().all(|f| comparable(tt, f.ty)),
        _ => true,
    }
}

const MEM: MemFlagsData = MemFlagsData::trusted();

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

    /// The type descriptor of `t` (declared now, defined when `finish_types` runs, so
    /// recursive types work).
    pub fn type_desc(&mut self, t: TypeId) -> DataId {
        let tt = &self.info.types;
        let t = tt.canonical(t);
        if let Some(&id) = self.type_descs.get(&t) {
            return id;
        }
        let name = self.symbol_type_name(t);
        // Weak: every object that needs the descriptor defines it; the linker keeps one,
        // so descriptor addresses identify types across packages.
        let id = self.module.declare_data(&format!("type:{name}"), Linkage::Preemptible, false, false).expect("declare type");
        self.type_descs.insert(t, id);
        self.types_todo.push(t);
        id
    }

    /// A type's name for symbols: its display name, made unique when two distinct types
    /// print the same (types declared in different function scopes), as gc's `T·1`.
    pub fn symbol_type_name(&mut self, t: TypeId) -> String {
        let t = self.info.types.canonical(t);
        if let Some(n) = self.type_names.get(&t) {
            return n.clone();
        }
        let base = self.info.types.display(t);
        let mut name = base.clone();
        let mut k = 1;
        while self.type_names_used.contains(&name) {
            name = format!("{base}·{k}");
            k += 1;
        }
        self.type_names_used.insert(name.clone());
        self.type_names.insert(t, name.clone());
        name
    }

    /// Defines every declared type descriptor (and those they refer to).
    pub fn finish_types(&mut self) {
        while let Some(t) = self.types_todo.pop() {
            self.define_type(t);
        }
    }

    fn define_type(&mut self, t: TypeId) {
        let id = self.type_descs[&t];
        let tt = &self.info.types;
        let name = tt.runtime_string(t);
        let size = tt.size_of(t);
        let align = tt.align_of(t) as u8;
        let mut kind = kind_of(tt, t);
        if is_direct_iface(tt, t) {
            kind |= KIND_DIRECT_IFACE;
        }
        let u = tt.get(tt.underlying(t)).clone();
        let mut bytes = vec![0u8; TYPE_SIZE];
        bytes[0..8].copy_from_slice(&size.to_le_bytes());
        // ptrdata and gcdata, as gc: the length of the prefix holding pointers, and a
        // bitmap with one bit per pointer-sized word of that prefix (1 = pointer).
        // Large types with pointers get no bitmap: ptrdata = size and gcdata = null mean
        // "scan every word" (ARCHITECTURE.md).
        let ptrdata = ptrdata(tt, t);
        let ptr_words = if ptrdata == 0 || size > BIG_TYPE { vec![] } else { pointer_words(tt, t) };
        bytes[8..16].copy_from_slice(&ptrdata.to_le_bytes());
        bytes[16..20].copy_from_slice(&fnv32(name.as_bytes()).to_le_bytes());
        bytes[21] = align;
        bytes[22] = align;
        bytes[23] = kind;
        bytes[56..64].copy_from_slice(&(name.len() as u64).to_le_bytes());
        let mut d = DataDescription::new();
        let name_data = self.string_data(name.as_bytes());
        let gv = self.module.declare_data_in_data(name_data, &mut d);
        d.write_data_addr(48, gv, 0);
        if ptrdata > 0 && !ptr_words.is_empty() {
            let bitmap = ptrmask(&ptr_words[..(ptrdata / 8) as usize]);
            let bid = self.module.declare_anonymous_data(false, false).expect("declare gcdata");
            let mut bd = DataDescription::new();
            bd.define(bitmap.into_boxed_slice());
            self.module.define_data(bid, &bd).expect("define gcdata");
            let gv = self.module.declare_data_in_data(bid, &mut d);
            d.write_data_addr(32, gv, 0);
        }
        if let Some(eq) = self.equal_func(t) {
            let r = self.module.declare_func_in_data(eq, &mut d);
            d.write_function_addr(24, r);
        }
        if let Some(h) = self.hash_func(t) {
            let r = self.module.declare_func_in_data(h, &mut d);
            d.write_function_addr(72, r);
        }
        // rgo's tflag bits: the method set has Error() string (7) / String() string (6),
        // so an unrecovered panic can print the value as gc does.
        let ms = self.collect_methods(t);
        for (name, mp) in &ms {
            let is_string_method = matches!(self.info.types.get(mp.sig), Type::Func(sig) if sig.params.is_empty() && sig.results.len() == 1 && self.info.types.canonical(sig.results[0]) == rgo_types::types::ids::STRING);
            if is_string_method && name == "Error" {
                bytes[20] |= 1 << 7;
            }
            if is_string_method && name == "String" {
                bytes[20] |= 1 << 6;
            }
        }
        if let Some(unc) = self.uncommon(t) {
            let gv = self.module.declare_data_in_data(unc, &mut d);
            d.write_data_addr(64, gv, 0);
        }
        let mut elem = None;
        match &u {
            Type::Pointer(e) | Type::Slice(e) => elem = Some(*e),
            Type::Array(n, e) => {
                elem = Some(*e);
                bytes[88..96].copy_from_slice(&n.to_le_bytes());
            }
            Type::Chan(dir, e) => {
                elem = Some(*e);
                let dv: u64 = match dir {
                    rgo_types::types::ChanDir::Recv => 1,
                    rgo_types::types::ChanDir::Send => 2,
                    rgo_types::types::ChanDir::Both => 3,
                };
                bytes[88..96].copy_from_slice(&dv.to_le_bytes());
            }
            Type::Map(k, v) => {
                elem = Some(*v);
                let kd = self.type_desc(*k);
                let gv = self.module.declare_data_in_data(kd, &mut d);
                d.write_data_addr(88, gv, 0);
            }
            Type::Func(sig) => {
                // What SetFinalizer needs to check and call a finalizer: the number
                // of parameters and the first one's type.
                bytes[88..96].copy_from_slice(&(sig.params.len() as u64).to_le_bytes());
                elem = sig.params.first().copied();
            }
            Type::Interface(ms) => {
                bytes[88..96].copy_from_slice(&(ms.len() as u64).to_le_bytes());
                if !ms.is_empty() {
                    let names: Vec<String> = ms.iter().map(|m| self.method_key(&m.name, m.sig)).collect();
                    let im = self.imethods(&names);
                    let gv = self.module.declare_data_in_data(im, &mut d);
                    d.write_data_addr(80, gv, 0);
                }
            }
            _ => {}
        }
        if let Some(e) = elem {
            let ed = self.type_desc(e);
            let gv = self.module.declare_data_in_data(ed, &mut d);
            d.write_data_addr(80, gv, 0);
        }
        d.define(bytes.into_boxed_slice());
        d.set_align(8);
        self.module.define_data(id, &d).expect("define type");
    }

    /// `[n]{name ptr, name len}` of an interface's methods (sorted).
    fn imethods(&mut self, names: &[String]) -> DataId {
        let id = self.module.declare_anonymous_data(false, false).expect("declare imethods");
        let mut d = DataDescription::new();
        let mut bytes = vec![0u8; 16 * names.len()];
        for (i, n) in names.iter().enumerate() {
            bytes[16 * i + 8..16 * i + 16].copy_from_slice(&(n.len() as u64).to_le_bytes());
        }
        for (i, n) in names.iter().enumerate() {
            let s = self.string_data(n.as_bytes());
            let gv = self.module.declare_data_in_data(s, &mut d);
            d.write_data_addr(16 * i as u32, gv, 0);
        }
        d.define(bytes.into_boxed_slice());
        d.set_align(8);
        self.module.define_data(id, &d).expect("define imethods");
        id
    }

    /// The methods of `t` callable through an interface, sorted by name, each as the
    /// function to put in an itab: for a named type T its value-receiver methods, for
    /// *T all of them, plus methods promoted from embedded fields (at the shallowest
    /// depth), through generated wrappers where the receiver must be found first.
    pub fn method_set(&mut self, t: TypeId) -> Vec<(String, FuncId)> {
        self.method_set_sigs(t).into_iter().map(|(n, f, _)| (n, f)).collect()
    }

    /// `method_set` with each method's signature type.
    fn method_set_sigs(&mut self, t: TypeId) -> Vec<(String, FuncId, TypeId)> {
        let found = self.collect_methods(t);
        let mut out = vec![];
        for (name, m) in found {
            if let Some(f) = self.iface_method_func(t, &m) {
                out.push((name, f, m.sig));
            }
        }
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }

    /// A method's name with its signature, as stored in method tables (`m(*main.T1)`):
    /// getitab compares these, so methods with a name but another signature don't
    /// satisfy an interface; the runtime prints only the part before `(`.
    fn method_key(&self, name: &str, sig: TypeId) -> String {
        let tt = &self.info.types;
        let Type::Func(s) = tt.get(tt.underlying(sig)) else { return name.to_string() };
        // byte/rune spelled uint8/int32: keys must not depend on the alias used.
        let canon = |t: TypeId| tt.runtime_string(t);
        let params: Vec<String> = s.params.iter().map(|&p| canon(p)).collect();
        let results: Vec<String> = s.results.iter().map(|&r| canon(r)).collect();
        format!("{name}({}){}({})", params.join(","), if s.variadic { "..." } else { "" }, results.join(","))
    }

    /// Every method of `t`'s method set: name → how to reach it.
    fn collect_methods(&self, t: TypeId) -> Vec<(String, MethodPath)> {
        let tt = &self.info.types;
        let (start, is_ptr) = match tt.get(t) {
            Type::Pointer(b) => (*b, true),
            _ => (t, false),
        };
        let mut out: Vec<(String, MethodPath)> = vec![];
        let mut seen_names = std::collections::HashSet::new();
        // (type, path, reached through a pointer)
        let mut level: Vec<(TypeId, Vec<u32>, bool)> = vec![(start, vec![], is_ptr)];
        for _depth in 0..8 {
            let mut next = vec![];
            let mut here: Vec<(String, MethodPath)> = vec![];
            for (ty, path, via_ptr) in &level {
                if let Some(info) = tt.named_info(*ty) {
                    for &m in &info.methods {
                        let o = self.info.obj(m);
                        let ObjKind::Func { recv: Some(r) } = o.kind else { continue };
                        let ptr_recv = matches!(tt.get(r), Type::Pointer(_));
                        // Pointer methods need an addressable receiver: *T, or an
                        // embedded *T, reaches them; a plain T value does not.
                        if ptr_recv && !*via_ptr && !(path.is_empty() && is_ptr) {
                            continue;
                        }
                        here.push((o.name.clone(), MethodPath { path: path.clone(), method: Some(m), iface: None, ptr_recv, sig: o.ty }));
                    }
                }
                // An embedded interface's methods are promoted too (path ends at it).
                if !path.is_empty() {
                    if let Type::Interface(ms) = tt.get(tt.underlying(*ty)) {
                        for (k, m) in ms.iter().enumerate() {
                            here.push((m.name.clone(), MethodPath { path: path.clone(), method: None, iface: Some((*ty, k as u32)), ptr_recv: false, sig: m.sig }));
                        }
                    }
                }
                if let Type::Struct(fs) = tt.get(tt.underlying(*ty)) {
                    for (i, f) in fs.iter().enumerate() {
                        if !f.embedded {
                            continue;
                        }
                        let mut p = path.clone();
                        p.push(i as u32);
                        match tt.get(f.ty) {
                            Type::Pointer(b) => next.push((*b, p, true)),
                            _ => next.push((f.ty, p, *via_ptr)),
                        }
                    }
                }
            }
            // Names found at this depth shadow deeper ones; duplicates at one depth
            // are ambiguous and dropped.
            let mut counts = std::collections::HashMap::new();
            for (n, _) in &here {
                *counts.entry(n.clone()).or_insert(0) += 1;
            }
            for (n, mp) in here {
                if counts[&n] == 1 && seen_names.insert(n.clone()) {
                    out.push((n, mp));
                } else {
                    seen_names.insert(n);
                }
            }
            if next.is_empty() {
                break;
            }
            level = next;
        }
        out
    }

    /// The itab entry for method `mp` of concrete type `t`: the method itself when the
    /// data word already is its receiver, else a wrapper.
    fn iface_method_func(&mut self, t: TypeId, mp: &MethodPath) -> Option<FuncId> {
        if let Some((it, k)) = mp.iface {
            return Some(self.embedded_iface_wrapper(t, mp, it, k));
        }
        let fid = *self.funcs.get(&mp.method?)?;
        let tt = &self.info.types;
        let is_ptr = matches!(tt.get(t), Type::Pointer(_));
        // The data word is the receiver as is: a pointer for pointer methods, or the
        // value itself for a direct non-pointer type with a value method.
        if mp.path.is_empty() && ((mp.ptr_recv && is_ptr) || (!mp.ptr_recv && !is_ptr && is_direct_iface(tt, t))) {
            return Some(fid);
        }
        Some(self.iface_wrapper(t, mp, fid))
    }

    /// `T.M·i`: finds the receiver from the interface data word (through embedded
    /// fields), then calls the method.
    fn iface_wrapper(&mut self, t: TypeId, mp: &MethodPath, fid: FuncId) -> FuncId {
        let key = (self.info.types.canonical(t), mp.method.expect("declared method"));
        if let Some(&w) = self.iface_wrappers.get(&key) {
            return w;
        }
        let tname = self.symbol_type_name(t);
        let o = self.info.obj(mp.method.expect("declared method"));
        let tt = &self.info.types;
        let Type::Func(sig) = tt.get(o.ty).clone() else { return fid };
        let ObjKind::Func { recv: Some(rt) } = o.kind else { return fid };
        let name = format!("{tname}.{}·i", o.name);
        let mut wparams = vec![rgo_types::types::ids::UNSAFE_POINTER];
        wparams.extend(sig.params.iter().copied());
        let Some(wsig) = crate::abi::signature(tt, &wparams, &sig.results, false) else { return fid };
        // Walk plan: starting address and base type, then the embedded fields.
        let direct = is_direct_iface(tt, t);
        let (base_t, word_is_addr) = match tt.get(t) {
            Type::Pointer(b) => (*b, true),
            _ => (t, !direct),
        };
        let steps = embed_steps(tt, base_t, &mp.path);
        let recv_parts = if mp.ptr_recv { vec![] } else { crate::abi::parts(tt, rt).unwrap_or_default() };
        let base_size = tt.size_of(base_t).max(8) as u32;
        let ptr_recv = mp.ptr_recv;
        let id = self.define_helper(&name, wsig, |g, b, params| {
            // params: the interface data word, then the arguments.
            let addr = if word_is_addr {
                params[0]
            } else {
                // A direct value (e.g. struct{*T}): give it an address.
                let slot = b.create_sized_stack_slot(ir::StackSlotData::new(ir::StackSlotKind::ExplicitSlot, base_size, 3));
                let a = b.ins().stack_addr(types::I64, slot, 0);
                b.ins().store(MEM, params[0], a, 0);
                a
            };
            let mut args = receiver_args(b, addr, &steps, ptr_recv, &recv_parts);
            args.extend_from_slice(&params[1..]);
            let fr = g.func_ref(fid, b.func);
            let call = b.ins().call(fr, &args);
            b.inst_results(call).to_vec()
        });
        self.iface_wrappers.insert(key, id);
        id
    }

    /// The itab entry of a method promoted from an embedded interface field: finds the
    /// field from the data word, then calls the method through the field's own itab.
    fn embedded_iface_wrapper(&mut self, t: TypeId, mp: &MethodPath, iface: TypeId, index: u32) -> FuncId {
        let tt = &self.info.types;
        let Type::Func(sig) = tt.get(mp.sig).clone() else { panic!("interface method without a signature") };
        let mut wparams = vec![rgo_types::types::ids::UNSAFE_POINTER];
        wparams.extend(sig.params.iter().copied());
        let wsig = crate::abi::signature(tt, &wparams, &sig.results, false).expect("signature");
        let csig = wsig.clone();
        let direct = is_direct_iface(tt, t);
        let (base_t, word_is_addr) = match tt.get(t) {
            Type::Pointer(b) => (*b, true),
            _ => (t, !direct),
        };
        // Walk to the struct holding the interface field, then read the field.
        let steps = embed_steps(tt, base_t, &mp.path[..mp.path.len() - 1]);
        let mut holder = base_t;
        for &i in &mp.path[..mp.path.len() - 1] {
            if let Type::Struct(fs) = tt.get(tt.underlying(holder)) {
                holder = match tt.get(fs[i as usize].ty) {
                    Type::Pointer(b) => *b,
                    _ => fs[i as usize].ty,
                };
            }
        }
        let last = *mp.path.last().unwrap() as usize;
        let field_off = tt.field_offsets(holder)[last] as i32;
        let base_size = tt.size_of(base_t).max(8) as u32;
        let _ = iface;
        self.define_helper("embedded-iface-method", wsig, |_g, b, params| {
            let addr = if word_is_addr {
                params[0]
            } else {
                let slot = b.create_sized_stack_slot(ir::StackSlotData::new(ir::StackSlotKind::ExplicitSlot, base_size, 3));
                let a = b.ins().stack_addr(types::I64, slot, 0);
                b.ins().store(MEM, params[0], a, 0);
                a
            };
            let holder_addr = receiver_args(b, addr, &steps, true, &[])[0];
            let tab = b.ins().load(types::I64, MEM, holder_addr, field_off);
            let data = b.ins().load(types::I64, MEM, holder_addr, field_off + 8);
            let code = b.ins().load(types::I64, ir::MemFlagsData::new(), tab, 24 + 8 * index as i32);
            let sref = b.import_signature(csig);
            let mut args = vec![data];
            args.extend_from_slice(&params[1..]);
            let call = b.ins().call_indirect(sref, code, &args);
            b.inst_results(call).to_vec()
        })
    }

    /// Defines a helper function with signature `sig` (wrappers and thunks the
    /// compiler makes up): `body` gets the builder and the parameters and returns the
    /// results. Declared anonymous, since helpers of same-named local types may share
    /// a name; `name` documents the call site.
    pub fn define_helper(
        &mut self,
        name: &str,
        sig: ir::Signature,
        body: impl FnOnce(&mut Gen, &mut FunctionBuilder, &[ir::Value]) -> Vec<ir::Value>,
    ) -> FuncId {
        let _ = name;
        let id = self.module.declare_anonymous_function(&sig).expect("declare helper");
        self.define_body(id, sig, |g, b, params| {
            let res = body(g, b, params);
            b.ins().return_(&res);
        });
        id
    }

    /// Defines the already declared function `id`: `body` gets the builder, positioned
    /// in the entry block, and the parameters, and emits the returns itself.
    pub fn define_body(&mut self, id: FuncId, sig: ir::Signature, body: impl FnOnce(&mut Gen, &mut FunctionBuilder, &[ir::Value])) {
        let mut func = ir::Function::with_name_signature(ir::UserFuncName::user(0, id.as_u32()), sig);
        let mut fctx = FunctionBuilderContext::new();
        {
            let mut b = FunctionBuilder::new(&mut func, &mut fctx);
            let entry = b.create_block();
            b.append_block_params_for_function_params(entry);
            b.switch_to_block(entry);
            let params = b.block_params(entry).to_vec();
            body(self, &mut b, &params);
            b.seal_all_blocks();
            b.finalize(self.module.isa().frontend_config());
        }
        self.ctx.clear();
        self.ctx.func = func;
        crate::emit::define(self, id, None).expect("define helper");
    }

    /// `uncommon` data of a type with methods: `{mcount, [name ptr, name len, ifn]...}`.
    fn uncommon(&mut self, t: TypeId) -> Option<DataId> {
        let ms: Vec<(String, FuncId)> = self.method_set_sigs(t).into_iter().map(|(n, f, sig)| (self.method_key(&n, sig), f)).collect();
        if ms.is_empty() {
            return None;
        }
        let id = self.module.declare_anonymous_data(false, false).expect("declare uncommon");
        let mut d = DataDescription::new();
        let mut bytes = vec![0u8; 8 + 24 * ms.len()];
        bytes[0..8].copy_from_slice(&(ms.len() as u64).to_le_bytes());
        for (i, (n, _)) in ms.iter().enumerate() {
            let o = 8 + 24 * i;
            bytes[o + 8..o + 16].copy_from_slice(&(n.len() as u64).to_le_bytes());
        }
        for (i, (n, f)) in ms.iter().enumerate() {
            let o = 8 + 24 * i as u32;
            let s = self.string_data(n.as_bytes());
            let gv = self.module.declare_data_in_data(s, &mut d);
            d.write_data_addr(o, gv, 0);
            let r = self.module.declare_func_in_data(*f, &mut d);
            d.write_function_addr(o + 16, r);
        }
        d.define(bytes.into_boxed_slice());
        d.set_align(8);
        self.module.define_data(id, &d).expect("define uncommon");
        Some(id)
    }

    /// The itab for concrete type `t` as interface `iface` (static, shared per pair).
    pub fn itab(&mut self, t: TypeId, iface: TypeId) -> DataId {
        let key = (self.info.types.canonical(t), self.info.types.canonical(iface));
        if let Some(&id) = self.itabs.get(&key) {
            return id;
        }
        let name = format!("go:itab.{},{}", self.symbol_type_name(t), self.symbol_type_name(iface));
        let tt = &self.info.types;
        let Type::Interface(ims) = tt.get(tt.underlying(iface)).clone() else { panic!("itab for a non-interface") };
        let id = self.module.declare_data(&name, Linkage::Preemptible, false, false).expect("declare itab");
        self.itabs.insert(key, id);
        let ms = self.method_set(t);
        let mut d = DataDescription::new();
        let mut bytes = vec![0u8; 24 + 8 * ims.len()];
        bytes[16..20].copy_from_slice(&fnv32(tt.runtime_string(t).as_bytes()).to_le_bytes());
        let idesc = self.type_desc(iface);
        let tdesc = self.type_desc(t);
        let g1 = self.module.declare_data_in_data(idesc, &mut d);
        d.write_data_addr(0, g1, 0);
        let g2 = self.module.declare_data_in_data(tdesc, &mut d);
        d.write_data_addr(8, g2, 0);
        for (i, im) in ims.iter().enumerate() {
            if let Some((_, f)) = ms.iter().find(|(n, _)| *n == im.name) {
                let r = self.module.declare_func_in_data(*f, &mut d);
                d.write_function_addr(24 + 8 * i as u32, r);
            }
        }
        d.define(bytes.into_boxed_slice());
        d.set_align(8);
        self.module.define_data(id, &d).expect("define itab");
        id
    }

    /// The equality function of `t`: a runtime one for basic kinds, a generated one for
    /// structs and arrays; None if `t` is not comparable.
    pub fn equal_func(&mut self, t: TypeId) -> Option<FuncId> {
        self.alg_func(t, false)
    }

    /// The hash function of `t` (for map keys).
    pub fn hash_func(&mut self, t: TypeId) -> Option<FuncId> {
        self.alg_func(t, true)
    }

    /// The runtime's `memequal64`, `strhash`, … for `t`, or the generated function for a
    /// struct or array. A runtime name is a kind, the verb (`equal`/`hash`), and for the
    /// plain-memory kind the size in bits.
    fn alg_func(&mut self, t: TypeId, hash: bool) -> Option<FuncId> {
        let tt = &self.info.types;
        if !comparable(tt, t) {
            return None;
        }
        let (kind, bits) = match tt.get(tt.underlying(t)) {
            Type::Basic(k) => match k {
                BasicKind::Float32 => ("f32", 0),
                BasicKind::Float64 => ("f64", 0),
                BasicKind::Complex64 => ("c64", 0),
                BasicKind::Complex128 => ("c128", 0),
                BasicKind::String => ("str", 0),
                _ => ("mem", mem_bits(tt.size_of(t))?),
            },
            Type::Pointer(_) | Type::Chan(..) => ("mem", 64),
            Type::Interface(ms) if ms.is_empty() => ("nilinter", 0),
            Type::Interface(_) => ("inter", 0),
            Type::Struct(_) | Type::Array(..) => return Some(self.generated_alg(t, hash)),
            _ => return None,
        };
        let verb = if hash { "hash" } else { "equal" };
        let name = if kind == "mem" { format!("mem{verb}{bits}") } else { format!("{kind}{verb}") };
        Some(self.runtime_alg(&name, hash))
    }

    fn runtime_alg(&mut self, name: &str, hash: bool) -> FuncId {
        let mut sig = ir::Signature::new(CallConv::SystemV);
        sig.params.push(AbiParam::new(types::I64));
        sig.params.push(AbiParam::new(types::I64));
        sig.returns.push(AbiParam::new(if hash { types::I64 } else { types::I8 }));
        self.module.declare_function(&format!("runtime.{name}"), Linkage::Import, &sig).expect("declare alg")
    }

    /// `type:.eq.T(p, q) -> i8` or `type:.hash.T(p, seed) -> uintptr` for a struct or
    /// array: field by field through each field type's own function.
    fn generated_alg(&mut self, t: TypeId, hash: bool) -> FuncId {
        let key = (t, hash);
        if let Some(&id) = self.algs.get(&key) {
            return id;
        }
        let name = format!("type:.{}.{}", if hash { "hash" } else { "eq" }, self.symbol_type_name(t));
        let tt = &self.info.types;
        let mut sig = ir::Signature::new(CallConv::SystemV);
        sig.params.push(AbiParam::new(types::I64));
        sig.params.push(AbiParam::new(types::I64));
        sig.returns.push(AbiParam::new(if hash { types::I64 } else { types::I8 }));
        let id = self.module.declare_function(&name, Linkage::Preemptible, &sig).expect("declare alg");
        self.algs.insert(key, id);
        // The components: (offset, type), skipping blank fields for equality.
        let comps: Vec<(u64, TypeId)> = match tt.get(tt.underlying(t)).clone() {
            Type::Struct(fs) => {
                let offs = tt.field_offsets(t);
                fs.iter().zip(offs).filter(|(f, _)| f.name != "_").map(|(f, o)| (o, f.ty)).collect()
            }
            Type::Array(n, e) => {
                let es = tt.size_of(e);
                (0..n.min(4096)).map(|i| (i * es, e)).collect()
            }
            _ => vec![],
        };
        let fns: Vec<FuncId> = comps
            .iter()
            .map(|(_, ct)| if hash { self.hash_func(*ct) } else { self.equal_func(*ct) }.expect("component is comparable"))
            .collect();
        self.define_body(id, sig, |g, b, params| {
            let (p, q) = (params[0], params[1]);
            if hash {
                let mut h = q;
                for ((off, _), f) in comps.iter().zip(&fns) {
                    let a = b.ins().iadd_imm_s(p, *off as i64);
                    let fr = g.func_ref(*f, b.func);
                    let call = b.ins().call(fr, &[a, h]);
                    h = b.inst_results(call)[0];
                }
                b.ins().return_(&[h]);
            } else {
                let fail = b.create_block();
                for ((off, _), f) in comps.iter().zip(&fns) {
                    let a = b.ins().iadd_imm_s(p, *off as i64);
                    let c = b.ins().iadd_imm_s(q, *off as i64);
                    let fr = g.func_ref(*f, b.func);
                    let call = b.ins().call(fr, &[a, c]);
                    let r = b.inst_results(call)[0];
                    let next = b.create_block();
                    let z = b.ins().icmp_imm_s(IntCC::Equal, r, 0);
                    b.ins().brif(z, fail, &[], next, &[]);
                    b.switch_to_block(next);
                }
                let one = b.ins().iconst(types::I8, 1);
                b.ins().return_(&[one]);
                b.switch_to_block(fail);
                let zero = b.ins().iconst(types::I8, 0);
                b.ins().return_(&[zero]);
            }
        });
        id
    }
}

/// The sizes, in bits, that the runtime has memequalN/memhashN functions for (memequal0
/// for zero-size types).
fn mem_bits(size: u64) -> Option<u64> {
    matches!(size, 0 | 1 | 2 | 4 | 8 | 16).then_some(size * 8)
}

/// FNV-1a, the hash stored in a type descriptor (used by type switches).
fn fnv32(b: &[u8]) -> u32 {
    let mut h: u32 = 0x811c9dc5;
    for &c in b {
        h ^= c as u32;
        h = h.wrapping_mul(0x01000193);
    }
    h
}
