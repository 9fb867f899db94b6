//! Package `runtime` as Go programs see it: the declarations of the functions,
//! constants and types the rgo runtime provides (their code is in crates/runtime).
//! Built on first import, into the checker's own tables.

use super::Checker;
use crate::constant::Value;
use crate::info::Mode;
use crate::objects::{ObjId, ObjKind};
use crate::types::{Method, Signature, Type, TypeId, ids};
use rgo_syntax::ast::{Expr, Ident};
use std::collections::HashMap;

impl<'a> Checker<'a> {
    fn runtime_scope(&mut self) -> &HashMap<String, ObjId> {
        if self.runtime_members.is_none() {
            let mut m = HashMap::new();
            let mut func = |c: &mut Self, name: &str, params: Vec<TypeId>, results: Vec<TypeId>| {
                let t = c.types.intern(Type::Func(Signature { params, results, variadic: false }));
                let o = c.new_object(name, ObjKind::Func { recv: None }, t, rgo_syntax::Pos(0));
                c.obj_mut(o).link_name = format!("runtime.{name}");
                c.obj_mut(o).file = None;
                m.insert(name.to_string(), o);
            };
            func(self, "GC", vec![], vec![]);
            func(self, "Gosched", vec![], vec![]);
            func(self, "Goexit", vec![], vec![]);
            func(self, "Breakpoint", vec![], vec![]);
            func(self, "LockOSThread", vec![], vec![]);
            func(self, "UnlockOSThread", vec![], vec![]);
            func(self, "NumGoroutine", vec![], vec![ids::INT]);
            func(self, "NumCPU", vec![], vec![ids::INT]);
            func(self, "GOMAXPROCS", vec![ids::INT], vec![ids::INT]);
            func(self, "KeepAlive", vec![ids::EMPTY_INTERFACE], vec![]);
            func(self, "SetFinalizer", vec![ids::EMPTY_INTERFACE, ids::EMPTY_INTERFACE], vec![]);
            for (name, v) in [("GOOS", "linux"), ("GOARCH", "amd64"), ("Compiler", "gc")] {
                let o = self.new_object(name, ObjKind::Const(Value::String(v.as_bytes().to_vec())), ids::UNTYPED_STRING, rgo_syntax::Pos(0));
                self.obj_mut(o).file = None;
                m.insert(name.to_string(), o);
            }
            // type Func struct{ ... } with methods Name, Entry, FileLine on *Func.
            let fobj = self.new_object("Func", ObjKind::TypeName, ids::INVALID, rgo_syntax::Pos(0));
            self.obj_mut(fobj).file = None;
            let ft = self.types.new_named(fobj, "runtime.Func".into());
            let empty = self.types.intern(Type::Struct(vec![]));
            self.types.named_info_mut(ft).unwrap().underlying = Some(empty);
            self.obj_mut(fobj).ty = ft;
            let fptr = self.types.intern(Type::Pointer(ft));
            for (name, params, results) in [
                ("Entry", vec![], vec![ids::UINTPTR]),
                ("FileLine", vec![ids::UINTPTR], vec![ids::STRING, ids::INT]),
                ("Name", vec![], vec![ids::STRING]),
            ] {
                let t = self.types.intern(Type::Func(Signature { params, results, variadic: false }));
                let o = self.new_object(name, ObjKind::Func { recv: Some(fptr) }, t, rgo_syntax::Pos(0));
                self.obj_mut(o).file = None;
                self.obj_mut(o).link_name = format!("runtime.(*Func).{name}");
                self.types.named_info_mut(ft).unwrap().methods.push(o);
            }
            m.insert("Func".into(), fobj);
            let mut func2 = |c: &mut Self, name: &str, params: Vec<TypeId>, results: Vec<TypeId>| {
                let t = c.types.intern(Type::Func(Signature { params, results, variadic: false }));
                let o = c.new_object(name, ObjKind::Func { recv: None }, t, rgo_syntax::Pos(0));
                c.obj_mut(o).link_name = format!("runtime.{name}");
                c.obj_mut(o).file = None;
                m.insert(name.to_string(), o);
            };
            func2(self, "FuncForPC", vec![ids::UINTPTR], vec![fptr]);
            let uslice = self.types.intern(Type::Slice(ids::UINTPTR));
            func2(self, "Callers", vec![ids::INT, uslice], vec![ids::INT]);
            func2(self, "Caller", vec![ids::INT], vec![ids::UINTPTR, ids::STRING, ids::INT, ids::BOOL]);
            // type Frame struct { PC; Func; Function; File; Line; Entry }, type Frames,
            // func CallersFrames([]uintptr) *Frames, func (*Frames) Next() (Frame, bool).
            let fld = |name: &str, ty| crate::types::Field { name: name.into(), ty, embedded: false, tag: String::new(), pkg: "runtime".into() };
            let frame_st = self.types.intern(Type::Struct(vec![
                fld("PC", ids::UINTPTR),
                fld("Func", fptr),
                fld("Function", ids::STRING),
                fld("File", ids::STRING),
                fld("Line", ids::INT),
                fld("Entry", ids::UINTPTR),
            ]));
            let frame_obj = self.new_object("Frame", ObjKind::TypeName, ids::INVALID, rgo_syntax::Pos(0));
            self.obj_mut(frame_obj).file = None;
            let frame_t = self.types.new_named(frame_obj, "runtime.Frame".into());
            self.types.named_info_mut(frame_t).unwrap().underlying = Some(frame_st);
            self.obj_mut(frame_obj).ty = frame_t;
            m.insert("Frame".into(), frame_obj);
            let frames_obj = self.new_object("Frames", ObjKind::TypeName, ids::INVALID, rgo_syntax::Pos(0));
            self.obj_mut(frames_obj).file = None;
            let frames_t = self.types.new_named(frames_obj, "runtime.Frames".into());
            self.types.named_info_mut(frames_t).unwrap().underlying = Some(empty);
            self.obj_mut(frames_obj).ty = frames_t;
            m.insert("Frames".into(), frames_obj);
            let frames_ptr = self.types.intern(Type::Pointer(frames_t));
            let next_t = self.types.intern(Type::Func(Signature { params: vec![], results: vec![frame_t, ids::BOOL], variadic: false }));
            let next = self.new_object("Next", ObjKind::Func { recv: Some(frames_ptr) }, next_t, rgo_syntax::Pos(0));
            self.obj_mut(next).file = None;
            self.obj_mut(next).link_name = "runtime.(*Frames).Next".into();
            self.types.named_info_mut(frames_t).unwrap().methods.push(next);
            let cf_t = self.types.intern(Type::Func(Signature { params: vec![uslice], results: vec![frames_ptr], variadic: false }));
            let cf = self.new_object("CallersFrames", ObjKind::Func { recv: None }, cf_t, rgo_syntax::Pos(0));
            self.obj_mut(cf).link_name = "runtime.CallersFrames".into();
            self.obj_mut(cf).file = None;
            m.insert("CallersFrames".into(), cf);
            // type MemStats struct { ... } (gc 1.19's fields, in order) and ReadMemStats.
            {
                let u64s = [
                    "Alloc", "TotalAlloc", "Sys", "Lookups", "Mallocs", "Frees", "HeapAlloc", "HeapSys", "HeapIdle",
                    "HeapInuse", "HeapReleased", "HeapObjects", "StackInuse", "StackSys", "MSpanInuse", "MSpanSys",
                    "MCacheInuse", "MCacheSys", "BuckHashSys", "GCSys", "OtherSys", "NextGC", "LastGC", "PauseTotalNs",
                ];
                let f = |name: &str, ty| crate::types::Field { name: name.into(), ty, embedded: false, tag: String::new(), pkg: "runtime".into() };
                let mut fields: Vec<crate::types::Field> = u64s.iter().map(|n| f(n, ids::UINT64)).collect();
                let a256 = self.types.intern(Type::Array(256, ids::UINT64));
                fields.push(f("PauseNs", a256));
                fields.push(f("PauseEnd", a256));
                fields.push(f("NumGC", ids::UINT32));
                fields.push(f("NumForcedGC", ids::UINT32));
                fields.push(f("GCCPUFraction", ids::FLOAT64));
                fields.push(f("EnableGC", ids::BOOL));
                fields.push(f("DebugGC", ids::BOOL));
                let size_class = self.types.intern(Type::Struct(vec![f("Size", ids::UINT32), f("Mallocs", ids::UINT64), f("Frees", ids::UINT64)]));
                let by_size = self.types.intern(Type::Array(61, size_class));
                fields.push(f("BySize", by_size));
                let st = self.types.intern(Type::Struct(fields));
                let mobj = self.new_object("MemStats", ObjKind::TypeName, ids::INVALID, rgo_syntax::Pos(0));
                self.obj_mut(mobj).file = None;
                let mt = self.types.new_named(mobj, "runtime.MemStats".into());
                self.types.named_info_mut(mt).unwrap().underlying = Some(st);
                self.obj_mut(mobj).ty = mt;
                m.insert("MemStats".into(), mobj);
                let mptr = self.types.intern(Type::Pointer(mt));
                let t = self.types.intern(Type::Func(Signature { params: vec![mptr], results: vec![], variadic: false }));
                let o = self.new_object("ReadMemStats", ObjKind::Func { recv: None }, t, rgo_syntax::Pos(0));
                self.obj_mut(o).link_name = "runtime.ReadMemStats".into();
                self.obj_mut(o).file = None;
                m.insert("ReadMemStats".into(), o);
                let v = self.new_object("MemProfileRate", ObjKind::Var { global: true, param: false }, ids::INT, rgo_syntax::Pos(0));
                self.obj_mut(v).link_name = "runtime.MemProfileRate".into();
                self.obj_mut(v).file = None;
                m.insert("MemProfileRate".into(), v);
            }
            // type Error interface { error; RuntimeError() }
            let eobj = self.new_object("Error", ObjKind::TypeName, ids::INVALID, rgo_syntax::Pos(0));
            self.obj_mut(eobj).file = None;
            let et = self.types.new_named(eobj, "runtime.Error".into());
            let err_sig = self.types.intern(Type::Func(Signature { params: vec![], results: vec![ids::STRING], variadic: false }));
            let rt_sig = self.types.intern(Type::Func(Signature { params: vec![], results: vec![], variadic: false }));
            let iface = self.types.intern(Type::Interface(vec![
                Method { name: "Error".into(), sig: err_sig },
                Method { name: "RuntimeError".into(), sig: rt_sig },
            ]));
            self.types.named_info_mut(et).unwrap().underlying = Some(iface);
            self.obj_mut(eobj).ty = et;
            m.insert("Error".into(), eobj);
            self.runtime_members = Some(m);
        }
        self.runtime_members.as_ref().unwrap()
    }

    /// `runtime.Name` in an expression.
    pub fn runtime_member(&mut self, e: &'a Expr, sel: &Ident) -> super::Operand<'a> {
        let Some(&o) = self.runtime_scope().get(&sel.name) else {
            self.error(sel.pos, format!("undefined: runtime.{}", sel.name));
            return super::Operand::invalid(e);
        };
        self.record_ident(sel.id, o);
        let obj = self.obj(o).clone();
        match obj.kind {
            ObjKind::Const(v) => super::Operand::new(e, Mode::Const(v), obj.ty),
            ObjKind::TypeName => super::Operand::new(e, Mode::Type, obj.ty),
            ObjKind::Var { .. } => super::Operand::new(e, Mode::Var, obj.ty),
            _ => super::Operand::new(e, Mode::Value, obj.ty),
        }
    }
}
