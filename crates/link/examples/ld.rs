//! Developer tool: `cargo run -p rgo-link --example ld -- out a.s b.o lib.a ...`
//! assembles `.s` files with rgo-asm, links everything and writes `out`.
//! (Examples may do I/O; the library never does.)

use rgo_link::{Config, Input, InputKind, link};
use std::borrow::Cow;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (out, files) = args.split_first().expect("usage: ld OUT FILE...");
    let mut inputs = Vec::new();
    for f in files {
        let bytes = std::fs::read(f).unwrap_or_else(|e| panic!("{f}: {e}"));
        let (data, kind) = if f.ends_with(".s") {
            let src = String::from_utf8(bytes).unwrap();
            match rgo_asm::assemble(f, &src) {
                Ok(o) => (o, InputKind::Object),
                Err(ds) => {
                    for d in ds {
                        eprintln!("{d}");
                    }
                    std::process::exit(1);
                }
            }
        } else if bytes.starts_with(b"!<arch>\n") {
            (bytes, InputKind::Archive)
        } else {
            (bytes, InputKind::Object)
        };
        inputs.push(Input { name: f.clone(), data: Cow::Owned(data), kind });
    }
    match link(&inputs, &Config::default()) {
        Ok(exe) => {
            std::fs::write(out, exe).unwrap();
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(out, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
