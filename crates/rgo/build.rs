//! Builds the runtime archive (crates/runtime, a `#![no_std]` staticlib) for the
//! programs rgo produces, so the `rgo` command can embed it (src/runtime_files.rs).
//!
//! The runtime is its own workspace with its own profile (panic=abort); it is built
//! by a nested `cargo build` into OUT_DIR with the code-generation flags the rgo
//! linker expects, and the list of its Plan 9 assembly files is written to
//! OUT_DIR/runtime_asm.rs.
use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Flags for the runtime's code (joined with 0x1f for CARGO_ENCODED_RUSTFLAGS):
/// - static relocation model: a static EXEC image; avoids GOT-relative relocations in
///   our own code (the prebuilt `core` still has some R_X86_64_GOTPCREL(X), which the
///   linker handles);
/// - frame pointers: tracebacks will walk the RBP chain through runtime frames;
/// - small code model: the image fits in ±2 GB, so R_X86_64_PC32/PLT32/32S suffice.
const RUSTFLAGS: &[&str] = &[
    "-Crelocation-model=static",
    "-Cforce-frame-pointers=yes",
    "-Ccode-model=small",
];

/// The produced programs' target (the host, for now).
const TARGET: &str = "x86_64-unknown-linux-gnu";

fn main() {
    let manifest_dir = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    // RGO_RUNTIME_DIR builds the runtime from another copy of crates/runtime (for
    // example a snapshot of the last commit while the working copy is mid-edit).
    println!("cargo:rerun-if-env-changed=RGO_RUNTIME_DIR");
    let runtime = env::var_os("RGO_RUNTIME_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest_dir.join("../runtime"))
        .canonicalize()
        .expect("crates/runtime exists");
    let out_dir = PathBuf::from(env::var_os("OUT_DIR").expect("OUT_DIR"));
    let cargo = env::var_os("CARGO").unwrap_or_else(|| "cargo".into());

    println!("cargo:rerun-if-changed={}", runtime.join("src").display());
    println!("cargo:rerun-if-changed={}", runtime.join("asm").display());
    println!("cargo:rerun-if-changed={}", runtime.join("Cargo.toml").display());
    println!("cargo:rerun-if-changed={}", runtime.join("Cargo.lock").display());

    let target_dir = out_dir.join("runtime-target");
    let mut cmd = Command::new(&cargo);
    cmd.arg("build")
        .arg("--release")
        .arg("--offline")
        .arg("--locked")
        .arg("--manifest-path")
        .arg(runtime.join("Cargo.toml"))
        .arg("--target")
        .arg(TARGET)
        .arg("--target-dir")
        .arg(&target_dir);
    // The outer build's settings must not leak into the runtime's: its own flags, its
    // own target dir, target and profile, no clippy/workspace wrapper. (RUSTC_WRAPPER,
    // e.g. sccache, and the jobserver in CARGO_MAKEFLAGS are harmless and kept.)
    for var in [
        "RUSTFLAGS",
        "CARGO_BUILD_RUSTFLAGS",
        "CARGO_TARGET_DIR",
        "CARGO_BUILD_TARGET",
        "CARGO_BUILD_TARGET_DIR",
        "CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_RUSTFLAGS",
        "RUSTC_WORKSPACE_WRAPPER",
        "CARGO_PROFILE_RELEASE_PANIC",
        "CARGO_PROFILE_RELEASE_LTO",
        "CARGO_PROFILE_RELEASE_OPT_LEVEL",
        "CARGO_PROFILE_RELEASE_DEBUG",
        "CARGO_PROFILE_RELEASE_CODEGEN_UNITS",
        "CARGO_PROFILE_RELEASE_STRIP",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("CARGO_ENCODED_RUSTFLAGS", RUSTFLAGS.join("\x1f"));

    let status = cmd.status().expect("running cargo for crates/runtime");
    if !status.success() {
        panic!("building crates/runtime failed ({status})");
    }

    let archive = target_dir.join(TARGET).join("release").join("librgo_runtime.a");
    fs::copy(&archive, out_dir.join("librgo_runtime.a")).expect("copying librgo_runtime.a");

    write_asm_list(&runtime.join("asm"), &out_dir.join("runtime_asm.rs"));
}

/// Writes `&[(name, include_str!(path)), …]` for every asm/*.s, sorted by name.
fn write_asm_list(asm_dir: &Path, out: &Path) {
    let mut files: Vec<PathBuf> = fs::read_dir(asm_dir)
        .expect("reading crates/runtime/asm")
        .map(|e| e.expect("reading crates/runtime/asm").path())
        .filter(|p| p.extension().is_some_and(|e| e == "s"))
        .collect();
    files.sort();
    let mut src = String::from("&[\n");
    for p in &files {
        let name = p.file_name().unwrap().to_str().expect("UTF-8 asm file name");
        src.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            p.to_str().expect("UTF-8 path")
        ));
    }
    src.push_str("]\n");
    fs::write(out, src).expect("writing runtime_asm.rs");
}
