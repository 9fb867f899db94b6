//! Builtin function calls: len, cap, print, println, panic, new, make, append, copy,
//! delete, complex, real, imag, close, recover, and package unsafe's functions.

use super::{Checker, Operand};
use crate::constant::Value;
use crate::info::Mode;
use crate::objects::{Builtin, ScopeId};
use crate::types::{BasicKind, Type, TypeId, ids};
use rgo_syntax::ast::Expr;

impl<'a> Checker<'a> {
    pub fn builtin(&mut self, scope: ScopeId, e: &'a Expr, b: Builtin, args: &'a [Expr], ddd: bool) -> Operand<'a> {
        let name = builtin_name(b);
        let nargs = args.len();
        let (min, max) = match b {
            Builtin::Len | Builtin::Cap | Builtin::Close | Builtin::Imag | Builtin::Real | Builtin::Panic | Builtin::New => (1, Some(1)),
            Builtin::UnsafeSizeof | Builtin::UnsafeAlignof | Builtin::UnsafeOffsetof => (1, Some(1)),
            Builtin::Complex | Builtin::Copy | Builtin::Delete | Builtin::UnsafeAdd | Builtin::UnsafeSlice => (2, Some(2)),
            Builtin::Make => (1, Some(3)),
            Builtin::Append => (1, None),
            Builtin::Print | Builtin::Println => (0, None),
            Builtin::Recover => (0, Some(0)),
        };
        if ddd && b != Builtin::Append {
            self.error(e.pos, format!("invalid operation: invalid use of ... with built-in {name}"));
            return Operand::invalid(e);
        }
        // append(f()) with f returning a slice and elements.
        if b == Builtin::Append && nargs == 1 && !ddd {
            let op = self.expr_multi(scope, &args[0]);
            if let Type::Tuple(ts) = self.types.get(op.ty).clone() {
                if ts.len() >= 2 {
                    let Type::Slice(elem) = *self.types.get(self.types.underlying(ts[0])) else {
                        self.error(args[0].pos, "invalid argument: first result is not a slice");
                        return Operand::invalid(e);
                    };
                    for t in &ts[1..] {
                        if !self.assignable(*t, elem) {
                            // An unpacked result is described by its call, as types2 does.
                            self.error(args[0].pos, format!("cannot use {} (value of type {}) as type {} in argument to append", self.expr_str(&args[0]), self.type_str(*t), self.type_str(elem)));
                        }
                    }
                    return Operand::new(e, Mode::Value, ts[0]);
                }
            }
        }
        // complex(f()) with f returning two values.
        if b == Builtin::Complex && nargs == 1 {
            let op = self.expr_multi(scope, &args[0]);
            if op.is_invalid() {
                return Operand::invalid(e);
            }
            if let Type::Tuple(ts) = self.types.get(op.ty).clone() {
                if ts.len() == 2 && self.types.identical(ts[0], ts[1]) {
                    let t = match self.types.basic(ts[0]) {
                        Some(BasicKind::Float32) => ids::COMPLEX64,
                        Some(BasicKind::Float64) => ids::COMPLEX128,
                        _ => {
                            self.error(args[0].pos, format!("invalid operation: complex({}) (arguments have type {}, expected floating-point)", self.expr_str(&args[0]), self.type_str(ts[0])));
                            return Operand::invalid(e);
                        }
                    };
                    return Operand::new(e, Mode::Value, t);
                }
            }
        }
        if nargs < min || max.is_some_and(|m| nargs > m) {
            let msg = if nargs < min { "not enough" } else { "too many" };
            let _ = name;
            // As types2, the arguments come first: an invalid one already has its
            // error, and the count is not reported on top of it.
            let mut bad = false;
            for a in args {
                bad |= self.expr_multi(scope, a).is_invalid();
            }
            if !bad {
                self.error(e.pos, format!("invalid operation: {msg} arguments for {} (expected {}, found {nargs})", self.expr_str(e), if nargs < min { min } else { max.unwrap() }));
            }
            return Operand::invalid(e);
        }
        match b {
            Builtin::Print | Builtin::Println => {
                // print(f()) with a multi-value f prints each result.
                if args.len() == 1 {
                    let op = self.expr_multi(scope, &args[0]);
                    if let Type::Tuple(ts) = self.types.get(op.ty) {
                        if !ts.is_empty() {
                            return Operand::new(e, Mode::NoValue, ids::VOID);
                        }
                    }
                    let mut op = op;
                    self.single_value(&mut op);
                    if !op.is_invalid() {
                        if op.ty == ids::UNTYPED_NIL {
                            self.error(args[0].pos, "use of untyped nil in argument to built-in print");
                        } else {
                            let d = self.default_type(op.ty);
                            self.assignment(&mut op, d, &format!("argument to built-in {name}"));
                        }
                    }
                    return Operand::new(e, Mode::NoValue, ids::VOID);
                }
                for a in args {
                    let mut op = self.expr(scope, a);
                    if op.is_invalid() {
                        continue;
                    }
                    if op.ty == ids::UNTYPED_NIL {
                        self.error(a.pos, "use of untyped nil in argument to built-in print");
                        continue;
                    }
                    let d = self.default_type(op.ty);
                    self.assignment(&mut op, d, &format!("argument to built-in {name}"));
                }
                Operand::new(e, Mode::NoValue, ids::VOID)
            }
            Builtin::Panic => {
                let mut op = self.expr(scope, &args[0]);
                self.assignment(&mut op, ids::EMPTY_INTERFACE, "argument to built-in panic");
                Operand::new(e, Mode::NoValue, ids::VOID)
            }
            Builtin::Recover => Operand::new(e, Mode::Value, ids::EMPTY_INTERFACE),
            Builtin::Len | Builtin::Cap => {
                // "len(a) is constant if a is an array and the expression contains no
                // function calls or channel receives" (types2's hasCallOrRecv).
                let outer = std::mem::replace(&mut self.has_call_or_recv, false);
                let mut op = self.expr(scope, &args[0]);
                let call_or_recv = self.has_call_or_recv;
                self.has_call_or_recv |= outer;
                if op.is_invalid() {
                    return Operand::invalid(e);
                }
                if self.types.is_untyped(op.ty) {
                    let d = self.default_type(op.ty);
                    self.convert_untyped(&mut op, d);
                }
                let u = self.types.underlying(op.ty);
                let u = match self.types.get(u) {
                    Type::Pointer(p) if matches!(self.types.get(self.types.underlying(*p)), Type::Array(..)) => self.types.underlying(*p),
                    _ => u,
                };
                let ok = match self.types.get(u) {
                    Type::Basic(k) => k.is_string() && b == Builtin::Len,
                    Type::Array(..) | Type::Slice(_) | Type::Chan(..) => true,
                    Type::Map(..) => b == Builtin::Len,
                    _ => false,
                };
                if !ok {
                    self.error(args[0].pos, format!("invalid argument: {} for {name}", self.operand_desc(&op)));
                    return Operand::invalid(e);
                }
                let cval = match (self.types.get(u), op.value()) {
                    (_, Some(Value::String(s))) => Some(Value::int(s.len() as i64)),
                    (Type::Array(n, _), _) if !call_or_recv => Some(Value::int(*n as i64)),
                    _ => None,
                };
                match cval {
                    Some(v) => Operand::new(e, Mode::Const(v), ids::INT),
                    None => Operand::new(e, Mode::Value, ids::INT),
                }
            }
            Builtin::New => {
                let t = self.type_expr(scope, &args[0]);
                if t == ids::INVALID {
                    return Operand::invalid(e);
                }
                let p = self.types.intern(Type::Pointer(t));
                Operand::new(e, Mode::Value, p)
            }
            Builtin::Make => {
                let t = self.type_expr(scope, &args[0]);
                if t == ids::INVALID {
                    return Operand::invalid(e);
                }
                if self.chan_elem_too_large(t) {
                    self.error(e.gc_pos(), "channel element type too large (>64kB)");
                }
                let (min, max) = match self.types.get(self.types.underlying(t)) {
                    Type::Slice(_) => (2, 3),
                    Type::Map(..) | Type::Chan(..) => (1, 2),
                    _ => {
                        self.error(args[0].pos, format!("invalid argument: cannot make {}; type must be slice, map, or channel", self.expr_str(&args[0])));
                        return Operand::invalid(e);
                    }
                };
                if nargs < min || nargs > max {
                    let msg = if nargs < min { format!("invalid operation: {} expects {} or {} arguments; found {}", self.expr_str(e), min, max, nargs) } else { format!("invalid operation: {} expects {} or {} arguments; found {}", self.expr_str(e), min, max, nargs) };
                    self.error(e.pos, msg);
                    return Operand::invalid(e);
                }
                let mut consts = vec![];
                for a in &args[1..] {
                    let v = self.size_arg(scope, a);
                    consts.push(v);
                }
                if consts.len() == 2 {
                    if let (Some(l), Some(c)) = (consts[0], consts[1]) {
                        if l > c {
                            self.error(args[1].pos, format!("invalid argument: length and capacity swapped"));
                        }
                    }
                }
                Operand::new(e, Mode::Value, t)
            }
            Builtin::Append => {
                let s = self.expr(scope, &args[0]);
                if s.is_invalid() {
                    for a in &args[1..] {
                        self.expr(scope, a);
                    }
                    return Operand::invalid(e);
                }
                let Type::Slice(elem) = *self.types.get(self.types.underlying(s.ty)) else {
                    if s.ty == ids::UNTYPED_NIL {
                        self.error(args[0].pos, "first argument to append must be a typed slice; found untyped nil");
                    } else {
                        self.error(args[0].pos, format!("invalid argument: {} is not a slice", self.operand_desc(&s)));
                    }
                    return Operand::invalid(e);
                };
                if ddd && nargs != 2 {
                    // types2 checks append's arguments as a call of
                    // func(S, ...T) S: the counts come out as for any call.
                    let st = self.types.intern(Type::Slice(elem));
                    let sig = crate::types::Signature { params: vec![s.ty, st], results: vec![s.ty], variadic: true };
                    let mut ops = vec![s.clone()];
                    for a in &args[1..] {
                        ops.push(self.expr(scope, a));
                    }
                    if ops.iter().any(|o| o.is_invalid()) {
                        return Operand::invalid(e);
                    }
                    let (qual, at) = if nargs > 2 { ("too many", args[2].pos) } else { ("not enough", args[nargs - 1].pos) };
                    let have: Vec<TypeId> = ops.iter().map(|o| o.ty).collect();
                    let msg = format!(
                        "{qual} arguments in call to append\n\thave {}\n\twant {}",
                        self.types_summary(&have, false),
                        self.types_summary(&sig.params, true)
                    );
                    self.error(at, msg);
                    return Operand::invalid(e);
                }
                if ddd {
                    let mut x = self.expr(scope, &args[1]);
                    if x.is_invalid() {
                        return Operand::invalid(e);
                    }
                    // append([]byte, string...) is allowed.
                    let is_bytes = self.types.canonical(elem) == ids::UINT8;
                    if is_bytes && self.types.basic(x.ty).is_some_and(|k| k.is_string()) {
                        if self.types.is_untyped(x.ty) {
                            self.convert_untyped(&mut x, ids::STRING);
                        }
                    } else {
                        let st = self.types.intern(Type::Slice(elem));
                        let target = if self.types.is_named(s.ty) { s.ty } else { st };
                        self.assignment(&mut x, target, "argument to append");
                    }
                } else {
                    for a in &args[1..] {
                        let mut x = self.expr(scope, a);
                        self.assignment(&mut x, elem, "argument to append");
                    }
                }
                Operand::new(e, Mode::Value, s.ty)
            }
            Builtin::Copy => {
                let d = self.expr(scope, &args[0]);
                let mut s = self.expr(scope, &args[1]);
                if d.is_invalid() || s.is_invalid() {
                    return Operand::invalid(e);
                }
                // types2: a string source counts as []byte; both must be slices with
                // identical element types. Reported at the first argument.
                let src_elem = match self.types.get(self.types.underlying(s.ty)) {
                    Type::Slice(se) => Some(*se),
                    Type::Basic(k) if k.is_string() => Some(ids::BYTE),
                    _ => None,
                };
                let (Type::Slice(de), Some(se)) = (self.types.get(self.types.underlying(d.ty)).clone(), src_elem) else {
                    self.error(args[0].pos, format!("invalid argument: copy expects slice arguments; found {} and {}", self.operand_desc(&d), self.operand_desc(&s)));
                    return Operand::invalid(e);
                };
                if !self.types.identical(de, se) {
                    self.error(args[0].pos, format!("invalid argument: arguments to copy {} and {} have different element types {} and {}", self.operand_desc(&d), self.operand_desc(&s), self.type_str(de), self.type_str(se)));
                    return Operand::invalid(e);
                }
                if self.types.is_untyped(s.ty) {
                    self.convert_untyped(&mut s, ids::STRING);
                }
                Operand::new(e, Mode::Value, ids::INT)
            }
            Builtin::Delete => {
                let m = self.expr(scope, &args[0]);
                let mut k = self.expr(scope, &args[1]);
                if m.is_invalid() {
                    return Operand::invalid(e);
                }
                let Type::Map(kt, _) = *self.types.get(self.types.underlying(m.ty)) else {
                    self.error(args[0].pos, format!("invalid argument: {} is not a map", self.operand_desc(&m)));
                    return Operand::invalid(e);
                };
                self.assignment(&mut k, kt, "argument to delete");
                Operand::new(e, Mode::NoValue, ids::VOID)
            }
            Builtin::Close => {
                let c = self.expr(scope, &args[0]);
                if c.is_invalid() {
                    return Operand::invalid(e);
                }
                match self.types.get(self.types.underlying(c.ty)) {
                    Type::Chan(d, _) => {
                        if *d == crate::types::ChanDir::Recv {
                            self.error(args[0].pos, format!("invalid operation: cannot close receive-only channel {}", self.operand_desc(&c)));
                        }
                    }
                    _ => {
                        self.error(args[0].pos, format!("invalid operation: cannot close non-channel {}", self.operand_desc(&c)));
                        return Operand::invalid(e);
                    }
                }
                Operand::new(e, Mode::NoValue, ids::VOID)
            }
            Builtin::Complex => {
                let mut re = self.expr(scope, &args[0]);
                let mut im = self.expr(scope, &args[1]);
                if re.is_invalid() || im.is_invalid() {
                    return Operand::invalid(e);
                }
                if !self.match_types(&mut re, &mut im) {
                    return Operand::invalid(e);
                }
                if let (Some(a), Some(b)) = (re.value(), im.value()) {
                    if let (Some(Value::Float(a)), Some(Value::Float(b))) = (a.to_rank(1), b.to_rank(1)) {
                        let t = match self.types.basic(re.ty) {
                            Some(BasicKind::Float32) => ids::COMPLEX64,
                            Some(BasicKind::Float64) => ids::COMPLEX128,
                            _ => ids::UNTYPED_COMPLEX,
                        };
                        return Operand::new(e, Mode::Const(Value::Complex(a, b)), t);
                    }
                }
                if self.types.is_untyped(re.ty) {
                    self.convert_untyped(&mut re, ids::FLOAT64);
                    self.convert_untyped(&mut im, ids::FLOAT64);
                }
                if re.is_invalid() || im.is_invalid() {
                    return Operand::invalid(e);
                }
                if !self.types.identical(re.ty, im.ty) {
                    self.error(args[0].pos, format!("invalid operation: {} (mismatched types {} and {})", self.expr_str(e), self.type_str(re.ty), self.type_str(im.ty)));
                    return Operand::invalid(e);
                }
                let t = match self.types.basic(self.types.underlying(re.ty)) {
                    Some(BasicKind::Float32) => ids::COMPLEX64,
                    Some(BasicKind::Float64) => ids::COMPLEX128,
                    _ => {
                        self.error(args[0].pos, format!("invalid argument: arguments have type {}, expected floating-point", self.type_str(re.ty)));
                        return Operand::invalid(e);
                    }
                };
                Operand::new(e, Mode::Value, t)
            }
            Builtin::Real | Builtin::Imag => {
                let mut x = self.expr(scope, &args[0]);
                if x.is_invalid() {
                    return Operand::invalid(e);
                }
                if let Some(v) = x.value() {
                    if let Some(Value::Complex(re, im)) = v.to_rank(2) {
                        let part = if b == Builtin::Real { re } else { im };
                        let t = match self.types.basic(x.ty) {
                            Some(BasicKind::Complex64) => ids::FLOAT32,
                            Some(BasicKind::Complex128) => ids::FLOAT64,
                            _ => ids::UNTYPED_FLOAT,
                        };
                        return Operand::new(e, Mode::Const(Value::Float(part)), t);
                    }
                }
                if self.types.is_untyped(x.ty) {
                    self.convert_untyped(&mut x, ids::COMPLEX128);
                }
                let t = match self.types.basic(x.ty) {
                    Some(BasicKind::Complex64) => ids::FLOAT32,
                    Some(BasicKind::Complex128) => ids::FLOAT64,
                    _ => {
                        self.error(args[0].pos, format!("invalid argument: {} must be of complex type", self.operand_desc(&x)));
                        return Operand::invalid(e);
                    }
                };
                Operand::new(e, Mode::Value, t)
            }
            Builtin::UnsafeSizeof | Builtin::UnsafeAlignof => {
                let mut x = self.expr(scope, &args[0]);
                if x.is_invalid() {
                    return Operand::invalid(e);
                }
                if self.types.is_untyped(x.ty) {
                    let d = self.default_type(x.ty);
                    self.convert_untyped(&mut x, d);
                }
                let v = if b == Builtin::UnsafeSizeof { self.types.size_of(x.ty) } else { self.types.align_of(x.ty) };
                Operand::new(e, Mode::Const(Value::int(v as i64)), ids::UINTPTR)
            }
            Builtin::UnsafeOffsetof => {
                let arg = super::expr::unparen(&args[0]);
                let rgo_syntax::ast::ExprKind::Selector { x, sel } = &arg.kind else {
                    self.error(args[0].pos, format!("invalid argument: {} is not a selector expression", self.expr_str(&args[0])));
                    return Operand::invalid(e);
                };
                let base = self.expr(scope, x);
                if base.is_invalid() {
                    return Operand::invalid(e);
                }
                let Some(s) = self.lookup_field_or_method(base.ty, &sel.name) else {
                    self.error(sel.pos, format!("{}.{} undefined", self.expr_str(x), sel.name));
                    return Operand::invalid(e);
                };
                // The field may not be reached through an embedded pointer.
                let mut through_ptr = false;
                {
                    let mut t = base.ty;
                    if let Type::Pointer(p) = self.types.get(self.types.underlying(t)) {
                        t = *p;
                    }
                    for &i in &s.path {
                        if let Type::Struct(fs) = self.types.get(self.types.underlying(t)).clone() {
                            t = fs[i as usize].ty;
                            if let Type::Pointer(p) = self.types.get(t) {
                                through_ptr = true;
                                t = *p;
                            }
                        }
                    }
                }
                if s.kind != crate::info::SelectionKind::Field || through_ptr {
                    self.error(arg.pos, format!("invalid argument: {} is a method value", self.expr_str(arg)));
                    return Operand::invalid(e);
                }
                // Offset through embedded (non-pointer) fields.
                let mut off = 0;
                let mut t = base.ty;
                if let Type::Pointer(p) = self.types.get(self.types.underlying(t)) {
                    t = *p;
                }
                for &i in s.path.iter().chain(std::iter::once(&s.index)) {
                    let offs = self.types.field_offsets(t);
                    off += offs.get(i as usize).copied().unwrap_or(0);
                    if let Type::Struct(fs) = self.types.get(self.types.underlying(t)) {
                        t = fs[i as usize].ty;
                    }
                }
                self.record(arg.id, s.ty, Mode::Var);
                self.selections.insert((self.file, arg.id), s);
                Operand::new(e, Mode::Const(Value::int(off as i64)), ids::UINTPTR)
            }
            Builtin::UnsafeAdd => {
                let mut p = self.expr(scope, &args[0]);
                self.assignment(&mut p, ids::UNSAFE_POINTER, "argument to unsafe.Add");
                self.size_arg(scope, &args[1]);
                Operand::new(e, Mode::Value, ids::UNSAFE_POINTER)
            }
            Builtin::UnsafeSlice => {
                let p = self.expr(scope, &args[0]);
                self.size_arg(scope, &args[1]);
                if p.is_invalid() {
                    return Operand::invalid(e);
                }
                let Type::Pointer(elem) = *self.types.get(self.types.underlying(p.ty)) else {
                    self.error(args[0].pos, format!("invalid argument: {} is not a pointer", self.operand_desc(&p)));
                    return Operand::invalid(e);
                };
                let t = self.types.intern(Type::Slice(elem));
                Operand::new(e, Mode::Value, t)
            }
        }
    }

    /// A size or length argument of make/unsafe: checked like an index (types2 uses
    /// the same check), untyped constants become int.
    fn size_arg(&mut self, scope: ScopeId, a: &'a Expr) -> Option<i64> {
        self.index_value(scope, a, None)
    }
}

pub fn builtin_name(b: Builtin) -> &'static str {
    match b {
        Builtin::Append => "append",
        Builtin::Cap => "cap",
        Builtin::Close => "close",
        Builtin::Complex => "complex",
        Builtin::Copy => "copy",
        Builtin::Delete => "delete",
        Builtin::Imag => "imag",
        Builtin::Len => "len",
        Builtin::Make => "make",
        Builtin::New => "new",
        Builtin::Panic => "panic",
        Builtin::Print => "print",
        Builtin::Println => "println",
        Builtin::Real => "real",
        Builtin::Recover => "recover",
        Builtin::UnsafeSizeof => "unsafe.Sizeof",
        Builtin::UnsafeAlignof => "unsafe.Alignof",
        Builtin::UnsafeOffsetof => "unsafe.Offsetof",
        Builtin::UnsafeAdd => "unsafe.Add",
        Builtin::UnsafeSlice => "unsafe.Slice",
    }
}

