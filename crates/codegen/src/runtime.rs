//! The runtime functions compiled code calls, with their Cranelift signatures.
//! This table mirrors ARCHITECTURE.md's "Runtime functions called by compiled code";
//! the runtime exports each as `runtime.NAME` with `extern "C"`.

use cranelift_codegen::ir::{AbiParam, Signature, types};
use cranelift_codegen::isa::CallConv;

/// (name, params, results); I = i64, B = i8 (bool), F = f64.
const TABLE: &[(&str, &str, &str)] = &[
    ("printlock", "", ""),
    ("printunlock", "", ""),
    ("printstring", "II", ""),
    ("printint", "I", ""),
    ("printuint", "I", ""),
    ("printhex", "I", ""),
    ("printfloat", "F", ""),
    ("printcomplex", "FF", ""),
    ("printbool", "B", ""),
    ("printpointer", "I", ""),
    ("printeface", "II", ""),
    ("printslice", "III", ""),
    ("printsp", "", ""),
    ("printnl", "", ""),
    ("mallocgc", "IIB", "I"),
    ("newobject", "I", "I"),
    ("concatstring2", "IIII", "II"),
    ("cmpstring", "IIII", "I"),
    ("memequal", "III", "B"),
    ("intstring", "I", "II"),
    ("gopanic", "II", ""),
    ("memclr", "II", ""),
    ("memmove", "III", ""),
    ("bulkBarrierPreWrite", "II", ""),
    // Called only from the stack check emit.rs puts before every function.
    ("morestack", "", ""),
    ("panicBounds", "III", ""),
    ("panicBoundsU", "III", ""),
    ("panicSliceConvert", "II", ""),
    ("makeslice", "III", "I"),
    ("growslice", "IIIII", "II"),
    ("makemap", "II", "I"),
    ("mapaccess1", "III", "I"),
    ("mapaccess2", "III", "IB"),
    ("mapassign", "III", "I"),
    ("mapdelete", "III", ""),
    ("mapiterinit", "III", ""),
    ("mapiternext", "I", ""),
    ("makechan", "II", "I"),
    ("chansend1", "II", ""),
    ("chanrecv1", "II", ""),
    ("chanrecv2", "II", "B"),
    ("closechan", "I", ""),
    ("selectgo", "IIB", "IB"),
    ("newproc", "II", ""),
    ("slicebytetostring", "II", "II"),
    ("stringtoslicebyte", "II", "II"),
    ("stringtoslicerune", "II", "II"),
    ("slicerunetostring", "II", "II"),
    ("decoderune", "III", "II"),
    ("getitab", "IIB", "I"),
    ("panicdottypeE", "III", ""),
    ("panicdottypeI", "III", ""),
    ("efaceeq", "III", "B"),
    ("ifaceeq", "III", "B"),
    ("deferproc", "I", "I"),
    ("deferprocw", "I", "I"),
    ("deferreturn", "", ""),
    ("gorecover", "I", "II"),
    ("block", "", ""),
    ("callerinfo", "II", ""),
    ("funcfileline", "III", ""),
    ("framesnext", "II", "B"),
    ("panicIndex", "II", ""),
    ("panicdivide", "", ""),
    ("panicshift", "", ""),
];

/// The signature of runtime function `name`, if it is one compiled code may call.
pub fn signature(name: &str) -> Option<Signature> {
    let (_, params, results) = TABLE.iter().find(|(n, _, _)| *n == name)?;
    let mut sig = Signature::new(CallConv::SystemV);
    let ty = |c| match c {
        'I' => types::I64,
        'B' => types::I8,
        _ => types::F64,
    };
    sig.params.extend(params.chars().map(|c| AbiParam::new(ty(c))));
    sig.returns.extend(results.chars().map(|c| AbiParam::new(ty(c))));
    Some(sig)
}

/// Runtime functions that never return (calls to them end a block).
pub fn is_noreturn(name: &str) -> bool {
    matches!(name, "gopanic" | "panicIndex" | "panicdivide" | "panicshift" | "panicBounds" | "panicBoundsU" | "panicSliceConvert" | "panicdottypeE" | "panicdottypeI" | "block")
}
