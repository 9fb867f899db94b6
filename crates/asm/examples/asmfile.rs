//! Developer tool: `cargo run -p rgo-asm --example asmfile -- in.s out.o [package]`.
//! (Examples may do I/O; the library never does.)

fn main() {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let src = std::fs::read_to_string(&a[0]).unwrap();
    let opts = rgo_asm::Options { package: a.get(2).cloned() };
    match rgo_asm::assemble_with(&a[0], &src, &opts) {
        Ok(o) => std::fs::write(&a[1], o).unwrap(),
        Err(ds) => {
            for d in ds {
                eprintln!("{d}");
            }
            std::process::exit(1);
        }
    }
}
